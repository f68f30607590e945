"""Member register services: the pattern every later service follows.

Each function validates, checks the actor's permission, writes inside the caller's
transaction (`with database.transaction() as session:`), records the change in the audit log,
and returns a plain record or raises a translated domain error.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from types import MappingProxyType
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from nassij_desktop.core.association import settings
from nassij_desktop.core.association.numbering import next_numbers
from nassij_desktop.core.books.receipts import (
    DUES_RECEIPTS,
    EntryParties,
    ReceiptData,
    check_receipt_amount,
    entry_payment_method,
    post_receipt,
    post_receipts,
    receipt_treasury,
)
from nassij_desktop.core.common import audit, clock, conflicts
from nassij_desktop.core.common.bulk import BulkInsert
from nassij_desktop.core.common.conflicts import locked
from nassij_desktop.core.common.errors import Conflict, NassijError, NotFound, ValidationError
from nassij_desktop.core.common.names import display_name, sort_name
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import (
    check_version,
    get_or_fail,
    in_chunks,
    missing,
    row_error,
)
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
    address: str | None = None  # in Latin letters
    address_ar: str | None = None
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
    "address_ar": TextKind.LINE,
    "consent_scope": TextKind.LINE,
    "notes": TextKind.TEXT,
}


@functools.cache
def _text_lengths() -> dict[str, int | None]:
    """The length of each text field's column (read once: through the mapped attribute it is
    slow, and a batch asks for it on every row)."""
    return {key: column_length(getattr(Member, key)) for key in TEXT_FIELDS}


def _clean(
    session: Session, values: dict[str, Any], categories: Mapping[str, int] | None = None
) -> dict[str, Any]:
    """Validate and normalise member fields; errors name the field. `categories` (code → id)
    saves a batch a query per member."""
    out: dict[str, Any] = {}
    lengths = _text_lengths()
    for key, value in values.items():
        if key not in EDITABLE:
            raise ValidationError(key, _("Unknown field: {field}").format(field=key))
        if isinstance(value, str):
            kind = TEXT_FIELDS.get(key)
            if kind is not None:
                value = clean_text(value, field=key, kind=kind, max_length=lengths[key])
            else:
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
    today = clock.today()
    if out.get("birth_date") and out["birth_date"] > today:
        raise ValidationError("birth_date", _("The birth date cannot be in the future."))
    if out.get("join_date") and out["join_date"] > today + dt.timedelta(days=366):
        raise ValidationError("join_date", _("The join date is too far in the future."))
    if out.get("birth_date") and out.get("join_date") and out["join_date"] < out["birth_date"]:
        raise ValidationError("join_date", _("The join date is before the birth date."))
    if "category_code" in out:
        code = out.pop("category_code") or ""
        if categories is None:
            category_id = session.scalar(
                sa.select(MemberCategory.id).where(MemberCategory.code == code)
            )
        else:
            category_id = categories.get(code)
        if category_id is None:
            raise ValidationError("category_code", _("Unknown member category."))
        out["category_id"] = category_id
    return out


def _require_complete(values: Mapping[str, Any]) -> None:
    """A name in either script; consent given (its scope recorded) is consent dated: law 09-08
    asks when it was given. `values`: a member's fields, as cleaned or as stored."""
    if not (values.get("last_name_ar") or values.get("last_name_lat")):
        raise ValidationError(
            "last_name_ar", _("Give the family name in Arabic or in Latin letters.")
        )
    if not (values.get("first_name_ar") or values.get("first_name_lat")):
        raise ValidationError(
            "first_name_ar", _("Give the first name in Arabic or in Latin letters.")
        )
    if values.get("consent_scope") and values.get("consent_date") is None:
        raise ValidationError("consent_date", _("Enter the date of the consent."))


_COMPLETE_FIELDS = (
    "last_name_ar",
    "last_name_lat",
    "first_name_ar",
    "first_name_lat",
    "consent_scope",
    "consent_date",
)


def _stored_values(member: Member) -> dict[str, Any]:
    return {key: getattr(member, key) for key in _COMPLETE_FIELDS}


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


def _duplicate_id(number: str, id_number: str) -> Conflict:
    return Conflict(
        _("Member {number} already has the identity number {id_number}.").format(
            number=number, id_number=id_number
        )
    )


