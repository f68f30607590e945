"""Settings: the interface's language for everyone; the association's profile, the lock delay,
the Hijri correction, the statutes' board term and proxy limit (that one: administrators, by
GOVERNANCE_RULES) and the formalities of personal data (law 09-08) for those who may change
the association (ASSOCIATION_WRITE); one's own password for anyone signed in with an account.

The profile someone else saves (another computer, another window) is shown at once while the
form here is untouched; typed changes are never dropped (their save meets the conflict dialog).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from nassij_desktop.core.common.changes import Change, Changes
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.i18n import _
from nassij_desktop.ui.common.context import AppContext, concerns
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.common.tables import scroll_with_direction
from nassij_desktop.ui.common.wheel_guard import guard_fields_from_the_wheel
from nassij_desktop.ui.settings.privacy import PrivacySection
from nassij_desktop.ui.settings.profile import ProfileSection
from nassij_desktop.ui.settings.sections import (
    FileSettingsSection,
    GovernanceSection,
    LanguageSection,
    PasswordSection,
    ProtectionSection,
)

MAX_FORM_WIDTH = 760  # a form stretched over a wide screen is hard to read


class SettingsPage(Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.language = LanguageSection(self)
        self.profile = ProfileSection(context, self)
        self.file_settings = FileSettingsSection(context, self)
        self.governance = GovernanceSection(context, self)
        self.privacy = PrivacySection(context, self)
        self.password = PasswordSection(context, self)
        self.protection = ProtectionSection(context, self)

        body = QWidget(self)
        body.setMaximumWidth(MAX_FORM_WIDTH)
        column = QVBoxLayout(body)
        for section in (
            self.language,
            self.profile,
            self.file_settings,
            self.governance,
            self.privacy,
            self.protection,
            self.password,
        ):
            column.addWidget(section)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("settings_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll_with_direction(scroll)
        guard_fields_from_the_wheel(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        context.signals.actor_changed.connect(self.refresh)
        context.signals.data_changed.connect(self._data_changed)
        self.retranslate()
        self.refresh()

    def title(self) -> str:
        return _("Settings")

    def retranslate(self) -> None:
        for section in (
            self.language,
            self.profile,
            self.file_settings,
            self.governance,
            self.privacy,
            self.protection,
            self.password,
        ):
            section.retranslate()

    def refresh(self) -> None:
        association = self.context.can(Permission.ASSOCIATION_WRITE)
        self.profile.setVisible(association)
        self.file_settings.setVisible(association)
        self.governance.setVisible(association)
        self.privacy.setVisible(association)
        database = self.context.database
        self.protection.setVisible(
            self.context.can(Permission.DATA_ADMIN)
            and database.is_sqlite
            and database.path is not None
            and not database.read_only
        )
        self.password.setVisible(self.context.actor.user_id is not None)
        if association:
            self.profile.load()
            self.file_settings.load()
            self.governance.load()
            self.privacy.load()

    def _data_changed(self, changed: Changes) -> None:
        # Out of sight, the page waits: the main window reloads a page each time it is shown.
        if (
            concerns(changed, {Change.ASSOCIATION})
            and self.isVisible()
            and self.profile.isVisible()
            and not self.context.initiated_within(self)
            and not self.profile.touched()
        ):
            self.profile.load()
