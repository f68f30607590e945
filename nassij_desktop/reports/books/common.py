"""What the books' documents share: the fiscal year they are about, amounts as cells, the
line under the title that names the year and the one beside it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import FiscalYear
from nassij_desktop.core.books.statements.selection import Period
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.i18n import _, translate_in
from nassij_desktop.i18n.formatting import format_amount, format_date
from nassij_desktop.reports.engine import Column
from nassij_desktop.reports.request import Lang

# Amounts sit on the right in both languages: their units line up (engine "right").
AMOUNT_ALIGN: Literal["right"] = "right"


def document_year(session: Session, year: int | None, today: dt.date | None = None) -> str:
    """The fiscal year a document is about: `year`, or else the latest one finished by
    `today` (the one a general assembly approves), or else the latest one opened."""
    if year is not None:
        return str(year)
    today = today or clock.today()
    label = session.scalar(
        sa.select(FiscalYear.label)
        .where(FiscalYear.ends_on < today)
        .order_by(FiscalYear.ends_on.desc())
        .limit(1)
    ) or session.scalar(sa.select(FiscalYear.label).order_by(FiscalYear.ends_on.desc()).limit(1))
    if label is None:
        raise ValidationError("year", _("The books have no fiscal year yet."))
    return str(label)


def amount(value: Decimal | None, lang: Lang, *, blank_zero: bool = False) -> str:
    """An amount in Latin digits grouped the language's way; "" for none (or zero)."""
    if value is None or (blank_zero and not value):
        return ""
    return format_amount(value, lang)


def amount_column(header: str, weight: float = 1.2) -> Column:
    return Column(header, weight, AMOUNT_ALIGN)


def period_text(period: Period, previous: Period | None, lang: Lang) -> str:
    """ "Fiscal year 2025, from 1 January 2025 to 31 December 2025 (previous year: 2024)"."""
    text = translate_in(lang, "Fiscal year {year}, from {start} to {end}").format(
        year=period.label,
        start=format_date(period.starts_on, lang, "long"),
        end=format_date(period.ends_on, lang, "long"),
    )
    if previous is not None:
        text += " — " + translate_in(lang, "previous year: {year}").format(year=previous.label)
    return text
