"""Members page (being written)."""

from __future__ import annotations

from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.i18n import _
from nassij_desktop.ui.common.page import PlaceholderPage


class MembersPage(PlaceholderPage):
    permission = Permission.MEMBERS_READ

    def title(self) -> str:
        return _("Members")
