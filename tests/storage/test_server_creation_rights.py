"""Creating the association on a server set up as docs/shared-mode.md says (section 2, its
SQL run here as written): the daily role `nassij_app` is refused with one sentence naming the
owner's role, before anything is written (the window's check, `init`, `migrate-to`, an
upgrade); the owner creates it in ONE transaction (a failing administrator leaves the database
empty); then the daily role, through the default privileges alone, opens it and writes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import Database, errors, migrate, open_database, server
from nassij_desktop.storage.creation import OwnerAccount, create_association_file
from nassij_desktop.storage.transfer import copy_association
from tests.conftest import Nassij
from tests.postgres import database_url

GUIDE = Path(__file__).parents[2] / "docs" / "shared-mode.md"
NAME = "guide_db"
PROFILE = AssociationProfile(name_ar="جمعية النور", name_fr="Association Annour")


def _guide_sql() -> tuple[list[str], list[str]]:
    """Section 2's first SQL block, for the database NAME: the statements run on the server,
    then those run in the new database (after psql's `\\connect`)."""
    section = GUIDE.read_text().split("\n## 2.")[1].split("\n## 3.")[0]
    block = section.split("```sql\n")[1].split("```")[0]
    block = re.sub(r"--[^\n]*", "", block).replace("DATABASE nassij ", f"DATABASE {NAME} ")
    server_part, database_part = block.split("\\connect nassij")

    def statements(text: str) -> list[str]:
        return [s.strip() for s in text.split(";") if s.strip()]

    return statements(server_part), statements(database_part)


def _run(url: str, statements: list[str]) -> None:
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with engine.connect() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
    engine.dispose()


@pytest.fixture
def guide_db(postgres_url: str) -> Iterator[str]:
    """The database and its two roles, made by the guide's SQL; yields its URL (superuser)."""
    on_server, in_database = _guide_sql()
    cleanup = [
        f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)',
        "DROP ROLE IF EXISTS nassij_app",
        "DROP ROLE IF EXISTS nassij_owner",
    ]
    _run(postgres_url, cleanup)
    _run(postgres_url, on_server)
    url = database_url(postgres_url, NAME)
    _run(url, in_database)
    try:
        yield url
    finally:
        _run(postgres_url, cleanup)


def _as(url: str, role: str) -> str:
    return url.replace("://nassij@", f"://{role}@")


def _tables(url: str) -> list[str]:
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as connection:
        names = sa.inspect(connection).get_table_names()
    engine.dispose()
    return names


def test_the_daily_role_is_refused_and_the_owner_creates_in_one_transaction(
    guide_db: str, database: Database, nassij: Nassij
) -> None:
    app, owner = _as(guide_db, "nassij_app"), _as(guide_db, "nassij_owner")
    # The daily role: said before the association's details are asked, and nothing written.
    found = server.check_server(app)
    assert found.state == "empty" and not found.can_create
    assert found.refusal is not None and "nassij_owner" in found.refusal
    assert "may not create tables" in found.message
    for attempt in (
        lambda: create_association_file(app, PROFILE),
        lambda: open_database(app),
        lambda: copy_association(database, app, actor=Actor(None, "admin", Role.ADMIN)),
    ):
        with pytest.raises(errors.ServerRightsMissing) as refused:
            attempt()
        assert str(refused.value) == found.refusal
    result = nassij("--db", app, "init", "--name-ar", "جمعية", "--name-fr", "Asso")
    plain = re.sub("[\u2066-\u2069]", "", found.refusal)  # a terminal gets no marks
    assert result.returncode != 0 and plain in result.stderr, result
    assert "permission denied" not in result.stderr + result.stdout
    assert _tables(guide_db) == []

    # The owner: an administrator refused after the migrations leaves the database empty.
    with pytest.raises(ValidationError):
        create_association_file(owner, PROFILE, OwnerAccount("admin", "Karima", "short"))
    assert _tables(guide_db) == []
    created = create_association_file(
        owner, PROFILE, OwnerAccount("admin", "Karima Idrissi", "first-admin-password")
    )
    assert created.owner is not None

    # The daily role works in it through the guide's default privileges alone.
    daily = open_database(app)
    try:
        admin = Actor(created.owner.id, "admin", Role.ADMIN)
        with daily.transaction() as session:
            member = create_member(
                session, admin, MemberData(last_name_lat="Alami", first_name_lat="Sara")
            )
        assert member.id
    finally:
        daily.close()

    # An upgrade the daily role may not run: the same kind of sentence, never the driver's.
    previous = migrate.revisions_in_order()[-2]
    _run(owner, [f"UPDATE alembic_version SET version_num = '{previous}'"])
    with pytest.raises(errors.ServerRightsMissing) as refused:
        open_database(app)
    assert "must be updated" in str(refused.value) and "nassij_owner" in str(refused.value)
    assert server.check_server(app).refusal == str(refused.value)
    assert server.check_server(owner).refusal is None  # the owner may update it
