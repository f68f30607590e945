"""Who may vote at an assembly, and whether enough of them came.

A member is a *voting member on day D* when all of these hold:

1. their category votes (`MemberCategory.votes`; honorary members do not);
2. they had joined on or before D (`join_date <= D`);
3. their status on D was *active*: the `to_status` of their latest status change effective on or
   before D (the status history the member services keep). A member with no history on or
   before D is taken at their present status, or as active when that status began after D.

So a member suspended in March counts for a January assembly and not for a June one; a member
who joined the day after the assembly does not count. The quorum is reached when the voting
members present plus those represented by a proxy reach the assembly's `quorum` share of the
voting members, rounded up, and at least one came.

The quorum is the share the statutes state, kept as an exact fraction (`fractions.Fraction`,
stored as numerator and denominator): two thirds of 243 voting members is 162, never the 161
of a rounded 66 %. The number needed is counted in integers (`quorum_needed`). The forms offer
the shares statutes commonly state (`COMMON_QUORUMS`) or a whole percentage (n/100); the
command line takes either (`parse_quorum`). A quorum is written "2/3", or "66 %" for a
percentage (`quorum_text`), and the minutes also say it in words ("two thirds").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.governance.models import AssemblyAttendance, Attendance, GeneralAssembly
from nassij_desktop.core.governance.records import AttendanceRecord, QuorumFigures
from nassij_desktop.core.members.models import (
    Member,
    MemberCategory,
    MemberStatus,
    MemberStatusChange,
)
from nassij_desktop.i18n import N_, _, current_language, translate_in

# --- the quorum as a share --------------------------------------------------------------------

DEFAULT_QUORUM = Fraction(1, 2)
MAX_DENOMINATOR = 1000  # the database's check (general_assembly.quorum) says the same


@dataclass(frozen=True)
class CommonQuorum:
    share: Fraction
    label: str  # N_-marked: the form's choice, "Two thirds (2/3)"
    words: str  # N_-marked: in a sentence of the minutes, "two thirds"


# The shares statutes commonly state, in the order a form offers them.
COMMON_QUORUMS = (
    CommonQuorum(Fraction(1, 2), N_("One half (1/2)"), N_("one half")),
    CommonQuorum(Fraction(2, 3), N_("Two thirds (2/3)"), N_("two thirds")),
    CommonQuorum(Fraction(3, 4), N_("Three quarters (3/4)"), N_("three quarters")),
    CommonQuorum(Fraction(1, 3), N_("One third (1/3)"), N_("one third")),
    CommonQuorum(Fraction(1, 4), N_("One quarter (1/4)"), N_("one quarter")),
)
_COMMON = {common.share: common for common in COMMON_QUORUMS}

# "2/3", "2 / 3", "66", "66 %", "66%", "66٪" (Arabic percent sign), "66.5 %"
_FRACTION = re.compile(r"(\d{1,4})\s*/\s*(\d{1,4})")
_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*[%٪]?")


def check_quorum(share: Fraction) -> Fraction:
    """`share` if it can be a quorum (from 0 to 1, a denominator up to 1000), else a
    ValidationError on the field `quorum`."""
    share = Fraction(share)
    if not 0 <= share <= 1:
        raise ValidationError("quorum", _("The quorum is a share from 0 to the whole (1/1)."))
    if share.denominator > MAX_DENOMINATOR:
        raise ValidationError(
            "quorum", _("The quorum's denominator is at most {most}.").format(most=MAX_DENOMINATOR)
        )
    return share


def parse_quorum(text: str) -> Fraction:
    """A quorum as people write it: a fraction ("2/3") or a percentage ("66 %", "66")."""
    value = text.strip().translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    fraction, percent = _FRACTION.fullmatch(value), _PERCENT.fullmatch(value)
    share = None
    if fraction and int(fraction.group(2)):
        share = Fraction(int(fraction.group(1)), int(fraction.group(2)))
    elif percent:
        share = Fraction(percent.group(1).replace(",", ".")) / 100
    if share is None:
        raise ValidationError(
            "quorum", _("Write the quorum as a fraction (2/3) or a percentage (66 %).")
        )
    return check_quorum(share)


def quorum_text(share: Fraction, lang: str | None = None) -> str:
    """The quorum as a figure: "2/3" for a share statutes state as a fraction (or any share
    that is no whole percentage), "66 %" for a whole percentage ("66%" in Arabic)."""
    percent = share * 100
    if share in _COMMON or percent.denominator != 1:
        return f"{share.numerator}/{share.denominator}"
    space = "" if (lang or current_language()) == "ar" else "\u202f"
    return f"{percent.numerator}{space}%"


def quorum_words(share: Fraction, lang: str) -> str:
    """The quorum in a sentence of `lang`: "two thirds (2/3)" for a common share, else the
    figure ("66 %")."""
    common = _COMMON.get(share)
    if common is None:
        return quorum_text(share, lang)
    return f"{translate_in(lang, common.words)} ({quorum_text(share, lang)})"


def quorum_needed(voting: int, share: Fraction) -> int:
    """How many of `voting` members make the quorum: `voting × share`, rounded up, counted in
    integers (243 at 2/3: 162)."""
    return -(-voting * share.numerator // share.denominator)


def status_on(day: dt.date) -> sa.ColumnElement[str]:
    """A member's status on `day`, as an SQL expression over `Member` (see the module doc)."""
    latest = (
        sa.select(MemberStatusChange.to_status)
        .where(MemberStatusChange.member_id == Member.id)
        .where(MemberStatusChange.effective_on <= day)
        .order_by(MemberStatusChange.effective_on.desc(), MemberStatusChange.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    fallback = sa.case(
        (Member.status_since > day, sa.literal(MemberStatus.ACTIVE.value)),
        else_=sa.cast(Member.status, sa.String),
    )
    return sa.func.coalesce(sa.cast(latest, sa.String), fallback)


def _suspects(day: dt.date) -> sa.CompoundSelect[int]:
    """Members who may not have been active on `day`, a small part of any register: those
    with a change to another status effective on or before `day`, and those whose present
    status is not active. Anyone else was active on `day` (see the module doc)."""
    return sa.union(
        sa.select(MemberStatusChange.member_id)
        .where(MemberStatusChange.to_status != MemberStatus.ACTIVE)
        .where(MemberStatusChange.effective_on <= day),
        sa.select(Member.id).where(Member.status != MemberStatus.ACTIVE),
    )


def voting_clause(day: dt.date) -> sa.ColumnElement[bool]:
    """Whether a member was a voting member on `day`, over `Member` joined to its
    `MemberCategory`, for a pass over the register: the status on `day` (a lookup in the
    status history) is worked out only for the suspects, a few thousand lookups instead of
    one per member at 100 000 members."""
    return sa.and_(
        MemberCategory.votes.is_(True),
        Member.join_date <= day,
        sa.or_(
            Member.id.not_in(_suspects(day)),
            status_on(day) == MemberStatus.ACTIVE.value,
        ),
    )


def voting_row_clause(day: dt.date) -> sa.ColumnElement[bool]:
    """The same as `voting_clause`, the status looked up for each row: for a few rows (a
    member, an assembly's attendance), where listing the suspects would cost more."""
    return sa.and_(
        MemberCategory.votes.is_(True),
        Member.join_date <= day,
        status_on(day) == MemberStatus.ACTIVE.value,
    )


def voting_members_query(day: dt.date) -> sa.Select[int]:
    """The ids of the voting members on `day`."""
    return (
        sa.select(Member.id)
        .join(MemberCategory, Member.category_id == MemberCategory.id)
        .where(voting_clause(day))
    )


def voting_member_ids(session: Session, day: dt.date) -> set[int]:
    return set(session.scalars(voting_members_query(day)))


def voting_count_query(day: dt.date) -> sa.Select[int]:
    """How many voting members on `day`, counted by the database (no id leaves it) as: the
    members who had joined, less those of a category without a vote, less those of a voting
    category who were not active (found among the suspects). The first two are counts over
    indexes (join date, category), not a pass over the register."""
    count = sa.func.count()
    joined = sa.select(count).select_from(Member).where(Member.join_date <= day)
    without_vote = joined.where(
        Member.category_id.in_(
            sa.select(MemberCategory.id).where(MemberCategory.votes.is_not(True))
        )
    )
    not_active = (
        sa.select(count)
        .select_from(Member)
        .join(MemberCategory, Member.category_id == MemberCategory.id)
        .where(Member.id.in_(_suspects(day)))
        .where(MemberCategory.votes.is_(True))
        .where(Member.join_date <= day)
        .where(status_on(day) != MemberStatus.ACTIVE.value)
    )
    return sa.select(
        joined.scalar_subquery() - without_vote.scalar_subquery() - not_active.scalar_subquery()
    )


def voting_count(session: Session, day: dt.date) -> int:
    return session.scalar(voting_count_query(day)) or 0


def voting_among(session: Session, member_ids: Iterable[int], day: dt.date) -> set[int]:
    """Those of a few `member_ids` who were voting members on `day`, each looked up by id
    (no pass over the register)."""
    ids = list(member_ids)
    if not ids:
        return set()
    return set(
        session.scalars(
            sa.select(Member.id)
            .join(MemberCategory, Member.category_id == MemberCategory.id)
            .where(Member.id.in_(ids))
            .where(voting_row_clause(day))
        )
    )


def active_on(session: Session, member_ids: Iterable[int], day: dt.date) -> set[int]:
    """Those of `member_ids` who had joined and were active on `day` (any category)."""
    ids = list(member_ids)
    if not ids:
        return set()
    return set(
        session.scalars(
            sa.select(Member.id)
            .where(Member.id.in_(ids))
            .where(Member.join_date <= day)
            .where(status_on(day) == MemberStatus.ACTIVE.value)
        )
    )


def quorum_figures(voting: int, present: int, represented: int, share: Fraction) -> QuorumFigures:
    return QuorumFigures(
        voting=voting,
        present=present,
        represented=represented,
        quorum=share,
        needed=quorum_needed(voting, share),
    )


def quorum_of_lines(lines: Iterable[AttendanceRecord], share: Fraction) -> QuorumFigures:
    """The quorum of an attendance sheet already read (`assemblies.get_assembly`'s lines):
    the same figures as `compute_quorum`, without going back to the database."""
    voting = present = represented = 0
    for line in lines:
        if line.voting:
            voting += 1
            present += line.attendance is Attendance.PRESENT
            represented += line.attendance is Attendance.PROXY
    return quorum_figures(voting, present, represented, share)


def compute_quorum(session: Session, assembly: GeneralAssembly) -> QuorumFigures:
    """Two aggregates: the voting members counted over the register, and the attendance of
    those of them recorded at this assembly, counted from the assembly's own rows (no member
    is loaded)."""
    day = assembly.held_on
    counts = dict(
        session.execute(
            sa.select(AssemblyAttendance.attendance, sa.func.count())
            .join(Member, Member.id == AssemblyAttendance.member_id)
            .join(MemberCategory, Member.category_id == MemberCategory.id)
            .where(AssemblyAttendance.assembly_id == assembly.id)
            .where(voting_row_clause(day))
            .group_by(AssemblyAttendance.attendance)
        ).all()
    )
    return quorum_figures(
        voting_count(session, day),
        counts.get(Attendance.PRESENT, 0),
        counts.get(Attendance.PROXY, 0),
        assembly.quorum,
    )
