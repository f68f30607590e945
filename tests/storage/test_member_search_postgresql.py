"""The member search on a PostgreSQL server gives the members SQLite gives, in the same
order: Arabic with and without diacritics or hamza, French with and without accents, parts of
names, one and two letters (the start of a word), identity numbers, phones, e-mails. Migration
0022 gives the server its trigram index, used by the search; a server where pg_trgm may not
be created is migrated without it, and searches the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.search import (
    MemberOrder,
    count_members,
    matching_member_ids,
    search_member_ids,
    search_member_page,
)
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import Database, migrate, open_database

DAY = dt.date(2020, 1, 5)
PEOPLE = [
    MemberData(first_name_ar="أحمد", last_name_ar="بن علي", first_name_lat="Ahmed",
               last_name_lat="Ben Ali", id_number="AB123456", phone="+212612345678",
               email="ahmed.benali@gmail.com"),
    MemberData(first_name_ar="مُحَمَّد", last_name_ar="العلوي", first_name_lat="Mohamed",
               last_name_lat="El Alaoui", id_number="K998877", phone="0661002003"),
    MemberData(first_name_ar="فاطمة", last_name_ar="الزهراء", first_name_lat="Fatima",
               last_name_lat="Zahra", email="fz@example.ma"),
    MemberData(first_name_lat="Élise", last_name_lat="Dupré-Moreau", phone="+33612121212"),
    MemberData(first_name_ar="إبراهيم", last_name_ar="آيت موسى", first_name_lat="Brahim",
               last_name_lat="Aït Moussa", id_number="JB4411"),
    MemberData(first_name_ar="سعاد", last_name_ar="المحمدي", first_name_lat="Souad",
               last_name_lat="El Mohammadi"),
    MemberData(first_name_lat="Mohcine", last_name_lat="O'Brien", email="mo_brien@mail.com"),
]  # fmt: skip
QUERIES = [
    "احمد", "أحمد", "أَحْمَد", "محمد", "مُحَمَّد", "ال", "م", "مو", "ابراهيم", "ايت",
    "elise", "Élise", "dupre", "dupré moreau", "moreau", "ben ali", "benali", "alaoui",
    "mo", "m", "el", "o", "ai", "ait", "brien", "fatima zahra", "zz",
    "AB123456", "ab123", "k998877", "0612345678", "212612", "06", "+33612121212",
    "gmail", "gm", "mail", "fz", "example", "brahim 4411", "",
]  # fmt: skip


def _fill(database: Database) -> None:
    with database.transaction() as session:
        create_association(
            session, CLI_ACTOR, AssociationProfile(name_ar="جمعية الأمل", name_fr="Al Amal")
        )
        for person in PEOPLE:
            create_member(session, CLI_ACTOR, MemberData(**{**vars(person), "join_date": DAY}))


def _answers(database: Database) -> dict[tuple[str, str], tuple[int, list[str]]]:
    """For each query and order: the count and the members' numbers, in order."""
    answers = {}
    with database.session() as session:
        numbers = dict(session.execute(sa.text("SELECT id, number FROM member")).all())
        for query in QUERIES:
            for order in (MemberOrder.NAME_LAT, MemberOrder.NAME_AR):
                page = search_member_page(session, CLI_ACTOR, query, order=order, limit=50)
                assert count_members(session, CLI_ACTOR, query) == page.total
                answers[(query, order.value)] = (page.total, [numbers[i] for i in page.ids])
    return answers


def _drop_everything(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:  # leave an empty database for the next test
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()


@pytest.fixture
def pg_url(postgres_url: str) -> Iterator[str]:
    yield postgres_url
    _drop_everything(postgres_url)


def test_the_same_queries_find_the_same_members_on_both(pg_url: str, tmp_path: Path) -> None:
    answers = {}
    for target in (str(tmp_path / "a.nassij"), pg_url):
        database = open_database(target)
        try:
            _fill(database)
            answers[database.engine.dialect.name] = _answers(database)
        finally:
            database.close()
    assert answers["postgresql"] == answers["sqlite"]
    found = answers["sqlite"]
    # The queries mean something (none of them a test that cannot fail): a few by hand.
    assert found[("أَحْمَد", "name_lat")] == (1, ["000001"])
    # The start of a name: Mohamed, Mohcine; not "Dupré-Moreau", "El Mohammadi" (one key each).
    assert found[("mo", "name_lat")] == (2, ["000002", "000007"])
    assert found[("gm", "name_lat")] == (1, ["000001"])  # the e-mail's domain is a word
    assert found[("dupre", "name_lat")] == found[("Élise", "name_lat")] == (1, ["000004"])


def test_0022_gives_postgresql_a_trigram_index_that_the_search_uses(pg_url: str) -> None:
    database = open_database(pg_url)
    try:
        _fill(database)
        with database.engine.connect() as connection:
            indexes = {i["name"] for i in sa.inspect(connection).get_indexes("member")}
            assert "ix_member_search_trgm" in indexes
            connection.exec_driver_sql("SET enable_seqscan = off")  # 7 members: force the index
            for query in ("ahmed", "mo"):
                with database.session() as session:
                    page = search_member_page(session, CLI_ACTOR, query)
                assert page.total >= 1
            # The statement the service runs for a long and a short token.
            with database.session() as session:
                query = matching_member_ids(session, ["ahmed", "mo"])
            sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
            plan = connection.exec_driver_sql("EXPLAIN " + sql.replace("%", "%%"), ()).scalars()
            assert "ix_member_search_trgm" in "\n".join(plan)
        with database.engine.begin() as connection:
            command.downgrade(migrate.alembic_config(connection), "0021")
        with database.engine.connect() as connection:
            indexes = {i["name"] for i in sa.inspect(connection).get_indexes("member")}
            assert "ix_member_search_trgm" not in indexes
        migrate.upgrade(database.engine)
    finally:
        database.close()


def test_without_the_right_to_create_pg_trgm_the_search_works_unindexed(pg_url: str) -> None:
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql("CREATE ROLE clerk LOGIN")
        connection.exec_driver_sql("REVOKE CREATE ON DATABASE nassij_test FROM PUBLIC")
        connection.exec_driver_sql("GRANT ALL ON SCHEMA public TO clerk")
    try:
        database = open_database(pg_url.replace("nassij@", "clerk@"))
        try:
            with database.engine.connect() as connection:
                assert migrate.schema_state(connection).current == migrate.head_revision()
                extensions = connection.exec_driver_sql("SELECT extname FROM pg_extension")
                assert "pg_trgm" not in set(extensions.scalars())
            _fill(database)
            with database.session() as session:
                assert search_member_ids(session, CLI_ACTOR, "احمد") == [1]
                assert search_member_ids(session, CLI_ACTOR, "mo") == [2, 7]
        finally:
            database.close()
    finally:
        _drop_everything(pg_url)
        with admin.connect() as connection:
            connection.exec_driver_sql("DROP OWNED BY clerk")
            connection.exec_driver_sql("DROP ROLE clerk")
            connection.exec_driver_sql("GRANT CREATE ON DATABASE nassij_test TO PUBLIC")
        admin.dispose()
