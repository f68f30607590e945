"""What the governance services hand out: plain, read-only records for screens and the CLI."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from fractions import Fraction

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.names import join_names, reader_name
from nassij_desktop.core.governance.models import (
    AssemblyKind,
    Attendance,
    DeclarationKind,
)
from nassij_desktop.core.governance.roles import role_title
from nassij_desktop.core.members.models import Gender, Member
from nassij_desktop.i18n import N_, NG_


class AssemblyState(enum.StrEnum):
    """Where an assembly is in its workflow. Stored as `GeneralAssembly.status`, except that a
    held assembly is *in session* until it is closed, which records `quorum_reached`."""

    PLANNED = "planned"
    CONVENED = "convened"  # convocation sent; agenda editable; attendance may be taken
    IN_SESSION = "in_session"  # held: attendance, resolutions and the election are recorded
    CLOSED = "closed"  # held and closed: the record is final
    CANCELLED = "cancelled"


STATE_LABELS = {
    AssemblyState.PLANNED: N_("Planned"),
    AssemblyState.CONVENED: N_("Convened"),
    AssemblyState.IN_SESSION: N_("In session"),
    AssemblyState.CLOSED: N_("Closed"),
    AssemblyState.CANCELLED: N_("Cancelled"),
}

# Said of one member (حاضر/حاضرة): `core.common.gendered.gendered(label, gender)`.
ATTENDANCE_LABELS = {
    Attendance.PRESENT: NG_("Present"),
    Attendance.PROXY: NG_("Represented"),
    Attendance.EXCUSED: NG_("Excused"),
    Attendance.ABSENT: NG_("Absent"),
}
# The two officers of an assembly's session (رئيس الجلسة/رئيسة الجلسة).
CHAIR_LABEL = NG_("Chair of the meeting")
SECRETARY_LABEL = NG_("Secretary of the meeting")

DECLARATION_KIND_LABELS = {
    DeclarationKind.CREATION: N_("Creation of the association"),
    DeclarationKind.BOARD_CHANGE: N_("Change of the board"),
    DeclarationKind.STATUTES_CHANGE: N_("Change of the statutes"),
    DeclarationKind.BRANCH: N_("Branch"),
    DeclarationKind.OTHER: N_("Other declaration"),
}


# slots: an attendance sheet holds a PersonRef and an AttendanceRecord per member (tens of
# thousands), and objects without a __dict__ are lighter to make and to keep.
@dataclass(frozen=True, slots=True)
class PersonRef:
    """A member as governance screens name them."""

    id: int
    number: str
    name_ar: str  # first name then family name, as `core.common.names` writes a name
    name_lat: str
    gender: Gender | None = None

    def name(self, lang: str) -> str:
        """The name for the reader of `lang` (`core.common.names`): "أحمد بن علي"."""
        return reader_name(lang, self.name_ar, self.name_lat)


def person_from_names(
    member_id: int,
    number: str,
    last_ar: str | None,
    first_ar: str | None,
    last_lat: str | None,
    first_lat: str | None,
    gender: Gender | None = None,
) -> PersonRef:
    """A member named from the columns of a query (`PERSON_COLUMNS` of the assemblies)."""
    # Made for every line of an attendance sheet: plain expressions, not a join per name.
    return PersonRef(
        id=member_id,
        number=number,
        name_ar=join_names(first_ar, last_ar),
        name_lat=join_names(first_lat, last_lat),
        gender=gender,
    )


def person_ref(member: Member) -> PersonRef:
    return person_from_names(
        member.id,
        member.number,
        member.last_name_ar,
        member.first_name_ar,
        member.last_name_lat,
        member.first_name_lat,
        member.gender,
    )


@dataclass(frozen=True)
class RoleRecord:
    id: int
    code: str
    label_ar: str
    label_fr: str
    label_en: str
    position: int
    max_holders: int | None  # None: any number

    def label(self, lang: str) -> str:
        """The role's own label (a list of roles, a choice of role)."""
        return {"ar": self.label_ar, "fr": self.label_fr}.get(lang, self.label_en)

    def title(self, lang: str, gender: str | None) -> str:
        """The role as held by a person of `gender` (`roles.role_title`): الرئيسة, Présidente."""
        return role_title(self.label(lang), gender)


@dataclass(frozen=True)
class SeatRecord:
    id: int
    role: RoleRecord
    member: PersonRef
    starts_on: dt.date
    ends_on: dt.date | None  # the last day held; None while held

    def title(self, lang: str) -> str:
        """The role in the holder's gender."""
        return self.role.title(lang, self.member.gender)


@dataclass(frozen=True)
class TermRecord:
    id: int
    starts_on: dt.date
    ends_on: dt.date | None  # the last day of the term; None while running
    elected_by_id: int | None
    elected_on: dt.date | None  # the date of the assembly that elected it
    seats: tuple[SeatRecord, ...]


@dataclass(frozen=True)
class QuorumFigures:
    """The quorum of an assembly. `voting` members: see `quorum.voting_members_query`;
    present and represented count only voting members."""

    voting: int
    present: int
    represented: int
    quorum: Fraction  # the share of `voting` the statutes ask for
    needed: int

    @property
    def attending(self) -> int:
        return self.present + self.represented

    @property
    def reached(self) -> bool:
        return self.attending > 0 and self.attending >= self.needed


@dataclass(frozen=True)
class AgendaRecord:
    id: int
    position: int
    title: Bilingual  # in at least one language
    discussion: Bilingual


@dataclass(frozen=True, slots=True)
class AttendanceRecord:
    member: PersonRef
    attendance: Attendance | None  # None: not recorded yet
    proxy_holder: PersonRef | None
    voting: bool  # counts for the quorum and the votes


@dataclass(frozen=True)
class ResolutionRecord:
    id: int
    position: int
    text: Bilingual  # in at least one language
    votes_for: int
    votes_against: int
    votes_abstain: int
    adopted: bool
    agenda_item_id: int | None


@dataclass(frozen=True)
class AssemblySummary:
    id: int
    version: int
    kind: AssemblyKind
    state: AssemblyState
    held_on: dt.date
    starts_at: dt.time | None
    place: Bilingual
    convened_on: dt.date | None
    quorum: Fraction
    quorum_reached: bool | None


@dataclass(frozen=True)
class DeclarationRecord:
    id: int
    version: int
    kind: DeclarationKind
    due_on: dt.date | None
    filed_on: dt.date | None
    authority: str | None
    receipt_number: str | None
    receipt_date: dt.date | None
    assembly_id: int | None
    board_term_id: int | None


@dataclass(frozen=True)
class AssemblyDetail:
    summary: AssemblySummary
    agenda: tuple[AgendaRecord, ...]
    attendance: tuple[AttendanceRecord, ...]  # every voting member, then others recorded
    resolutions: tuple[ResolutionRecord, ...]
    quorum: QuorumFigures
    chair: PersonRef | None
    secretary: PersonRef | None
    elected_term_id: int | None
    declaration: DeclarationRecord | None
    notes: Bilingual = field(default_factory=Bilingual)  # the remarks of the minutes


@dataclass(frozen=True)
class Reminder:
    """A declaration still to file with the local authority."""

    declaration_id: int
    kind: DeclarationKind
    due_on: dt.date
    overdue: bool
    days_left: int  # negative once overdue
    assembly_id: int | None
    board_term_id: int | None
