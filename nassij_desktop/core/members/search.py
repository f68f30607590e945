"""Member search: normalised, token-by-token, fast on 100 000 members.

On SQLite, tokens of three letters or more use the FTS5 trigram index over `search_text`
(anywhere in a name); shorter tokens use a word-prefix FTS5 index (the start of a name).
PostgreSQL matches the same normalised column the same way (LIKE for three letters or more,
a word-start regular expression for fewer), through a pg_trgm GIN index (migration 0022).

One path serves the members page, the CLI and every other caller. The count comes from the
search index alone; a page is then read in the plan that costs least for that count (SQLite):
sort the few matches; or walk the index of the order and keep the members found in the set of
matches, stopping after one page; or, when most members match, walk it asking the search index
about each member instead of building that set. Every plan gives the same ids in the same order
(tests/core/members/test_search_plans.py); benchmarks/search_benchmark.py measures them.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.textnorm import normalise_query
from nassij_desktop.core.members import search_sql
from nassij_desktop.core.members.dues import expected_to_pay
from nassij_desktop.core.members.models import (
    DuesPayment,
    Gender,
    Member,
    MemberCategory,
    MemberStatus,
)
from nassij_desktop.core.members.records import MemberRecord, masked_record
from nassij_desktop.core.members.search_sql import (
    FTS_MIN_TOKEN,
    MemberOrder,
    Plan,
    choose_plan,
)

__all__ = ["FTS_MIN_TOKEN", "MemberOrder"]  # at home in search_sql, imported from here too

_Plan = Plan
_choose_plan = choose_plan


def name_order(lang: str) -> MemberOrder:
    """The order of names for the reader of `lang`: by the Arabic name for an Arabic reader
    (core.common.names.sort_name), else by the Latin name."""
    return MemberOrder.NAME_AR if lang == "ar" else MemberOrder.NAME_LAT


@dataclass(frozen=True)
class MemberFilter:
    statuses: frozenset[MemberStatus] = frozenset()
    category_code: str | None = None
    gender: Gender | None = None
    city: str | None = None
    dues_year: int | None = None
    dues_paid: bool | None = None  # with dues_year: paid (True) or not (False) that year


@dataclass(frozen=True)
class MemberPage:
    total: int  # members that match the search and the filter
    ids: list[int]  # the page, in order


# Each order has an index whose entries come in exactly this order (SQLite appends the rowid,
# `id`, to every index): a walk along it needs no sort. Names are ordered by their stored sort
# keys (core.common.names.sort_name: folded, family name first), not by code point.
_ORDER_COLUMNS: dict[MemberOrder, tuple[sa.SQLColumnExpression[Any], ...]] = {
    MemberOrder.NUMBER: (Member.number,),
    MemberOrder.NAME_LAT: (Member.sort_name_lat,),
    MemberOrder.NAME_AR: (Member.sort_name_ar,),
    MemberOrder.JOIN_DATE: (Member.join_date,),
    MemberOrder.STATUS: (Member.status,),
    MemberOrder.CITY: (Member.city,),
}

_TRIGRAMS = sa.table("member_fts", sa.column("rowid", sa.Integer), sa.column("member_fts"))
_PREFIXES = sa.table(
    "member_fts_prefix", sa.column("rowid", sa.Integer), sa.column("member_fts_prefix")
)


class _By(enum.Enum):
    """How the search conditions are written, which decides what drives the query."""

    SEARCH = "search"  # `id IN (matches)`: the search index hands out the members
    SET = "set"  # `id + 0 IN (matches)`: members come from another index, checked in the set
    ASKING = "asking"  # EXISTS (… rowid = member.id): one look-up in the search index each


def _index_matches(tokens: Sequence[str]) -> list[tuple[sa.TableClause, str]]:
    """(search index, MATCH expression) for each index the tokens need (SQLite)."""
    tables = {_TRIGRAMS.name: _TRIGRAMS, _PREFIXES.name: _PREFIXES}
    return [(tables[name], expression) for name, expression in search_sql.index_matches(tokens)]


def _matching(index: sa.TableClause, expression: str) -> sa.Select[int]:
    return sa.select(index.c.rowid).where(index.c[index.name].match(expression))


# Where a word of the search text starts, as SQLite's unicode61 tokenizer splits it: at the
# start, or after a character that is neither a letter nor a digit. The search text is
# normalised (lower case, no marks), so only ASCII punctuation and spaces are left to split
# on (an e-mail's @, a phone's +); non-ASCII characters are letters there.
_WORD_START = r"(^|[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f])"


def _server_condition(token: str) -> sa.ColumnElement[bool]:
    """One token on a database other than SQLite (PostgreSQL), matching what SQLite's
    indexes match: three letters or more anywhere in the search text (LIKE, which the
    trigram index of migration 0022 answers), fewer at the start of a word (a regular
    expression, answered by the same index)."""
    if len(token) >= FTS_MIN_TOKEN:
        return Member.search_text.contains(token, autoescape=True)
    return Member.search_text.regexp_match(_WORD_START + re.escape(token))


def _search_conditions(
    tokens: Sequence[str], sqlite: bool, by: _By, identity: str | None
) -> sa.ColumnElement[bool]:
    """`identity`: an identity number whose holder matches too (see `_identity_number`)."""
    holder = Member.id_number == identity
    if not sqlite:
        found = sa.and_(*(_server_condition(t) for t in tokens))
        return found if identity is None else sa.or_(found, holder)
    conditions: list[sa.ColumnElement[bool]] = []
    for index, expression in _index_matches(tokens):
        if by is _By.ASKING:
            asked = index.c[index.name].match(expression)
            conditions.append(sa.exists().where(asked, index.c.rowid == Member.id))
            continue
        matching: sa.Select[int] | sa.CompoundSelect = _matching(index, expression)
        if identity is not None:  # one token, so one index: its holder joins the set
            holders = Member.__table__.alias("holder")
            matching = sa.union(
                matching, sa.select(holders.c.id).where(holders.c.id_number == identity)
            )
        # `id + 0` hides the primary key from the planner, which then reads members from
        # another index (the order's, a filter's) and checks each in the set of matches.
        member_id = Member.id + 0 if by is _By.SET else Member.id
        conditions.append(member_id.in_(matching))
    found = sa.and_(*conditions)
    if by is _By.ASKING and identity is not None:
        found = sa.or_(found, holder)
    return found


def matching_member_ids(session: Session, tokens: Sequence[str]) -> sa.Select[int]:
    """The ids of the members whose search text (names in both scripts, number…) holds every
    one of the normalised `tokens`, found through the search indexes on SQLite as the members
    list finds them: for a read that looks for something of theirs (the receipts a document
    picker finds). The caller checks its own permission."""
    return sa.select(Member.id).where(
        _search_conditions(tokens, _is_sqlite(session), _By.SEARCH, None)
    )


def _identity_number(tokens: Sequence[str], actor: Actor) -> str | None:
    """The identity number a query may be, for roles that may see it: then it finds its
    holder too."""
    if search_sql.looks_like_identity_number(tokens) and actor.can(Permission.MEMBERS_IDENTITY):
        return tokens[0].upper()
    return None


def _selected(
    actor: Actor,
    tokens: Sequence[str],
    flt: MemberFilter,
    sqlite: bool,
    by: _By = _By.SEARCH,
    hide_filter_indexes: bool = False,
) -> sa.Select[int]:
    """The ids of the members that match. `by` and `hide_filter_indexes` change the plan
    SQLite chooses, never the result: an expression such as `status || ''` uses no index."""
    hide = hide_filter_indexes
    stmt = sa.select(Member.id)
    if tokens:
        identity = _identity_number(tokens, actor)
        stmt = stmt.where(_search_conditions(tokens, sqlite, by, identity))
    if flt.statuses:
        if hide:
            status = sa.type_coerce(Member.status, sa.String).concat("")
            stmt = stmt.where(status.in_(sorted(s.value for s in flt.statuses)))
        else:
            stmt = stmt.where(Member.status.in_(flt.statuses))
    if flt.category_code:
        stmt = stmt.where(
            (Member.category_id + 0 if hide else Member.category_id)
            == sa.select(MemberCategory.id)
            .where(MemberCategory.code == flt.category_code)
            .scalar_subquery()
        )
    if flt.gender:
        if hide:
            gender = sa.type_coerce(Member.gender, sa.String).concat("")
            stmt = stmt.where(gender == flt.gender.value)
        else:
            stmt = stmt.where(Member.gender == flt.gender)
    if flt.city:
        stmt = stmt.where((Member.city.concat("") if hide else Member.city) == flt.city)
    if flt.dues_year is not None and flt.dues_paid is not None:
        paid = sa.exists().where(
            DuesPayment.member_id == Member.id, DuesPayment.year == flt.dues_year
        )
        # Not paid: among the members who owed dues that year (not those who had left).
        stmt = (
            stmt.where(paid) if flt.dues_paid else stmt.where(~paid, expected_to_pay(flt.dues_year))
        )
    return stmt


def _core(session: Session) -> sa.Connection:
    """The session's connection: these reads want ids and counts, not ORM objects, and
    skipping the ORM's layer saves a fifth of a millisecond a query, per keystroke."""
    return session.connection()


