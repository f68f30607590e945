"""Every plan of the member search gives what a plain reading gives: fetch every member, match
and filter them in Python, sort them in Python. On a generated file of a few thousand members,
over many queries (Arabic, Latin, 1-2 letters, several words, an identity number), filters,
orders, both directions and offsets; then at random (hypothesis).

The Python reference follows the indexes' own rules, not the service's code: a token of three
letters or more is found anywhere in the search text (FTS5 trigrams); a shorter one at the start
of a word, words being runs of letters and digits (FTS5 unicode61); SQLite sorts NULL first and
text by code point (BINARY), then by id.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nassij_desktop.core.common.names import sort_name
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.common.textnorm import normalise_query
from nassij_desktop.core.members import search
from nassij_desktop.core.members.dues import LEFT
from nassij_desktop.core.members.models import Gender, MemberStatus
from nassij_desktop.core.members.search import (
    MemberFilter,
    MemberOrder,
    count_members,
    search_member_page,
)
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import Database, open_database
from tests.shared_files import copy_of, shared_demo

# The plans are SQLite's (FTS5, its indexes, its BINARY order); the server's search has its
# own tests (tests/storage/test_member_search_postgresql.py).
pytestmark = pytest.mark.sqlite_only("SQLite's search plans, on a file of their own")

S = MemberStatus
VOLUNTEER = Actor(user_id=None, login="v", role=Role.VOLUNTEER)  # may not see identity numbers
DUES_YEAR = 2025
FILTERS = [
    MemberFilter(),
    MemberFilter(statuses=frozenset({S.ACTIVE})),
    MemberFilter(statuses=frozenset({S.ACTIVE, S.SUSPENDED})),
    MemberFilter(statuses=frozenset({S.RESIGNED, S.EXCLUDED})),
    MemberFilter(statuses=frozenset(MemberStatus)),
    MemberFilter(category_code="youth"),
    MemberFilter(gender=Gender.FEMALE, statuses=frozenset({S.ACTIVE})),
    MemberFilter(city="Tiznit"),
    MemberFilter(dues_year=DUES_YEAR, dues_paid=True),
    MemberFilter(dues_year=DUES_YEAR, dues_paid=False),
]
QUERIES = [
    "",
    "احمد",
    "أحمد",
    "فاطمه",
    "محمد العلوي",
    "ال",
    "ا",
    "م",
    "هد",
    "ال ع",
    "benali",
    "ben ali",
    "mo",
    "a",
    "fatima zahra",
    "fatima z",
    "el idrissi",
    "000123",
    "06",
    "zzzz",
]
# Names the demo never writes: no Latin name, no city, the same name twice, a name in one
# script only, a Latin name that sorts before and after every other.
EXTRA_MEMBERS = [
    MemberData(last_name_ar="بن علي", first_name_ar="أحمد", city=None),
    MemberData(last_name_ar="بن علي", first_name_ar="أحمد", city=None),
    MemberData(last_name_lat="Ben Ali", first_name_lat="Ahmed", city="Tiznit"),
    MemberData(last_name_lat="Aaaa", first_name_lat="Mo", city="Tiznit"),
    MemberData(last_name_lat="Zzzz", first_name_lat="Zahra", city="Tiznit"),
    MemberData(
        last_name_ar="العلوي",
        first_name_ar="محمد",
        last_name_lat="Alaoui",
        first_name_lat=None,
        email="mo.alaoui@example.ma",
    ),
]


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    # The run's demo of 3 000 members, the one the recovery, crash and bad-file tests read:
    # built once for all of them (a demo of its own cost 6 s).
    template = shared_demo(tmp_path_factory, members=3000, seed=1, today=dt.date(2026, 11, 24))
    path = copy_of(template, tmp_path_factory.mktemp("plans"), "register.sqlite")
    database = open_database(path, backup_dir=path.parent)
    with database.transaction() as session:
        for data in EXTRA_MEMBERS:
            create_member(session, CLI_ACTOR, data)
    yield database
    database.close()


@dataclass(frozen=True)
class Stored:
    id: int
    search_text: str
    id_number: str | None
    status: str
    category: str
    gender: str | None
    city: str | None
    keys: dict[MemberOrder, tuple[str | None, ...]]
    # The words' first two letters, first letter and "" (`_starts`): a token of one or two
    # letters starts a word when it is one of them.
    starts: frozenset[str]
    owed_from: str  # the join date: dues are owed from its year on
    left_on: str | None  # the day a status that ends membership began


def _everyone(database: Database) -> tuple[list[Stored], set[int]]:
    """Every member as stored (enum values as text), and who paid dues for DUES_YEAR."""
    with database.engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT m.id, m.search_text, m.id_number, m.status, c.code, m.gender, m.city, "
                "m.number, m.last_name_lat, m.first_name_lat, m.last_name_ar, m.first_name_ar, "
                "m.join_date, m.status_since "
                "FROM member m JOIN member_category c ON c.id = m.category_id"
            )
        ).all()
        paid = set(
            connection.execute(
                sa.text("SELECT member_id FROM dues_payment WHERE year = :y"), {"y": DUES_YEAR}
            ).scalars()
        )
    members = []
    for r in rows:
        names = (r.first_name_ar, r.last_name_ar, r.first_name_lat, r.last_name_lat)
        keys = {
            MemberOrder.NUMBER: (r.number,),
            MemberOrder.NAME_LAT: (sort_name("fr", *names),),
            MemberOrder.NAME_AR: (sort_name("ar", *names),),
            MemberOrder.JOIN_DATE: (str(r.join_date),),
            MemberOrder.STATUS: (r.status,),
            MemberOrder.CITY: (r.city,),
        }
        left_on = str(r.status_since) if r.status in {s.value for s in LEFT} else None
        members.append(Stored(r.id, r.search_text, r.id_number, r.status, r.code, r.gender,
                              r.city, keys, _starts(_words(r.search_text)), str(r.join_date),
                              left_on))  # fmt: skip
    return members, paid


@pytest.fixture(scope="module")
def everyone(register: Database) -> tuple[list[Stored], set[int]]:
    return _everyone(register)


def _words(text: str) -> list[str]:
    """FTS5 unicode61's words: runs of letters, digits and private-use characters."""
    words, word = [], ""
    for char in text:
        if unicodedata.category(char)[0] in "LN" or unicodedata.category(char) == "Co":
            word += char
        elif word:
            words.append(word)
            word = ""
    return [*words, word] if word else words


