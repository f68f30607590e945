"""Member search: normalised, token-by-token, fast on 100 000 members.

On SQLite, tokens of three letters or more use the FTS5 trigram index over `search_text`
(anywhere in a name); shorter tokens use a word-prefix FTS5 index (the start of a name).
Other databases use a substring match on the same normalised column. The result is the
ordered list of ids of the view (a screen then fetches rows in pages with `member_rows`).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.textnorm import normalise_query
from nassij_desktop.core.members.models import (
    DuesPayment,
    Gender,
    Member,
    MemberCategory,
    MemberStatus,
)
from nassij_desktop.core.members.records import MemberRecord, member_record

FTS_MIN_TOKEN = 3


class MemberOrder(enum.StrEnum):
    NUMBER = "number"
    NAME_LAT = "name_lat"
    NAME_AR = "name_ar"
    JOIN_DATE = "join_date"
    STATUS = "status"
    CITY = "city"


@dataclass(frozen=True)
class MemberFilter:
    statuses: frozenset[MemberStatus] = frozenset()
    category_code: str | None = None
    gender: Gender | None = None
    city: str | None = None
    dues_year: int | None = None
    dues_paid: bool | None = None  # with dues_year: paid (True) or not (False) that year


_ORDER_COLUMNS: dict[MemberOrder, tuple[sa.ColumnElement[object], ...]] = {
    MemberOrder.NUMBER: (Member.number,),
    MemberOrder.NAME_LAT: (Member.last_name_lat, Member.first_name_lat),
    MemberOrder.NAME_AR: (Member.last_name_ar, Member.first_name_ar),
    MemberOrder.JOIN_DATE: (Member.join_date,),
    MemberOrder.STATUS: (Member.status,),
    MemberOrder.CITY: (Member.city,),
}


def _fts_match(tokens: Sequence[str]) -> sa.TextClause:
    match = " AND ".join('"' + t.replace('"', '""') + '"' for t in tokens)
    return sa.text("SELECT rowid FROM member_fts WHERE member_fts MATCH :match").bindparams(
        match=match
    )


def _prefix_match(tokens: Sequence[str]) -> sa.TextClause:
    match = " AND ".join('"' + t.replace('"', '""') + '"*' for t in tokens)
    return sa.text(
        "SELECT rowid FROM member_fts_prefix WHERE member_fts_prefix MATCH :prefix"
    ).bindparams(prefix=match)


def _token_conditions(tokens: Sequence[str], sqlite: bool) -> list[sa.ColumnElement[bool]]:
    if not sqlite:
        return [Member.search_text.contains(t, autoescape=True) for t in tokens]
    # Three letters or more: anywhere in a name (trigrams). Fewer: the start of a name
    # (word prefixes), which is what someone typing the first letters means.
    long = [t for t in tokens if len(t) >= FTS_MIN_TOKEN]
    short = [t for t in tokens if len(t) < FTS_MIN_TOKEN]
    conditions = [Member.id.in_(_fts_match(long))] if long else []
    if short:
        conditions.append(Member.id.in_(_prefix_match(short)))
    return conditions


def _filtered(
    session: Session, actor: Actor, query: str, flt: MemberFilter
) -> sa.Select[tuple[int]]:
    actor.require(Permission.MEMBERS_READ)
    stmt = sa.select(Member.id)
    tokens = normalise_query(query)
    if tokens:
        sqlite = session.get_bind().dialect.name == "sqlite"
        matched: sa.ColumnElement[bool] = sa.and_(*_token_conditions(tokens, sqlite))
        looks_like_id = len(tokens) == 1 and tokens[0].isascii() and tokens[0][-1:].isdigit()
        if looks_like_id and actor.can(Permission.MEMBERS_IDENTITY):
            # Only then: an OR here keeps SQLite from driving the query by the search index.
            # An identity number typed in the box finds its holder, for roles that may see it.
            matched = sa.or_(matched, Member.id_number == tokens[0].upper())
        stmt = stmt.where(matched)
    if flt.statuses:
        stmt = stmt.where(Member.status.in_(flt.statuses))
    if flt.category_code:
        stmt = stmt.where(
            Member.category_id
            == sa.select(MemberCategory.id)
            .where(MemberCategory.code == flt.category_code)
            .scalar_subquery()
        )
    if flt.gender:
        stmt = stmt.where(Member.gender == flt.gender)
    if flt.city:
        stmt = stmt.where(Member.city == flt.city)
    if flt.dues_year is not None and flt.dues_paid is not None:
        paid = sa.exists().where(
            DuesPayment.member_id == Member.id, DuesPayment.year == flt.dues_year
        )
        stmt = stmt.where(paid if flt.dues_paid else ~paid)
    return stmt


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
) -> list[int]:
    stmt = _filtered(session, actor, query, flt)
    columns = [*_ORDER_COLUMNS[order], Member.id]
    stmt = stmt.order_by(*(c.desc() if descending else c.asc() for c in columns))
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return list(session.scalars(stmt))


def count_members(
    session: Session,
    actor: Actor,
    query: str = "",
    flt: MemberFilter = MemberFilter(),
) -> int:
    stmt = _filtered(session, actor, query, flt)
    return session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0


def member_rows(session: Session, actor: Actor, ids: Sequence[int]) -> list[MemberRecord]:
    """The records of `ids`, in that order (a page of a view)."""
    actor.require(Permission.MEMBERS_READ)
    members = {m.id: m for m in session.scalars(sa.select(Member).where(Member.id.in_(ids)))}
    return [member_record(members[i], actor) for i in ids if i in members]


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
