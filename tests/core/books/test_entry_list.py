"""The entries list: SQL pages newest first, filters, the detail of one entry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nassij_desktop.core.books.entry_list import (
    EntryFilter,
    count_entries,
    entry_detail,
    entry_page,
)
from nassij_desktop.core.books.models import AnalyticKind
from nassij_desktop.core.books.services import (
    EntryData,
    LineSpec,
    create_analytic_tag,
    post_entries,
)
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NotFound, PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.storage import Database

VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)
VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)
START = dt.date(clock.today().year, 1, 1)


def _entry(n: int, tag: int | None) -> EntryData:
    """Entry n: on day n // 3 of the year; every fifth an expense of the project `tag`."""
    amount = Decimal(100 + n)
    day = START + dt.timedelta(days=n // 3)
    if n % 5 == 0:
        return EntryData(
            "CA",
            day,
            f"Fournitures {n}",
            [
                LineSpec("6125", debit=amount, analytic_tag_id=tag),
                LineSpec("5161", credit=amount, analytic_tag_id=tag),
            ],
            f"FAC-{n:04d}",
        )
    return EntryData(
        "BQ",
        day,
        f"Cotisation {n}",
        [LineSpec("5141", debit=amount), LineSpec("7186", credit=amount)],
        f"R-{n:04d}",
    )


@pytest.fixture
def entries(database: Database) -> int:
    with database.transaction() as session:
        tag = create_analytic_tag(
            session, CLI_ACTOR, "P1", "مشروع", "Projet", AnalyticKind.PROJECT
        ).id
        post_entries(session, CLI_ACTOR, [_entry(n, tag) for n in range(1, 301)])
    return tag


def test_pages_come_newest_first_and_join_without_overlap(database: Database, entries: int) -> None:
    everything = EntryFilter()
    with database.session() as session:
        assert count_entries(session, VIEWER, everything) == 300
        pages = [
            entry_page(session, VIEWER, everything, offset, 100) for offset in (0, 100, 200, 300)
        ]
    rows = [row for page in pages for row in page]
    assert [len(page) for page in pages] == [100, 100, 100, 0]
    assert len({row.id for row in rows}) == 300
    keys = [(row.entry_date, row.number) for row in rows]
    assert keys == sorted(keys, reverse=True)
    first = rows[0]
    assert (first.label, first.reference, first.amount) == (
        "Fournitures 300",
        "FAC-0300",
        Decimal("400"),
    )


def test_filters_narrow_the_list(database: Database, entries: int) -> None:
    cases = {
        EntryFilter(journal="CA"): 60,
        EntryFilter(account="6125"): 60,
        EntryFilter(account="61"): 60,  # a prefix: the class, the group
        EntryFilter(account="7186", journal="CA"): 0,
        EntryFilter(analytic_tag_id=entries): 60,
        EntryFilter(text="fac-001"): 2,  # FAC-0010, FAC-0015: the voucher, whatever the case
        EntryFilter(text="Cotisation 12"): 9,  # 12, 121…129 but not the expenses 120, 125
        EntryFilter(amount=Decimal("250")): 1,
        EntryFilter(date_from=START, date_to=START + dt.timedelta(days=9)): 29,
        EntryFilter(text="100%"): 0,  # % is a character, not a wildcard
    }
    with database.session() as session:
        found = {f: count_entries(session, VIEWER, f) for f in cases}
        page = entry_page(session, VIEWER, EntryFilter(amount=Decimal("250")), 0, 10)
    assert found == cases
    assert [row.reference for row in page] == ["FAC-0150"]


def test_the_detail_names_each_line_s_account(database: Database, entries: int) -> None:
    with database.session() as session:
        [row] = entry_page(session, VIEWER, EntryFilter(text="FAC-0005"), 0, 10)
        detail = entry_detail(session, VIEWER, row.id)
    assert (detail.journal, detail.reference, detail.total_debit, detail.total_credit) == (
        "CA",
        "FAC-0005",
        Decimal("105"),
        Decimal("105"),
    )
    assert [(ln.account, ln.account_label("fr"), ln.project) for ln in detail.lines] == [
        ("6125", "Achats non stockés de matières et fournitures", "P1"),
        ("5161", "Caisses", "P1"),
    ]
    assert detail.lines[1].account_label("ar") == "الصناديق"


def test_the_list_is_for_those_who_see_the_finances(database: Database, entries: int) -> None:
    with database.session() as session:
        with pytest.raises(PermissionDenied):
            count_entries(session, VOLUNTEER, EntryFilter())
        with pytest.raises(NotFound):
            entry_detail(session, VIEWER, 987654)
