"""The pages of the main window, in navigation order, and who may see each.

Every page class under ui/ is either an entry of PAGES or a STAND_IN; the main window builds
an entry on its first visit (tests/ui/shell/test_page_registry.py checks both)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import N_
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.icons import IconName
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.shell.placeholders import BrokenPage

P = Permission


@dataclass(frozen=True)
class PageSpec:
    """One entry. The page's module is named, not imported: a page's code (and the services
    and documents it uses) is loaded on its first visit, so the window opens at the cost of
    the page it shows."""

    key: str
    page: str  # "module:Class" under nassij_desktop.ui
    permission: Permission | None  # who sees the entry; None: everyone signed in
    icon: IconName
    label: str  # N_(): the entry's name until the page is built, or if it cannot be

    def page_class(self) -> type[Page]:
        module, name = self.page.split(":")
        page_class: type[Page] = getattr(
            importlib.import_module(f"nassij_desktop.ui.{module}"), name
        )
        return page_class

    def factory(self, context: AppContext) -> Page:
        return self.page_class()(context)

    def visible_to(self, actor: Actor) -> bool:
        return self.permission is None or actor.can(self.permission)


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "dashboard", "dashboard.page:DashboardPage", None, IconName.DASHBOARD, N_("Dashboard")
    ),
    PageSpec(
        "members", "members.page:MembersPage", P.MEMBERS_READ, IconName.MEMBERS, N_("Members")
    ),
    PageSpec(
        "governance",
        "governance.page:GovernancePage",
        P.GOVERNANCE_READ,
        IconName.GOVERNANCE,
        N_("Board and assemblies"),
    ),
    PageSpec(
        "activities",
        "activities.page:ActivitiesPage",
        P.ACTIVITIES_READ,
        IconName.ACTIVITIES,
        N_("Activities"),
    ),
    PageSpec(
        "funding", "funding.page:FundingPage", P.FUNDING_READ, IconName.FUNDING, N_("Funding")
    ),
    PageSpec("books", "books.page:BooksPage", P.BOOKS_READ, IconName.BOOKS, N_("Treasury")),
    PageSpec(
        "documents", "documents.page:DocumentsPage", None, IconName.DOCUMENTS, N_("Documents")
    ),
    PageSpec("settings", "settings.page:SettingsPage", None, IconName.SETTINGS, N_("Settings")),
    PageSpec("users", "users.page:UsersPage", P.USERS_MANAGE, IconName.USERS, N_("Users")),
    PageSpec("audit", "audit.page:AuditPage", P.AUDIT_READ, IconName.AUDIT, N_("Audit log")),
)

# The chapter of the user guide (docs/guide/<lang>/<key>.md) that F1 opens on each page, and
# in a dialog over it (tests/ui/help: every page is here, every chapter exists in both languages).
GUIDE_CHAPTERS: dict[str, str] = {
    "dashboard": "02-first-run",
    "members": "03-members",
    "governance": "04-governance",
    "activities": "06-funding",
    "funding": "06-funding",
    "books": "05-books",
    "documents": "07-documents",
    "settings": "09-backups",
    "users": "02-first-run",
    "audit": "02-first-run",
}

# Page classes that are no entry: BrokenPage stands in for an entry that could not be built.
STAND_INS: tuple[type[Page], ...] = (BrokenPage,)


def visible_pages(actor: Actor) -> list[PageSpec]:
    return [spec for spec in PAGES if spec.visible_to(actor)]
