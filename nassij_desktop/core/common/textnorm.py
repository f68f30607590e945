"""Search normalisation of names in Arabic and Latin script.

Arabic: hamza forms of alef (أ إ آ ٱ) → ا, ؤ → و, ئ → ي, taa marbuta ة → ه, alef maqsura ى → ي,
diacritics (harakat, shadda, sukun, superscript alef) and tatweel removed.
Latin: lower case, accents removed, spaces, hyphens and apostrophes removed inside a name, so
"Ben Ali", "Ben-Ali" and "benali" are one key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ARABIC_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ة": "ه",
        "ى": "ي",
        "ـ": None,  # tatweel
        # Persian/Urdu look-alikes typed on some keyboards
        "ک": "ك",
        "ی": "ي",
        "ۀ": "ه",
    }
)
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_JOINERS = re.compile("[\\s\\-\u2010-\u2015'’`ʼ.\u200c-\u200f\u2066-\u2069]+")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# What a search box may receive but no name holds: controls (NUL, ESC…; tab and line breaks
# are spaces to `split`), lone surrogates, zero-width space and word joiner, bidi embeddings
# and overrides, BOM, soft hyphen.
_QUERY_JUNK = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\u200b\u2060\u202a-\u202e\ufeff\xad]"
)


@lru_cache(maxsize=16_384)  # names repeat: an import or a demo normalises the same few hundred
def normalise_word(text: str) -> str:
    """One search key for a name or a query token: no spaces, no marks, one case."""
    if text.isascii():  # the same key without the Unicode passes (numbers, phones, e-mails)
        return _JOINERS.sub("", text.lower())
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_MAP).translate(_DIGITS)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    latin = "".join(c for c in decomposed if not unicodedata.combining(c))
    # NFKD splits Arabic letters with hamza again: recompose and map once more.
    latin = unicodedata.normalize("NFKC", latin).translate(_ARABIC_MAP)
    return _JOINERS.sub("", latin)


def normalise_query(text: str) -> list[str]:
    """The tokens of a search box entry; every token must match (AND). Characters no name
    holds are dropped: a query of nothing else is an empty query (everyone)."""
    parts = _QUERY_JUNK.sub("", text).split()
    return [token for token in (normalise_word(part) for part in parts) if token]


def search_key(*fields: str | None) -> str:
    """The stored search text: each non-empty field normalised, separated by spaces."""
    return " ".join(key for key in (normalise_word(f) for f in fields if f) if key)
