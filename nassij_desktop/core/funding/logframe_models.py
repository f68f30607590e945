"""The logical framework of a funding request (الإطار المنطقي / cadre logique): the objective,
the target beneficiaries, the expected results in their order, and for each result its
activities (the schedule: each with its planned period) and its indicators (baseline, target,
then the value achieved, recorded as the project runs). Tables of migration 0017.

Each text is kept in Arabic and in French (migration 0019), either of which may be empty:
`objective`, `label`, `unit`… read and write both columns as a `core.common.bilingual.Bilingual`,
so that the pack prints the commune's Arabic version and the foreign funder's French one.
"""

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nassij_desktop.core.common.base import Entity, ExactDecimal
from nassij_desktop.core.common.bilingual import BilingualColumns


class Logframe(Entity):
    """The head of a request's logical framework: one per request."""

    __tablename__ = "funding_logframe"

    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("funding_request.id", ondelete="CASCADE"), unique=True
    )
    objective_ar: Mapped[str | None] = mapped_column(sa.Text)
    objective_fr: Mapped[str | None] = mapped_column(sa.Text)
    beneficiaries_count: Mapped[int | None]
    beneficiaries_ar: Mapped[str | None] = mapped_column(sa.Text)  # who they are
    beneficiaries_fr: Mapped[str | None] = mapped_column(sa.Text)
    objective = BilingualColumns()
    beneficiaries = BilingualColumns()

    results: Mapped[list["ExpectedResult"]] = relationship(
        order_by="ExpectedResult.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint(
            "beneficiaries_count IS NULL OR beneficiaries_count >= 0", name="beneficiaries_count"
        ),
    )


class ExpectedResult(Entity):
    __tablename__ = "funding_result"

    logframe_id: Mapped[int] = mapped_column(
        sa.ForeignKey("funding_logframe.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    label_ar: Mapped[str | None] = mapped_column(sa.String(500))
    label_fr: Mapped[str | None] = mapped_column(sa.String(500))
    label = BilingualColumns()

    activities: Mapped[list["PlannedActivity"]] = relationship(
        order_by="PlannedActivity.position", cascade="all, delete-orphan"
    )
    indicators: Mapped[list["Indicator"]] = relationship(
        order_by="Indicator.position", cascade="all, delete-orphan"
    )


class PlannedActivity(Entity):
    """An activity that leads to a result, with its planned period (the schedule)."""

    __tablename__ = "funding_planned_activity"

    result_id: Mapped[int] = mapped_column(
        sa.ForeignKey("funding_result.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    label_ar: Mapped[str | None] = mapped_column(sa.String(500))
    label_fr: Mapped[str | None] = mapped_column(sa.String(500))
    label = BilingualColumns()
    starts_on: Mapped[dt.date | None]
    ends_on: Mapped[dt.date | None]

    __table_args__ = (
        sa.CheckConstraint(
            "starts_on IS NULL OR ends_on IS NULL OR ends_on >= starts_on", name="period"
        ),
    )


class Indicator(Entity):
    """How a result is measured: a figure in a unit, from a baseline to a target; `achieved`
    is recorded as the project runs. Figures are exact decimals (a count, a percentage)."""

    __tablename__ = "funding_indicator"

    result_id: Mapped[int] = mapped_column(
        sa.ForeignKey("funding_result.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    label_ar: Mapped[str | None] = mapped_column(sa.String(500))
    label_fr: Mapped[str | None] = mapped_column(sa.String(500))
    label = BilingualColumns()
    unit_ar: Mapped[str | None] = mapped_column(sa.String(60))
    unit_fr: Mapped[str | None] = mapped_column(sa.String(60))
    unit = BilingualColumns()
    baseline: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    target: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    achieved: Mapped[Decimal | None] = mapped_column(ExactDecimal())
