"""A password-protected association file in the window: its user name and password are asked
first (the sign-in dialog), unlock its key, and sign in: typed once."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import encryption
from nassij_desktop.ui.access.login import LoginDialog
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.shell.controller import Shell
from tests.support import ADMIN_PASSWORD

pytestmark = [pytest.mark.gui]
SHOTS = Path("/tmp/shots/sqlcipher")


@pytest.fixture
def protected(make_association: Callable[..., Path]) -> Iterator[Path]:
    path = make_association()
    encryption.encrypt_file(path, CLI_ACTOR, "admin", ADMIN_PASSWORD)
    encryption.forget_keys()
    yield path
    encryption.forget_keys()


def test_a_protected_file_asks_the_password_once_then_opens(
    modal, shell: Shell, protected: Path
) -> None:
    modal.sign_in()  # one dialog only: the same answer signs in
    assert shell.open_file(protected)
    assert shell.window is not None and shell.opened is not None
    assert shell.opened.database.encrypted
    assert shell.window.context.actor.login == "admin"


def test_a_wrong_password_is_told_in_the_dialog(qtbot, qapp, protected: Path) -> None:
    dialog = LoginDialog(None, protected=protected)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.heading.text().strip("\u2066\u2069\u200e\u200f") == protected.name
    assert "protected by a password" in dialog.intro.text()
    dialog.form.login_edit.setText("admin")
    qtbot.keyClicks(dialog.form.password_edit, "not-the-password")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Wrong user name or password" in dialog.form.error.text()
    assert dialog.isVisible() and dialog.credentials is None
    if os.environ.get("NASSIJ_SHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        for lang in ("ar", "fr"):
            apply_language(lang, qapp)
            shown = LoginDialog(None, protected=protected)
            qtbot.addWidget(shown)
            shown.show()
            shown.form.login_edit.setText("admin")
            shown.form.password_edit.setText("not-the-password")
            shown.ok_button.click()
            shown.adjustSize()
            shown.grab().save(str(SHOTS / f"unlock-{lang}.png"))
        apply_language("en", qapp)
    dialog.form.password_edit.setText(ADMIN_PASSWORD)
    dialog.ok_button.click()
    assert dialog.credentials == ("admin", ADMIN_PASSWORD)
    assert encryption.known_key(protected) is not None
