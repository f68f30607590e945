"""A person's name as a reader sees it: one rule for screens, documents and the command line.

People carry their names in both scripts (Arabic and Latin, as on the CIN), either of which
may be missing. The reader's language picks the script: an Arabic reader gets the Arabic name,
else the Latin one; a French (or English) reader the Latin name, else the Arabic one. Within
a script the first name comes first ("Ahmed Alaoui", as on a receipt or in a sentence), or the
family name first ("Alaoui Ahmed", as registers and lists for the authorities have it).

A name of the other script inside a sentence is isolated (`in_sentence`) so that it keeps its
own order: a Latin name inside Arabic text, an Arabic name inside French text.

Names are put in order by `sort_name`, the one sort key of screens and documents: the name the
reader sees, family name first, folded as the search folds it (core/common/textnorm.py), so
that آيت، أحمد، إدريس، الإدريسي، ابراهيم are one block of alef words, and "Élise", "elise" and
"ELISE" sort together. The members list orders by the keys stored with each member
(`Member.sort_name_ar`, `sort_name_lat`, kept by the member services); a document that sorts
people it has read sorts by the same function.
"""

from __future__ import annotations

import re

from nassij_desktop.core.common.textnorm import normalise_word
from nassij_desktop.i18n.formatting import isolate

__all__ = [
    "display_name",
    "has_arabic",
    "in_sentence",
    "join_names",
    "other_script_name",
    "reader_name",
    "sort_name",
]

# Arabic, Arabic Supplement, Arabic Presentation Forms-A and -B.
ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")


def has_arabic(text: str) -> bool:
    return ARABIC_LETTER.search(text) is not None


def join_names(first: str | None, last: str | None, *, family_first: bool = False) -> str:
    """First and family name of one script, joined with a space (either may be missing)."""
    # Called for every line of a 20 000-member sheet: no generator, no join.
    one, two = (last, first) if family_first else (first, last)
    if one and two:
        return f"{one} {two}"
    return one or two or ""


def reader_name(lang: str, arabic: str | None, latin: str | None) -> str:
    """Of a name written in both scripts, the one the reader of `lang` reads: Arabic for an
    Arabic reader (Latin when there is no Arabic), Latin for the others (else Arabic)."""
    if lang == "ar":
        return arabic or latin or ""
    return latin or arabic or ""


def other_script_name(lang: str, arabic: str | None, latin: str | None) -> str:
    """The name in the script the reader of `lang` does not read first, or "" when the name
    is not known in both scripts (it would only repeat `reader_name`)."""
    mine, other = (arabic, latin) if lang == "ar" else (latin, arabic)
    return (other or "") if mine else ""


def in_sentence(text: str, lang: str) -> str:
    """`text` ready to sit in a sentence of `lang`: isolated when written in the other script
    (a Latin name or reference inside Arabic, an Arabic name inside French)."""
    if not text:
        return text
    if lang == "ar" and not has_arabic(text):
        return isolate(text, "ltr")
    if lang != "ar" and has_arabic(text):
        return isolate(text, "rtl")
    return text


def display_name(
    lang: str,
    first_ar: str | None,
    last_ar: str | None,
    first_lat: str | None,
    last_lat: str | None,
    *,
    family_first: bool = False,
    isolated: bool = False,
) -> str:
    """A person's name for the reader of `lang` (see the module's rule). `isolated`: for a
    name placed inside text of `lang`, a name of the other script is isolated."""
    name = reader_name(
        lang,
        join_names(first_ar, last_ar, family_first=family_first),
        join_names(first_lat, last_lat, family_first=family_first),
    )
    return in_sentence(name, lang) if isolated else name


def sort_name(
    lang: str,
    first_ar: str | None,
    last_ar: str | None,
    first_lat: str | None,
    last_lat: str | None,
) -> str:
    """The key that puts people in order for the reader of `lang`: of the name that reader
    sees (`reader_name`'s rule: Arabic, else Latin, for an Arabic reader), the family name
    then the first name, each folded as the search folds a name (`normalise_word`: alef and
    hamza forms, taa marbuta, alef maqsura, diacritics and tatweel; case and accents; spaces
    and hyphens inside a name), joined by a space, which sorts before any letter: "Ali Zaki"
    before "Alia Ben". Keys compare by code point (Python, SQLite; PostgreSQL with the "C"
    collation of the stored keys), which is the alphabetical order of the folded letters."""
    names = (last_ar, first_ar) if lang == "ar" else (last_lat, first_lat)
    if not any(names):
        names = (last_lat, first_lat) if lang == "ar" else (last_ar, first_ar)
    last, first = names
    return f"{normalise_word(last or '')} {normalise_word(first or '')}"
