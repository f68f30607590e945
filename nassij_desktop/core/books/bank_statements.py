"""Reading a bank statement file (CSV or XLSX) as the Moroccan banks export it.

A statement has a header row naming its columns — date, label, debit, credit and balance, or
one signed amount instead of debit and credit — after a few lines about the account, which
are skipped. A CSV file may be UTF-8 (with or without BOM), Windows-1256 or Latin-1, separated
by semicolons, commas or tabs: all are detected. Dates are day/month/year; amounts are written
"12 000,00", "12000.00" or "-1.234,50".

The file is read whole or refused: every bad row is named by its line number, its field and
the reason, so that the treasurer fixes the file, and nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.text_files import decode_text, sniff_delimiter
from nassij_desktop.core.common.validators import parse_date, parse_money
from nassij_desktop.i18n import N_, _

Cell = str | int | float | Decimal | dt.date | dt.datetime | None

# Header words, without accents and case-folded; a column is recognised when its title
# contains one of them. The first date column is the operation date (a value date follows).
_HEADERS: dict[str, tuple[str, ...]] = {
    "date": ("date", "التاريخ", "تاريخ"),
    "label": ("libelle", "designation", "description", "operation", "label", "البيان", "العملية"),
    "debit": ("debit", "retrait", "sortie", "مدين", "الخصم"),
    "credit": ("credit", "versement", "entree", "دائن", "الإضافة"),
    "amount": ("montant", "amount", "المبلغ"),
    "balance": ("solde", "balance", "الرصيد"),
}
FIELD_LABELS = {
    "date": N_("date"),
    "label": N_("label"),
    "debit": N_("debit"),
    "credit": N_("credit"),
    "amount": N_("amount"),
    "balance": N_("balance"),
}
_TOTAL_WORDS = ("total", "solde", "المجموع", "الرصيد")
_LABEL_LENGTH = 300


@dataclass(frozen=True)
class StatementRow:
    """A line of the statement: `debit` is money out of the account, `credit` money in."""

    line: int  # in the file, from 1
    day: dt.date
    label: str
    debit: Decimal
    credit: Decimal
    balance: Decimal | None


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str
    reason: str

    def text(self) -> str:
        return _("Line {line}, {field}: {reason}").format(
            line=self.line, field=_(FIELD_LABELS.get(self.field, self.field)), reason=self.reason
        )


class StatementFileError(ValidationError):
    """The file is refused; `problems` names each bad row (the message lists them all)."""

    def __init__(self, problems: Sequence[RowProblem], summary: str | None = None) -> None:
        lines = [summary] if summary else []
        lines += [p.text() for p in problems]
        super().__init__("file", "\n".join(lines))
        self.problems = list(problems)


def read_statement(name: str, content: bytes) -> list[StatementRow]:
    """The lines of the statement file `name` (its extension chooses XLSX or CSV)."""
    if name.lower().endswith((".xlsx", ".xlsm")) or content[:2] == b"PK":
        rows = _xlsx_rows(content)
    else:
        rows = _csv_rows(decode(content))
    return _statement_rows(rows)


# --- the file's text -------------------------------------------------------------------------


def decode(content: bytes) -> str:
    """The text of a CSV file (core/common/text_files.py: UTF-8, Windows-1256 or Latin-1)."""
    return decode_text(content)[0]


def _csv_rows(text: str) -> list[tuple[int, list[Cell]]]:
    lines = text.splitlines()
    delimiter = _delimiter(lines[:30])
    reader = csv.reader(lines, delimiter=delimiter)
    return [(number, list(row)) for number, row in enumerate(reader, start=1)]


def _delimiter(sample: list[str]) -> str:
    """The separator that cuts the most sample lines into the same number (3 or more) of
    columns (core/common/text_files.py)."""
    return sniff_delimiter(sample, min_columns=3)


def _xlsx_rows(content: bytes) -> list[tuple[int, list[Cell]]]:
    import openpyxl  # type: ignore[import-untyped]  # only when a workbook is read; no stubs

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(
            "file", _("This file is not a readable Excel workbook ({error}).").format(error=error)
        ) from error
    try:
        sheet = book.worksheets[0]
        return [
            (number, list(row))
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()


# --- rows to statement lines -----------------------------------------------------------------


def _plain(value: Cell) -> str:
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def _header(cells: list[Cell]) -> dict[str, int] | None:
    """The columns a header row names, or None when the row is not the header."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        title = _plain(cell)
        if not title:
            continue
        for field, words in _HEADERS.items():
            if field not in found and any(w in title for w in words):
                found[field] = index
                break
    complete = "date" in found and "label" in found
    amounts = ("debit" in found and "credit" in found) or "amount" in found
    return found if complete and amounts else None