def _id_holders(
    session: Session, keys: Iterable[tuple[IdentityDocument, str]], *, besides: int | None = None
) -> dict[tuple[IdentityDocument, str], str]:
    """The members who hold these identity numbers: (document, number) → member number."""
    wanted = set(keys)
    holders: dict[tuple[IdentityDocument, str], str] = {}
    for chunk in in_chunks({id_number for _document, id_number in wanted}):
        query = sa.select(Member.id_document, Member.id_number, Member.number).where(
            Member.id_number.in_(chunk)
        )
        if besides is not None:
            query = query.where(Member.id != besides)
        for document, id_number, number in session.execute(query):
            if id_number is not None and (document, id_number) in wanted:
                holders[(document, id_number)] = number
    return holders


def _check_duplicate_id(session: Session, member: Member) -> None:
    if not member.id_number:
        return
    key = (member.id_document, member.id_number)
    clash = _id_holders(session, [key], besides=member.id or None).get(key)
    if clash:
        raise _duplicate_id(clash, member.id_number)


def _new_numbers(session: Session, count: int) -> list[str]:
    """The register's next `count` numbers, skipping any a member was given by hand."""
    width = int(settings.get_setting(session, "members.number_width"))
    numbers: list[str] = []
    while len(numbers) < count:
        drawn = [str(v).zfill(width) for v in next_numbers(session, "member", count - len(numbers))]
        taken = {
            n
            for chunk in in_chunks(drawn)
            for n in session.scalars(sa.select(Member.number).where(Member.number.in_(chunk)))
        }
        numbers.extend(n for n in drawn if n not in taken)
    return numbers


_DATA_FIELDS = tuple(f.name for f in fields(MemberData))


def _new_member_values(
    session: Session, data: MemberData, categories: Mapping[str, int] | None = None
) -> dict[str, Any]:
    """The checked fields of a member being registered (joined today unless said)."""
    values = _clean(session, {name: getattr(data, name) for name in _DATA_FIELDS}, categories)
    if values.get("join_date") is None:
        values["join_date"] = clock.today()
    _require_complete(values)
    return values


def category_ids(session: Session) -> dict[str, int]:
    """The member categories' codes → ids (the `categories` of `check_new_member`)."""
    return dict(session.execute(sa.select(MemberCategory.code, MemberCategory.id)).all())


def check_new_member(
    session: Session, data: MemberData, categories: Mapping[str, int] | None = None
) -> dict[str, Any]:
    """The checks `create_member` and `register_members` run on a new member's fields, for a
    caller that reports every refused row before writing (an import's preview): the cleaned
    values, or the `ValidationError` naming its field. The caller checks the permission."""
    return _new_member_values(session, data, categories)


@dataclass(frozen=True, slots=True)
class CheckedMember:
    """A new member's fields as `checked_member` cleaned them (the one set of checks every
    new member goes through): what `register_checked_members` writes without checking each
    field again. Made only by `checked_member`."""

    values: Mapping[str, Any]


def checked_member(
    session: Session, data: MemberData, categories: Mapping[str, int] | None = None
) -> CheckedMember:
    """`check_new_member`, its values kept for `register_checked_members` (an import checks
    every row once, to report them all, then registers the rows it checked)."""
    return CheckedMember(MappingProxyType(_new_member_values(session, data, categories)))


def identity_holders(
    session: Session, keys: Iterable[tuple[IdentityDocument, str]]
) -> dict[tuple[IdentityDocument, str], str]:
    """The members who hold these identity numbers: (document, number) → member number."""
    return _id_holders(session, keys)


def create_member(
    session: Session, actor: Actor, data: MemberData, *, number: str | None = None
) -> MemberRecord:
    actor.require(Permission.MEMBERS_WRITE)
    values = _new_member_values(session, data)
    member = Member(**values, status=MemberStatus.ACTIVE, status_since=values["join_date"])
    if number is not None:
        number = validate_member_number(number, field="number")
        if session.scalar(sa.select(Member.id).where(Member.number == number)):
            raise Conflict(_("The member number {number} is already used.").format(number=number))
        member.number = number
    else:
        member.number = _new_numbers(session, 1)[0]
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
    audit.log_write(session, actor, "create", member, snapshot=audit.snapshot)
    return member_record(member, actor)


@dataclass(frozen=True, slots=True)
class RegisteredMember:
    """A member registered by `register_members`: its id and the number it was given."""

    id: int
    number: str


