"""A last line of defence under the services' text clean-up (`validators.clean_text`).

Before every flush, the text columns of new entities, and the text columns just changed on
others, are checked: a NUL, an ESC or any other control character (tab, line feed and
carriage return aside) or a lone surrogate is refused with a `ValidationError` naming the
column. A service that forgot to clean a field then fails with a message instead of storing
what would later drive a terminal. Values already in an older file are left alone: only what
is being written is checked.

Imported once by `core.models`, so that every session of the application has it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapper, Session

from nassij_desktop.core.common.base import Entity
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.validators import field_label
from nassij_desktop.i18n import _

_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@lru_cache(maxsize=256)
def _text_attributes(mapper: Mapper[Any]) -> tuple[str, ...]:
    return tuple(
        attribute.key
        for attribute in mapper.column_attrs
        if any(isinstance(column.type, sa.String) for column in attribute.columns)
    )


def refused_character(value: object) -> str | None:
    """The first character the guard refuses in `value`, or None."""
    if not isinstance(value, str):
        return None
    found = _REFUSED.search(value)
    return found.group() if found else None


def _check(obj: object, only_changed: bool) -> None:
    state = sa.inspect(obj)
    for key in _text_attributes(state.mapper):
        written = state.attrs[key].history.added if only_changed else [state.dict.get(key)]
        for value in written or ():
            char = refused_character(value)
            if char is not None:
                raise ValidationError(
                    key,
                    _(
                        "The field “{field}” contains a control character (U+{code}) "
                        "that cannot be saved."
                    ).format(field=field_label(key), code=f"{ord(char):04X}"),
                )


@event.listens_for(Session, "before_flush")
def _refuse_control_characters(session: Session, _context: Any, _instances: Any) -> None:
    # Entities only: the audit log is JSON of our own making, and the values it copies from
    # an older file must stay copyable (a name being corrected is in its "before").
    for obj in session.new:
        if isinstance(obj, Entity):
            _check(obj, only_changed=False)
    for obj in session.dirty:
        if isinstance(obj, Entity):
            _check(obj, only_changed=True)
