"""Store and read attached files."""

from __future__ import annotations

import hashlib
import mimetypes

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.attachments.models import Attachment, Blob
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.i18n import _

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


def store_attachment(
    session: Session,
    data: bytes,
    filename: str,
    *,
    mime_type: str | None = None,
    description: str | None = None,
    created_by_id: int | None = None,
) -> Attachment:
    """Add a file; identical content is stored once. The caller's transaction commits it."""
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            "attachment", _("The file is too large (limit: {limit} MB).").format(limit=25)
        )
    digest = hashlib.sha256(data).hexdigest()
    blob = session.scalar(sa.select(Blob).where(Blob.sha256 == digest))
    if blob is None:
        blob = Blob(sha256=digest, size=len(data), data=data)
        session.add(blob)
        session.flush()
    attachment = Attachment(
        blob=blob,
        filename=filename,
        mime_type=mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream",
        description=description,
        created_by_id=created_by_id,
    )
    session.add(attachment)
    session.flush()
    return attachment


def attachment_bytes(session: Session, attachment_id: int) -> bytes:
    data = session.scalar(
        sa.select(Blob.data)
        .join(Attachment, Attachment.blob_id == Blob.id)
        .where(Attachment.id == attachment_id)
    )
    if data is None:
        raise LookupError(attachment_id)
    return data
