"""Record a year's dues for many members at once: the selected members, a category, or every
member who owes them. All or nothing (`core.members.bulk_dues`), on a worker; then the count
recorded and already paid, and the run's receipts saved as one PDF."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.core.members.bulk_dues import BulkDuesResult, record_dues_bulk
from nassij_desktop.core.members.models import PAYMENT_METHOD_LABELS, PaymentMethod
from nassij_desktop.core.members.services import CategoryRecord
from nassij_desktop.i18n import N_, _, current_language, ngettext
from nassij_desktop.i18n.formatting import (
    bidi_text,
    format_amount,
    format_money,
    format_number,
    isolate,
)
from nassij_desktop.reports.request import Lang
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_save_path
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import Operation, in_read_session, in_transaction
from nassij_desktop.ui.common.pdf_output import document_language, pdf_path
from nassij_desktop.ui.members.fields import ChoiceBox, translated

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from nassij_desktop.reports.receipts.dues_receipts_batch import ReceiptsBatch

SELECTED, CATEGORY, ALL = "selected", "category", "all"
LANGUAGES = (("ar", N_("Arabic")), ("fr", N_("French")))


class BulkDuesDialog(BaseDialog):
    recorded = Signal(object)  # the BulkDuesResult

    def __init__(
        self,
        context: AppContext,
        selected: Sequence[int],
        categories: list[CategoryRecord],
        category: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`selected`: the ids of the members selected on the page; `category`: the page's
        category filter, offered first when no member is selected."""
        super().__init__(parent)
        self.setObjectName("bulk_dues_dialog")
        self.context = context
        self.selected = tuple(selected)
        self.categories = [c for c in categories if c.active or c.code == category]
        self.result_: BulkDuesResult | None = None
        self.receipts: ReceiptsBatch | None = None
        self.running: Operation[BulkDuesResult] | None = None
        self.setMinimumWidth(520)
        today = clock.today()

        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.scope_group = QButtonGroup(self)
        self.scope_selected = QRadioButton(self)
        self.scope_category = QRadioButton(self)
        self.scope_all = QRadioButton(self)
        for button, scope in (
            (self.scope_selected, SELECTED),
            (self.scope_category, CATEGORY),
            (self.scope_all, ALL),
        ):
            button.setObjectName(f"scope_{scope}")
            self.scope_group.addButton(button)
        self.scope_selected.setEnabled(bool(self.selected))
        self.category = ChoiceBox(self)
        self.category.setObjectName("bulk_category")
        self.category.set_choices([(c.code, self._category_label(c)) for c in self.categories])
        if category is not None:
            self.category.select(category)
        if self.selected:
            self.scope_selected.setChecked(True)
        else:
            self.scope_category.setChecked(True)
        self.year = set_field_direction(QSpinBox(self))
        self.year.setObjectName("bulk_year")
        self.year.setRange(1900, today.year + 1)
        self.year.setValue(today.year)
        self.amount = set_field_direction(QLineEdit(self), "amount")
        self.amount.setObjectName("bulk_amount")
        self.method = ChoiceBox(self)
        self.method.set_choices(
            [(m.value, translated(PAYMENT_METHOD_LABELS[m])) for m in PaymentMethod]
        )
        self.paid_on = DateEdit(self)
        self.paid_on.set_date(today)
        self.outcome = QLabel(self)
        self.outcome.setObjectName("bulk_outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.hide()
        self.receipts_language = ChoiceBox(self)
        self.receipts_language.set_choices([(code, translated(n)) for code, n in LANGUAGES])
        self.receipts_language.select(document_language())
        self.receipts_language_label = QLabel(self)
        self.receipts_row = QWidget(self)
        row = QHBoxLayout(self.receipts_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.receipts_language_label)
        row.addWidget(self.receipts_language)
        row.addStretch(1)
        self.receipts_row.hide()

        choices = QVBoxLayout()
        choices.addWidget(self.scope_selected)
        with_category = QHBoxLayout()
        with_category.addWidget(self.scope_category)
        with_category.addWidget(self.category)
        with_category.addStretch(1)
        choices.addLayout(with_category)
        choices.addWidget(self.scope_all)
        self.form = QFormLayout()
        self._labels = [QLabel(self) for _i in range(5)]
        self.form.addRow(self._labels[0], self.errors.wrap("category", self._box(choices)))
        self.form.addRow(self._labels[1], self.errors.wrap("year", self.year))
        self.form.addRow(self._labels[2], self.errors.wrap("amount", self.amount))
        self.form.addRow(self._labels[3], self.errors.wrap("method", self.method))
        self.form.addRow(self._labels[4], self.errors.wrap("paid_on", self.paid_on))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.receipts_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.receipts_button.hide()
        self.save_button.clicked.connect(self.save)
        self.receipts_button.clicked.connect(lambda: self.save_receipts())
        self.close_button.clicked.connect(self.reject)
        self.scope_group.buttonToggled.connect(self._scope_changed)
        self.category.currentIndexChanged.connect(self._scope_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.outcome)
        layout.addWidget(self.receipts_row)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self._scope_changed()
        self.retranslate()

    def _box(self, inner: QVBoxLayout) -> QWidget:
        box = QWidget(self)
        inner.setContentsMargins(0, 0, 0, 0)
        box.setLayout(inner)
        return box

    @staticmethod
    def _category_label(category: CategoryRecord) -> Callable[[], str]:
        return lambda: category.label(current_language())

    def scope(self) -> str:
        if self.scope_selected.isChecked():
            return SELECTED
        return CATEGORY if self.scope_category.isChecked() else ALL

    def _rate(self) -> Decimal | None:
        """The chosen category's rate: the amount the form proposes for a category."""
        code = self.category.currentData()
        rate = next((c.default_dues for c in self.categories if c.code == code), None)
        return rate if rate else None

    def _scope_changed(self, *_args: object) -> None:
        self.category.setEnabled(self.scope() == CATEGORY)
        rate = self._rate() if self.scope() == CATEGORY else None
        self.amount.setText(format_amount(rate) if rate is not None else "")

    def retranslate(self) -> None:
        self.setWindowTitle(_("Record dues for several members"))
        count = len(self.selected)
        self.scope_selected.setText(
            ngettext("The {count} selected member", "The {count} selected members", count).format(
                count=format_number(count)
            )
        )
        self.scope_category.setText(_("The members of the category"))
        self.scope_all.setText(_("Every member who owes the year's dues"))
        for label, text in zip(
            self._labels,
            (_("Members"), _("Year"), _("Amount"), _("Payment method"), _("Paid on")),
            strict=True,
        ):
            label.setText(text)
        self.amount.setPlaceholderText(_("Each member's category rate"))
        self.category.retranslate()
        self.method.retranslate()
        self.receipts_language.retranslate()
        self.receipts_language_label.setText(_("Language of the receipts:"))
        if self.result_ is not None:
            # Each line in the interface's direction, numbers and paths kept whole.
            self.outcome.setText(
                "\n".join(bidi_text(line) for line in self.outcome_text().splitlines())
            )
        self.save_button.setText(_("Record"))
        self.receipts_button.setText(_("Save the receipts as PDF…"))
        self.close_button.setText(_("Close") if self.result_ else _("Cancel"))

    def outcome_text(self) -> str:
        result = self.result_
        if result is None:
            return ""
        count = len(result.recorded)
        lines = [
            ngettext(
                "Dues of {year} recorded for {count} member: {total}.",
                "Dues of {year} recorded for {count} members: {total}.",
                count,
            ).format(year=result.year, count=format_number(count), total=format_money(result.total))
        ]
        if count:
            lines.append(
                _("Receipts {first} to {last}.").format(
                    first=result.recorded[0].receipt_number,
                    last=result.recorded[-1].receipt_number,
                )
            )
        if result.already_paid:
            lines.append(
                ngettext(
                    "{count} member had already paid.",
                    "{count} members had already paid.",
                    result.already_paid,
                ).format(count=format_number(result.already_paid))
            )
        if result.without_rate:
            lines.append(
                ngettext(
                    "{count} member of a category without a rate was left out.",
                    "{count} members of a category without a rate were left out.",
                    result.without_rate,
                ).format(count=format_number(result.without_rate))
            )
        if self.receipts is not None:
            pages = self.receipts.pages
            lines.append(
                ngettext(
                    "Receipts saved: {path} ({count} page).",
                    "Receipts saved: {path} ({count} pages).",
                    pages,
                ).format(path=isolate(str(self.receipts.path), "ltr"), count=format_number(pages))
            )
        return "\n".join(lines)

    # --- recording -----------------------------------------------------------------------------

    def save(self) -> Operation[BulkDuesResult] | None:
        """Read the form, then record on a worker (a thousand receipts take a moment)."""
        self.errors.clear()
        try:
            text = self.amount.text().strip()
            amount = parse_money(text, field="amount") if text else None
            paid_on = self.paid_on.date("paid_on", required=True)
        except ValidationError as error:
            self.errors.show(error)
            return None
        assert paid_on is not None
        scope, year = self.scope(), self.year.value()
        member_ids = self.selected if scope == SELECTED else None
        category = self.category.currentData() if scope == CATEGORY else None
        method = PaymentMethod(self.method.currentData())
        actor = self.context.actor

        def work(session: Session, progress: Progress) -> BulkDuesResult:
            return record_dues_bulk(
                session,
                actor,
                year,
                paid_on=paid_on,
                method=method,
                member_ids=member_ids,
                category=category,
                amount=amount,
                progress=progress,
            )

        operation = Operation(
            self,
            in_transaction(self.context.database, work),
            label=_("Recording the dues…"),
            cancellable=True,
        )
        # The receipts are posted to the books; the register shows who paid for the year.
        operation.success(self._recorded).failure(self._refused)
        operation.announce(self.context, {Change.DUES, Change.BOOKS})
        self.save_button.setEnabled(False)
        operation.always(lambda: self.save_button.setEnabled(self.result_ is None))
        if not operation.run_in_background():
            self.save_button.setEnabled(True)
            return None
        self.running = operation
        return operation

    def _refused(self, error: NassijError) -> None:
        if isinstance(error, ValidationError):
            self.errors.show(error)
        else:
            self.errors.show_general(str(error))

    def _recorded(self, result: BulkDuesResult) -> None:
        self.result_ = result
        for editor in (
            self.scope_selected,
            self.scope_category,
            self.scope_all,
            self.category,
            self.year,
            self.amount,
            self.method,
            self.paid_on,
        ):
            editor.setEnabled(False)
        self.save_button.hide()
        self.outcome.show()
        if result.recorded:
            self.receipts_row.show()
            self.receipts_button.show()
            self.receipts_button.setFocus()
        self.retranslate()
        self.recorded.emit(result)

    # --- receipts ------------------------------------------------------------------------------

    def save_receipts(self, path: Path | None = None) -> Operation[ReceiptsBatch] | None:
        """The run's receipts in one PDF at `path` (asked when None), written on a worker."""
        if self.result_ is None or not self.result_.recorded:
            return None
        if path is None:
            path = ask_save_path(
                self,
                FileKind.DOCUMENTS,
                _("Save the receipts"),
                f"dues-receipts-{self.result_.year}.pdf",
            )
            if path is None:
                return None
        out = pdf_path(path)
        ids = self.result_.payment_ids
        lang: Lang = "fr" if self.receipts_language.currentData() == "fr" else "ar"
        actor = self.context.actor

        def work(session: Session, progress: Progress) -> ReceiptsBatch:
            # The document engine (fpdf2, fontTools: a third of a second to import) is loaded
            # when receipts are made, not with the members page.
            from nassij_desktop.reports.receipts.dues_receipts_batch import dues_receipts_batch

            return dues_receipts_batch(session, actor, ids, lang, out, progress)

        operation = Operation(
            self,
            in_read_session(self.context.database, work),
            label=_("Creating the document…"),
            cancellable=True,
        )
        operation.success(self._receipts_saved).failure(
            lambda error: self.errors.show_general(str(error))
        )
        return operation if operation.run_in_background() else None

    def _receipts_saved(self, result: ReceiptsBatch) -> None:
        self.receipts = result
        self.retranslate()
