"""Personal data under law 09-08 (core/privacy), on a copy of the shared demo: the right of
access gathers every source, anonymisation keeps the books, the minutes' counts and both
hash chains whole and leaves no trace of the person in the file, the retention rule, and
the refusals."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.activities.models import VolunteerTime
from nassij_desktop.core.books.chain import verify_entry_chain
from nassij_desktop.core.books.models import FiscalYear
from nassij_desktop.core.books.statements.table import StatementKind, statement_rows
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.audit import AuditEntry, verify_audit_chain
from nassij_desktop.core.common.errors import Conflict, PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.donations.models import Donation
from nassij_desktop.core.donations.services import DonationData, record_donation
from nassij_desktop.core.governance.models import AssemblyAttendance, BoardSeat
from nassij_desktop.core.members.models import DuesPayment, Member, MemberStatus
from nassij_desktop.core.members.services import change_member_status
from nassij_desktop.core.privacy.access import personal_data
from nassij_desktop.core.privacy.anonymise import anonymise_member
from nassij_desktop.core.privacy.retention import apply_retention, retention_preview
from nassij_desktop.core.users.services import create_user
from nassij_desktop.storage import Database
from nassij_desktop.storage.check import check
from tests.core.conftest import DemoDatabase

TODAY = clock.today()
SECRETARY = Actor(None, "sec", Role.SECRETARY)


@pytest.fixture
def demo(demo_database: DemoDatabase) -> Database:
    return demo_database(members=60, seed=3)


def _member_with_everything(session: Session) -> Member:
    """A member not on the board now with dues and a donation, and as many of assembly
    attendance and volunteer time as the demo gives one such member."""
    seated = set(
        session.scalars(
            sa.select(BoardSeat.member_id).where(
                sa.or_(BoardSeat.ends_on.is_(None), BoardSeat.ends_on >= TODAY)
            )
        )
    )
    donors = set(
        session.scalars(sa.select(Donation.member_id).where(Donation.member_id.is_not(None)))
    )
    payers = set(session.scalars(sa.select(DuesPayment.member_id)))
    present = set(session.scalars(sa.select(AssemblyAttendance.member_id)))
    volunteers = set(session.scalars(sa.select(VolunteerTime.member_id)))
    candidates = sorted((donors & payers) - seated)
    chosen = max(candidates, key=lambda m: (m in present) + (m in volunteers))
    member = session.get(Member, chosen)
    assert member is not None
    return member


def _count(session: Session, column: sa.orm.InstrumentedAttribute[int], member_id: int) -> int:
    return session.scalar(sa.select(sa.func.count()).where(column == member_id)) or 0


def test_access_gathers_every_source(demo: Database) -> None:
    with demo.transaction() as session:
        member = _member_with_everything(session)
        create_user(
            session,
            CLI_ACTOR,
            "own",
            "Own Account",
            "pass-own-1234",
            Role.VOLUNTEER,
            member_id=member.id,
        )
    with demo.session() as session:
        data = personal_data(session, CLI_ACTOR, member.number)
        assert data.member.number == member.number
        assert data.member.id_number == member.id_number  # an administrator sees the CIN
        assert len(data.dues) == _count(session, DuesPayment.member_id, member.id) > 0
        assert len(data.donations) == _count(session, Donation.member_id, member.id) > 0
        assert data.statuses
        assert data.account is not None and data.account.login == "own"
        assert {a.entity for a in data.audit} >= {"member", "dues_payment", "user"}
        # Each other source, on a member who has some.
        for column, read in (
            (BoardSeat.member_id, "seats"),
            (AssemblyAttendance.member_id, "attendances"),
            (VolunteerTime.member_id, "volunteering"),
        ):
            holder = session.get(Member, session.scalar(sa.select(sa.func.min(column))))
            assert holder is not None
            held = getattr(personal_data(session, CLI_ACTOR, holder.number), read)
            assert len(held) == _count(session, column, holder.id) > 0
        with pytest.raises(PermissionDenied):
            personal_data(session, SECRETARY, member.number)


def _text_columns(path: Path, needles: list[str]) -> list[str]:
    """Where any of `needles` is still found: table.column, every column of every table read
    as text, then the file's bytes after VACUUM."""
    found = []
    with sqlite3.connect(path) as connection:
        connection.execute("VACUUM")
        tables = [
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        for table in tables:
            for column in [r[1] for r in connection.execute(f"PRAGMA table_info('{table}')")]:
                for needle in needles:
                    hits = connection.execute(
                        f'SELECT count(*) FROM "{table}" WHERE CAST("{column}" AS TEXT) LIKE ?',
                        (f"%{needle}%",),
                    ).fetchone()[0]
                    if hits:
                        found.append(f"{table}.{column}: {needle}")
    data = path.read_bytes()
    found += [f"file bytes: {n}" for n in needles if n.encode("utf-8") in data]
    return found


def _trial_balances(session: Session) -> dict[str, object]:
    years = session.scalars(sa.select(FiscalYear.label))
    return {y: statement_rows(session, CLI_ACTOR, StatementKind.TRIAL_BALANCE, y) for y in years}


@pytest.mark.sqlite_only("no trace left in the file's bytes after VACUUM")
def test_anonymise_keeps_the_books_and_chains_and_leaves_no_trace(demo: Database) -> None:
    with demo.transaction() as session:
        # A donation recorded without picking the member, the name typed ("Amna RADI"): the
        # same person, whose name stayed in the donor and the entry (a demo build had one).
        member = _member_with_everything(session)
        typed_donor = f"{member.first_name_lat} {(member.last_name_lat or '').upper()}"
        record_donation(session, CLI_ACTOR, DonationData(typed_donor, Decimal("150")))
    with demo.session() as session:
        member = _member_with_everything(session)
        number, member_id = member.number, member.id
        first_lat, last_lat = member.first_name_lat or "", member.last_name_lat or ""
        needles = [
            f"{member.first_name_lat} {member.last_name_lat}",
            f"{member.first_name_ar} {member.last_name_ar}",
            *(v for v in (member.id_number, member.phone, member.email) if v),
        ]
        balances = _trial_balances(session)
        attendance = _count(session, AssemblyAttendance.member_id, member_id)
        dues_total = session.scalar(
            sa.select(sa.func.sum(DuesPayment.amount)).where(DuesPayment.member_id == member_id)
        )
    with demo.transaction() as session:
        # The name typed into a free text as a secretary would, the family name in capitals
        # ("Ghita TAZI"): found whatever its case (LIKE below ignores it too).
        typed = f"{first_lat} {last_lat.upper()}"
        change_member_status(
            session, CLI_ACTOR, member_id, MemberStatus.RESIGNED, TODAY, f"Lettre de {typed}"
        )
    with demo.transaction() as session:
        done = anonymise_member(session, CLI_ACTOR, number, reason="Demande écrite du 01/12")
    assert done.donations >= 1 and done.entries >= 1 and done.audit_entries >= 1

    assert check(demo).problems == []
    with demo.session() as session:
        assert verify_audit_chain(session) is None
        assert verify_entry_chain(session) is None
        assert _trial_balances(session) == balances
        assert _count(session, AssemblyAttendance.member_id, member_id) == attendance
        assert (
            session.scalar(
                sa.select(sa.func.sum(DuesPayment.amount)).where(DuesPayment.member_id == member_id)
            )
            == dues_total
        )
        after = personal_data(session, CLI_ACTOR, number)
        assert after.anonymised
        assert after.member.name("fr") == f"Membre anonymisé {number}"
        assert after.member.name("ar") == f"عضو مجهول الهوية {number}"
        assert after.member.id_number is None and after.member.birth_date is None
        assert all(
            d.donor_name.endswith(number) and d.donor_identity is None for d in after.donations
        )
        logged = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "anonymise")
        ).one()
        assert logged.entity_id == member_id and "Demande écrite" in (logged.after or "")
    path = Path(demo.url.database or "")
    demo.close()
    assert _text_columns(path, needles) == []


