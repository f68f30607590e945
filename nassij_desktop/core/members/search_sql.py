"""The member search on SQLite as SQL text, for any DBAPI connection: no SQLAlchemy.

One query for two callers: the search service (`core.members.search`, through its session's
own sqlite3 connection) and the command line's light read path (`cli.members_light`, through
a read-only sqlite3 connection, so that `nassij members list --search X` starts without
loading the ORM). Here: the search indexes a query's tokens use, the plan that reads a page
of matches at least cost, the count and the page of a search without a filter, and the
columns of the members list. Searches with a filter are written with SQLAlchemy in
`core.members.search`, whose statements follow the same plans.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

FTS_MIN_TOKEN = 3
TRIGRAM_INDEX = "member_fts"
PREFIX_INDEX = "member_fts_prefix"


class MemberOrder(enum.StrEnum):
    NUMBER = "number"
    NAME_LAT = "name_lat"
    NAME_AR = "name_ar"
    JOIN_DATE = "join_date"
    STATUS = "status"
    CITY = "city"


# The column of each order. Each has an index whose entries come in exactly this order
# (SQLite appends the rowid, `id`, to every index): a walk along it needs no sort. Names are
# ordered by their stored sort keys (core.common.names.sort_name: folded, family name first).
ORDER_COLUMNS: dict[MemberOrder, str] = {
    MemberOrder.NUMBER: "number",
    MemberOrder.NAME_LAT: "sort_name_lat",
    MemberOrder.NAME_AR: "sort_name_ar",
    MemberOrder.JOIN_DATE: "join_date",
    MemberOrder.STATUS: "status",
    MemberOrder.CITY: "city",
}


class Plan(enum.Enum):
    """How SQLite reads a page of matches. Only the speed differs, never the ids."""

    SORT = "sort"  # every match, through the search index, then sorted
    WALK = "walk"  # along the order's index, keeping the members in the set of matches
    ASK = "ask"  # along the order's index, asking the search index about each member


class Cursorable(Protocol):
    """A DBAPI connection to SQLite: sqlite3's, or the one under a SQLAlchemy session."""

    def cursor(self) -> Any: ...


def quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def index_matches(tokens: Sequence[str]) -> list[tuple[str, str]]:
    """(search index, MATCH expression) for each index the tokens need."""
    # Three letters or more: anywhere in a name (trigrams). Fewer: the start of a name
    # (word prefixes), which is what someone typing the first letters means.
    long = [t for t in tokens if len(t) >= FTS_MIN_TOKEN]
    short = [t for t in tokens if len(t) < FTS_MIN_TOKEN]
    found = []
    if long:
        found.append((TRIGRAM_INDEX, " AND ".join(quoted(t) for t in long)))
    if short:
        found.append((PREFIX_INDEX, " AND ".join(quoted(t) + "*" for t in short)))
    return found


def looks_like_identity_number(tokens: Sequence[str]) -> bool:
    """Whether the query may be an identity number (which then finds its holder too, for
    roles that may see identity numbers)."""
    return len(tokens) == 1 and tokens[0].isascii() and tokens[0][-1:].isdigit()


# --- choosing a plan --------------------------------------------------------------------------

# What each step costs, in microseconds, measured on 100 000 members (SQLite 3.40): only the
# ratios matter. A walk expects the matches spread along the order, but they may bunch (a
# family name, in name order): its steps are counted this many times over. Asking is only ever
# the cheapest when most members match, which leaves less room to bunch: a smaller allowance.
_FETCH = 3.0  # read one match by id, to filter and sort it
_SET = 0.18  # put one match from the search index in the set a walk checks
_STEP = 0.4  # one step along an index, checking the member in that set
_ROW = 1.5  # read the member at that step (a filter, the identity number)
_ASK = 15.0  # ask a search index about one member (merged index; see merge_search_indexes)
_BUNCHING = 10.0
_BUNCHING_ASKED = 5.0


