import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from nassij_desktop.core.association.authorities import AuthorityKind
from nassij_desktop.core.common.base import Entity, enum_column


class Association(Entity):
    """The one association a file belongs to (one row)."""

    __tablename__ = "association"

    name_ar: Mapped[str] = mapped_column(sa.String(300))
    name_fr: Mapped[str] = mapped_column(sa.String(300))
    acronym: Mapped[str | None] = mapped_column(sa.String(40))
    purpose_ar: Mapped[str | None] = mapped_column(sa.Text)
    purpose_fr: Mapped[str | None] = mapped_column(sa.Text)
    address_ar: Mapped[str | None] = mapped_column(sa.String(400))
    address_fr: Mapped[str | None] = mapped_column(sa.String(400))
    city: Mapped[str | None] = mapped_column(sa.String(120))
    region_code: Mapped[str | None] = mapped_column(sa.String(2))
    province: Mapped[str | None] = mapped_column(sa.String(120))
    commune: Mapped[str | None] = mapped_column(sa.String(120))
    # The local authority the declarations are addressed to (core/association/authorities.py):
    # its kind and the place it is named after (default: the commune). Migration 0010.
    authority_kind: Mapped[AuthorityKind | None] = mapped_column(enum_column(AuthorityKind, 20))
    authority_place: Mapped[str | None] = mapped_column(sa.String(120))
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    website: Mapped[str | None] = mapped_column(sa.String(254))
    logo_attachment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("attachment.id", ondelete="SET NULL")
    )
    founded_on: Mapped[dt.date | None]
    receipt_number: Mapped[str | None] = mapped_column(sa.String(60))  # récépissé définitif
    receipt_date: Mapped[dt.date | None]
    public_utility: Mapped[bool] = mapped_column(default=False)
    public_utility_decree: Mapped[str | None] = mapped_column(sa.String(120))
    rib: Mapped[str | None] = mapped_column(sa.String(24))
    bank_name: Mapped[str | None] = mapped_column(sa.String(120))
    fiscal_year_start_month: Mapped[int] = mapped_column(default=1)
    default_language: Mapped[str] = mapped_column(sa.String(8), default="ar")

    __table_args__ = (
        sa.CheckConstraint(
            "fiscal_year_start_month BETWEEN 1 AND 12", name="fiscal_year_start_month"
        ),
    )


class Setting(Entity):
    """A named setting of this association's file, as JSON text (posting accounts, quorum…)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(sa.String(100), unique=True)
    value: Mapped[str] = mapped_column(sa.Text)


class Counter(Entity):
    """Gap-free numbering of receipts and member numbers, per series and year (0: no year)."""

    __tablename__ = "counter"

    series: Mapped[str] = mapped_column(sa.String(40))
    year: Mapped[int] = mapped_column(default=0)
    last_value: Mapped[int] = mapped_column(default=0)

    __table_args__ = (sa.UniqueConstraint("series", "year"),)
