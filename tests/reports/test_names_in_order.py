"""Documents list people in the order of the members list (core.common.names.sort_name), read
back from the PDF: the register by name, the minutes' attendance list, the board's advisers.
By code point, آيت أحمد إدريس ابراهيم الإدريسي fell into four blocks, and "de Castro" and
"Élise" came after every capital; the minutes also say the quorum as the statutes do."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.governance.models import Attendance
from nassij_desktop.core.governance.services import (
    AssemblyData,
    SeatChoice,
    convene_assembly,
    elect_board,
    open_session,
    record_attendance,
)
from nassij_desktop.core.members.search import MemberOrder, search_member_ids
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import ReportRequest
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
# The member numbers (000001 for عمر…) in the folded order of each reader.
FOLDED = {
    "ar": ["000007", "000008", "000004", "000006", "000003", "000005", "000002", "000001"],
    "fr": ["000006", "000002", "000004", "000007", "000005", "000008", "000003", "000001"],
}
NUMBER = re.compile(r"\b0000\d\d\b")
HELD_ON = dt.date(2025, 6, 14)


@pytest.fixture
def association(database: Database) -> Database:
    """PEOPLE, an assembly at two thirds they all attend, and the board it elected: a
    president and three advisers (آيت, أحمد, ابراهيم)."""
    with database.transaction() as session:
        ids = [
            create_member(
                session,
                CLI_ACTOR,
                MemberData(
                    last_name_ar=arabic,
                    first_name_ar="سعاد" if arabic else None,
                    last_name_lat=latin,
                    first_name_lat="Souad",
                    join_date=dt.date(2020, 1, 5),
                ),
            ).id
            for arabic, latin in PEOPLE
        ]
        assembly = convene_assembly(
            session,
            CLI_ACTOR,
            AssemblyData(
                held_on=HELD_ON,
                place="Maison des jeunes",
                convened_on=HELD_ON - dt.timedelta(days=15),
                quorum=Fraction(2, 3),
                agenda=["Election of the board"],
            ),
        ).id
        open_session(session, CLI_ACTOR, assembly, chair_member_id=ids[0])
        for member_id in ids:
            record_attendance(session, CLI_ACTOR, assembly, member_id, Attendance.PRESENT)
        elect_board(
            session,
            CLI_ACTOR,
            assembly,
            [
                SeatChoice("president", ids[0]),
                *(SeatChoice("adviser", ids[i]) for i in (1, 5, 3)),  # آيت أحمد ابراهيم
            ],
        )
    return database


def _document(database: Database, kind: str, lang: str, out: Path, **request: object) -> Path:
    with database.session() as session:
        produce_report(session, CLI_ACTOR, kind, ReportRequest(lang=lang, out=out, **request))  # type: ignore[arg-type]
    return out


def test_the_members_list_gives_the_folded_order(association: Database) -> None:
    with association.session() as session:
        numbers = {
            lang: [
                f"{i:06d}"
                for i in search_member_ids(
                    session,
                    CLI_ACTOR,
                    order=MemberOrder.NAME_AR if lang == "ar" else MemberOrder.NAME_LAT,
                )
            ]
            for lang in ("ar", "fr")
        }
    assert numbers == FOLDED


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_register_by_name_lists_the_members_in_the_folded_order(
    lang: str, association: Database, tmp_path: Path, pdf_text: Callable[..., str]
) -> None:
    by_name = _document(association, "member-register", lang, tmp_path / "r.pdf", order="name")
    by_number = _document(association, "member-register", lang, tmp_path / "n.pdf")
    assert NUMBER.findall(pdf_text(by_name)) == FOLDED[lang]
    assert NUMBER.findall(pdf_text(by_number)) == sorted(FOLDED[lang])  # the default


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_minutes_list_the_attendance_in_the_folded_order_and_say_the_quorum(
    lang: str, association: Database, tmp_path: Path, pdf_text: Callable[..., str]
) -> None:
    text = pdf_text(_document(association, "assembly-minutes", lang, tmp_path / "m.pdf"))
    assert NUMBER.findall(text) == FOLDED[lang]
    squeezed = "".join(text.split()).translate(str.maketrans("", "", "()،,"))
    # 6 of the 8 voting members: two thirds, said in words and as a fraction.
    words = {"ar": "6أيالثلثان2/3من", "fr": "6soitlesdeuxtiers2/3des"}[lang]
    assert words in squeezed


@pytest.mark.parametrize(
    ("lang", "advisers"),
    [
        ("ar", ["ابراهيم سعاد", "أحمد سعاد", "آيت سعاد"]),
        ("fr", ["Ahmed Souad", "Aït Souad", "Brahim Souad"]),
    ],
)
def test_the_board_list_gives_the_advisers_in_the_folded_order(
    lang: str,
    advisers: list[str],
    association: Database,
    tmp_path: Path,
    pdf_text: Callable[..., str],
) -> None:
    text = pdf_text(_document(association, "board-list", lang, tmp_path / "b.pdf"))
    places = [text.index(name) for name in advisers]
    assert places == sorted(places)
    assert text.index({"ar": "عمر سعاد", "fr": "Omar Souad"}[lang]) < places[0]  # president
