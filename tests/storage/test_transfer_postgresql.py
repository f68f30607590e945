"""`copy_association` / `nassij migrate-to`: an association moved from its file into an empty
PostgreSQL database and back into a new file is the same association, row for row; a target
that is not empty is refused; a copy that differs leaves nothing behind."""

from __future__ import annotations

import contextlib
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from nassij_desktop.core.books.models import FiscalYear
from nassij_desktop.core.books.statements.trial_balance import trial_balance
from nassij_desktop.core.common.errors import NassijError, PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.common.progress import Cancelled, Progress
from nassij_desktop.core.members.search import search_members
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.core.models import metadata
from nassij_desktop.storage import Database, check, open_database
from nassij_desktop.storage.changes import read_counters
from nassij_desktop.storage.transfer import (
    TransferFailed,
    TransferRefused,
    copy_association,
    value_text,
)
from tests.conftest import Nassij
from tests.shared_files import copy_of, shared_demo


@contextlib.contextmanager
def new_database(server_url: str) -> Iterator[str]:
    """A database of its own on the test server, dropped afterwards."""
    url = make_url(server_url)
    name = f"transfer_{secrets.token_hex(4)}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()


def table_names(url: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return sa.inspect(connection).get_table_names()
    finally:
        engine.dispose()


def rows_of(database: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows in id order, as the models read them."""
    with database.engine.connect() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(sa.select(table).order_by(*table.primary_key.columns))
            ]
            for table in metadata.sorted_tables
        }


@pytest.fixture(scope="module")
def round_trip(
    tmp_path_factory: pytest.TempPathFactory, postgres_url: str
) -> Iterator[tuple[Path, str, Path]]:
    """The demo file → a PostgreSQL database → a new file: (source, server URL, new file)."""
    folder = tmp_path_factory.mktemp("transfer")
    source = copy_of(shared_demo(tmp_path_factory, members=60, seed=3), folder, "source.sqlite")
    with pytest.MonkeyPatch.context() as patch, new_database(postgres_url) as url:
        patch.setenv("NASSIJ_DATA_DIR", str(folder / "data"))
        to_server = copy_association(source, url, actor=CLI_ACTOR)
        back = folder / "back.sqlite"
        to_file = copy_association(url, back, actor=CLI_ACTOR)
        assert [t.checksum for t in to_server.tables] == [t.checksum for t in to_file.tables]
        assert to_server.rows == to_file.rows > 3000
        yield source, url, back


@pytest.fixture
def opened(round_trip: tuple[Path, str, Path]) -> Iterator[list[Database]]:
    databases = [open_database(target, create=False) for target in round_trip]
    yield databases
    for database in databases:
        database.close()


def test_every_table_is_the_same_on_the_server_and_back(opened: list[Database]) -> None:
    source, server, back = (rows_of(database) for database in opened)
    assert sum(len(rows) for rows in source.values()) > 3000
    assert source["blob"] and source["attachment"]  # logos, scans and request files travel
    for name, rows in source.items():
        assert server[name] == rows, name
        assert back[name] == rows, name


def test_the_copies_pass_check_and_their_hash_chains(opened: list[Database]) -> None:
    for database in opened:
        report = check(database)
        assert report.ok, report.problems
        assert "audit log unaltered (hash chain)" in report.checked


def test_trial_balance_and_members_list_are_the_same(opened: list[Database]) -> None:
    def figures(database: Database) -> tuple[object, ...]:
        with database.session() as session:
            years = session.scalars(sa.select(FiscalYear.label).order_by(FiscalYear.id)).all()
            balances = [trial_balance(session, CLI_ACTOR, year) for year in years]
            members = search_members(session, CLI_ACTOR, limit=1000)
        return years, balances, members

    source, server, back = (figures(database) for database in opened)
    assert source[0] and len(source[2]) == 60
    assert server == source
    assert back == source


def test_the_server_numbers_new_rows_after_the_copied_ones(opened: list[Database]) -> None:
    server = opened[1]
    with server.session() as session:
        before = len(search_members(session, CLI_ACTOR, limit=1000))

    with server.session() as session:
        counted = read_counters(session)

    class Undo(Exception):
        """Rolls the new member back: the other tests read the server as it was copied."""

    def add_then_undo() -> None:
        with server.transaction() as session:
            record = create_member(
                session,
                CLI_ACTOR,
                MemberData(first_name_lat="Nadia", last_name_lat="Alaoui", first_name_ar="نادية"),
            )
            assert record.id > 60  # the id sequence was set past the largest copied id
            # The change counters' triggers, off while the rows were copied, are on again:
            # the other computers see this member.
            after = read_counters(session)
            assert after.get("members", 0) > counted.get("members", 0)
            raise Undo

    with pytest.raises(Undo):
        add_then_undo()
    with server.session() as session:
        assert len(search_members(session, CLI_ACTOR, limit=1000)) == before


def test_a_database_that_is_not_empty_is_refused(postgres_url: str, database: Database) -> None:
    with new_database(postgres_url) as url:
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE notes (id integer primary key, body text)")
            connection.exec_driver_sql("INSERT INTO notes VALUES (1, 'kept')")
        with pytest.raises(TransferRefused, match=r"is not empty .*notes"):
            copy_association(database, url, actor=CLI_ACTOR)
        with engine.connect() as connection:
            assert sa.inspect(connection).get_table_names() == ["notes"]
            assert connection.exec_driver_sql("SELECT body FROM notes").scalar_one() == "kept"
        engine.dispose()


def test_a_value_changed_on_the_way_leaves_the_server_empty(
    postgres_url: str, database: Database
) -> None:
    """A real trigger on the server (made as the tables are created) alters the chart of
    accounts' labels: the copy is refused, naming the table, and no table is left."""
    with new_database(postgres_url) as url:
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "CREATE FUNCTION shout() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN NEW.label_fr := upper(NEW.label_fr); RETURN NEW; END $$"
            )
            connection.exec_driver_sql(
                "CREATE FUNCTION add_shout() RETURNS event_trigger LANGUAGE plpgsql AS $$ "
                "BEGIN IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() "
                "WHERE object_identity = 'public.account') THEN "
                "CREATE TRIGGER shout BEFORE INSERT ON account FOR EACH ROW "
                "EXECUTE FUNCTION shout(); END IF; END $$"
            )
            connection.exec_driver_sql(
                "CREATE EVENT TRIGGER add_shout ON ddl_command_end WHEN TAG IN ('CREATE TABLE') "
                "EXECUTE FUNCTION add_shout()"
            )
        engine.dispose()
        with pytest.raises(
            TransferFailed, match=r"in the table \W?account\W?: some values"
        ) as failed:
            copy_association(database, url, actor=CLI_ACTOR)
        assert "Nothing was kept" in str(failed.value)
        assert table_names(url) == []


def test_a_new_file_is_never_written_over(database: Database, tmp_path: Path) -> None:
    taken = tmp_path / "taken.sqlite"
    taken.write_bytes(b"someone's file")
    with pytest.raises(TransferRefused, match="already exists"):
        copy_association(database, taken, actor=CLI_ACTOR)
    assert taken.read_bytes() == b"someone's file"
    assert database.path is not None
    with pytest.raises(NassijError):
        copy_association(database, database.path, actor=CLI_ACTOR)


def test_a_cancelled_copy_leaves_no_file(database: Database, tmp_path: Path) -> None:
    class CancelSoon(Progress):
        steps = 0

        def step(self, done: int, total: int | None = None, message: str | None = None) -> None:
            self.steps += 1
            if self.steps == 3:
                self.cancel()
            super().step(done, total, message)

    with pytest.raises(Cancelled):
        copy_association(database, tmp_path / "copy.sqlite", CancelSoon(), actor=CLI_ACTOR)
    left = {p.name for p in tmp_path.iterdir()} - {"nassij-data"}
    assert {name for name in left if not name.startswith("association.sqlite")} == set()


def test_only_an_administrator_copies_the_association(database: Database, tmp_path: Path) -> None:
    secretary = Actor(user_id=1, login="sara", role=Role.SECRETARY)
    with pytest.raises(PermissionDenied):
        copy_association(database, tmp_path / "copy.sqlite", actor=secretary)
    assert not (tmp_path / "copy.sqlite").exists()


def test_values_are_written_alike_whatever_the_database(database: Database) -> None:
    import datetime as dt
    from decimal import Decimal

    assert value_text(Decimal("120.50")) == value_text(Decimal("120.5")) == "120.5"
    assert value_text(Decimal("100")) == "100"
    assert value_text(True) == "true" != value_text(1)
    assert value_text(None) != value_text("") != value_text("None")
    assert value_text(b"\x00\x01") == value_text(memoryview(b"\x00\x01"))
    aware = dt.datetime(2026, 1, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert value_text(aware) == value_text(dt.datetime(2026, 1, 1, 11))


def test_migrate_to_prints_each_table_verified(
    nassij: Nassij, postgres_url: str, association_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "association.sqlite"
    shutil.copyfile(association_template, path)
    with new_database(postgres_url) as url:
        result = nassij("--db", str(path), "migrate-to", url)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert any(line.startswith("account") and line.endswith("verified") for line in lines)
        assert "copied into postgresql+psycopg://" in lines[-1]
        again = nassij("--db", str(path), "migrate-to", url)
        assert again.returncode == 1
        assert "is not empty" in again.stderr


def test_the_guide_s_two_roles_move_the_file_and_work_daily(
    postgres_url: str, database: Database
) -> None:
    """docs/shared-mode.md: the owner role moves the file; the daily role, with only the rights
    the guide grants, reads and writes (its ids from the sequences the copy set)."""
    server = make_url(postgres_url)
    suffix = secrets.token_hex(3)
    owner, app, name = f"owner_{suffix}", f"app_{suffix}", f"shared_{suffix}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for statement in (
            f"CREATE ROLE {owner} LOGIN",
            f"CREATE ROLE {app} LOGIN",
            f"CREATE DATABASE {name} OWNER {owner} ENCODING 'UTF8' TEMPLATE template0",
            f"REVOKE ALL ON DATABASE {name} FROM PUBLIC",
            f"GRANT CONNECT ON DATABASE {name} TO {owner}, {app}",
        ):
            connection.exec_driver_sql(statement)
    inside = sa.create_engine(server.set(database=name), isolation_level="AUTOCOMMIT")
    with inside.connect() as connection:
        for statement in (
            f"ALTER SCHEMA public OWNER TO {owner}",
            "REVOKE ALL ON SCHEMA public FROM PUBLIC",
            f"GRANT USAGE ON SCHEMA public TO {app}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
            f"GRANT USAGE, SELECT ON SEQUENCES TO {app}",
        ):
            connection.exec_driver_sql(statement)
    inside.dispose()
    as_owner = server.set(username=owner, database=name).render_as_string(hide_password=False)
    as_app = server.set(username=app, database=name).render_as_string(hide_password=False)
    try:
        report = copy_association(database, as_owner, actor=CLI_ACTOR)
        assert report.rows > 0
        daily = open_database(as_app)
        try:
            with daily.transaction() as session:
                record = create_member(
                    session,
                    CLI_ACTOR,
                    MemberData(first_name_lat="Nadia", last_name_lat="Alaoui"),
                )
            assert record.id == 1
            with daily.engine.connect() as connection, pytest.raises(sa.exc.ProgrammingError):
                connection.exec_driver_sql("DROP TABLE member")  # the daily role cannot
        finally:
            daily.close()
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
            connection.exec_driver_sql(f"DROP ROLE {app}")
            connection.exec_driver_sql(f"DROP ROLE {owner}")
        admin.dispose()


def test_a_protected_file_is_copied_only_once_unlocked(
    association_template: Path, tmp_path: Path, nassij: Nassij
) -> None:
    from nassij_desktop.core.users.services import create_user
    from nassij_desktop.storage import encryption

    path = tmp_path / "protected.sqlite"
    shutil.copyfile(association_template, path)
    database = open_database(path)
    with database.transaction() as session:
        create_user(session, CLI_ACTOR, "amina", "Amina Admin", "amina-secret", Role.ADMIN)
    database.close()
    admin = {"NASSIJ_USER": "amina", "NASSIJ_USER_PASSWORD": "amina-secret"}
    assert nassij("--db", str(path), "encrypt", env=admin).returncode == 0
    encryption.forget_keys()
    try:
        with pytest.raises(TransferRefused, match="unlock it first by signing in"):
            copy_association(path, tmp_path / "copy.sqlite", actor=CLI_ACTOR)
        result = nassij("--db", str(path), "migrate-to", str(tmp_path / "copy.sqlite"), env=admin)
        assert result.returncode == 0, result.stderr
    finally:
        encryption.forget_keys()
    assert not encryption.is_encrypted(tmp_path / "copy.sqlite")  # a plain copy, as told
    copy = open_database(tmp_path / "copy.sqlite", create=False)
    try:
        assert check(copy).ok
    finally:
        copy.close()
