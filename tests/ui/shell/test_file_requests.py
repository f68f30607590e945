"""macOS: a file double-clicked in the Finder reaches the program as a QFileOpenEvent sent to
the application, at launch or while it runs; it opens as File ▸ Open would open it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFileOpenEvent

from nassij_desktop.storage import lockfile
from nassij_desktop.ui.shell.application import (
    Application,
    follow_file_requests,
)
from nassij_desktop.ui.shell.controller import Shell

pytestmark = [pytest.mark.gui]


def _request(path: Path) -> bool:
    """What macOS does: the event sent to the application object."""
    return QCoreApplication.sendEvent(QCoreApplication.instance(), QFileOpenEvent(str(path)))


def test_the_application_hands_on_the_file_the_system_asks_to_open(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(qapp, Application)
    requested: list[str] = []
    qapp.file_requested.connect(requested.append)
    try:
        assert _request(tmp_path / "Al Amal.sqlite")
    finally:
        qapp.file_requested.disconnect(requested.append)
    assert requested == [str(tmp_path / "Al Amal.sqlite")]


def test_a_file_requested_while_another_is_open_replaces_it_after_the_login(
    qtbot, modal, qapp, shell: Shell, make_association: Callable[..., Path]
) -> None:  # type: ignore[no-untyped-def]
    first = make_association("first.sqlite")
    second = make_association("second.sqlite", name_fr="Association Tilila", name_ar="جمعية تيليلا")
    modal.sign_in().sign_in()
    assert shell.open_file(first)
    follow_file_requests(qapp, shell)
    try:
        _request(second)
        qtbot.waitUntil(
            lambda: (
                shell.window is not None
                and shell.window.windowTitle().startswith("Association Tilila")
            )
        )
    finally:
        qapp.file_requested.disconnect()
    assert lockfile.read_owner(first) is None and lockfile.read_owner(second) is not None
