"""Activities logged by volunteers, with their beneficiaries and volunteer hours; programmes.

The member services' pattern: permission, then validation (a `ValidationError` names the
field), writes in the caller's transaction, an audit record, a frozen record returned.
Activities have no status of their own: an activity is logged once it took place (or as
planned), corrected by `update_activity`.

Beneficiaries are counted, never named: a count per gender and age group. Volunteer time is
kept in whole minutes per member.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from nassij_desktop.core.activities.models import (
    Activity,
    ActivityKind,
    AgeGroup,
    BeneficiaryCount,
    Programme,
    VolunteerTime,
)
from nassij_desktop.core.association.regions import region_codes
from nassij_desktop.core.common import audit, conflicts
from nassij_desktop.core.common.clock import utcnow
from nassij_desktop.core.common.conflicts import locked
from nassij_desktop.core.common.errors import Conflict, PermissionDenied, ValidationError
from nassij_desktop.core.common.money import CENT, ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import check_version, get_or_fail
from nassij_desktop.core.common.validators import (
    TextKind,
    clean_text,
    column_length,
    parse_money,
)
from nassij_desktop.core.funding.models import FundingRequest, Project
from nassij_desktop.core.members.models import Gender, Member
from nassij_desktop.i18n import _

MAX_COUNT = 1_000_000  # people in one group at one activity
MAX_MINUTES = 24 * 60 * 31  # one volunteer at one activity
MAX_COST = Decimal("999999999.99")  # what one activity may cost the association, in MAD


@dataclass
class ActivityData:
    """What a volunteer types for an activity. `beneficiaries` maps (gender, age group) to a
    count; `volunteers` maps a member's id to whole minutes."""

    title: str | None = None
    kind: ActivityKind = ActivityKind.OTHER
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    place: str | None = None
    commune: str | None = None
    province: str | None = None
    region_code: str | None = None
    description: str | None = None
    programme_id: int | None = None
    project_id: int | None = None
    funding_request_id: int | None = None
    partners: str | None = None  # the bodies that worked with the association on it
    cost: Decimal | str | None = None  # MAD; text is read as typed ("1 250,50"); None: not told
    beneficiaries: Mapping[tuple[Gender, AgeGroup], int] = field(default_factory=dict)
    volunteers: Mapping[int, int] = field(default_factory=dict)


ACTIVITY_FIELDS = frozenset(f.name for f in fields(ActivityData))
_TEXT = {
    "title": TextKind.LINE,
    "place": TextKind.LINE,
    "commune": TextKind.NAME,
    "province": TextKind.NAME,
    "description": TextKind.TEXT,
    "partners": TextKind.LINE,
}


@dataclass(frozen=True)
class ActivityRecord:
    id: int
    version: int
    title: str
    kind: ActivityKind
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str | None
    commune: str | None
    province: str | None
    region_code: str | None
    description: str | None
    programme_id: int | None
    project_id: int | None
    funding_request_id: int | None
    beneficiaries: tuple[tuple[Gender, AgeGroup, int], ...]
    volunteers: tuple[tuple[int, int], ...]  # (member id, minutes)
    logged_by_id: int | None = None  # the account that logged it (a volunteer changes theirs)
    partners: str | None = None
    cost: Decimal | None = None

    @property
    def beneficiary_total(self) -> int:
        return sum(count for _, _, count in self.beneficiaries)

    @property
    def volunteer_minutes(self) -> int:
        return sum(minutes for _, minutes in self.volunteers)


_GENDER_ORDER = {g: i for i, g in enumerate(Gender)}
_AGE_ORDER = {a: i for i, a in enumerate(AgeGroup)}


def activity_record(activity: Activity) -> ActivityRecord:
    return ActivityRecord(
        id=activity.id,
        version=activity.version,
        title=activity.title,
        kind=activity.kind,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        place=activity.place,
        commune=activity.commune,
        province=activity.province,
        region_code=activity.region_code,
        description=activity.description,
        programme_id=activity.programme_id,
        project_id=activity.project_id,
        funding_request_id=activity.funding_request_id,
        beneficiaries=tuple(
            sorted(
                ((b.gender, b.age_group, b.count) for b in activity.beneficiaries),
                key=lambda b: (_GENDER_ORDER[b[0]], _AGE_ORDER[b[1]]),
            )
        ),
        volunteers=tuple(sorted((v.member_id, v.minutes) for v in activity.volunteers)),
        logged_by_id=activity.logged_by_id,
        partners=activity.partners,
        cost=activity.cost,
    )


