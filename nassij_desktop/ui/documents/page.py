"""The documents the association hands to the authorities and funders, as PDF.

One list of the documents (`reports.kinds.REPORT_KINDS`), the options of the chosen one (a
form generated from its declared options, `fields.py`), and "Create PDF…": the file is
written by `produce_report` on a worker thread (a register of 100 000 members takes a minute:
the window stays alive, with a progress dialog), then shown in the app's preview, where it is
printed, saved where the user chooses or opened in another program. A refusal
(permission, missing data) is shown as the service's message. A document whose module is not
installed in this version is listed as not available; the page opens regardless. A document
the user's role may not make (`ReportKind.allows`) is listed greyed, its tooltip naming the
roles that make it.

A document about one record offers the latest ones; receipts are also found by typing (a
receipt number, a member's or donor's name), so the list stays short at any size of file.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
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
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change, Changes
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.permissions import ROLE_LABELS
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.reports.kinds import REPORT_KINDS, RecordSort, ReportKind, all_options
from nassij_desktop.reports.request import ReportRequest, ReportResult
from nassij_desktop.ui.common.context import AppContext, Request, concerns
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.operations import Operation
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.common.pdf_output import preview_document, produce_document
from nassij_desktop.ui.common.pdf_preview import PdfPreviewDialog
from nassij_desktop.ui.documents.fields import (
    ComboField,
    OptionField,
    RecordField,
    YearField,
    field_for,
)

FieldT = TypeVar("FieldT", bound=OptionField)
KIND_ROLE = Qt.ItemDataRole.UserRole
# Whether the signed-in user's role may make the document (`ReportKind.allows`): the others
# are listed greyed, with a tooltip naming the roles that make them.
ALLOWED_ROLE = Qt.ItemDataRole.UserRole + 1
# The association's default language and the records the pickers offer (choices.py).
CONCERNS = frozenset(
    {Change.ASSOCIATION, Change.GOVERNANCE, Change.MEMBERS, Change.DUES, Change.DONATIONS}
    | {Change.FUNDING}  # agreements and declarations to the SGG
)


def is_available(kind: ReportKind) -> bool:
    """Whether the document's module is installed (found without importing it)."""
    try:
        return importlib.util.find_spec(f"nassij_desktop.reports.{kind.module}") is not None
    except (ImportError, ValueError):
        return False


