"""The Activities page: the diary of activities as a list or a month calendar.

The list is a lazy table over summary rows read a page at a time (`core.activities
.activity_list`), so it opens as fast with thousands of activities as with ten; filters
(programme, period, words of the title or place) narrow it in SQL. The calendar marks the
days of the month that have activities under the same filters; a click on a day shows that
day's activities in the list.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.activities.activity_list import ActivityFilter, ActivityRow, activity_days
from nassij_desktop.core.activities.services import ProgrammeRecord, list_programmes
from nassij_desktop.core.common.changes import Change, Changes
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.i18n.formatting import format_number
from nassij_desktop.ui.activities.columns import activity_columns
from nassij_desktop.ui.activities.form import ActivityDialog
from nassij_desktop.ui.activities.source import ActivitySource
from nassij_desktop.ui.common import dialogs, tables
from nassij_desktop.ui.common.context import AppContext, concerns
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.filter_bar import (
    Clear,
    Combo,
    Count,
    FilterBar,
    Period,
    Search,
    action_row,
)
from nassij_desktop.ui.common.lazy_model import LazyTableModel
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.common.tables import lazy_table_view
from nassij_desktop.ui.members.fields import fixed, translated

SEARCH_DELAY_MS = 150
SEARCH_HINT = N_("Search a title or a place…  (Ctrl+F)")
CONCERNS = frozenset({Change.ACTIVITIES})
MARK_COLOR = "#d7ecd9"  # a day with activities in the calendar: light, the digits stay legible
LIST, CALENDAR = 0, 1


class ActivitiesPage(Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.programmes: list[ProgrammeRecord] = []
        self._names: dict[int, tuple[str, str]] = {}
        self._marked: set[dt.date] = set()
        self.source = ActivitySource(context.database, context.actor)
        self.model: LazyTableModel[ActivityRow] = LazyTableModel(
            self.source, activity_columns(self._programme_name), parent=self
        )
        self._build()
        self._load_programmes()
        self.retranslate()
        self.apply_filter()
        context.signals.data_changed.connect(self._data_changed)

    # --- widgets ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.bar = FilterBar(
            self,
            [
                Search("activity_search", SEARCH_HINT, stretch=3, delay_ms=SEARCH_DELAY_MS),
                # Programme names are long: the list is at a fixed width, the names elided.
                Combo("filter_programme", stretch=2, width_chars=18),
                Period("filter_from", "filter_to"),
                Clear("filter_clear", N_("All dates")),
            ],
            count=Count(
                "activity_count",
                lambda n: _("Activities found: {count}").format(count=format_number(n)),
            ),
        )
        self.bar.changed.connect(self.apply_filter)
        self.search = self.bar.search_edit()
        self.programme = self.bar.combo("filter_programme")
        self.start, self.end = self.bar.period()
        self.count_label = self.bar.count_label

        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add_activity")
        self.add_button.clicked.connect(self.add_activity)
        self.add_button.setVisible(self.context.can(Permission.ACTIVITIES_WRITE))
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self.open_selected)
        self.view_button = QPushButton(self)
        self.view_button.setObjectName("calendar_toggle")
        self.view_button.setCheckable(True)
        self.view_button.toggled.connect(self._view_toggled)
        self.message = Feedback(self, "activity_message")

        self.table = lazy_table_view(self, self.model, "activity_table")
        # `activated`: Enter, and a double click.
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)

        self.calendar = QCalendarWidget(self)
        self.calendar.setObjectName("activity_calendar")
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.currentPageChanged.connect(lambda _y, _m: self.mark_days())
        self.calendar.clicked.connect(self.show_day)
        self.calendar.activated.connect(self.show_day)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.calendar)

        actions = action_row(
            (self.add_button, self.open_button, self.view_button),
            message=self.message,
            trailing=(self.count_label,),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addLayout(actions)
        layout.addWidget(self.stack, 1)
        self._selection_changed()

    def title(self) -> str:
        return _("Activities")

    def retranslate(self) -> None:
        self.bar.retranslate()
        self.add_button.setText(_("Log an activity"))
        self.open_button.setText(_("Open"))
        self.view_button.setText(_("Calendar"))
        self.view_button.setToolTip(_("Show the month with its activities, or the list"))
        self._fill_programmes()
        self.model.retranslate()
        self._update_count()

    def refresh(self) -> None:
        self._load_programmes()
        self.model.invalidate()
        self._update_count()
        self.mark_days()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- programmes --------------------------------------------------------------------------

    def _load_programmes(self) -> None:
        with self.context.database.session() as session:
            self.programmes = list_programmes(session, self.context.actor, include_retired=True)
        self._names = {p.id: (p.name_ar, p.name_fr) for p in self.programmes}
        self._fill_programmes()

    def _fill_programmes(self) -> None:
        lang = current_language()
        self.programme.blockSignals(True)
        self.programme.set_choices(
            [(None, translated(N_("All programmes")))]
            + [(p.id, fixed(p.name(lang))) for p in self.programmes]
        )
        self.programme.blockSignals(False)

    def _programme_name(self, programme_id: int | None) -> str:
        names = self._names.get(programme_id or 0)
        if names is None:
            return ""
        return names[0] if current_language() == "ar" else names[1]

    # --- filters -----------------------------------------------------------------------------

    def activity_filter(self) -> ActivityFilter:
        """The filter the bar shows; a date that cannot be read is left out (and said)."""
        dates = self.bar.dates(("start", "end"), self.message.fail)
        programme = self.programme.currentData()
        return ActivityFilter(
            start=dates[0],
            end=dates[1],
            programme_id=int(programme) if programme is not None else None,
            text=self.search.text().strip(),
        )

    def apply_filter(self) -> None:
        self.bar.timer.stop()
        self.source.filter = self.activity_filter()
        self.model.reload()
        self._update_count()
        self.mark_days()

    def clear_filters(self) -> None:
        self.bar.clear(everything=False)
        self.apply_filter()

    def show_day(self, day: QDate) -> None:
        """The list, narrowed to the activities of that day."""
        self.start.set_date(day)
        self.end.set_date(day)
        self.apply_filter()
        self.view_button.setChecked(False)
        if self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.select_row(0)

    def _update_count(self) -> None:
        self.bar.set_count(self.model.rowCount())

    # --- calendar ----------------------------------------------------------------------------

    def _view_toggled(self, calendar: bool) -> None:
        self.stack.setCurrentIndex(CALENDAR if calendar else LIST)
        if calendar:
            self.mark_days()
            latest = self.model.row(0)
            if not self._marked and latest is not None:
                # Nothing this month: the month of the latest activity listed, not a blank page.
                self.calendar.setCurrentPage(latest.starts_at.year, latest.starts_at.month)
            self.calendar.setFocus(Qt.FocusReason.OtherFocusReason)

    def marked_days(self) -> set[dt.date]:
        return set(self._marked)

    def mark_days(self) -> None:
        """Mark the days of the month on show that have activities under the filters."""
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clears every mark
        flt = self.source.filter
        # The calendar shows the month: the period filter is not applied to the marks.
        month = ActivityFilter(programme_id=flt.programme_id, text=flt.text)
        with self.context.database.session() as session:
            self._marked = activity_days(
                session,
                self.context.actor,
                self.calendar.yearShown(),
                self.calendar.monthShown(),
                month,
            )
        mark = QTextCharFormat()
        mark.setFontWeight(QFont.Weight.Bold)
        mark.setBackground(QBrush(QColor(MARK_COLOR)))
        for day in self._marked:
            self.calendar.setDateTextFormat(QDate(day.year, day.month, day.day), mark)

    # --- table -------------------------------------------------------------------------------

    def select_row(self, row: int) -> None:
        tables.select_row(self.table, row)

    def current_row(self) -> ActivityRow | None:
        return tables.chosen_row(self.table, self.model)

    def _selection_changed(self, *_args: object) -> None:
        self.open_button.setEnabled(self.current_row() is not None)

    def _open_index(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.select_row(index.row())
            self.open_selected()

    # --- dialogs -----------------------------------------------------------------------------

    def add_activity(self) -> ActivityDialog:
        dialog = ActivityDialog(self.context, None, self)
        dialog.saved.connect(lambda _record: self._said(N_("Activity logged.")))
        self._show(dialog)
        return dialog

    def open_selected(self) -> ActivityDialog | None:
        row = self.current_row()
        if row is None:
            return None
        try:
            dialog = ActivityDialog(self.context, row.id, self)
        except NassijError as error:
            dialogs.show_warning(self, str(error), _("Activity"))
            return None
        dialog.saved.connect(lambda _record: self._said(N_("Activity saved.")))
        self._show(dialog)
        return dialog

    def _said(self, message: str) -> None:
        self.message.say(lambda: _(message))

    def _data_changed(self, changed: Changes) -> None:
        if concerns(changed, CONCERNS):
            self.refresh()
