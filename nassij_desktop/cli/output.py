"""Printing rows as an aligned table, CSV or JSON."""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def print_rows(headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str) -> None:
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    if fmt == "json":
        json.dump(
            [dict(zip(headers, row, strict=True)) for row in cells],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        sys.stdout.write("\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(cells)
    else:
        widths = [max([_width(h), *(_width(r[i]) for r in cells)]) for i, h in enumerate(headers)]
        for row in [list(headers), *cells]:
            print(
                "  ".join(
                    v + " " * (w - _width(v)) for v, w in zip(row, widths, strict=True)
                ).rstrip()
            )
