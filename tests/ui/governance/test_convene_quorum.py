"""The convene dialog offers the quorum as the statutes state it (one half, two thirds…, or a
whole percentage), keeps a share it does not offer, and the assembly shows it: "2/3"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from fractions import Fraction

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.services import (
    AssemblyData,
    convene_assembly,
    get_assembly,
    list_assemblies,
)
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.governance.convene_dialog import PERCENTAGE, ConveneDialog
from nassij_desktop.ui.governance.page import GovernancePage

pytestmark = [pytest.mark.gui]

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
TODAY = clock.today()


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


@pytest.fixture
def voters(database: Database) -> None:
    with database.transaction() as session:
        for name in ("Alaoui", "Bennani", "Chraibi", "Daoudi", "El Fassi"):
            create_member(
                session,
                CLI_ACTOR,
                MemberData(last_name_lat=name, first_name_lat="Sara", join_date=TODAY),
            )


def _convened(database: Database, share: Fraction) -> int:
    with database.transaction() as session:
        return convene_assembly(
            session,
            SECRETARY,
            AssemblyData(
                held_on=TODAY + dt.timedelta(days=15),
                place="Maison des jeunes",
                convened_on=TODAY,
                quorum=share,
                agenda=["Moral report"],
            ),
        ).id


def _fill(qtbot, dialog: ConveneDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.place.fr, "Maison des jeunes")
    qtbot.keyClicks(dialog.item_text.fr, "Moral report")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)


def test_two_thirds_is_chosen_saved_and_shown_as_a_fraction(
    qtbot, database: Database, voters: None
) -> None:
    page = GovernancePage(AppContext(database, SECRETARY))
    qtbot.addWidget(page)
    page.show()
    dialog = page.convene()
    assert dialog.chosen_quorum() == Fraction(1, 2)  # the default
    assert [dialog.quorum.itemText(i) for i in range(dialog.quorum.count())] == [
        "One half (1/2)",
        "Two thirds (2/3)",
        "Three quarters (3/4)",
        "One third (1/3)",
        "One quarter (1/4)",
        "Percentage of the voting members",
    ]
    assert not dialog.quorum_percent.isEnabled()
    _fill(qtbot, dialog)
    dialog.quorum.setCurrentIndex(dialog.quorum.findData("2/3"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with database.session() as session:
        [summary] = list_assemblies(session, SECRETARY)
    assert summary.quorum == Fraction(2, 3)
    assert page.panel.detail is not None
    # 5 voting members: two thirds is 4 (3.33 rounded up).
    assert "quorum (2/3): 4" in page.panel.quorum_label.text()


def test_a_percentage_is_typed_when_the_statutes_give_one(
    qtbot, database: Database, voters: None
) -> None:
    dialog = ConveneDialog(AppContext(database, SECRETARY))
    qtbot.addWidget(dialog)
    _fill(qtbot, dialog)
    dialog.quorum.setCurrentIndex(dialog.quorum.findData(PERCENTAGE))
    assert dialog.quorum_percent.isEnabled()
    dialog.quorum_percent.setValue(60)
    assert dialog.save()
    with database.session() as session:
        [summary] = list_assemblies(session, SECRETARY)
    assert summary.quorum == Fraction(3, 5)


@pytest.mark.parametrize(
    ("share", "shown", "percent"),
    [
        (Fraction(2, 3), "Two thirds (2/3)", False),
        (Fraction(33, 50), "Percentage of the voting members", True),
        (Fraction(2, 7), "2/7", False),  # from the command line: kept as it is
    ],
)
def test_a_convocation_opens_with_its_quorum_and_keeps_it(
    qtbot, database: Database, share: Fraction, shown: str, percent: bool
) -> None:
    assembly_id = _convened(database, share)
    with database.session() as session:
        detail = get_assembly(session, SECRETARY, assembly_id)
    dialog = ConveneDialog(AppContext(database, SECRETARY), detail)
    qtbot.addWidget(dialog)
    assert dialog.quorum.currentText() == shown
    assert dialog.quorum_percent.isEnabled() is percent
    assert dialog.chosen_quorum() == share
    assert dialog.save()
    with database.session() as session:
        assert get_assembly(session, SECRETARY, assembly_id).summary.quorum == share
