"""The right of access (law 09-08, art. 7): everything the file holds about one member, read
from every domain that keeps something of a person, as frozen records."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.orm import Session, aliased

from nassij_desktop.core.activities.models import Activity, VolunteerTime
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import NotFound
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.donations.models import Donation
from nassij_desktop.core.governance.models import (
    AssemblyAttendance,
    BoardRole,
    BoardSeat,
    GeneralAssembly,
)
from nassij_desktop.core.members.models import DuesPayment, Member, MemberStatusChange
from nassij_desktop.core.members.records import MASK, member_record
from nassij_desktop.core.privacy.records import (
    AccountLine,
    AttendanceLine,
    AuditLine,
    DonationLine,
    DuesLine,
    PersonalData,
    SeatLine,
    StatusLine,
    VolunteerLine,
)
from nassij_desktop.core.users.models import User
from nassij_desktop.i18n import _

# The action an anonymisation is logged under (on the member).
ANONYMISE_ACTION = "anonymise"


def member_row(session: Session, number: str) -> Member:
    """The member with this number (as typed: surrounding spaces ignored), or NotFound."""
    number = number.strip()
    member = session.scalar(sa.select(Member).where(Member.number == number))
    if member is None:
        raise NotFound(_("No member has the number {number}.").format(number=number))
    return member


def is_anonymised(session: Session, member_id: int) -> bool:
    """Whether the member's identity was already taken out (an anonymisation is logged)."""
    return (
        session.scalar(
            sa.select(AuditEntry.id)
            .where(
                AuditEntry.entity == "member",
                AuditEntry.entity_id == member_id,
                AuditEntry.action == ANONYMISE_ACTION,
            )
            .limit(1)
        )
        is not None
    )


