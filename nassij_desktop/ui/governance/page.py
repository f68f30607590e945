"""Board and assemblies page (being written)."""

from __future__ import annotations

from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.i18n import _
from nassij_desktop.ui.common.page import PlaceholderPage


class GovernancePage(PlaceholderPage):
    permission = Permission.GOVERNANCE_READ

    def title(self) -> str:
        return _("Board and assemblies")
