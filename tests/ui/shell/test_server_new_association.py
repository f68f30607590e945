"""The first computer of the shared mode, from the window: a database on the server that
holds no association gets one created there (the first-run assistant's form and its
administrator, through the same service as `nassij --db URL init`), then opens; a database
holding other tables is refused. And the password this computer does not have is asked for:
a wrong one says so and asks again, Cancel gives up without a trace."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
import sqlalchemy as sa
from PySide6.QtWidgets import QWidget, QWizard

from nassij_desktop.core.association.services import AssociationProfile, get_association
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import open_database, server
from nassij_desktop.ui.shell.controller import Shell
from nassij_desktop.ui.startup.assistant import FirstRunAssistant, PageId
from nassij_desktop.ui.startup.password_dialog import ServerPasswordDialog
from nassij_desktop.ui.startup.server_dialog import ServerDialog
from tests.postgres import (
    FileKeyring,
    as_role,
    fresh_database,
    guide_database,
    password_role,
    table_names,
)

pytestmark = [pytest.mark.gui]

ADMIN_PASSWORD = "first-admin-password"


def _settings(url: str) -> server.ServerSettings:
    parsed = sa.make_url(url)
    return server.ServerSettings(
        host=str(parsed.query["host"]),
        port=int(str(parsed.query["port"])),
        database=parsed.database or "",
        user=parsed.username or "",
        tls=False,
    )


def _close(qtbot, shell: Shell) -> None:  # type: ignore[no-untyped-def]
    """The window gone before its database is dropped."""
    window = shell.window
    shell.close()
    if window is not None:
        qtbot.waitUntil(lambda: not shiboken6.isValid(window))


def _fill_the_association(widget: QWidget) -> None:
    """The assistant, started at the association's form for the server (no file asked)."""
    assert isinstance(widget, FirstRunAssistant), widget
    assert widget.currentId() == PageId.PROFILE
    profile = widget.profile_page
    assert not profile.path.isVisible()  # a server's database has no file
    assert "server" in profile.subTitle()
    profile.name_ar.setText("جمعية النور")
    profile.name_fr.setText("Association Annour")
    profile.city.setText("Tiznit")
    widget.next()
    admin = widget.admin_page
    admin.full_name.setText("Karima Idrissi")
    admin.password.setText(ADMIN_PASSWORD)
    admin.password_again.setText(ADMIN_PASSWORD)
    widget.button(QWizard.WizardButton.FinishButton).click()


@pytest.fixture
def no_association(postgres_url: str) -> Iterator[str]:
    """A database with the structure but no association (as the migrations leave an empty
    one: `ServerCheck` "unset", offered the creation as an empty one)."""
    with fresh_database(postgres_url, "ui_new_assoc", at_head=True) as url:
        yield url


def test_an_empty_database_gets_a_new_association_and_opens_on_it(
    qtbot, modal, english_interface, no_association: str
) -> None:
    url = no_association
    shell = Shell()

    def connect(widget: QWidget) -> None:
        assert isinstance(widget, ServerDialog), widget
        widget.fill(_settings(url))
        first = widget.connect_to_server()
        assert first is not None
        qtbot.waitUntil(lambda: first.done, timeout=10_000)
        assert widget.isVisible()  # not opened: said, and offered
        assert "holds no association yet" in widget.status.text()
        assert "Move this association" in widget.status.text()  # the other way, named
        assert widget.connect_button.text() == "Create a new association in this database"
        widget.connect_button.click()
        qtbot.waitUntil(lambda: not widget.isVisible(), timeout=10_000)

    modal.then(connect).then(_fill_the_association)
    try:
        assert shell.connect_to_server()
        window = shell.window
        assert window is not None and shell.opened is not None and shell.opened.on_server
        assert window.context.actor.login == "admin"  # signed in as the one just made
        with window.context.database.session() as session:
            association = get_association(session)
        assert association.name_fr == "Association Annour"
        assert association.city == "Tiznit"
        assert "ui_new_assoc" in window.windowTitle()
    finally:
        _close(qtbot, shell)


