"""The About dialog: the version (pyproject.toml's, `nassij_desktop.__version__`), what the
application does, and the licences of everything it is made of: the application's own, Qt and
PySide6, the fonts (the OFL asks to be named), the icons, and every bundled Python library with
its version, read from the installed metadata when the Licences tab is first shown
(`nassij_desktop.licences`), never at start-up."""

from __future__ import annotations

from dataclasses import dataclass

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop import __version__, paths
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.tables import ScriptDelegate

# The texts shipped in resources/licences, for a library whose metadata names the licence but
# carries no file (Qt's wheels).
SHIPPED_TEXTS = (
    ("LGPL-3.0", "LGPL-3.0.txt"),
    ("GPL-3.0", "GPL-3.0.txt"),
    ("Apache", "Apache-2.0.txt"),
)


@dataclass(frozen=True)
class Entry:
    """One line of the Licences list: what, and the text shown beside it."""

    key: str  # "app", "qt", "fonts-amiri", "fonts-noto", "icons", or "lib:<name>"
    name: str
    version: str
    licence: str
    text: str


def _read(*files: object) -> str:
    texts = []
    for file in files:
        try:
            texts.append(paths.RESOURCES.joinpath(str(file)).read_text("utf-8").strip())
        except OSError:
            continue
    return "\n\n\n".join(texts)


def _shipped_text(licence: str) -> str:
    for spdx, file in SHIPPED_TEXTS:
        if spdx.lower() in licence.lower():
            return _read(f"licences/{file}")
    return ""


def licence_entries() -> list[Entry]:
    """Everything the About dialog names, the application first. Reads the installed metadata:
    call it when the list is wanted, not before."""
    from nassij_desktop.licences import bundled_libraries

    entries = [
        Entry(
            "app", "Nassij Desktop", __version__, "GPL-3.0-or-later", _read("licences/GPL-3.0.txt")
        ),
        # PySide6 itself is listed with the libraries (PySide6_Essentials, shiboken6…).
        Entry(
            "qt",
            "Qt",
            qVersion(),
            "LGPL-3.0-only",
            _read("licences/LGPL-3.0.txt", "licences/GPL-3.0.txt"),
        ),
        Entry("fonts-amiri", "Amiri", "0.113", "OFL-1.1", _read("fonts/OFL-Amiri.txt")),
        Entry(
            "fonts-noto",
            "Noto Sans, Noto Naskh Arabic, Noto Sans Tifinagh",
            "2.004",
            "OFL-1.1",
            _read("fonts/OFL-Noto.txt"),
        ),
        Entry(
            "icons",
            "Material Design Icons",
            "6.9.96",
            "Apache-2.0",
            _read("icons/LICENSE.txt", "licences/Apache-2.0.txt"),
        ),
    ]
    for library in bundled_libraries():
        entries.append(
            Entry(
                f"lib:{library.name}",
                library.name,
                library.version,
                library.licence,
                library.text or _shipped_text(library.licence),
            )
        )
    return entries


