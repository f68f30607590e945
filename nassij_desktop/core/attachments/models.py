"""One file is the whole record: photos, scans and logos live in the database as blobs."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nassij_desktop.core.common.base import Entity


class Blob(Entity):
    """File content, stored once however many attachments point to it."""

    __tablename__ = "blob"

    sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)


class Attachment(Entity):
    __tablename__ = "attachment"

    blob_id: Mapped[int] = mapped_column(sa.ForeignKey("blob.id", ondelete="RESTRICT"), index=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    mime_type: Mapped[str] = mapped_column(sa.String(100))
    description: Mapped[str | None] = mapped_column(sa.Text)
    taken_on: Mapped[dt.date | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    blob: Mapped[Blob] = relationship(lazy="joined")
