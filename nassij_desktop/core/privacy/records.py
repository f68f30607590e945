"""What the right of access gives: frozen records of everything held about one member."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from nassij_desktop.core.members.records import MemberRecord


@dataclass(frozen=True)
class StatusLine:
    from_status: str | None
    to_status: str
    effective_on: dt.date
    reason: str | None


@dataclass(frozen=True)
class DuesLine:
    year: int
    amount: Decimal
    paid_on: dt.date
    method: str
    receipt_number: str
    notes: str | None


@dataclass(frozen=True)
class DonationLine:
    receipt_number: str
    received_on: dt.date
    amount: Decimal
    in_kind: bool
    description: str | None
    purpose: str | None
    cancelled: bool
    donor_name: str
    donor_identity: str | None  # masked as the member's CIN is
    donor_address: str | None


@dataclass(frozen=True)
class SeatLine:
    role_ar: str
    role_fr: str
    starts_on: dt.date
    ends_on: dt.date | None


@dataclass(frozen=True)
class AttendanceLine:
    assembly_kind: str
    day: dt.date  # held on, else convened on
    attendance: str
    proxy_holder: str | None  # the holder's member number


@dataclass(frozen=True)
class VolunteerLine:
    activity: str
    day: dt.date
    minutes: int


@dataclass(frozen=True)
class AccountLine:
    login: str
    full_name: str
    role: str
    active: bool
    last_login_at: dt.datetime | None


@dataclass(frozen=True)
class AttachmentLine:
    filename: str
    mime_type: str
    size: int


@dataclass(frozen=True)
class AuditLine:
    at: dt.datetime
    login: str
    entity: str
    entity_id: int | None
    action: str


@dataclass(frozen=True)
class PersonalData:
    """Everything the file holds about one member (the right of access, law 09-08 art. 7)."""

    member: MemberRecord  # masked as the register masks it for the actor
    category_ar: str
    category_fr: str
    anonymised: bool
    statuses: tuple[StatusLine, ...]
    dues: tuple[DuesLine, ...]
    donations: tuple[DonationLine, ...]
    seats: tuple[SeatLine, ...]
    attendances: tuple[AttendanceLine, ...]
    volunteering: tuple[VolunteerLine, ...]
    account: AccountLine | None
    attachments: tuple[AttachmentLine, ...]
    audit: tuple[AuditLine, ...]


@dataclass(frozen=True)
class AnonymisedMember:
    """What `anonymise_member` did."""

    number: str
    donations: int
    entries: int  # journal entries whose label or third party named the person
    audit_entries: int  # older audit entries whose personal values were removed
    texts: int  # other texts where the name was replaced (minutes, statements, reasons)


@dataclass(frozen=True)
class RetentionCandidate:
    number: str
    name_ar: str
    name_lat: str
    status: str
    left_on: dt.date
    gender: str | None = None  # the status is said in it: "Radiée", "متوفاة"
