"""Documents page (being written)."""

from __future__ import annotations

from nassij_desktop.i18n import _
from nassij_desktop.ui.common.page import PlaceholderPage


class DocumentsPage(PlaceholderPage):
    def title(self) -> str:
        return _("Documents")
