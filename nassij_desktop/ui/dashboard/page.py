"""Dashboard: the register at a glance, dues this year, the next and last assemblies, and the
dated reminders (declarations to file with the local authority, and the account of the use of
public aid due to the Cour des comptes for a year that had some; late ones in red)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.changes import Change, Changes
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.funding.public_aid import AidReminder, public_aid_reminders
from nassij_desktop.core.governance.models import ASSEMBLY_KIND_LABELS
from nassij_desktop.core.governance.records import (
    DECLARATION_KIND_LABELS,
    AssemblyState,
    AssemblySummary,
    Reminder,
)
from nassij_desktop.core.governance.services import declaration_reminders, list_assemblies
from nassij_desktop.core.members.models import STATUS_LABELS, MemberStatus
from nassij_desktop.core.members.search import (
    MemberFilter,
    count_members,
    count_members_by_status,
)
from nassij_desktop.i18n import _, current_language, ngettext
from nassij_desktop.i18n.formatting import format_date, format_number
from nassij_desktop.ui.common.context import AppContext, Request, concerns
from nassij_desktop.ui.common.form_errors import ERROR_STYLE
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.governance.filing_dialog import FilingDialog

# What the cards show: the register, the dues of the year, the assemblies and declarations.
CONCERNS = frozenset({Change.MEMBERS, Change.DUES, Change.GOVERNANCE, Change.BOOKS})


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
        self.today = dt.date.today()
        self.status_counts: dict[MemberStatus, int] = {}
        self.paid_this_year = 0
        self.next_assembly: AssemblySummary | None = None
        self.last_assembly: AssemblySummary | None = None
        self.reminders: list[Reminder] = []
        self.aid_reminders: list[AidReminder] = []

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
        self.reminder_labels: list[QLabel] = []  # the declarations' (or "Nothing to file.")
        self.aid_labels: list[QLabel] = []  # the public-aid accounts', after them
        # One row per reminder (its label and, for who may write, its "Mark as filed…").
        self.reminder_rows: list[QWidget] = []
        self.file_buttons: dict[int, QPushButton] = {}
        self.dialog: FilingDialog | None = None
        for label in (self.members_text, self.dues_text, self.assemblies_text):
            label.setWordWrap(True)

        self.can_members = context.can(Permission.MEMBERS_READ)
        self.can_governance = context.can(Permission.GOVERNANCE_READ)
        self.can_file = context.can(Permission.GOVERNANCE_WRITE)
        self.can_books = context.can(Permission.BOOKS_READ)
        grid = QGridLayout()
        self.members_card = _card(self.members_title, self.members_text, self)
        members_layout = self.members_card.layout()
        assert isinstance(members_layout, QVBoxLayout)
        members_layout.insertWidget(2, self.first_member_button)
        self.dues_card = _card(self.dues_title, self.dues_text, self)
        self.assemblies_card = _card(self.assemblies_title, self.assemblies_text, self)
        self.reminders_card = _card(self.reminders_title, self.reminders_box, self)
        grid.addWidget(self.members_card, 0, 0)
        grid.addWidget(self.dues_card, 0, 1)
        grid.addWidget(self.assemblies_card, 1, 0)
        grid.addWidget(self.reminders_card, 1, 1)
        self.members_card.setVisible(self.can_members)
        self.dues_card.setVisible(self.can_members)
        self.assemblies_card.setVisible(self.can_governance)
        self.reminders_card.setVisible(self.can_governance or self.can_books)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addStretch(1)
        context.signals.data_changed.connect(self._data_changed)
        self.refresh()

    def title(self) -> str:
        return _("Dashboard")

    def _data_changed(self, changed: Changes) -> None:
        if concerns(changed, CONCERNS):
            self.refresh()

    def refresh(self) -> None:
        self.today = dt.date.today()
        actor = self.context.actor
        with self.context.database.session() as session:
            if self.can_members:
                self.status_counts = count_members_by_status(session, actor)
                self.paid_this_year = count_members(
                    session, actor, flt=MemberFilter(dues_year=self.today.year, dues_paid=True)
                )
            if self.can_books:
                self.aid_reminders = public_aid_reminders(session, actor, self.today)
            if self.can_governance:
                assemblies = list_assemblies(session, actor)
                self.reminders = declaration_reminders(session, actor, self.today)
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
        self.reminders_title.setText(_("Reminders"))
        self._show_reminders(lang)

    def _show_reminders(self, lang: str) -> None:
        for row in self.reminder_rows:
            # Hidden and detached at once: deleteLater alone leaves it on screen until the
            # event loop runs, so a language switch would briefly show both lines.
            self.reminders_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.reminder_rows = []
        self.reminder_labels = []
        self.file_buttons = {}
        self.aid_labels = []
        if not self.reminders and (self.can_governance or not self.aid_reminders):
            label = QLabel(_("Nothing to file."), self.reminders_box)
            self.reminder_labels.append(label)
            self.reminder_rows.append(label)
            self.reminders_layout.addWidget(label)
        for reminder in self.reminders:
            kind = _(DECLARATION_KIND_LABELS[reminder.kind])
            date = format_date(reminder.due_on, lang, "long")
            if reminder.overdue:
                text = _("{kind}: the declaration was due on {date} — overdue").format(
                    kind=kind, date=date
                )
            else:
                text = _("{kind}: declaration to file before {date}").format(kind=kind, date=date)
            row = QWidget(self.reminders_box)
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            label = QLabel(text, row)
            label.setObjectName(f"reminder_{reminder.declaration_id}")
            label.setWordWrap(True)
            label.setFrameShape(QFrame.Shape.NoFrame)
            if reminder.overdue:
                label.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
            label.setProperty("overdue", reminder.overdue)
            row_layout.addWidget(label, 1)
            if self.can_file:
                button = QPushButton(_("Mark as filed…"), row)
                button.setObjectName(f"file_{reminder.declaration_id}")
                button.clicked.connect(
                    lambda _checked=False, i=reminder.declaration_id: self.file_declaration(i)
                )
                row_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
                self.file_buttons[reminder.declaration_id] = button
            self.reminder_labels.append(label)
            self.reminder_rows.append(row)
            self.reminders_layout.addWidget(row)
        self._show_aid_reminders(lang)

    def _show_aid_reminders(self, lang: str) -> None:
        for reminder in self.aid_reminders:
            date = format_date(reminder.due_on, lang, "long")
            if reminder.overdue:
                text = _(
                    "Account of the use of public aid {year}: due to the Cour des comptes "
                    "before {date} — overdue"
                )
            else:
                text = _(
                    "Account of the use of public aid {year}: to send to the Cour des comptes "
                    "before {date}"
                )
            label = QLabel(text.format(year=reminder.year, date=date), self.reminders_box)
            label.setObjectName(f"aid_reminder_{reminder.year}")
            label.setWordWrap(True)
            if reminder.overdue:
                label.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
            label.setProperty("overdue", reminder.overdue)
            self.aid_labels.append(label)
            self.reminder_rows.append(label)
            self.reminders_layout.addWidget(label)

    def file_declaration(self, declaration_id: int) -> FilingDialog:
        """Open (not modal-exec) the filing form, so tests can fill and save it."""
        dialog = FilingDialog(self.context, declaration_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog
