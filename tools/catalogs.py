"""Maintain the gettext catalogs.

python tools/catalogs.py update            # extract msgids, merge them into ar/fr .po
python tools/catalogs.py fill FILE.tsv     # add translations: msgid<TAB>ar<TAB>fr per line
python tools/catalogs.py missing           # list msgids lacking an Arabic or French translation

A message with a context (msgctxt: `pgettext`, `pgettext_in`, and the feminine form of an `NG_`
label, whose context is "feminine") is written msgctxt<TAB>msgid<TAB>ar<TAB>fr in a TSV, and
`missing` prints it as lang<TAB>msgctxt<TAB>msgid.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "nassij.pot"
LANGS = ("ar", "fr")
LANG_NAMES = {"ar": "Arabic", "fr": "French"}
KEYWORDS = {
    "_": None,
    "N_": None,
    "NG_": None,
    "ngettext": (1, 2),
    "translate_in": (2,),
    "pgettext": ((1, "c"), 2),
    "pgettext_in": ((2, "c"), 3),
}
# An NG_ label is extracted a second time, with this context, for its feminine form
# (nassij_desktop/i18n/catalog.py).
GENDERED = {"NG_": None}
FEMININE = "feminine"


def po_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "nassij.po"


def extract() -> Catalog:
    template = Catalog(project="Nassij Desktop", msgid_bugs_address="", fuzzy=False)
    method_map = [("**.py", "python")]
    for keywords, feminine in ((KEYWORDS, False), (GENDERED, True)):
        found = extract_from_dir(
            str(ROOT / "nassij_desktop"),
            method_map,
            keywords=keywords,
            comment_tags=("TRANSLATORS:",),
        )
        for filename, lineno, message, comments, context in found:
            template.add(
                message,
                locations=[(f"nassij_desktop/{filename}", lineno)],
                auto_comments=comments,
                context=FEMININE if feminine else context,
            )
    return template


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(
            f,
            catalog,
            width=100,
            omit_header=False,
            sort_output=True,
            include_previous=False,
            ignore_obsolete=True,
        )


def update() -> None:
    template = extract()
    write(POT, template)
    for lang in LANGS:
        path = po_path(lang)
        catalog = read(path, lang) if path.exists() else Catalog(locale=lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        catalog.project, catalog.version = "Nassij Desktop", ""
        catalog.header_comment = f"# {LANG_NAMES[lang]} catalog of Nassij Desktop.\n#"
        write(path, catalog)
    print(f"{len(template)} messages")


def fill(tsv: Path) -> None:
    catalogs = {lang: read(po_path(lang), lang) for lang in LANGS}
    added = 0
    for number, line in enumerate(tsv.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) == 3:
            context, (msgid, ar, fr) = None, parts
        elif len(parts) == 4:
            context, msgid, ar, fr = parts
        else:
            sys.exit(f"{tsv}:{number}: expected [msgctxt<TAB>]msgid<TAB>ar<TAB>fr")
        for lang, text in (("ar", ar), ("fr", fr)):
            message = catalogs[lang].get(msgid, context=context)
            if message is None:
                continue  # no longer in the code
            if isinstance(message.id, (list, tuple)):
                # A message with a count: its forms separated by "||", in the order of the
                # catalog's Plural-Forms header — Arabic: 0, 1, 2, 3-10, x00-x02 (100, 101…:
                # "عضو"), then 11-99 ("عضوا"; Babel 2.19's own rule has these last two the
                # other way round); French: 0-1, more.
                forms = tuple(f.strip() for f in text.split("||"))
                if len(forms) != catalogs[lang].num_plurals:
                    sys.exit(f"{tsv}:{number}: {lang} needs {catalogs[lang].num_plurals} forms")
                message.string = forms
            else:
                message.string = text
            message.flags.discard("fuzzy")
            added += 1
    for lang, catalog in catalogs.items():
        write(po_path(lang), catalog)
    print(f"{added} translations set")


def missing() -> list[tuple[str, str]]:
    """(lang, message) of every message lacking a translation; a message with a context is
    written msgctxt<TAB>msgid."""
    gaps = []
    for lang in LANGS:
        for message in read(po_path(lang), lang):
            forms = (
                message.string if isinstance(message.string, (list, tuple)) else [message.string]
            )
            if message.id and (not all(forms) or message.fuzzy):
                context = f"{message.context}\t" if message.context else ""
                msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
                gaps.append((lang, f"{context}{msgid}"))
    return gaps


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "update"
    if command == "update":
        update()
    elif command == "fill":
        fill(Path(sys.argv[2]))
    elif command == "missing":
        for lang, msgid in missing():
            print(f"{lang}\t{msgid}")
    else:
        sys.exit(__doc__)
