"""The members page's "Personal data" menu (law 09-08), on a copy of the shared demo: every
role that reads the register sees it with the consent forms, only an administrator the
exports, the anonymisation and the retention (also in the File menu); the consent forms shown
in the preview, one page per member; the JSON export written on a worker; the anonymise
dialog asks a reason and says the service's refusals; the retention dialog lists and
anonymises."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.permissions import ROLE_PERMISSIONS, Actor, Permission, Role
from nassij_desktop.core.members.models import STATUS_LABELS, MemberStatus
from nassij_desktop.core.members.search import MemberFilter, count_members
from nassij_desktop.core.privacy.access import personal_data
from nassij_desktop.core.privacy.records import RetentionCandidate
from nassij_desktop.core.privacy.retention import retention_preview
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.pdf_preview import PdfPreviewDialog
from nassij_desktop.ui.members.page import MembersPage
from nassij_desktop.ui.members.privacy import AnonymiseDialog, RetentionDialog
from nassij_desktop.ui.shell.main_window import MainWindow

ADMIN = Actor(user_id=None, login="admin", role=Role.ADMIN)
SECRETARY_ACTOR = Actor(user_id=None, login="amina", role=Role.SECRETARY)
SHOTS = Path("/tmp/shots/privacyui")
LATER = clock.today() + dt.timedelta(days=3 * 366)

pytestmark = [pytest.mark.gui]


def _choose(page: MembersPage, number: str) -> None:
    page.search.setText(number)
    page.apply_search()
    assert page.model.rowCount() >= 1
    row = next(r for r in range(page.model.rowCount()) if page.model.row(r).number == number)
    page.select_row(row)
    assert page.current_record() is not None


def _shown_items(page: MembersPage) -> list[str]:
    return [a.text() for a in page.privacy_menu.actions() if a.isVisible() and not a.isSeparator()]


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.TREASURER, Role.VOLUNTEER, Role.VIEWER])
def test_others_see_the_menu_with_the_consent_forms_only(demo: Database, open_page, role) -> None:
    assert Permission.MEMBERS_READ in ROLE_PERMISSIONS[role]  # the volunteer too
    assert Permission.PRIVACY_MANAGE not in ROLE_PERMISSIONS[role]
    page = open_page(demo, Actor(user_id=None, login="x", role=role))
    assert page.privacy_button.isVisible()
    assert _shown_items(page) == ["Consent form (PDF)…"]
    assert not any(a.isVisible() for a in page.privacy_menu.actions() if a.isSeparator())
    assert not page.consent_action.isEnabled()  # nobody chosen yet
    page.select_row(0)
    assert page.consent_action.isEnabled()


def test_an_administrator_sees_every_item(demo: Database, open_page) -> None:
    page = open_page(demo, ADMIN)
    assert page.privacy_button.isVisible()
    assert _shown_items(page) == [
        "Consent form (PDF)…",
        "Export everything held (PDF)…",
        "Export everything held (JSON)…",
        "Anonymise…",
        "Retention…",
    ]
    assert not page.anonymise_action.isEnabled()  # nobody chosen yet
    page.select_row(0)
    assert page.anonymise_action.isEnabled() and page.json_action.isEnabled()
    assert page.consent_action.isEnabled()


def test_consent_forms_of_the_chosen_members_in_the_preview(
    qtbot, demo: Database, open_page
) -> None:
    page = open_page(demo)  # the secretary
    page.select_row(1)
    page.table.selectionModel().select(
        page.model.index(4, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    chosen = page.selected_records()
    assert len(chosen) == 2
    page.consent_action.trigger()
    qtbot.waitUntil(
        lambda: any(isinstance(w, PdfPreviewDialog) for w in QApplication.topLevelWidgets()),
        timeout=30_000,
    )
    preview = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreviewDialog))
    qtbot.waitUntil(lambda: preview.document.status() == QPdfDocument.Status.Ready)
    assert preview.document.pageCount() == 2  # one page a member
    assert preview.path.name == "consent-forms.pdf"
    text = preview.document.getAllText(0).text() + preview.document.getAllText(1).text()
    for record in chosen:
        assert record.number in text
    preview.reject()


def test_retention_also_in_the_file_menu_for_an_administrator(qtbot, demo: Database) -> None:
    for actor, shown in ((SECRETARY_ACTOR, False), (ADMIN, True)):
        window = MainWindow(AppContext(demo, actor, ""))
        qtbot.addWidget(window)
        assert window.retention_action.isVisible() is shown
        assert (window.retention_action in window.file_menu.actions()) is True
    window.retention_action.trigger()
    dialog = next(w for w in window.findChildren(RetentionDialog))
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.years.value() == 5 and dialog.parent() is window
    dialog.reject()


def test_export_everything_held_as_json(qtbot, demo: Database, open_page, tmp_path) -> None:
    page = open_page(demo, ADMIN)
    page.select_row(3)
    record = page.current_record()
    assert record is not None
    target = tmp_path / "held.json"
    operation = page.export_personal_json(target)
    assert operation is not None
    qtbot.waitUntil(lambda: "held.json" in page.message.text(), timeout=10_000)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["member"]["number"] == record.number
    assert {"dues", "donations", "audit", "account"} <= data.keys()


def _gone_member(demo: Database) -> str:
    with demo.session() as session:
        found = retention_preview(session, ADMIN, 1, today=LATER)
    assert found
    return found[0].number


def test_anonymise_refuses_without_reason_then_takes_the_name_out(
    qtbot, demo: Database, open_page
) -> None:
    number = _gone_member(demo)
    page = open_page(demo, ADMIN)
    _choose(page, number)
    record = page.current_record()
    assert record is not None and record.status in (
        MemberStatus.RESIGNED,
        MemberStatus.DECEASED,
        MemberStatus.EXCLUDED,
    )
    surname = record.last_name_lat or record.last_name_ar
    dialog = page.anonymise_selected()
    assert isinstance(dialog, AnonymiseDialog)
    assert not dialog.anonymise_button.isEnabled()  # not confirmed yet
    dialog.confirm.setChecked(True)
    assert dialog.anonymise_button.isEnabled()
    assert not dialog.save()  # no reason
    assert dialog.isVisible()
    assert "Say why" in dialog.errors._labels["reason"].text()
    dialog.reason.setText("Request by letter of 2 March")
    dialog.anonymise_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert number in page.message.text()
    page.search.setText(surname)
    page.apply_search()
    shown = [page.model.row(r) for r in range(page.model.rowCount())]
    assert number not in {r.number for r in shown if r is not None}
    with demo.session() as session:
        assert personal_data(session, ADMIN, number).anonymised


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_anonymise_says_the_services_refusal(qapp, demo: Database, open_page, lang) -> None:
    page = open_page(demo, ADMIN)
    with demo.session() as session:
        active = count_members(
            session, ADMIN, "", MemberFilter(statuses=frozenset({MemberStatus.ACTIVE}))
        )
    assert active
    status = page.filters.status
    status.setCurrentIndex(status.findData(MemberStatus.ACTIVE.value))
    page.select_row(0)
    apply_language(lang, qapp)
    dialog = page.anonymise_selected()
    assert dialog is not None
    dialog.reason.setText("Demande")
    dialog.confirm.setChecked(True)
    assert not dialog.save()
    expected = {"ar": "ما زال عضوا", "fr": "toujours membre"}[lang]
    assert expected in dialog.general_error.text() and dialog.isVisible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"anonymise-refused-{lang}.png"))


def test_retention_lists_then_anonymises(qtbot, demo: Database, open_page) -> None:
    page = open_page(demo, ADMIN)
    dialog = page.show_retention(today=LATER)
    assert isinstance(dialog, RetentionDialog)
    assert dialog.years.value() == 5  # the setting's default
    with demo.session() as session:  # the longest rule that finds someone: a short test
        years, expected = max(
            (y, found)
            for y in range(1, 30)
            if (found := retention_preview(session, ADMIN, y, today=LATER))
        )
    dialog.years.setValue(years)
    shown = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert shown == [c.number for c in expected]
    assert str(len(expected)) in dialog.apply_button.text()
    assert not dialog.apply_button.isEnabled()
    dialog.confirm.setChecked(True)
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)
    with demo.session() as session:
        assert retention_preview(session, ADMIN, years, today=LATER) == []
        assert all(personal_data(session, ADMIN, c.number).anonymised for c in expected)
    assert "anonymised" in page.message.text()


def _said(candidate: RetentionCandidate, gender: str) -> str:
    return gendered(STATUS_LABELS[MemberStatus(candidate.status)], gender)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_retention_dialog_in_both_languages(qapp, demo: Database, open_page, lang) -> None:
    page = open_page(demo, ADMIN)
    apply_language(lang, qapp)
    dialog = page.show_retention(today=LATER)
    dialog.years.setValue(2)
    title = {"ar": "الاحتفاظ", "fr": "Conservation"}[lang]
    assert title in dialog.windowTitle()
    # The period agrees with its number ("أكثر من 1 سنوات", "plus de 1 ans" were shown).
    for years, phrase in {"ar": ((1, "سنة واحدة"), (2, "سنتين"), (5, "5 سنوات")),
                          "fr": ((1, "1 an "), (2, "2 ans"))}[lang]:  # fmt: skip
        dialog.years.setValue(years)
        assert phrase in dialog.summary.text()
    # Each status in the member's gender, as the register says it ("Radiée", "متوفاة").
    dialog.years.setValue(1)
    women = [(r, c) for r, c in enumerate(dialog.candidates) if c.gender == "f"]
    assert any(_said(c, "f") != _said(c, "m") for _r, c in women)
    assert all(dialog.table.item(r, 3).text() == _said(c, "f") for r, c in women)
    dialog.years.setValue(2)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"retention-{lang}.png"))
