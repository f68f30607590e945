"""The Funders tab: the register, and for the funder chosen what was asked of it and what it
paid, year by year."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.funding.services import (
    FunderRecord,
    FunderYearRecord,
    funder_history,
    list_funders,
)
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import bidi_text, isolate
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.filter_bar import action_row
from nassij_desktop.ui.common.lazy_model import Align, Column
from nassij_desktop.ui.funding.funder_dialog import FunderDialog
from nassij_desktop.ui.funding.labels import country_name, funder_name, kind_label, money
from nassij_desktop.ui.funding.tab import FundingTab
from nassij_desktop.ui.funding.tables import RecordTable


def _contacts(f: FunderRecord) -> str:
    return " · ".join(isolate(part) for part in (f.contact_name, f.phone, f.email) if part)


FUNDER_COLUMNS: list[Column[FunderRecord]] = [
    Column("name", N_("Funder"), funder_name, width=260, stretch=True, sort="name"),
    Column("kind", N_("Kind"), lambda f: kind_label(f.kind), width=190, sort="kind"),
    Column("country", N_("Country"), lambda f: country_name(f.country), width=110),
    Column(
        "foreign",
        N_("Foreign funding"),
        lambda f: _("Yes") if f.foreign else _("No"),
        Align.CENTER,
        width=160,
    ),
    Column("contacts", N_("Contacts"), _contacts, width=240, stretch=True),
]

HISTORY_COLUMNS: list[Column[FunderYearRecord]] = [
    Column("year", N_("Year"), lambda y: str(y.year), Align.CENTER, width=70),
    Column("requests", N_("Requests"), lambda y: str(y.requests), Align.CENTER, width=80),
    Column(
        "requested",
        N_("Amount requested"),
        lambda y: money(y.requested, y.currency),
        Align.NUMBER,
        width=160,
    ),
    Column(
        "granted",
        N_("Amount granted"),
        lambda y: money(y.granted, y.currency),
        Align.NUMBER,
        width=160,
    ),
    Column(
        "received",
        N_("Amount received"),
        lambda y: money(y.received, y.currency),
        Align.NUMBER,
        width=160,
    ),
]


class FundersTab(FundingTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.add_button = self._button("add_funder", self.add_funder)
        self.edit_button = self._button("edit_funder", self.edit_selected)
        writer = context.can(Permission.FUNDING_WRITE)
        self.add_button.setEnabled(writer)
        self.table: RecordTable[FunderRecord] = RecordTable(
            "funder_table",
            FUNDER_COLUMNS,
            self,
            sorts={
                "name": lambda f: funder_name(f).casefold(),
                "kind": lambda f: kind_label(f.kind),
            },
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.history_title = QLabel(self)
        self.history_title.setObjectName("funder_history_title")
        self.history_title.setWordWrap(True)
        self.history: RecordTable[FunderYearRecord] = RecordTable(
            "funder_history", HISTORY_COLUMNS, self
        )
        layout = QVBoxLayout(self)
        layout.addLayout(action_row((self.add_button, self.edit_button)))
        layout.addWidget(self.table, 3)
        layout.addWidget(self.history_title)
        layout.addWidget(self.history, 2)
        self.retranslate()

    def retranslate(self) -> None:
        self.add_button.setText(_("New funder…"))
        self.edit_button.setText(_("Edit…"))
        self.table.retranslate()
        self.history.retranslate()
        self._selection_changed()

    def refresh(self) -> None:
        chosen = self.table.selected()
        with self.context.database.session() as session:
            try:
                funders = list_funders(session, self.context.actor)
            except NassijError as error:
                funders = []
                self.failed.emit(str(error))
        self.table.set_rows(funders)
        # The row chosen before, else the first: the pane beside is never empty for nothing.
        if chosen is None or not self.table.select_where(lambda f: f.id == chosen.id):
            self.table.select_where(lambda _f: True)
        self._selection_changed()

    def _selection_changed(self, *_args: object) -> None:
        funder = self.table.selected()
        self.edit_button.setEnabled(
            funder is not None and self.context.can(Permission.FUNDING_WRITE)
        )
        if funder is None:
            self.history_title.setText(
                bidi_text(
                    _("Choose a funder to see what was requested from it and received, by year.")
                )
            )
            self.history.set_rows([])
            return
        self.history_title.setText(
            bidi_text(
                _("Requested from and received from {funder}, by year").format(
                    funder=funder_name(funder)
                )
            )
        )
        with self.context.database.session() as session:
            try:
                years = funder_history(session, self.context.actor, funder.id)
            except NassijError as error:
                years = []
                self.failed.emit(str(error))
        self.history.set_rows(years)

    def add_funder(self) -> QDialog:
        return self._open(FunderDialog(self.context, None, self))

    def edit_selected(self) -> QDialog | None:
        funder = self.table.selected()
        if funder is None or not self.context.can(Permission.FUNDING_WRITE):
            return None
        return self._open(FunderDialog(self.context, funder, self))
