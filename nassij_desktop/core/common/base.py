"""The declarative base every entity derives from, and the column types they share.

Every table has an integer id, `created_at`, `updated_at` and a `version` counter that
SQLAlchemy checks on every UPDATE (optimistic locking across PCs sharing one database).

Annotations are not postponed here either (see core/models.py): SQLAlchemy would evaluate the
four shared columns' strings again for each of the fifty entities.
"""

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeDecorator

from nassij_desktop.core.common.clock import utcnow
from nassij_desktop.core.common.money import from_centimes, to_centimes

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Money(TypeDecorator[Decimal]):
    """A `Decimal` amount stored as integer centimes."""

    impl = sa.BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | int | None, dialect: Any) -> int | None:
        return None if value is None else to_centimes(value)

    def process_result_value(self, value: int | None, dialect: Any) -> Decimal | None:
        if value is None:
            return None
        centimes = int(value)
        if centimes != value:  # SQLite keeps what another program stored: never truncate it
            raise ValueError(f"not an amount in whole centimes: {value!r}")
        return from_centimes(centimes)

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


class ExactDecimal(TypeDecorator[Decimal]):
    """A `Decimal` that is not money (an exchange rate), stored as text to stay exact."""

    impl = sa.String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Any) -> str | None:
        return None if value is None else str(Decimal(value))

    def process_result_value(self, value: str | None, dialect: Any) -> Decimal | None:
        return None if value is None else Decimal(value)

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


def enum_column(enum_type: type[enum.Enum], length: int = 24) -> sa.Enum:
    """A string column holding an enum's values; no CHECK, so adding a value needs no migration."""
    return sa.Enum(
        enum_type,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        Decimal: Money(),
        dt.datetime: sa.DateTime(),
        str: sa.String(),
    }


class Entity(Base):
    """Abstract parent of every table: id, timestamps, optimistic-lock version."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-10)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, sort_order=10)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, sort_order=10)
    version: Mapped[int] = mapped_column(default=1, sort_order=10)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - declared_attr takes the class
        return {"version_id_col": cls.version}
