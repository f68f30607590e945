"""The About dialog: version, licence, and the fonts' licence (the OFL asks to be named)."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from nassij_desktop import __version__
from nassij_desktop.i18n import _
from nassij_desktop.ui.common.base_dialog import BaseDialog


class AboutDialog(BaseDialog):
    GUIDE_CHAPTER = "01-installing"  # F1 (BaseDialog)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about-dialog")
        self.heading = QLabel(self)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.heading.setFont(font)
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("About Nassij Desktop"))
        self.heading.setText(_("Nassij Desktop"))
        paragraphs = [
            _("Version {version}").format(version=__version__),
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
        ]
        self.body.setText("".join(f"<p>{p}</p>" for p in paragraphs))
