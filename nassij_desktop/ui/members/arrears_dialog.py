"""Members in arrears: each with their unpaid years and what they owe at their category's rate,
a lazy table (a page of members read at a time), with the count and total above it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.changes import Change, Changes
from nassij_desktop.core.common.names import display_name
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.members.arrears import (
    ArrearsRow,
    ArrearsSummary,
    arrears_summary,
    members_in_arrears,
)
from nassij_desktop.core.members.services import CategoryRecord
from nassij_desktop.i18n import N_, _, current_language, ngettext
from nassij_desktop.i18n.formatting import bidi_text, format_money, format_number
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext, concerns
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.lazy_model import Align, Column, LazyTableModel
from nassij_desktop.ui.common.tables import ScriptDelegate, fit_columns, scroll_with_direction
from nassij_desktop.ui.members.display import ltr
from nassij_desktop.ui.members.fields import ChoiceBox, translated

# A payment or a member's change moves someone in or out of arrears.
CONCERNS = frozenset({Change.MEMBERS, Change.DUES})


class ArrearsSource:
    """The members in arrears up to `year` (of `category`), a page at a time; each call opens
    a short session, so a payment saved meanwhile shows on the next read."""

    def __init__(self, database: Database, actor: Actor, year: int) -> None:
        self.database = database
        self.actor = actor
        self.year = year
        self.category: str | None = None
        self.summary: ArrearsSummary | None = None

    def count(self) -> int:
        with self.database.session() as session:
            self.summary = arrears_summary(session, self.actor, self.year, category=self.category)
        return self.summary.count

    def rows(
        self, offset: int, limit: int, sort: str | None, descending: bool
    ) -> Sequence[ArrearsRow]:
        since = self.summary.since_year if self.summary is not None else None
        with self.database.session() as session:
            return members_in_arrears(
                session,
                self.actor,
                self.year,
                since_year=since,
                category=self.category,
                offset=offset,
                limit=limit,
            )


def _name(row: ArrearsRow) -> str:
    return display_name(
        current_language(),
        row.first_name_ar,
        row.last_name_ar,
        row.first_name_lat,
        row.last_name_lat,
    )


def _years(row: ArrearsRow) -> str:
    # The Arabic comma keeps the years in reading order right to left.
    separator = "، " if current_language() == "ar" else ", "
    return separator.join(str(year) for year in row.unpaid_years)


def _owed(row: ArrearsRow) -> str:
    owed = row.owed
    return format_money(owed) if owed is not None else ""


def arrears_columns(category_label: Callable[[str], str]) -> list[Column[ArrearsRow]]:
    return [
        Column("number", N_("No."), lambda r: ltr(r.number), Align.NUMBER, None, 70),
        Column("name", N_("Name"), _name, Align.TEXT, None, 200, stretch=True),
        Column("category", N_("Category"), lambda r: category_label(r.category_code), width=130),
        Column("unpaid", N_("Unpaid years"), _years, Align.TEXT, None, 170, stretch=True),
        Column("owed", N_("Owed"), _owed, Align.NUMBER, None, 110),
    ]


class ArrearsDialog(BaseDialog):
    def __init__(
        self,
        context: AppContext,
        categories: list[CategoryRecord],
        year: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("arrears_dialog")
        self.context = context
        self.categories = categories
        self.resize(760, 520)
        self.source = ArrearsSource(context.database, context.actor, year)
        self.model: LazyTableModel[ArrearsRow] = LazyTableModel(
            self.source, arrears_columns(self._category_label), parent=self
        )
        self.year = set_field_direction(QSpinBox(self))
        self.year.setObjectName("arrears_year")
        self.year.setRange(1900, year + 1)
        self.year.setValue(year)
        self.category = ChoiceBox(self)
        self.category.setObjectName("arrears_category")
        self.category.set_choices(
            [(None, translated(N_("All categories")))]
            + [(c.code, self._label_of(c)) for c in categories]
        )
        self.year_label = QLabel(self)
        self.category_label = QLabel(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("arrears_summary")
        self.summary.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setObjectName("arrears_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.hide()
        # Fixed heights: the view never measures rows, so it never reads rows off screen.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        fit_columns(
            self.table,
            [c.width for c in self.model.columns],
            [i for i, c in enumerate(self.model.columns) if c.stretch],
        )
        scroll_with_direction(self.table)
        self.table.setItemDelegate(ScriptDelegate(self.table))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

        filters = QHBoxLayout()
        filters.addWidget(self.year_label)
        filters.addWidget(self.year)
        filters.addWidget(self.category_label)
        filters.addWidget(self.category)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.year.valueChanged.connect(self.reload)
        self.category.currentIndexChanged.connect(self.reload)
        context.signals.data_changed.connect(self._data_changed)
        self.reload()
        self.retranslate()

    @staticmethod
    def _label_of(category: CategoryRecord) -> Callable[[], str]:
        return lambda: category.label(current_language())

    def _category_label(self, code: str) -> str:
        lang = current_language()
        return next((c.label(lang) for c in self.categories if c.code == code), code)

    def reload(self) -> None:
        self.source.year = self.year.value()
        self.source.category = self.category.currentData()
        self.model.reload()
        self._show_summary()

    def _data_changed(self, changed: Changes) -> None:
        if concerns(changed, CONCERNS):
            self.model.invalidate()
            self._show_summary()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Members in arrears"))
        self.year_label.setText(_("Up to the year"))
        self.category_label.setText(_("Category"))
        self.category.retranslate()
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(_("Close"))
        self.model.retranslate()
        self._show_summary()

    def _show_summary(self) -> None:
        summary = self.source.summary
        if summary is None:
            return
        if not summary.count:
            self.summary.setText(
                bidi_text(
                    _("No member owes dues from {since} to {year}.").format(
                        since=summary.since_year, year=summary.as_of_year
                    )
                )
            )
            return
        text = ngettext(
            "{count} member in arrears from {since} to {year}.",
            "{count} members in arrears from {since} to {year}.",
            summary.count,
        ).format(
            count=format_number(summary.count), since=summary.since_year, year=summary.as_of_year
        )
        text += " " + _("Unpaid years: {years}; owed at the categories' rates: {total}.").format(
            years=format_number(summary.unpaid_years), total=format_money(summary.total_owed)
        )
        if summary.without_rate:
            text += " " + ngettext(
                "{count} of them is in a category without a rate.",
                "{count} of them are in a category without a rate.",
                summary.without_rate,
            ).format(count=format_number(summary.without_rate))
        self.summary.setText(bidi_text(text))
