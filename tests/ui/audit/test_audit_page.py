"""The Audit log page on the shared demo: choosing a user narrows the list to their entries, the
entry of a member edit shows its field before and after, the export writes the filtered
entries; pictures of the page in Arabic and French."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nassij_desktop.core.audit_log import AuditRow, count_audit
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.models import Member
from nassij_desktop.core.members.services import update_member
from nassij_desktop.core.users.models import User
from nassij_desktop.i18n.formatting import plain_text
from nassij_desktop.storage import open_database
from nassij_desktop.ui.audit.page import AuditPage
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from tests.support import DemoFile

TODAY = clock.today()


@pytest.fixture
def admin(demo_file: DemoFile) -> Iterator[AppContext]:
    """The demo's administrator, who has just changed a member's city."""
    database = open_database(demo_file(members=60, seed=3, today=TODAY))
    with database.session() as session:
        user = session.scalars(sa.select(User).where(User.login == "admin")).one()
        actor = Actor(user.id, user.login, Role(user.role))
    with database.transaction() as session:
        member = session.scalars(sa.select(Member).order_by(Member.id)).first()
        assert member is not None
        update_member(session, actor, member.id, None, city="Taroudant")
    yield AppContext(database, actor, "admin")
    database.close()


def _rows(page: AuditPage) -> list[AuditRow]:
    rows = (page.model.row(i) for i in range(page.model.rowCount()))
    return [row for row in rows if row is not None]


def test_choosing_a_user_narrows_the_list(qtbot: QtBot, admin: AppContext) -> None:
    page = AuditPage(admin)
    qtbot.addWidget(page)
    total = page.model.rowCount()
    with admin.database.session() as session:
        assert total == count_audit(session, admin.actor)
    logins = [page.user.itemData(i) for i in range(page.user.count())]
    assert logins[0] is None and {"admin", "benevole", "cli"} <= set(logins)
    page.user.select("benevole")
    rows = _rows(page)
    assert 0 < len(rows) < total and {r.login for r in rows} == {"benevole"}
    assert page.count_label.text() == f"{len(rows)} entries"
    page.clear_filters()
    assert page.model.rowCount() == total and page.user.currentData() is None


def test_a_member_edit_shows_its_field_before_and_after(
    qtbot: QtBot, admin: AppContext, tmp_path: Path, screens_dir: Path, qapp: QApplication
) -> None:
    page = AuditPage(admin)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    page.user.select("admin")
    page.entity.select("member")
    rows = _rows(page)
    assert [(r.action, r.entity) for r in rows] == [("update", "member")]
    page.record_id.setText(str(rows[0].entity_id))
    qtbot.waitUntil(lambda: page.source.filter.entity_id == rows[0].entity_id)
    page.select_row(0)
    assert page.record is not None and page.record.row.id == rows[0].id
    cells = [
        [plain_text(page.changes.item(r, c).text()) for c in range(3)]
        for r in range(page.changes.rowCount())
    ]
    assert len(cells) == 1 and cells[0][0] == "City" and cells[0][2] == "Taroudant"
    assert cells[0][1] not in ("", "—", "Taroudant")
    assert "Modification" in page.detail_title.text()

    for language, city in (("fr", "Ville"), ("ar", "المدينة")):
        apply_language(language, qapp)
        qapp.processEvents()  # the layouts follow the new direction
        assert plain_text(page.changes.item(0, 0).text()) == city
        page.grab().save(str(screens_dir / f"audit-log-{language}.png"))
    assert page.isRightToLeft()
    assert "تعديل" in page.detail_title.text()

    # The export writes what the filters show.
    target = tmp_path / "audit.csv"
    assert page.export(target) is not None
    qtbot.waitUntil(lambda: page.exported is not None)
    assert page.exported == (target, 1)
    with target.open(encoding="utf-8-sig", newline="") as stream:
        lines = list(csv.reader(stream))
    assert len(lines) == 2 and lines[1][2] == "admin" and "Taroudant" in lines[1][9]
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert page.export(folder) is None  # refused before anything runs, and said
    assert page.message.isVisibleTo(page) and "folder.csv" in page.message.text()
