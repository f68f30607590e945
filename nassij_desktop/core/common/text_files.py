"""The text of a CSV file as people's spreadsheets save it: its encoding and its separator.

UTF-8 (a BOM is dropped), else Windows-1256 when the bytes read as Arabic words, else Latin-1
(French accents, which Windows-1256 shares). Separated by semicolons, tabs or commas: the one
that cuts the most sample lines into the same number of columns. Used by the bank statements
(core/books/bank_statements.py) and the imports (core/imports/reading.py).
"""

from __future__ import annotations

import csv
import itertools
import re
from collections import Counter
from collections.abc import Sequence

DELIMITERS = (";", "\t", ",")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def decode_text(content: bytes) -> tuple[str, str]:
    """(text, encoding name): "utf-8-sig", "utf-8", "windows-1256" or "latin-1"."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    arabic = content.decode("cp1256", errors="replace")
    # Latin-1's capitals with accents (É, Ç…) are Arabic letters in Windows-1256, alone
    # inside Latin words; Arabic text has them side by side.
    paired = sum(1 for a, b in itertools.pairwise(arabic) if _ARABIC.match(a) and _ARABIC.match(b))
    alone = sum(
        1
        for a, b in itertools.pairwise(arabic)
        if (_ARABIC.match(a) and b.isascii() and b.isalpha())
        or (_ARABIC.match(b) and a.isascii() and a.isalpha())
    )
    if paired > alone:
        return arabic, "windows-1256"
    return content.decode("latin-1"), "latin-1"


def sniff_delimiter(sample: Sequence[str], *, min_columns: int = 2, default: str = ";") -> str:
    """The separator that cuts the most sample lines into the same number (at least
    `min_columns`) of columns: a semicolon file's decimal commas give ragged rows when cut at
    commas."""
    best, best_score = default, -1
    for delimiter in DELIMITERS:
        counts = Counter(len(r) for r in csv.reader(sample, delimiter=delimiter) if any(r))
        width, rows = max(counts.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
        score = rows if width >= min_columns else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best
