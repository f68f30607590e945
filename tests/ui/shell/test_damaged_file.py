"""Opening a damaged file says what can still be read and offers to recover it into a new
file, which then opens; the damaged file is left as it was."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLineEdit, QWidget

from nassij_desktop.storage import check, lockfile
from nassij_desktop.ui.shell.opening import open_association_file
from tests.shared_files import copy_of, shared_demo

pytestmark = [pytest.mark.gui]

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # tests/cli/test_recover_command.py's demo: the run builds it once for both.
    template = shared_demo(tmp_path_factory, members=300, seed=2, today=TODAY)
    return copy_of(template, tmp_path_factory.mktemp("demo"))


def leaves(path: Path, table: str) -> list[int]:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)) as c:
        return [
            row[0]
            for row in c.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path",
                (table,),
            )
        ]


def zero_page(path: Path, page: int) -> None:
    with path.open("r+b") as f:
        f.seek((page - 1) * 4096)
        f.write(bytes(4096))


@pytest.fixture
def damaged(demo_file: Path, tmp_path: Path) -> Path:
    """The demo with a page of its list of tables zeroed (SQLite refuses the whole file) and
    one in the middle of the member table (those members are lost)."""
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "amal.sqlite"
    shutil.copyfile(demo_file, path)
    pages = [leaves(path, table) for table in ("sqlite_schema", "member")]
    for some in pages:
        zero_page(path, some[len(some) // 2])
    return path


def members(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)) as c:
        return int(c.execute("SELECT count(*) FROM member").fetchone()[0])


def choose_file(path: Path, seen: list[str]):  # type: ignore[no-untyped-def]
    """Type a file name in the save dialog's name box and accept it, as a person does
    (QFileDialog.selectFile leaves the box alone while it has the focus)."""

    def handler(widget: QWidget) -> None:
        assert isinstance(widget, QFileDialog), widget
        seen.extend(widget.selectedFiles())  # what was proposed
        name_box = widget.findChild(QLineEdit, "fileNameEdit")
        assert name_box is not None
        name_box.setText(str(path))
        assert widget.selectedFiles() == [str(path)]
        widget.accept()

    return handler


def test_a_damaged_file_is_recovered_into_a_new_file_that_opens(
    qtbot, modal, damaged: Path, demo_file: Path
) -> None:
    untouched = hashlib.sha256(damaged.read_bytes()).hexdigest()
    new = damaged.with_name("saved.sqlite")
    proposed: list[str] = []
    modal.press("Recover into a new file…").then(choose_file(new, proposed)).press("OK")

    opened = open_association_file(damaged)

    assert opened is not None
    try:
        assert opened.path == new.resolve()
        database = opened.database
        assert check(database).ok
    finally:
        opened.close()
    (title, text), _chooser, (done_title, done_text) = modal.seen
    assert title == "Damaged file"
    readable = members(new)
    assert 0 < readable < members(demo_file)
    assert "amal.sqlite" in text and "is damaged" in text
    assert f"{readable} of {members(demo_file)} members are readable" in text
    assert proposed == [str(damaged.with_name("amal-recovered.sqlite"))]
    assert done_title == "File recovered" and "saved.sqlite" in done_text and "sound" in done_text
    assert hashlib.sha256(damaged.read_bytes()).hexdigest() == untouched
    assert not lockfile.lock_path(damaged).exists()


def test_declining_the_recovery_writes_nothing(qtbot, modal, damaged: Path) -> None:
    modal.press("Cancel")

    assert open_association_file(damaged) is None

    [(title, _text)] = modal.seen
    assert title == "Damaged file"
    # Nothing written but what SQLite itself keeps beside a file it opened (-wal, -shm).
    assert not [p for p in damaged.parent.iterdir() if not p.name.startswith(damaged.name)]


def test_a_file_whose_first_page_is_zeroed_is_offered_recovery_too(
    qtbot, modal, damaged: Path, demo_file: Path
) -> None:
    shutil.copyfile(demo_file, damaged)
    zero_page(damaged, 1)  # SQLite no longer sees a database at all
    new = damaged.with_name("saved.sqlite")
    modal.press("Recover into a new file…").then(choose_file(new, [])).press("OK")

    opened = open_association_file(damaged)

    assert opened is not None
    opened.close()
    assert modal.seen[0][0] == "Damaged file"
    assert members(new) == members(demo_file)  # only the list of tables was lost
