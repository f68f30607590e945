"""The audit log read by an administrator (core/audit_log.py), on a real file: the filters, the
order and pages, an entry's fields before and after, the permission, the export's content and
the chain check."""

from __future__ import annotations

import csv
import datetime as dt
import socket
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from nassij_desktop.core.audit_log import (
    AuditFilter,
    FieldChange,
    audit_changes,
    audit_entities,
    audit_entry,
    audit_page,
    audit_rows,
    audit_users,
    check_audit_chain,
    count_audit,
    export_audit,
    field_name,
    period_bounds,
)
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.output_files import OutputPathRefused, protected_paths
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.services import MemberData, create_member, update_member
from nassij_desktop.core.users.services import create_user
from nassij_desktop.i18n import set_language
from nassij_desktop.storage import Database

TODAY = clock.today()


@pytest.fixture
def logged(database: Database) -> tuple[Actor, Actor, int]:
    """An administrator "nadia" who registers a member, the command line changing its city
    (a formula-looking value), and a volunteer; returns (nadia, volunteer, member id)."""
    with database.transaction() as session:
        nadia = create_user(session, CLI_ACTOR, "nadia", "Nadia Alaoui", "pass-nadia-1", Role.ADMIN)
        vol = create_user(session, CLI_ACTOR, "vol", "Volunteer", "pass-vol-123", Role.VOLUNTEER)
    admin = Actor(nadia.id, "nadia", Role.ADMIN)
    volunteer = Actor(vol.id, "vol", Role.VOLUNTEER)
    with database.transaction() as session:
        member = create_member(
            session,
            admin,
            MemberData(
                last_name_ar="العلوي",
                first_name_ar="سعاد",
                last_name_lat="Alaoui",
                first_name_lat="Souad",
                join_date=dt.date(2024, 1, 15),
                city="Tiznit",
            ),
        )
    with database.transaction() as session:
        update_member(session, CLI_ACTOR, member.id, None, city="=Agadir")
    return admin, volunteer, member.id


def test_filters_narrow_the_entries_newest_first(
    database: Database, logged: tuple[Actor, Actor, int]
) -> None:
    admin, _volunteer, member_id = logged
    with database.session() as session:
        total, rows = audit_page(session, admin, AuditFilter(), limit=500)
        assert total == len(rows) > 3
        assert [r.id for r in rows] == sorted((r.id for r in rows), reverse=True)
        by_nadia = audit_rows(session, admin, AuditFilter(login="nadia"))
        assert [(r.action, r.entity, r.entity_id) for r in by_nadia] == [
            ("create", "member", member_id)
        ]
        assert by_nadia[0].user_name == "Nadia Alaoui"
        on_member = AuditFilter(entity="member", entity_id=member_id)
        assert [r.action for r in audit_rows(session, admin, on_member)] == ["update", "create"]
        assert count_audit(session, admin, AuditFilter(entity="member", action="update")) == 1
        assert count_audit(session, admin, AuditFilter(entity_id=member_id + 1000)) == 0
        assert count_audit(session, admin, AuditFilter(date_from=TODAY, date_to=TODAY)) == total
        yesterday = TODAY - dt.timedelta(days=1)
        assert count_audit(session, admin, AuditFilter(date_to=yesterday)) == 0
        assert count_audit(session, admin, AuditFilter(date_from=TODAY + dt.timedelta(1))) == 0
        # Pages: the second page starts where the first one ended.
        first = audit_rows(session, admin, AuditFilter(), limit=2)
        second = audit_rows(session, admin, AuditFilter(), limit=2, offset=2)
        assert [r.id for r in first + second] == [r.id for r in rows[:4]]
        with pytest.raises(ValidationError) as refused:
            count_audit(session, admin, AuditFilter(date_from=TODAY, date_to=yesterday))
        assert refused.value.field == "date_to"
        assert "member" in audit_entities(session, admin)
        users = {u.login: u.name for u in audit_users(session, admin)}
        assert users["nadia"] == "Nadia Alaoui" and users["cli"] is None
        assert "vol" in users  # an account with no entry yet can be chosen too


def test_an_entry_lists_its_fields_before_and_after(
    database: Database, logged: tuple[Actor, Actor, int]
) -> None:
    admin, _volunteer, member_id = logged
    with database.session() as session:
        update, create = audit_rows(
            session, admin, AuditFilter(entity="member", entity_id=member_id)
        )
        changed = audit_entry(session, admin, update.id)
        created = audit_entry(session, admin, create.id)
    assert audit_changes(changed) == [FieldChange("city", "Tiznit", "=Agadir")]
    fields = {c.field: c for c in audit_changes(created)}
    assert fields["last_name_ar"] == FieldChange("last_name_ar", None, "العلوي")
    assert fields["city"].after == "Tiznit" and fields["city"].before is None
    assert "search_text" not in fields  # derived columns are never logged
    set_language("fr")
    assert field_name("member", "city") == "Ville"
    assert field_name("journal_entry", "number") == "Numéro"
    assert field_name("member", "number") != "Numéro"  # a member's number says so
    assert field_name("member", "no_such_column") == "no_such_column"


