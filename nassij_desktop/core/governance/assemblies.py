"""General assemblies: convene, edit the agenda, take attendance, record resolutions, close.

The workflow: convened (agenda editable) → held, in session (attendance, resolutions, the
election) → closed (the quorum outcome is written in `quorum_reached`; nothing changes after).
A convened assembly may instead be cancelled. Attendance may be taken from the convocation on,
as members sign in on arrival.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from operator import itemgetter
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.util import identity_key

from nassij_desktop.core.association import settings
from nassij_desktop.core.common import audit, clock, conflicts
from nassij_desktop.core.common.bilingual import Bilingual, clean_bilingual
from nassij_desktop.core.common.bulk import BulkInsert
from nassij_desktop.core.common.clock import utcnow
from nassij_desktop.core.common.conflicts import locked
from nassij_desktop.core.common.due import DueArea, DueItem
from nassij_desktop.core.common.errors import Conflict, NassijError, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import (
    get_or_fail,
    in_chunks,
    missing,
    row_error,
)
from nassij_desktop.core.common.validators import TextKind
from nassij_desktop.core.governance.models import (
    ASSEMBLY_KIND_LABELS,
    AgendaItem,
    AssemblyAttendance,
    AssemblyKind,
    AssemblyStatus,
    Attendance,
    AuthorityDeclaration,
    BoardRole,
    BoardSeat,
    BoardTerm,
    GeneralAssembly,
    Resolution,
)
from nassij_desktop.core.governance.quorum import (
    DEFAULT_QUORUM,
    check_quorum,
    compute_quorum,
    quorum_of_lines,
    voting_among,
    voting_clause,
)
from nassij_desktop.core.governance.records import (
    AgendaRecord,
    AssemblyDetail,
    AssemblyState,
    AssemblySummary,
    AttendanceRecord,
    PersonRef,
    QuorumFigures,
    ResolutionRecord,
    person_from_names,
    person_ref,
)
from nassij_desktop.core.members.models import Member, MemberCategory
from nassij_desktop.i18n import N_, _, ngettext
from nassij_desktop.i18n.formatting import format_date

MAX_TITLE = 400
MAX_PLACE = 300


@dataclass
class AssemblyData:
    """What the convocation says: the fields of the convene (and edit) form. The place and
    each agenda item in Arabic and/or French (a plain string goes into the language of its
    script: `core/common/bilingual.py`)."""

    kind: AssemblyKind = AssemblyKind.ORDINARY
    held_on: dt.date | None = None
    starts_at: dt.time | None = None
    place: Bilingual | str | None = None
    convened_on: dt.date | None = None
    quorum: Fraction = DEFAULT_QUORUM  # of the voting members, as the statutes state it
    agenda: Sequence[Bilingual | str] = field(default_factory=list)


def assembly_state(assembly: GeneralAssembly) -> AssemblyState:
    if assembly.status is AssemblyStatus.HELD:
        return AssemblyState.IN_SESSION if assembly.quorum_reached is None else AssemblyState.CLOSED
    return AssemblyState(assembly.status.value)


def load_assembly(session: Session, assembly_id: int) -> GeneralAssembly:
    return get_or_fail(session, GeneralAssembly, assembly_id, _("general assembly"))


def _member(session: Session, member_id: int) -> Member:
    return get_or_fail(session, Member, member_id, _("member"))


def require_state(assembly: GeneralAssembly, *states: AssemblyState) -> None:
    state = assembly_state(assembly)
    if state in states:
        return
    messages = {
        AssemblyState.CONVENED: _("This assembly is no longer convened: its agenda is fixed."),
        AssemblyState.IN_SESSION: _("Open the session of the assembly first."),
    }
    if state is AssemblyState.CLOSED:
        raise Conflict(_("This assembly is closed: its record can no longer change."))
    if state is AssemblyState.CANCELLED:
        raise Conflict(_("This assembly was cancelled."))
    raise Conflict(messages.get(states[0], _("This cannot be done at this stage.")))


@dataclass(frozen=True)
class _Convocation:
    """An `AssemblyData` checked by `_clean`: both dates given, the texts cleaned."""

    kind: AssemblyKind
    held_on: dt.date
    starts_at: dt.time | None
    place: Bilingual
    convened_on: dt.date
    quorum: Fraction
    agenda: list[Bilingual]


def _clean(data: AssemblyData) -> _Convocation:
    try:
        kind = AssemblyKind(data.kind)
    except ValueError:
        raise ValidationError("kind", _("Choose the kind of assembly.")) from None
    if data.held_on is None:
        raise ValidationError("held_on", _("Enter the date of the assembly."))
    if data.convened_on is None:
        raise ValidationError("convened_on", _("Enter the date the members were convened."))
    if data.convened_on > data.held_on:
        raise ValidationError("convened_on", _("The members must be convened before the assembly."))
    # Each text in Arabic and/or French: at least one of the two (a text too long is refused
    # on its language's field, naming it; an agenda item's error gives its row).
    place = clean_bilingual(
        data.place,
        field="place",
        kind=TextKind.LINE,
        max_length=MAX_PLACE,
        required=_("Give the place of the assembly, in Arabic or in French."),
    )
    quorum = check_quorum(data.quorum)
    agenda = [
        clean_bilingual(title, field="agenda", kind=TextKind.LINE, max_length=MAX_TITLE, row=row)
        for row, title in enumerate(data.agenda, start=1)
    ]
    if not any(agenda):
        raise ValidationError("agenda", _("Give at least one item of the agenda."))
    for row, title in enumerate(agenda, start=1):
        if not title:
            raise ValidationError(
                "agenda", _("An agenda item has no title, in Arabic or in French."), row=row
            )
    return _Convocation(
        kind=kind,
        held_on=data.held_on,
        starts_at=data.starts_at,
        place=place,
        convened_on=data.convened_on,
        quorum=quorum,
        agenda=agenda,
    )


def _snapshot(assembly: GeneralAssembly) -> dict[str, object]:
    values = audit.snapshot(assembly)
    values["agenda"] = [item.title.pair() for item in assembly.agenda]
    return values


def convene_assembly(session: Session, actor: Actor, data: AssemblyData) -> AssemblySummary:
    """Record the convocation of a general assembly with its agenda."""
    actor.require(Permission.GOVERNANCE_WRITE)
    checked = _clean(data)
    assembly = GeneralAssembly(
        kind=checked.kind,
        status=AssemblyStatus.CONVENED,
        held_on=checked.held_on,
        starts_at=checked.starts_at,
        place=checked.place,
        convened_on=checked.convened_on,
        quorum=checked.quorum,
    )
    for position, title in enumerate(checked.agenda, start=1):
        assembly.agenda.append(AgendaItem(position=position, title=title))
    session.add(assembly)
    session.flush()
    audit.record(
        session, actor, "create", "general_assembly", assembly.id, after=_snapshot(assembly)
    )
    return assembly_summary(assembly)


def update_assembly(
    session: Session,
    actor: Actor,
    assembly_id: int,
    expected_version: int | None,
    data: AssemblyData,
    *,
    overwrite: bool = False,
) -> AssemblySummary:
    """Change the convocation or its agenda while the assembly is only convened. Refused over
    a newer save (`ConflictError`) unless `overwrite` (core/common/conflicts.py)."""
    actor.require(Permission.GOVERNANCE_WRITE)
    assembly = locked(session, GeneralAssembly, assembly_id, _("general assembly"))
    overwriting = conflicts.check_version(assembly, expected_version, overwrite=overwrite)
    require_state(assembly, AssemblyState.CONVENED, AssemblyState.PLANNED)
    checked = _clean(data)
    before = _snapshot(assembly)
    assembly.kind = checked.kind
    assembly.held_on = checked.held_on
    assembly.starts_at = checked.starts_at
    assembly.place = checked.place
    assembly.convened_on = checked.convened_on
    assembly.quorum = checked.quorum
    titles = [item.title for item in assembly.agenda]  # Bilingual: compared as values
    if titles != checked.agenda:
        # Nothing refers to the items yet: resolutions come once the assembly is held.
        assembly.agenda.clear()
        session.flush()
        for position, title in enumerate(checked.agenda, start=1):
            assembly.agenda.append(AgendaItem(position=position, title=title))
        # The agenda is in rows of its own: the assembly's version counts its change too.
        flag_modified(assembly, "kind")
    audit.log_write(
        session,
        actor,
        conflicts.OVERWRITE_ACTION if overwriting else "update",
        assembly,
        before=before,
        snapshot=_snapshot,
    )
    return assembly_summary(assembly)


def open_session(
    session: Session,
    actor: Actor,
    assembly_id: int,
    *,
    chair_member_id: int | None = None,
    secretary_member_id: int | None = None,
    today: dt.date | None = None,
) -> AssemblySummary:
    """The assembly is being held: attendance, votes and the election may now be recorded.
    The chair and the secretary of the session default to the board's president and
    secretary general on that day.

    Not before the day it is dated: its minutes, the board it elects and the declaration to
    the authority all carry that date, and papers printed before it would predate the
    meeting. An assembly held earlier than planned has its date corrected first."""
    actor.require(Permission.GOVERNANCE_WRITE)
    assembly = load_assembly(session, assembly_id)
    require_state(assembly, AssemblyState.CONVENED, AssemblyState.PLANNED)
    if assembly.held_on > (today or clock.today()):
        raise ValidationError(
            "held_on",
            _(
                "This assembly is dated {date}: it can be opened from that day. If it is "
                "being held today, correct its date first."
            ).format(date=format_date(assembly.held_on)),
        )
    before = _snapshot(assembly)
    if chair_member_id is None:
        chair_member_id = _board_member(session, "president", assembly.held_on)
    if secretary_member_id is None:
        secretary_member_id = _board_member(session, "secretary_general", assembly.held_on)
    for field_name, member_id in (
        ("chair_member_id", chair_member_id),
        ("secretary_member_id", secretary_member_id),
    ):
        if member_id is not None and session.get(Member, member_id) is None:
            raise ValidationError(field_name, _("Choose a member of the association."))
    assembly.chair_member_id = chair_member_id
    assembly.secretary_member_id = secretary_member_id
    assembly.status = AssemblyStatus.HELD
    audit.log_write(
        session,
        actor,
        "hold",
        assembly,
        before=before,
        snapshot=_snapshot,
    )
    return assembly_summary(assembly)


def _board_member(session: Session, role_code: str, day: dt.date) -> int | None:
    return session.scalar(
        sa.select(BoardSeat.member_id)
        .join(BoardRole, BoardSeat.role_id == BoardRole.id)
        .where(BoardRole.code == role_code)
        .where(BoardSeat.starts_on <= day)
        .where(sa.or_(BoardSeat.ends_on.is_(None), BoardSeat.ends_on >= day))
        .order_by(BoardSeat.starts_on.desc(), BoardSeat.id.desc())
        .limit(1)
    )


def _attendance_kind(value: Attendance | str) -> Attendance:
    try:
        return Attendance(value)
    except ValueError:
        raise ValidationError(
            "attendance", _("Choose present, represented, excused or absent.")
        ) from None


def _checked_attendance(
    attendance: Attendance,
    member_id: int,
    proxy_holder_id: int | None,
    *,
    voting: bool,
    holder_present_and_voting: bool,
    held_by_holder: int,
    limit: int,
    held_by_member: int,
    recorded: bool,
) -> int | None:
    """The proxy holder to record (None unless represented), if this attendance may be
    recorded: a proxy goes to a voting member present, holding fewer than `limit` proxies
    (`held_by_holder`, this member's own aside); a member who holds proxies
    (`held_by_member`) stays present."""
    if attendance is Attendance.PROXY:
        if not voting:
            raise ValidationError(
                "attendance", _("Only a member with a vote can be represented by a proxy.")
            )
        if proxy_holder_id is None:
            raise ValidationError("proxy_holder_id", _("Choose who holds the proxy."))
        if proxy_holder_id == member_id:
            raise ValidationError("proxy_holder_id", _("A member cannot hold their own proxy."))
        if not holder_present_and_voting:
            raise ValidationError(
                "proxy_holder_id",
                _("The proxy holder must be a member with a vote who is present."),
            )
        if held_by_holder >= limit:
            raise ValidationError(
                "proxy_holder_id",
                _(
                    "This member already holds as many proxies as the statutes allow ({count})."
                ).format(count=held_by_holder),
            )
    else:
        proxy_holder_id = None
    if recorded and attendance is not Attendance.PRESENT and held_by_member:
        raise Conflict(
            ngettext(
                "This member holds the proxy of {count} member: change that first.",
                "This member holds the proxy of {count} members: change those first.",
                held_by_member,
            ).format(count=held_by_member)
        )
    return proxy_holder_id


def _max_proxies(session: Session) -> int:
    return int(settings.get_setting(session, "governance.max_proxies_per_holder"))


def record_attendance(
    session: Session,
    actor: Actor,
    assembly_id: int,
    member_id: int,
    attendance: Attendance,
    proxy_holder_id: int | None = None,
) -> AttendanceRecord:
    """Present, represented by a proxy holder (a voting member present, holding no more proxies
    than the statutes allow), excused or absent."""
    actor.require(Permission.GOVERNANCE_WRITE)
    assembly = load_assembly(session, assembly_id)
    require_state(assembly, AssemblyState.IN_SESSION, AssemblyState.CONVENED)
    attendance = _attendance_kind(attendance)
    member = _member(session, member_id)
    day = assembly.held_on
    if member.join_date > day:
        raise ValidationError("member_id", _("This member joined after the assembly."))
    # Only the rows this change concerns are read: the member's, the holder's, and counts.
    voting = bool(voting_among(session, [member_id], day))
    current = _attendance_row(session, assembly.id, member_id)
    holder_row = (
        _attendance_row(session, assembly.id, proxy_holder_id)
        if attendance is Attendance.PROXY and proxy_holder_id not in (None, member_id)
        else None
    )
    proxy_holder_id = _checked_attendance(
        attendance,
        member_id,
        proxy_holder_id,
        voting=voting,
        holder_present_and_voting=(
            holder_row is not None
            and holder_row.attendance is Attendance.PRESENT
            and bool(voting_among(session, [holder_row.member_id], day))
        ),
        held_by_holder=(
            _proxies_held(session, assembly.id, holder_row.member_id, besides=member_id)
            if holder_row is not None
            else 0
        ),
        limit=_max_proxies(session),
        held_by_member=(
            _proxies_held(session, assembly.id, member_id)
            if current is not None and attendance is not Attendance.PRESENT
            else 0
        ),
        recorded=current is not None,
    )
    if current is None:
        current = AssemblyAttendance(
            assembly_id=assembly.id,
            member_id=member_id,
            attendance=attendance,
            proxy_holder_id=proxy_holder_id,
        )
        session.add(current)
        audit.log_write(
            session,
            actor,
            "create",
            current,
            snapshot=audit.snapshot,
        )
    elif current.attendance is not attendance or current.proxy_holder_id != proxy_holder_id:
        before = audit.snapshot(current)
        current.attendance = attendance
        current.proxy_holder_id = proxy_holder_id
        audit.log_write(
            session,
            actor,
            "update",
            current,
            before=before,
            snapshot=audit.snapshot,
        )
    holder = session.get(Member, proxy_holder_id) if proxy_holder_id else None
    return AttendanceRecord(
        member=person_ref(member),
        attendance=attendance,
        proxy_holder=person_ref(holder) if holder else None,
        voting=voting,
    )


@dataclass(frozen=True)
class AttendanceLine:
    """One line of `record_attendances`: the arguments of `record_attendance`."""

    member_id: int
    attendance: Attendance
    proxy_holder_id: int | None = None


_ATTENDANCE_COLUMNS = ("assembly_id", "member_id", "attendance", "proxy_holder_id")


def record_attendances(
    session: Session, actor: Actor, assembly_id: int, lines: Sequence[AttendanceLine]
) -> int:
    """Take many lines of an assembly's attendance at once, in their order (a proxy holder's
    own line comes before the proxies they hold): what `record_attendance` does for each, by
    the same rules, written many rows at a time and audited in one pass. A refused line (its
    row, 1 for the first, named) refuses them all. Returns how many lines changed."""
    actor.require(Permission.GOVERNANCE_WRITE)
    assembly = load_assembly(session, assembly_id)
    require_state(assembly, AssemblyState.IN_SESSION, AssemblyState.CONVENED)
    session.flush()  # rows recorded in this session are read as they now stand
    day = assembly.held_on
    people = {line.member_id for line in lines} | {
        line.proxy_holder_id for line in lines if line.proxy_holder_id is not None
    }
    joined: dict[int, dt.date] = {}
    voting: set[int] = set()
    for chunk in in_chunks(people):
        joined.update(
            session.execute(
                sa.select(Member.id, Member.join_date).where(Member.id.in_(chunk))
            ).all()
        )
        voting |= voting_among(session, chunk, day)
    table = cast(sa.Table, AssemblyAttendance.__table__)
    rows = {  # member id → [row id or None, attendance, proxy holder id, version]
        member_id: [row_id, kind, holder, version]
        for row_id, member_id, kind, holder, version in session.execute(
            sa.select(
                table.c.id,
                table.c.member_id,
                table.c.attendance,
                table.c.proxy_holder_id,
                table.c.version,
            ).where(table.c.assembly_id == assembly.id)
        )
    }
    held = Counter(state[2] for state in rows.values() if state[2] is not None)
    limit = _max_proxies(session)
    before: dict[int, dict[str, object]] = {}
    for row, line in enumerate(lines, start=1):
        try:
            attendance = _attendance_kind(line.attendance)
            member_id = line.member_id
            if member_id not in joined:
                raise missing(_("member"), member_id)
            if joined[member_id] > day:
                raise ValidationError("member_id", _("This member joined after the assembly."))
            current = rows.get(member_id)
            holder = rows.get(line.proxy_holder_id) if line.proxy_holder_id else None
            own = current is not None and current[2] == line.proxy_holder_id
            holder_id = _checked_attendance(
                attendance,
                member_id,
                line.proxy_holder_id,
                voting=member_id in voting,
                holder_present_and_voting=(
                    holder is not None
                    and holder[1] is Attendance.PRESENT
                    and line.proxy_holder_id in voting
                ),
                held_by_holder=held[line.proxy_holder_id] - own if line.proxy_holder_id else 0,
                limit=limit,
                held_by_member=held[member_id],
                recorded=current is not None,
            )
        except NassijError as error:
            raise row_error(error, row) from None
        if current is None:
            rows[member_id] = [None, attendance, holder_id, 1]
        elif current[1] is not attendance or current[2] != holder_id:
            if current[0] is not None and current[0] not in before:
                before[current[0]] = _attendance_audit(current, assembly.id, member_id)
            if current[2] is not None:
                held[current[2]] -= 1
            current[1], current[2] = attendance, holder_id
        else:
            continue
        if holder_id is not None:
            held[holder_id] += 1
    new = [(m, state) for m, state in rows.items() if state[0] is None]
    changed = [(m, state) for m, state in rows.items() if state[0] in before]
    stamps: dict[str, object] = {}
    if new:
        writer = BulkInsert(session, table, _ATTENDANCE_COLUMNS, keep_ids=True)
        writer.insert((assembly.id, member_id, state[1], state[2]) for member_id, state in new)
        stamps = {"created_at": writer.now, "updated_at": writer.now, "version": 1}
        ids = {
            member_id: row_id
            for (assembly_id, member_id), row_id in writer.ids("assembly_id", "member_id").items()
            if assembly_id == assembly.id
        }
        for member_id, state in new:
            state[0] = ids[member_id]
    if changed:
        session.connection().execute(
            table.update()
            .where(table.c.id == sa.bindparam("row_id"))
            .values(
                attendance=sa.bindparam("kind"),
                proxy_holder_id=sa.bindparam("holder"),
                version=table.c.version + 1,
                updated_at=utcnow(),
            ),
            [{"row_id": s[0], "kind": s[1], "holder": s[2]} for _m, s in changed],
        )
        for row_id, *_rest in (s for _m, s in changed):  # loaded rows are read again
            loaded = session.identity_map.get(identity_key(AssemblyAttendance, row_id))
            if loaded is not None:
                session.expire(loaded)
    audit.record_many(
        session,
        actor,
        [
            audit.AuditItem(
                "create",
                "assembly_attendance",
                state[0],
                after=_attendance_audit(state, assembly.id, member_id, stamps),
            )
            for member_id, state in new
        ]
        + [
            audit.AuditItem(
                "update",
                "assembly_attendance",
                state[0],
                before=before[state[0]],
                after=_attendance_audit(state, assembly.id, member_id),
            )
            for member_id, state in changed
        ],
    )
    return len(new) + len(changed)


def _attendance_audit(
    state: list[Any], assembly_id: int, member_id: int, stamps: dict[str, object] | None = None
) -> dict[str, object]:
    """What `audit.snapshot` gives of an attendance row (an update's entry keeps only what
    changed, so its stamps are left out)."""
    values = {
        "id": state[0],
        "assembly_id": assembly_id,
        "member_id": member_id,
        "attendance": state[1],
        "proxy_holder_id": state[2],
        **(stamps or {}),
    }
    return audit.snapshot_values(AssemblyAttendance.__table__, values)


def _attendance_row(
    session: Session, assembly_id: int, member_id: int
) -> AssemblyAttendance | None:
    return session.scalar(
        sa.select(AssemblyAttendance)
        .where(AssemblyAttendance.assembly_id == assembly_id)
        .where(AssemblyAttendance.member_id == member_id)
    )


def _proxies_held(
    session: Session, assembly_id: int, holder_id: int, *, besides: int | None = None
) -> int:
    """How many members this holder represents at the assembly (`besides` one of them)."""
    query = (
        sa.select(sa.func.count())
        .select_from(AssemblyAttendance)
        .where(AssemblyAttendance.assembly_id == assembly_id)
        .where(AssemblyAttendance.proxy_holder_id == holder_id)
    )
    if besides is not None:
        query = query.where(AssemblyAttendance.member_id != besides)
    return session.scalar(query) or 0


def record_resolution(
    session: Session,
    actor: Actor,
    assembly_id: int,
    text: Bilingual | str,
    votes_for: int,
    votes_against: int = 0,
    votes_abstain: int = 0,
    *,
    adopted: bool | None = None,
    agenda_item_id: int | None = None,
) -> ResolutionRecord:
    """A resolution with its votes. Adopted, unless said otherwise, by a simple majority of the
    votes cast: more for than against (abstentions are not cast). `text` in Arabic and/or
    French."""
    actor.require(Permission.GOVERNANCE_WRITE)
    assembly = load_assembly(session, assembly_id)
    require_state(assembly, AssemblyState.IN_SESSION)
    texts = clean_bilingual(
        text,
        field="text",
        kind=TextKind.TEXT,
        required=_("Write the text of the resolution, in Arabic or in French."),
    )
    votes = {"votes_for": votes_for, "votes_against": votes_against, "votes_abstain": votes_abstain}
    for name, value in votes.items():
        if value is None or int(value) < 0:
            raise ValidationError(name, _("A number of votes cannot be negative."))
    quorum = compute_quorum(session, assembly)
    if sum(int(v) for v in votes.values()) > quorum.attending:
        raise ValidationError(
            "votes_for",
            _("More votes ({votes}) than members present or represented ({attending}).").format(
                votes=sum(int(v) for v in votes.values()), attending=quorum.attending
            ),
        )
    if agenda_item_id is not None and agenda_item_id not in {i.id for i in assembly.agenda}:
        raise ValidationError("agenda_item_id", _("Choose an item of this assembly's agenda."))
    position = 1 + max((r.position for r in assembly.resolutions), default=0)
    resolution = Resolution(
        assembly_id=assembly.id,
        agenda_item_id=agenda_item_id,
        position=position,
        text=texts,
        votes_for=int(votes_for),
        votes_against=int(votes_against),
        votes_abstain=int(votes_abstain),
        adopted=int(votes_for) > int(votes_against) if adopted is None else bool(adopted),
    )
    assembly.resolutions.append(resolution)
    session.flush()
    audit.record(
        session, actor, "create", "resolution", resolution.id, after=audit.snapshot(resolution)
    )
    return _resolution_record(resolution)


def record_minutes(
    session: Session,
    actor: Actor,
    assembly_id: int,
    *,
    discussions: Mapping[int, Bilingual | str | None] | None = None,
    notes: Bilingual | str | None = None,
    expected_version: int | None = None,
    overwrite: bool = False,
) -> AssemblySummary:
    """What the minutes say besides the votes, while the assembly is in session: how items of
    the agenda were discussed (by item id; others are kept) and the remarks (`notes`: the
    quorum reached only at the second call…; None leaves none). Each in Arabic and/or
    French, both optional. Refused over a newer save of the assembly (`ConflictError`) unless
    `overwrite` (core/common/conflicts.py)."""
    actor.require(Permission.GOVERNANCE_WRITE)
    assembly = locked(session, GeneralAssembly, assembly_id, _("general assembly"))
    overwriting = conflicts.check_version(assembly, expected_version, overwrite=overwrite)
    require_state(assembly, AssemblyState.IN_SESSION)
    items = {item.id: item for item in assembly.agenda}
    texts = {}
    for item_id, text in (discussions or {}).items():
        if item_id not in items:
            raise ValidationError("agenda_item_id", _("Choose an item of this assembly's agenda."))
        texts[item_id] = clean_bilingual(text, field="discussion")
    remarks = clean_bilingual(notes, field="notes")
    before = _minutes(assembly)
    for item_id, discussion in texts.items():
        items[item_id].discussion = discussion
    assembly.notes = remarks
    if _minutes(assembly) != before:
        # The discussions are in the agenda's rows: the assembly's version counts them too, so
        # that two people typing the minutes meet a conflict rather than a lost update.
        flag_modified(assembly, "kind")
    audit.log_write(
        session,
        actor,
        conflicts.OVERWRITE_ACTION if overwriting else "minutes",
        assembly,
        before=before,
        snapshot=_minutes,
    )
    return assembly_summary(assembly)


def _minutes(assembly: GeneralAssembly) -> dict[str, object]:
    return {
        "notes": assembly.notes.pair(),
        "discussions": [i.discussion.pair() for i in assembly.agenda],
    }


def remove_resolution(session: Session, actor: Actor, resolution_id: int) -> None:
    """Take back a resolution typed by mistake, while the assembly is in session."""
    actor.require(Permission.GOVERNANCE_WRITE)
    resolution = get_or_fail(session, Resolution, resolution_id, _("resolution"))
    assembly = load_assembly(session, resolution.assembly_id)
    require_state(assembly, AssemblyState.IN_SESSION)
    before = audit.snapshot(resolution)
    assembly.resolutions.remove(resolution)
    session.flush()
    audit.record(session, actor, "delete", "resolution", resolution_id, before=before)


def close_assembly(session: Session, actor: Actor, assembly_id: int) -> AssemblySummary:
    """Close the session: the quorum outcome is recorded and the record becomes final."""
    actor.require(Permission.GOVERNANCE_WRITE)
    assembly = load_assembly(session, assembly_id)
    require_state(assembly, AssemblyState.IN_SESSION)
    before = _snapshot(assembly)
    assembly.quorum_reached = compute_quorum(session, assembly).reached
    audit.log_write(
        session,
        actor,
        "close",
        assembly,
        before=before,
        snapshot=_snapshot,
    )
    return assembly_summary(assembly)


def cancel_assembly(session: Session, actor: Actor, assembly_id: int) -> AssemblySummary:
    actor.require(Permission.GOVERNANCE_WRITE)
    assembly = load_assembly(session, assembly_id)
    require_state(assembly, AssemblyState.CONVENED, AssemblyState.PLANNED)
    before = _snapshot(assembly)
    assembly.status = AssemblyStatus.CANCELLED
    audit.log_write(
        session,
        actor,
        "cancel",
        assembly,
        before=before,
        snapshot=_snapshot,
    )
    return assembly_summary(assembly)


# --- reading ---------------------------------------------------------------------------------


def assembly_summary(assembly: GeneralAssembly) -> AssemblySummary:
    return AssemblySummary(
        id=assembly.id,
        version=assembly.version,
        kind=assembly.kind,
        state=assembly_state(assembly),
        held_on=assembly.held_on,
        starts_at=assembly.starts_at,
        place=assembly.place,
        convened_on=assembly.convened_on,
        quorum=assembly.quorum,
        quorum_reached=assembly.quorum_reached,
    )


def _resolution_record(resolution: Resolution) -> ResolutionRecord:
    return ResolutionRecord(
        id=resolution.id,
        position=resolution.position,
        text=resolution.text,
        votes_for=resolution.votes_for,
        votes_against=resolution.votes_against,
        votes_abstain=resolution.votes_abstain,
        adopted=resolution.adopted,
        agenda_item_id=resolution.agenda_item_id,
    )


def list_assemblies(session: Session, actor: Actor) -> list[AssemblySummary]:
    """Every assembly, the latest first."""
    actor.require(Permission.GOVERNANCE_READ)
    rows = session.scalars(
        sa.select(GeneralAssembly).order_by(
            GeneralAssembly.held_on.desc(), GeneralAssembly.id.desc()
        )
    )
    return [assembly_summary(a) for a in rows]


def next_assembly_due(session: Session, actor: Actor, today: dt.date) -> list[DueItem]:
    """The next assembly planned or convened, from `today` on, as a line of what is due."""
    actor.require(Permission.GOVERNANCE_READ)
    row = session.execute(
        sa.select(GeneralAssembly.id, GeneralAssembly.kind, GeneralAssembly.held_on)
        .where(
            GeneralAssembly.status.in_((AssemblyStatus.PLANNED, AssemblyStatus.CONVENED)),
            GeneralAssembly.held_on >= today,
        )
        .order_by(GeneralAssembly.held_on, GeneralAssembly.id)
        .limit(1)
    ).first()
    if row is None:
        return []
    assembly_id, kind, held_on = row
    return [
        DueItem(
            kind="assembly",
            area=DueArea.ASSEMBLIES,
            due_on=held_on,
            overdue=False,
            target_id=assembly_id,
            wording=N_("{subject} on {date}"),
            overdue_wording=N_("{subject} on {date}"),
            subject=Bilingual(fr=ASSEMBLY_KIND_LABELS[kind]),
            subject_is_message=True,
        )
    ]


def get_assembly(
    session: Session, actor: Actor, assembly_id: int, *, attendance: bool = True
) -> AssemblyDetail:
    """One assembly with its agenda, a line per voting member (and any other member recorded),
    its resolutions, the quorum, the board it elected and the declaration that follows.

    `attendance=False` leaves the lines out (`attendance` is then empty) and counts the
    quorum in the database instead: what a screen shows before its attendance sheet is open.
    """
    from nassij_desktop.core.governance.declarations import declaration_record

    actor.require(Permission.GOVERNANCE_READ)
    assembly = load_assembly(session, assembly_id)
    officers = {i for i in (assembly.chair_member_id, assembly.secretary_member_id) if i}
    if attendance:
        with _collector_paused():
            lines = _attendance_lines(session, assembly)
        quorum = quorum_of_lines(lines, assembly.quorum)
        known = {line.member.id: line.member for line in lines if line.member.id in officers}
    else:
        lines, quorum, known = [], compute_quorum(session, assembly), {}
    people = known | _people(session, officers - set(known))
    term_id = session.scalar(
        sa.select(BoardTerm.id).where(BoardTerm.elected_by_id == assembly.id).limit(1)
    )
    declaration = session.scalar(
        sa.select(AuthorityDeclaration)
        .where(AuthorityDeclaration.assembly_id == assembly.id)
        .order_by(AuthorityDeclaration.id.desc())
        .limit(1)
    )
    return AssemblyDetail(
        summary=assembly_summary(assembly),
        agenda=tuple(
            AgendaRecord(i.id, i.position, i.title, i.discussion) for i in assembly.agenda
        ),
        attendance=tuple(lines),
        resolutions=tuple(_resolution_record(r) for r in assembly.resolutions),
        quorum=quorum,
        chair=people.get(assembly.chair_member_id) if assembly.chair_member_id else None,
        secretary=people.get(assembly.secretary_member_id)
        if assembly.secretary_member_id
        else None,
        elected_term_id=term_id,
        declaration=declaration_record(declaration) if declaration else None,
        notes=assembly.notes,
    )


PERSON_COLUMNS = (  # in the order of `records.person_from_names`
    Member.id,
    Member.number,
    Member.last_name_ar,
    Member.first_name_ar,
    Member.last_name_lat,
    Member.first_name_lat,
    Member.gender,
)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Tens of thousands of lines are made at once and none of them holds a cycle: made with
    the cyclic garbage collector paused, they are looked at once afterwards, instead of
    making it run, and walk the whole application's memory, many times along the way."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _attendance_lines(
    session: Session, assembly: GeneralAssembly, by_name: str | None = None
) -> list[AttendanceRecord]:
    """Every voting member on the day, then the other members recorded, each by number (or,
    with `by_name` a language, by the name's stored sort key for that reader, as the register
    and the members list order names): the names of the voting members in one pass over the
    register (columns, not entities), and the assembly's own attendance rows."""
    # Core rows (through the connection): no ORM result processing for thousands of rows.
    connection = session.connection()
    # Fetched at once (iterating the result fetches row by row, 3 times slower), then sorted
    # by number before any object is made.
    voting_query = (
        sa.select(*PERSON_COLUMNS)
        .join(MemberCategory, Member.category_id == MemberCategory.id)
        .where(voting_clause(assembly.held_on))
    )
    if by_name is None:
        rows = sorted(connection.execute(voting_query).all(), key=itemgetter(1))
    else:
        key = Member.sort_name_ar if by_name == "ar" else Member.sort_name_lat
        rows = list(connection.execute(voting_query.order_by(key, Member.id)).all())
    voting = {row[0]: person_from_names(*row) for row in rows}
    recorded = {
        member_id: (attendance, holder)
        for member_id, attendance, holder in connection.execute(
            sa.select(
                AssemblyAttendance.member_id,
                AssemblyAttendance.attendance,
                AssemblyAttendance.proxy_holder_id,
            ).where(AssemblyAttendance.assembly_id == assembly.id)
        ).all()
    }
    holders = {holder for _attendance, holder in recorded.values() if holder}
    people = voting | _people(session, (recorded.keys() | holders) - voting.keys())
    lines = []
    for member_id, person in voting.items():
        attendance, holder = recorded.get(member_id, (None, None))
        lines.append(AttendanceRecord(person, attendance, people[holder] if holder else None, True))
    others = sorted(recorded.keys() - voting.keys(), key=lambda i: people[i].number)
    for member_id in others:
        attendance, holder = recorded[member_id]
        lines.append(
            AttendanceRecord(
                people[member_id], attendance, people[holder] if holder else None, False
            )
        )
    return lines


