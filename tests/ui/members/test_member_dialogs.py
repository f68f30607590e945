"""Adding, editing, status changes and dues through the member dialogs, on real files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from nassij_desktop.core.books.models import JournalEntry
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.common.validators import parse_money, validate_email
from nassij_desktop.core.governance.history import person_of
from nassij_desktop.core.members.models import Member, MemberStatus
from nassij_desktop.core.members.search import count_members
from nassij_desktop.core.members.services import (
    MemberData,
    create_member,
    get_member,
    list_dues,
)
from nassij_desktop.reports.governance.layout import address_text
from nassij_desktop.storage import Database

pytestmark = [pytest.mark.gui]
SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
PRESIDENT = Actor(user_id=None, login="hassan", role=Role.ADMIN)


@pytest.fixture
def khadija(database: Database) -> int:
    with database.transaction() as session:
        return create_member(
            session,
            SECRETARY,
            MemberData(
                last_name_ar="الإدريسي",
                first_name_ar="خديجة",
                last_name_lat="El Idrissi",
                first_name_lat="Khadija",
                phone="0612345678",
                city="Tiznit",
                join_date=dt.date(2024, 1, 10),
            ),
        ).id


def member_count(database: Database) -> int:
    with database.session() as session:
        return count_members(session, SECRETARY)


def fill(dialog, **values: str) -> None:
    for name, value in values.items():
        dialog.line(name).setText(value)


def test_adding_a_member_through_the_form_writes_it(qtbot, database: Database, open_page) -> None:
    page = open_page(database)
    assert page.model.rowCount() == 0
    dialog = page.add_member()
    fill(
        dialog,
        last_name_ar="بن علي",
        first_name_ar="أحمد",
        last_name_lat="Ben Ali",
        first_name_lat="Ahmed",
        phone="06 61 23 45 67",
        email="ahmed@example.ma",
        city="Tiznit",
        id_number="jb 123456",
    )
    dialog.consent.setChecked(True)  # fills today's date and the usual scope
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.session() as session:
        member = session.scalars(sa.select(Member)).one()
        assert (member.last_name_lat, member.phone, member.id_number) == (
            "Ben Ali",
            "+212661234567",
            "JB123456",
        )
        assert member.consent_date == clock.today() and member.consent_scope
    assert page.model.rowCount() == 1, "the list shows the new member"
    assert member.number in page.message.text()


def test_a_wrong_email_and_phone_are_shown_under_their_fields(
    qtbot, database: Database, open_page
) -> None:
    page = open_page(database)
    dialog = page.add_member()
    fill(dialog, last_name_lat="Tazi", first_name_lat="Omar", email="omar@", phone="12")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    messages = dialog.errors.messages()
    with pytest.raises(ValidationError) as email_error:
        validate_email("omar@")
    assert messages["email"] == email_error.value.message
    assert "phone" in messages
    assert dialog.errors.label("email").isVisible() and dialog.errors.label("phone").isVisible()
    assert member_count(database) == 0, "nothing is written until the form is valid"


def test_a_missing_name_is_reported_by_the_service_under_the_name(
    qtbot, database: Database, open_page
) -> None:
    page = open_page(database)
    dialog = page.add_member()
    fill(dialog, city="Agadir")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.label("last_name_ar").isVisible()
    assert member_count(database) == 0


def test_ctrl_z_undoes_the_last_edit(qtbot, database: Database, khadija: int, open_page) -> None:
    page = open_page(database)
    page.select_row(0)
    dialog = page.edit_selected()
    dialog.line("city").setText("Agadir")
    dialog.line("email").setText("khadija@example.ma")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with database.session() as session:
        assert get_member(session, SECRETARY, khadija).city == "Agadir"
    page.activateWindow()  # the dialog had the focus
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus, timeout=10_000)
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with database.session() as session:
        restored = get_member(session, SECRETARY, khadija)
    assert (restored.city, restored.email) == ("Tiznit", None)
    assert not page.undo_last_edit(), "only the last edit, once"


def test_a_status_change_needs_a_reason_for_an_exclusion(
    qtbot, database: Database, khadija: int, open_page
) -> None:
    page = open_page(database)
    page.select_row(0)
    dialog = page.change_status()
    dialog.status.select(MemberStatus.EXCLUDED.value)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.label("reason").isVisible()
    dialog.status.select(MemberStatus.RESIGNED.value)
    dialog.date.set_date(dt.date(2025, 6, 30))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with database.session() as session:
        member = get_member(session, SECRETARY, khadija)
    assert (member.status, member.status_since) == (MemberStatus.RESIGNED, dt.date(2025, 6, 30))


def test_recording_dues_gives_a_receipt_and_a_balanced_entry(
    qtbot, database: Database, khadija: int, open_page
) -> None:
    page = open_page(database)
    page.select_row(0)
    dialog = page.record_dues()
    assert parse_money(dialog.amount.text()) == Decimal(100), "the usual dues of the category"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with database.session() as session:
        (dues,) = list_dues(session, SECRETARY, khadija)
        entry = session.get(JournalEntry, dues.journal_entry_id)
        debits = sum(line.debit for line in entry.lines)
        credits = sum(line.credit for line in entry.lines)
    assert dues.amount == Decimal("100.00") and debits == credits == Decimal("100.00")
    assert dialog.receipt.isVisible() and dues.receipt_number in dialog.receipt.text()
    assert dialog.print_button.isVisible() and dialog.save_button.isHidden()


def test_the_dues_just_recorded_are_listed_above_their_receipt(
    qtbot, database: Database, khadija: int, open_page
) -> None:
    """The dialog said "No dues recorded yet." right above "Dues of 2026 recorded: …"."""
    page = open_page(database)
    page.select_row(0)
    dialog = page.record_dues()
    assert dialog.paid_before.text() == "No dues recorded yet."
    year = dialog.year.value()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.receipt.isVisible()
    assert dialog.paid_before.text() == f"Dues already recorded for: {year}"


def test_a_wrong_amount_is_shown_under_the_amount(
    qtbot, database: Database, khadija: int, open_page
) -> None:
    page = open_page(database)
    page.select_row(0)
    dialog = page.record_dues()
    dialog.amount.setText("abc")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.label("amount").isVisible()
    with database.session() as session:
        assert list_dues(session, SECRETARY, khadija) == []


def test_the_receipt_and_the_cards_are_written_as_pdf(
    tmp_path, database: Database, khadija: int, open_page
) -> None:
    pytest.importorskip("nassij_desktop.reports.receipts.dues_receipt")
    pytest.importorskip("nassij_desktop.reports.members.member_cards")
    from nassij_desktop.ui.members.printing import write_report

    page = open_page(database)
    page.select_row(0)
    dialog = page.record_dues()
    dialog.save()
    receipt = write_report(
        page.context, "dues-receipt", tmp_path / "r.pdf", record_id=dialog.dues.id
    )
    cards = write_report(page.context, "member-card", tmp_path / "c.pdf", member_ids=(khadija,))
    assert receipt.read_bytes().startswith(b"%PDF") and cards.read_bytes().startswith(b"%PDF")


def test_what_was_done_follows_the_language_and_goes_away(
    qtbot, database: Database, open_page, khadija: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Member 000001 saved." used to stay on the page for ever, in the language it was said
    in, after switching the interface to another one."""
    from nassij_desktop.ui.common.feedback import Feedback
    from nassij_desktop.ui.common.language import apply_language

    monkeypatch.setattr(Feedback, "SHOWN_MS", 1500)  # 12 s in the application
    apply_language("fr")
    page = open_page(database)
    page.show()
    page.select_row(0)
    dialog = page.edit_selected()
    dialog.line("city").setText("Agadir")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.message.isVisible() and "enregistré" in page.message.text()
    try:
        apply_language("ar")
        assert "enregistré" not in page.message.text()
        # The number is isolated, so it keeps its place in the Arabic sentence.
        assert "\u2066000001\u2069" in page.message.text() and "العضو" in page.message.text()
    finally:
        apply_language("fr")
    assert "enregistré" in page.message.text()
    qtbot.waitUntil(lambda: not page.message.isVisible(), timeout=5000)

    # A refusal is a sentence said once: a language switch takes it away.
    page.message.fail("Refusé.")
    assert page.message.isVisible()
    try:
        apply_language("ar")
        assert not page.message.isVisible()
    finally:
        apply_language("fr")


