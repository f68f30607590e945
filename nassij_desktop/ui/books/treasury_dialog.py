"""A new bank account or cash box, tied to its ledger account (`create_treasury_account`)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.quick_entries import AccountChoice
from nassij_desktop.core.books.services import TreasuryAccountRecord, create_treasury_account
from nassij_desktop.core.common.changes import Change
from nassij_desktop.i18n import N_, _
from nassij_desktop.ui.books.choices import (
    TREASURY_KIND_LABELS,
    AccountBox,
    LabelledBox,
    translated,
)
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write

# The ledger account a new treasury account of each kind usually sits on (CGNC).
DEFAULT_ACCOUNTS = {TreasuryKind.BANK: "5141", TreasuryKind.CASH: "5161"}


class TreasuryAccountDialog(BaseDialog):
    def __init__(
        self, context: AppContext, accounts: Sequence[AccountChoice], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("treasury_account_dialog")
        self.context = context
        self.record: TreasuryAccountRecord | None = None
        self.setMinimumWidth(460)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.name = QLineEdit(self)
        self.kind = LabelledBox(self)
        self.kind.set_choices([(k, translated(TREASURY_KIND_LABELS[k])) for k in TreasuryKind])
        self.account = AccountBox(self)
        self.account.set_accounts([a for a in accounts if a.account_class == 5])
        self.account.set_account(DEFAULT_ACCOUNTS[TreasuryKind.BANK])
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.bank_name = QLineEdit(self)
        self.rib = set_field_direction(QLineEdit(self), "rib")
        self.form = QFormLayout()
        self._labels = [QLabel(self) for _i in range(5)]
        for label, (field, editor) in zip(
            self._labels,
            (
                ("name", self.name),
                ("kind", self.kind),
                ("account", self.account),
                ("bank_name", self.bank_name),
                ("rib", self.rib),
            ),
            strict=True,
        ):
            label.setBuddy(editor)
            self.form.addRow(label, self.errors.wrap(field, editor))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def _kind_changed(self) -> None:
        kind = TreasuryKind(self.kind.currentData())
        if self.account.account() in DEFAULT_ACCOUNTS.values():
            self.account.set_account(DEFAULT_ACCOUNTS[kind])
        self.bank_name.setEnabled(kind is TreasuryKind.BANK)
        self.rib.setEnabled(kind is TreasuryKind.BANK)

    def retranslate(self) -> None:
        self.setWindowTitle(_("New treasury account"))
        texts = (N_("Name"), N_("Kind"), N_("Ledger account"), N_("Bank"), N_("RIB"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(_(text))
        self.kind.retranslate()
        self.account.retranslate()
        self.save_button.setText(_("Save"))
        self.cancel_button.setText(_("Cancel"))

    def save(self) -> bool:
        self.errors.clear()
        kind = TreasuryKind(self.kind.currentData())
        bank = kind is TreasuryKind.BANK
        done = run_write(
            self.context,
            lambda session: create_treasury_account(
                session,
                self.context.actor,
                self.name.text(),
                kind,
                self.account.account(),
                bank_name=self.bank_name.text() if bank else None,
                rib=self.rib.text() if bank and self.rib.text().strip() else None,
            ),
            changes={Change.BOOKS},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.record = done.value
        self.accept()
        return True


__all__ = ["TreasuryAccountDialog"]
