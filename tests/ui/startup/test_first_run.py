"""The first-run assistant, driven as a person would: language, then what to open."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QRadioButton, QWidget, QWizard

from nassij_desktop import paths
from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.attachments.services import attachment_bytes
from nassij_desktop.core.common.progress import Cancelled, Progress
from nassij_desktop.core.members.models import Member
from nassij_desktop.core.users.services import authenticate
from nassij_desktop.i18n import translate_in
from nassij_desktop.storage import open_database
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.preferences import saved_language
from nassij_desktop.ui.startup.assistant import Choice, FirstRunAssistant, PageId
from nassij_desktop.ui.startup.creation import create_demo_file

pytestmark = [pytest.mark.gui]


@pytest.fixture
def assistant(qtbot, qapp):  # type: ignore[no-untyped-def]
    apply_language("en", qapp)
    wizard = FirstRunAssistant()
    qtbot.addWidget(wizard)
    wizard.show()
    yield wizard
    apply_language("en", qapp)


def _deliver() -> None:
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def _logo(tmp_path: Path) -> Path:
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor("#1b7f5b"))
    path = tmp_path / "logo.png"
    assert image.save(str(path))
    return path


def test_choosing_a_language_translates_and_mirrors_the_assistant_at_once(
    assistant: FirstRunAssistant,
) -> None:
    assistant.language_page.buttons["fr"].click()
    _deliver()
    assert saved_language() == "fr"
    assert assistant.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert assistant.language_page.title() == translate_in("fr", "Welcome to Nassij Desktop")
    assistant.language_page.buttons["ar"].click()
    _deliver()
    assert assistant.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert assistant.language_page.title() == translate_in("ar", "Welcome to Nassij Desktop")
    assert any("\u0600" <= c <= "\u06ff" for c in assistant.language_page.title())
    assert assistant.buttonText(QWizard.WizardButton.NextButton) == translate_in("ar", "Next")
    assistant.language_page.buttons["en"].click()
    _deliver()
    assert assistant.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_first_run_creates_the_association_with_its_logo_and_administrator(
    assistant: FirstRunAssistant, tmp_path: Path
) -> None:
    assistant.next()
    assert assistant.currentId() == PageId.CHOICE
    assistant.choice_page.options[Choice.NEW][0].click()
    assistant.next()
    profile = assistant.profile_page
    assert assistant.currentId() == PageId.PROFILE
    assert Path(profile.path.text()) == paths.default_database()
    assert not assistant.button(QWizard.WizardButton.NextButton).isEnabled()  # names missing
    profile.name_ar.setText("جمعية النور للتنمية")
    profile.name_fr.setText("Association Annour pour le développement")
    profile.city.setText("Tiznit")
    profile.region.setCurrentIndex(profile.region.findData("09"))
    # The authority its declarations go to: Tiznit has a pachalik (letters to the pacha).
    profile.authority_kind.setCurrentIndex(profile.authority_kind.findData("pachalik"))
    profile.authority_place.setText("Tiznit")
    profile.phone.setText("0528 86 12 34")
    profile.email.setText("contact@annour.ma")
    profile.receipt_number.setText("125/2019")
    profile.receipt_date.setDate(QDate(2019, 4, 11))
    assert profile.set_logo(_logo(tmp_path))
    assistant.next()
    admin = assistant.admin_page
    assert assistant.currentId() == PageId.ADMIN
    admin.full_name.setText("Amina Idrissi")
    admin.password.setText("une-phrase-longue")
    admin.password_again.setText("une-phrase-longue")
    assistant.button(QWizard.WizardButton.FinishButton).click()

    assert assistant.result() == QWizard.DialogCode.Accepted
    assert assistant.result_path == paths.default_database()
    database = open_database(paths.default_database(), create=False)
    try:
        with database.transaction() as session:
            association = get_association(session)
            assert association.name_fr == "Association Annour pour le développement"
            assert association.region_code == "09" and association.city == "Tiznit"
            assert association.authority_kind == "pachalik"
            assert association.authority_place == "Tiznit"
            assert association.phone and association.phone.endswith("528861234")
            assert association.receipt_number == "125/2019"
            assert str(association.receipt_date) == "2019-04-11"
            assert association.logo_attachment_id is not None
            logo = attachment_bytes(session, association.logo_attachment_id)
            assert logo == (tmp_path / "logo.png").read_bytes()
            actor = authenticate(session, "admin", "une-phrase-longue")
            assert actor.role.value == "admin"
    finally:
        database.close()


def test_different_passwords_are_caught_before_anything_is_written(
    assistant: FirstRunAssistant,
) -> None:
    assistant.next()
    assistant.next()
    assistant.profile_page.name_ar.setText("جمعية النور")
    assistant.profile_page.name_fr.setText("Association Annour")
    assistant.next()
    admin = assistant.admin_page
    admin.full_name.setText("Amina Idrissi")
    admin.password.setText("une-phrase-longue")
    admin.password_again.setText("une-phrase-longue!")
    assistant.button(QWizard.WizardButton.FinishButton).click()
    assert assistant.isVisible() and assistant.currentId() == PageId.ADMIN
    # Beside the field it is about, not at the bottom of the page.
    assert "not the same" in admin.errors.messages()["password_again"]
    assert_beside(admin, "password_again", admin.password_again)
    assert not paths.default_database().exists()


def assert_beside(page: QWidget, field: str, editor: QWidget) -> None:
    """The message of `field` is shown right under its editor, and nothing at the bottom."""
    label = page.errors.label(field)  # type: ignore[attr-defined]
    assert label is not None and label.isVisibleTo(page) and label.text()
    top = label.mapTo(page, label.rect().topLeft()).y()
    under = editor.mapTo(page, editor.rect().bottomLeft()).y()
    assert 0 <= top - under <= 12, (top, under)
    assert not page.error.isVisibleTo(page), "no message left at the bottom of the page"  # type: ignore[attr-defined]


def test_a_wrong_phone_sends_the_user_back_to_the_profile_and_leaves_no_file(
    qtbot, assistant: FirstRunAssistant
) -> None:
    assistant.next()
    assistant.next()
    profile = assistant.profile_page
    profile.name_ar.setText("جمعية النور")
    profile.name_fr.setText("Association Annour")
    profile.phone.setText("12")
    assistant.next()
    admin = assistant.admin_page
    admin.full_name.setText("Amina Idrissi")
    admin.password.setText("une-phrase-longue")
    admin.password_again.setText("une-phrase-longue")
    assistant.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: assistant.currentId() == PageId.PROFILE)
    assert set(profile.errors.messages()) == {"phone"}, "the service's message by its field"
    assert_beside(profile, "phone", profile.phone)
    assert profile.phone.hasFocus() or not assistant.isActiveWindow()
    assert not paths.default_database().exists()


def test_an_existing_file_is_never_overwritten(assistant: FirstRunAssistant) -> None:
    paths.default_database().write_bytes(b"precious")
    assistant.next()
    assistant.next()
    profile = assistant.profile_page
    assert Path(profile.path.text()).name == "association-2.sqlite"  # a free name proposed
    profile.path.setText(str(paths.default_database()))
    profile.name_ar.setText("جمعية النور")
    profile.name_fr.setText("Association Annour")
    assistant.next()
    assert assistant.currentId() == PageId.PROFILE
    assert "already exists" in profile.errors.messages()["path"]
    assert_beside(profile, "path", profile.path)
    assert paths.default_database().read_bytes() == b"precious"


def test_open_an_existing_file_returns_it(assistant: FirstRunAssistant, database) -> None:  # type: ignore[no-untyped-def]
    assistant.next()
    assistant.choice_page.options[Choice.OPEN][0].click()
    assistant.next()
    assert assistant.currentId() == PageId.OPEN
    assistant.open_page.path.setText(str(database.path))
    assistant.button(QWizard.WizardButton.FinishButton).click()
    assert assistant.result_path == database.path


def test_the_demo_is_announced_as_such_and_filled_with_members(
    qtbot, assistant: FirstRunAssistant
) -> None:
    assistant.next()
    assistant.choice_page.options[Choice.DEMO][0].click()
    assert "Never use it for real records" in assistant.choice_page.options[Choice.DEMO][1].text()
    assistant.next()
    assert assistant.currentId() == PageId.DEMO
    assert "DEMO" in assistant.demo_page.notice.text()
    assert "demo-password" in assistant.demo_page.details.text()
    assistant.button(QWizard.WizardButton.FinishButton).click()
    operation = assistant.demo_page.operation
    assert operation is not None and not operation.done  # written on a worker
    assistant.reject()  # closing under the work is refused: it is cancelled in its dialog
    assert assistant.isVisible()
    qtbot.waitUntil(lambda: operation.done, timeout=120_000)
    assert assistant.result() == QWizard.DialogCode.Accepted and not assistant.isVisible()
    assert assistant.result_choice is Choice.DEMO and assistant.result_path is not None
    assert assistant.result_path.parent == paths.data_dir()
    database = open_database(assistant.result_path, create=False)
    try:
        with database.session() as session:
            assert session.scalar(sa.select(sa.func.count(Member.id))) >= 300
    finally:
        database.close()


def test_a_cancelled_demo_leaves_no_file(tmp_path: Path) -> None:
    progress = Progress()
    progress.cancel()  # as the user pressing Cancel before the first phase
    path = tmp_path / "demo.sqlite"
    with pytest.raises(Cancelled):
        create_demo_file(path, members=40, progress=progress)
    assert list(tmp_path.iterdir()) == []


def test_without_the_language_question_only_the_current_page_is_drawn(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    """File › New association… and Cancel at the login prompt open the assistant without its
    language page, which used to be drawn over the others, its radio buttons still live."""
    apply_language("en", qapp)
    wizard = FirstRunAssistant(ask_language=False)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    assert wizard.currentId() == PageId.CHOICE
    visible = [b for b in wizard.findChildren(QRadioButton) if b.isVisible()]
    assert visible and all(wizard.choice_page.isAncestorOf(b) for b in visible)
    assert not any(
        b.objectName().startswith("language-") for b in wizard.findChildren(QRadioButton)
    )
