"""Users page (being written)."""

from __future__ import annotations

from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.i18n import _
from nassij_desktop.ui.common.page import PlaceholderPage


class UsersPage(PlaceholderPage):
    permission = Permission.USERS_MANAGE

    def title(self) -> str:
        return _("Users")
