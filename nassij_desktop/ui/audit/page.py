"""The Audit log page: who changed what, and when, with the values before and after.

Administrators only (AUDIT_READ; the services refuse the others anyway). The entries are a
lazy table read a page at a time, newest first (`core/audit_log.py`), narrowed by who acted,
the kind of record, one record's number and a period; the entry chosen shows its fields, each
with its value before and after (long values cut, whole in the tooltip; each value isolated,
so an Arabic name in a French line, or a French one in Arabic, keeps its own direction).
"Export…" writes every entry under the filters to an XLSX or CSV file on a worker thread.
The page is refreshed each time it is shown, and while on show whenever a write is announced
(here, or by another computer through `ui/shell/remote_changes.py`): every write is logged, so
every change concerns it; the list keeps its selection and scroll (`LazyTableModel.invalidate`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.audit_log import (
    AuditFilter,
    AuditRecord,
    AuditRow,
    AuditUser,
    action_label,
    audit_changes,
    audit_entities,
    audit_entry,
    audit_users,
    entity_label,
    export_audit,
    field_name,
    local_time,
)
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Changes
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.output_files import check_output_path, protected_paths
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.i18n import N_, _, current_language, ngettext
from nassij_desktop.i18n.formatting import (
    bidi_text,
    format_date,
    format_number,
    isolate,
    list_item,
)
from nassij_desktop.ui.audit.source import AuditSource
from nassij_desktop.ui.common import tables
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_save_path
from nassij_desktop.ui.common.filter_bar import (
    Clear,
    Combo,
    Count,
    FilterBar,
    Period,
    Search,
    action_row,
)
from nassij_desktop.ui.common.lazy_model import Align, Column, LazyTableModel
from nassij_desktop.ui.common.operations import Operation, in_read_session
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.common.tables import (
    ScriptDelegate,
    lazy_table_view,
    scroll_with_direction,
)
from nassij_desktop.ui.members.fields import fixed, translated

SEARCH_DELAY_MS = 250
VALUE_LIMIT = 160  # characters of a value shown in the detail; the tooltip has it whole
CHANGE_COLUMNS = (N_("Field"), N_("Before"), N_("After"))


def when_text(row: AuditRow) -> str:
    moment = local_time(row.at)
    return f"{format_date(moment.date())}  {moment:%H:%M:%S}"


def user_text(row: AuditRow) -> str:
    return row.user_name or row.login


def computer_text(row: AuditRow) -> str:
    """The computer's network name, isolated (a Latin name in an Arabic line); "—" for the
    entries written before it was recorded."""
    return isolate(row.computer, "ltr") if row.computer else "—"


def audit_columns() -> list[Column[AuditRow]]:
    return [
        Column("time", N_("Time"), when_text, Align.CENTER, None, 160),
        Column("user", N_("User"), user_text, Align.TEXT, None, 180, stretch=True),
        Column("computer", N_("Computer"), computer_text, Align.TEXT, None, 140),
        Column("action", N_("Action"), lambda r: action_label(r.action), Align.TEXT, None, 160),
        Column(
            "entity",
            N_("Record kind"),
            lambda r: entity_label(r.entity),
            Align.TEXT,
            None,
            200,
            stretch=True,
        ),
        Column(
            "record",
            N_("Record number"),
            lambda r: "" if r.entity_id is None else str(r.entity_id),
            Align.NUMBER,
            None,
            110,
        ),
    ]


def shown_value(value: str | None) -> str:
    """A value as the detail shows it: "—" for none, cut after VALUE_LIMIT characters, on
    one line, isolated in its own direction."""
    if value is None or value == "":
        return "—"
    text = " ".join(value.split())
    if len(text) > VALUE_LIMIT:
        text = text[: VALUE_LIMIT - 1] + "…"
    return isolate(text)


class AuditPage(Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.users: list[AuditUser] = []
        self.entities: list[str] = []
        self.record: AuditRecord | None = None
        self.exported: tuple[Path, int] | None = None
        self.running: Operation[tuple[Path, int]] | None = None
        self.source = AuditSource(context.database, context.actor)
        self.model: LazyTableModel[AuditRow] = LazyTableModel(
            self.source, audit_columns(), parent=self
        )
        self._build()
        self._load_choices()
        self.retranslate()
        self.apply_filter()
        context.signals.data_changed.connect(self._data_changed)

    def title(self) -> str:
        return _("Audit log")

    # --- widgets ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.bar = FilterBar(
            self,
            [
                Combo("audit_user", stretch=2, width_chars=16),
                Combo("audit_entity", stretch=2, width_chars=16),
                Search(
                    "audit_record",
                    N_("Record number"),
                    delay_ms=SEARCH_DELAY_MS,
                    width_chars=14,
                    validator=lambda edit: QIntValidator(1, 2_000_000_000, edit),
                ),
                Period("audit_from", "audit_to"),
                Clear("audit_clear", N_("All entries"), everything=True),
            ],
            count=Count(
                "audit_count",
                lambda n: ngettext("{count} entry", "{count} entries", n).format(
                    count=format_number(n)
                ),
            ),
        )
        self.bar.changed.connect(self.apply_filter)
        self.user = self.bar.combo("audit_user")
        self.entity = self.bar.combo("audit_entity")
        self.record_id = self.bar.search_edit()
        self.start, self.end = self.bar.period()
        self.count_label = self.bar.count_label
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("audit_export")
        self.export_button.clicked.connect(lambda: self.export())
        self.message = Feedback(self, "audit_message")
        if self.bar.clear_button is not None:  # "All entries" also takes a refusal away
            self.bar.clear_button.clicked.connect(self.message.clear_message)

        self.table = lazy_table_view(self, self.model, "audit_table")
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)

        self.detail_title = QLabel(self)
        self.detail_title.setObjectName("audit_detail_title")
        self.detail_title.setWordWrap(True)
        self.changes = QTableWidget(0, len(CHANGE_COLUMNS), self)
        self.changes.setObjectName("audit_changes")
        self.changes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.changes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.changes.setAlternatingRowColors(True)
        self.changes.setWordWrap(False)
        self.changes.verticalHeader().hide()
        self.changes.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.changes.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        scroll_with_direction(self.changes)
        self.changes.setItemDelegate(ScriptDelegate(self.changes))
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.changes, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        actions = action_row(
            (self.export_button,), message=self.message, trailing=(self.count_label,)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.bar)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)

    def retranslate(self) -> None:
        self.heading.setText(
            _(
                "Every change saved in this file: who made it, when, and the values before "
                "and after. Entries cannot be edited; “nassij check” tells whether one was "
                "altered outside the application."
            )
        )
        self.bar.retranslate()
        self.export_button.setText(_("Export…"))
        self.export_button.setToolTip(
            _("Save the entries the filters show as a workbook (XLSX) or a CSV file")
        )
        self.changes.setHorizontalHeaderLabels([_(label) for label in CHANGE_COLUMNS])
        self._fill_choices()
        self.model.retranslate()
        self._update_count()
        self._show_record()

    def refresh(self) -> None:
        self._load_choices()
        self.model.invalidate()
        self._update_count()

    def _data_changed(self, changed: Changes) -> None:
        # Every write is logged. Out of sight, the page waits: it is refreshed when shown.
        if changed and self.isVisible():
            self.refresh()

    # --- filter choices --------------------------------------------------------------------

    def _load_choices(self) -> None:
        try:
            with self.context.database.session() as session:
                self.users = audit_users(session, self.context.actor)
                self.entities = audit_entities(session, self.context.actor)
        except NassijError as error:
            self.users, self.entities = [], []
            self.message.fail(str(error))
        self._fill_choices()

    def _fill_choices(self) -> None:
        users: list[tuple[str | None, Callable[[], str]]] = [(None, translated(N_("All users")))]
        for user in self.users:
            users.append(
                (user.login, fixed(list_item(user.name, user.login) if user.name else user.login))
            )
        self.user.set_choices(users)
        kinds: list[tuple[str | None, Callable[[], str]]] = [
            (None, translated(N_("All kinds of record")))
        ]
        kinds += [(kind, partial(entity_label, kind)) for kind in self.entities]
        self.entity.set_choices(kinds)

    # --- filters -----------------------------------------------------------------------------

    def audit_filter(self) -> AuditFilter:
        """The filter the bar shows; a date that cannot be read is left out (and said)."""
        dates = self.bar.dates(("date_from", "date_to"), self.message.fail)
        text = self.record_id.text().strip()
        login, entity = self.user.currentData(), self.entity.currentData()
        return AuditFilter(
            login=str(login) if login else None,
            entity=str(entity) if entity else None,
            entity_id=int(text) if text.isdigit() else None,
            date_from=dates[0],
            date_to=dates[1],
        )

    def apply_filter(self) -> None:
        self.bar.timer.stop()
        self.source.filter = self.audit_filter()
        try:
            self.model.reload()
        except NassijError as error:  # a period whose end is before its start
            self.message.fail(str(error))
            self.source.filter = AuditFilter()
            self.model.reload()
        self._update_count()

    def clear_filters(self) -> None:
        self.bar.clear()
        self.message.clear_message()
        self.apply_filter()

    def _update_count(self) -> None:
        count = self.model.rowCount()
        self.bar.set_count(count)
        self.export_button.setEnabled(count > 0)

    # --- the entry chosen --------------------------------------------------------------------

    def select_row(self, row: int) -> None:
        tables.select_row(self.table, row)

    def current_row(self) -> AuditRow | None:
        return tables.chosen_row(self.table, self.model)

    def _selection_changed(self, *_args: object) -> None:
        row = self.current_row()
        self.record = None
        if row is not None:
            try:
                with self.context.database.session() as session:
                    self.record = audit_entry(session, self.context.actor, row.id)
            except NassijError as error:
                self.message.fail(str(error))
        self._show_record()

    def _show_record(self) -> None:
        record = self.record
        if record is None:
            self.detail_title.setText(_("Choose an entry to see what it changed."))
            self.changes.setRowCount(0)
            return
        row = record.row
        subject = entity_label(row.entity)
        if row.entity_id is not None:
            subject = f"{subject} {isolate(str(row.entity_id), 'ltr')}"
        self.detail_title.setText(
            bidi_text(
                _("{when}: {user}, {action} — {subject}").format(
                    when=isolate(when_text(row), "ltr"),
                    user=isolate(user_text(row)),
                    action=action_label(row.action),
                    subject=subject,
                )
            )
        )
        changes = audit_changes(record)
        self.changes.setRowCount(len(changes))
        for index, change in enumerate(changes):
            cells = (
                (field_name(row.entity, change.field), change.field),
                (shown_value(change.before), change.before or ""),
                (shown_value(change.after), change.after or ""),
            )
            for column, (text, whole) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(whole)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
                self.changes.setItem(index, column, item)

    # --- export ------------------------------------------------------------------------------

    def suggested_name(self) -> str:
        return f"journal-audit-{clock.today():%Y-%m-%d}.xlsx"

    def export(self, path: Path | None = None) -> Operation[tuple[Path, int]] | None:
        """Write the entries under the filters to `path` (asked when None; a name ending in
        .csv is written as CSV, any other as XLSX) on a worker thread."""
        self.exported = None
        self.message.clear_message()
        if path is None:
            path = ask_save_path(
                self, FileKind.AUDIT_EXPORTS, _("Export the audit log"), self.suggested_name()
            )
            if path is None:
                return None
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_name(path.name + ".xlsx")
        fmt = "csv" if path.suffix.lower() == ".csv" else "xlsx"
        database = self.context.database
        protected = sorted(protected_paths(database.path)) if database.path else []
        try:
            target = check_output_path(path, protected=protected)
        except ValidationError as error:
            self.message.fail(str(error))
            return None
        actor, flt = self.context.actor, self.source.filter
        lang = "ar" if current_language() == "ar" else "fr"

        def work(session: Session, progress: Progress) -> tuple[Path, int]:
            progress.step(0, None, _("Exporting the audit log…"))
            count = export_audit(
                session,
                actor,
                flt,
                target,
                "csv" if fmt == "csv" else "xlsx",
                lang=lang,
                protected=protected,
            )
            return target, count

        operation = Operation(
            self, in_read_session(database, work), label=_("Exporting the audit log…")
        )
        operation.success(self._exported).failure(lambda error: self.message.fail(str(error)))
        self.export_button.setEnabled(False)
        operation.always(self._update_count)
        if not operation.run_in_background():
            self._update_count()
            return None
        self.running = operation
        return operation

    def _exported(self, outcome: tuple[Path, int]) -> None:
        self.exported = outcome
        path, count = outcome
        where = isolate(os.fspath(path), "ltr")
        self.message.say(
            lambda: ngettext(
                "{count} entry saved to {path}.", "{count} entries saved to {path}.", count
            ).format(count=format_number(count), path=where)
        )
