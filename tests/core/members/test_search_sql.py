"""The search's SQL text module and the schema reference stand without SQLAlchemy, and agree
with the migrations and the service."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.common.textnorm import normalise_query
from nassij_desktop.core.members import search_sql
from nassij_desktop.core.members.search import MemberOrder, search_member_page
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.schema_reference import head_revision
from nassij_desktop.storage import Database, migrate


def test_the_snapshot_names_the_migrations_head() -> None:
    assert head_revision() == migrate.head_revision()


def test_the_modules_of_the_light_path_import_without_sqlalchemy() -> None:
    modules = [
        "nassij_desktop.core.members.search_sql",
        "nassij_desktop.core.users.passwords",
        "nassij_desktop.schema_reference",
        "nassij_desktop.cli.members_light",
    ]
    script = (
        f"import sys\nfor m in {modules!r}: __import__(m)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.sqlite_only("the light read path opens the file with sqlite3 (no SQLAlchemy)")
def test_a_read_only_sqlite3_connection_finds_what_the_service_finds(database: Database) -> None:
    with database.transaction() as session:
        for first, last, id_number in (
            ("Ahmed", "Benali", "AB12345"),
            ("أحمد", "العلوي", None),
            ("Mohamed", "Alaoui", "X99"),
        ):
            create_member(
                session,
                CLI_ACTOR,
                MemberData(first_name_lat=first, last_name_lat=last, id_number=id_number)
                if first.isascii()
                else MemberData(first_name_ar=first, last_name_ar=last),
            )
    volunteer = Actor(user_id=None, login="v", role=Role.VOLUNTEER)
    connection = search_sql.open_read_only(str(database.path))
    try:
        for actor in (CLI_ACTOR, volunteer):
            for query in ("ahmed", "احمد", "ben", "ab12345", "mo", ""):
                with database.session() as session:
                    page = search_member_page(session, actor, query, order=MemberOrder.NUMBER)
                tokens = tuple(normalise_query(query))
                identity = None
                if search_sql.looks_like_identity_number(tokens) and actor is CLI_ACTOR:
                    identity = tokens[0].upper()
                found = search_sql.search_page(
                    connection, search_sql.Search(tokens, identity), MemberOrder.NUMBER
                )
                assert found == (page.total, page.ids), (actor.role, query)
    finally:
        connection.close()
