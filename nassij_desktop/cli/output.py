"""What a command prints: rows as an aligned table, CSV or JSON, and lines of text.

Everything printed goes through here, because stored text may come from an older file that
nothing cleaned. A terminal obeys the control characters it receives (ESC starts the
sequences that recolour, move the cursor, retitle the window or write a link) and a bidi
override reverses what follows it on the line: in a table or a line they are shown as
U+FFFD, and isolates are dropped (a terminal line cannot keep them balanced). JSON keeps the
exact text, written as \\u escapes. CSV cells that a spreadsheet would read as a formula
(=, +, -, @, tab or CR first) get a leading quote, unless they are a plain number (OWASP's
rule against CSV injection).
"""

from __future__ import annotations

import csv
import json
import operator
import re
import sys
import unicodedata
from collections.abc import Sequence
from json.encoder import encode_basestring as _encode_string
from typing import Any

from nassij_desktop.core.common.csv_cells import guard_formula

PLACEHOLDER = "\ufffd"

_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# Controls (C0, DEL, C1), lone surrogates (undecodable bytes), bidi embeddings and overrides.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e]")
_UNSAFE_IN_CSV = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e]")
_ISOLATES = re.compile("[\u2066-\u2069]")
# Left raw by json.dumps(ensure_ascii=False), yet read by a terminal: DEL, C1 controls, lone
# surrogates, bidi marks, embeddings, overrides and isolates.
_JSON_ESCAPED = re.compile("[\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_text(value: object) -> str:
    """`value` as text that cannot drive a terminal, on one line."""
    text = "" if value is None else str(value)
    text = _LINE_BREAKS.sub(" ", text).replace("\n", " ").replace("\t", " ")
    return _ISOLATES.sub("", _UNSAFE.sub(PLACEHOLDER, text))


def csv_cell(value: object) -> str:
    """`value` as a CSV cell: no control character but line breaks and tabs, and no formula."""
    text = "" if value is None else str(value)
    return guard_formula(_UNSAFE_IN_CSV.sub(PLACEHOLDER, _LINE_BREAKS.sub("\n", text)))


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def say(message: str) -> None:
    """Print one line of output (a message that may hold stored text)."""
    print(terminal_text(message))


def warn(message: str) -> None:
    """Print one line on stderr (what a script should see but not parse as output)."""
    print(terminal_text(message), file=sys.stderr)


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def print_rows(headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> None:
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    if fmt == "json":
        text = _json_rows(headers, cells)
        # Only inside strings can these characters be: escaping them keeps the JSON exact.
        sys.stdout.write(_JSON_ESCAPED.sub(_json_escape, text) + "\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([csv_cell(h) for h in headers])
        writer.writerows([csv_cell(v) for v in row] for row in cells)
    else:
        table = [
            [terminal_text(h) for h in headers],
            *([terminal_text(v) for v in r] for r in cells),
        ]
        widths = [max(_width(row[i]) for row in table) for i in range(len(headers))]
        for row in table:
            print(
                "  ".join(
                    v + " " * (w - _width(v)) for v, w in zip(row, widths, strict=True)
                ).rstrip()
            )


def _json_rows(headers: Sequence[str], cells: list[list[str]]) -> str:
    """`json.dumps` of the rows as objects (ensure_ascii off, indent 2), written here with
    json's C string encoder: an indented dump runs json's pure-Python encoder, which took
    0.8 s of a 4 500-line search's 1.2 s, on a loaded machine."""
    width = len(headers)
    if not cells or not width or len(set(headers)) != width or any(len(r) != width for r in cells):
        rows = [dict(zip(headers, row, strict=True)) for row in cells]
        return json.dumps(rows, ensure_ascii=False, indent=2)
    keys = [f"    {_encode_string(h)}: " for h in headers]
    objects = [",\n".join(map(operator.add, keys, map(_encode_string, row))) for row in cells]
    return "[\n  {\n" + "\n  },\n  {\n".join(objects) + "\n  }\n]"


def print_json(value: object) -> None:
    """Print `value` as JSON (ensure_ascii off), with what a terminal would obey escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_ESCAPED.sub(_json_escape, text) + "\n")
