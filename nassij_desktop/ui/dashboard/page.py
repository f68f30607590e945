"""Dashboard: the register at a glance, dues this year, the next and last assemblies, the one
list of what is due (`core/due.py`: declarations to the local authority and to the SGG,
funding deadlines, reports and tranches, campaign reports, the account of public aid, the
next assembly; late ones in red, each line a button to where it is dealt with), and the
charts, built after the first paint (`charts.py`, which loads QtCharts)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change, Changes
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.due import DueArea, DueItem, things_due
from nassij_desktop.core.governance.models import ASSEMBLY_KIND_LABELS
from nassij_desktop.core.governance.records import AssemblyState, AssemblySummary
from nassij_desktop.core.governance.services import list_assemblies
from nassij_desktop.core.members.models import STATUS_LABELS, MemberStatus
from nassij_desktop.core.members.search import (
    MemberFilter,
    count_members,
    count_members_by_status,
)
from nassij_desktop.i18n import _, current_language, ngettext
from nassij_desktop.i18n.formatting import bidi_text, format_date, format_number
from nassij_desktop.ui.common.context import AppContext, Request, Visit, concerns
from nassij_desktop.ui.common.form_errors import ERROR_STYLE
from nassij_desktop.ui.common.operations import Busy
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.governance.filing_dialog import FilingDialog
from nassij_desktop.ui.shell.navigation import PAGES

if TYPE_CHECKING:
    from nassij_desktop.ui.dashboard.charts import Figures

# What the cards, the list and the charts show.
CONCERNS = frozenset(
    {
        Change.MEMBERS,
        Change.DUES,
        Change.GOVERNANCE,
        Change.BOOKS,
        Change.FUNDING,
        Change.DONATIONS,
        Change.ACTIVITIES,
    }
)

# Where each line of what is due takes the user (a kind not named: by its area).
_REQUESTS = {
    "campaign_report": Request.CAMPAIGN_REPORT,
    "public_aid": Request.PUBLIC_AID_ACCOUNT,
}
_AREA_REQUESTS = {
    DueArea.ASSEMBLIES: Request.SHOW_ASSEMBLY,
    DueArea.FUNDING: Request.SHOW_FUNDING_REQUEST,
}
_PAGE_LABELS = {spec.key: spec.label for spec in PAGES}


def request_for(item: DueItem) -> Request | None:
    """The page (and task) a line of what is due opens; None: dealt with on the dashboard
    (a declaration to the local authority is marked filed there)."""
    return _REQUESTS.get(item.kind) or _AREA_REQUESTS.get(item.area)


def _card(title: QLabel, body: QWidget, parent: QWidget) -> QGroupBox:
    box = QGroupBox(parent)
    layout = QVBoxLayout(box)
    font = title.font()
    font.setBold(True)
    title.setFont(font)
    layout.addWidget(title)
    layout.addWidget(body)
    layout.addStretch(1)
    return box


class DashboardPage(Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.today = clock.today()
        self.status_counts: dict[MemberStatus, int] = {}
        self.paid_this_year = 0
        self.next_assembly: AssemblySummary | None = None
        self.last_assembly: AssemblySummary | None = None
        self.due: list[DueItem] = []

        self.members_title = QLabel(self)
        self.members_text = QLabel(self)
        self.members_text.setObjectName("members_summary")
        # An empty register: what to do first, one click away.
        self.first_member_button = QPushButton(self)
        self.first_member_button.setObjectName("add_first_member")
        self.first_member_button.clicked.connect(
            lambda: context.signals.go_to.emit(Request.ADD_MEMBER)
        )
        self.first_member_button.hide()
        self.dues_title = QLabel(self)
        self.dues_text = QLabel(self)
        self.dues_text.setObjectName("dues_summary")
        self.assemblies_title = QLabel(self)
        self.assemblies_text = QLabel(self)
        self.assemblies_text.setObjectName("assemblies_summary")
        self.reminders_title = QLabel(self)
        self.reminders_box = QWidget(self)
        self.reminders_layout = QVBoxLayout(self.reminders_box)
        self.reminders_layout.setContentsMargins(0, 0, 0, 0)
        # The list's lines: every label by its item's key; the declarations to the local
        # authority (or "Nothing to file." when nothing is due) and the public-aid accounts
        # also apart, as before the list gathered them.
        self.due_labels: dict[str, QLabel] = {}
        self.reminder_labels: list[QLabel] = []
        self.aid_labels: list[QLabel] = []
        self.reminder_rows: list[QWidget] = []
        self.file_buttons: dict[int, QPushButton] = {}  # "Mark as filed…", for who may
        self.go_buttons: dict[str, QPushButton] = {}  # to the page where a line is dealt with
        self.dialog: FilingDialog | None = None
        for label in (self.members_text, self.dues_text, self.assemblies_text):
            label.setWordWrap(True)

        self.can_members = context.can(Permission.MEMBERS_READ)
        self.can_governance = context.can(Permission.GOVERNANCE_READ)
        self.can_file = context.can(Permission.GOVERNANCE_WRITE)
        self.can_books = context.can(Permission.BOOKS_READ)
        content = QWidget(self)
        content.setObjectName("dashboard_content")
        grid = QGridLayout()
        self.members_card = _card(self.members_title, self.members_text, content)
        members_layout = self.members_card.layout()
        assert isinstance(members_layout, QVBoxLayout)
        members_layout.insertWidget(2, self.first_member_button)
        self.dues_card = _card(self.dues_title, self.dues_text, content)
        self.assemblies_card = _card(self.assemblies_title, self.assemblies_text, content)
        self.reminders_card = _card(self.reminders_title, self.reminders_box, content)
        grid.addWidget(self.members_card, 0, 0)
        grid.addWidget(self.dues_card, 0, 1)
        grid.addWidget(self.assemblies_card, 0, 2)
        grid.addWidget(self.reminders_card, 1, 0, 1, 3)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        self.members_card.setVisible(self.can_members)
        self.dues_card.setVisible(self.can_members)
        self.assemblies_card.setVisible(self.can_governance)
        self.reminders_card.setVisible(
            self.can_governance or self.can_books or context.can(Permission.FUNDING_READ)
        )
        # The charts, built after the first paint (QtCharts is not loaded before).
        self.charts_box = QWidget(content)
        self.charts_box.setObjectName("charts")
        self.charts_layout = QGridLayout(self.charts_box)
        self.charts_layout.setContentsMargins(0, 0, 0, 0)
        for column in range(2):
            self.charts_layout.setColumnStretch(column, 1)
        self.chart_views: dict[str, QWidget] = {}
        self.figures: Figures | None = None  # those the charts show
        self.charts_read: Figures | None = None  # those being read, a step at a time
        self._steps: Iterator[Figures] | None = None
        self._charts_asked = False  # after the first paint
        self._charts_stale = False
        self._waiting = False  # for the end of a long operation
        inner = QVBoxLayout(content)
        inner.addLayout(grid)
        inner.addWidget(self.charts_box)
        inner.addStretch(1)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(content)
        # The charts wait for the page's first paint (QtCharts loads then, not before).
        content.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        context.signals.data_changed.connect(self._data_changed)
        self.refresh()

    def title(self) -> str:
        return _("Dashboard")

    def _data_changed(self, changed: Changes) -> None:
        if concerns(changed, CONCERNS):
            self.refresh()

    def refresh(self) -> None:
        self.today = clock.today()
        actor = self.context.actor
        with self.context.database.session() as session:
            if self.can_members:
                self.status_counts = count_members_by_status(session, actor)
                self.paid_this_year = count_members(
                    session, actor, flt=MemberFilter(dues_year=self.today.year, dues_paid=True)
                )
            self.due = things_due(session, actor, self.today)
            if self.can_governance:
                assemblies = list_assemblies(session, actor)
                upcoming = [
                    a
                    for a in assemblies
                    if a.state in (AssemblyState.CONVENED, AssemblyState.PLANNED)
                    and a.held_on >= self.today
                ]
                self.next_assembly = min(upcoming, key=lambda a: a.held_on, default=None)
                self.last_assembly = next(
                    (
                        a
                        for a in assemblies
                        if a.state in (AssemblyState.CLOSED, AssemblyState.IN_SESSION)
                        and a.held_on <= self.today
                    ),
                    None,
                )
        self.retranslate()
        if self._charts_asked:
            self._read_charts()

    # --- the charts, after the first paint ------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        content = self.scroll_area.widget()
        if watched is content and event.type() == QEvent.Type.Paint and not self._charts_asked:
            self._charts_asked = True
            content.removeEventFilter(self)
            # On the next turn of the event loop: the window's first paint is on screen.
            QTimer.singleShot(0, self, self._read_charts)
        return False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._charts_stale:
            self._read_charts()

    def _read_charts(self) -> None:
        """Read the figures again, a step per turn of the event loop, then draw the charts;
        out of sight, only noted for the next showing."""
        if not self.isVisible() or self._operation_running():
            self._charts_stale = True
            return
        from nassij_desktop.ui.dashboard.charts import read_figures

        self._charts_stale = False
        self._steps = read_figures(self.context, self.today)
        self._read_step(self._steps)

    def _read_step(self, steps: Iterator[Figures]) -> None:
        if steps is not self._steps:
            return  # a newer reading has begun
        if self._operation_running():
            self._steps, self._charts_stale = None, True
            return
        try:
            figures = next(steps)
        except StopIteration:
            self._steps = None
            self.figures = self.charts_read
            self._show_charts()
            return
        self.charts_read = figures
        QTimer.singleShot(0, self, lambda: self._read_step(steps))

    def _operation_running(self) -> bool:
        """Whether a long operation runs in the window: a restore closes and replaces the
        file, which no read may open meanwhile. The figures are read again after it."""
        busy = Busy.of(self)
        if busy.running and not self._waiting:
            self._waiting = True
            busy.changed.connect(self._operation_changed)
        return busy.running

    def _operation_changed(self, running: bool) -> None:
        if not running and self._charts_stale:
            self._read_charts()

    def _show_charts(self) -> None:
        if self.figures is None:
            return
        from nassij_desktop.ui.dashboard.charts import make_charts

        for view in self.chart_views.values():
            self.charts_layout.removeWidget(view)
            view.hide()
            view.deleteLater()
        views = make_charts(self.figures, self.charts_box, current_language())
        self.chart_views = {view.objectName(): view for view in views}
        row = column = 0
        for view in views:  # two to a row; a chart of the twelve months takes a whole row
            if view.property("wide"):
                row, column = (row + 1, 0) if column else (row, 0)
                self.charts_layout.addWidget(view, row, 0, 1, 2)
                row += 1
            else:
                self.charts_layout.addWidget(view, row, column)
                row, column = (row + 1, 0) if column else (row, 1)

    # --- the texts -------------------------------------------------------------------------

    def retranslate(self) -> None:
        lang = current_language()
        self.members_title.setText(_("Members"))
        lines = [
            _("{status}: {count}").format(
                status=_(STATUS_LABELS[status]), count=format_number(count, lang)
            )
            for status, count in self.status_counts.items()
            if count or status is MemberStatus.ACTIVE
        ]
        empty = self.can_members and not any(self.status_counts.values())
        if empty:
            lines = [_("No member yet: the register starts with the first one.")]
        self.members_text.setText("\n".join(lines))
        self.first_member_button.setText(_("Add the first member…"))
        self.first_member_button.setVisible(empty and self.context.can(Permission.MEMBERS_WRITE))
        self.dues_title.setText(_("Dues {year}").format(year=self.today.year))
        active = self.status_counts.get(MemberStatus.ACTIVE, 0)
        paid = ngettext(
            "{count} member has paid the dues of this year",
            "{count} members have paid the dues of this year",
            self.paid_this_year,
        ).format(count=format_number(self.paid_this_year, lang))
        of_active = ngettext("{count} active member", "{count} active members", active).format(
            count=format_number(active, lang)
        )
        self.dues_text.setText(_("{paid} ({active}).").format(paid=paid, active=of_active))
        self.assemblies_title.setText(_("General assemblies"))
        parts = []
        for heading, assembly in (
            (_("Next: {assembly}"), self.next_assembly),
            (_("Last: {assembly}"), self.last_assembly),
        ):
            if assembly is not None:
                text = _("{kind} of {date}").format(
                    kind=_(ASSEMBLY_KIND_LABELS[assembly.kind]),
                    date=format_date(assembly.held_on, lang, "long"),
                )
                parts.append(heading.format(assembly=text))
        if self.next_assembly is None:
            parts.insert(0, _("No assembly is convened."))
        self.assemblies_text.setText("\n".join(parts))
        self.reminders_title.setText(_("What is due"))
        self._show_due(lang)
        if self.figures is not None:
            self._show_charts()

    def due_text(self, item: DueItem, lang: str) -> str:
        message = item.subject.fr if item.subject_is_message else None
        subject = _(message) if message else item.subject.text(lang)
        wording = _(item.overdue_wording if item.overdue else item.wording)
        return bidi_text(
            wording.format(subject=subject, date=format_date(item.due_on, lang, "long")), lang
        )

    def _show_due(self, lang: str) -> None:
        for row in self.reminder_rows:
            # Hidden and detached at once: deleteLater alone leaves it on screen until the
            # event loop runs, so a language switch would briefly show both lines.
            self.reminders_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.reminder_rows = []
        self.reminder_labels = []
        self.aid_labels = []
        self.due_labels = {}
        self.file_buttons = {}
        self.go_buttons = {}
        if not self.due:
            label = QLabel(_("Nothing to file."), self.reminders_box)
            self.reminder_labels.append(label)
            self.reminder_rows.append(label)
            self.reminders_layout.addWidget(label)
        for item in self.due:
            self._add_due_row(item, lang)

    def _add_due_row(self, item: DueItem, lang: str) -> None:
        row = QWidget(self.reminders_box)
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.due_text(item, lang), row)
        if item.kind == "declaration":
            label.setObjectName(f"reminder_{item.target_id}")
            self.reminder_labels.append(label)
        elif item.kind == "public_aid":
            label.setObjectName(f"aid_reminder_{item.subject.fr}")
            self.aid_labels.append(label)
        else:
            label.setObjectName(f"due_{item.key}")
        label.setWordWrap(True)
        label.setFrameShape(QFrame.Shape.NoFrame)
        if item.overdue:
            label.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        label.setProperty("overdue", item.overdue)
        row_layout.addWidget(label, 1)
        self.due_labels[item.key] = label
        if item.kind == "declaration" and self.can_file and item.target_id is not None:
            button = QPushButton(_("Mark as filed…"), row)
            button.setObjectName(f"file_{item.target_id}")
            button.clicked.connect(
                lambda _checked=False, i=item.target_id: self.file_declaration(i)
            )
            row_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.file_buttons[item.target_id] = button
        request = request_for(item)
        if request is not None and self._sees(request.page):
            go = QPushButton(_(_PAGE_LABELS[request.page]), row)
            go.setObjectName(f"go_{item.key}")
            go.setToolTip(_("Open the page where this is done"))
            go.clicked.connect(
                lambda _checked=False, r=request, i=item.shown_id: self.context.signals.go_to.emit(
                    Visit(r, i)
                )
            )
            row_layout.addWidget(go, 0, Qt.AlignmentFlag.AlignTop)
            self.go_buttons[item.key] = go
        self.reminder_rows.append(row)
        self.reminders_layout.addWidget(row)

    def _sees(self, page: str) -> bool:
        return any(spec.key == page and spec.visible_to(self.context.actor) for spec in PAGES)

    def file_declaration(self, declaration_id: int) -> FilingDialog:
        """Open (not modal-exec) the filing form, so tests can fill and save it."""
        dialog = FilingDialog(self.context, declaration_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog
