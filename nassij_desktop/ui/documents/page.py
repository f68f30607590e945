"""The documents the association hands to the authorities and funders, as PDF.

One list of the documents (`reports.kinds.REPORT_KINDS`), the options of the chosen one, and
"Create PDF…": the file is written by `produce_report` on a worker thread (a register of
100 000 members takes a minute: the window stays alive, with a progress dialog), then opened
in the PC's PDF viewer. A refusal (permission, missing data) is shown as the service's
message. A document whose module is not installed in this version is listed as not
available; the page opens regardless.

A document about one record offers the latest ones; receipts are also found by typing (a
receipt number, a member's or donor's name), so the list stays short at any size of file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.core.members.models import STATUS_LABELS, MemberStatus
from nassij_desktop.i18n import _
from nassij_desktop.reports.kinds import REPORT_KINDS, ReportKind, produce_report
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.form_errors import error_label
from nassij_desktop.ui.common.operations import Operation, in_read_session
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.documents.choices import SEARCHABLE, options_for, records

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
KIND_ROLE = Qt.ItemDataRole.UserRole
SEARCH_DELAY_MS = 200
# The documents whose module reports its progress (and so can stop when cancelled).
CANCELLABLE = frozenset({"member-register"})


def is_available(kind: ReportKind) -> bool:
    """Whether the document's module is installed (found without importing it)."""
    try:
        return importlib.util.find_spec(f"nassij_desktop.reports.{kind.module}") is not None
    except (ImportError, ValueError):
        return False


class DocumentsPage(Page):
    permission = None

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.open_after = True  # open the PDF in the PC's viewer (tests turn it off)
        self.last_path: Path | None = None
        self._record_sort: str | None = None  # the sort of record the search box is about
        self._build()
        self.retranslate()
        self.refresh()
        context.signals.data_changed.connect(self._data_changed)

    def title(self) -> str:
        return _("Documents")

    # --- widgets ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.kinds = QListWidget(self)
        self.kinds.setObjectName("document_kinds")
        for name, kind in REPORT_KINDS.items():
            item = QListWidgetItem()
            item.setData(KIND_ROLE, name)
            if not is_available(kind):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.kinds.addItem(item)
        self.kinds.currentItemChanged.connect(lambda *_args: self._kind_changed())

        self.options = QGroupBox(self)
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.lang = QComboBox(self)
        self.lang.setObjectName("document_language")
        self.lang.addItem("", "ar")
        self.lang.addItem("", "fr")
        self.year = QSpinBox(self)
        self.year.setObjectName("document_year")
        self.year.setRange(1958, 2200)  # the Dahir on associations dates from 1958
        self.year.setValue(dt.date.today().year)
        self.year.setGroupSeparatorShown(False)
        self.status = QComboBox(self)
        self.status.setObjectName("document_status")
        self.status.addItem("", None)
        for status in MemberStatus:
            self.status.addItem("", status.value)
        self.record = QComboBox(self)
        self.record.setObjectName("document_record")
        self.record.setMinimumContentsLength(30)
        self.record.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.record_search = QLineEdit(self)
        self.record_search.setObjectName("document_record_search")
        self.record_search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.search_records)
        self.record_search.textChanged.connect(lambda _text: self._search_timer.start())
        self.record_search.returnPressed.connect(self.search_records)
        self.labels = {
            name: QLabel(self) for name in ("lang", "year", "status", "record_search", "record")
        }
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.addRow(self.labels["lang"], self.lang)
        self.form.addRow(self.labels["year"], self.year)
        self.form.addRow(self.labels["status"], self.status)
        self.form.addRow(self.labels["record_search"], self.record_search)
        self.form.addRow(self.labels["record"], self.record)

        self.create_button = QPushButton(self)
        self.create_button.setObjectName("create_pdf")
        self.create_button.clicked.connect(self.create_pdf)
        self.message = error_label(self)
        self.message.setObjectName("document_message")
        self.done = QLabel(self)
        self.done.setObjectName("document_done")
        self.done.setWordWrap(True)
        self.done.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        options = QVBoxLayout(self.options)
        options.addWidget(self.description)
        options.addLayout(self.form)
        options.addWidget(self.message)
        options.addWidget(self.done)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        options.addLayout(buttons)
        options.addStretch(1)

        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(self.kinds, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addWidget(self.options, 3)

    def retranslate(self) -> None:
        self.heading.setText(_("Choose a document, its options, then create the PDF."))
        for row in range(self.kinds.count()):
            item = self.kinds.item(row)
            kind = REPORT_KINDS[item.data(KIND_ROLE)]
            text = _(kind.label)
            if not item.flags() & Qt.ItemFlag.ItemIsEnabled:
                text = _("{document} (not available in this version)").format(document=text)
            item.setText(text)
        self.lang.setItemText(0, _("Arabic"))
        self.lang.setItemText(1, _("French"))
        self.status.setItemText(0, _("All members"))
        for index, status in enumerate(MemberStatus, start=1):
            self.status.setItemText(index, _(STATUS_LABELS[status]))
        self.labels["lang"].setText(_("Language of the document:"))
        self.labels["year"].setText(_("Year:"))
        self.labels["status"].setText(_("Members:"))
        self.labels["record_search"].setText(_("Find:"))
        self.record_search.setPlaceholderText(
            _("Receipt number, or the name of the member or donor")
        )
        self.labels["record"].setText(_("Concerning:"))
        self.create_button.setText(_("Create PDF…"))
        self._kind_changed()

    # --- data ------------------------------------------------------------------------------

    def refresh(self) -> None:
        with self.context.database.session() as session:
            try:
                default = get_association(session).default_language
            except NassijError:
                default = "ar"
        self.lang.setCurrentIndex(max(0, self.lang.findData(default)))
        if self.kinds.currentRow() < 0:
            first = next(
                (
                    row
                    for row in range(self.kinds.count())
                    if self.kinds.item(row).flags() & Qt.ItemFlag.ItemIsEnabled
                ),
                0,
            )
            self.kinds.setCurrentRow(first)
        self._kind_changed()

    def _data_changed(self, domain: str) -> None:
        # Out of sight, the page waits: the main window reloads a page each time it is shown.
        if (
            domain in {"association", "governance", "members", "books", "donations"}
            and self.isVisible()
        ):
            self.refresh()

    def current_kind(self) -> str | None:
        item = self.kinds.currentItem()
        return str(item.data(KIND_ROLE)) if item is not None else None

    def select_kind(self, kind: str) -> None:
        for row in range(self.kinds.count()):
            if self.kinds.item(row).data(KIND_ROLE) == kind:
                self.kinds.setCurrentRow(row)
                return

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        options = options_for(kind or "")
        self.options.setTitle(_(REPORT_KINDS[kind].label) if kind else "")
        self.form.setRowVisible(self.year, options.year)
        self.form.setRowVisible(self.status, options.status)
        self.form.setRowVisible(self.record, options.record is not None)
        self.form.setRowVisible(self.record_search, options.record in SEARCHABLE)
        if options.record != self._record_sort:  # another sort of record: another search
            self._record_sort = options.record
            self.record_search.blockSignals(True)
            self.record_search.clear()
            self.record_search.blockSignals(False)
        self.description.setVisible(options.record is not None)
        self.description.setText(
            _("Without a choice, the document is about the most recent record.")
        )
        available = kind is not None and is_available(REPORT_KINDS[kind])
        self.create_button.setEnabled(available)
        self.message.hide()
        self.done.clear()
        self._fill_records(options.record)

    def search_records(self) -> None:
        self._search_timer.stop()
        self._fill_records(options_for(self.current_kind() or "").record)

    def _fill_records(self, record: str | None) -> None:
        current = self.record.currentData()
        self.record.clear()
        if record is None:
            return
        self.record.addItem(_("The latest"), None)
        query = self.record_search.text() if record in SEARCHABLE else ""
        try:
            with self.context.database.session() as session:
                choices = records(session, self.context.actor, record, query)
        except NassijError:
            choices = []  # a role that may not read them: "Create PDF" will say why
        except Exception:  # a read of a record list must not keep the page from opening
            log.exception("could not list the records for %s", record)
            choices = []
        for record_id, text in choices:
            self.record.addItem(text, record_id)
        if query and choices and (current is None or self.record.findData(current) < 0):
            self.record.setCurrentIndex(1)  # searched: the latest match, not "the latest"
        else:
            self.record.setCurrentIndex(max(0, self.record.findData(current)))

    # --- producing -------------------------------------------------------------------------

    def request(self, out: Path) -> ReportRequest:
        kind = self.current_kind() or ""
        options = options_for(kind)
        lang: Lang = "fr" if self.lang.currentData() == "fr" else "ar"
        return ReportRequest(
            lang=lang,
            out=out,
            year=self.year.value() if options.year else None,
            record_id=self.record.currentData() if options.record else None,
            status=self.status.currentData() if options.status else None,
        )

    def suggested_name(self) -> str:
        kind = self.current_kind() or "document"
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        stamp = dt.date.today().isoformat()
        name = re.sub(r"[^a-z0-9-]", "", f"{kind}-{self.lang.currentData()}-{stamp}")
        return str(Path(folder) / f"{name}.pdf") if folder else f"{name}.pdf"

    def create_pdf(self) -> Operation[ReportResult] | None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the document"), self.suggested_name(), _("PDF documents (*.pdf)")
        )
        if not name:
            return None
        return self.produce(Path(name))

    def produce(self, out: Path) -> Operation[ReportResult] | None:
        """Start writing the chosen document to `out` (".pdf" added if missing) on a worker;
        it is opened when done. None: nothing was started."""
        kind = self.current_kind()
        if kind is None:
            return None
        if out.suffix.lower() != ".pdf":
            out = out.with_suffix(".pdf")
        self.message.hide()
        self.done.clear()
        request, actor = self.request(out), self.context.actor

        # A read session: a document writes nothing to the file and must not hold the lock.
        def write(session: Session, progress: Progress) -> ReportResult:
            try:
                return produce_report(
                    session, actor, kind, dataclasses.replace(request, progress=progress)
                )
            except (ImportError, AttributeError) as exc:
                log.exception("the document module for %s could not be loaded", kind)
                raise NassijError(_("This document is not available in this version.")) from exc

        operation = (
            Operation(
                self,
                in_read_session(self.context.database, write),
                label=_("Creating the document…"),
                cancellable=kind in CANCELLABLE,
            )
            .success(self._produced)
            .failure(lambda error: self.show_message(str(error)))
            .always(self._enable_create)
        )
        self.create_button.setEnabled(False)
        if not operation.run_in_background():
            self._enable_create()
            return None
        return operation

    def _enable_create(self) -> None:
        kind = self.current_kind()
        self.create_button.setEnabled(kind is not None and is_available(REPORT_KINDS[kind]))

    def _produced(self, result: ReportResult) -> None:
        self.last_path = result.path
        self.done.setText(
            _("Created: {path} — pages: {pages}").format(path=result.path.name, pages=result.pages)
        )
        if self.open_after:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