def choose_plan(
    *,
    total: int,
    matches: int,
    members: int,
    window: int,
    searched: int,
    reads_rows: bool,
    filter_indexed: bool = False,
) -> Plan:
    """`total` members match the search and filter, `matches` the search alone, out of
    `members`; the page ends `window` matches into the order; `searched`: how many search
    indexes the query uses; `reads_rows`: whether a walk must read the member at each step;
    `filter_indexed`: whether the filter has an index to check the matches in."""
    members = max(members, total, 1)
    # Steps along the order's index before the page is full, allowing for bunched matches.
    spread = window * members / max(total, 1)
    steps, asked = (min(members, factor * spread) for factor in (_BUNCHING, _BUNCHING_ASKED))
    row = _ROW if reads_rows else 0.0
    if not searched:
        matches = members  # every member is a match: no set to build, a filter to check
        sort = _FETCH * (total if filter_indexed else members)  # what the filter's index gives
    elif filter_indexed:
        sort = _STEP * matches + _FETCH * total  # each match checked in the filter's index
    else:
        sort = _FETCH * matches  # each match read
    costs = {
        Plan.SORT: sort,
        # The set built once; each step reads the member only if it is in the set.
        Plan.WALK: _SET * matches * (searched > 0) + steps * (_STEP + row * matches / members),
    }
    if searched:
        costs[Plan.ASK] = asked * (_STEP + row + _ASK * searched)
    return min(costs, key=lambda plan: costs[plan])


# --- a search without a filter ----------------------------------------------------------------


@dataclass(frozen=True)
class Search:
    """A search without a filter: the normalised tokens, and the identity number whose
    holder matches too (see `looks_like_identity_number`), if the reader may see it."""

    tokens: tuple[str, ...]
    identity: str | None = None


def _scalar(connection: Cursorable, sql: str, params: Sequence[object] = ()) -> int:
    cursor = connection.cursor()
    try:
        row = cursor.execute(sql, tuple(params)).fetchone()
    finally:
        cursor.close()
    return int(row[0] or 0) if row else 0


def _matching(index: str) -> str:
    return f"SELECT {index}.rowid FROM {index} WHERE {index}.{index} MATCH ?"


def _conditions(search: Search, plan: Plan) -> tuple[str, list[object]]:
    """The WHERE clause of a plan's page: how it is written decides what drives the query."""
    conditions: list[str] = []
    params: list[object] = []
    for index, expression in index_matches(search.tokens):
        params.append(expression)
        if plan is Plan.ASK:
            # One look-up in the search index for each member along the order.
            conditions.append(
                f"(EXISTS (SELECT * FROM {index} WHERE {index}.{index} MATCH ? "
                f"AND {index}.rowid = member.id))"
            )
            continue
        matching = _matching(index)
        if search.identity is not None:  # one token, so one index: its holder joins the set
            matching += " UNION SELECT holder.id FROM member AS holder WHERE holder.id_number = ?"
            params.append(search.identity)
        # `id + 0` hides the primary key from the planner, which then reads members from
        # the order's index and checks each in the set of matches.
        member_id = "member.id + 0" if plan is Plan.WALK else "member.id"
        conditions.append(f"{member_id} IN ({matching})")
    where = " AND ".join(conditions)
    if plan is Plan.ASK and search.identity is not None:
        where = f"{where} OR member.id_number = ?"
        params.append(search.identity)
    return where, params


def count_matches(connection: Cursorable, search: Search) -> int:
    """How many members match, from the search indexes alone when there is no identity
    number to look up."""
    if not search.tokens or search.identity is not None:
        where, params = _conditions(search, Plan.SORT)
        clause = f" WHERE {where}" if where else ""
        sql = f"SELECT count(*) FROM (SELECT member.id FROM member{clause})"
        return _scalar(connection, sql, params)
    matches = index_matches(search.tokens)
    # INTERSECT: one set of row ids from each index, never a join between them.
    selects = " INTERSECT ".join(_matching(index) for index, _ in matches)
    return _scalar(connection, f"SELECT count(*) FROM ({selects})", [e for _, e in matches])