def test_an_unusual_cin_is_kept_with_a_hint_to_check_it(
    qtbot, database: Database, open_page
) -> None:
    """ "ZZ" was accepted as a CIN without a word."""
    page = open_page(database)
    dialog = page.add_member()
    fill(dialog, last_name_lat="Tazi", first_name_lat="Omar", id_number="ZZ")
    dialog.line("id_number").editingFinished.emit()
    hint = dialog.errors.label("id_number")
    assert hint is not None and hint.isVisibleTo(dialog) and "CIN" in hint.text()
    dialog.line("id_number").setText("JB123456")
    dialog.line("id_number").editingFinished.emit()
    assert not hint.isVisibleTo(dialog)
    dialog.line("id_number").setText("ZZ")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted, "a hint, not a refusal"
    with database.session() as session:
        assert session.scalars(sa.select(Member.id_number)).one() == "ZZ"


def test_the_address_is_typed_in_both_scripts_each_in_its_direction(
    qtbot, database: Database, open_page
) -> None:
    page = open_page(database)
    dialog = page.add_member()
    assert dialog.line("address_ar").layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert dialog.line("address").layoutDirection() == Qt.LayoutDirection.LeftToRight
    fill(
        dialog,
        last_name_ar="بن علي",
        first_name_ar="أحمد",
        last_name_lat="Ben Ali",
        first_name_lat="Ahmed",
        address_ar="12، زنقة الأطلس، حي السلام",
        address="12, rue Atlas, quartier Essalam",
        city="Tiznit",
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    with database.session() as session:
        member = session.scalars(sa.select(Member)).one()
        person = person_of(member)
    assert (member.address_ar, member.address) == (
        "12، زنقة الأطلس، حي السلام",
        "12, rue Atlas, quartier Essalam",
    )
    # Each document prints the one in its language, with the city in the same script.
    assert address_text(person, "ar") == "12، زنقة الأطلس، حي السلام، تيزنيت"
    assert address_text(person, "fr") == "12, rue Atlas, quartier Essalam, Tiznit"