class AboutDialog(BaseDialog):
    GUIDE_CHAPTER = "01-installing"  # F1 (BaseDialog)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about-dialog")
        self.tabs = QTabWidget(self)
        about = QWidget(self.tabs)
        self.heading = QLabel(about)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.heading.setFont(font)
        self.body = QLabel(about)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setOpenExternalLinks(True)
        about_layout = QVBoxLayout(about)
        about_layout.addWidget(self.heading)
        about_layout.addWidget(self.body)
        about_layout.addStretch(1)
        self.tabs.addTab(about, "")

        licences = QWidget(self.tabs)
        self.licences_intro = QLabel(licences)
        self.licences_intro.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Vertical, licences)
        self.licence_list = QTreeWidget(splitter)
        self.licence_list.setObjectName("licence-list")
        self.licence_list.setRootIsDecorated(False)
        # A library's name (Latin) in an Arabic window: cut at its own end, not at its start.
        self.licence_list.setItemDelegate(ScriptDelegate(self.licence_list))
        self.licence_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.licence_list.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.licence_list.header().setStretchLastSection(True)
        self.licence_text = QPlainTextEdit(splitter)
        self.licence_text.setObjectName("licence-text")
        self.licence_text.setReadOnly(True)
        # A licence is shown as it is written: left to right, in a fixed-width font, its lines
        # as the authors broke them.
        self.licence_text.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.licence_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.licence_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        licences_layout = QVBoxLayout(licences)
        licences_layout.addWidget(self.licences_intro)
        licences_layout.addWidget(splitter, 1)
        self.tabs.addTab(licences, "")
        self.entries: list[Entry] = []
        self.items: list[QTreeWidgetItem] = []
        self.licence_list.currentItemChanged.connect(
            lambda item, _previous: self._show_licence(self.licence_list.indexOfTopLevelItem(item))
        )
        self.tabs.currentChanged.connect(self._tab_changed)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.setMinimumSize(640, 480)
        self.resize(800, 620)  # room for a licence's 80 columns (then the size the user gives)
        self.retranslate()

    def show_licences(self) -> None:
        self.tabs.setCurrentIndex(1)

    def _tab_changed(self, index: int) -> None:
        if index == 1 and not self.entries:
            self.load_licences()

    def load_licences(self) -> None:
        """Fill the list (once): the installed metadata is read here, not at start-up."""
        if self.entries:
            return
        self.entries = licence_entries()
        for entry in self.entries:
            item = QTreeWidgetItem(self.licence_list)
            self.items.append(item)
            item.setData(0, Qt.ItemDataRole.UserRole, entry.key)
            item.setText(0, entry.name)
            item.setText(1, entry.version)
        self._label_entries()
        self.licence_list.setCurrentItem(self.items[0])

    def _label_entries(self) -> None:
        self.licence_list.setHeaderLabels([_("Work"), _("Version"), _("Licence")])
        for item, entry in zip(self.items, self.entries, strict=True):
            item.setText(2, entry.licence or _("licence not stated"))

    def _show_licence(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            self.licence_text.clear()
            return
        entry = self.entries[row]
        self.licence_text.setPlainText(
            entry.text
            or _("This library ships no licence text. Its licence: {licence}.").format(
                licence=entry.licence or _("licence not stated")
            )
        )

    def retranslate(self) -> None:
        self.setWindowTitle(_("About Nassij Desktop"))
        self.tabs.setTabText(0, _("About"))
        self.tabs.setTabText(1, _("Licences"))
        self.heading.setText(_("Nassij Desktop"))
        self.licences_intro.setText(
            _(
                "Nassij Desktop is made of the works below, each under its own licence. "
                "Choose one to read its licence."
            )
        )
        paragraphs = [
            _("Version {version}").format(version=isolate(__version__)),
            # What this version does, no more: a page joins this sentence with its screen
            # (tests/ui/shell/test_about.py).
            _(
                "Run a Moroccan association offline: its members and their dues, donations, "
                "the board and general assemblies, the activities its volunteers log, its "
                "funders and funding requests, its books, and the official documents, in "
                "Arabic and in French."
            ),
            _(
                "Free software under the GNU General Public License, version 3 or later: you "
                "may use, study, share and improve it."
            ),
            _(
                "Fonts: Amiri, Noto Sans and Noto Naskh Arabic, under the SIL Open Font "
                "License 1.1 (licence texts in the resources/fonts folder)."
            ),
            _(
                "Icons: Material Design Icons, under the Apache License 2.0 (resources/icons "
                "folder)."
            ),
            _("Built with Qt {qt} and PySide6 {pyside}.").format(
                qt=qVersion(), pyside=PySide6.__version__
            ),
            _("The Licences tab lists every library the application includes, with its licence."),
        ]
        self.body.setText("".join(f"<p>{p}</p>" for p in paragraphs))
        if self.entries:
            self._label_entries()