def _driver(session: Session) -> search_sql.Cursorable:
    """The sqlite3 connection under the session, inside its transaction."""
    driver = session.connection().connection.driver_connection
    assert driver is not None  # a connection checked out for the session's transaction
    return cast(search_sql.Cursorable, driver)


def _search(tokens: Sequence[str], actor: Actor) -> search_sql.Search:
    return search_sql.Search(tuple(tokens), _identity_number(tokens, actor))


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


# --- counting ---------------------------------------------------------------------------------

# Up to this many matches, checking each against the filter costs a few milliseconds at most;
# beyond, a filter's own index is the cheaper way to count (measured on 100 000 members).
_FEW_MATCHES = 4000


def count_members(
    session: Session,
    actor: Actor,
    query: str = "",
    flt: MemberFilter = MemberFilter(),
) -> int:
    """How many members match `query` and `flt`, counted from the search index alone when it
    can be, then with the filter applied to the matches in the cheapest way."""
    actor.require(Permission.MEMBERS_READ)
    return _counts(session, actor, normalise_query(query), flt)[0]


def count_members_by_status(session: Session, actor: Actor) -> dict[MemberStatus, int]:
    """How many members have each status (every status present, zero included): one walk of
    the status index instead of a count per status."""
    actor.require(Permission.MEMBERS_READ)
    counts = dict.fromkeys(MemberStatus, 0)
    stmt = sa.select(Member.status, sa.func.count()).group_by(Member.status)
    for status, count in session.execute(stmt):
        counts[MemberStatus(status)] = count
    return counts


