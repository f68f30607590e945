"""What services hand out about members: plain, read-only records with personal data masked
for roles that may not see it (law 09-08)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from nassij_desktop.core.common.names import display_name, join_names
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.members.models import (
    Gender,
    IdentityDocument,
    Member,
    MemberStatus,
    PaymentMethod,
)

MASK = "••••••"


@dataclass(frozen=True)
class MemberRecord:
    id: int
    version: int
    number: str
    last_name_ar: str | None
    first_name_ar: str | None
    last_name_lat: str | None
    first_name_lat: str | None
    gender: Gender | None
    birth_date: dt.date | None
    birth_place: str | None
    nationality: str
    id_document: IdentityDocument
    id_number: str | None  # MASK when the actor may not see it
    profession: str | None
    address: str | None  # in Latin letters
    address_ar: str | None
    city: str | None
    phone: str | None
    email: str | None
    join_date: dt.date
    status: MemberStatus
    status_since: dt.date
    category_code: str
    consent_date: dt.date | None
    consent_scope: str | None
    notes: str | None

    @property
    def name_ar(self) -> str:
        return join_names(self.first_name_ar, self.last_name_ar)

    @property
    def name_lat(self) -> str:
        return join_names(self.first_name_lat, self.last_name_lat)

    def name(self, lang: str, *, family_first: bool = False, isolated: bool = False) -> str:
        """The member's name for the reader of `lang` (`core.common.names.display_name`)."""
        return display_name(
            lang,
            self.first_name_ar,
            self.last_name_ar,
            self.first_name_lat,
            self.last_name_lat,
            family_first=family_first,
            isolated=isolated,
        )


@dataclass(frozen=True)
class DuesRecord:
    id: int
    member_id: int
    year: int
    amount: Decimal
    paid_on: dt.date
    method: PaymentMethod
    receipt_number: str
    journal_entry_id: int | None


def require_dues_read(actor: Actor) -> None:
    """Dues paid are finances as well as the register: whoever records dues or reads the
    finances sees them (the dues receipt, a member's payments, the receipts to choose from)."""
    actor.require(Permission.MEMBERS_READ)
    if not actor.can(Permission.DUES_WRITE):
        actor.require(Permission.BOOKS_READ)


def member_record(member: Member, actor: Actor) -> MemberRecord:
    return masked_record(_unmasked_record(member), actor)


def masked_record(record: MemberRecord, actor: Actor) -> MemberRecord:
    """`record` as `actor` may see it: the identity data masked for roles that may not."""
    if actor.can(Permission.MEMBERS_IDENTITY):
        return record
    return dataclasses.replace(
        record,
        birth_date=None,
        birth_place=None,
        id_number=MASK if record.id_number else record.id_number,
    )


def _unmasked_record(member: Member) -> MemberRecord:
    return MemberRecord(
        id=member.id,
        version=member.version,
        number=member.number,
        last_name_ar=member.last_name_ar,
        first_name_ar=member.first_name_ar,
        last_name_lat=member.last_name_lat,
        first_name_lat=member.first_name_lat,
        gender=member.gender,
        birth_date=member.birth_date,
        birth_place=member.birth_place,
        nationality=member.nationality,
        id_document=member.id_document,
        id_number=member.id_number,
        profession=member.profession,
        address=member.address,
        address_ar=member.address_ar,
        city=member.city,
        phone=member.phone,
        email=member.email,
        join_date=member.join_date,
        status=member.status,
        status_since=member.status_since,
        category_code=member.category.code,
        consent_date=member.consent_date,
        consent_scope=member.consent_scope,
        notes=member.notes,
    )