# The columns `register_members` writes: a member's checked fields and what the register adds.
_MEMBER_FIELDS = tuple(name for name in _DATA_FIELDS if name != "category_code")
_MEMBER_COLUMNS = (
    "number",
    *_MEMBER_FIELDS,
    "category_id",
    "status",
    "status_since",
    "search_text",
    "sort_name_ar",
    "sort_name_lat",
)
_HISTORY_COLUMNS = (
    "member_id",
    "from_status",
    "to_status",
    "effective_on",
    "reason",
    "recorded_by_id",
)


def register_members(
    session: Session, actor: Actor, members: Sequence[MemberData]
) -> list[RegisteredMember]:
    """Register many members at once (an import, the demo), numbered in their order: what
    `create_member` does for each, by the same rules, written many rows at a time and audited
    in one pass. A refused member (its row, 1 for the first, and field named) refuses the
    whole batch: nothing of it is written."""
    actor.require(Permission.MEMBERS_WRITE)
    categories = category_ids(session)
    checked: list[Mapping[str, Any]] = []
    first_row: dict[tuple[IdentityDocument, str], int] = {}
    for row, data in enumerate(members, start=1):
        try:
            values = _new_member_values(session, data, categories)
            _note_identity(first_row, values, row)
        except NassijError as error:
            raise row_error(error, row) from None
        checked.append(values)
    return _write_new_members(session, actor, checked, first_row)


def register_checked_members(
    session: Session, actor: Actor, members: Sequence[CheckedMember]
) -> list[RegisteredMember]:
    """`register_members` for members whose fields `checked_member` has already checked in
    this session (an import's rows): each field is not checked again, but the batch is: the
    same identity number twice in it, or already in the register, refuses it whole (its row,
    1 for the first, named)."""
    actor.require(Permission.MEMBERS_WRITE)
    checked = [member.values for member in members]
    first_row: dict[tuple[IdentityDocument, str], int] = {}
    for row, values in enumerate(checked, start=1):
        try:
            _note_identity(first_row, values, row)
        except NassijError as error:
            raise row_error(error, row) from None
    return _write_new_members(session, actor, checked, first_row)


def _note_identity(
    first_row: dict[tuple[IdentityDocument, str], int], values: Mapping[str, Any], row: int
) -> None:
    """Note the row of a member's identity number; refuse it if an earlier row has it."""
    if values.get("id_number"):
        key = (values["id_document"], values["id_number"])
        if key in first_row:
            raise Conflict(
                _("The identity number {id_number} is also on row {row}.").format(
                    id_number=key[1], row=first_row[key]
                )
            )
        first_row[key] = row


def _write_new_members(
    session: Session,
    actor: Actor,
    checked: Sequence[Mapping[str, Any]],
    first_row: dict[tuple[IdentityDocument, str], int],
) -> list[RegisteredMember]:
    """Write members whose fields are checked and whose identity numbers differ (`first_row`:
    each number's row), numbered in their order, with their history and audit: refused whole
    if the register already holds one of the numbers."""
    holders = _id_holders(session, first_row)
    if holders:
        key = min(holders, key=first_row.__getitem__)
        raise row_error(_duplicate_id(holders[key], key[1]), first_row[key])
    if not checked:
        return []
    numbers = _new_numbers(session, len(checked))
    writer = BulkInsert(session, Member.__table__, _MEMBER_COLUMNS, keep_ids=True)
    writer.insert(
        (
            number,
            *(values[name] for name in _MEMBER_FIELDS),
            values["category_id"],
            MemberStatus.ACTIVE,
            values["join_date"],
            member_search_text(
                values["first_name_ar"],
                values["last_name_ar"],
                values["first_name_lat"],
                values["last_name_lat"],
                number,
                values["phone"],
                values["email"],
            ),
            *member_sort_names(
                values["first_name_ar"],
                values["last_name_ar"],
                values["first_name_lat"],
                values["last_name_lat"],
            ),
        )
        for number, values in zip(numbers, checked, strict=True)
    )
    ids: dict[str, int] = writer.ids("number")
    joined = _("Joined")
    BulkInsert(session, MemberStatusChange.__table__, _HISTORY_COLUMNS, now=writer.now).insert(
        (ids[number], None, MemberStatus.ACTIVE, values["join_date"], joined, actor.user_id)
        for number, values in zip(numbers, checked, strict=True)
    )
    stamps = {"created_at": writer.now, "updated_at": writer.now, "version": 1}
    audit.record_many(
        session,
        actor,
        (
            audit.AuditItem(
                "create",
                "member",
                ids[number],
                after=audit.snapshot_values(
                    Member.__table__,
                    {
                        **values,
                        **stamps,
                        "id": ids[number],
                        "number": number,
                        "status": MemberStatus.ACTIVE,
                        "status_since": values["join_date"],
                    },
                ),
            )
            for number, values in zip(numbers, checked, strict=True)
        ),
    )
    return [RegisteredMember(ids[number], number) for number in numbers]


