"""What's new: once after an update (not after a first install), and from the Help menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from nassij_desktop import __version__
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.preferences import last_run_version, save_last_run_version
from nassij_desktop.ui.shell.controller import Shell
from nassij_desktop.ui.shell.whatsnew import NOTES, WhatsNewDialog, show_after_update
from tests.support import ADMIN_PASSWORD

pytestmark = [pytest.mark.gui]


def notes_shown() -> list[WhatsNewDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, WhatsNewDialog)]


def test_every_version_has_its_note_in_arabic_and_french() -> None:
    for lang in ("ar", "fr"):
        note = (NOTES / f"{__version__}.{lang}.md").read_text("utf-8")
        assert note.startswith("# ") and __version__ in note.splitlines()[0]


def test_a_first_install_records_the_version_and_shows_nothing(
    qtbot, shell: Shell, make_association: Callable[..., Path]
) -> None:
    assert last_run_version() is None
    assert shell.open_file(make_association(), credentials=("admin", ADMIN_PASSWORD))
    qtbot.waitUntil(lambda: last_run_version() == __version__)
    assert notes_shown() == []


def test_after_an_update_the_note_opens_once_beside_the_window(
    qtbot, shell: Shell, make_association: Callable[..., Path]
) -> None:
    save_last_run_version("0.0.9")
    apply_language("fr")
    assert shell.open_file(make_association(), credentials=("admin", ADMIN_PASSWORD))
    qtbot.waitUntil(lambda: len(notes_shown()) == 1 and notes_shown()[0].isVisible())
    note = notes_shown()[0]
    assert not note.isModal() and note.parent() is shell.window
    assert f"Nouveautés de la version {__version__}" in note.note.toPlainText()
    assert last_run_version() == __version__
    # The same version again: nothing more.
    assert show_after_update(shell.window) is None
    note.close()
    qtbot.waitUntil(lambda: notes_shown() == [])


def test_help_shows_the_note_at_any_time_in_the_window_language(
    qtbot, shell: Shell, make_association: Callable[..., Path]
) -> None:
    save_last_run_version(__version__)
    assert shell.open_file(make_association(), credentials=("admin", ADMIN_PASSWORD))
    assert shell.window is not None
    apply_language("ar")
    shell.window.whats_new_action.trigger()
    qtbot.waitUntil(lambda: len(notes_shown()) == 1)
    note = notes_shown()[0]
    assert f"الجديد في الإصدار {__version__}" in note.note.toPlainText()
    assert note.windowTitle() != "What's new"
    note.close()
