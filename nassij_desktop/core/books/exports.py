"""Exports for the accountant: a year's validated entries as an FEC-style text file, and its
journal, general ledger and trial balance as an XLSX workbook.

The FEC file is streamed: the lines are read from SQLite a batch at a time and written as
they come, so 200 000 lines take bounded memory. Its layout is the French "fichier des
écritures comptables" (article A47 A-1 of the Livre des procédures fiscales), which Moroccan
accountants' software reads too; the columns and the separator can be chosen.

CompAuxNum/CompAuxLib name the entry's third party (a member's number, the name), else the
funder of a line of public aid. The payment reference (a cheque's number, a transfer's
reference) is added to the label of the entry's treasury lines (class 5), where a bank
statement shows it, unless the label says it already; the payment method and reference also
have columns of their own, ModeRglt and NumRglt (as in the FEC of cash-basis books), which
are not in the default layout: they are chosen with the columns.

The workbook is written by `xlsx_writer` as the journal's and the ledger's lines are read
(never all in memory), dates and amounts as typed cells with number formats, headers in the
reader's language and the Arabic sheets right to left.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import (
    Account,
    ClearedLine,
    Journal,
    JournalEntry,
    JournalLine,
)
from nassij_desktop.core.books.statements import StatementKind, StatementStream, statement_stream
from nassij_desktop.core.books.statements.selection import (
    CREDIT,
    DEBIT,
    ENTRY_ORDER,
    Period,
    cents,
    counted_lines,
    resolve_year,
)
from nassij_desktop.core.books.statements.table import RowLevel
from nassij_desktop.core.books.xlsx_writer import SheetLayout, Value, write_workbook
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import N_, _, translate_in

# The FEC's columns, in its order (the reference layout an accountant's software expects).
FEC_COLUMNS = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)
# Columns that may be chosen besides: the payment's method and reference.
EXTRA_COLUMNS = ("ModeRglt", "NumRglt")
ALL_COLUMNS = FEC_COLUMNS + EXTRA_COLUMNS

SEPARATORS = {"tab": "\t", "pipe": "|", "semicolon": ";"}
DECIMAL_MARKS = {"comma": ",", "point": "."}

# Funders belong to the funding domain, above books: named by id (see books/__init__).
_FUNDER = sa.table("funder", sa.column("id"), sa.column("name_ar"), sa.column("name_fr"))

_BATCH = 2000  # lines read from SQLite at a time


@dataclass(frozen=True)
class FecOptions:
    columns: tuple[str, ...] = FEC_COLUMNS
    separator: str = "tab"  # a key of SEPARATORS
    decimal: str = "comma"  # a key of DECIMAL_MARKS: FEC amounts are written 1234,50
    lang: str = "fr"  # the language of the journals' and accounts' labels


@dataclass(frozen=True)
class FecSummary:
    year: Period
    lines: int
    debit: Decimal
    credit: Decimal


def parse_columns(text: str | None) -> tuple[str, ...]:
    """The columns named in `text` ("JournalCode,EcritureNum,…", any case), in that order;
    all of them when None or empty. An unknown name is refused on the field `columns`."""
    if not text or not text.strip():
        return FEC_COLUMNS
    known = {name.lower(): name for name in ALL_COLUMNS}
    chosen: list[str] = []
    for part in text.split(","):
        name = part.strip()
        if not name:
            continue
        column = known.get(name.lower())
        if column is None:
            raise ValidationError(
                "columns",
                _("{name} is not a column of the FEC file; the columns are: {columns}.").format(
                    name=name, columns=", ".join(ALL_COLUMNS)
                ),
            )
        if column not in chosen:
            chosen.append(column)
    if not chosen:
        return FEC_COLUMNS
    return tuple(chosen)


def _check_options(options: FecOptions) -> None:
    if options.separator not in SEPARATORS:
        raise ValidationError(
            "separator",
            _("The separator must be one of: {choices}.").format(choices=", ".join(SEPARATORS)),
        )
    if options.decimal not in DECIMAL_MARKS:
        raise ValidationError(
            "decimal",
            _("The decimal mark must be one of: {choices}.").format(
                choices=", ".join(DECIMAL_MARKS)
            ),
        )
    unknown = [c for c in options.columns if c not in ALL_COLUMNS]
    if unknown or not options.columns:
        raise ValidationError("columns", _("Choose the columns among those of the FEC file."))


class _CompactDay(sa.sql.expression.FunctionElement[str]):
    """A stored date or time as YYYYMMDD, made by the database (see `_compact_day`)."""

    type = sa.String()
    inherit_cache = True


@compiles(_CompactDay, "sqlite")
def _compact_day_sqlite(element: _CompactDay, compiler: Any, **kw: Any) -> str:
    # SQLite keeps both as ISO text, and the strftime of 200 000 dates costs more than the
    # rest of the line: the first ten characters without their dashes.
    (column,) = element.clauses
    return f"replace(substr({compiler.process(column, **kw)}, 1, 10), '-', '')"


@compiles(_CompactDay)
def _compact_day_server(element: _CompactDay, compiler: Any, **kw: Any) -> str:
    # A server keeps real dates and times (substr of a date does not exist on PostgreSQL).
    (column,) = element.clauses
    return f"to_char({compiler.process(column, **kw)}, 'YYYYMMDD')"


def _compact_day(column: Any) -> sa.ColumnElement[str]:
    """A stored date or time as YYYYMMDD."""
    return _CompactDay(column)


def _fec_query(period: Period, lang: str) -> sa.Select[Any]:
    arabic = lang == "ar"
    funder_name = (
        sa.func.coalesce(_FUNDER.c.name_ar, _FUNDER.c.name_fr) if arabic else _FUNDER.c.name_fr
    )
    return (
        counted_lines(
            Journal.code,
            Journal.name_ar if arabic else Journal.name_fr,
            JournalEntry.number,
            _compact_day(JournalEntry.entry_date),
            Account.number,
            Account.label_ar if arabic else Account.label_fr,
            JournalLine.funder_id,
            funder_name,
            JournalEntry.reference,
            sa.func.coalesce(JournalLine.label, JournalEntry.label),
            DEBIT,
            CREDIT,
            _compact_day(JournalEntry.validated_at),
            ClearedLine.journal_line_id,
            ClearedLine.statement_id,
            _compact_day(ClearedLine.cleared_on),
            JournalEntry.third_party,
            JournalEntry.third_party_code,
            JournalEntry.payment_method,
            JournalEntry.payment_reference,
            since=period.starts_on,
            until=period.ends_on,
        )
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .join(Account, Account.id == JournalLine.account_id)
        .outerjoin(_FUNDER, _FUNDER.c.id == JournalLine.funder_id)
        .outerjoin(ClearedLine, ClearedLine.journal_line_id == JournalLine.id)
        .order_by(*ENTRY_ORDER)
    )


_UNSAFE = ("\t", "|", ";", "\n", "\r")


def _text(value: str | None) -> str:
    """A free text on one line, without any of the separators (a label may hold a tab, a
    pipe, a semicolon or a line break): checked first, as almost none does."""
    if not value:
        return ""
    if any(char in value for char in _UNSAFE):
        for char in _UNSAFE:
            value = value.replace(char, " ")
        return " ".join(value.split())
    return value


def _lettering(cleared: int | None, statement_id: int | None) -> str:
    """A bank line cleared by the reconciliation is lettered with the bank statement it was
    seen on ("R12"), or "R" when cleared by hand; the other lines are not lettered."""
    if cleared is None:
        return ""
    return "R" if statement_id is None else f"R{statement_id}"


def _line_text(label: str | None, account: str, payment_reference: str | None) -> str:
    """The line's label; on a treasury line (class 5), with the payment's reference when
    the label does not say it already."""
    text = label or ""
    if payment_reference and account.startswith("5") and payment_reference not in text:
        text = f"{text} — {payment_reference}" if text else payment_reference
    return _text(text)


def _fec_rows(
    session: Session, period: Period, options: FecOptions
) -> Iterator[tuple[tuple[str, ...], int, int]]:
    """Each line's fields (the 18 of the FEC, then EXTRA_COLUMNS), with its debit and credit
    in centimes. Read through the connection (plain rows, no ORM), a batch at a time."""
    mark = DECIMAL_MARKS[options.decimal]
    query = _fec_query(period, options.lang)
    result = session.connection().execution_options(yield_per=_BATCH).execute(query)
    labels: dict[str, str] = {}  # the journals' and accounts' labels repeat: cleaned once
    for (
        journal,
        journal_label,
        number,
        entry_day,
        account,
        account_label,
        funder_id,
        funder_name,
        reference,
        label,
        debit,
        credit,
        validated_day,
        cleared,
        statement_id,
        cleared_day,
        third_party,
        third_party_code,
        payment_method,
        payment_reference,
    ) in result:
        debit, credit = int(debit), int(credit)
        journal_text = labels.get(journal_label)
        if journal_text is None:
            journal_text = labels[journal_label] = _text(journal_label)
        account_text = labels.get(account_label)
        if account_text is None:
            account_text = labels[account_label] = _text(account_label)
        fields = (
            journal,
            journal_text,
            str(number),
            entry_day,
            account,
            account_text,
            *_auxiliary(third_party, third_party_code, funder_id, funder_name),
            _text(reference),
            entry_day,  # the voucher's date: an entry is dated by its voucher
            _line_text(label, account, payment_reference),
            f"{debit // 100}{mark}{debit % 100:02d}",  # never negative (a check of the table)
            f"{credit // 100}{mark}{credit % 100:02d}",
            _lettering(cleared, statement_id),
            cleared_day or "",
            validated_day or "",
            "",  # amounts are in dirhams, the books' currency: no foreign amount
            "",
            payment_method or "",
            _text(payment_reference),
        )
        yield fields, debit, credit


def _auxiliary(
    third_party: str | None,
    third_party_code: str | None,
    funder_id: int | None,
    funder_name: str | None,
) -> tuple[str, str]:
    """(CompAuxNum, CompAuxLib): the entry's third party, else the funder of public aid."""
    if third_party or third_party_code:
        return _text(third_party_code), _text(third_party)
    if funder_id is not None:
        return f"F{funder_id}", _text(funder_name)
    return "", ""


