"""Bulk dues: one year's dues for many members in one step (a category, a selection, all).

Every chosen member who has not paid for the year gets a numbered receipt and its balanced
entry, through `record_dues_batch` (itself `post_receipts`): the receipts follow the members'
numbers without a gap. It is **all or nothing**: the first member refused (named by their
number, with the reason) refuses the run, and the caller's transaction writes nothing.
Members already paid for the year are skipped and counted.

Chosen by category or "all" without an amount, the members of a category with no yearly rate
(honorary members) are left out and counted: they pay nothing unless chosen by name.

Chosen by category or "all", only the members who owe dues that year are taken
(`dues.expected_to_pay`: joined by its end, not left before it began) and not the deceased or
excluded, whose dues cannot be recorded. Chosen one by one, each member is checked by the
rules of a single payment, so a member who cannot pay refuses the run instead of being
silently left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.progress import NO_PROGRESS, Progress
from nassij_desktop.core.common.service import in_chunks, missing
from nassij_desktop.core.members.dues import expected_to_pay
from nassij_desktop.core.members.models import (
    DuesPayment,
    Member,
    MemberCategory,
    MemberStatus,
    PaymentMethod,
)
from nassij_desktop.core.members.records import DuesRecord
from nassij_desktop.core.members.services import DuesData, checked_dues, record_dues_batch
from nassij_desktop.i18n import _

#: members whose dues cannot be recorded (`checked_dues`): left out of a category run
CANNOT_PAY = frozenset({MemberStatus.DECEASED, MemberStatus.EXCLUDED})


@dataclass(frozen=True)
class BulkDuesResult:
    """What a run recorded, in receipt order, and how many chosen members had paid already."""

    year: int
    recorded: tuple[DuesRecord, ...]
    already_paid: int
    without_rate: int = 0  # chosen by category or all, in a category with no rate: left out

    @property
    def total(self) -> Decimal:
        return sum((d.amount for d in self.recorded), Decimal("0.00"))

    @property
    def payment_ids(self) -> tuple[int, ...]:
        return tuple(d.id for d in self.recorded)


@dataclass(frozen=True)
class _Chosen:
    id: int
    number: str
    status: MemberStatus
    rate: Decimal


def _number_key(number: str) -> tuple[int, str]:
    # "000123" and "99" both in numeric order: shorter numbers first, then by text.
    return len(number), number


def _chosen(
    session: Session, year: int, member_ids: Sequence[int] | None, category: str | None
) -> list[_Chosen]:
    columns = sa.select(Member.id, Member.number, Member.status, MemberCategory.default_dues).join(
        MemberCategory, MemberCategory.id == Member.category_id
    )
    found: dict[int, _Chosen] = {}
    if member_ids is not None:
        for chunk in in_chunks(dict.fromkeys(member_ids)):
            for row in session.execute(columns.where(Member.id.in_(chunk))):
                found[row[0]] = _Chosen(*row)
        for member_id in member_ids:
            if member_id not in found:
                raise missing(_("member"), member_id)
    else:
        stmt = columns.where(expected_to_pay(year), Member.status.not_in(CANNOT_PAY))
        if category is not None:
            known = session.scalar(
                sa.select(MemberCategory.id).where(MemberCategory.code == category)
            )
            if known is None:
                raise ValidationError(
                    "category", _("No member category has the code {code}.").format(code=category)
                )
            stmt = stmt.where(Member.category_id == known)
        found = {row[0]: _Chosen(*row) for row in session.execute(stmt)}
    return sorted(found.values(), key=lambda m: _number_key(m.number))


def _paid_for(session: Session, year: int) -> set[int]:
    return set(session.scalars(sa.select(DuesPayment.member_id).where(DuesPayment.year == year)))


def _refusal(error: NassijError, number: str) -> NassijError:
    """`error`, naming the member it refuses: the run's one line."""
    message = _("Member {number}: {reason}").format(number=number, reason=error.message)
    if isinstance(error, ValidationError):
        return ValidationError(error.field, message)
    return type(error)(message)


def record_dues_bulk(
    session: Session,
    actor: Actor,
    year: int,
    *,
    paid_on: dt.date,
    method: PaymentMethod,
    member_ids: Sequence[int] | None = None,
    category: str | None = None,
    amount: Decimal | None = None,
    progress: Progress | None = None,
) -> BulkDuesResult:
    """Record `year`'s dues of the members `member_ids`, or of the category `category`, or
    (neither given) of every member who owes them, in the caller's transaction.

    Each pays `amount`, or their category's yearly rate when it is None. All or nothing: a
    refused member raises, named by number, and nothing is written."""
    actor.require(Permission.DUES_WRITE)
    if member_ids is not None and category is not None:
        raise ValueError("choose members either one by one or by category")
    progress = progress or NO_PROGRESS
    progress.step(0, None, _("Reading the members…"))
    chosen = _chosen(session, year, member_ids, category)
    paid = _paid_for(session, year)
    payments: list[DuesData] = []
    already_paid = without_rate = 0
    for member in chosen:
        if member.id in paid:
            already_paid += 1
            continue
        if amount is None and member_ids is None and member.rate <= 0:
            without_rate += 1  # an honorary member pays nothing unless asked by name
            continue
        try:
            value = amount if amount is not None else member.rate
            if value <= 0:
                raise ValidationError(
                    "amount", _("Their category has no yearly rate: give the amount.")
                )
            checked = checked_dues(member.status, year, value, paid_on, method, None)
        except NassijError as error:
            raise _refusal(error, member.number) from None
        payments.append(DuesData(member.id, year, checked[0], paid_on, checked[1]))
    progress.step(0, len(payments), _("Recording the dues…"))
    recorded = record_dues_batch(session, actor, payments)
    progress.step(len(payments), len(payments))
    return BulkDuesResult(year, tuple(recorded), already_paid, without_rate)
