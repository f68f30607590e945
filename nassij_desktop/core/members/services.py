"""Member register services: the pattern every later service follows.

Each function validates, checks the actor's permission, writes inside the caller's
transaction (`with database.transaction() as session:`), records the change in the audit log,
and returns a plain record or raises a translated domain error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association import settings
from nassij_desktop.core.association.numbering import next_number
from nassij_desktop.core.books.receipts import (
    DUES_RECEIPTS,
    check_receipt_amount,
    post_receipt,
    receipt_treasury,
)
from nassij_desktop.core.common import audit
from nassij_desktop.core.common.errors import Conflict, NotFound, ValidationError
from nassij_desktop.core.common.names import sort_name
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import check_version, get_or_fail
from nassij_desktop.core.common.textnorm import search_key
from nassij_desktop.core.common.validators import (
    TextKind,
    clean_text,
    column_length,
    normalise_cin,
    normalise_phone,
    validate_email,
    validate_member_number,
)
from nassij_desktop.core.members.models import (
    DuesPayment,
    Gender,
    IdentityDocument,
    Member,
    MemberCategory,
    MemberStatus,
    MemberStatusChange,
    PaymentMethod,
)
from nassij_desktop.core.members.records import (
    DuesRecord,
    MemberRecord,
    member_record,
    require_dues_read,
)
from nassij_desktop.i18n import _


@dataclass
class MemberData:
    """The editable fields of a member, as a form or an import row provides them."""

    last_name_ar: str | None = None
    first_name_ar: str | None = None
    last_name_lat: str | None = None
    first_name_lat: str | None = None
    gender: Gender | None = None
    birth_date: dt.date | None = None
    birth_place: str | None = None
    nationality: str = "MA"
    id_document: IdentityDocument = IdentityDocument.CIN
    id_number: str | None = None
    profession: str | None = None
    address: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    join_date: dt.date | None = None
    category_code: str = "active"
    consent_date: dt.date | None = None
    consent_scope: str | None = None
    notes: str | None = None


EDITABLE = frozenset(f.name for f in fields(MemberData))
IDENTITY_FIELDS = frozenset({"id_number", "birth_date", "birth_place"})
# Text typed by a person, and how much of it is kept (see clean_text); lengths: the columns'.
TEXT_FIELDS = {
    "last_name_ar": TextKind.NAME,
    "first_name_ar": TextKind.NAME,
    "last_name_lat": TextKind.NAME,
    "first_name_lat": TextKind.NAME,
    "birth_place": TextKind.NAME,
    "profession": TextKind.NAME,
    "city": TextKind.NAME,
    "address": TextKind.LINE,
    "consent_scope": TextKind.LINE,
    "notes": TextKind.TEXT,
}


def _today() -> dt.date:
    return dt.date.today()


def _clean(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise member fields; errors name the field."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in EDITABLE:
            raise ValidationError(key, _("Unknown field: {field}").format(field=key))
        if isinstance(value, str) and key in TEXT_FIELDS:
            kind, length = TEXT_FIELDS[key], column_length(getattr(Member, key))
            value = clean_text(value, field=key, kind=kind, max_length=length)
        elif isinstance(value, str):
            value = " ".join(value.split()) or None
        out[key] = value
    if out.get("id_number"):
        out["id_number"] = normalise_cin(out["id_number"], field="id_number")
    if out.get("phone"):
        out["phone"] = normalise_phone(out["phone"], field="phone")
    if out.get("email"):
        out["email"] = validate_email(out["email"], field="email")
    if "gender" in out and out["gender"] is not None:
        try:
            out["gender"] = Gender(out["gender"])
        except ValueError:
            raise ValidationError("gender", _("Choose the gender.")) from None
    if "id_document" in out:
        try:
            out["id_document"] = IdentityDocument(out["id_document"] or IdentityDocument.CIN)
        except ValueError:
            raise ValidationError("id_document", _("Unknown identity document.")) from None
    if "nationality" in out:
        nationality = (out["nationality"] or "MA").upper()
        if len(nationality) != 2 or not nationality.isalpha():
            raise ValidationError(
                "nationality", _("Give the nationality as a two-letter country code (MA, FR…).")
            )
        out["nationality"] = nationality
    today = _today()
    if out.get("birth_date") and out["birth_date"] > today:
        raise ValidationError("birth_date", _("The birth date cannot be in the future."))
    if out.get("join_date") and out["join_date"] > today + dt.timedelta(days=366):
        raise ValidationError("join_date", _("The join date is too far in the future."))
    if out.get("birth_date") and out.get("join_date") and out["join_date"] < out["birth_date"]:
        raise ValidationError("join_date", _("The join date is before the birth date."))
    if "category_code" in out:
        category = session.scalar(
            sa.select(MemberCategory).where(MemberCategory.code == (out.pop("category_code") or ""))
        )
        if category is None:
            raise ValidationError("category_code", _("Unknown member category."))
        out["category_id"] = category.id
    return out


def _require_consent_date(member: Member) -> None:
    """Consent given (its scope recorded) is consent dated: law 09-08 asks when it was given."""
    if member.consent_scope and member.consent_date is None:
        raise ValidationError("consent_date", _("Enter the date of the consent."))


def _require_name(member: Member) -> None:
    if not (member.last_name_ar or member.last_name_lat):
        raise ValidationError(
            "last_name_ar", _("Give the family name in Arabic or in Latin letters.")
        )
    if not (member.first_name_ar or member.first_name_lat):
        raise ValidationError(
            "first_name_ar", _("Give the first name in Arabic or in Latin letters.")
        )


def member_search_text(
    first_name_ar: str | None,
    last_name_ar: str | None,
    first_name_lat: str | None,
    last_name_lat: str | None,
    number: str | None,
    phone: str | None,
    email: str | None,
) -> str:
    """The `search_text` of a member with these values (bulk writers use it on plain values)."""
    national = "0" + phone[4:] if phone and phone.startswith("+212") else None
    return search_key(
        first_name_ar, last_name_ar, first_name_lat, last_name_lat, number, phone, national, email
    )


def search_text_of(member: Member) -> str:
    return member_search_text(
        member.first_name_ar,
        member.last_name_ar,
        member.first_name_lat,
        member.last_name_lat,
        member.number,
        member.phone,
        member.email,
    )


def member_sort_names(
    first_name_ar: str | None,
    last_name_ar: str | None,
    first_name_lat: str | None,
    last_name_lat: str | None,
) -> tuple[str, str]:
    """(`sort_name_ar`, `sort_name_lat`) of a member with these names (bulk writers use it on
    plain values): the keys of core.common.names.sort_name for each reader."""
    names = (first_name_ar, last_name_ar, first_name_lat, last_name_lat)
    return sort_name("ar", *names), sort_name("fr", *names)


def _refresh_search_text(member: Member) -> None:
    """The keys derived from the member's names: search text and sort keys (call it wherever
    names, number, phone or e-mail may have changed)."""
    member.search_text = search_text_of(member)
    member.sort_name_ar, member.sort_name_lat = member_sort_names(
        member.first_name_ar, member.last_name_ar, member.first_name_lat, member.last_name_lat
    )


def _check_duplicate_id(session: Session, member: Member) -> None:
    if not member.id_number:
        return
    clash = session.scalar(
        sa.select(Member.number).where(
            Member.id_number == member.id_number,
            Member.id_document == member.id_document,
            Member.id != member.id if member.id else sa.true(),
        )
    )
    if clash:
        raise Conflict(
            _("Member {number} already has the identity number {id_number}.").format(
                number=clash, id_number=member.id_number
            )
        )


def _format_member_number(session: Session, value: int) -> str:
    width = int(settings.get_setting(session, "members.number_width"))
    return str(value).zfill(width)


def create_member(
    session: Session, actor: Actor, data: MemberData, *, number: str | None = None
) -> MemberRecord:
    actor.require(Permission.MEMBERS_WRITE)
    values = _clean(session, {f.name: getattr(data, f.name) for f in fields(MemberData)})
    if values.get("join_date") is None:
        values["join_date"] = _today()
    member = Member(**values, status=MemberStatus.ACTIVE, status_since=values["join_date"])
    _require_name(member)
    _require_consent_date(member)
    if number is not None:
        number = validate_member_number(number, field="number")
        if session.scalar(sa.select(Member.id).where(Member.number == number)):
            raise Conflict(_("The member number {number} is already used.").format(number=number))
        member.number = number
    else:
        member.number = _format_member_number(session, next_number(session, "member"))
        while session.scalar(sa.select(Member.id).where(Member.number == member.number)):
            member.number = _format_member_number(session, next_number(session, "member"))
    _check_duplicate_id(session, member)
    member.status_history.append(
        MemberStatusChange(
            from_status=None,
            to_status=MemberStatus.ACTIVE,
            effective_on=member.join_date,
            reason=_("Joined"),
            recorded_by_id=actor.user_id,
        )
    )
    _refresh_search_text(member)
    session.add(member)
    session.flush()
    audit.record(session, actor, "create", "member", member.id, after=audit.snapshot(member))
    return member_record(member, actor)


def update_member(
    session: Session,
    actor: Actor,
    member_id: int,
    expected_version: int | None,
    **changes: Any,
) -> MemberRecord:
    """Change some fields. `expected_version` is the version the editor opened; a record saved
    since then by someone else is refused rather than overwritten."""
    actor.require(Permission.MEMBERS_WRITE)
    if IDENTITY_FIELDS & changes.keys():
        actor.require(Permission.MEMBERS_IDENTITY)
    member = get_or_fail(session, Member, member_id, _("member"))
    check_version(member, expected_version)
    values = _clean(session, changes)
    before = audit.snapshot(member)
    for key, value in values.items():
        setattr(member, key, value)
    _require_name(member)
    _require_consent_date(member)
    _check_duplicate_id(session, member)
    _refresh_search_text(member)
    session.flush()
    audit.record(
        session, actor, "update", "member", member.id, before=before, after=audit.snapshot(member)
    )
    return member_record(member, actor)


def change_member_status(
    session: Session,
    actor: Actor,
    member_id: int,
    new_status: MemberStatus,
    effective_on: dt.date,
    reason: str | None = None,
    *,
    expected_version: int | None = None,
) -> MemberRecord:
    actor.require(Permission.MEMBERS_WRITE)
    member = get_or_fail(session, Member, member_id, _("member"))
    check_version(member, expected_version)
    new_status = MemberStatus(new_status)
    if new_status is member.status:
        raise ValidationError("status", _("The member already has this status."))
    if member.status is MemberStatus.DECEASED:
        raise Conflict(_("A deceased member's status cannot change."))
    if effective_on < member.status_since:
        raise ValidationError(
            "effective_on",
            _("The date is before the member's current status ({date}).").format(
                date=member.status_since.isoformat()
            ),
        )
    reason = clean_text(reason, field="reason", kind=TextKind.TEXT)
    if new_status in {MemberStatus.EXCLUDED, MemberStatus.SUSPENDED} and not reason:
        raise ValidationError("reason", _("Give the reason for an exclusion or a suspension."))
    before = audit.snapshot(member)
    member.status_history.append(
        MemberStatusChange(
            from_status=member.status,
            to_status=new_status,
            effective_on=effective_on,
            reason=reason,
            recorded_by_id=actor.user_id,
        )
    )
    member.status = new_status
    member.status_since = effective_on
    session.flush()
    audit.record(
        session, actor, "status", "member", member.id, before=before, after=audit.snapshot(member)
    )
    return member_record(member, actor)


def get_member(session: Session, actor: Actor, member_id: int) -> MemberRecord:
    actor.require(Permission.MEMBERS_READ)
    return member_record(get_or_fail(session, Member, member_id, _("member")), actor)


def record_dues(
    session: Session,
    actor: Actor,
    member_id: int,
    year: int,
    amount: Decimal,
    paid_on: dt.date,
    method: PaymentMethod,
    notes: str | None = None,
) -> DuesRecord:
    """Record a member's dues, give it a numbered receipt and post it to the books."""
    actor.require(Permission.DUES_WRITE)
    member = get_or_fail(session, Member, member_id, _("member"))
    amount = check_receipt_amount(amount)
    if not 1900 <= year <= paid_on.year + 1:
        raise ValidationError("year", _("The dues year is not plausible."))
    if paid_on > _today():
        raise ValidationError("paid_on", _("The payment date cannot be in the future."))
    if member.status in {MemberStatus.DECEASED, MemberStatus.EXCLUDED}:
        raise Conflict(_("Dues cannot be recorded for a deceased or excluded member."))
    method = PaymentMethod(method)
    notes = clean_text(notes, field="notes", kind=TextKind.TEXT)
    label = _("Dues {year} — member {number}").format(year=year, number=member.number)
    receipt = post_receipt(
        session,
        actor,
        DUES_RECEIPTS,
        amount=amount,
        received_on=paid_on,
        label=lambda _receipt: label,
        into=receipt_treasury(method is PaymentMethod.CASH),
    )
    payment = DuesPayment(
        member_id=member.id,
        year=year,
        amount=receipt.amount,
        paid_on=paid_on,
        method=method,
        receipt_number=receipt.receipt_number,
        journal_entry_id=receipt.journal_entry_id,
        notes=notes,
    )
    session.add(payment)
    session.flush()
    audit.record(
        session, actor, "create", "dues_payment", payment.id, after=audit.snapshot(payment)
    )
    return _dues_record(payment)


