"""File dialogs: in the interface's language (Qt's own catalogs), opening in Documents, then in
the folder last used for each kind of file; their dates written as the app writes them."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QLineEdit, QTreeView, QWidget

from nassij_desktop.i18n.formatting import LRI, PDI
from nassij_desktop.ui.common.file_dialogs import (
    FileKind,
    ask_open_path,
    ask_save_path,
    documents_folder,
)
from nassij_desktop.ui.common.language import apply_language

pytestmark = [pytest.mark.gui]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder with a Documents folder, and no user-dirs file naming another one."""
    folder = tmp_path / "home"
    (folder / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / ".config"))
    return folder


def label(dialog: QWidget, name: str) -> str:
    found = dialog.findChild(QLabel, name)
    assert found is not None, name
    return found.text()


@dataclass(frozen=True)
class Opened:
    folder: Path
    proposed: list[str]


def answer(seen: list[Opened], chosen: Path | None = None) -> Callable[[QWidget], None]:
    """Note where the dialog opened and what it proposed, then type `chosen` in its name box
    and accept it (or cancel it)."""

    def handler(widget: QWidget) -> None:
        assert isinstance(widget, QFileDialog), widget
        seen.append(Opened(Path(widget.directory().absolutePath()), widget.selectedFiles()))
        if chosen is None:
            widget.reject()
            return
        name_box = widget.findChild(QLineEdit, "fileNameEdit")
        assert name_box is not None
        name_box.setText(str(chosen))
        widget.accept()

    return handler


def test_qt_file_dialog_speaks_arabic_then_french_then_english(qapp: QApplication) -> None:
    """ "Look in:" and "Files of type:" stayed in English in an Arabic window: Qt 6 gave them
    a shortcut letter ("&Look in:") that Qt's catalogs do not know yet."""
    apply_language("ar", qapp)
    dialog = QFileDialog(None, "t")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "اعثر في:"
    assert label(dialog, "lookInLabel") == "اعثر في:"
    assert label(dialog, "fileTypeLabel") == "الملفّات من النّوع:"
    assert label(dialog, "fileNameLabel") == "ا&سم الملفّ:"

    apply_language("fr", qapp)  # the Arabic catalog goes, the French one comes
    assert label(dialog, "lookInLabel") == "Voir dans\xa0:"
    assert label(dialog, "fileTypeLabel") == "Fichiers de type\xa0:"

    apply_language("en", qapp)  # Qt's own English: no catalog at all
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Look in:"
    assert label(dialog, "lookInLabel") == "&Look in:"
    dialog.deleteLater()


def test_a_save_dialog_opens_in_documents_then_where_that_kind_was_last_saved(
    qtbot, modal, home: Path, tmp_path: Path
) -> None:
    documents = home / "Documents"
    elsewhere = tmp_path / "usb"
    elsewhere.mkdir()
    seen: list[Opened] = []
    modal.then(answer(seen, elsewhere / "receipt-2026-00001"))
    modal.then(answer(seen))  # the next receipt: only look where it opens, then cancel
    modal.then(answer(seen))  # a logo: a kind of its own

    assert documents_folder() == documents
    first = ask_save_path(None, FileKind.DOCUMENTS, "Save", "receipt-2026-00001.pdf")
    second = ask_save_path(None, FileKind.DOCUMENTS, "Save", "receipt-2026-00002.pdf")
    logo = ask_open_path(None, FileKind.LOGOS, "Logo")

    assert first == elsewhere / "receipt-2026-00001.pdf"  # ".pdf" added
    assert second is None and logo is None
    opened_in = [opened.folder for opened in seen]
    assert opened_in == [documents, elsewhere, documents]
    assert seen[0].proposed == [str(documents / "receipt-2026-00001.pdf")]
    assert Path(os.getcwd()) not in opened_in


def test_an_open_dialog_starts_where_the_app_keeps_such_files_until_one_is_chosen(
    qtbot, modal, home: Path, tmp_path: Path
) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    kept = tmp_path / "kept" / "copy.sqlite"
    kept.parent.mkdir()
    kept.write_bytes(b"x")
    seen: list[Opened] = []
    modal.then(answer(seen, kept)).then(answer(seen))

    assert ask_open_path(None, FileKind.BACKUPS, "Restore", fallback=backups) == kept
    assert ask_open_path(None, FileKind.BACKUPS, "Restore", fallback=backups) is None

    assert [opened.folder for opened in seen] == [backups, kept.parent]


def test_a_full_path_is_proposed_as_it_is(qtbot, modal, home: Path, tmp_path: Path) -> None:
    beside = tmp_path / "files" / "amal-recovered.sqlite"
    beside.parent.mkdir()
    seen: list[Opened] = []
    modal.then(answer(seen, beside.with_name("saved")))

    chosen = ask_save_path(None, FileKind.ASSOCIATION, "Recover", beside)

    assert seen[0].proposed == [str(beside)]
    assert chosen == beside.with_name("saved.sqlite")


def test_dates_and_sizes_in_the_file_list_read_in_the_interface_language(
    qtbot, modal, home: Path, qapp: QApplication
) -> None:
    """Qt wrote them in the system's locale: "13:43 2026 12 2" in an Arabic window."""
    documents = home / "Documents"
    old = documents / "old.pdf"
    old.write_bytes(b"%PDF")
    moment = dt.datetime(2026, 12, 2, 13, 43)
    os.utime(old, (moment.timestamp(), moment.timestamp()))
    apply_language("ar", qapp)
    dates: list[str] = []
    sizes: list[str] = []

    def read_dates(widget: QWidget) -> None:
        assert isinstance(widget, QFileDialog)
        view = widget.findChild(QTreeView, "treeView")
        assert view is not None
        model = view.model()

        def shown() -> bool:
            root = view.rootIndex()
            return any(
                model.index(row, 0, root).data() == "old.pdf" for row in range(model.rowCount(root))
            )

        qtbot.waitUntil(shown)
        root = view.rootIndex()
        for row in range(model.rowCount(root)):
            if model.index(row, 0, root).data() == "old.pdf":
                dates.append(model.index(row, 3, root).data(Qt.ItemDataRole.DisplayRole))
                sizes.append(model.index(row, 1, root).data(Qt.ItemDataRole.DisplayRole))
        widget.reject()

    modal.then(read_dates)
    ask_save_path(None, FileKind.DOCUMENTS, "Save", "new.pdf")

    assert dates == [f"{LRI}02/12/2026 13:43{PDI}"]
    assert sizes == ["4 بايت"]  # Qt wrote "4 bytes" (the system's language)
