"""The one rule for a CSV cell a spreadsheet would run: text starting with `=`, `+`, `-`, `@`,
a tab or a carriage return is read as a formula (CSV injection), so it gets a leading quote,
unless it is a plain number. Used by the command line's CSV, the exports and the audit log's
export."""

from __future__ import annotations

import re

FORMULA_START = frozenset("=+-@\t\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
# A number written with its digits grouped by spaces ("+212 6 12 34 56 78", "-1 250,50").
_GROUPED_NUMBER = re.compile(r"[+-]?[0-9][0-9 ]*(?:[.,][0-9]*)?")


def guard_formula(text: str, *, grouped_digits: bool = False) -> str:
    """`text` with a leading quote if a spreadsheet would read it as a formula; a plain number
    (with its digits grouped by spaces too, when `grouped_digits`) is left as it is."""
    number = _GROUPED_NUMBER if grouped_digits else _PLAIN_NUMBER
    if text[:1] in FORMULA_START and not number.fullmatch(text):
        return "'" + text
    return text