def fec_lines(
    session: Session, actor: Actor, year: int | str, options: FecOptions = FecOptions()
) -> Iterator[list[str]]:
    """The FEC rows of `year`'s validated entries (its opening entry included), in the order
    of the journal, each a list of texts in `options.columns`' order: amounts with two
    decimals and the chosen decimal mark, dates as YYYYMMDD. The header row comes first."""
    actor.require(Permission.BOOKS_READ)
    _check_options(options)
    period = resolve_year(session, year)
    positions = [ALL_COLUMNS.index(c) for c in options.columns]
    yield list(options.columns)
    for fields, _debit, _credit in _fec_rows(session, period, options):
        yield [fields[p] for p in positions]


def write_fec(
    session: Session,
    actor: Actor,
    year: int | str,
    stream: TextIO,
    options: FecOptions = FecOptions(),
) -> FecSummary:
    """Write the FEC file of `year` to `stream` (a UTF-8 text stream opened with
    newline=""), one CRLF-ended line per entry line after the header; return how many lines
    and their total debits and credits (the trial balance's movements and opening)."""
    actor.require(Permission.BOOKS_READ)
    _check_options(options)
    period = resolve_year(session, year)
    separator = SEPARATORS[options.separator]
    positions = [ALL_COLUMNS.index(c) for c in options.columns]
    stream.write(separator.join(options.columns) + "\r\n")
    count = debit = credit = 0
    for fields, line_debit, line_credit in _fec_rows(session, period, options):
        stream.write(separator.join([fields[p] for p in positions]) + "\r\n")
        count += 1
        debit += line_debit
        credit += line_credit
    return FecSummary(period, count, cents(debit), cents(credit))


