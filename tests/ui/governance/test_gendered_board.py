"""A board and an assembly led by women, on the screen and on paper: the Board tab, the
assembly's details and its attendance sheet say each label in the person's gender, with the
same words as the board list the caïdat receives."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from nassij_desktop.core.common import clock
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
from nassij_desktop.core.members.models import Gender
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.governance.attendance_delegate import PresenceEditor
from nassij_desktop.ui.governance.attendance_model import PRESENCE
from nassij_desktop.ui.governance.page import GovernancePage

pytestmark = [pytest.mark.gui]

TODAY = clock.today()
# The board's first rows, in the order of the roles, and what each reads in both languages.
BOARD = [
    ("president", "سارة", "العلوي", "Sara", "Alaoui", Gender.FEMALE, "الرئيسة", "Présidente"),
    (
        "secretary_general",
        "عمر",
        "بناني",
        "Omar",
        "Bennani",
        Gender.MALE,
        "الكاتب العام",
        "Secrétaire général",
    ),
    (
        "treasurer",
        "نادية",
        "الشرايبي",
        "Nadia",
        "Chraibi",
        Gender.FEMALE,
        "أمينة المال",
        "Trésorière",
    ),
]


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


@pytest.fixture
def board(database: Database) -> dict[str, int]:
    """The three elected at today's assembly, chaired by Sara; member ids by role."""
    with database.transaction() as session:
        ids = {
            code: create_member(
                session,
                CLI_ACTOR,
                MemberData(
                    first_name_ar=first_ar,
                    last_name_ar=last_ar,
                    first_name_lat=first_lat,
                    last_name_lat=last_lat,
                    gender=gender,
                    join_date=dt.date(2021, 3, 1),
                ),
            ).id
            for code, first_ar, last_ar, first_lat, last_lat, gender, *_titles in BOARD
        }
        assembly = convene_assembly(
            session,
            CLI_ACTOR,
            AssemblyData(
                held_on=TODAY,
                convened_on=TODAY - dt.timedelta(days=15),
                place="Maison des jeunes",
                agenda=["Election"],
            ),
        ).id
        open_session(session, CLI_ACTOR, assembly, chair_member_id=ids["president"])
        for member_id in ids.values():
            record_attendance(session, CLI_ACTOR, assembly, member_id, Attendance.PRESENT)
        elect_board(session, CLI_ACTOR, assembly, [SeatChoice(c, i) for c, i in ids.items()])
    return ids


def _board_list_words(database: Database, lang: str, out: Path) -> list[str]:
    with database.session() as session:
        produce_report(session, CLI_ACTOR, "board-list", ReportRequest(lang=lang, out=out))  # type: ignore[arg-type]
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.translate(str.maketrans("", "", "\u202a\u202b\u202c")).split()


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_woman_s_role_is_feminine_on_the_board_tab_and_in_the_board_list(
    lang: str,
    qtbot,
    qapp: QApplication,
    database: Database,
    board: dict[str, int],
    tmp_path: Path,
) -> None:
    apply_language(lang, qapp)
    page = GovernancePage(AppContext(database, CLI_ACTOR))
    qtbot.addWidget(page)
    shown = [page.board_table.item(row, 0).text() for row in range(page.board_table.rowCount())]
    expected = [row[6] if lang == "ar" else row[7] for row in BOARD]
    assert shown == expected
    # The terms' tree says the same.
    term = page.terms_tree.topLevelItem(0)
    assert [term.child(i).text(0) for i in range(term.childCount())] == expected
    # And so does the paper, from the same function.
    words = _board_list_words(database, lang, tmp_path / f"board-{lang}.pdf")
    for title in expected:
        assert all(word in words for word in title.split()), title


@pytest.mark.parametrize(
    ("lang", "chair", "present", "absent"),
    [
        ("ar", "رئيسة الجلسة", "حاضرة", "غائبة"),
        ("fr", "Présidente de séance", "Présente", "Absente"),
    ],
)
def test_the_assembly_chaired_by_a_woman_and_her_attendance(
    lang: str,
    chair: str,
    present: str,
    absent: str,
    qtbot,
    qapp: QApplication,
    database: Database,
    board: dict[str, int],
) -> None:
    apply_language(lang, qapp)
    page = GovernancePage(AppContext(database, CLI_ACTOR))
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(1)
    panel = page.panel
    panel.tabs.setCurrentIndex(1)
    assert f"{chair}: " in panel.details.text() or f"{chair} : " in panel.details.text()
    model = panel.attendance_model
    sara, omar = board["president"], board["secretary_general"]
    assert model.index(model.row_of(sara), PRESENCE).data() == present
    assert model.index(model.row_of(omar), PRESENCE).data() != present  # حاضر, Présent
    # The list of one line offers the choices said of that member.
    editor = PresenceEditor(True, None, Gender.FEMALE)
    qtbot.addWidget(editor)
    assert present in [editor.itemText(i) for i in range(editor.count())]
    assert absent in [editor.itemText(i) for i in range(editor.count())]
