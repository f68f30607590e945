"""Roles and what each may do. Services check these; screens only hide what is refused anyway."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.i18n import N_, _


class Role(enum.StrEnum):
    ADMIN = "admin"
    SECRETARY = "secretary"
    TREASURER = "treasurer"
    VOLUNTEER = "volunteer"
    VIEWER = "viewer"


ROLE_LABELS = {
    Role.ADMIN: N_("Administrator"),
    Role.SECRETARY: N_("Secretary"),
    Role.TREASURER: N_("Treasurer"),
    Role.VOLUNTEER: N_("Volunteer"),
    Role.VIEWER: N_("Viewer"),
}


class Permission(enum.StrEnum):
    MEMBERS_READ = "members.read"
    MEMBERS_WRITE = "members.write"
    MEMBERS_IDENTITY = "members.identity"  # CIN, birth date: personal data under law 09-08
    DUES_WRITE = "dues.write"
    BOOKS_READ = "books.read"
    BOOKS_WRITE = "books.write"
    BOOKS_REOPEN = "books.reopen"  # reopen (or lock) a closed fiscal year: administrators
    GOVERNANCE_READ = "governance.read"
    GOVERNANCE_WRITE = "governance.write"
    ACTIVITIES_READ = "activities.read"
    ACTIVITIES_WRITE = "activities.write"
    ACTIVITIES_MANAGE = "activities.manage"  # edit activities others logged (not volunteers)
    FUNDING_READ = "funding.read"
    FUNDING_WRITE = "funding.write"
    ASSOCIATION_WRITE = "association.write"
    USERS_MANAGE = "users.manage"
    AUDIT_READ = "audit.read"
    DATA_ADMIN = "data.admin"  # backup, restore, import
    PRIVACY_MANAGE = "privacy.manage"  # law 09-08: a person's data exported, anonymised
    # The statutes' rules on assemblies (proxies one member may hold): administrators, so that
    # whoever records the attendance does not also set how many votes one person may carry.
    GOVERNANCE_RULES = "governance.rules"


P = Permission
_READ_ALL = {P.MEMBERS_READ, P.GOVERNANCE_READ, P.ACTIVITIES_READ, P.FUNDING_READ}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.SECRETARY: frozenset(
        _READ_ALL
        | {
            P.MEMBERS_WRITE,
            P.MEMBERS_IDENTITY,
            P.DUES_WRITE,
            P.BOOKS_READ,  # the issue: secretary and viewer read the books
            P.GOVERNANCE_WRITE,
            P.ACTIVITIES_WRITE,
            P.ACTIVITIES_MANAGE,
            P.FUNDING_WRITE,
            P.ASSOCIATION_WRITE,
        }
    ),
    Role.TREASURER: frozenset(
        _READ_ALL | {P.MEMBERS_IDENTITY, P.DUES_WRITE, P.BOOKS_READ, P.BOOKS_WRITE, P.FUNDING_WRITE}
    ),
    Role.VOLUNTEER: frozenset({P.MEMBERS_READ, P.ACTIVITIES_READ, P.ACTIVITIES_WRITE}),
    Role.VIEWER: frozenset(_READ_ALL | {P.BOOKS_READ}),
}

PERMISSION_LABELS = {
    P.MEMBERS_READ: N_("see the member register"),
    P.MEMBERS_WRITE: N_("change the member register"),
    P.MEMBERS_IDENTITY: N_("see members' identity numbers"),
    P.DUES_WRITE: N_("record dues"),
    P.BOOKS_READ: N_("see the finances"),
    P.BOOKS_WRITE: N_("change the books"),
    P.BOOKS_REOPEN: N_("reopen or lock a closed fiscal year"),
    P.GOVERNANCE_READ: N_("see the board and assemblies"),
    P.GOVERNANCE_WRITE: N_("change the board and assemblies"),
    P.ACTIVITIES_READ: N_("see activities"),
    P.ACTIVITIES_WRITE: N_("log activities"),
    P.ACTIVITIES_MANAGE: N_("change the activities others logged"),
    P.FUNDING_READ: N_("see funding requests"),
    P.FUNDING_WRITE: N_("change funding requests"),
    P.ASSOCIATION_WRITE: N_("change the association's profile"),
    P.USERS_MANAGE: N_("manage user accounts"),
    P.AUDIT_READ: N_("read the audit log"),
    P.DATA_ADMIN: N_("back up, restore and import data"),
    P.PRIVACY_MANAGE: N_("export or anonymise a person's data"),
    P.GOVERNANCE_RULES: N_("change the statutes' rules on general assemblies"),
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a logged-in user, or the command line on the owner's behalf."""

    user_id: int | None
    login: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(
                _("Your role ({role}) does not allow you to {action}.").format(
                    role=_(ROLE_LABELS[self.role]), action=_(PERMISSION_LABELS[permission])
                )
            )


# The command line runs as the owner of the file, who could open it with any SQLite tool anyway.
CLI_ACTOR = Actor(user_id=None, login="cli", role=Role.ADMIN)
SYSTEM_ACTOR = Actor(user_id=None, login="system", role=Role.ADMIN)
