"""Sheets written as an XLSX workbook (`core/books/xlsx_writer.py`: a row at a time, dates and
amounts as real cells) or as CSV files (UTF-8 with a BOM, which Excel needs to read Arabic;
ISO dates, amounts with a point and two decimals; no cell a spreadsheet would take for a
formula)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.books.xlsx_writer import SheetLayout, Value, write_workbook
from nassij_desktop.core.common.csv_cells import guard_formula
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.exports.tables import Cell, Sheet
from nassij_desktop.i18n import N_, translate_in

_YES, _NO = N_("Yes"), N_("No")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Counted:
    """The rows of a sheet, counted as they pass."""

    def __init__(self, rows: Iterator[Sequence[Cell]]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[Sequence[Cell]]:
        for row in self.rows:
            self.count += 1
            yield row


def _xlsx_value(value: Cell, yes: str, no: str) -> Value:
    if value is True:
        return yes
    if value is False:
        return no
    return value


def _xlsx_rows(
    header: list[str], rows: _Counted, lang: str
) -> Iterator[tuple[Sequence[Value], bool]]:
    yes, no = translate_in(lang, _YES), translate_in(lang, _NO)
    yield header, True
    for row in rows:
        yield [_xlsx_value(v, yes, no) for v in row], False


def write_xlsx_file(
    session: Session, actor: Actor, sheets: Sequence[Sheet], path: Path, lang: str
) -> dict[str, int]:
    """Write `sheets` (those the actor may read) to `path`, headers bold and frozen, right to
    left in Arabic; return each written sheet's row count by its key."""
    counted: dict[str, _Counted] = {}
    parts = []
    for sheet in sheets:
        if not sheet.may(actor):
            continue
        rows = counted[sheet.key] = _Counted(sheet.read(session, actor, lang))
        layout = SheetLayout(
            sheet.title(lang),
            right_to_left=lang == "ar",
            frozen=(0, 1),
            widths=dict.fromkeys(range(1, len(sheet.headers) + 1), 18),
        )
        parts.append((layout, _xlsx_rows(sheet.header_row(lang), rows, lang)))
    write_workbook(path, parts)
    return {key: rows.count for key, rows in counted.items()}


def csv_text(value: Cell, lang: str) -> str:
    """A cell as CSV text: ISO dates, amounts with a point, Yes/No in `lang`."""
    if value is None:
        return ""
    if value is True or value is False:
        return translate_in(lang, _YES if value else _NO)
    if isinstance(value, dt.date):
        return (
            value.isoformat()[:10]
            if not isinstance(value, dt.datetime)
            else value.date().isoformat()
        )
    if isinstance(value, Decimal | int):
        return str(value)
    return guard_formula(_CONTROL.sub("", str(value)), grouped_digits=True)


def write_csv_file(session: Session, actor: Actor, sheet: Sheet, path: Path, lang: str) -> int:
    """Write one sheet to `path` as CSV (UTF-8 with a BOM); return its row count."""
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(sheet.header_row(lang))
        for row in sheet.read(session, actor, lang):
            writer.writerow([csv_text(v, lang) for v in row])
            count += 1
    return count