def attendance_roll(
    session: Session, actor: Actor, assembly_id: int, lang: str
) -> tuple[AttendanceRecord, ...]:
    """The roll of an assembly for its papers (the attendance sheet to sign, the annex of the
    minutes): a line per voting member on its day, ordered by name for the reader of `lang`
    (the register's sort key), with the attendance recorded (None: nothing recorded), then
    the members without a vote who were recorded. The voting lines are the members the
    quorum counts (`quorum.voting_clause`), so the roll and the counts agree."""
    actor.require(Permission.GOVERNANCE_READ)
    return roll_lines(session, load_assembly(session, assembly_id), lang)


def roll_lines(
    session: Session, assembly: GeneralAssembly, lang: str
) -> tuple[AttendanceRecord, ...]:
    """`attendance_roll` without its permission check, for a document whose `*_report`
    function checked the actor first (as `quorum.compute_quorum` for the minutes)."""
    with _collector_paused():
        return tuple(_attendance_lines(session, assembly, by_name=lang))


def assembly_quorum(session: Session, actor: Actor, assembly_id: int) -> QuorumFigures:
    actor.require(Permission.GOVERNANCE_READ)
    return compute_quorum(session, load_assembly(session, assembly_id))


def _people(session: Session, member_ids: Sequence[int] | set[int]) -> dict[int, PersonRef]:
    ids = list(member_ids)
    out: dict[int, PersonRef] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in session.execute(sa.select(*PERSON_COLUMNS).where(Member.id.in_(chunk))):
            out[row[0]] = person_from_names(*row)
    return out