def _clean_beneficiaries(
    value: Mapping[tuple[Gender, AgeGroup], int],
) -> dict[tuple[Gender, AgeGroup], int]:
    out: dict[tuple[Gender, AgeGroup], int] = {}
    for key, count in value.items():
        try:
            gender, age = Gender(key[0]), AgeGroup(key[1])
        except (ValueError, TypeError, IndexError):
            raise ValidationError(
                "beneficiaries", _("Count beneficiaries by gender and age group.")
            ) from None
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_COUNT:
            raise ValidationError(
                "beneficiaries",
                _("A number of beneficiaries is a whole number from 0 to {max}.").format(
                    max=MAX_COUNT
                ),
            )
        if count:
            out[(gender, age)] = out.get((gender, age), 0) + count
    return out


def clean_cost(value: Decimal | int | str | None) -> Decimal | None:
    """What an activity cost, in MAD with at most 2 decimals, zero or more; None (or
    blank text) when it is not told. Text is read as an amount is typed ("1 250,50")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        amount = parse_money(value, field="cost", allow_negative=True)
    elif isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValidationError("cost", _("Give the cost as an amount in dirhams."))
    else:
        amount = Decimal(value)
    if not amount.is_finite():
        raise ValidationError("cost", _("Give the cost as an amount in dirhams."))
    if amount < ZERO:
        raise ValidationError("cost", _("The cost cannot be negative."))
    if amount != amount.quantize(CENT):
        raise ValidationError("cost", _("An amount can have at most 2 decimals (the centimes)."))
    if amount > MAX_COST:
        raise ValidationError("cost", _("This amount is too large."))
    return amount.quantize(CENT)


def _clean_volunteers(session: Session, value: Mapping[int, int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for member_id, minutes in value.items():
        if session.get(Member, member_id) is None:
            raise ValidationError(
                "volunteers",
                _("No {what} has the number {id}.").format(what=_("member"), id=member_id),
            )
        if (
            isinstance(minutes, bool)
            or not isinstance(minutes, int)
            or not 0 < minutes <= MAX_MINUTES
        ):
            raise ValidationError(
                "volunteers",
                _("Volunteer time is a whole number of minutes, from 1 to {max}.").format(
                    max=MAX_MINUTES
                ),
            )
        out[member_id] = minutes
    return out


def _clean(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in ACTIVITY_FIELDS:
            raise ValidationError(key, _("Unknown field: {field}").format(field=key))
        if key in _TEXT:
            if value is not None and not isinstance(value, str):
                raise ValidationError(key, _("Unknown field: {field}").format(field=key))
            value = clean_text(
                value, field=key, kind=_TEXT[key], max_length=column_length(getattr(Activity, key))
            )
        out[key] = value
    if "title" in out and not out["title"]:
        raise ValidationError("title", _("Give the activity's title."))
    if "kind" in out:
        try:
            out["kind"] = ActivityKind(out["kind"])
        except ValueError:
            raise ValidationError("kind", _("Choose the kind of activity.")) from None
    if "starts_at" in out and not isinstance(out["starts_at"], dt.datetime):
        raise ValidationError("starts_at", _("Give the date and time the activity started."))
    if out.get("ends_at") is not None and not isinstance(out["ends_at"], dt.datetime):
        raise ValidationError("ends_at", _("Give the date and time the activity ended."))
    if out.get("region_code"):
        code = str(out["region_code"]).strip().zfill(2)
        if code not in region_codes():
            raise ValidationError("region_code", _("Unknown region."))
        out["region_code"] = code
    elif "region_code" in out:
        out["region_code"] = None
    links = (
        ("programme_id", Programme, _("Unknown programme.")),
        ("project_id", Project, _("Unknown project.")),
        ("funding_request_id", FundingRequest, _("Unknown funding request.")),
    )
    for key, model, message in links:
        if out.get(key) is not None and session.get(model, out[key]) is None:
            raise ValidationError(key, message)
    if "cost" in out:
        out["cost"] = clean_cost(out["cost"])
    if "beneficiaries" in out:
        out["beneficiaries"] = _clean_beneficiaries(out["beneficiaries"] or {})
    if "volunteers" in out:
        out["volunteers"] = _clean_volunteers(session, out["volunteers"] or {})
    return out


def _apply(activity: Activity, values: dict[str, Any]) -> None:
    beneficiaries = values.pop("beneficiaries", None)
    volunteers = values.pop("volunteers", None)
    for key, value in values.items():
        setattr(activity, key, value)
    if beneficiaries is not None:
        current = {(b.gender, b.age_group): b for b in activity.beneficiaries}
        for group, counted in current.items():
            if group not in beneficiaries:
                activity.beneficiaries.remove(counted)
        for (gender, age), count in beneficiaries.items():
            if (gender, age) in current:
                current[(gender, age)].count = count
            else:
                activity.beneficiaries.append(
                    BeneficiaryCount(gender=gender, age_group=age, count=count)
                )
    if volunteers is not None:
        present = {v.member_id: v for v in activity.volunteers}
        for member_id, given in present.items():
            if member_id not in volunteers:
                activity.volunteers.remove(given)
        for member_id, minutes in volunteers.items():
            if member_id in present:
                present[member_id].minutes = minutes
            else:
                activity.volunteers.append(VolunteerTime(member_id=member_id, minutes=minutes))
    if activity.starts_at is None:
        raise ValidationError("starts_at", _("Give the date and time the activity started."))
    if activity.ends_at is not None and activity.ends_at < activity.starts_at:
        raise ValidationError("ends_at", _("The activity cannot end before it starts."))


def _snapshot(activity: Activity) -> dict[str, Any]:
    values = audit.snapshot(activity)
    record = activity_record(activity)
    values["beneficiaries"] = [[g.value, a.value, n] for g, a, n in record.beneficiaries]
    values["volunteers"] = [list(v) for v in record.volunteers]
    return values


def may_change_activity(actor: Actor, logged_by_id: int | None) -> bool:
    """Whether `actor` may change an activity logged by `logged_by_id`: a volunteer changes
    only what they logged themselves; roles that manage activities change every one."""
    return actor.can(Permission.ACTIVITIES_WRITE) and (
        actor.can(Permission.ACTIVITIES_MANAGE) or logged_by_id == actor.user_id
    )


def require_own_activity(actor: Actor, logged_by_id: int | None) -> None:
    if not may_change_activity(actor, logged_by_id):
        raise PermissionDenied(
            _("You may change only the activities you logged yourself; ask an administrator.")
        )


def create_activity(session: Session, actor: Actor, data: ActivityData) -> ActivityRecord:
    actor.require(Permission.ACTIVITIES_WRITE)
    values = _clean(session, {f.name: getattr(data, f.name) for f in fields(ActivityData)})
    activity = Activity(logged_by_id=actor.user_id)
    _apply(activity, values)
    session.add(activity)
    audit.log_write(session, actor, "create", activity, snapshot=_snapshot)
    return activity_record(activity)


def update_activity(
    session: Session,
    actor: Actor,
    activity_id: int,
    expected_version: int | None,
    *,
    overwrite: bool = False,
    **changes: Any,
) -> ActivityRecord:
    """Change some fields; `beneficiaries` and `volunteers`, when given, replace the lists.
    Refused over a newer save (`ConflictError`) unless `overwrite` (core/common/conflicts.py)."""
    actor.require(Permission.ACTIVITIES_WRITE)
    activity = locked(session, Activity, activity_id, _("activity"))
    require_own_activity(actor, activity.logged_by_id)
    overwriting = conflicts.check_version(activity, expected_version, overwrite=overwrite)
    values = _clean(session, changes)
    before = _snapshot(activity)
    _apply(activity, values)
    # A change to the counts alone must still move the activity's version (and its stamp).
    activity.updated_at = utcnow()
    audit.log_write(
        session,
        actor,
        conflicts.OVERWRITE_ACTION if overwriting else "update",
        activity,
        before=before,
        snapshot=_snapshot,
    )
    return activity_record(activity)


def delete_activity(
    session: Session, actor: Actor, activity_id: int, expected_version: int | None
) -> None:
    """Remove an activity logged by mistake, with its counts and volunteer time (the audit
    keeps what it held); a volunteer removes only what they logged. Attached files stay
    stored, as every attachment does."""
    actor.require(Permission.ACTIVITIES_WRITE)
    activity = get_or_fail(session, Activity, activity_id, _("activity"))
    require_own_activity(actor, activity.logged_by_id)
    check_version(activity, expected_version)
    before = _snapshot(activity)
    session.delete(activity)
    session.flush()
    audit.record(session, actor, "delete", "activity", activity_id, before=before)


def get_activity(session: Session, actor: Actor, activity_id: int) -> ActivityRecord:
    actor.require(Permission.ACTIVITIES_READ)
    return activity_record(get_or_fail(session, Activity, activity_id, _("activity")))


def list_activities(
    session: Session,
    actor: Actor,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    programme_id: int | None = None,
    funding_request_id: int | None = None,
) -> list[ActivityRecord]:
    """Activities, the latest first, that started between `start` and `end` (both included)."""
    actor.require(Permission.ACTIVITIES_READ)
    query = (
        sa.select(Activity)
        .options(selectinload(Activity.beneficiaries), selectinload(Activity.volunteers))
        .order_by(Activity.starts_at.desc(), Activity.id.desc())
    )
    if start is not None:
        query = query.where(Activity.starts_at >= dt.datetime.combine(start, dt.time.min))
    if end is not None:
        query = query.where(
            Activity.starts_at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)
        )
    if programme_id is not None:
        query = query.where(Activity.programme_id == programme_id)
    if funding_request_id is not None:
        query = query.where(Activity.funding_request_id == funding_request_id)
    return [activity_record(a) for a in session.scalars(query)]


# --- programmes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeRecord:
    id: int
    version: int
    code: str
    name_ar: str
    name_fr: str
    active: bool

    def name(self, lang: str) -> str:
        return self.name_ar if lang == "ar" else self.name_fr


def _programme_record(programme: Programme) -> ProgrammeRecord:
    return ProgrammeRecord(
        programme.id,
        programme.version,
        programme.code,
        programme.name_ar,
        programme.name_fr,
        programme.active,
    )


def _programme_name(value: str | None, key: str) -> str:
    name = clean_text(value, field=key, max_length=column_length(getattr(Programme, key)))
    if not name:
        raise ValidationError(key, _("Give the programme's name in Arabic and in French."))
    return name


def create_programme(
    session: Session, actor: Actor, code: str, name_ar: str, name_fr: str
) -> ProgrammeRecord:
    actor.require(Permission.ACTIVITIES_WRITE)
    clean_code = clean_text(code, field="code", max_length=column_length(Programme.code))
    if not clean_code:
        raise ValidationError("code", _("Give the programme's code."))
    if session.scalar(sa.select(Programme.id).where(Programme.code == clean_code)):
        raise Conflict(_("The programme code {code} is already used.").format(code=clean_code))
    programme = Programme(
        code=clean_code,
        name_ar=_programme_name(name_ar, "name_ar"),
        name_fr=_programme_name(name_fr, "name_fr"),
        active=True,
    )
    session.add(programme)
    session.flush()
    audit.record(
        session, actor, "create", "programme", programme.id, after=audit.snapshot(programme)
    )
    return _programme_record(programme)


def set_programme_active(
    session: Session,
    actor: Actor,
    programme_id: int,
    active: bool,
    *,
    expected_version: int | None = None,
    overwrite: bool = False,
) -> ProgrammeRecord:
    """Retire a programme (its activities stay) or bring it back. Refused over a newer save
    (`ConflictError`) unless `overwrite` (core/common/conflicts.py)."""
    actor.require(Permission.ACTIVITIES_WRITE)
    programme = locked(session, Programme, programme_id, _("programme"))
    overwriting = conflicts.check_version(programme, expected_version, overwrite=overwrite)
    before = audit.snapshot(programme)
    programme.active = bool(active)
    audit.log_write(
        session,
        actor,
        conflicts.OVERWRITE_ACTION if overwriting else "update",
        programme,
        before=before,
        snapshot=audit.snapshot,
    )
    return _programme_record(programme)


def list_programmes(
    session: Session, actor: Actor, *, include_retired: bool = False
) -> list[ProgrammeRecord]:
    actor.require(Permission.ACTIVITIES_READ)
    query = sa.select(Programme).order_by(Programme.code)
    if not include_retired:
        query = query.where(Programme.active.is_(True))
    return [_programme_record(p) for p in session.scalars(query)]
