"""What the books read of the association, in one place (the import contract allows
`receipts` and this module only): the month its fiscal year starts, the account closing
carries the result to, and the statement model its settings keep."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association import settings
from nassij_desktop.core.association.models import Association, Setting

STATEMENT_MODEL_SETTING = "books.statement_model"
FUNDS_SETTING = "posting.association_funds"


def fiscal_year_start_month(session: Session) -> int:
    return session.scalar(sa.select(Association.fiscal_year_start_month)) or 1


def association_funds_account(session: Session) -> str:
    return str(settings.get_setting(session, FUNDS_SETTING))


def statement_model(session: Session) -> str:
    return str(settings.get_setting(session, STATEMENT_MODEL_SETTING))


def store_statement_model(session: Session, model: Any) -> int | None:
    """Store the model (checked by the settings' rule); the setting row's id, for the audit."""
    settings.set_setting(session, STATEMENT_MODEL_SETTING, model)
    return session.scalar(sa.select(Setting.id).where(Setting.key == STATEMENT_MODEL_SETTING))
