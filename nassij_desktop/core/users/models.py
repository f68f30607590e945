import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from nassij_desktop.core.common.base import Entity, enum_column
from nassij_desktop.core.common.permissions import Role


class User(Entity):
    __tablename__ = "user_account"

    login: Mapped[str] = mapped_column(sa.String(64), unique=True)
    full_name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    active: Mapped[bool] = mapped_column(default=True)
    language: Mapped[str | None] = mapped_column(sa.String(8))
    member_id: Mapped[int | None] = mapped_column(sa.ForeignKey("member.id", ondelete="SET NULL"))
    last_login_at: Mapped[dt.datetime | None]
    failed_logins: Mapped[int] = mapped_column(default=0)