def _dues_record(payment: DuesPayment) -> DuesRecord:
    return DuesRecord(
        id=payment.id,
        member_id=payment.member_id,
        year=payment.year,
        amount=payment.amount,
        paid_on=payment.paid_on,
        method=payment.method,
        receipt_number=payment.receipt_number,
        journal_entry_id=payment.journal_entry_id,
    )


@dataclass(frozen=True)
class CategoryRecord:
    code: str
    label_ar: str
    label_fr: str
    label_en: str
    default_dues: Decimal
    active: bool

    def label(self, lang: str) -> str:
        return {"ar": self.label_ar, "fr": self.label_fr}.get(lang, self.label_en)


def list_categories(session: Session, actor: Actor) -> list[CategoryRecord]:
    """The member categories in their configured order, with their usual yearly dues."""
    actor.require(Permission.MEMBERS_READ)
    rows = session.scalars(
        sa.select(MemberCategory).order_by(MemberCategory.position, MemberCategory.id)
    )
    return [
        CategoryRecord(c.code, c.label_ar, c.label_fr, c.label_en, c.default_dues, c.active)
        for c in rows
    ]


def list_dues(session: Session, actor: Actor, member_id: int) -> list[DuesRecord]:
    require_dues_read(actor)
    rows = session.scalars(
        sa.select(DuesPayment)
        .where(DuesPayment.member_id == member_id)
        .order_by(DuesPayment.year, DuesPayment.paid_on)
    )
    return [_dues_record(p) for p in rows]


def member_by_number(session: Session, actor: Actor, number: str) -> MemberRecord:
    """The member with this number (as typed: surrounding spaces ignored), or NotFound."""
    actor.require(Permission.MEMBERS_READ)
    number = number.strip()
    member = session.scalar(sa.select(Member).where(Member.number == number))
    if member is None:
        raise NotFound(_("No member has the number {number}.").format(number=number))
    return member_record(member, actor)