def test_a_database_holding_other_tables_is_refused(
    qtbot, english_interface, postgres_url: str
) -> None:
    with fresh_database(postgres_url, "ui_foreign") as url:
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE stock (id integer)")
        engine.dispose()
        dialog = ServerDialog()
        qtbot.addWidget(dialog)
        dialog.fill(_settings(url))
        operation = dialog.connect_to_server()
        assert operation is not None
        qtbot.waitUntil(lambda: operation.done, timeout=10_000)
        text = dialog.status.text()
        assert "already holds other data" in text and "stock" in text, text
        assert dialog.result_url is None and dialog.connect_button.text() == "Connect"
        engine = sa.create_engine(url)
        with engine.connect() as connection:  # nothing was created in it
            assert sa.inspect(connection).get_table_names() == ["stock"]
        engine.dispose()


@pytest.fixture
def guarded_db(postgres_url: str) -> Iterator[str]:
    """An association on the server, opened by a role that must give its password."""
    with (
        password_role(postgres_url, "ui_guarded", "right-password") as role_url,
        fresh_database(postgres_url, "ui_guarded_db", at_head=True) as url,
    ):
        database = open_database(url)
        with database.transaction() as session:
            create_association(
                session, CLI_ACTOR, AssociationProfile(name_ar="جمعية الأمل", name_fr="Al Amal")
            )
        database.close()
        yield role_url.replace("/nassij_test?", "/ui_guarded_db?")


def _type_password(password: str, *, refused: bool, remember: bool = True):  # type: ignore[no-untyped-def]
    def handler(widget: QWidget) -> None:
        assert isinstance(widget, ServerPasswordDialog), widget
        assert "ui_guarded_db" in widget.intro.text() and "ui_guarded" in widget.intro.text()
        assert widget.problem.isVisibleTo(widget) == refused
        widget.edit.setText(password)
        widget.remember_box.setChecked(remember)
        widget.open_button.click()

    return handler


def test_a_missing_password_is_asked_again_when_wrong_then_kept(
    qtbot, modal, english_interface, guarded_db: str, file_keyring: FileKeyring
) -> None:
    shell = Shell()
    modal.then(_type_password("wrong", refused=False))
    modal.then(_type_password("right-password", refused=True))
    try:
        assert shell.open_target(guarded_db)  # as from the recent list or the command line
        assert shell.window is not None
        assert server.stored_password(guarded_db) == "right-password"
        assert "wrong" not in file_keyring.path.read_text()
    finally:
        _close(qtbot, shell)
    shell = Shell()
    try:  # the next time, from the keyring: nothing asked
        assert shell.open_target(guarded_db)
        assert [title for title, _text in modal.seen] == [
            "Password of the shared database",
            "Password of the shared database",
        ]
    finally:
        _close(qtbot, shell)


def test_cancel_gives_up_and_without_a_password_store_nothing_is_offered_to_keep(
    qtbot, modal, english_interface, guarded_db: str
) -> None:
    def cancel(widget: QWidget) -> None:
        assert isinstance(widget, ServerPasswordDialog), widget
        assert not widget.remember_box.isChecked() and not widget.remember_box.isEnabled()
        assert widget.no_store.isVisibleTo(widget)
        widget.cancel_button.click()

    modal.then(cancel)
    shell = Shell()
    try:
        assert not shell.open_target(guarded_db)
        assert shell.window is None and shell.opened is None
        assert [text for _title, text in modal.seen] == [""]  # no error box, no traceback
    finally:
        shell.close()


def test_from_the_first_run_assistant_an_empty_database_leads_to_the_form_and_back(
    qtbot, modal, english_interface, no_association: str
) -> None:
    assistant = FirstRunAssistant(ask_language=False)
    qtbot.addWidget(assistant)
    assistant.show()

    def connect_twice(widget: QWidget) -> None:
        assert isinstance(widget, ServerDialog), widget
        widget.fill(_settings(no_association))
        first = widget.connect_to_server()
        assert first is not None
        qtbot.waitUntil(lambda: first.done, timeout=10_000)
        widget.connect_button.click()

    modal.then(connect_twice)
    assistant.choice_page.server_button.click()
    assert assistant.currentId() == PageId.PROFILE and assistant.server_target is not None
    assert not assistant.profile_page.path.isVisible()
    assert not assistant.button(QWizard.WizardButton.NextButton).isEnabled()  # names missing
    assistant.back()  # another choice after all: a file again
    assert assistant.currentId() == PageId.CHOICE and assistant.server_target is None
    assistant.next()
    assert assistant.currentId() == PageId.PROFILE
    assert assistant.profile_page.path.isVisible() and assistant.profile_page.path.text()