def _counts(
    session: Session,
    actor: Actor,
    tokens: Sequence[str],
    flt: MemberFilter,
    few_matches: int = _FEW_MATCHES,
) -> tuple[int, int]:
    """(members matching the search and the filter, members matching the search alone)."""
    sqlite = _is_sqlite(session)
    if (
        not tokens
        and flt.dues_paid is not None
        and flt == MemberFilter(dues_year=flt.dues_year, dues_paid=flt.dues_paid)
    ):
        # Who paid for a year is a walk of the payments' (year, member) index, without
        # reading members.
        everyone = _count(session, sa.select(Member.id))
        if flt.dues_paid:
            return _count_paid_matches(session, tokens, flt.dues_year), everyone
        return _count(session, _selected(actor, tokens, flt, sqlite)), everyone
    if not tokens or not sqlite or _identity_number(tokens, actor) is not None:
        total = _count(session, _selected(actor, tokens, flt, sqlite))
        return total, total
    matches = _count_matches(session, tokens)
    if flt == MemberFilter() or matches == 0:
        return matches, matches
    if matches <= few_matches:
        return _count(session, _selected(actor, tokens, flt, sqlite)), matches
    if flt == MemberFilter(statuses=flt.statuses) and MemberStatus.ACTIVE in flt.statuses:
        # Most members are active: count the matches that have one of the other statuses
        # (a short stretch of the status index) and take them away.
        others = frozenset(MemberStatus) - flt.statuses
        if not others:
            return matches, matches
        stmt = _selected(actor, tokens, MemberFilter(statuses=others), sqlite, _By.SET)
        return matches - _count(session, stmt), matches
    if flt.dues_paid is not None and flt == MemberFilter(
        dues_year=flt.dues_year, dues_paid=flt.dues_paid
    ):
        # The payments of the year, looked up by (year, member) for each match, without
        # reading members; not paid reads the matches (who owed dues that year).
        if flt.dues_paid:
            return _count_paid_matches(session, tokens, flt.dues_year), matches
        return _count(session, _selected(actor, tokens, flt, sqlite, _By.SET)), matches
    return _count(session, _selected(actor, tokens, flt, sqlite, _By.SET)), matches