# --- XLSX ---------------------------------------------------------------------------------

_SHEETS = (
    (StatementKind.JOURNAL, N_("Journal")),
    (StatementKind.LEDGER, N_("General ledger")),
    (StatementKind.TRIAL_BALANCE, N_("Trial balance")),
)


def _sheet_title(text: str) -> str:
    """Excel refuses these characters in a sheet's name, and names over 31 characters."""
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:31]


def _sheet_rows(stream: StatementStream, lang: str) -> Iterator[tuple[Sequence[Value], bool]]:
    """The title and the headers, bold, then each row (headings and totals bold), as the
    statement's rows are read."""
    title = N_("{year} (previous year {previous})")
    yield (
        [
            translate_in(lang, title).format(
                year=stream.year.label, previous=stream.previous_year.label
            )
        ],
        True,
    )
    yield (
        [
            translate_in(lang, N_("Code")),
            translate_in(lang, N_("Label")),
            *(translate_in(lang, c.title) for c in stream.columns),
        ],
        True,
    )
    line = RowLevel.LINE
    for row in stream.rows:
        yield [row.code, row.label(lang), *row.values], row.level is not line


def write_xlsx(
    session: Session, actor: Actor, year: int | str, target: Path, *, lang: str = "fr"
) -> tuple[str, ...]:
    """Write the journal, the general ledger and the trial balance of `year` to `target`,
    one sheet each, in `lang` (Arabic sheets right to left); return the sheets' titles. The
    journal and the ledger are read from SQLite as their rows are written."""
    actor.require(Permission.BOOKS_READ)
    resolve_year(session, year)  # an unknown year is refused before anything is written
    sheets = []
    for kind, name in _SHEETS:
        layout = SheetLayout(
            _sheet_title(translate_in(lang, name)),
            right_to_left=lang == "ar",
            frozen=(2, 2),  # the title, the headers, the codes and labels stay on screen
            widths={2: 40},
        )
        # Each statement is read when its sheet is written: the rows are a generator.
        sheets.append((layout, _lazy_rows(session, actor, kind, year, lang)))
    return write_workbook(target, sheets)


def _lazy_rows(
    session: Session, actor: Actor, kind: StatementKind, year: int | str, lang: str
) -> Iterator[tuple[Sequence[Value], bool]]:
    yield from _sheet_rows(statement_stream(session, actor, kind, year), lang)


__all__ = [
    "DECIMAL_MARKS",
    "FEC_COLUMNS",
    "SEPARATORS",
    "FecOptions",
    "FecSummary",
    "fec_lines",
    "parse_columns",
    "write_fec",
    "write_xlsx",
]