def test_anonymise_refusals(demo: Database) -> None:
    with demo.session() as session:
        member = _member_with_everything(session)
        number, member_id = member.number, member.id
        seat = session.scalars(sa.select(BoardSeat).where(BoardSeat.ends_on.is_(None))).first()
        assert seat is not None
        seated = session.get(Member, seat.member_id)
        assert seated is not None
    with demo.transaction() as session, pytest.raises(Conflict, match="still a member"):
        anonymise_member(session, CLI_ACTOR, number, reason="request")
    with demo.transaction() as session:
        change_member_status(session, CLI_ACTOR, member_id, MemberStatus.RESIGNED, TODAY)
        change_member_status(session, CLI_ACTOR, seated.id, MemberStatus.RESIGNED, TODAY)
    with demo.transaction() as session, pytest.raises(PermissionDenied):
        anonymise_member(session, SECRETARY, number, reason="request")
    with demo.transaction() as session, pytest.raises(ValidationError) as refused:
        anonymise_member(session, CLI_ACTOR, number, reason="  ")
    assert refused.value.field == "reason"
    with demo.transaction() as session, pytest.raises(Conflict, match="seat on the board"):
        anonymise_member(session, CLI_ACTOR, seated.number, reason="request")
    with demo.transaction() as session:
        anonymise_member(session, CLI_ACTOR, number, reason="request")
    with demo.transaction() as session, pytest.raises(Conflict, match="already anonymised"):
        anonymise_member(session, CLI_ACTOR, number, reason="request")