def _filter_indexes(flt: MemberFilter) -> list[str]:
    """The indexes SQLite has for the fields `flt` filters on (none for dues)."""
    fields: tuple[tuple[str, object], ...] = (
        ("status", flt.statuses),
        ("category_id", flt.category_code),
        ("gender", flt.gender),
        ("city", flt.city),
    )
    return [f"ix_member_{name}" for name, value in fields if value]


def _count(session: Session, stmt: sa.Select[int]) -> int:
    return _core(session).scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0


def _count_paid_matches(session: Session, tokens: Sequence[str], year: int | None) -> int:
    """How many members match every token (SQLite; all members without tokens) and paid dues
    for `year`."""
    stmt = sa.select(sa.func.count(DuesPayment.member_id.distinct())).where(
        DuesPayment.year == year,
        *(DuesPayment.member_id.in_(_matching(*m)) for m in _index_matches(tokens)),
    )
    return _core(session).scalar(stmt) or 0


def _count_matches(session: Session, tokens: Sequence[str]) -> int:
    """How many members match every token, from the search indexes alone (SQLite)."""
    selects = [_matching(*m) for m in _index_matches(tokens)]
    # INTERSECT: one set of row ids from each index, never a join between them.
    matching = selects[0] if len(selects) == 1 else sa.intersect(*selects)
    return _core(session).scalar(sa.select(sa.func.count()).select_from(matching.subquery())) or 0


# --- choosing a plan --------------------------------------------------------------------------


def merge_search_indexes(session: Session) -> None:
    """Merge each search index into one b-tree (FTS5 'optimize'), after writing many members
    at once: asking it about one member then costs about 10 µs instead of up to 400
    (SQLite; elsewhere nothing to do). Adding members later keeps it mostly merged."""
    if not _is_sqlite(session):
        return
    for index in (_TRIGRAMS.name, _PREFIXES.name):
        session.execute(sa.text(f"INSERT INTO {index}({index}) VALUES ('optimize')"))


# --- pages ------------------------------------------------------------------------------------


def search_member_page(
    session: Session,
    actor: Actor,
    query: str = "",
    flt: MemberFilter = MemberFilter(),
    *,
    order: MemberOrder = MemberOrder.NAME_LAT,
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
    total: int | None = None,
) -> MemberPage:
    """The count of the matches and one page of their ids, ordered by `order` then id.
    A caller that already counted (a screen reading page after page) passes `total`."""
    actor.require(Permission.MEMBERS_READ)
    tokens = normalise_query(query)
    sqlite = _is_sqlite(session)
    if sqlite and flt == MemberFilter():
        # The very SQL the command line's light read path runs (core.members.search_sql).
        found = search_sql.search_page(
            _driver(session),
            _search(tokens, actor),
            order,
            descending=descending,
            limit=limit,
            offset=offset,
            total=total,
        )
        return MemberPage(*found)
    counted = total is None
    if total is None:
        total, matches = _counts(session, actor, tokens, flt)
    elif sqlite and tokens and flt != MemberFilter():
        matches = _count_matches(session, tokens)
    else:
        matches = total
    if total == 0 or (counted and offset >= total):
        return MemberPage(total, [])
    plan = _Plan.SORT
    if sqlite:
        plan = _choose_plan(
            total=total,
            matches=matches,
            # The largest id: as good as a count for planning, without reading an index.
            members=_core(session).scalar(sa.select(sa.func.max(Member.id))) or 0,
            window=offset + (total if limit is None else limit),
            searched=len(_index_matches(tokens)),
            reads_rows=flt != MemberFilter() or _identity_number(tokens, actor) is not None,
            filter_indexed=bool(_filter_indexes(flt)),
        )
    ids = _page_ids(session, actor, tokens, flt, plan, order, descending, limit, offset)
    return MemberPage(total, ids)