def personal_data(session: Session, actor: Actor, number: str) -> PersonalData:
    """Everything held about the member `number`: the record with every field (identity
    masked as the register masks it for `actor`), status changes, dues and their receipts,
    donations, board seats, assembly attendance, volunteer time, the linked user account,
    attachments, and the audit entries about them."""
    actor.require(Permission.PRIVACY_MANAGE)
    member = member_row(session, number)
    see_identity = actor.can(Permission.MEMBERS_IDENTITY)
    account = session.scalar(sa.select(User).where(User.member_id == member.id))
    return PersonalData(
        member=member_record(member, actor),
        category_ar=member.category.label_ar,
        category_fr=member.category.label_fr,
        anonymised=is_anonymised(session, member.id),
        statuses=_statuses(session, member.id),
        dues=_dues(session, member.id),
        donations=_donations(session, member.id, see_identity),
        seats=_seats(session, member.id),
        attendances=_attendances(session, member.id),
        volunteering=_volunteering(session, member.id),
        account=None
        if account is None
        else AccountLine(
            account.login,
            account.full_name,
            account.role.value,
            account.active,
            account.last_login_at,
        ),
        # The file links no attachment (photo, scan) to a person: vouchers belong to entries,
        # activity photos to activities. Kept so that the document says so.
        attachments=(),
        audit=_audit(session, member.id, None if account is None else account.id),
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def personal_data_json(data: PersonalData) -> str:
    """`data` as the JSON document given to the person (dates ISO, amounts "12.50")."""
    return json.dumps(_jsonable(dataclasses.asdict(data)), ensure_ascii=False, indent=2)


def _statuses(session: Session, member_id: int) -> tuple[StatusLine, ...]:
    rows = session.scalars(
        sa.select(MemberStatusChange)
        .where(MemberStatusChange.member_id == member_id)
        .order_by(MemberStatusChange.effective_on, MemberStatusChange.id)
    )
    return tuple(
        StatusLine(
            None if r.from_status is None else r.from_status.value,
            r.to_status.value,
            r.effective_on,
            r.reason,
        )
        for r in rows
    )


def _dues(session: Session, member_id: int) -> tuple[DuesLine, ...]:
    rows = session.scalars(
        sa.select(DuesPayment)
        .where(DuesPayment.member_id == member_id)
        .order_by(DuesPayment.year, DuesPayment.paid_on, DuesPayment.id)
    )
    return tuple(
        DuesLine(r.year, r.amount, r.paid_on, r.method.value, r.receipt_number, r.notes)
        for r in rows
    )


def _donations(session: Session, member_id: int, see_identity: bool) -> tuple[DonationLine, ...]:
    rows = session.scalars(
        sa.select(Donation)
        .where(Donation.member_id == member_id)
        .order_by(Donation.received_on, Donation.id)
    )
    return tuple(
        DonationLine(
            r.receipt_number,
            r.received_on,
            r.amount,
            r.in_kind,
            r.in_kind_description,
            r.purpose,
            r.cancelled,
            r.donor_name,
            r.donor_identity if see_identity or not r.donor_identity else MASK,
            r.donor_address,
        )
        for r in rows
    )


def _seats(session: Session, member_id: int) -> tuple[SeatLine, ...]:
    rows = session.execute(
        sa.select(BoardRole.label_ar, BoardRole.label_fr, BoardSeat.starts_on, BoardSeat.ends_on)
        .join(BoardRole, BoardRole.id == BoardSeat.role_id)
        .where(BoardSeat.member_id == member_id)
        .order_by(BoardSeat.starts_on, BoardSeat.id)
    )
    return tuple(SeatLine(r.label_ar, r.label_fr, r.starts_on, r.ends_on) for r in rows)


def _attendances(session: Session, member_id: int) -> tuple[AttendanceLine, ...]:
    holder = aliased(Member)
    rows = session.execute(
        sa.select(
            GeneralAssembly.kind,
            GeneralAssembly.held_on,
            GeneralAssembly.convened_on,
            AssemblyAttendance.attendance,
            holder.number,
        )
        .join(GeneralAssembly, GeneralAssembly.id == AssemblyAttendance.assembly_id)
        .outerjoin(holder, holder.id == AssemblyAttendance.proxy_holder_id)
        .where(AssemblyAttendance.member_id == member_id)
        .order_by(GeneralAssembly.convened_on, GeneralAssembly.id)
    )
    return tuple(
        AttendanceLine(r.kind.value, r.held_on or r.convened_on, r.attendance.value, r.number)
        for r in rows
    )


def _volunteering(session: Session, member_id: int) -> tuple[VolunteerLine, ...]:
    rows = session.execute(
        sa.select(Activity.title, Activity.starts_at, VolunteerTime.minutes)
        .join(Activity, Activity.id == VolunteerTime.activity_id)
        .where(VolunteerTime.member_id == member_id)
        .order_by(Activity.starts_at, Activity.id)
    )
    return tuple(VolunteerLine(r.title, r.starts_at.date(), r.minutes) for r in rows)


def _ids(
    session: Session, column: orm.InstrumentedAttribute[int], where: sa.ColumnElement[bool]
) -> list[int]:
    return list(session.scalars(sa.select(column).where(where)))


def audit_keys(session: Session, member_id: int, account_id: int | None) -> sa.ColumnElement[bool]:
    """The audit entries about the member: on the member, their dues, donations, attendance,
    volunteer time, and their user account."""
    about: list[tuple[str, Iterable[int]]] = [
        ("member", [member_id]),
        ("dues_payment", _ids(session, DuesPayment.id, DuesPayment.member_id == member_id)),
        ("donation", _ids(session, Donation.id, Donation.member_id == member_id)),
        (
            "assembly_attendance",
            _ids(session, AssemblyAttendance.id, AssemblyAttendance.member_id == member_id),
        ),
        ("volunteer_time", _ids(session, VolunteerTime.id, VolunteerTime.member_id == member_id)),
    ]
    if account_id is not None:
        about.append(("user", [account_id]))
    return sa.or_(
        *(
            sa.and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(list(ids)))
            for entity, ids in about
        )
    )


def _audit(session: Session, member_id: int, account_id: int | None) -> tuple[AuditLine, ...]:
    rows = session.execute(
        sa.select(
            AuditEntry.at,
            AuditEntry.login,
            AuditEntry.entity,
            AuditEntry.entity_id,
            AuditEntry.action,
        )
        .where(audit_keys(session, member_id, account_id))
        .order_by(AuditEntry.id)
    )
    return tuple(AuditLine(r.at, r.login, r.entity, r.entity_id, r.action) for r in rows)