def _starts(words: list[str]) -> frozenset[str]:
    """Every `w[:n]` for n ≤ 2: a token `t` of at most two letters is in it exactly when a word
    starts with `t` (the oracle runs over every member for each of thousands of searches)."""
    return frozenset(w[:n] for w in words for n in range(3))


def _matches(member: Stored, tokens: list[str], actor: Actor) -> bool:
    found = all(t in member.search_text if len(t) >= 3 else t in member.starts for t in tokens)
    identity = len(tokens) == 1 and tokens[0].isascii() and tokens[0][-1:].isdigit()
    if identity and actor.role is not Role.VOLUNTEER:
        found = found or member.id_number == tokens[0].upper()
    return found


def _passes(member: Stored, flt: MemberFilter, paid: set[int], statuses: set[str]) -> bool:
    return (
        (not flt.statuses or member.status in statuses)
        and (not flt.category_code or member.category == flt.category_code)
        and (not flt.gender or member.gender == flt.gender.value)
        and (not flt.city or member.city == flt.city)
        and (flt.dues_paid is None or (member.id in paid) == flt.dues_paid)
        and (flt.dues_paid is not False or _owed(member, flt.dues_year))
    )


def _owed(member: Stored, year: int | None) -> bool:
    """Not paid counts only who owed dues that year: joined by its end, not left before it."""
    return member.owed_from <= f"{year}-12-31" and (
        member.left_on is None or member.left_on >= f"{year}-01-01"
    )


def _sort_key(member: Stored, order: MemberOrder) -> tuple[object, ...]:
    # NULL first, then text by code point (UTF-8 bytes compare in code point order), then id;
    # names by the sort key of the rule (core.common.names.sort_name), not as stored.
    return (*((v is not None, v or "") for v in member.keys[order]), member.id)


def plain(
    everyone: tuple[list[Stored], set[int]],
    query: str,
    flt: MemberFilter,
    order: MemberOrder,
    descending: bool,
    actor: Actor = CLI_ACTOR,
) -> list[int]:
    members, paid = everyone
    tokens = normalise_query(query)
    statuses = {s.value for s in flt.statuses}  # once, not once per member
    found = [m for m in members if _matches(m, tokens, actor) and _passes(m, flt, paid, statuses)]
    found.sort(key=lambda m: _sort_key(m, order), reverse=descending)
    return [m.id for m in found]