def _page_ids(
    session: Session,
    actor: Actor,
    tokens: Sequence[str],
    flt: MemberFilter,
    plan: _Plan,
    order: MemberOrder,
    descending: bool,
    limit: int | None,
    offset: int,
) -> list[int]:
    if _is_sqlite(session) and flt == MemberFilter():
        search = _search(tokens, actor)
        return search_sql.page_ids(_driver(session), search, plan, order, descending, limit, offset)
    stmt = _page_statement(actor, tokens, flt, plan, order, descending, _is_sqlite(session))
    if limit is not None or offset:
        stmt = stmt.limit(limit).offset(offset)
    return list(_core(session).scalars(stmt))


def _page_statement(
    actor: Actor,
    tokens: Sequence[str],
    flt: MemberFilter,
    plan: _Plan,
    order: MemberOrder,
    descending: bool,
    sqlite: bool,
) -> sa.Select[int]:
    by = {_Plan.SORT: _By.SEARCH, _Plan.WALK: _By.SET, _Plan.ASK: _By.ASKING}[plan]
    stmt = _selected(actor, tokens, flt, sqlite, by, hide_filter_indexes=plan is not _Plan.SORT)
    columns: list[sa.SQLColumnExpression[Any]] = list(_ORDER_COLUMNS[order])
    if sqlite and plan is _Plan.SORT:
        # `|| ''` keeps SQLite from walking the order's index instead, which is slow when the
        # few matches sit at its far end.
        columns = [sa.type_coerce(c, sa.String).concat("") for c in columns]
    columns.append(Member.id)
    return stmt.order_by(*(c.desc() if descending else c.asc() for c in columns))


def search_member_ids(
    session: Session,
    actor: Actor,
    query: str = "",
    flt: MemberFilter = MemberFilter(),
    *,
    order: MemberOrder = MemberOrder.NAME_LAT,
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
    total: int | None = None,
) -> list[int]:
    """The ids of `search_member_page`, without its count."""
    return search_member_page(
        session,
        actor,
        query,
        flt,
        order=order,
        descending=descending,
        limit=limit,
        offset=offset,
        total=total,
    ).ids


# The columns of a MemberRecord, in the order of its fields.
_RECORD_COLUMNS = tuple(
    MemberCategory.code if f.name == "category_code" else getattr(Member, f.name)
    for f in dataclasses.fields(MemberRecord)
)


def member_rows(session: Session, actor: Actor, ids: Sequence[int]) -> list[MemberRecord]:
    """The records of `ids`, in that order (a page of a view)."""
    actor.require(Permission.MEMBERS_READ)
    # Columns through Core, not ORM objects: the records of a page are read 5 times faster.
    stmt = (
        sa.select(*_RECORD_COLUMNS)
        .join(MemberCategory, Member.category_id == MemberCategory.id)
        .where(Member.id.in_(ids))
    )
    rows = {row[0]: row for row in session.connection().execute(stmt)}
    return [masked_record(MemberRecord(*rows[i]), actor) for i in ids if i in rows]


def search_members(
    session: Session,
    actor: Actor,
    query: str = "",
    flt: MemberFilter = MemberFilter(),
    *,
    order: MemberOrder = MemberOrder.NAME_LAT,
    limit: int = 50,
    offset: int = 0,
) -> list[MemberRecord]:
    ids = search_member_ids(session, actor, query, flt, order=order, limit=limit, offset=offset)
    return member_rows(session, actor, ids)


def member_cities(session: Session, actor: Actor) -> list[str]:
    """The cities members live in, for a filter list."""
    actor.require(Permission.MEMBERS_READ)
    stmt = sa.select(Member.city).where(Member.city.is_not(None)).distinct().order_by(Member.city)
    return [city for city in session.scalars(stmt) if city]