def largest_member_id(connection: Cursorable) -> int:
    """As good as a count for planning, without reading an index."""
    return _scalar(connection, "SELECT max(member.id) FROM member")


def plan_for(connection: Cursorable, search: Search, total: int, window: int) -> Plan:
    return choose_plan(
        total=total,
        matches=total,
        members=largest_member_id(connection),
        window=window,
        searched=len(index_matches(search.tokens)),
        reads_rows=search.identity is not None,
    )


def page_ids(
    connection: Cursorable,
    search: Search,
    plan: Plan,
    order: MemberOrder,
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[int]:
    """One page of the matches' ids, ordered by `order` then id, read in `plan`."""
    where, params = _conditions(search, plan)
    column = f"member.{ORDER_COLUMNS[order]}"
    if plan is Plan.SORT:
        # `|| ''` keeps SQLite from walking the order's index instead, which is slow when the
        # few matches sit at its far end.
        column += " || ''"
    direction = "DESC" if descending else "ASC"
    sql = "SELECT member.id FROM member"
    if where:
        sql += f" WHERE {where}"
    sql += f" ORDER BY {column} {direction}, member.id {direction}"
    if limit is not None or offset:
        sql += " LIMIT ? OFFSET ?"
        params += [-1 if limit is None else limit, offset]
    cursor = connection.cursor()
    try:
        return [row[0] for row in cursor.execute(sql, tuple(params))]
    finally:
        cursor.close()


def search_page(
    connection: Cursorable,
    search: Search,
    order: MemberOrder,
    *,
    descending: bool = False,
    limit: int | None = None,
    offset: int = 0,
    total: int | None = None,
) -> tuple[int, list[int]]:
    """(how many members match, one page of their ids), as `search_member_page` gives them
    for a search without a filter."""
    counted = total is None
    if total is None:
        total = count_matches(connection, search)
    if total == 0 or (counted and offset >= total):
        return total, []
    plan = plan_for(connection, search, total, offset + (total if limit is None else limit))
    return total, page_ids(connection, search, plan, order, descending, limit, offset)


# --- the members list -------------------------------------------------------------------------

LIST_HEADERS = ("number", "name_ar", "name_lat", "status", "category", "city", "phone")


class ListedMember(NamedTuple):
    """A line of the members list as the command line prints it (no identity data: the
    same for every role that may read the register). A tuple: thousands are made at once."""

    id: int
    number: str
    first_name_ar: str | None
    last_name_ar: str | None
    first_name_lat: str | None
    last_name_lat: str | None
    gender: str | None
    status: str
    category_code: str
    city: str | None
    phone: str | None


_LISTED_SQL = (
    "SELECT member.id, member.number, member.first_name_ar, member.last_name_ar, "
    "member.first_name_lat, member.last_name_lat, member.gender, member.status, "
    "member_category.code, member.city, member.phone "
    "FROM member JOIN member_category ON member.category_id = member_category.id "
    "WHERE member.id IN ({marks})"
)
_LISTED_CHUNK = 500  # under SQLite's limit of bound parameters


def listed_members(connection: Cursorable, ids: Sequence[int]) -> list[ListedMember]:
    """The lines of `ids`, in that order."""
    found: dict[int, ListedMember] = {}
    cursor = connection.cursor()
    try:
        for start in range(0, len(ids), _LISTED_CHUNK):
            chunk = tuple(ids[start : start + _LISTED_CHUNK])
            sql = _LISTED_SQL.format(marks=", ".join("?" * len(chunk)))
            for row in cursor.execute(sql, chunk):
                found[row[0]] = ListedMember._make(row)
    finally:
        cursor.close()
    return [found[i] for i in ids if i in found]


def open_read_only(path: str) -> sqlite3.Connection:
    """A read-only connection to the file at `path`: it takes no write lock, ever."""
    from urllib.parse import quote

    return sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True)