def _check(
    register: Database,
    everyone: tuple[list[Stored], set[int]],
    query: str,
    flt: MemberFilter,
    order: MemberOrder,
    descending: bool,
    offset: int,
    limit: int | None,
    actor: Actor = CLI_ACTOR,
) -> None:
    expected_all = plain(everyone, query, flt, order, descending, actor)
    # Asking the search index about each member is only ever chosen when many match: with few,
    # it would walk the whole register (slow here, yet the same ids).
    plans = [p for p in search._Plan if p is not search._Plan.ASK]
    if len(expected_all) * 20 >= len(everyone[0]):
        plans.append(search._Plan.ASK)
    end = None if limit is None else offset + limit
    expected = expected_all[offset:end]
    case = (query, flt, order, descending, offset, limit)
    tokens = normalise_query(query)
    with register.session() as session:
        counts = search._counts(session, actor, tokens, flt)
        assert counts[0] == len(expected_all), case
        # The strategies a large file takes, forced here on a small one.
        assert search._counts(session, actor, tokens, flt, few_matches=0) == counts, case
        for plan in plans:
            got = search._page_ids(
                session, actor, tokens, flt, plan, order, descending, limit, offset
            )
            assert got == expected, (plan, *case)
        for total in (None, len(expected_all)):
            page = search_member_page(
                session,
                actor,
                query,
                flt,
                order=order,
                descending=descending,
                limit=limit,
                offset=offset,
                total=total,
            )
            assert page.ids == expected, case
            assert page.total == len(expected_all), case


@pytest.mark.slow
@pytest.mark.parametrize("query", QUERIES)
def test_every_plan_gives_the_plain_answer(
    register: Database, everyone: tuple[list[Stored], set[int]], query: str
) -> None:
    orders = list(MemberOrder)
    for i, flt in enumerate(FILTERS):
        for j in (i, i + 3):  # two orders for each filter, every order over the filters
            descending = j % 2 == 1
            offset = (0, 37, 150)[j % 3]
            _check(register, everyone, query, flt, orders[j % 6], descending, offset, 100)
    # The whole list (the CLI without --limit), and an offset past the end.
    _check(register, everyone, query, MemberFilter(), MemberOrder.NAME_LAT, False, 0, None)
    _check(register, everyone, query, FILTERS[1], MemberOrder.NAME_AR, True, 10_000, 50)


def test_an_identity_number_finds_its_holder_in_every_plan_for_who_may_see_it(
    register: Database, everyone: tuple[list[Stored], set[int]]
) -> None:
    members, _ = everyone
    holder = next(m for m in members if m.id_number and m.id_number[-1].isdigit())
    query = holder.id_number.lower() if holder.id_number else ""
    assert plain(everyone, query, MemberFilter(), MemberOrder.NAME_LAT, False) == [holder.id]
    assert plain(everyone, query, MemberFilter(), MemberOrder.NAME_LAT, False, VOLUNTEER) == []
    for actor in (CLI_ACTOR, VOLUNTEER):
        for order in (MemberOrder.NAME_LAT, MemberOrder.CITY):
            _check(register, everyone, query, MemberFilter(), order, False, 0, 100, actor)


@st.composite
def fragments(draw: st.DrawFn, members: st.SearchStrategy[Stored]) -> str:
    """One to three pieces of real names (any length from one letter), or a piece of none.
    `members`: `st.sampled_from` of the register, made once (made per draw, it hashed every
    member each time)."""
    pieces = []
    for _ in range(draw(st.integers(1, 3))):
        member = draw(members)
        words = [w for w in _words(member.search_text) if not w.isdigit()]
        word = draw(st.sampled_from(words)) if words else "x"
        start = draw(st.integers(0, max(len(word) - 1, 0)))
        size = draw(st.integers(1, 6))
        pieces.append(draw(st.sampled_from([word[start : start + size], word[:size]])))
    return " ".join(pieces)


@pytest.mark.slow
def test_random_searches_agree_with_the_plain_answer(
    register: Database, everyone: tuple[list[Stored], set[int]]
) -> None:
    members, _ = everyone

    @settings(
        max_examples=80,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        query=fragments(st.sampled_from(members)),
        flt=st.sampled_from(FILTERS),
        order=st.sampled_from(list(MemberOrder)),
        descending=st.booleans(),
        offset=st.sampled_from([0, 0, 1, 99, 200, 1000]),
        limit=st.sampled_from([1, 100, None]),
    )
    def agree(
        query: str,
        flt: MemberFilter,
        order: MemberOrder,
        descending: bool,
        offset: int,
        limit: int | None,
    ) -> None:
        _check(register, everyone, query, flt, order, descending, offset, limit)

    agree()


