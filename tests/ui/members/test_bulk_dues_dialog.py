"""Bulk dues from the members page: the dialog records a year's dues for the selected members
or a category on a worker, all or nothing, says what it did, and saves the run's receipts as
one PDF; the arrears dialog lists who owes which years."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.models import DuesPayment, MemberStatus
from nassij_desktop.core.members.services import (
    MemberData,
    change_member_status,
    register_members,
)
from nassij_desktop.i18n.formatting import plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.members.arrears_dialog import ArrearsDialog
from nassij_desktop.ui.members.bulk_dues_dialog import BulkDuesDialog
from nassij_desktop.ui.members.page import MembersPage

pytestmark = [pytest.mark.gui]
WAIT_MS = 60_000  # a bound for a loaded machine; every wait polls
SHOTS = Path("/tmp/shots/bulk-dues")
PEOPLE = [
    ("سارة", "العلوي", "Sara", "Alaoui", "active"),
    ("يوسف", "بناني", "Youssef", "Bennani", "active"),
    ("ليلى", "الفاسي", "Leila", "Fassi", "youth"),
    ("كريم", "التازي", "Karim", "Tazi", "honorary"),
    ("حميد", "برادة", "Hamid", "Berrada", "active"),
]


@pytest.fixture
def members(database: Database) -> list[int]:
    with database.transaction() as session:
        made = register_members(
            session,
            CLI_ACTOR,
            [
                MemberData(
                    first_name_ar=a,
                    last_name_ar=b,
                    first_name_lat=c,
                    last_name_lat=d,
                    category_code=category,
                    join_date=dt.date(2025, 1, 10),
                )
                for a, b, c, d, category in PEOPLE
            ],
        )
        ids = [m.id for m in made]
        change_member_status(
            session, CLI_ACTOR, ids[4], MemberStatus.DECEASED, dt.date(2026, 2, 1), "Test"
        )
    return ids


def _payments(database: Database) -> list[tuple[int, int, str]]:
    with database.session() as session:
        return [
            tuple(row)  # type: ignore[misc]
            for row in session.execute(
                sa.select(
                    DuesPayment.member_id, DuesPayment.year, DuesPayment.receipt_number
                ).order_by(DuesPayment.receipt_number)
            )
        ]


def _run(qtbot, dialog: BulkDuesDialog) -> None:  # type: ignore[no-untyped-def]
    operation = dialog.save()
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)


def _shoot(dialog: BulkDuesDialog | ArrearsDialog, name: str, qapp: QApplication) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    qapp.processEvents()
    dialog.grab().save(str(SHOTS / f"{name}.png"))


def test_the_selected_members_pay_and_their_receipts_are_saved_as_one_pdf(
    qtbot, qapp: QApplication, open_page: Callable[..., MembersPage], database: Database,  # type: ignore[no-untyped-def]
    members: list[int], tmp_path: Path,
) -> None:  # fmt: skip
    page = open_page(database)
    page.search.setText("Alaoui")
    page.apply_search()
    page.select_row(0)
    dialog = page.record_bulk_dues()
    assert isinstance(dialog, BulkDuesDialog)
    assert dialog.selected == (members[0],)
    assert dialog.scope_selected.isChecked() and dialog.amount.text() == ""
    # Every member chosen by hand, the honorary one with an amount given.
    dialog = BulkDuesDialog(page.context, members[:4], page.categories, parent=page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.amount.setText("80")
    dialog.year.setValue(2026)
    dialog.paid_on.set_date(dt.date(2026, 11, 2))
    _run(qtbot, dialog)
    assert dialog.result_ is not None
    assert [d.member_id for d in dialog.result_.recorded] == members[:4]
    assert plain_text(dialog.outcome.text()).splitlines()[0] == (
        "Dues of 2026 recorded for 4 members: 320.00\u00a0MAD."
    )
    assert not dialog.save_button.isVisible() and dialog.receipts_button.isVisible()
    assert [p[2] for p in _payments(database)] == [f"2026-0000{n}" for n in range(1, 5)]
    dialog.receipts_language.select("ar")
    out = tmp_path / "receipts.pdf"
    saving = dialog.save_receipts(out)
    assert saving is not None
    qtbot.waitUntil(lambda: saving.done, timeout=WAIT_MS)
    assert dialog.receipts is not None and dialog.receipts.pages == 4
    assert "Receipts saved:" in dialog.outcome.text()
    for page_number, (first, last, *_rest) in enumerate(PEOPLE[:4], start=1):
        args = ["pdftotext", "-f", str(page_number), "-l", str(page_number), str(out), "-"]
        text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
        text = text.translate({0x202A: None, 0x202B: None, 0x202C: None})
        assert f"{first} {last}" in text, text  # the Arabic name in reading order
        assert f"2026-0000{page_number}" in text
    _shoot(dialog, "dialog-done-en", qapp)


def test_a_refused_member_refuses_the_run_and_the_dialog_says_who(
    qtbot, open_page: Callable[..., MembersPage], database: Database, members: list[int],  # type: ignore[no-untyped-def]
) -> None:  # fmt: skip
    page = open_page(database)
    dialog = BulkDuesDialog(page.context, members, page.categories, parent=page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.amount.setText("100")
    dialog.paid_on.set_date(dt.date(2026, 11, 2))
    _run(qtbot, dialog)
    assert dialog.result_ is None
    number = f"{5:06d}"
    assert dialog.errors.messages() == {
        "": f"Member {number}: Dues cannot be recorded for a deceased or excluded member."
    }
    assert dialog.save_button.isEnabled()
    assert _payments(database) == []
    # A bad amount stays under its field, before anything runs.
    dialog.amount.setText("abc")
    assert dialog.save() is None
    assert "amount" in dialog.errors.messages()


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_category_at_its_rate_then_the_arrears(
    lang: str, qtbot, qapp: QApplication, open_page: Callable[..., MembersPage],  # type: ignore[no-untyped-def]
    database: Database, members: list[int],
) -> None:  # fmt: skip
    apply_language(lang, qapp)
    page = open_page(database)
    arrears = page.show_arrears()
    assert isinstance(arrears, ArrearsDialog)
    # Nobody has paid yet: dues start this year, and everyone owes 2026 (the member who
    # died in February too: they were a member that year).
    assert arrears.model.rowCount() == 5
    _shoot(arrears, f"arrears-before-{lang}", qapp)
    arrears.close()
    page.filters.set_categories(page.categories)
    dialog = BulkDuesDialog(page.context, [], page.categories, "active", page)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.scope_category.isChecked() and dialog.category.currentData() == "active"
    assert dialog.amount.text() == "100,00"  # as Moroccan money is written in both
    dialog.paid_on.set_date(dt.date(2026, 11, 2))
    _shoot(dialog, f"dialog-{lang}", qapp)
    _run(qtbot, dialog)
    assert dialog.result_ is not None
    assert {d.member_id for d in dialog.result_.recorded} == {members[0], members[1]}
    _shoot(dialog, f"dialog-done-{lang}", qapp)
    arrears = page.show_arrears()
    # The youth, honorary and deceased members (whose dues cannot be recorded any more).
    assert arrears.model.rowCount() == 3
    summary = arrears.source.summary
    assert summary is not None and summary.total_owed == 150
    assert arrears.model.row(0) is not None
    _shoot(arrears, f"arrears-after-{lang}", qapp)


def test_several_rows_selected_on_the_page_open_the_dialog_on_them(
    qtbot, qapp: QApplication, open_page: Callable[..., MembersPage], database: Database,  # type: ignore[no-untyped-def]
    members: list[int],
) -> None:  # fmt: skip
    apply_language("ar", qapp)
    page = open_page(database)
    selection = page.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(3):
        selection.select(page.model.index(row, 0), flags)
    assert page.bulk_dues_button.isVisible() and page.arrears_button.isVisible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / "page-ar.png"))
    dialog = page.record_bulk_dues()
    assert isinstance(dialog, BulkDuesDialog)
    shown = [page.model.row(row) for row in range(3)]  # in the Arabic names' order
    assert list(dialog.selected) == [record.id for record in shown if record is not None]
    assert dialog.scope_selected.isChecked()
    assert plain_text(dialog.scope_selected.text()) == "الأعضاء الـ3 المحددون"
