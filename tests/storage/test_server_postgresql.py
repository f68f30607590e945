"""A shared database on a PostgreSQL server: copied with pg_dump before its upgrade, refused
when a newer version wrote it, its password kept in the system keyring, and usable by a role
holding only the grants the documentation lists (docs/ARCHITECTURE.md, "Shared mode")."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.audit_log import AuditFilter, audit_rows
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.core.members.search import search_members
from nassij_desktop.core.members.services import MemberData, create_member, record_dues
from nassij_desktop.storage import check, errors, migrate, open_database, server
from tests.postgres import FileKeyring, fresh_database, password_role


@pytest.fixture
def server_db(postgres_url: str, request: pytest.FixtureRequest) -> Iterator[str]:
    name = f"srv_{request.node.name[5:30].lower()}"
    with fresh_database(postgres_url, name, at_head=True) as url:
        yield url


def test_pg_dump_copies_the_database_before_its_upgrade(server_db: str, tmp_path: Path) -> None:
    database = open_database(server_db)
    with database.transaction() as session:
        create_association(session, CLI_ACTOR, AssociationProfile(name_ar="أ", name_fr="Amal"))
    database.close()
    engine = sa.create_engine(server_db)
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0019")
    engine.dispose()
    database = open_database(server_db, backup_dir=tmp_path)
    try:
        dump = database.last_backup
        assert dump is not None and dump.parent == tmp_path and dump.suffix == ".dump"
        assert "before-upgrade-0019" in dump.name
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
    finally:
        database.close()
    pg_restore = server.find_pg_dump().with_name("pg_restore")  # type: ignore[union-attr]
    listing = subprocess.run(
        [pg_restore, "--list", dump], capture_output=True, text=True, check=True
    ).stdout
    assert "TABLE DATA public association" in listing
    assert "TABLE DATA public alembic_version" in listing


def test_a_database_saved_by_a_newer_version_is_refused(server_db: str) -> None:
    open_database(server_db).close()
    engine = sa.create_engine(server_db)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(errors.DatabaseTooNew, match="This database was saved by a newer"):
        open_database(server_db)
    assert server.check_server(server_db).state == "newer"


def test_the_password_round_trips_through_the_keyring(
    file_keyring: FileKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(server.PASSWORD_VARIABLE, raising=False)
    settings = server.ServerSettings(host="nas.local", database="nassij", user="amina", port=5433)
    url = settings.url(password=False)
    assert server.keyring_user(url) == "amina@nas.local:5433/nassij"
    assert server.with_password(url).password is None
    server.remember_password(url, "kept-secret")
    assert "kept-secret" in file_keyring.path.read_text()
    assert server.with_password(url).password == "kept-secret"
    assert server.with_password(str(url)).password == "kept-secret"  # the text form too
    monkeypatch.setenv(server.PASSWORD_VARIABLE, "from-env")
    assert server.with_password(url).password == "from-env"  # the variable goes first
    typed = server.ServerSettings(host="nas.local", database="nassij", user="amina", password="t")
    assert server.with_password(typed.url()).password == "t"  # the URL's own goes first
    monkeypatch.delenv(server.PASSWORD_VARIABLE)
    server.forget_password(url)
    assert server.with_password(url).password is None
    server.forget_password(url)  # nothing kept: nothing to do
    shown = server.safe_text(url.set(password="kept-secret"))
    assert "kept-secret" not in shown and "***" in shown
    assert "kept-secret" not in server.without_password(url.set(password="kept-secret"))


DAILY_GRANTS = """
REVOKE ALL ON DATABASE {db} FROM PUBLIC;
GRANT CONNECT ON DATABASE {db} TO nassij_app;
GRANT USAGE ON SCHEMA public TO nassij_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO nassij_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO nassij_app;
"""


def test_the_daily_role_needs_only_the_documented_grants(server_db: str) -> None:
    """The schema is made by the migration role (the owner); the daily role, with only
    CONNECT, USAGE on the schema, SELECT/INSERT/UPDATE/DELETE on the tables and USAGE/SELECT
    on the sequences, runs the usual work."""
    url = sa.make_url(server_db)
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        command.downgrade(migrate.alembic_config(connection), "0019")  # one step to migrate
        for role in ("nassij_owner", "nassij_app"):
            connection.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
            connection.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        # The migration role owns the database, its schema (PostgreSQL 15: pg_database_owner)
        # and every table and sequence, as if it had made them.
        connection.exec_driver_sql(f"ALTER DATABASE {url.database} OWNER TO nassij_owner")
        connection.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        for kind, relkind in (("TABLE", "r"), ("SEQUENCE", "S")):  # a table takes its own
            for name in connection.scalars(
                sa.text(
                    "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                    "AND relkind = :kind AND relowner <> 'nassij_owner'::regrole"
                ),
                {"kind": relkind},
            ):
                connection.exec_driver_sql(f'ALTER {kind} "{name}" OWNER TO nassij_owner')
    owner = open_database(url.set(username="nassij_owner"))  # migrates 0021, as the owner
    owner.close()
    owner_engine = sa.create_engine(url.set(username="nassij_owner"), isolation_level="AUTOCOMMIT")
    with owner_engine.connect() as connection:
        for statement in DAILY_GRANTS.format(db=url.database).split(";"):
            if statement.strip():
                connection.exec_driver_sql(statement)
    owner_engine.dispose()
    daily = open_database(url.set(username="nassij_app"))
    try:
        with daily.transaction() as session:
            create_association(
                session, CLI_ACTOR, AssociationProfile(name_ar="جمعية", name_fr="Association")
            )
            member = create_member(
                session, CLI_ACTOR, MemberData(last_name_lat="Alami", first_name_lat="Sara")
            )
            record_dues(
                session,
                CLI_ACTOR,
                member.id,
                2026,
                Decimal("100"),
                dt.date(2026, 1, 5),
                PaymentMethod.CASH,
            )
        with daily.session() as session:
            assert [m.id for m in search_members(session, CLI_ACTOR, "alami")] == [member.id]
            assert audit_rows(session, CLI_ACTOR, AuditFilter(), limit=5)
        assert check(daily).ok, check(daily).problems
        with daily.engine.connect() as connection, pytest.raises(sa.exc.ProgrammingError):
            connection.exec_driver_sql("CREATE TABLE intruder (id integer)")
    finally:
        daily.close()
        with admin.connect() as connection:
            connection.exec_driver_sql(f"ALTER DATABASE {url.database} OWNER TO nassij")
            for role in ("nassij_owner", "nassij_app"):
                connection.exec_driver_sql(f"DROP OWNED BY {role} CASCADE")
                connection.exec_driver_sql(f"DROP ROLE {role}")
        admin.dispose()


def test_a_database_without_an_association_is_one_to_create_in(postgres_url: str) -> None:
    with fresh_database(postgres_url, "state_empty") as url:
        found = server.check_server(url)
        assert found.state == "empty" and found.can_create
        assert "a new association can be created in it" in found.message
    with fresh_database(postgres_url, "state_unset", at_head=True) as url:
        assert server.check_server(url).state == "unset"  # the structure, no association
        database = open_database(url)
        with database.transaction() as session:
            create_association(
                session, CLI_ACTOR, AssociationProfile(name_ar="جمعية", name_fr="Asso")
            )
        database.close()
        found = server.check_server(url)
        assert found.state == "current" and not found.can_create


def test_a_missing_or_refused_password_is_its_own_error(postgres_url: str) -> None:
    with password_role(postgres_url, "st_guarded", "right-one") as role_url:
        url = sa.make_url(role_url)
        with pytest.raises(errors.ServerPasswordNeeded) as missing:
            server.check_server(url)
        assert not missing.value.refused and "asks for the password of" in str(missing.value)
        with pytest.raises(errors.ServerPasswordNeeded) as refused:
            open_database(url.set(password="wrong-one"))
        assert refused.value.refused and "wrong-one" not in str(refused.value)
        assert server.check_server(url.set(password="right-one")).state == "empty"
