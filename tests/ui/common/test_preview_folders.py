"""The temporary folders of the document previews: private, and none left behind for long."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

from nassij_desktop.ui.common.pdf_preview import (
    STALE_AFTER_S,
    new_preview_folder,
    remove_preview_folder,
)


def test_a_preview_folder_is_private_and_removed() -> None:
    folder = new_preview_folder()
    try:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        remove_preview_folder(folder)
    assert not folder.exists()


def test_folders_left_by_a_killed_app_go_when_a_day_old() -> None:
    """A killed app (power cut, SIGTERM) cannot clean up: the next preview does."""
    old = Path(tempfile.mkdtemp(prefix="nassij-preview-"))
    (old / "receipt.pdf").write_bytes(b"%PDF")
    recent = Path(tempfile.mkdtemp(prefix="nassij-preview-"))
    then = time.time() - STALE_AFTER_S - 60
    os.utime(old, (then, then))

    made = new_preview_folder()
    try:
        assert not old.exists()
        assert recent.exists()  # another app's preview, open now
    finally:
        remove_preview_folder(made)
        remove_preview_folder(recent)
