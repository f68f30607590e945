"""The settings page: the profile persists, refused values are shown by their field, the
language switches live, and each section shows only to those it concerns."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from nassij_desktop.core.association.authorities import AuthorityKind
from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.association.settings import get_setting
from nassij_desktop.core.attachments.services import attachment_bytes
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.users.services import authenticate, create_user
from nassij_desktop.i18n import current_language, translate_in
from nassij_desktop.reports.governance.layout import read_frame
from nassij_desktop.storage import Database
from nassij_desktop.ui.access.credentials import check_credentials
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.preferences import saved_language
from nassij_desktop.ui.settings.page import SettingsPage

pytestmark = [pytest.mark.gui]


@pytest.fixture
def owner(database: Database) -> AppContext:
    return AppContext(database, Actor(user_id=None, login="owner", role=Role.ADMIN))


@pytest.fixture
def page(qtbot: QtBot, owner: AppContext) -> SettingsPage:
    page = SettingsPage(owner)
    qtbot.addWidget(page)
    page.resize(820, 900)
    page.show()
    return page


@pytest.fixture(autouse=True)
def english_again(qapp: QApplication) -> object:
    yield
    apply_language("en")
    QApplication.processEvents()


def _edit(page: SettingsPage, name: str) -> QLineEdit:
    edit = page.findChild(QLineEdit, name)
    assert edit is not None
    return edit


def test_editing_the_association_name_persists(page: SettingsPage, owner: AppContext) -> None:
    assert _edit(page, "name_fr").text() == "Association Al Amal pour le développement"
    _edit(page, "name_fr").setText("Association Al Amal – Tiznit")
    _edit(page, "address_ar").setText("حي السلام، تيزنيت")
    page.profile.receipt_date.setText("12/03/2019")
    page.profile.save_button.click()
    assert page.profile.status.text() == "Saved."
    with owner.database.session() as session:
        association = get_association(session)
        assert association.name_fr == "Association Al Amal – Tiznit"
        assert association.address_ar == "حي السلام، تيزنيت"
        assert association.receipt_date == dt.date(2019, 3, 12)
    # A second save works: the page follows the record's new version.
    _edit(page, "city").setText("Tiznit ")
    assert page.profile.save() is True


def test_the_phone_is_stored_whole_and_shown_as_people_write_it(
    page: SettingsPage, owner: AppContext
) -> None:
    """0528851234 used to come back as +212528851234 in this form."""
    _edit(page, "phone").setText("0528851234")
    assert page.profile.save() is True
    with owner.database.session() as session:
        assert get_association(session).phone == "+212528851234"
    page.profile.load()
    assert _edit(page, "phone").text() == "05 28 85 12 34"


def test_invalid_rib_is_shown_next_to_the_field_and_nothing_is_written(
    page: SettingsPage, owner: AppContext
) -> None:
    _edit(page, "name_fr").setText("Un autre nom")
    _edit(page, "rib").setText("0117 8000 0012 3456 7890 1299")
    page.profile.save_button.click()
    messages = page.profile.errors.messages()
    assert list(messages) == ["rib"]
    label = page.profile.errors.label("rib")
    assert label is not None and label.isVisible()
    assert page.profile.status.text() == ""
    with owner.database.session() as session:
        association = get_association(session)
        assert association.name_fr == "Association Al Amal pour le développement"
        assert association.rib is None


def test_public_utility_needs_its_decree(page: SettingsPage) -> None:
    page.profile.public_utility.setChecked(True)
    page.profile.save_button.click()
    assert list(page.profile.errors.messages()) == ["public_utility_decree"]


def test_logo_is_stored_and_shown(page: SettingsPage, owner: AppContext, tmp_path: Path) -> None:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#1b6e3a"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    path = tmp_path / "logo.png"
    path.write_bytes(bytes(data.data()))
    assert page.profile.set_logo(path) is True
    assert not page.profile.logo.pixmap().isNull()
    with owner.database.session() as session:
        logo_id = get_association(session).logo_attachment_id
        assert logo_id is not None
        assert attachment_bytes(session, logo_id) == path.read_bytes()
    not_an_image = tmp_path / "notes.png"
    not_an_image.write_text("hello")
    assert page.profile.set_logo(not_an_image) is False
    assert list(page.profile.errors.messages()) == ["logo"]


def test_switching_to_arabic_retranslates_and_mirrors(qtbot: QtBot, page: SettingsPage) -> None:
    assert page.language.title() == "Language"
    page.language.setTitle("stale")  # only a retranslation puts a real title back
    page.profile.save_button.setText("stale")
    combo = page.language.combo
    combo.setCurrentIndex(combo.findData("ar"))
    qtbot.waitUntil(lambda: page.language.title() != "stale", timeout=10_000)
    assert current_language() == "ar"
    assert saved_language() == "ar"
    assert page.language.title() == translate_in("ar", "Language")
    assert page.profile.save_button.text() == translate_in("ar", "Save the profile")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert combo.currentData() == "ar"
    combo.setCurrentIndex(combo.findData("fr"))
    qtbot.waitUntil(lambda: QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight)
    assert saved_language() == "fr"


def test_lock_delay_and_hijri_offset_are_saved_in_the_file(
    qtbot: QtBot, page: SettingsPage, owner: AppContext
) -> None:
    assert page.file_settings.autolock.value() == 10
    page.file_settings.autolock.setValue(0)
    page.file_settings.hijri.setValue(-1)
    with qtbot.waitSignal(owner.signals.data_changed) as signal:
        page.file_settings.save_button.click()
    assert signal.args == [frozenset({Change.SETTINGS})]
    assert page.file_settings.autolock.text() == "never"
    with owner.database.session() as session:
        assert get_setting(session, "security.autolock_minutes") == 0
        assert get_setting(session, "dates.hijri_offset_days") == -1


def test_the_board_term_and_the_proxy_limit_are_saved_by_an_administrator(
    qtbot: QtBot, page: SettingsPage, owner: AppContext
) -> None:
    section = page.governance
    assert section.term_years.value() == 4  # the default term of the statutes
    assert section.proxies.value() == 1  # the statutes' usual rule
    assert section.proxies.isEnabled()
    assert "administrator" not in section.proxies_note.text()
    section.term_years.setValue(3)
    section.proxies.setValue(3)
    assert section.proxies.text() == "3 proxies"
    with qtbot.waitSignal(owner.signals.data_changed):
        section.save_button.click()
    with owner.database.session() as session:
        assert get_setting(session, "governance.term_years") == 3
        assert get_setting(session, "governance.max_proxies_per_holder") == 3
        entry = session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and json.loads(entry.after or "") == {
        "governance.max_proxies_per_holder": 3
    }
    section.proxies.setValue(0)
    assert section.proxies.text() == "no proxy"


def test_a_secretary_sees_the_proxy_limit_but_only_an_administrator_changes_it(
    qtbot: QtBot, database: Database
) -> None:
    secretary = AppContext(database, Actor(user_id=None, login="amina", role=Role.SECRETARY))
    page = SettingsPage(secretary)
    qtbot.addWidget(page)
    section = page.governance
    assert not section.isHidden()
    assert not section.proxies.isEnabled()
    assert "Only an administrator can change it." in section.proxies_note.text()
    section.term_years.setValue(5)  # the term stays the secretary's to set
    with qtbot.waitSignal(secretary.signals.data_changed):
        section.save_button.click()
    with database.session() as session:
        assert get_setting(session, "governance.term_years") == 5
        assert get_setting(session, "governance.max_proxies_per_holder") == 1


def test_sections_follow_permissions(qtbot: QtBot, database: Database) -> None:
    with database.transaction() as session:
        create_user(session, CLI_ACTOR, "admin", "Amina Admin", "admin-secret", Role.ADMIN)
        create_user(session, CLI_ACTOR, "yassine", "Yassine B.", "benevole-1", Role.VOLUNTEER)
    volunteer = check_credentials(database, "yassine", "benevole-1")
    page = SettingsPage(AppContext(database, volunteer.actor, volunteer.name))
    qtbot.addWidget(page)
    page.show()
    assert page.language.isVisible() and page.password.isVisible()
    assert not page.profile.isVisible() and not page.file_settings.isVisible()
    assert not page.privacy.isVisible() and not page.governance.isVisible()


def test_own_password_change_checks_the_current_one(qtbot: QtBot, database: Database) -> None:
    with database.transaction() as session:
        create_user(session, CLI_ACTOR, "admin", "Amina Admin", "admin-secret", Role.ADMIN)
    signed = check_credentials(database, "admin", "admin-secret")
    page = SettingsPage(AppContext(database, signed.actor, signed.name))
    qtbot.addWidget(page)
    section = page.password
    section.edits["old_password"].setText("guess")
    section.edits["password"].setText("nouveau-secret")
    section.edits["password_again"].setText("nouveau-secret")
    section.save_button.click()
    assert section.errors.messages() == {"old_password": "The current password is wrong."}
    section.edits["old_password"].setText("admin-secret")
    section.save_button.click()
    assert section.status.text() == "Your password was changed."
    with database.session() as session:
        assert authenticate(session, "admin", "nouveau-secret").login == "admin"


def test_the_local_authority_is_chosen_and_addresses_the_letters(
    page: SettingsPage, owner: AppContext, tmp_path: Path
) -> None:
    # The kind of authority the declarations go to: a pachalik's letters go to the pacha.
    combo = page.findChild(QComboBox, "authority_kind")
    assert combo is not None and combo.currentData() is None  # not said yet
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert "Pachalik (the pacha)" in labels and "Caïdat (the caïd)" in labels
    combo.setCurrentIndex(combo.findData("pachalik"))
    _edit(page, "authority_place").setText("Moulay Yacoub")
    assert page.profile.save() is True
    with owner.database.session() as session:
        association = get_association(session)
        assert association.authority_kind is AuthorityKind.PACHALIK
        assert association.authority_place == "Moulay Yacoub"
        frame = read_frame(session)
    assert frame.authority.kind is AuthorityKind.PACHALIK
    page.profile.load()
    assert combo.currentData() == "pachalik"
    # In Arabic the choices are said in Arabic.
    apply_language("ar")
    QApplication.processEvents()
    assert combo.currentText() == translate_in("ar", "Pachalik (the pacha)") == "باشوية (الباشا)"


def test_privacy_settings_are_saved_and_a_bad_number_is_shown_by_its_field(
    qtbot: QtBot, page: SettingsPage, owner: AppContext
) -> None:
    section = page.privacy
    assert section.isVisible() and section.retention.value() == 5
    _edit(page, "cndp_number").setText("رقم 12")  # not as the CNDP's receipt prints it
    _edit(page, "cndp_date").setText("15/03/2020")
    section.save_button.click()
    assert list(section.errors.messages()) == ["privacy.cndp_number"]
    label = section.errors.label("privacy.cndp_number")
    assert label is not None and label.isVisible()
    with owner.database.session() as session:  # one transaction: nothing written
        assert get_setting(session, "privacy.cndp_date") == ""
    _edit(page, "cndp_number").setText("D-GC-258/2019")
    _edit(page, "contact_email").setText("donnees@alamal.ma")
    section.kind.setCurrentIndex(section.kind.findData("authorisation"))
    section.retention.setValue(8)
    with qtbot.waitSignal(owner.signals.data_changed):
        section.save_button.click()
    assert section.status.text() == "Saved."
    with owner.database.session() as session:
        assert get_setting(session, "privacy.cndp_number") == "D-GC-258/2019"
        assert get_setting(session, "privacy.cndp_date") == "2020-03-15"
        assert get_setting(session, "privacy.cndp_kind") == "authorisation"
        assert get_setting(session, "privacy.contact_email") == "donnees@alamal.ma"
        assert get_setting(session, "privacy.retention_years") == 8
