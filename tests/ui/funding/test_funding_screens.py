"""Pictures of the Funding page's two tabs and of each of its dialogs, in Arabic and French,
on the demo association, for a person to look at (NASSIJ_SCREENS_DIR names the folder): a
mirrored layout in Arabic, nothing clipped, Latin digits, amounts aligned."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.funding.models import RequestStatus
from nassij_desktop.core.users.models import User
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.funding.page import FundingPage
from nassij_desktop.ui.funding.tranche_dialogs import ReceiveTrancheDialog
from tests.shared_files import copy_of, shared_demo

pytestmark = [pytest.mark.gui]
S = RequestStatus


@pytest.fixture
def demo(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Database]:
    template = shared_demo(tmp_path_factory, members=300, seed=5)
    database = open_database(copy_of(template, tmp_path))
    yield database
    database.close()


def _save(widget: QWidget, folder: Path, name: str) -> Path:
    QApplication.sendPostedEvents()
    QApplication.processEvents()
    path = folder / f"funding-{name}.png"
    assert widget.grab().save(str(path)), path
    image = QImage(str(path))
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert image.width() > 300 and len(colours) > 12, f"{path.name} looks blank"
    return path


def test_both_tabs_and_every_dialog_in_arabic_and_french(
    qtbot: QtBot, demo: Database, screens_dir: Path
) -> None:
    with demo.session() as session:
        admin_id = session.scalar(sa.select(User.id).where(User.login == "admin"))
    page = FundingPage(AppContext(demo, Actor(admin_id, "admin", Role.ADMIN), "Admin"))
    qtbot.addWidget(page)
    page.resize(1180, 720)
    page.show()
    qtbot.waitExposed(page)
    tab = page.requests
    requests = tab.table.rows()
    assert requests, "the demo has funding requests"
    written = []
    for lang in ("ar", "fr"):
        apply_language(lang)
        # The pipeline, a request with tranches chosen: its file beside it.
        with_tranches = next(
            (r for r in requests if r.status in (S.AGREEMENT_SIGNED, S.IN_PROGRESS)), requests[0]
        )
        assert tab.select_request(with_tranches.id)
        tab.detail.tabs.setCurrentWidget(tab.detail.tranches)
        page.tabs.setCurrentWidget(tab)
        written.append(_save(page, screens_dir, f"{lang}-requests"))
        tab.detail.tabs.setCurrentWidget(tab.detail.budget)
        written.append(_save(page, screens_dir, f"{lang}-requests-budget"))
        page.tabs.setCurrentWidget(page.funders)
        page.funders.table.select_where(lambda f: True)
        written.append(_save(page, screens_dir, f"{lang}-funders"))

        dialogs: list[tuple[str, QWidget | None]] = []
        dialogs.append(("funder", page.funders.edit_selected()))
        dialogs.append(("new-request", tab.new_request()))
        dialogs.append(("edit-request", tab.edit_request()))
        submitted = next((r for r in requests if r.status in (S.SUBMITTED, S.UNDER_REVIEW)), None)
        if submitted is not None:
            tab.select_request(submitted.id)
            status = tab.change_status()
            assert status is not None
            status.status.select(S.GRANTED.value)  # type: ignore[attr-defined]
            status.amount_granted.setText("150 000")  # type: ignore[attr-defined]
            dialogs.append(("status-granted", status))
        granted = next((r for r in requests if r.status is S.GRANTED), None)
        if granted is not None:
            tab.select_request(granted.id)
            signing = tab.change_status()
            assert signing is not None
            signing.status.select(S.AGREEMENT_SIGNED.value)  # type: ignore[attr-defined]
            dialogs.append(("status-agreement", signing))
        assert tab.select_request(with_tranches.id)
        dialogs.append(("checklist", tab.edit_checklist()))
        dialogs.append(("plan-tranche", tab.plan_tranche()))
        dialogs.append(("receive-tranche", tab.receive_tranche()))
        for name, dialog in dialogs:
            if dialog is None:
                continue
            dialog.adjustSize()
            written.append(_save(dialog, screens_dir, f"{lang}-{name}"))
            if isinstance(dialog, ReceiveTrancheDialog) and lang == "ar":
                # Received: the dialog says under which entry, and the SGG's deadline.
                dialog.exchange_rate.setText("10,85")
                assert dialog.save(), dialog.errors.messages()
                dialog.adjustSize()
                written.append(_save(dialog, screens_dir, f"{lang}-{name}-posted"))
                apply_language("fr")
                written.append(_save(dialog, screens_dir, f"fr-{name}-posted"))
                apply_language(lang)
            dialog.close()
    assert len(written) >= 2 * 8, [p.name for p in written]
