"""The members page's "Export…": the list as shown (search, filter, order) written to a
workbook on a worker, said in the page's feedback; its button in Arabic and French."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.models import MemberStatus
from nassij_desktop.core.members.search import MemberFilter, count_members
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.members.page import MembersPage

VOLUNTEER = Actor(user_id=None, login="youssef", role=Role.VOLUNTEER)
SHOTS = Path("/tmp/shots/exports")

pytestmark = [pytest.mark.gui]


def _number_column(page: MembersPage) -> int:
    return next(i for i, c in enumerate(page.model.columns) if c.key == "number")


def test_export_writes_the_list_as_shown(qtbot, demo: Database, open_page, tmp_path) -> None:
    page = open_page(demo, VOLUNTEER)
    status = page.filters.status
    status.setCurrentIndex(status.findData(MemberStatus.RESIGNED.value))
    page.model.sort(_number_column(page), Qt.SortOrder.DescendingOrder)
    with demo.session() as session:
        expected = count_members(
            session, VOLUNTEER, "", MemberFilter(statuses=frozenset({MemberStatus.RESIGNED}))
        )
    assert page.model.rowCount() == expected > 0
    target = tmp_path / "liste.xlsx"
    operation = page.export_list(target)
    assert operation is not None
    qtbot.waitUntil(lambda: target.exists() and "liste.xlsx" in page.message.text(), timeout=10_000)
    rows = list(openpyxl.load_workbook(target, read_only=True).active.iter_rows(values_only=True))
    shown = [page.model.index(r, _number_column(page)).data() for r in range(expected)]
    assert [r[0] for r in rows[1:]] == shown  # same members, same order
    assert {r[19] for r in rows[1:]} == {"resigned"}
    assert rows[1][7] in (None, "••••••")  # a volunteer does not see identity numbers


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_export_button_in_both_languages(qapp, demo: Database, open_page, lang) -> None:
    page = open_page(demo)
    apply_language(lang, qapp)
    expected = {"ar": "تصدير…", "fr": "Exporter…"}[lang]
    assert page.export_button.text() == expected and page.export_button.isVisible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / f"members-page-{lang}.png"))
