"""The records a document can be about, most recent first: board terms, general assemblies,
dues payments and donations (and members, by name), for the screen that offers them to choose
from.

Reads only, each behind the permission its document asks for, and never more than `limit`
records: a file of a hundred thousand receipts lists its latest ones, and an older one is found
by what the user types (a receipt number, the member's name in either script or number, the
donor's name), normalised like the members search. A search stays quick at a hundred thousand
members and their receipts: members are found through the members search's own indexes, and
only the ids of the receipts are ordered before the few shown are read.

Depends on: common, governance, members, donations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.names import join_names, reader_name
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.textnorm import normalise_query, normalise_word
from nassij_desktop.core.donations.models import Donation
from nassij_desktop.core.governance.models import (
    AssemblyKind,
    AssemblyStatus,
    BoardTerm,
    GeneralAssembly,
)
from nassij_desktop.core.members.models import DuesPayment, Member
from nassij_desktop.core.members.records import MemberRecord, require_dues_read
from nassij_desktop.core.members.search import matching_member_ids, name_order, search_members

RECORD_LIMIT = 100
_SCAN_BATCH = 500


@dataclass(frozen=True)
class TermChoice:
    id: int
    starts_on: dt.date
    ends_on: dt.date | None


@dataclass(frozen=True)
class AssemblyChoice:
    id: int
    kind: AssemblyKind
    held_on: dt.date


@dataclass(frozen=True)
class DuesChoice:
    id: int
    receipt_number: str
    year: int
    amount: Decimal
    paid_on: dt.date
    member_number: str
    member_name_ar: str  # first name then family name, as on a receipt
    member_name_lat: str

    def member_name(self, lang: str) -> str:
        """The payer's name for the reader of `lang` (core.common.names)."""
        return reader_name(lang, self.member_name_ar, self.member_name_lat)


@dataclass(frozen=True)
class DonationChoice:
    id: int
    receipt_number: str
    donor_name: str
    amount: Decimal
    received_on: dt.date
    cancelled: bool


def recent_terms(session: Session, actor: Actor, limit: int = RECORD_LIMIT) -> list[TermChoice]:
    actor.require(Permission.GOVERNANCE_READ)
    rows = session.execute(
        sa.select(BoardTerm.id, BoardTerm.starts_on, BoardTerm.ends_on)
        .order_by(BoardTerm.starts_on.desc(), BoardTerm.id.desc())
        .limit(limit)
    )
    return [TermChoice(*row) for row in rows]


def recent_assemblies(
    session: Session, actor: Actor, limit: int = RECORD_LIMIT
) -> list[AssemblyChoice]:
    """Assemblies not cancelled (a cancelled one has no minutes)."""
    actor.require(Permission.GOVERNANCE_READ)
    rows = session.execute(
        sa.select(GeneralAssembly.id, GeneralAssembly.kind, GeneralAssembly.held_on)
        .where(GeneralAssembly.status != AssemblyStatus.CANCELLED)
        .order_by(GeneralAssembly.held_on.desc(), GeneralAssembly.id.desc())
        .limit(limit)
    )
    return [AssemblyChoice(*row) for row in rows]


def _receipt_key(column: sa.SQLColumnExpression[str]) -> sa.ColumnElement[str]:
    """A receipt number as the search normalises it: lower case, no hyphens or spaces."""
    return sa.func.lower(sa.func.replace(sa.func.replace(column, "-", ""), " ", ""))


def find_dues_payments(
    session: Session, actor: Actor, query: str = "", limit: int = RECORD_LIMIT
) -> list[DuesChoice]:
    """The latest dues payments whose receipt number, or member's name or number, holds every
    word of `query` (all of them when it is empty). Amounts paid are finances: refused to a
    role that may neither record dues nor read the finances, like the receipt itself."""
    require_dues_read(actor)
    order = (DuesPayment.paid_on.desc(), DuesPayment.id.desc())
    ids = sa.select(DuesPayment.id).order_by(*order).limit(limit)
    for token in normalise_query(query):
        # The member's names or number (the search index hands out the members), or the
        # receipt number — which has digits: a word without any is looked for in names only.
        matched: sa.ColumnElement[bool] = DuesPayment.member_id.in_(
            matching_member_ids(session, [token])
        )
        if any(char.isdigit() for char in token):
            receipt = _receipt_key(DuesPayment.receipt_number).contains(token, autoescape=True)
            matched = sa.or_(matched, receipt)
        ids = ids.where(matched)
    stmt = (
        sa.select(
            DuesPayment.id,
            DuesPayment.receipt_number,
            DuesPayment.year,
            DuesPayment.amount,
            DuesPayment.paid_on,
            Member.number,
            Member.first_name_ar,
            Member.last_name_ar,
            Member.first_name_lat,
            Member.last_name_lat,
        )
        .join(Member, Member.id == DuesPayment.member_id)
        .where(DuesPayment.id.in_(list(session.scalars(ids))))
        .order_by(*order)
    )

    return [
        DuesChoice(
            id=row.id,
            receipt_number=row.receipt_number,
            year=row.year,
            amount=row.amount,
            paid_on=row.paid_on,
            member_number=row.number,
            member_name_ar=join_names(row.first_name_ar, row.last_name_ar),
            member_name_lat=join_names(row.first_name_lat, row.last_name_lat),
        )
        for row in session.execute(stmt)
    ]


def find_donations(
    session: Session, actor: Actor, query: str = "", limit: int = RECORD_LIMIT
) -> list[DonationChoice]:
    """The latest donations whose receipt number or donor's name holds every word of `query`.
    Donor names are free text, normalised here: the donations are read newest first, in
    batches, until `limit` of them match."""
    actor.require(Permission.BOOKS_READ)
    tokens = normalise_query(query)
    stmt = sa.select(
        Donation.id,
        Donation.receipt_number,
        Donation.donor_name,
        Donation.amount,
        Donation.received_on,
        Donation.cancelled,
    ).order_by(Donation.received_on.desc(), Donation.id.desc())
    if not tokens:
        return [DonationChoice(*row) for row in session.execute(stmt.limit(limit))]

    def matches(row: sa.Row[int, str, str, Decimal, dt.date, bool]) -> bool:
        key = f"{normalise_word(row.receipt_number)} {normalise_word(row.donor_name)}"
        return all(token in key for token in tokens)

    rows = session.execute(stmt.execution_options(yield_per=_SCAN_BATCH))
    return [DonationChoice(*row) for row in islice(filter(matches, rows), limit)]


def find_members(
    session: Session, actor: Actor, query: str = "", lang: str = "fr", limit: int = RECORD_LIMIT
) -> list[MemberRecord]:
    """The members whose name (either script) or number holds every word of `query`, by
    name for the reader of `lang`, as the members list finds them."""
    return search_members(session, actor, query, order=name_order(lang), limit=limit)
