"""What's new: a short note per version (resources/whatsnew/<version>.<lang>.md, Arabic and
French), shown once after an update, and from Help ▸ What's new at any time.

The version that last showed its window is kept in this computer's preferences: a first
install only records it; a different one recorded before means an update, so the note opens
beside the window (not modal), and the new version is recorded.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from nassij_desktop import __version__, paths
from nassij_desktop.i18n import _, current_language
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.preferences import last_run_version, save_last_run_version

NOTES = paths.resource("whatsnew")
FALLBACK_LANGUAGE = "fr"  # the note of a language with none (English, in the tests)


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in name.split("."))


def note_path(version: str = __version__, lang: str | None = None) -> Path | None:
    """This version's note in `lang`, else in French; else the newest note there is."""
    lang = lang or current_language()
    for code in (lang, FALLBACK_LANGUAGE):
        path = NOTES / f"{version}.{code}.md"
        if path.is_file():
            return path
    notes = sorted(
        {p.name.split(f".{lang}.md")[0] for p in NOTES.glob(f"*.{lang}.md")}, key=_version_key
    )
    return NOTES / f"{notes[-1]}.{lang}.md" if notes else None


class WhatsNewDialog(BaseDialog):
    GUIDE_CHAPTER = "01-installing"  # F1: installing and updating (BaseDialog)

    def __init__(self, parent: QWidget | None = None, version: str = __version__) -> None:
        super().__init__(parent)
        self.setObjectName("whats-new-dialog")
        self.version = version
        self.note = QTextBrowser(self)
        self.note.setObjectName("whats-new-note")
        self.note.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note, 1)
        layout.addWidget(buttons)
        self.setMinimumSize(520, 400)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("What's new"))
        path = note_path(self.version)
        text = path.read_text("utf-8") if path is not None else ""
        self.note.setMarkdown(text)  # each paragraph takes the direction of its language


def show_after_update(parent: QWidget, version: str = __version__) -> WhatsNewDialog | None:
    """Once per update: the note when another version ran here before; a first install (none
    recorded) only records this one. The dialog is not modal: the window stays usable."""
    previous = last_run_version()
    if previous == version:
        return None
    save_last_run_version(version)
    if previous is None or note_path(version) is None:
        return None
    dialog = WhatsNewDialog(parent, version)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setModal(False)
    dialog.show()
    return dialog
