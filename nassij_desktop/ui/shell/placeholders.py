"""Pages of later versions: in the navigation already, saying plainly that they come later."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import _
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.page import PlaceholderPage


class BrokenPage(PlaceholderPage):
    """Stands in for a page whose construction failed, so one bug does not stop the window."""

    def __init__(
        self,
        context: AppContext,
        title: str,
        parent: QWidget | None = None,
        *,
        reason: NassijError | None = None,
    ) -> None:
        self._title = title
        self._reason = reason  # a failure the user can act on (a damaged file): its sentence
        super().__init__(context, parent)

    def title(self) -> str:
        return _(self._title)

    def retranslate(self) -> None:
        if self._reason is not None:
            self._label.setText(
                _("“{page}” could not be opened: {reason}").format(
                    page=self.title(), reason=str(self._reason)
                )
            )
            return
        self._label.setText(
            _(
                "“{page}” could not be opened because of an unexpected problem. "
                "The details were written to the log."
            ).format(page=self.title())
        )
