"""File ▸ Backups…: the window backs up when it closes (once a day unless changed), the dialog
lists the backups, makes one now, and restores the chosen one through the shell."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from nassij_desktop import paths
from nassij_desktop.core.association.services import get_association, update_association
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.storage.backups import second_folder
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.shell.backups_dialog import BackupsDialog
from nassij_desktop.ui.shell.controller import Shell

pytestmark = [pytest.mark.gui]
SHOTS = Path("/tmp/shots/backups")


def _copies() -> list[Path]:
    return sorted(p for p in paths.backup_dir().iterdir() if p.suffix == ".sqlite")


def test_the_backups_dialog_lists_backs_up_and_restores(
    qtbot, qapp, modal, shell: Shell, make_association: Callable[..., Path], tmp_path: Path
) -> None:
    path = make_association()
    modal.sign_in()
    assert shell.open_file(path)
    window = shell.window
    assert window is not None and window.backups_action.isVisible()
    dialog = window.show_backups()
    assert isinstance(dialog, BackupsDialog)
    assert dialog.table.rowCount() == 0 and not dialog.restore_button.isEnabled()
    operation = dialog.back_up_now()
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=60_000)
    assert dialog.table.rowCount() == 1
    assert "verified" in dialog.message.text()
    assert dialog.table.item(0, 3).text() == "Association Al Amal"
    if os.environ.get("NASSIJ_SHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        for lang in ("ar", "fr"):
            apply_language(lang, qapp)
            dialog.table.selectRow(0)
            dialog.grab().save(str(SHOTS / f"backups-{lang}.png"))
        apply_language("en", qapp)
    dialog.set_second(tmp_path)
    assert second_folder() == tmp_path and str(tmp_path) in dialog.second_label.text()
    dialog.set_second(None)

    with window.context.database.transaction() as session:
        update_association(
            session, Actor(user_id=1, login="admin", role=Role.ADMIN), None, city="Agadir"
        )
    dialog.table.selectRow(0)
    assert dialog.restore_button.isEnabled()
    modal.press("Restore").sign_in().then(lambda box: box.accept())  # type: ignore[attr-defined]
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: shell.window is not None and shell.window is not window, timeout=60_000)
    with shell.window.context.database.session() as session:  # type: ignore[union-attr]
        assert get_association(session).city is None  # as in the backup
    assert any("before-restore" in p.name for p in _copies())


def test_closing_the_window_backs_up_once_a_day_unless_changed(
    qtbot, modal, shell: Shell, make_association: Callable[..., Path]
) -> None:
    path = make_association()
    modal.sign_in()
    assert shell.open_file(path)
    assert shell.window is not None
    shell.window.close()
    first = _copies()
    assert len(first) == 1 and "-auto-" in first[0].name
    modal.sign_in()
    assert shell.open_file(path)
    assert shell.window is not None
    shell.window.close()  # the sign-in is in the audit: the file changed, a new copy
    # Today's newest alone is kept by the rotation.
    assert len(_copies()) == 1
