"""`DateEdit`: the one date editor of the window.

A date is written 15/03/2025 in both languages (the way Moroccan forms write it, digits read
left to right even in Arabic), typed or chosen in a calendar (the button at the end of the
line), and checked by the same parser as imports, so the messages match. Empty means no date:
a form that needs one asks `date(field, required=True)`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, overload

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QStyle, QWidget, QWidgetAction

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.validators import parse_date
from nassij_desktop.i18n import _
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.direction import set_field_direction, typed_left_to_right

DATE_FORMAT = "%d/%m/%Y"


def date_placeholder() -> str:
    """ "dd/mm/yyyy" in the reader's words, laid out as the date is typed: day at the left.
    The Arabic words would read right to left (the day at the right, above the year's
    digits); kept left to right in an isolate, each word set apart by marks around the
    slashes, they sit over the digits they stand for."""
    parts = _("dd/mm/yyyy").split("/")
    return "\u2066" + "\u200e/\u200e".join(parts) + "\u2069"


@typed_left_to_right  # digits and slashes, whatever the field
class DateEdit(Retranslating, QLineEdit):
    def __init__(self, parent: QWidget | None = None, value: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(10)
        set_field_direction(self)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        self.calendar_action = self.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView),
            QLineEdit.ActionPosition.TrailingPosition,
        )
        self.calendar_action.setObjectName("date_calendar")
        self.calendar_action.triggered.connect(self.show_calendar)
        self.set_date(value)
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(date_placeholder())
        self.calendar_action.setToolTip(_("Choose in a calendar"))

    # --- value -------------------------------------------------------------------------------

    def set_date(self, value: dt.date | QDate | None) -> None:
        if isinstance(value, QDate):
            value = dt.date(value.year(), value.month(), value.day()) if value.isValid() else None
        self.setText(value.strftime(DATE_FORMAT) if value is not None else "")

    setDate = set_date  # noqa: N815 - the name QDateEdit's callers know

    @overload
    def date(self, field: str = ..., *, required: Literal[True]) -> dt.date: ...
    @overload
    def date(self, field: str = ..., *, required: bool = ...) -> dt.date | None: ...
    def date(self, field: str = "date", *, required: bool = False) -> dt.date | None:
        """The date, or None when empty; raises ValidationError(field, …) when it is not a
        date, or empty and `required`."""
        if not self.text().strip():
            if required:
                raise ValidationError(field, _("Enter a date."))
            return None
        return parse_date(self.text(), field=field)

    # --- calendar ----------------------------------------------------------------------------

    def show_calendar(self) -> QMenu:
        """A calendar under the line, on the date typed (today when none); a click sets it."""
        menu = QMenu(self)
        menu.setObjectName("date_calendar_popup")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(True)
        try:
            current = self.date()
        except ValidationError:
            current = None
        shown = current or clock.today()
        calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))

        def chosen(value: QDate) -> None:
            self.set_date(value)
            self.editingFinished.emit()
            menu.close()

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)
        menu.popup(self.mapToGlobal(QPoint(0, self.height())))
        calendar.setFocus()
        return menu


__all__ = ["DATE_FORMAT", "DateEdit"]