def test_anonymise_refuses_a_broken_chain(demo: Database) -> None:
    with demo.transaction() as session:
        member = _member_with_everything(session)
        change_member_status(session, CLI_ACTOR, member.id, MemberStatus.RESIGNED, TODAY)
        number = member.number
    with demo.transaction() as session:
        session.execute(sa.text("UPDATE journal_line SET label = 'forged' WHERE id = 1"))
    with demo.transaction() as session, pytest.raises(Conflict, match="no longer matches"):
        anonymise_member(session, CLI_ACTOR, number, reason="request")


def test_retention_preview_then_apply(demo: Database) -> None:
    later = TODAY + dt.timedelta(days=3 * 366)
    with demo.session() as session:
        gone = session.scalars(
            sa.select(Member.number).where(
                Member.status.in_(
                    [MemberStatus.RESIGNED, MemberStatus.DECEASED, MemberStatus.EXCLUDED]
                )
            )
        ).all()
        seated = set(
            session.scalars(
                sa.select(Member.number)
                .join(BoardSeat, BoardSeat.member_id == Member.id)
                .where(sa.or_(BoardSeat.ends_on.is_(None), BoardSeat.ends_on >= later))
            )
        )
        preview = retention_preview(session, CLI_ACTOR, 2, today=later)
        assert {c.number for c in preview} == set(gone) - seated
        assert preview and all(c.left_on < later - dt.timedelta(days=2 * 365) for c in preview)
        assert retention_preview(session, CLI_ACTOR, 50, today=later) == []
        with pytest.raises(PermissionDenied):
            retention_preview(session, SECRETARY, 2, today=later)
        with pytest.raises(ValidationError):
            retention_preview(session, CLI_ACTOR, 0, today=later)
    with demo.transaction() as session:
        done = apply_retention(session, CLI_ACTOR, 2, today=later)
    assert [d.number for d in done] == [c.number for c in preview]
    with demo.session() as session:
        assert retention_preview(session, CLI_ACTOR, 2, today=later) == []
        assert personal_data(session, CLI_ACTOR, preview[0].number).anonymised
    assert check(demo).problems == []
