"""The budget of a draft request, line by line: what it buys, the account it will be spent on,
the quantity and unit cost (the amount follows), and the share asked of this funder (empty:
all of it). The totals below say what the project costs, what is asked of the funder and the
co-funding (the rest, paid by the association or other partners). Saving replaces the budget
and makes the amount requested the sum of the shares (`set_request_budget`), over the
request's version the dialog opened with: a budget saved meanwhile by someone else meets the
conflict dialog, a line per line that differs (reload theirs, or overwrite knowingly).

By keyboard: Insert adds a line under the current one, Ctrl+Delete removes it, Ctrl+Up and
Ctrl+Down move it; the cells are edited by typing (F2 or any key)."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ConflictError, ValidationError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.core.funding.services import (
    BudgetLineData,
    BudgetLineRecord,
    FundingRequestRecord,
    get_funding_request,
    request_budget,
    set_request_budget,
)
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import bidi_text, format_amount, isolate
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.conflict_dialog import (
    OVERWRITE,
    RELOAD,
    ConflictDialog,
    KeepsConflict,
    ask,
    line_differences,
)
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import Written, run_write
from nassij_desktop.ui.common.row_table import (
    RIGHT,
    Editor,
    RowButtons,
    RowColumn,
    RowTable,
    bind_save,
)
from nassij_desktop.ui.funding.labels import money

LABEL, ACCOUNT, QUANTITY, UNIT, AMOUNT, SHARE = range(6)
COLUMNS = (
    RowColumn(N_("Budget line")),
    RowColumn(N_("Account"), width=80, align=RIGHT),
    RowColumn(N_("Quantity"), Editor.NUMBER, width=80),
    RowColumn(N_("Unit cost"), Editor.AMOUNT, width=120),
    RowColumn(N_("Amount"), Editor.SHOWN, width=130),
    RowColumn(N_("Asked of the funder"), Editor.AMOUNT, width=150),
)


class BudgetDialog(KeepsConflict, BaseDialog):
    saved = Signal(object)  # the FundingRequestRecord

    def __init__(
        self,
        context: AppContext,
        request: FundingRequestRecord,
        lines: list[BudgetLineRecord],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("budget_dialog")
        self.context = context
        self.request = request
        self._conflict: ConflictError | None = None  # the refusal of the last save, if one
        self.setMinimumSize(820, 420)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.table = RowTable("budget_table", COLUMNS, self)
        self._fill(lines)
        self.table.cell_edited.connect(self._cell_edited)
        self.table.edited.connect(self._show_totals)
        self.totals = QLabel(self)
        self.totals.setObjectName("budget_totals")
        self.totals.setWordWrap(True)
        self.row_buttons = RowButtons(self.table, self)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setAutoDefault(False)  # Enter edits a cell; Ctrl+S saves
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        bind_save(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.row_buttons)
        layout.addWidget(self.totals)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        if self.table.rowCount():
            self.table.setCurrentCell(0, LABEL)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Budget of the request"))
        self.heading.setText(
            bidi_text(
                _(
                    "The budget of “{title}”: each line's cost, and the share asked of this "
                    "funder (empty: all of it). The rest is co-funded."
                ).format(title=isolate(self.request.title))
            )
        )
        self.table.retranslate()
        self.row_buttons.retranslate()
        self.save_button.setText(_("Save the budget"))
        self.cancel_button.setText(_("Cancel"))
        self._show_totals()

    # --- rows --------------------------------------------------------------------------------

    def _fill(self, lines: list[BudgetLineRecord]) -> None:
        self.table.setRowCount(0)
        for line in lines:
            self.add_row(
                line.label,
                line.account or "",
                line.quantity,
                format_amount(line.unit_cost),
                format_amount(line.funded_by_request),
            )
        self.table.mark_clean()

    def add_row(
        self,
        label: str = "",
        account: str = "",
        quantity: int = 1,
        unit_cost: str = "",
        share: str = "",
        at: int | None = None,
    ) -> int:
        row = self.table.insert_row((label, account, quantity, unit_cost, "", share), at)
        self._refresh_amount(row)
        return row

    def _text(self, row: int, column: int) -> str:
        return self.table.text(row, column)

    def _cell_edited(self, row: int, column: int) -> None:
        if column != AMOUNT:
            self._refresh_amount(row)

    def _figures(self, row: int) -> tuple[Decimal, Decimal] | None:
        """The line's amount and the funder's share, None while they cannot be read."""
        try:
            quantity = int(self._text(row, QUANTITY))
            unit = self.table.amount(row, UNIT, "unit_cost")
            if unit is None:
                raise ValueError
            share = self.table.amount(row, SHARE, "funded_by_request")
            amount = unit * quantity
        except (ValueError, ValidationError):
            return None
        return amount, amount if share is None else share

    def _refresh_amount(self, row: int) -> None:
        figures = self._figures(row)
        self.table.set_text(row, AMOUNT, format_amount(figures[0]) if figures else "")

    def totals_figures(self) -> tuple[Decimal, Decimal]:
        """The budget's total and what is asked of the funder (the lines that can be read)."""
        total = asked = ZERO
        for row in range(self.table.rowCount()):
            figures = self._figures(row)
            if figures is not None:
                total += figures[0]
                asked += figures[1]
        return total, asked

    def _show_totals(self) -> None:
        total, asked = self.totals_figures()
        currency = self.request.currency
        self.totals.setText(
            bidi_text(
                _("Total: {total} — asked of the funder: {asked} — co-funding: {co}").format(
                    total=money(total, currency),
                    asked=money(asked, currency),
                    co=money(total - asked, currency),
                )
            )
        )

    # --- saving ------------------------------------------------------------------------------

    def lines(self) -> list[BudgetLineData]:
        """The lines as typed; a figure that cannot be read is refused naming its row."""
        out = []
        for row in range(self.table.rowCount()):
            number = row + 1
            try:
                quantity = int(self._text(row, QUANTITY))
            except ValueError:
                raise ValidationError(
                    "quantity",
                    _("Row {row}: {message}").format(
                        row=number, message=_("The quantity is a whole number from 1.")
                    ),
                    row=number,
                ) from None
            try:
                unit = parse_money(self._text(row, UNIT), field="unit_cost")
                funded = self.table.amount(row, SHARE, "funded_by_request")
            except ValidationError as error:
                raise ValidationError(
                    error.field,
                    _("Row {row}: {message}").format(row=number, message=error.message),
                    row=number,
                ) from None
            out.append(
                BudgetLineData(
                    label=self._text(row, LABEL),
                    unit_cost=unit,
                    quantity=quantity,
                    funded_by_request=funded,
                    account=self._text(row, ACCOUNT) or None,
                )
            )
        return out

    def _save(self, session: Session, *, overwrite: bool = False) -> FundingRequestRecord:
        return set_request_budget(
            session,
            self.context.actor,
            self.request.id,
            self.lines(),
            expected_version=self.request.version,
            overwrite=overwrite,
        )

    def _write(self, *, overwrite: bool = False) -> Written[FundingRequestRecord] | None:
        self._conflict = None

        return run_write(
            self.context,
            partial(self._save, overwrite=overwrite),
            changes={Change.FUNDING},
            errors=self.errors,
            failure=self._refused,
            initiator=self,
        )

    def _resolve(self, conflict: ConflictError) -> Written[FundingRequestRecord] | None:
        """Someone else saved the request since the dialog opened: the lines that differ,
        then reload theirs, save over them (confirmed) or keep editing."""
        with self.context.database.session() as session:
            stored = get_funding_request(session, self.context.actor, self.request.id)
            theirs = request_budget(session, self.context.actor, self.request.id)
        mine = [
            _line_text(line.label, line.account, line.quantity, line.unit_cost, share)
            for line in self.lines()
            for share in [
                line.unit_cost * line.quantity
                if line.funded_by_request is None
                else line.funded_by_request
            ]
        ]
        differences = line_differences(
            mine,
            [
                _line_text(t.label, t.account, t.quantity, t.unit_cost, t.funded_by_request)
                for t in theirs
            ],
        )
        if not differences:  # they changed something else of the request: nothing is lost
            self.request = stored
            return self._write()
        choice = ask(self, ConflictDialog(str(conflict), differences, self))
        if choice == RELOAD:
            self.request = stored
            self._fill(theirs)
            self._show_totals()
            return None
        if choice == OVERWRITE:
            return self._write(overwrite=True)
        self.errors.show_general(_("Not saved: someone else saved this request meanwhile."))
        return None

    def save(self) -> bool:
        self.errors.clear()
        done = self._write()
        conflict = self.take_conflict()
        if done is None and conflict is not None:
            done = self._resolve(conflict)
        if done is None:
            return False
        self.saved.emit(done.value)
        self.accept()
        return True


def _line_text(
    label: str, account: str | None, quantity: int, unit_cost: Decimal, share: Decimal
) -> str:
    """A budget line as the conflict dialog shows it: its label, its account, quantity ×
    unit cost, and what is asked of the funder."""
    figures = f"{quantity} × {format_amount(unit_cost)} → {format_amount(share)}"
    return " · ".join(part for part in (label, account, figures) if part)