def update_member(
    session: Session,
    actor: Actor,
    member_id: int,
    expected_version: int | None,
    *,
    overwrite: bool = False,
    **changes: Any,
) -> MemberRecord:
    """Change some fields. `expected_version` is the version the editor opened; a record saved
    since then by someone else is refused (`ConflictError`, with what they saved) rather than
    overwritten, unless `overwrite` (the user saw their values and chose to save over them)."""
    actor.require(Permission.MEMBERS_WRITE)
    if IDENTITY_FIELDS & changes.keys():
        actor.require(Permission.MEMBERS_IDENTITY)
    member = locked(session, Member, member_id, _("member"))
    overwriting = conflicts.check_version(member, expected_version, overwrite=overwrite)
    values = _clean(session, changes)
    before = audit.snapshot(member)
    for key, value in values.items():
        setattr(member, key, value)
    _require_complete(_stored_values(member))
    _check_duplicate_id(session, member)
    _refresh_search_text(member)
    session.flush()
    action = conflicts.OVERWRITE_ACTION if overwriting else "update"
    audit.record(
        session, actor, action, "member", member.id, before=before, after=audit.snapshot(member)
    )
    return member_record(member, actor)


def _checked_status_change(
    current: MemberStatus,
    since: dt.date,
    new_status: MemberStatus,
    effective_on: dt.date,
    reason: str | None,
) -> tuple[MemberStatus, str | None]:
    """The new status and the cleaned reason, if a member in `current` status since `since`
    may take it on `effective_on`."""
    new_status = MemberStatus(new_status)
    if new_status is current:
        raise ValidationError("status", _("The member already has this status."))
    if current is MemberStatus.DECEASED:
        raise Conflict(_("A deceased member's status cannot change."))
    if effective_on < since:
        raise ValidationError(
            "effective_on",
            _("The date is before the member's current status ({date}).").format(
                date=since.isoformat()
            ),
        )
    reason = clean_text(reason, field="reason", kind=TextKind.TEXT)
    if new_status in {MemberStatus.EXCLUDED, MemberStatus.SUSPENDED} and not reason:
        raise ValidationError("reason", _("Give the reason for an exclusion or a suspension."))
    return new_status, reason


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
    new_status, reason = _checked_status_change(
        member.status, member.status_since, new_status, effective_on, reason
    )
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


@dataclass(frozen=True)
class StatusChange:
    """One change of `change_member_statuses`: the arguments of `change_member_status`."""

    member_id: int
    status: MemberStatus
    effective_on: dt.date
    reason: str | None = None


def _status_audit(status: MemberStatus, since: dt.date) -> dict[str, Any]:
    return {"status": status.value, "status_since": since.isoformat()}


