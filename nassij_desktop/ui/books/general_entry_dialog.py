"""The accountant's general entry: any number of lines, saved as a draft or validated; the same
dialog edits a draft (its lines replaced on saving).

Typed with the keyboard only: Tab runs through the heading, then each line (account, debit,
credit, line label); a new blank line appears as soon as the last one is typed in, and blank
lines are dropped on saving. Enter saves as a draft, Ctrl+Enter saves and validates,
Ctrl+Delete removes the line being typed. The account is typed by its number or found by a
word of its label: every line's completer reads one list of the chart built once for the
dialog (never a combo box of the whole chart per line). The totals and the difference follow
each keystroke. A refusal shows under its field; a line's refusal names the line, whose number
turns red, and its account takes the focus.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.books.entries import EntryRecord, get_entry
from nassij_desktop.core.books.entry_list import journal_codes
from nassij_desktop.core.books.general_entries import GeneralEntry, TypedLine, save_general_entry
from nassij_desktop.core.books.models import PaymentMethod
from nassij_desktop.core.books.quick_entries import (
    PAYMENT_METHOD_LABELS,
    AccountChoice,
    QuickEntryChoices,
)
from nassij_desktop.core.books.services import EntryParties
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ConflictError, ValidationError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.i18n.formatting import format_amount, plain_text
from nassij_desktop.ui.books.choices import LabelledBox, named_choices, none_choice, translated
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.conflict_dialog import (
    OVERWRITE,
    RELOAD,
    ConflictDialog,
    Difference,
    KeepsConflict,
    ask,
    shown,
)
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import ERROR_STYLE, OK_COLOR, FieldErrors, error_label
from nassij_desktop.ui.common.operations import Written, run_write

GENERAL_JOURNAL = "OD"  # opérations diverses: where an accountant's entry usually goes
FIRST_LINES = 2
_LEADING_NUMBER = re.compile(r"^\s*(\d+)")
_AMOUNT_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute


class AccountEdit(QLineEdit):
    """An account typed by its number, or chosen in the list that opens as a word of its
    label is typed; the number typed whole is completed with its label on leaving."""

    def __init__(
        self,
        accounts: dict[str, AccountChoice],
        model: QStringListModel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        completer = QCompleter(model, self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self.editingFinished.connect(self.show_label)

    def account(self) -> str:
        """The number typed or chosen: the digits the text starts with, else the account
        whose label was typed whole, else the text as it is (refused by the service)."""
        text = plain_text(self.text()).strip()
        match = _LEADING_NUMBER.match(text)
        if match:
            return match.group(1)
        for number, account in self._accounts.items():
            if text and text.casefold() in (
                account.label_ar.casefold(),
                account.label_fr.casefold(),
            ):
                return number
        return text

    def set_account(self, number: str) -> None:
        self.setText(number)
        self.show_label()

    def show_label(self) -> None:
        number = self.account()
        if number in self._accounts:
            text = account_text(self._accounts[number])
            if self.text() != text:
                self.setText(text)
                self.setCursorPosition(0)


def account_text(account: AccountChoice) -> str:
    return f"{account.number} — {account.label(current_language())}"


class LineRow:
    """The editors of one line of the grid."""

    def __init__(self, dialog: GeneralEntryDialog) -> None:
        parent = dialog.lines_widget
        self.number = QLabel(parent)
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.account = AccountEdit(dialog.accounts, dialog.account_model, parent)
        self.account.setMinimumWidth(260)
        self.debit = _amount_edit(parent)
        self.credit = _amount_edit(parent)
        self.label = set_field_direction(QLineEdit(parent), "label")
        self.remove = QToolButton(parent)
        self.remove.setIcon(parent.style().standardIcon(QStyle.StandardPixmap.SP_DialogCloseButton))
        # The keyboard removes a line with Ctrl+Delete: the button is for the mouse only, so
        # that Tab goes from one line's label to the next line's account.
        self.remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove.setAutoRaise(True)

    def editors(self) -> tuple[QLineEdit, ...]:
        return (self.account, self.debit, self.credit, self.label)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.number, *self.editors(), self.remove)

    def typed(self) -> TypedLine:
        return TypedLine(
            self.account.account(), self.debit.text(), self.credit.text(), self.label.text()
        )

    def set_number(self, number: int) -> None:
        self.number.setText(str(number))
        self.number.setStyleSheet("")
        self.remove.setToolTip(_("Remove line {n} (Ctrl+Delete)").format(n=number))


def _discard(grid: QGridLayout, row: LineRow) -> None:
    for widget in row.widgets():
        grid.removeWidget(widget)
        widget.hide()  # at once: deleteLater waits for the event loop
        widget.deleteLater()


def _amount_edit(parent: QWidget) -> QLineEdit:
    editor = QLineEdit(parent)
    # Amounts are typed left to right and read from the right, in both languages.
    editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    editor.setAlignment(_AMOUNT_ALIGN)
    editor.setMaximumWidth(140)
    return editor


def _value(editor: QLineEdit) -> Decimal:
    """The amount typed, for the running totals: nothing, or what cannot be read yet, is 0."""
    text = editor.text().strip()
    if not text:
        return ZERO
    try:
        return parse_money(text)
    except ValidationError:
        return ZERO


class GeneralEntryDialog(KeepsConflict, BaseDialog):
    def __init__(
        self,
        context: AppContext,
        choices: QuickEntryChoices,
        parent: QWidget | None = None,
        draft: EntryRecord | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("general_entry_dialog")
        self.context = context
        self.draft = draft
        self._conflict: ConflictError | None = None  # the refusal of the last save, if one
        self.conflict_dialog: ConflictDialog | None = None  # while it is open
        self.record: EntryRecord | None = None
        self.validated = False  # what the last save did
        self.accounts = {a.number: a for a in choices.accounts}
        # One list of the chart for every line's completer.
        self.account_model = QStringListModel(self)
        self.rows: list[LineRow] = []
        self._loading = False
        self._refused_line: int | None = None
        self.setMinimumWidth(860)
        with context.database.session() as session:
            journals = journal_codes(session, context.actor)

        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._captions: list[tuple[QLabel, str]] = []
        self.date = DateEdit(self, clock.today())
        self.journal = LabelledBox(self)
        self.journal.set_choices([(code, _journal_name(code, ar, fr)) for code, ar, fr in journals])
        self.journal.select(GENERAL_JOURNAL)
        self.label = set_field_direction(QLineEdit(self), "label")
        self.voucher = set_field_direction(QLineEdit(self), "reference")
        self.third_party = set_field_direction(QLineEdit(self), "third_party")
        self.payment_method = LabelledBox(self)
        self.payment_method.set_choices(
            [none_choice(), *((m, translated(PAYMENT_METHOD_LABELS[m])) for m in PaymentMethod)]
        )
        self.payment_reference = set_field_direction(QLineEdit(self), "payment_reference")
        self.project = LabelledBox(self)
        self.project.set_choices([none_choice(), *named_choices(choices.projects)])
        self.funder = LabelledBox(self)
        self.funder.set_choices([none_choice(), *named_choices(choices.funders)])
        self.aid_kind = set_field_direction(QLineEdit(self), "aid_kind")
        self.agreement_number = set_field_direction(QLineEdit(self), "agreement_number")
        self.agreement_date = DateEdit(self)
        self._heading: list[QWidget] = []
        for field, caption, editor in (
            ("date", N_("Date"), self.date),
            ("journal", N_("Journal"), self.journal),
            ("label", N_("Label"), self.label),
            ("reference", N_("Voucher reference"), self.voucher),
            ("third_party", N_("Third party"), self.third_party),
            ("payment_method", N_("Payment method"), self.payment_method),
            ("payment_reference", N_("Payment reference"), self.payment_reference),
            ("analytic_tag", N_("Project"), self.project),
            ("funder", N_("Funder"), self.funder),
            ("aid_kind", N_("Kind of aid"), self.aid_kind),
            ("agreement_number", N_("Agreement number"), self.agreement_number),
            ("agreement_date", N_("Agreement date"), self.agreement_date),
        ):
            editor.setObjectName(field)
            self._add(field, caption, editor)
        self.voucher.setObjectName("voucher")

        # The lines: a grid of editors in a scrolled area, the totals under it.
        self.lines_widget = QWidget(self)
        self.lines_widget.setObjectName("entry_lines")
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        packed = QVBoxLayout(self.lines_widget)  # the lines from the top, the space under them
        packed.setContentsMargins(4, 4, 4, 4)
        packed.addLayout(self.grid)
        packed.addStretch(1)
        self.grid.setColumnStretch(1, 3)
        self.grid.setColumnStretch(4, 2)
        self._headers = [QLabel(self.lines_widget) for _i in range(5)]
        for column, header in enumerate(self._headers):
            self.grid.addWidget(header, 0, column)
        self.lines_area = QScrollArea(self)
        self.lines_area.setWidgetResizable(True)
        self.lines_area.setWidget(self.lines_widget)
        self.lines_area.setMinimumHeight(200)
        self.lines_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        lines_box = self.errors.wrap("lines", self.lines_area)

        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add_line_button")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_line)
        self.total_debit = self._figure("total_debit")
        self.total_credit = self._figure("total_credit")
        self.difference = self._figure("difference")
        self._total_captions = [QLabel(self) for _i in range(3)]
        totals = QHBoxLayout()
        totals.addWidget(self.add_button)
        totals.addStretch(1)
        for total_caption, figure in zip(
            self._total_captions,
            (self.total_debit, self.total_credit, self.difference),
            strict=True,
        ):
            total_caption.setBuddy(figure)
            totals.addWidget(total_caption)
            totals.addWidget(figure)

        self.buttons = QDialogButtonBox(self)
        self.draft_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.draft_button.setObjectName("save_draft_button")
        self.validate_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.validate_button.setObjectName("save_validate_button")
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.draft_button.setDefault(True)
        self.validate_button.setAutoDefault(False)
        # Bound methods, never a lambda over the dialog (deleted on close: see ARCHITECTURE).
        self.draft_button.clicked.connect(self.save_draft)
        self.validate_button.clicked.connect(self.save_validated)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Delete"), self, self.remove_current_line)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(lines_box, 1)
        layout.addLayout(totals)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

        if draft is None:
            for _i in range(FIRST_LINES):
                self._append_row()
        else:
            self._load(draft)
        self.retranslate()
        self._update_totals()
        self.date.setFocus()

    # --- building ----------------------------------------------------------------------------

    def _add(self, field: str, caption: str, editor: QWidget) -> None:
        label = QLabel(self)
        label.setBuddy(editor)
        self.form.addRow(label, self.errors.wrap(field, editor))
        self._captions.append((label, caption))
        self._heading.append(editor)

    def _figure(self, name: str) -> QLabel:
        figure = QLabel(self)
        figure.setObjectName(name)
        figure.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        figure.setAlignment(_AMOUNT_ALIGN | Qt.AlignmentFlag.AlignVCenter)
        figure.setMinimumWidth(110)
        return figure

    def _append_row(self) -> LineRow:
        row = LineRow(self)
        position = len(self.rows) + 1  # the grid's row 0 holds the headers
        for column, widget in enumerate(row.widgets()):
            self.grid.addWidget(widget, position, column)
            # At once, not when the layout's posted show arrives: the Tab that follows the
            # keystroke which made this line must already find it.
            widget.show()
        for editor in row.editors():
            editor.textChanged.connect(self._typed)
        row.remove.clicked.connect(self._remove_clicked)
        self.rows.append(row)
        self._renumber()
        return row

    def _renumber(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            row.set_number(number)
        chain: list[QWidget] = [*self._heading]
        for row in self.rows:
            chain.extend(row.editors())
        chain.extend([self.add_button, self.draft_button, self.validate_button, self.cancel_button])
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _relayout(self) -> None:
        for row in self.rows:
            for widget in row.widgets():
                self.grid.removeWidget(widget)
        for position, row in enumerate(self.rows, start=1):
            for column, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, position, column)
        self._renumber()

    def _load(self, draft: EntryRecord) -> None:
        self.date.set_date(draft.entry_date)
        self.journal.select(draft.journal)
        self.label.setText(draft.label)
        self.voucher.setText(draft.reference or "")
        self.third_party.setText(draft.parties.third_party or "")
        self.payment_method.select(draft.parties.payment_method)
        self.payment_reference.setText(draft.parties.payment_reference or "")
        tagged = next(
            (
                line
                for line in draft.lines
                if line.analytic_tag_id or line.funder_id or line.agreement_number
            ),
            None,
        )
        if tagged is not None:
            self.project.select(tagged.analytic_tag_id)
            self.funder.select(tagged.funder_id)
            self.aid_kind.setText(tagged.aid_kind or "")
            self.agreement_number.setText(tagged.agreement_number or "")
            self.agreement_date.set_date(tagged.agreement_date)
        self._loading = True
        for line in draft.lines:
            row = self._append_row()
            row.account.set_account(line.account)
            row.debit.setText(format_amount(line.debit) if line.debit else "")
            row.credit.setText(format_amount(line.credit) if line.credit else "")
            row.label.setText(line.label or "")
        self._loading = False
        self._typed()

    # --- lines -------------------------------------------------------------------------------

    def add_line(self) -> LineRow:
        row = self._append_row()
        row.account.setFocus()
        return row

    def remove_line(self, row: LineRow) -> None:
        if row not in self.rows:
            return
        self.rows.remove(row)
        _discard(self.grid, row)
        while len(self.rows) < FIRST_LINES:
            self._append_row()
        self._relayout()
        self._update_totals()

    def _remove_clicked(self) -> None:
        button = self.sender()
        for row in self.rows:
            if row.remove is button:
                self.remove_line(row)
                return

    def remove_current_line(self) -> None:
        focused = self.focusWidget()
        for index, row in enumerate(self.rows):
            if focused in row.editors():
                self.remove_line(row)
                self.rows[min(index, len(self.rows) - 1)].account.setFocus()
                return

    def _typed(self) -> None:
        # Always one blank line at the end, ready for the next line typed.
        if not self._loading:
            while len(self.rows) < FIRST_LINES or not self.rows[-1].typed().blank:
                self._append_row()
        self._update_totals()

    def _drop_blank_lines(self) -> None:
        """Blank lines go before saving, so the line a refusal names is the one on screen."""
        kept = [row for row in self.rows if not row.typed().blank]
        for row in self.rows:
            if row not in kept:
                _discard(self.grid, row)
        self.rows = kept
        self._relayout()

    def _update_totals(self) -> None:
        debit = sum((_value(row.debit) for row in self.rows), ZERO)
        credit = sum((_value(row.credit) for row in self.rows), ZERO)
        self.total_debit.setText(format_amount(debit))
        self.total_credit.setText(format_amount(credit))
        self.difference.setText(format_amount(abs(debit - credit)))
        balanced = debit == credit and debit != ZERO
        self.difference.setStyleSheet(
            f"color: {OK_COLOR};" if balanced else ERROR_STYLE if debit != credit else ""
        )

    def totals(self) -> tuple[str, str, str]:
        """The totals as shown: debit, credit, difference."""
        return (self.total_debit.text(), self.total_credit.text(), self.difference.text())

    # --- language ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Edit a draft entry") if self.draft else _("General entry"))
        for label, caption in self._captions:
            label.setText(_(caption))
        for box in (self.journal, self.payment_method, self.project, self.funder):
            box.retranslate()
        for header, text in zip(
            self._headers,
            ("#", _("Account"), _("Debit"), _("Credit"), _("Line label")),
            strict=True,
        ):
            header.setText(text)
        self.account_model.setStringList(
            [account_text(account) for account in self.accounts.values()]
        )
        for row in self.rows:
            row.account.show_label()
        self.voucher.setPlaceholderText(_("Invoice, receipt, cheque number…"))
        self.add_button.setText(_("Add a line"))
        for total_caption, text in zip(
            self._total_captions,
            (_("Total debit"), _("Total credit"), _("Difference")),
            strict=True,
        ):
            total_caption.setText(text)
        self.draft_button.setText(_("Save as draft"))
        self.draft_button.setToolTip(_("Save as draft (Enter)"))
        self.validate_button.setText(_("Save and validate"))
        self.validate_button.setToolTip(
            _("Save and validate (Ctrl+Enter): the entry is numbered and can no longer change.")
        )
        self.cancel_button.setText(_("Cancel"))
        self._renumber()

    # --- saving ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if focused is self.add_button:
                self.add_line()
            elif focused is self.cancel_button:
                self.reject()
            else:
                # Ctrl+Enter validates; Enter, from any field, keeps a draft.
                self.save(
                    validate=bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
                    or focused is self.validate_button
                )
            return
        super().keyPressEvent(event)

    def entry(self) -> GeneralEntry:
        journal = self.journal.currentData()
        project, funder = self.project.currentData(), self.funder.currentData()
        return GeneralEntry(
            journal=str(journal or ""),
            entry_date=self.date.date("date", required=True),
            label=self.label.text(),
            voucher=self.voucher.text(),
            lines=[row.typed() for row in self.rows],
            analytic_tag_id=project if isinstance(project, int) else None,
            funder_id=funder if isinstance(funder, int) else None,
            aid_kind=self.aid_kind.text(),
            agreement_number=self.agreement_number.text(),
            agreement_date=self.agreement_date.date("agreement_date"),
            parties=self.parties(),
        )

    def parties(self) -> EntryParties:
        """The third party and the payment; a draft's member or donor code is kept while its
        third party is not changed."""
        method = self.payment_method.currentData()
        third_party = self.third_party.text()
        kept = self.draft.parties if self.draft is not None else None
        return EntryParties(
            third_party=third_party,
            third_party_code=(
                kept.third_party_code
                if kept is not None and (kept.third_party or "") == third_party.strip()
                else None
            ),
            payment_method=PaymentMethod(method) if method else None,
            payment_reference=self.payment_reference.text(),
        )

    def _write(self, session: Session, validate: bool, overwrite: bool = False) -> EntryRecord:
        try:
            return save_general_entry(
                session,
                self.context.actor,
                self.entry(),
                draft_id=self.draft.id if self.draft else None,
                draft_version=self.draft.version if self.draft else None,
                overwrite=overwrite,
                validate=validate,
            )
        except ValidationError as error:
            self._refused_line = error.row if error.field == "lines" else None
            raise

    def save_draft(self) -> bool:
        return self.save()

    def save_validated(self) -> bool:
        return self.save(validate=True)

    def _save(self, validate: bool, *, overwrite: bool = False) -> Written[EntryRecord] | None:
        return run_write(
            self.context,
            lambda session: self._write(session, validate, overwrite),
            changes={Change.BOOKS},
            errors=self.errors,
            failure=self._refused,
            initiator=self,
        )

    def differences(self, stored: EntryRecord) -> list[Difference]:
        """What differs between the form and the stored draft, as the form shows it."""

        def amount(text: str) -> str:
            try:
                return format_amount(parse_money(text)) if text.strip() else ""
            except ValidationError:
                return text.strip()

        def lines(texts: list[tuple[str, str, str]]) -> str:
            """Each line as "account: debit / credit", one after the other."""
            return " · ".join(
                f"{account}: {debit or '0'} / {credit or '0'}" for account, debit, credit in texts
            )

        typed = [row.typed() for row in self.rows if not row.typed().blank]
        mine = {
            "date": self.date.text().strip(),
            "journal": self.journal.currentText(),
            "label": self.label.text().strip(),
            "voucher": self.voucher.text().strip(),
            "lines": lines([(t.account, amount(t.debit), amount(t.credit)) for t in typed]),
        }
        journal = self.journal.findData(stored.journal)
        theirs = {
            "date": shown(None, stored.entry_date),
            "journal": self.journal.itemText(journal) if journal >= 0 else stored.journal,
            "label": stored.label,
            "voucher": stored.reference or "",
            "lines": lines(
                [
                    (
                        line.account,
                        format_amount(line.debit) if line.debit else "",
                        format_amount(line.credit) if line.credit else "",
                    )
                    for line in stored.lines
                ]
            ),
        }
        names = {
            "date": _("Date"),
            "journal": _("Journal"),
            "label": _("Label"),
            "voucher": _("Voucher"),
            "lines": _("Lines"),
        }
        return [
            Difference(field, names[field], mine[field], theirs[field])
            for field in names
            if mine[field] != theirs[field]
        ]

    def _resolve(self, conflict: ConflictError, validate: bool) -> Written[EntryRecord] | None:
        """Someone else saved the draft since it was opened here: what differs, then reload
        theirs, save over it (confirmed) or keep editing (ui/common/conflict_dialog.py)."""
        assert self.draft is not None
        with self.context.database.session() as session:
            stored = get_entry(session, self.context.actor, self.draft.id)
        choice = ask(self, ConflictDialog(str(conflict), self.differences(stored), self))
        if choice == RELOAD:
            self.draft = stored
            for row in self.rows:
                _discard(self.grid, row)
            self.rows = []
            self._load(stored)
            self._relayout()
            return None
        if choice == OVERWRITE:
            return self._save(validate, overwrite=True)
        self.errors.show_general(_("Not saved: someone else saved this draft meanwhile."))
        return None

    def save(self, validate: bool = False) -> bool:
        self.errors.clear()
        for row in self.rows:
            row.number.setStyleSheet("")
        self._drop_blank_lines()
        self._refused_line = None
        done = self._save(validate)
        conflict = self.take_conflict()
        if done is None and conflict is not None:
            done = self._resolve(conflict, validate)
        if done is None:
            self._typed()  # the blank line to type into again
            self._point_at_line()
            return False
        self.record = done.value
        self.validated = validate
        self.accept()
        return True

    def _point_at_line(self) -> None:
        """The line a refusal names: its number in red, its account focused."""
        number = self._refused_line
        if number is not None and 0 < number <= len(self.rows):
            row = self.rows[number - 1]
            row.number.setStyleSheet(ERROR_STYLE)
            row.account.setFocus()

    def line_row(self, number: int) -> LineRow:
        """Line `number` (from 1), as on screen."""
        return self.rows[number - 1]


def _journal_name(code: str, name_ar: str, name_fr: str) -> Callable[[], str]:
    return lambda: f"{code} — {name_ar if current_language() == 'ar' else name_fr}"


__all__ = ["AccountEdit", "GeneralEntryDialog", "LineRow"]