def _empty(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(cells: list[Cell], columns: dict[str, int], field: str) -> Cell:
    index = columns.get(field)
    return cells[index] if index is not None and index < len(cells) else None


def _date(value: Cell) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return parse_date(str(value), field="date")


def _money(value: Cell, field: str) -> Decimal:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value)).quantize(Decimal("0.01"))
    return parse_money(str(value), field=field, allow_negative=True)


def _statement_rows(rows: list[tuple[int, list[Cell]]]) -> list[StatementRow]:
    columns: dict[str, int] | None = None
    problems: list[RowProblem] = []
    lines: list[StatementRow] = []
    for number, cells in rows:
        if columns is None:
            columns = _header(cells)
            continue
        if all(_empty(c) for c in cells):
            continue
        raw_date = _cell(cells, columns, "date")
        label = (
            "" if _empty(_cell(cells, columns, "label")) else str(_cell(cells, columns, "label"))
        )
        if _empty(raw_date) and (
            _plain(label).startswith(_TOTAL_WORDS) or not any(not _empty(c) for c in cells[1:])
        ):
            continue  # a total or closing balance under the lines
        row = _row(number, cells, columns, label.strip(), problems)
        if row is not None:
            lines.append(row)
    if columns is None:
        raise StatementFileError(
            [],
            _(
                "No header row was found: the file needs the columns date, label, debit and "
                "credit (or one amount), and may have a balance."
            ),
        )
    if problems:
        raise StatementFileError(problems, _("The statement was not imported:"))
    if not lines:
        raise StatementFileError([], _("The statement has no lines."))
    return lines


def _row(
    number: int,
    cells: list[Cell],
    columns: dict[str, int],
    label: str,
    problems: list[RowProblem],
) -> StatementRow | None:
    found = len(problems)
    day = dt.date.min
    try:
        raw_date = _cell(cells, columns, "date")
        if _empty(raw_date):
            raise ValidationError("date", _("Enter a date."))
        day = _date(raw_date)
    except ValidationError as error:
        problems.append(RowProblem(number, "date", error.message))
    amounts: dict[str, Decimal] = {}
    for field in ("debit", "credit", "amount", "balance"):
        value = _cell(cells, columns, field)
        if field in columns and not _empty(value):
            try:
                amounts[field] = _money(value, field)
            except ValidationError as error:
                problems.append(RowProblem(number, field, error.message))
    if len(problems) > found:
        return None
    if "amount" in columns and "debit" not in columns:
        signed = amounts.get("amount", ZERO)
        debit, credit = max(-signed, ZERO), max(signed, ZERO)
        field = "amount"
    else:
        debit, credit = abs(amounts.get("debit", ZERO)), abs(amounts.get("credit", ZERO))
        field = "debit"
    if debit == ZERO and credit == ZERO:
        problems.append(RowProblem(number, field, _("The line has no amount.")))
        return None
    if debit != ZERO and credit != ZERO:
        problems.append(RowProblem(number, field, _("The line has both a debit and a credit.")))
        return None
    return StatementRow(number, day, label[:_LABEL_LENGTH], debit, credit, amounts.get("balance"))


__all__ = ["RowProblem", "StatementFileError", "StatementRow", "decode", "read_statement"]