def change_member_statuses(session: Session, actor: Actor, changes: Sequence[StatusChange]) -> int:
    """Change the status of many members at once, in their order (a member may change twice):
    what `change_member_status` does for each, by the same rules, in one batch. A refused
    change (its row, 1 for the first, named) refuses the whole batch. Returns how many."""
    actor.require(Permission.MEMBERS_WRITE)
    session.flush()  # members changed in this session are read as they now stand
    state: dict[int, tuple[MemberStatus, dt.date]] = {}
    for chunk in in_chunks({c.member_id for c in changes}):
        rows = session.execute(
            sa.select(Member.id, Member.status, Member.status_since).where(Member.id.in_(chunk))
        )
        state.update((member_id, (status, since)) for member_id, status, since in rows)
    history, items = [], []
    counts: dict[int, int] = {}
    for row, change in enumerate(changes, start=1):
        try:
            if change.member_id not in state:
                raise missing(_("member"), change.member_id)
            current, since = state[change.member_id]
            status, reason = _checked_status_change(
                current, since, change.status, change.effective_on, change.reason
            )
        except NassijError as error:
            raise row_error(error, row) from None
        on = change.effective_on
        history.append((change.member_id, current, status, on, reason, actor.user_id))
        items.append(
            audit.AuditItem(
                "status",
                "member",
                change.member_id,
                before=_status_audit(current, since),
                after=_status_audit(status, on),
            )
        )
        state[change.member_id] = (status, on)
        counts[change.member_id] = counts.get(change.member_id, 0) + 1
    if not history:
        return 0
    table = cast(sa.Table, Member.__table__)  # a declarative class maps one Table
    writer = BulkInsert(session, MemberStatusChange.__table__, _HISTORY_COLUMNS)
    writer.insert(history)
    session.connection().execute(
        table.update()
        .where(table.c.id == sa.bindparam("member_id"))
        .values(
            status=sa.bindparam("new_status"),
            status_since=sa.bindparam("since"),
            version=table.c.version + sa.bindparam("changes"),
            updated_at=writer.now,
        ),
        [
            {
                "member_id": member_id,
                "new_status": state[member_id][0],
                "since": state[member_id][1],
                "changes": count,
            }
            for member_id, count in counts.items()
        ],
    )
    audit.record_many(session, actor, items)
    for member_id in counts:  # a member loaded in this session is read again
        loaded = session.identity_map.get(identity_key(Member, member_id))
        if loaded is not None:
            session.expire(loaded)
    return len(history)


def get_member(session: Session, actor: Actor, member_id: int) -> MemberRecord:
    actor.require(Permission.MEMBERS_READ)
    return member_record(get_or_fail(session, Member, member_id, _("member")), actor)


def checked_dues(
    status: MemberStatus,
    year: int,
    amount: Decimal,
    paid_on: dt.date,
    method: PaymentMethod,
    notes: str | None,
) -> tuple[Decimal, PaymentMethod, str | None]:
    """The amount, method and cleaned notes of dues paid by a member in `status`."""
    amount = check_receipt_amount(amount)
    if not 1900 <= year <= paid_on.year + 1:
        raise ValidationError("year", _("The dues year is not plausible."))
    if paid_on > clock.today():
        raise ValidationError("paid_on", _("The payment date cannot be in the future."))
    if status in {MemberStatus.DECEASED, MemberStatus.EXCLUDED}:
        raise Conflict(_("Dues cannot be recorded for a deceased or excluded member."))
    return amount, PaymentMethod(method), clean_text(notes, field="notes", kind=TextKind.TEXT)


