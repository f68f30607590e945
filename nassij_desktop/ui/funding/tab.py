"""What the Funding page's tabs (funders, requests, campaigns) share: the failure they tell
the page (`failed`), the buttons of their acts, the filter over their list with the button of a
new record beside it, the dialog on show (tests drive it) and the document made from the
record chosen (`preview_document`, one at a time)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import _
from nassij_desktop.reports.request import ReportRequest, ReportResult
from nassij_desktop.ui.common import dialogs
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.filter_bar import Combo, FilterBar, Widget
from nassij_desktop.ui.common.operations import Operation
from nassij_desktop.ui.common.pdf_output import preview_document
from nassij_desktop.ui.common.pdf_preview import PdfPreviewDialog
from nassij_desktop.ui.members.fields import ChoiceBox

__all__ = ["FundingTab"]


class FundingTab(Retranslating, QWidget):
    failed = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialog: QDialog | None = None
        self.operation: Operation[ReportResult] | None = None
        self.preview: PdfPreviewDialog | None = None  # the last document shown

    def _button(self, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _filter_bar(
        self,
        name: str,
        label: str,
        choices: Sequence[tuple[Any, Callable[[], str]]],
        new_button: QPushButton,
    ) -> ChoiceBox:
        """`self.bar`: the list's filter (`label` N_-marked) with `new_button` beside it; a
        change refreshes the tab. Gives the filter."""
        self.bar = FilterBar(
            self, [Combo(name, label=label), Widget(new_button, spacing=12)], stretch=True
        )
        combo = self.bar.combo(name)
        combo.set_choices(choices)
        self.bar.changed.connect(self.refresh)
        return combo

    def refresh(self) -> None:
        raise NotImplementedError

    def _update_buttons(self, *_args: object) -> None:
        """Each tab enables its acts for the record chosen."""

    def _open(self, dialog: QDialog) -> QDialog:
        """Show `dialog` (window-modal, deleted on close), held as `self.dialog` till then."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._closed)
        dialog.open()
        return dialog

    def _closed(self, _result: int) -> None:
        self.dialog = None

    def _document(self, report: str, request: ReportRequest) -> Operation[ReportResult] | None:
        """The document `report` made on a worker, then shown to print or save, as every
        document of the window; the tab's acts wait for it (`self.operation`)."""
        self.preview = None
        operation = preview_document(
            self,
            self.context,
            report,
            request,
            shown=self._shown,
            refused=self._refused,
            always=self._document_done,
        )
        self.operation = operation
        self._update_buttons()
        return operation

    def _shown(self, preview: PdfPreviewDialog) -> None:
        self.preview = preview

    def _refused(self, error: NassijError) -> None:
        dialogs.show_warning(self, str(error), _("The document was not produced"))

    def _document_done(self) -> None:
        self.operation = None
        self._update_buttons()