@pytest.fixture
def blank_database(postgres_url: str) -> Iterator[str]:
    """A database without a table, as the server's administrator makes it (createdb)."""
    with fresh_database(postgres_url, "ui_blank") as url:
        yield url


def test_a_database_without_a_table_opened_directly_is_left_as_it_is_until_the_user_creates(
    qtbot, modal, english_interface, blank_database: str
) -> None:
    """From the recent list or the command line (not the dialog, which tests first): the
    question comes before anything is made in the database."""
    modal.press("Cancel")
    shell = Shell()
    try:
        assert not shell.open_target(blank_database)
        assert shell.window is None and shell.opened is None
        assert table_names(blank_database) == []  # declined: nothing was made in it
    finally:
        shell.close()
    modal.press("Create a new association in this database").then(_fill_the_association)
    shell = Shell()
    try:
        assert shell.open_target(blank_database)
        asked = [text for _title, text in modal.seen[:2]]
        assert all("holds no association yet" in t and "ui_blank" in t for t in asked), asked
        window = shell.window
        assert window is not None and window.context.actor.login == "admin"
        with window.context.database.session() as session:
            assert get_association(session).name_fr == "Association Annour"
    finally:
        _close(qtbot, shell)


@pytest.fixture
def guide_db(postgres_url: str) -> Iterator[str]:
    """An empty database and its two roles, as the set-up guide makes them."""
    with guide_database(postgres_url, "ui_guide_db") as url:
        yield url


def test_the_daily_role_is_told_to_use_the_owner_before_any_detail_is_asked(
    qtbot, english_interface, guide_db: str
) -> None:
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    dialog.fill(_settings(as_role(guide_db, "nassij_app")))
    tested = dialog.test_connection()
    assert tested is not None
    qtbot.waitUntil(lambda: tested.done, timeout=10_000)
    said = dialog.status.text()
    assert "may not create tables" in said and "nassij_owner" in said, said
    assert dialog.connect_button.text() == "Connect"  # no creation offered
    connected = dialog.connect_to_server()
    assert connected is not None
    qtbot.waitUntil(lambda: connected.done, timeout=10_000)
    assert dialog.status.text() == said and dialog.result_url is None  # not accepted
    assert "permission denied" not in said
    assert table_names(guide_db) == []


def _assistant_for(qtbot, url: str, password: str) -> FirstRunAssistant:  # type: ignore[no-untyped-def]
    assistant = FirstRunAssistant(ask_language=False, server=sa.make_url(url))
    qtbot.addWidget(assistant)
    assistant.show()
    profile = assistant.profile_page
    profile.name_ar.setText("جمعية النور")
    profile.name_fr.setText("Association Annour")
    assistant.next()
    admin = assistant.admin_page
    admin.full_name.setText("Karima Idrissi")
    admin.password.setText(password)
    admin.password_again.setText(password)
    assistant.button(QWizard.WizardButton.FinishButton).click()
    return assistant


def test_a_creation_failing_at_the_administrator_leaves_the_database_empty(
    qtbot, english_interface, postgres_url: str
) -> None:
    with fresh_database(postgres_url, "ui_create_fails") as url:
        # Refused after the migrations ran in the same transaction: said by its field.
        assistant = _assistant_for(qtbot, url, "short")
        operation = assistant.operation
        assert operation is not None and operation.running  # off the screen's thread
        qtbot.waitUntil(lambda: operation.done, timeout=15_000)
        assert assistant.isVisible() and assistant.result_server is None
        assert "8" in assistant.admin_page.errors.messages().get("password", "")
        assert table_names(url) == []  # the structure went with the failure


def test_the_creation_runs_on_a_worker_with_its_progress(
    qtbot, english_interface, no_association: str
) -> None:
    assistant = _assistant_for(qtbot, no_association, ADMIN_PASSWORD)
    operation = assistant.operation
    assert operation is not None and operation.running  # the window stays responsive
    assert assistant.isVisible()
    qtbot.waitUntil(lambda: operation.done, timeout=15_000)
    assert assistant.result() == FirstRunAssistant.DialogCode.Accepted
    assert assistant.result_server is not None
    assert assistant.result_credentials == ("admin", ADMIN_PASSWORD)
    said = operation.progress.state().message
    assert said == "Creating the association and its administrator…"
    database = open_database(no_association)
    try:
        with database.session() as session:
            assert get_association(session).name_fr == "Association Annour"
    finally:
        database.close()
