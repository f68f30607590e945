"""`nassij-desktop FILE --measure-startup` when the file cannot be opened."""

from __future__ import annotations

from nassij_desktop.storage import lockfile
from nassij_desktop.ui.shell.measure import measure_startup


def test_a_file_that_fails_to_open_is_left_unlocked(qapp, tmp_path, capsys):
    path = tmp_path / "broken.nassij"
    path.write_bytes(b"this is not a database file, only some text " * 40)

    assert measure_startup(qapp, path, 0.0) == 1

    assert "nassij-desktop:" in capsys.readouterr().err
    assert not lockfile.lock_path(path.resolve()).exists()
    lockfile.acquire(path).release()  # the next one to open it is not refused
