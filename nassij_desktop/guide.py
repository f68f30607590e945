"""Where the user guide is, and its chapters in order, in each language (plain Python).

The guide is Markdown written in the repository under `docs/guide/<lang>/NN-slug.md` (one
`# Title` line first, then CommonMark: headings, paragraphs, lists, bold, italic, code, links
to other chapters, `images/NAME.png`, simple tables; see docs/ARCHITECTURE.md, "The user
guide"). The wheel and the PyInstaller bundle carry it as `nassij_desktop/resources/guide/`
(pyproject's `force-include`, packaging/nassij.spec's `datas`); an editable install and the
tests read the repository's `docs/guide/`.

A chapter missing in one language is taken from the French guide, else the Arabic one, so a
chapter written in one language first is still listed (and its `lang` says which it is).
The help window (`ui/help/guide_window.py`) and the PDF (`reports/guide/user_guide.py`) both
read the guide through here.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from nassij_desktop.paths import resource

GUIDE_LANGUAGES = ("ar", "fr")
FALLBACK = ("fr", "ar")  # a chapter missing in the reader's language
_CHAPTER = re.compile(r"^\d\d-[a-z0-9-]+\.md$")


@dataclass(frozen=True)
class Chapter:
    key: str  # "03-members": the file's name without ".md", the same in every language
    title: str  # its first "# " line (the key when it has none)
    path: Path
    lang: str  # the language it is written in (another than asked when it was missing)


def guide_root() -> Path:
    """The folder holding `ar/` and `fr/`: `NASSIJ_GUIDE_DIR` if set (tests), the bundled
    copy, else the repository's."""
    override = os.environ.get("NASSIJ_GUIDE_DIR")
    if override:
        return Path(override)
    bundled = resource("guide")
    if bundled.is_dir():
        return bundled
    return Path(__file__).resolve().parent.parent / "docs" / "guide"


def chapter_title(path: Path) -> str:
    """The text of the chapter's first `# ` line (its file name when there is none)."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("# "):
                return line[2:].strip()
    return path.stem


def chapters(lang: str, root: Path | None = None) -> list[Chapter]:
    """Every chapter of the guide, in order, in `lang` where it exists (else French, else
    Arabic)."""
    root = root or guide_root()
    found: dict[str, dict[str, Path]] = {}
    for language in GUIDE_LANGUAGES:
        folder = root / language
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if _CHAPTER.match(path.name):
                found.setdefault(path.stem, {})[language] = path
    listed = []
    for key in sorted(found):
        for language in (lang, *FALLBACK):
            if language in found[key]:
                path = found[key][language]
                listed.append(Chapter(key, chapter_title(path), path, language))
                break
    return listed


def chapter(key: str, lang: str, root: Path | None = None) -> Chapter | None:
    """The chapter `key` ("03-members"), as `chapters` would list it; None if there is none."""
    return next((c for c in chapters(lang, root) if c.key == key), None)


def heading_anchor(text: str) -> str:
    """The anchor a heading gets (`[…](05-books.md#the-anchor)`), as GitHub makes it: lower
    case, punctuation dropped, spaces as hyphens; Arabic letters are kept."""
    text = text.strip().lower()
    kept = [
        char for char in text if char in " -_" or unicodedata.category(char)[0] in ("L", "N", "M")
    ]
    return "".join(kept).replace(" ", "-")
