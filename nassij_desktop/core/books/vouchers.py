"""The scanned voucher (pièce justificative) of an entry, kept in the file with it.

A voucher is a PDF, JPEG or PNG file, checked by its content (its first bytes) as well as by
its name, stored once as a blob (core/attachments) and named by the entry's
`voucher_attachment_id`. Attaching one changes none of the entry's figures, and its seal
(core/books/chain.py) does not cover it: a scan is attached to a draft or to a validated entry
alike, in any fiscal year, the day the paper is scanned. Replacing a voucher keeps the
earlier file in the database (vouchers of public money are kept ten years); the audit log
names both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.attachments.file_types import (
    IMAGE_TYPES,
    PDF_TYPES,
    content_type,
    file_patterns,
    type_by_name,
)
from nassij_desktop.core.attachments.models import Attachment, Blob
from nassij_desktop.core.attachments.services import MAX_ATTACHMENT_BYTES, store_attachment
from nassij_desktop.core.books.chain import entry_code
from nassij_desktop.core.books.models import EntryState, FiscalYear, JournalEntry
from nassij_desktop.core.common import audit
from nassij_desktop.core.common.errors import NotFound, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import _

# What a voucher may be: the app's images, and PDF (what scanners and phones produce).
VOUCHER_TYPES: dict[str, tuple[str, ...]] = {**PDF_TYPES, **IMAGE_TYPES}
MAX_VOUCHER_BYTES = MAX_ATTACHMENT_BYTES
VOUCHER_FIELD = "voucher_file"  # where the forms show a refusal
_DESCRIPTION = "voucher"  # the attachment's description: what it is attached as
_MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class VoucherInfo:
    """What the entry detail says of a voucher, without its bytes."""

    entry_id: int
    attachment_id: int
    filename: str
    mime_type: str
    size: int
    attached_at: dt.datetime

    @property
    def is_pdf(self) -> bool:
        return self.mime_type == "application/pdf"


@dataclass(frozen=True)
class VoucherFile:
    """A voucher read back: its bytes, its type and the name it was attached with."""

    filename: str
    mime_type: str
    data: bytes


def voucher_file_patterns() -> str:
    """The accepted voucher files as a file dialog's patterns: "*.pdf *.png *.jpg *.jpeg"."""
    return file_patterns(VOUCHER_TYPES)


def check_voucher_file(data: bytes, filename: str) -> str:
    """The MIME type of the voucher `filename` holding `data`; ValidationError on
    VOUCHER_FIELD when it is empty, too large, or not a PDF, JPEG or PNG by name or content."""
    name = PurePath(filename).name
    if type_by_name(name, VOUCHER_TYPES) is None:
        raise ValidationError(
            VOUCHER_FIELD,
            _("The voucher “{name}” must be a PDF, JPEG or PNG file.").format(name=name),
        )
    if not data:
        raise ValidationError(
            VOUCHER_FIELD, _("The voucher file “{name}” is empty.").format(name=name)
        )
    if len(data) > MAX_VOUCHER_BYTES:
        raise ValidationError(
            VOUCHER_FIELD,
            _(
                "The voucher file “{name}” is too large ({size} MB; limit: {limit} MB). "
                "Scan it again at a lower resolution, or in grey."
            ).format(
                name=name,
                size=f"{len(data) / _MEGABYTE:.1f}",
                limit=MAX_VOUCHER_BYTES // _MEGABYTE,
            ),
        )
    found = content_type(data)
    if found not in VOUCHER_TYPES:
        raise ValidationError(
            VOUCHER_FIELD,
            _(
                "The file “{name}” is not a PDF, JPEG or PNG file, whatever its name says: "
                "it cannot be a voucher."
            ).format(name=name),
        )
    return found


def _entry(session: Session, entry_id: int) -> JournalEntry:
    entry = session.get(JournalEntry, entry_id)
    if entry is None:
        raise NotFound(_("There is no entry {id}.").format(id=entry_id))
    return entry


def _named(session: Session, entry: JournalEntry) -> str:
    """The entry as people name it (BQ-2026-12), or "draft 7"."""
    if entry.number is None:
        return _("draft {id}").format(id=entry.id)
    year = session.scalar(sa.select(FiscalYear.label).where(FiscalYear.id == entry.fiscal_year_id))
    return entry_code(entry.journal.code, year, entry.number)


def attach_voucher(
    session: Session, actor: Actor, entry_id: int, data: bytes, filename: str
) -> VoucherInfo:
    """Attach the scan of its voucher to the entry `entry_id` (a draft or a validated entry),
    in place of the one it had, which stays stored; audited."""
    actor.require(Permission.BOOKS_WRITE)
    entry = _entry(session, entry_id)
    name = PurePath(filename).name
    mime_type = check_voucher_file(data, name)
    attachment = store_attachment(
        session,
        data,
        name,
        mime_type=mime_type,
        description=_DESCRIPTION,
        created_by_id=actor.user_id,
    )
    earlier = (
        session.get(Attachment, entry.voucher_attachment_id)
        if entry.voucher_attachment_id is not None
        else None
    )
    entry.voucher_attachment_id = attachment.id
    audit.log_write(
        session,
        actor,
        "replace_voucher" if earlier is not None else "attach_voucher",
        entry,
        before=None
        if earlier is None
        else {
            "voucher_attachment_id": earlier.id,
            "filename": earlier.filename,
            "mime_type": earlier.mime_type,
            "sha256": earlier.blob.sha256,
        },
        after={
            "voucher_attachment_id": attachment.id,
            "filename": name,
            "mime_type": mime_type,
            "sha256": attachment.blob.sha256,
            "validated": entry.state is EntryState.VALIDATED,
        },
    )
    return VoucherInfo(
        entry.id,
        attachment.id,
        attachment.filename,
        attachment.mime_type,
        attachment.blob.size,
        attachment.created_at,
    )


def entry_voucher(session: Session, actor: Actor, entry_id: int) -> VoucherInfo | None:
    """The voucher attached to the entry `entry_id`, or None."""
    actor.require(Permission.BOOKS_READ)
    row = session.execute(
        sa.select(
            Attachment.id,
            Attachment.filename,
            Attachment.mime_type,
            Blob.size,
            Attachment.created_at,
        )
        .join(JournalEntry, JournalEntry.voucher_attachment_id == Attachment.id)
        .join(Blob, Blob.id == Attachment.blob_id)
        .where(JournalEntry.id == entry_id)
    ).one_or_none()
    if row is None:
        return None
    return VoucherInfo(entry_id, row.id, row.filename, row.mime_type, row.size, row.created_at)


def read_voucher(session: Session, actor: Actor, entry_id: int) -> VoucherFile:
    """The voucher of the entry `entry_id`: its bytes, type and name; NotFound without one."""
    actor.require(Permission.BOOKS_READ)
    entry = _entry(session, entry_id)
    row = session.execute(
        sa.select(Attachment.filename, Attachment.mime_type, Blob.data)
        .join(Blob, Blob.id == Attachment.blob_id)
        .where(Attachment.id == entry.voucher_attachment_id)
    ).one_or_none()
    if row is None:
        raise NotFound(
            _("The entry {entry} has no scanned voucher.").format(entry=_named(session, entry))
        )
    return VoucherFile(row.filename, row.mime_type, bytes(row.data))


__all__ = [
    "MAX_VOUCHER_BYTES",
    "VOUCHER_FIELD",
    "VOUCHER_TYPES",
    "VoucherFile",
    "VoucherInfo",
    "attach_voucher",
    "check_voucher_file",
    "entry_voucher",
    "read_voucher",
    "voucher_file_patterns",
]