class DocumentsPage(Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.last_path: Path | None = None  # the last document written to a given path
        self.preview: PdfPreviewDialog | None = None  # the last document shown
        self._association_lang = "ar"  # the language the form starts at (refresh)
        self._declared_lang: str | None = None  # the language the current document declares
        self._build()
        self.retranslate()
        self.refresh()
        context.signals.data_changed.connect(self._data_changed)
        context.signals.actor_changed.connect(self._actor_changed)

    def title(self) -> str:
        return _("Documents")

    # --- widgets ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.kinds = QListWidget(self)
        self.kinds.setObjectName("document_kinds")
        for name in REPORT_KINDS:
            item = QListWidgetItem()
            item.setData(KIND_ROLE, name)
            self.kinds.addItem(item)
        self._apply_access()
        self.kinds.currentItemChanged.connect(lambda *_args: self._kind_changed())

        self.options = QGroupBox(self)
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        # One editor per declared option (by its field), shown for the documents that take it.
        self.fields: dict[str, OptionField] = {
            option.field: field_for(option, self, self.context) for option, _kinds in all_options()
        }
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for field in self.fields.values():
            for label, widget in field.rows():
                self.form.addRow(label, widget)

        self.create_button = QPushButton(self)
        self.create_button.setObjectName("create_pdf")
        self.create_button.clicked.connect(self.create_pdf)
        self.message = Feedback(self, "document_message")
        self.done = Feedback(self, "document_done")
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

    # The editors of the options every version has, by name (tests and callers use them).
    def _field(self, name: str, sort: type[FieldT]) -> FieldT:
        field = self.fields[name]
        if not isinstance(field, sort):
            raise TypeError(f"{name} is a {type(field).__name__}")
        return field

    @property
    def lang(self) -> QComboBox:
        return self._field("lang", ComboField).combo

    @property
    def year(self) -> QSpinBox:
        return self._field("year", YearField).spin

    @property
    def status(self) -> QComboBox:
        return self._field("status", ComboField).combo

    @property
    def record(self) -> QComboBox:
        return self._field("record_id", RecordField).combo

    @property
    def record_search(self) -> QLineEdit:
        return self._field("record_id", RecordField).search

    def retranslate(self) -> None:
        self.heading.setText(_("Choose a document, its options, then create the PDF."))
        role = _(ROLE_LABELS[self.context.actor.role])
        separator = "، " if current_language() == "ar" else ", "
        for row in range(self.kinds.count()):
            item = self.kinds.item(row)
            kind = REPORT_KINDS[item.data(KIND_ROLE)]
            text = _(kind.label)
            tip = ""
            if not is_available(kind):
                text = _("{document} (not available in this version)").format(document=text)
            elif not item.data(ALLOWED_ROLE):
                roles = separator.join(_(ROLE_LABELS[allowed]) for allowed in kind.roles())
                tip = _("Your role ({role}) cannot make this document. Made by: {roles}.").format(
                    role=role, roles=roles
                )
            item.setText(text)
            item.setToolTip(tip)
        for field in self.fields.values():
            field.retranslate()
        self.create_button.setText(_("Create PDF…"))
        self._kind_changed()

    # --- data ------------------------------------------------------------------------------

    def _apply_access(self) -> None:
        """Grey out the documents the signed-in user's role may not make (and those not
        installed); the current one moves to the first left, if it was one of them."""
        actor = self.context.actor
        for row in range(self.kinds.count()):
            item = self.kinds.item(row)
            kind = REPORT_KINDS[item.data(KIND_ROLE)]
            allowed = kind.allows(actor)
            item.setData(ALLOWED_ROLE, allowed)
            if allowed and is_available(kind):
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
        current = self.kinds.currentItem()
        if current is not None and not current.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.kinds.setCurrentRow(-1)

    def _makeable(self, kind: ReportKind | None) -> bool:
        return kind is not None and is_available(kind) and kind.allows(self.context.actor)

    def _actor_changed(self) -> None:
        self._apply_access()
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        with self.context.database.session() as session:
            try:
                default = get_association(session).default_language
            except NassijError:
                default = "ar"
        self._association_lang = default
        self._field("lang", ComboField).select(default)
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

    def _data_changed(self, changed: Changes) -> None:
        # Out of sight, the page waits: the main window reloads a page each time it is shown.
        if concerns(changed, CONCERNS) and self.isVisible():
            self.refresh()

    def current_kind(self) -> str | None:
        item = self.kinds.currentItem()
        return str(item.data(KIND_ROLE)) if item is not None else None

    def fulfil(self, request: Request, target_id: int | None = None) -> None:
        if request in (Request.CAMPAIGN_REPORT, Request.PUBLIC_AID_ACCOUNT):
            self.select_kind(request.task)

    def select_kind(self, kind: str) -> None:
        for row in range(self.kinds.count()):
            if self.kinds.item(row).data(KIND_ROLE) == kind:
                self.kinds.setCurrentRow(row)
                return

    def _kind(self) -> ReportKind | None:
        return REPORT_KINDS.get(self.current_kind() or "")

    def _kind_changed(self) -> None:
        kind = self._kind()
        taken = {option.field for option in kind.options} if kind else set()
        about = kind.about if kind else None
        self.options.setTitle(_(kind.label) if kind else "")
        for name, field in self.fields.items():
            field.show_kind(about if name in taken else None)
            for widget, visible in field.row_visibility(name in taken):
                self.form.setRowVisible(widget, visible)
        self.description.setVisible(about is not None and about is not RecordSort.MEMBERS)
        if about is RecordSort.MEMBER:
            self.description.setText(_("Without a choice of member, the form is printed blank."))
        else:
            self.description.setText(
                _("Without a choice, the document is about the most recent record.")
            )
        self.create_button.setEnabled(self._makeable(kind))
        self._kind_language(kind)
        self.message.clear_message()
        self.done.clear_message()

    def _kind_language(self, kind: ReportKind | None) -> None:
        """A document that declares its language (the SGG's declaration: Arabic) starts at
        it; the next document goes back to the association's, unless the user chose another."""
        field = self._field("lang", ComboField)
        if kind is not None and kind.default_lang:
            self._declared_lang = kind.default_lang
            field.select(kind.default_lang)
        elif self._declared_lang is not None:
            if field.value() == self._declared_lang:
                field.select(self._association_lang)
            self._declared_lang = None

    def search_records(self) -> None:
        self._field("record_id", RecordField).fill()

    # --- producing -------------------------------------------------------------------------

    def request(self, out: Path) -> ReportRequest:
        """The chosen document's request: the value of each option it declares. A value that
        cannot be read (a mistyped date) raises ValidationError."""
        kind = self._kind()
        options = kind.options if kind else ()
        values = {option.field: self.fields[option.field].value() for option in options}
        values.setdefault("lang", self.lang.currentData())
        return ReportRequest(out=out, **values)

    def suggested_name(self) -> str:
        """The file name proposed (in the folder of the last document saved, or Documents)."""
        kind = self.current_kind() or "document"
        stamp = clock.today().isoformat()
        name = re.sub(r"[^a-z0-9-]", "", f"{kind}-{self.lang.currentData()}-{stamp}")
        return f"{name}.pdf"

    def create_pdf(self) -> Operation[ReportResult] | None:
        """Write the chosen document on a worker, then show it in the preview (Print, Save
        as…, Open with…). None: nothing was started."""
        return self._start(Path(self.suggested_name()), preview=True)

    def produce(self, out: Path) -> Operation[ReportResult] | None:
        """Start writing the chosen document to `out` (".pdf" added if missing) on a worker,
        nothing shown. None: nothing was started."""
        return self._start(out, preview=False)

    def _start(self, out: Path, *, preview: bool) -> Operation[ReportResult] | None:
        kind = self._kind()
        if kind is None:
            return None
        self.message.clear_message()
        self.done.clear_message()
        try:
            request = self.request(out)
        except ValidationError as error:
            self.show_message(str(error))
            return None
        self.create_button.setEnabled(False)
        if preview:
            operation = preview_document(
                self,
                self.context,
                kind.name,
                request,
                shown=self._preview_shown,
                refused=self._refused,
                always=self._enable_create,
                cancellable=kind.reports_progress,
            )
        else:
            operation = produce_document(
                self,
                self.context,
                kind.name,
                request,
                done=self._produced,
                refused=self._refused,
                always=self._enable_create,
                cancellable=kind.reports_progress,
            )
        if operation is None:
            self._enable_create()
        return operation

    def _preview_shown(self, dialog: PdfPreviewDialog) -> None:
        self.preview = dialog

    def _refused(self, error: NassijError) -> None:
        self.show_message(str(error))

    def _enable_create(self) -> None:
        kind = self._kind()
        self.create_button.setEnabled(self._makeable(kind))

    def _produced(self, result: ReportResult) -> None:
        self.last_path = result.path
        name = isolate(result.path.name, "ltr")
        self.done.say(
            lambda: _("Created: {path} — pages: {pages}").format(path=name, pages=result.pages)
        )

    def show_message(self, text: str) -> None:
        self.message.fail(text)
