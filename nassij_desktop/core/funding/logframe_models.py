"""The logical framework of a funding request (الإطار المنطقي / cadre logique): the objective,
the target beneficiaries, the expected results in their order, and for each result its
activities (the schedule: each with its planned period) and its indicators (baseline, target,
then the value achieved, recorded as the project runs). Tables of migration 0017.

The texts are written in the file's language, as the request's title and budget lines are.
"""

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nassij_desktop.core.common.base import Entity, ExactDecimal


class Logframe(Entity):
    """The head of a request's logical framework: one per request."""

    __tablename__ = "funding_logframe"

    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("funding_request.id", ondelete="CASCADE"), unique=True
    )
    objective: Mapped[str] = mapped_column(sa.Text)
    beneficiaries_count: Mapped[int | None]
    beneficiaries: Mapped[str | None] = mapped_column(sa.Text)  # who they are

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
    label: Mapped[str] = mapped_column(sa.String(500))

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
    label: Mapped[str] = mapped_column(sa.String(500))
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
    label: Mapped[str] = mapped_column(sa.String(500))
    unit: Mapped[str | None] = mapped_column(sa.String(60))
    baseline: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    target: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    achieved: Mapped[Decimal | None] = mapped_column(ExactDecimal())
