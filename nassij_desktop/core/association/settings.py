"""Settings kept in the association's file (not the PC's): they travel with the data."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.models import Setting
from nassij_desktop.core.common import audit
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import _

DEFAULTS: dict[str, Any] = {
    # Posting accounts. The association-specific numbers of the CNC plan are unconfirmed
    # (shared/data), so the treasurer can change them.
    "posting.dues_income": "7186",
    "posting.donations_income": "7187",
    "posting.cash": "5161",
    "posting.bank": "5141",
    # Days to declare a foreign-funding receipt to the SGG (commonly cited, unconfirmed).
    "funding.sgg_declaration_days": 30,
    # Days to declare a board change to the local authority (Dahir 1-58-376, art. 5).
    "governance.declaration_days": 30,
    # Proxies one present member may hold at a general assembly (the statutes say; often 1).
    "governance.max_proxies_per_holder": 1,
    "members.number_width": 6,
    "dates.hijri_offset_days": 0,
    # Minutes without input before the window locks and asks the password again (0: never).
    "security.autolock_minutes": 10,
}

MAX_AUTOLOCK_MINUTES = 240
MAX_HIJRI_OFFSET_DAYS = 2  # the observed moon differs from the computed calendar by a day or two


def ensure_defaults(session: Session) -> None:
    present = set(session.scalars(sa.select(Setting.key)))
    for key, value in DEFAULTS.items():
        if key not in present:
            session.add(Setting(key=key, value=json.dumps(value)))


def get_setting(session: Session, key: str) -> Any:
    raw = session.scalar(sa.select(Setting.value).where(Setting.key == key))
    if raw is None:
        return DEFAULTS[key]
    return json.loads(raw)


def set_setting(session: Session, key: str, value: Any) -> None:
    row = session.scalar(sa.select(Setting).where(Setting.key == key))
    if row is None:
        session.add(Setting(key=key, value=json.dumps(value)))
    else:
        row.value = json.dumps(value)
    session.flush()


def _whole_number(value: Any, key: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise ValidationError(
            key, _("Give a whole number from {low} to {high}.").format(low=low, high=high)
        )
    return number


# The settings a user may change from the screens, each with its check; the posting accounts
# and numbering stay with the treasurer's and secretary's own screens.
_CHECKS: dict[str, Callable[[Any], Any]] = {
    "security.autolock_minutes": lambda value: _whole_number(
        value, "security.autolock_minutes", 0, MAX_AUTOLOCK_MINUTES
    ),
    "dates.hijri_offset_days": lambda value: _whole_number(
        value, "dates.hijri_offset_days", -MAX_HIJRI_OFFSET_DAYS, MAX_HIJRI_OFFSET_DAYS
    ),
}


def change_setting(session: Session, actor: Actor, key: str, value: Any) -> Any:
    """Validate and store one setting a user may change; returns the value stored."""
    actor.require(Permission.ASSOCIATION_WRITE)
    check = _CHECKS.get(key)
    if check is None:
        raise ValidationError(key, _("Unknown field: {field}").format(field=key))
    value = check(value)
    before = get_setting(session, key)
    if value == before:
        return value
    set_setting(session, key, value)
    row_id = session.scalar(sa.select(Setting.id).where(Setting.key == key))
    audit.record(
        session, actor, "update", "setting", row_id, before={key: before}, after={key: value}
    )
    return value


def autolock_minutes(session: Session) -> int:
    return int(get_setting(session, "security.autolock_minutes"))


def hijri_offset_days(session: Session) -> int:
    return int(get_setting(session, "dates.hijri_offset_days"))