def test_a_volunteer_may_not_read_the_log(
    database: Database, logged: tuple[Actor, Actor, int], tmp_path: Path
) -> None:
    _admin, volunteer, _member_id = logged
    with database.session() as session:
        for read in (
            lambda: audit_page(session, volunteer, AuditFilter()),
            lambda: audit_entities(session, volunteer),
            lambda: audit_users(session, volunteer),
            lambda: audit_entry(session, volunteer, 1),
            lambda: check_audit_chain(session, volunteer),
            lambda: export_audit(session, volunteer, AuditFilter(), tmp_path / "x.csv"),
        ):
            with pytest.raises(PermissionDenied):
                read()
    assert not (tmp_path / "x.csv").exists()


def test_the_export_writes_every_entry_under_the_filter(
    database: Database, logged: tuple[Actor, Actor, int], tmp_path: Path
) -> None:
    admin, _volunteer, member_id = logged
    on_member = AuditFilter(entity="member", entity_id=member_id)
    with database.session() as session:
        written = export_audit(session, admin, on_member, tmp_path / "audit.csv", lang="fr")
        assert written == 2
        with (tmp_path / "audit.csv").open(encoding="utf-8-sig", newline="") as stream:
            lines = list(csv.reader(stream))
        assert lines[0][:3] == ["N° d'entrée", "Heure", "Identifiant"]
        # Oldest first, labels in the reader's language, the values as logged (JSON).
        assert [line[5] for line in lines[1:]] == ["Création", "Modification"]
        assert lines[1][2:4] == ["nadia", "Nadia Alaoui"] and lines[1][6] == "Adhérent"
        assert lines[0][4] == "Ordinateur" and lines[1][4] == socket.gethostname()
        assert '"العلوي"' in lines[1][9]
        assert lines[2][8] == '{"city": "Tiznit"}'
        assert lines[2][9] == '{"city": "=Agadir"}'  # JSON starts with "{": no formula
        written = export_audit(session, admin, on_member, tmp_path / "a.xlsx", "xlsx", lang="ar")
        assert written == 2
        sheet = openpyxl.load_workbook(tmp_path / "a.xlsx", read_only=True).active
        assert sheet is not None
        cells = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert cells[0][0] == "رقم العملية" and len(cells) == 3
        assert cells[1][5] == "إنشاء" and cells[2][7] == member_id


@pytest.mark.sqlite_only("the export refuses to write over the association's own file")
def test_the_export_refuses_the_association_file(
    database: Database, logged: tuple[Actor, Actor, int]
) -> None:
    admin, _volunteer, member_id = logged
    on_member = AuditFilter(entity="member", entity_id=member_id)
    assert database.path is not None
    with database.session() as session, pytest.raises(OutputPathRefused):
        export_audit(
            session,
            admin,
            on_member,
            database.path,
            protected=sorted(protected_paths(database.path)),
        )


def test_the_chain_check_finds_an_altered_entry(
    database: Database, logged: tuple[Actor, Actor, int]
) -> None:
    admin, _volunteer, _member_id = logged
    with database.session() as session:
        whole = check_audit_chain(session, admin)
        target = audit_rows(session, admin, AuditFilter(entity="member", action="update"))[0]
    assert whole.broken is None and whole.entries > 3
    # Altered behind the application's back, as a raw SQL client would.
    with database.engine.begin() as raw:
        raw.execute(
            sa.text("UPDATE audit_log SET login = 'someone' WHERE id = :id"), {"id": target.id}
        )
    with database.session() as session:
        broken = check_audit_chain(session, admin).broken
    assert broken is not None and broken.entry_id == target.id


def test_a_period_is_days_of_this_computer() -> None:
    start, end = period_bounds(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert start is not None and end is not None
    assert end - start == dt.timedelta(days=31)


def test_entries_sealed_before_their_insert_chain_across_flushes_and_savepoints(
    database: Database,
) -> None:
    """On SQLite a flush gives its new entries their ids and seals before writing them: the
    chain stays whole over several flushes, a savepoint given back, and record_many."""
    from nassij_desktop.core.common.audit import (
        AuditEntry,
        AuditItem,
        record,
        record_many,
        verify_audit_chain,
    )

    with database.transaction() as session:
        record(session, CLI_ACTOR, "create", "probe", 1)
        record(session, CLI_ACTOR, "create", "probe", 2)
        session.flush()
        savepoint = session.begin_nested()
        record(session, CLI_ACTOR, "create", "probe", 3)
        session.flush()
        savepoint.rollback()  # given back: entry 3 is not in the chain
        record_many(session, CLI_ACTOR, [AuditItem("create", "probe", 4)])
        record(session, CLI_ACTOR, "update", "probe", 4, {"a": 1}, {"a": 2})
    with database.session() as session:
        assert verify_audit_chain(session) is None
        probes = session.scalars(
            sa.select(AuditEntry.entity_id)
            .where(AuditEntry.entity == "probe")
            .order_by(AuditEntry.id)
        )
        assert list(probes) == [1, 2, 4, 4]
