"""Settings ▸ Protection of the file: an administrator protects the open file with the users'
passwords (the dialog checks their own), the file is converted and opened again with its
password, its members there; then removes the protection the same way."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from nassij_desktop import paths
from nassij_desktop.storage import encryption
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.shell.controller import Shell
from nassij_desktop.ui.shell.main_window import MainWindow
from nassij_desktop.ui.shell.protection import ProtectionDialog
from tests.support import DemoFile

pytestmark = [pytest.mark.gui]
SHOTS = Path("/tmp/shots/cipherui")
PASSWORD = "demo-password"  # the demo's accounts


def _readable_by_sqlite(path: Path) -> bool:
    try:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("SELECT count(*) FROM member").fetchone()
    except sqlite3.DatabaseError:
        return False
    return True


def _members_shown(qtbot, window: MainWindow) -> int:  # type: ignore[no-untyped-def]
    assert window.show_page("members")
    page = window.page("members")
    assert page is not None
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)  # type: ignore[attr-defined]
    return int(page.model.rowCount())  # type: ignore[attr-defined]


def _shots(qapp, dialog: ProtectionDialog, name: str) -> None:  # type: ignore[no-untyped-def]
    if not os.environ.get("NASSIJ_SHOTS"):
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("ar", "fr"):
        apply_language(lang, qapp)
        dialog.adjustSize()
        dialog.grab().save(str(SHOTS / f"{name}-{lang}.png"))
    apply_language("en", qapp)


def test_protecting_the_file_from_the_settings_then_removing_the_protection(
    qtbot, qapp, modal, shell: Shell, demo_file: DemoFile
) -> None:
    path = demo_file(members=60, seed=3)  # the demo a dozen modules share: built once per run
    modal.sign_in("admin", PASSWORD)
    assert shell.open_file(path)
    window = shell.window
    assert window is not None and not window.context.database.encrypted
    assert "protected" not in window.windowTitle() and window.protection_action.isVisible()
    assert window.show_page("settings")
    settings = window.page("settings")
    section = settings.protection  # type: ignore[union-attr]
    assert section.isVisibleTo(settings) and "not protected" in section.state.text()

    def protect(widget: QWidget) -> None:
        assert isinstance(widget, ProtectionDialog) and widget.protect
        assert "benevole" in widget.others.text()  # wrapped at its next password reset
        assert "If every administrator forgets" in widget.explanation.text()
        assert f"{path.name}.keys" in widget.explanation.text()
        _shots(qapp, widget, "protect")
        widget.password_edit.setText("not my password")
        widget.ok_button.click()
        assert widget.isVisible() and "wrong" in widget.errors.messages()["password"]
        widget.password_edit.setText(PASSWORD)
        widget.ok_button.click()

    # The dialog, then the protected file's password when it opens again, then the news.
    modal.then(protect).sign_in("admin", PASSWORD).then(lambda box: box.accept())  # type: ignore[attr-defined]
    section.button.click()
    qtbot.waitUntil(lambda: shell.window is not None and shell.window is not window, timeout=30_000)
    window = shell.window
    assert window is not None and window.context.database.encrypted
    titles = [title for title, _text in modal.seen]
    # The dialog, then the password of the protected file as it opens again.
    assert titles[1:3] == ["Protect the file with passwords", "Sign in"], titles
    assert any("now protected" in text for _title, text in modal.seen)
    assert encryption.is_encrypted(path) and not _readable_by_sqlite(path)
    assert set(encryption.read_keys(path).users) == {"admin"}
    assert "protected by passwords" in window.windowTitle()
    assert window.protected_notice.isVisibleTo(window)
    assert _members_shown(qtbot, window) == 60
    backups = [p.name for p in paths.backup_dir().iterdir()]
    assert any("-before-protection-" in name for name in backups), backups

    def unprotect(widget: QWidget) -> None:
        assert isinstance(widget, ProtectionDialog) and not widget.protect
        assert not widget.password_edit.isVisibleTo(widget)
        _shots(qapp, widget, "unprotect")
        widget.ok_button.click()

    modal.seen.clear()
    modal.then(unprotect).sign_in("admin", PASSWORD).then(lambda box: box.accept())  # type: ignore[attr-defined]
    window.protection_action.trigger()
    qtbot.waitUntil(lambda: shell.window is not None and shell.window is not window, timeout=30_000)
    window = shell.window
    assert window is not None and not window.context.database.encrypted
    assert any("no longer protected" in text for _title, text in modal.seen)
    assert _readable_by_sqlite(path) and not encryption.keys_path(path).exists()
    assert "protected" not in window.windowTitle()
    assert not window.protected_notice.isVisibleTo(window)
    assert _members_shown(qtbot, window) == 60
