"""The pages of the main window, in navigation order, and who may see each.

Every page class under ui/ is either an entry of PAGES or a STAND_IN; the main window builds
an entry on its first visit (tests/ui/shell/test_page_registry.py checks both)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import N_
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.icons import IconName
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.dashboard.page import DashboardPage
from nassij_desktop.ui.documents.page import DocumentsPage
from nassij_desktop.ui.governance.page import GovernancePage
from nassij_desktop.ui.members.page import MembersPage
from nassij_desktop.ui.settings.page import SettingsPage
from nassij_desktop.ui.shell.placeholders import (
    ActivitiesPage,
    BooksPage,
    BrokenPage,
    FundingPage,
)
from nassij_desktop.ui.users.page import UsersPage


@dataclass(frozen=True)
class PageSpec:
    key: str
    factory: Callable[[AppContext], Page]
    icon: IconName
    label: str  # N_(): shown only if the page itself cannot be built

    @property
    def permission(self) -> Permission | None:
        return getattr(self.factory, "permission", None)

    def visible_to(self, actor: Actor) -> bool:
        return self.permission is None or actor.can(self.permission)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("dashboard", DashboardPage, IconName.DASHBOARD, N_("Dashboard")),
    PageSpec("members", MembersPage, IconName.MEMBERS, N_("Members")),
    PageSpec("governance", GovernancePage, IconName.GOVERNANCE, N_("Board and assemblies")),
    PageSpec("activities", ActivitiesPage, IconName.ACTIVITIES, N_("Activities")),
    PageSpec("funding", FundingPage, IconName.FUNDING, N_("Funding")),
    PageSpec("books", BooksPage, IconName.BOOKS, N_("Treasury")),
    PageSpec("documents", DocumentsPage, IconName.DOCUMENTS, N_("Documents")),
    PageSpec("settings", SettingsPage, IconName.SETTINGS, N_("Settings")),
    PageSpec("users", UsersPage, IconName.USERS, N_("Users")),
)

# Page classes that are no entry: BrokenPage stands in for an entry that could not be built.
STAND_INS: tuple[type[Page], ...] = (BrokenPage,)


def visible_pages(actor: Actor) -> list[PageSpec]:
    return [spec for spec in PAGES if spec.visible_to(actor)]
