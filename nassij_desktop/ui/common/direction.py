"""Which fields are typed and read left to right inside a mirrored (Arabic) form: decided here.

A form follows the interface's direction, but some values do not: a time typed as "15:00" in a
right-to-left `QTimeEdit` came back as "00:15". By the kind of value:
- times, dates, numbers and amounts: by the editor's type, whatever its field: every spin box
  (`QAbstractSpinBox`: time, date, integer and decimal editors) and the editors declared
  with `@typed_left_to_right` (`date_edit.DateEdit`, a line edit);
- phone, identity and receipt numbers, RIBs, e-mail addresses, file paths, logins and
  passwords, and text typed in French or in Latin letters: the fields named in `LEFT_TO_RIGHT`;
- Arabic text is typed right to left even in a French window (`RIGHT_TO_LEFT`).
Every other field follows the interface. Forms call `set_field_direction` on each field as
they build it; tests/ui/test_field_direction.py opens every form in Arabic and checks.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QWidget

LEFT_TO_RIGHT = frozenset(
    {
        # numbers and codes
        "phone",
        "id_number",
        "rib",
        "receipt_number",
        "amount",
        "cost",  # an activity's cost, an amount
        # the books' references: vouchers, cheques and transfers, agreements
        "voucher",
        "payment_reference",
        "agreement_number",
        "authorisation_number",  # a campaign's authorisation
        "bank_account",
        # addresses of machines and files
        "email",
        "path",
        "login",
        "password",
        "old_password",
        "password_again",
        # text in Latin letters
        "name_fr",
        "address_fr",
        "address",  # a member's address in Latin letters (address_ar: in Arabic)
        "acronym",
        "last_name_lat",
        "first_name_lat",
        # the French half of a text kept in both languages (ui/common/bilingual_edit.py)
        *(
            f"{name}_fr"
            for name in (
                "place",
                "agenda",
                "discussion",
                "text",
                "notes",
                "purpose",
                "uses",
                "remainder_destination",
                "objective",  # a request's logical framework
                "beneficiaries",
            )
        ),
    }
)
RIGHT_TO_LEFT = frozenset(
    {
        "name_ar",
        "address_ar",
        "last_name_ar",
        "first_name_ar",
        *(
            f"{name}_ar"
            for name in (
                "place",
                "agenda",
                "discussion",
                "text",
                "notes",
                "purpose",
                "uses",
                "remainder_destination",
                "objective",  # a request's logical framework
                "beneficiaries",
            )
        ),
    }
)

W = TypeVar("W", bound=QWidget)
T = TypeVar("T", bound=type[QWidget])

# Editors whose values read left to right in every language, by type.
_LEFT_TO_RIGHT_TYPES: list[type[QWidget]] = [QAbstractSpinBox]


def typed_left_to_right(cls: T) -> T:
    """Class decorator: every editor of this type is typed left to right (a date editor
    built on a line edit, say), whatever field it edits."""
    _LEFT_TO_RIGHT_TYPES.append(cls)
    return cls


def field_direction(field: str | None, widget: QWidget | None = None) -> Qt.LayoutDirection | None:
    """The direction a field is typed in; None: the interface's."""
    if isinstance(widget, tuple(_LEFT_TO_RIGHT_TYPES)) or field in LEFT_TO_RIGHT:
        return Qt.LayoutDirection.LeftToRight
    if field in RIGHT_TO_LEFT:
        return Qt.LayoutDirection.RightToLeft
    return None


def set_field_direction(widget: W, field: str | None = None) -> W:
    """Give `widget` (the editor of `field`) its direction. Call it before a time or date
    editor gets its display format: under right-to-left Qt would reverse "HH:mm"."""
    direction = field_direction(field, widget)
    if direction is not None:
        widget.setLayoutDirection(direction)
    return widget


__all__ = [
    "LEFT_TO_RIGHT",
    "RIGHT_TO_LEFT",
    "field_direction",
    "set_field_direction",
    "typed_left_to_right",
]