def test_the_reference_itself_finds_by_both_rules(
    everyone: tuple[list[Stored], set[int]],
) -> None:
    # Guards the guard: a word start for one or two letters, anywhere for three or more.
    members, _ = everyone
    by_id = {m.id: m for m in members}
    two = plain(everyone, "mo", MemberFilter(), MemberOrder.NUMBER, False)
    three = plain(everyone, "ham", MemberFilter(), MemberOrder.NUMBER, False)
    assert two and all(any(w.startswith("mo") for w in _words(by_id[i].search_text)) for i in two)
    assert any("mohamed" in by_id[i].search_text for i in three)  # "ham" inside a name


def test_a_walk_reads_the_order_index_without_sorting(register: Database) -> None:
    """What makes a page fast: the walking plans never sort the matches (SQLite's plan)."""
    with register.session() as session:
        for plan in (search._Plan.WALK, search._Plan.ASK):
            for order in MemberOrder:
                for flt in (MemberFilter(), FILTERS[6]):
                    stmt = search._page_statement(
                        CLI_ACTOR, ["احمد", "م"], flt, plan, order, True, sqlite=True
                    ).limit(100)
                    sql = str(
                        stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
                    )
                    steps = [
                        row[-1] for row in session.execute(sa.text("EXPLAIN QUERY PLAN " + sql))
                    ]
                    assert not any("TEMP B-TREE FOR ORDER BY" in s for s in steps), (plan, order)
                    assert any(s.startswith("SCAN member USING") for s in steps), (plan, order)


def test_the_planner_sorts_few_matches_and_walks_for_many() -> None:
    def plan(total: int, window: int = 100, matches: int | None = None) -> search._Plan:
        return search._choose_plan(
            total=total,
            matches=total if matches is None else matches,
            members=100_000,
            window=window,
            searched=1,
            reads_rows=matches is not None,
            filter_indexed=matches is not None,
        )

    assert plan(40) is search._Plan.SORT
    assert plan(5_000) is search._Plan.WALK
    assert plan(80_000) is search._Plan.ASK  # most members match: no set of 80 000 to build
    assert plan(80_000, window=80_000) is search._Plan.WALK  # all of them, in order
    # A filter that keeps a few of many matches: checked in the filter's index, then sorted.
    assert plan(40, matches=80_000) is search._Plan.SORT
    assert plan(45_000, matches=80_000) is search._Plan.WALK  # …or half of them: a walk


def test_counts_are_the_plain_counts_for_a_role_without_identity(
    register: Database, everyone: tuple[list[Stored], set[int]]
) -> None:
    with register.session() as session:
        for query in ("a", "احمد", "000123"):
            for flt in FILTERS[:3]:
                expected = len(plain(everyone, query, flt, MemberOrder.NUMBER, False, VOLUNTEER))
                assert count_members(session, VOLUNTEER, query, flt) == expected


@pytest.mark.sqlite_only(
    "SQLite's FTS5 index tables (merge, segments); the server searches with pg_trgm"
)
def test_merging_the_search_indexes_keeps_every_answer(database: Database) -> None:
    for data in EXTRA_MEMBERS:  # one commit each: each leaves a piece in the search indexes
        with database.transaction() as session:
            create_member(session, CLI_ACTOR, data)

    def state() -> tuple[list[int], ...]:
        with database.session() as session:
            pieces = session.execute(
                sa.text("SELECT count(DISTINCT segid) FROM member_fts_prefix_idx")
            ).scalar_one()
            answers = [
                search_member_page(session, CLI_ACTOR, q, order=MemberOrder.NUMBER).ids
                for q in ("ahmed", "احمد", "mo", "ex", "zz", "بن علي")
            ]
        return [pieces], *answers

    before = state()
    with database.transaction() as session:
        search.merge_search_indexes(session)
    after = state()
    assert before[0][0] > 1 and after[0] == [1]
    # "ex": the start of the e-mail's domain, a word after "@" for the word-prefix index.
    assert after[1:] == before[1:] and all(before[1:3]) and before[4] == [6]
