"""Settings kept in the association's file (not the PC's): they travel with the data."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.models import Setting

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
    "members.number_width": 6,
    "dates.hijri_offset_days": 0,
}


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