def record_dues(
    session: Session,
    actor: Actor,
    member_id: int,
    year: int,
    amount: Decimal,
    paid_on: dt.date,
    method: PaymentMethod,
    notes: str | None = None,
    *,
    seen_years: Collection[int] | None = None,
) -> DuesRecord:
    """Record a member's dues, give it a numbered receipt and post it to the books.

    `seen_years`: the years the person saw recorded when they began (the dues dialog). A year
    recorded since by someone else (another computer) is refused rather than paid twice
    unknowingly; a second payment of a year already seen stays possible (instalments)."""
    actor.require(Permission.DUES_WRITE)
    if seen_years is None:
        member = get_or_fail(session, Member, member_id, _("member"))
    else:
        # The member's row locked: two computers recording the same year wait for each other.
        member = locked(session, Member, member_id, _("member"))
        meanwhile = session.scalar(
            sa.select(DuesPayment.receipt_number)
            .where(DuesPayment.member_id == member_id, DuesPayment.year == year)
            .order_by(DuesPayment.id.desc())
            .limit(1)
        )
        if meanwhile is not None and year not in seen_years:
            raise Conflict(
                _(
                    "The dues of {year} of member {number} were recorded meanwhile, on another "
                    "computer (receipt {receipt}). Close this window to see them; record them "
                    "again only for a second payment."
                ).format(year=year, number=member.number, receipt=meanwhile)
            )
    amount, method, notes = checked_dues(member.status, year, amount, paid_on, method, notes)
    label = _("Dues {year} — member {number}").format(year=year, number=member.number)
    receipt = post_receipt(
        session,
        actor,
        DUES_RECEIPTS,
        amount=amount,
        received_on=paid_on,
        label=lambda _receipt: label,
        into=receipt_treasury(method is PaymentMethod.CASH),
        parties=dues_parties(
            display_name(
                "fr",
                member.first_name_ar,
                member.last_name_ar,
                member.first_name_lat,
                member.last_name_lat,
            ),
            member.number,
            method,
        ),
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


@dataclass(frozen=True)
class DuesData:
    """One payment of `record_dues_batch`: the arguments of `record_dues`."""

    member_id: int
    year: int
    amount: Decimal
    paid_on: dt.date
    method: PaymentMethod
    notes: str | None = None


_DUES_COLUMNS = (
    "member_id",
    "year",
    "amount",
    "paid_on",
    "method",
    "receipt_number",
    "journal_entry_id",
    "notes",
)


def dues_parties(name: str, number: str, method: PaymentMethod) -> EntryParties:
    """The member who paid (their Latin name, as an accountant's FEC reads it, else the
    Arabic one; their number as the third party's code) and the method, on the entry."""
    return EntryParties(name or None, number, entry_payment_method(method))


def _label(text: str) -> Callable[[str], str]:
    return lambda _receipt: text


def record_dues_batch(
    session: Session, actor: Actor, payments: Sequence[DuesData]
) -> list[DuesRecord]:
    """Record many dues payments at once, their receipts numbered in their order: what
    `record_dues` does for each, by the same rules, posted by `post_receipts` and audited in
    one pass. A refused payment (its row, 1 for the first, named) refuses the whole batch:
    nothing of it is written, no receipt number is used."""
    actor.require(Permission.DUES_WRITE)
    members: dict[int, tuple[str, MemberStatus]] = {}
    names: dict[int, str] = {}
    for chunk in in_chunks({p.member_id for p in payments}):
        found = session.execute(
            sa.select(
                Member.id,
                Member.number,
                Member.status,
                Member.first_name_ar,
                Member.last_name_ar,
                Member.first_name_lat,
                Member.last_name_lat,
            ).where(Member.id.in_(chunk))
        )
        for r in found:
            members[r.id] = (r.number, r.status)
            names[r.id] = display_name(
                "fr", r.first_name_ar, r.last_name_ar, r.first_name_lat, r.last_name_lat
            )
    checked = []
    for row, payment in enumerate(payments, start=1):
        try:
            if payment.member_id not in members:
                raise missing(_("member"), payment.member_id)
            checked.append(
                checked_dues(
                    members[payment.member_id][1],
                    payment.year,
                    payment.amount,
                    payment.paid_on,
                    payment.method,
                    payment.notes,
                )
            )
        except NassijError as error:
            raise row_error(error, row) from None
    if not checked:
        return []
    label = _("Dues {year} — member {number}")
    receipts = post_receipts(
        session,
        actor,
        DUES_RECEIPTS,
        [
            ReceiptData(
                amount=amount,
                received_on=p.paid_on,
                label=_label(label.format(year=p.year, number=members[p.member_id][0])),
                into=receipt_treasury(method is PaymentMethod.CASH),
                parties=dues_parties(names[p.member_id], members[p.member_id][0], method),
            )
            for p, (amount, method, _notes) in zip(payments, checked, strict=True)
        ],
    )
    rows = [
        (
            p.member_id,
            p.year,
            r.amount,
            p.paid_on,
            method,
            r.receipt_number,
            r.journal_entry_id,
            notes,
        )
        for p, (_amount, method, notes), r in zip(payments, checked, receipts, strict=True)
    ]
    writer = BulkInsert(session, DuesPayment.__table__, _DUES_COLUMNS, keep_ids=True)
    writer.insert(rows)
    ids: dict[str, int] = writer.ids("receipt_number")
    stamps = {"created_at": writer.now, "updated_at": writer.now, "version": 1}
    audit.record_many(
        session,
        actor,
        (
            audit.AuditItem(
                "create",
                "dues_payment",
                ids[values[5]],
                after=audit.snapshot_values(
                    DuesPayment.__table__,
                    {
                        "id": ids[values[5]],
                        **dict(zip(_DUES_COLUMNS, values, strict=True)),
                        **stamps,
                    },
                ),
            )
            for values in rows
        ),
    )
    return [
        DuesRecord(
            id=ids[values[5]],
            member_id=values[0],
            year=values[1],
            amount=values[2],
            paid_on=values[3],
            method=values[4],
            receipt_number=values[5],
            journal_entry_id=values[6],
        )
        for values in rows
    ]


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
