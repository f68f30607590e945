"""Names are listed in the folded order (core.common.names.sort_name), not by code point: the
alef words آيت, أحمد, إدريس, الإدريسي and ابراهيم are one block, Latin names ignore case and
accents; the keys follow a change of name, and the pickers list names in the reader's order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.names import sort_name
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.models import Member
from nassij_desktop.core.members.search import (
    MemberFilter,
    MemberOrder,
    name_order,
    search_member_ids,
)
from nassij_desktop.core.members.services import MemberData, create_member, update_member
from nassij_desktop.storage import Database

# (family name in Arabic, in Latin letters), in the order they join (their numbers).
PEOPLE = [
    ("عمر", "Omar"),
    ("آيت", "Aït"),
    ("إدريس", "Idriss"),
    ("ابراهيم", "Brahim"),
    ("الإدريسي", "El Idrissi"),
    ("أحمد", "Ahmed"),
    (None, "de Castro"),
    (None, "Élise"),
]
# By code point these came as آيت أحمد إدريس ابراهيم الإدريسي عمر, and Ahmed … Omar de Castro
# Élise: capitals, then small letters, then accented ones.
FOLDED_AR = ["de Castro", "Élise", "ابراهيم", "أحمد", "إدريس", "الإدريسي", "آيت", "عمر"]
FOLDED_LAT = ["Ahmed", "Aït", "Brahim", "de Castro", "El Idrissi", "Élise", "Idriss", "Omar"]


def add_people(session: Session) -> dict[int, str]:
    """The people of PEOPLE, by id → the name the test reads them by."""
    names = {}
    for arabic, latin in PEOPLE:
        member = create_member(
            session,
            CLI_ACTOR,
            MemberData(
                last_name_ar=arabic,
                first_name_ar="سعاد" if arabic else None,
                last_name_lat=latin,
                first_name_lat="Souad",
            ),
        )
        names[member.id] = arabic or latin
    return names


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.transaction() as session:
        yield session


def listed(session: Session, order: MemberOrder, names: dict[int, str], **kw: object) -> list[str]:
    ids = search_member_ids(session, CLI_ACTOR, order=order, **kw)  # type: ignore[arg-type]
    return [names[i] for i in ids]


def test_the_list_by_arabic_name_puts_the_alef_words_together(session: Session) -> None:
    names = add_people(session)
    assert listed(session, MemberOrder.NAME_AR, names) == FOLDED_AR
    assert listed(session, MemberOrder.NAME_AR, names, descending=True) == FOLDED_AR[::-1]
    # A page at a time, with a search or a filter: the same order (other plans, same keys).
    assert listed(session, MemberOrder.NAME_AR, names, limit=3, offset=2) == FOLDED_AR[2:5]
    assert listed(session, MemberOrder.NAME_AR, names, query="سعاد") == FOLDED_AR[2:]
    with_filter = MemberFilter(category_code="active")
    assert listed(session, MemberOrder.NAME_AR, names, flt=with_filter) == FOLDED_AR


def test_the_list_by_latin_name_ignores_case_and_accents(session: Session) -> None:
    names = dict(zip(add_people(session), (latin for _arabic, latin in PEOPLE), strict=True))
    assert listed(session, MemberOrder.NAME_LAT, names) == FOLDED_LAT


def test_a_changed_name_takes_its_place_in_the_order(session: Session) -> None:
    names = add_people(session)
    omar = next(i for i, name in names.items() if name == "عمر")
    version = session.get(Member, omar).version  # type: ignore[union-attr]
    update_member(session, CLI_ACTOR, omar, version, last_name_ar="أباظة")
    names[omar] = "أباظة"
    member = session.get(Member, omar)
    assert member is not None
    assert member.sort_name_ar == sort_name("ar", "سعاد", "أباظة", "Souad", "Omar")
    assert member.sort_name_ar == "اباظه سعاد"
    assert listed(session, MemberOrder.NAME_AR, names)[:3] == ["de Castro", "Élise", "أباظة"]


def test_every_member_carries_the_keys_of_its_names(session: Session) -> None:
    add_people(session)
    for member in session.scalars(sa.select(Member)):
        names = (member.first_name_ar, member.last_name_ar)
        names_lat = (member.first_name_lat, member.last_name_lat)
        assert member.sort_name_ar == sort_name("ar", *names, *names_lat)
        assert member.sort_name_lat == sort_name("fr", *names, *names_lat)


def test_a_reader_gets_the_order_of_their_script() -> None:
    assert name_order("ar") is MemberOrder.NAME_AR
    assert name_order("fr") is MemberOrder.NAME_LAT
