"""Who may export anything of the association, without importing the exports (the window's
File menu asks at start-up; `association.py` and its writers are heavier). The rule is the
service's: a role that may read one of the sheets (`association.readable_sheets`) or the
profile; a test holds the two together."""

from __future__ import annotations

from nassij_desktop.core.common.permissions import Actor, Permission

# The permissions one of the sheets needs (the dues sheet needs the register too).
SHEET_PERMISSIONS = (
    Permission.MEMBERS_READ,
    Permission.BOOKS_READ,
    Permission.GOVERNANCE_READ,
    Permission.FUNDING_READ,
    Permission.ACTIVITIES_READ,
)


def may_export_association(actor: Actor) -> bool:
    """Whether `actor` may export at least one sheet (the profile needs two of them)."""
    return any(actor.can(permission) for permission in SHEET_PERMISSIONS)
