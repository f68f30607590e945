"""Importing a dues history (member by number or CIN, year, amount, date, method): every
row checked by the dues service's own rules, a year paid twice (in the file or already in
the register) refused, then the whole file recorded by `record_dues_batch` — receipts
numbered and posted to the books — or nothing."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import in_chunks
from nassij_desktop.core.common.validators import normalise_cin, parse_date, parse_money
from nassij_desktop.core.imports.headers import header_key
from nassij_desktop.core.imports.mapping import ColumnMapping
from nassij_desktop.core.imports.reading import Table
from nassij_desktop.core.imports.report import (
    ImportedRow,
    ImportRefused,
    ImportReport,
    RowProblem,
    no_rows,
    problem,
    sorted_problems,
)
from nassij_desktop.core.members.models import DuesPayment, Member, MemberStatus, PaymentMethod
from nassij_desktop.core.members.services import DuesData, checked_dues, record_dues_batch
from nassij_desktop.i18n import _

_METHODS = {
    header_key(word): method
    for method, words in {
        PaymentMethod.CASH: ("cash", "espèces", "espece", "liquide", "نقدا", "نقدًا", "نقد"),
        PaymentMethod.CHEQUE: ("cheque", "chèque", "check", "شيك"),
        PaymentMethod.TRANSFER: ("transfer", "virement", "bank transfer", "تحويل", "حوالة"),
        PaymentMethod.CARD: ("card", "carte", "carte bancaire", "بطاقة"),
        PaymentMethod.MOBILE: ("mobile", "paiement mobile", "أداء بالهاتف"),
    }.items()
    for word in words
}


@dataclass(frozen=True)
class DuesLine:
    """A payment of the file, with the member it is for."""

    member_number: str
    payment: DuesData


DuesReport = ImportReport[DuesLine]


def _members(
    session: Session, numbers: set[str], cins: set[str]
) -> tuple[dict[str, tuple[int, str, MemberStatus]], dict[str, tuple[int, str, MemberStatus]]]:
    """Members by number and by identity number: (id, number, status)."""
    by_number: dict[str, tuple[int, str, MemberStatus]] = {}
    by_cin: dict[str, tuple[int, str, MemberStatus]] = {}
    columns = (Member.id, Member.number, Member.status, Member.id_number)
    for chunk in in_chunks(numbers):
        for member_id, number, status, _cin in session.execute(
            sa.select(*columns).where(Member.number.in_(chunk))
        ):
            by_number[number] = (member_id, number, status)
    for chunk in in_chunks(cins):
        for member_id, number, status, cin in session.execute(
            sa.select(*columns).where(Member.id_number.in_(chunk))
        ):
            if cin:
                by_cin[cin] = (member_id, number, status)
    return by_number, by_cin


def _year(text: str) -> int:
    value = text.strip().removesuffix(".0")
    if not value.isascii() or not value.isdigit() or len(value) != 4:
        raise ValidationError("year", _("Write the year with 4 digits, like 2024."))
    return int(value)


def _method(text: str) -> PaymentMethod:
    method = _METHODS.get(header_key(text))
    if method is None:
        raise ValidationError(
            "method",
            _("Unknown payment method “{value}”: cash, cheque, transfer, card or mobile.").format(
                value=text
            ),
        )
    return method


def check_dues_import(
    session: Session, actor: Actor, table: Table, mapping: ColumnMapping
) -> DuesReport:
    """What importing the dues of `table` would record, written nowhere, and every problem
    (an unknown member, a value refused, a year paid twice) by line and field."""
    actor.require(Permission.DUES_WRITE)
    columns = mapping.as_dict()
    if "number" not in columns.values() and "id_number" not in columns.values():
        raise ValidationError(
            "map", _("Say which column holds the member number or the identity number.")
        )
    index = {column: i for i, column in enumerate(table.columns)}
    cell_of = {field: index[column] for column, field in mapping.fields}

    def cell(row_cells: tuple[str, ...], field: str) -> str:
        position = cell_of.get(field)
        return row_cells[position] if position is not None else ""

    numbers = {cell(r.cells, "number") for r in table.rows} - {""}
    cins: set[str] = set()
    for r in table.rows:
        if cell(r.cells, "id_number"):
            with contextlib.suppress(ValidationError):
                cins.add(normalise_cin(cell(r.cells, "id_number"), field="id_number"))
    by_number, by_cin = _members(session, numbers, cins)
    problems: list[RowProblem] = []
    accepted: list[ImportedRow[DuesLine]] = []
    seen: dict[tuple[int, int], int] = {}
    for row in table.rows:
        try:
            number, cin = cell(row.cells, "number"), cell(row.cells, "id_number")
            if number:
                member = by_number.get(number)
                if member is None:
                    raise ValidationError(
                        "number", _("No member has the number {number}.").format(number=number)
                    )
            elif cin:
                member = by_cin.get(normalise_cin(cin, field="id_number"))
                if member is None:
                    raise ValidationError(
                        "id_number",
                        _("No member has the identity number {id_number}.").format(id_number=cin),
                    )
            else:
                raise ValidationError("number", _("Give the member number or the identity number."))
            date_text = cell(row.cells, "paid_on")
            if not date_text:
                raise ValidationError("paid_on", _("Enter a date."))
            paid_on = parse_date(date_text, field="paid_on")
            year_text = cell(row.cells, "year")
            year = _year(year_text) if year_text else paid_on.year
            amount_text = cell(row.cells, "amount")
            if not amount_text:
                raise ValidationError("amount", _("Enter an amount."))
            amount: Decimal = parse_money(amount_text, field="amount")
            method_text = cell(row.cells, "method")
            method = _method(method_text) if method_text else PaymentMethod.CASH
            member_id, member_number, status = member
            amount, method, notes = checked_dues(
                status, year, amount, paid_on, method, cell(row.cells, "notes") or None
            )
        except NassijError as error:
            problems.append(problem(row.line, error, mapping))
            continue
        key = (member_id, year)
        if key in seen:
            problems.append(
                RowProblem(
                    row.line,
                    "year",
                    _("The dues of {year} of member {number} are also on line {line}.").format(
                        year=year, number=member_number, line=seen[key]
                    ),
                    mapping.column_of("year"),
                    duplicate=True,
                )
            )
            continue
        seen[key] = row.line
        payment = DuesData(member_id, year, amount, paid_on, method, notes)
        accepted.append(ImportedRow(row.line, DuesLine(member_number, payment)))
    problems.extend(_already_paid(session, accepted, mapping))
    bad = {p.line for p in problems}
    return ImportReport(
        "dues",
        len(table.rows),
        tuple(r for r in accepted if r.line not in bad),
        sorted_problems(problems),
    )


def _already_paid(
    session: Session, accepted: list[ImportedRow[DuesLine]], mapping: ColumnMapping
) -> list[RowProblem]:
    lines = {(r.data.payment.member_id, r.data.payment.year): r for r in accepted}
    problems = []
    for chunk in in_chunks({member_id for member_id, _year in lines}):
        query = sa.select(DuesPayment.member_id, DuesPayment.year, DuesPayment.receipt_number)
        for member_id, year, receipt in session.execute(
            query.where(DuesPayment.member_id.in_(chunk))
        ):
            row = lines.get((member_id, year))
            if row is not None:
                problems.append(
                    RowProblem(
                        row.line,
                        "year",
                        _(
                            "The dues of {year} of member {number} are already recorded "
                            "(receipt {receipt})."
                        ).format(year=year, number=row.data.member_number, receipt=receipt),
                        mapping.column_of("year"),
                        duplicate=True,
                    )
                )
    return problems


def import_dues(session: Session, actor: Actor, table: Table, mapping: ColumnMapping) -> DuesReport:
    """Record every payment of `table` in the caller's transaction (receipts numbered in the
    file's order, posted to the books), or raise `ImportRefused` with the report."""
    report = check_dues_import(session, actor, table, mapping)
    if not report.ok:
        raise ImportRefused(report)
    if not report.accepted:
        raise no_rows(table)
    try:
        records = record_dues_batch(session, actor, [row.data.payment for row in report.accepted])
    except NassijError as error:  # the books refuse (a year closed…): said on its line
        row = error.row if isinstance(error, ValidationError) else None
        line = report.accepted[row - 1].line if row else table.header_line
        raise ImportRefused(
            ImportReport("dues", report.rows, (), (problem(line, error, mapping),))
        ) from None
    return ImportReport(
        "dues", report.rows, report.accepted, (), tuple(r.receipt_number for r in records)
    )
