"""The photos and attendance sheets of an activity, kept in the file with it.

A photo is an image of the app's one list (`attachments.file_types.IMAGE_TYPES`: PNG,
JPEG); an attendance sheet is the signed paper, scanned (PDF) or photographed (an image).
Each is checked by its name and by its first bytes, stored once as a blob (core/attachments)
and linked to the activity by an `ActivityAttachment` row with its role. Adding or removing
one is a change of the activity: the volunteer-own-activity rule (`require_own_activity`)
applies. Removing one unlinks it; the file stays stored, as every attachment does, and the
audit names it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.activities.models import Activity, ActivityAttachment, AttachmentRole
from nassij_desktop.core.activities.services import require_own_activity
from nassij_desktop.core.attachments.file_types import (
    IMAGE_TYPES,
    PDF_TYPES,
    content_type,
    file_patterns,
    type_by_name,
)
from nassij_desktop.core.attachments.models import Attachment, Blob
from nassij_desktop.core.attachments.services import MAX_ATTACHMENT_BYTES, store_attachment
from nassij_desktop.core.common import audit
from nassij_desktop.core.common.errors import NotFound, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import get_or_fail
from nassij_desktop.i18n import _

FILES_FIELD = "attachments"  # where the form shows a refusal
# What each role may be: a photo is an image; a sheet is a scan (PDF) or a photo of it.
ROLE_TYPES: dict[AttachmentRole, dict[str, tuple[str, ...]]] = {
    AttachmentRole.PHOTO: IMAGE_TYPES,
    AttachmentRole.ATTENDANCE_SHEET: {**PDF_TYPES, **IMAGE_TYPES},
    AttachmentRole.OTHER: {**PDF_TYPES, **IMAGE_TYPES},
}
_MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class ActivityFileInfo:
    """A file of an activity, without its bytes."""

    id: int  # the link's id: what `remove_activity_file` and `read_activity_file` take
    activity_id: int
    attachment_id: int
    role: AttachmentRole
    filename: str
    mime_type: str
    size: int

    @property
    def is_pdf(self) -> bool:
        return self.mime_type == "application/pdf"


@dataclass(frozen=True)
class ActivityFile:
    filename: str
    mime_type: str
    data: bytes


def role_file_patterns(role: AttachmentRole) -> str:
    """The files `role` accepts as a file dialog's patterns ("*.png *.jpg *.jpeg")."""
    return file_patterns(ROLE_TYPES[role])


def check_activity_file(data: bytes, filename: str, role: AttachmentRole) -> str:
    """The MIME type of `filename` holding `data` as a file of `role`; ValidationError on
    FILES_FIELD when it is empty, too large, or not of the role's types by name or content."""
    name = PurePath(filename).name
    types = ROLE_TYPES[role]
    if role is AttachmentRole.PHOTO:
        wrong = _("The photo “{name}” must be a JPEG or PNG image.").format(name=name)
    else:
        wrong = _("The file “{name}” must be a PDF, JPEG or PNG file.").format(name=name)
    if type_by_name(name, types) is None:
        raise ValidationError(FILES_FIELD, wrong)
    if not data:
        raise ValidationError(FILES_FIELD, _("The file “{name}” is empty.").format(name=name))
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            FILES_FIELD,
            _("The file “{name}” is too large ({size} MB; limit: {limit} MB).").format(
                name=name,
                size=f"{len(data) / _MEGABYTE:.1f}",
                limit=MAX_ATTACHMENT_BYTES // _MEGABYTE,
            ),
        )
    found = content_type(data)
    if found not in types:
        raise ValidationError(FILES_FIELD, wrong)
    return found


def _writable_activity(session: Session, actor: Actor, activity_id: int) -> Activity:
    actor.require(Permission.ACTIVITIES_WRITE)
    activity = get_or_fail(session, Activity, activity_id, _("activity"))
    require_own_activity(actor, activity.logged_by_id)
    return activity


def _info(link: ActivityAttachment, attachment: Attachment) -> ActivityFileInfo:
    return ActivityFileInfo(
        link.id,
        link.activity_id,
        attachment.id,
        link.role,
        attachment.filename,
        attachment.mime_type,
        attachment.blob.size,
    )


def attach_activity_file(
    session: Session,
    actor: Actor,
    activity_id: int,
    data: bytes,
    filename: str,
    role: AttachmentRole,
    *,
    taken_on: dt.date | None = None,
) -> ActivityFileInfo:
    """Attach a photo or an attendance sheet to the activity `activity_id`; audited."""
    activity = _writable_activity(session, actor, activity_id)
    try:
        role = AttachmentRole(role)
    except ValueError:
        raise ValidationError(FILES_FIELD, _("Choose what the file is.")) from None
    name = PurePath(filename).name
    mime_type = check_activity_file(data, name, role)
    attachment = store_attachment(
        session,
        data,
        name,
        mime_type=mime_type,
        description=role.value,
        created_by_id=actor.user_id,
    )
    attachment.taken_on = taken_on or activity.starts_at.date()
    link = ActivityAttachment(activity_id=activity.id, attachment_id=attachment.id, role=role)
    session.add(link)
    audit.log_write(
        session,
        actor,
        "attach_file",
        link,
        after={
            "activity_id": activity.id,
            "attachment_id": attachment.id,
            "role": role.value,
            "filename": name,
            "mime_type": mime_type,
            "sha256": attachment.blob.sha256,
        },
    )
    return _info(link, attachment)


def remove_activity_file(session: Session, actor: Actor, file_id: int) -> None:
    """Unlink a file from its activity (the file stays stored); audited."""
    link = get_or_fail(session, ActivityAttachment, file_id, _("attached file"))
    _writable_activity(session, actor, link.activity_id)
    attachment = session.get(Attachment, link.attachment_id)
    before = {
        "activity_id": link.activity_id,
        "attachment_id": link.attachment_id,
        "role": link.role.value,
        "filename": attachment.filename if attachment else None,
    }
    session.delete(link)
    session.flush()
    audit.record(session, actor, "remove_file", ActivityAttachment.__tablename__, file_id, before)


def activity_files(session: Session, actor: Actor, activity_id: int) -> list[ActivityFileInfo]:
    """The files of an activity: photos first, then the attendance sheets, as attached."""
    actor.require(Permission.ACTIVITIES_READ)
    rows = session.execute(
        sa.select(
            ActivityAttachment.id,
            ActivityAttachment.activity_id,
            Attachment.id,
            ActivityAttachment.role,
            Attachment.filename,
            Attachment.mime_type,
            Blob.size,
        )
        .join(Attachment, Attachment.id == ActivityAttachment.attachment_id)
        .join(Blob, Blob.id == Attachment.blob_id)
        .where(ActivityAttachment.activity_id == activity_id)
        .order_by(ActivityAttachment.id)
    ).all()
    order = {role: i for i, role in enumerate(AttachmentRole)}
    files = [ActivityFileInfo(*row) for row in rows]
    return sorted(files, key=lambda f: order[f.role])


def read_activity_file(session: Session, actor: Actor, file_id: int) -> ActivityFile:
    """A file of an activity with its bytes; NotFound when there is no such file."""
    actor.require(Permission.ACTIVITIES_READ)
    row = session.execute(
        sa.select(Attachment.filename, Attachment.mime_type, Blob.data)
        .join(ActivityAttachment, ActivityAttachment.attachment_id == Attachment.id)
        .join(Blob, Blob.id == Attachment.blob_id)
        .where(ActivityAttachment.id == file_id)
    ).one_or_none()
    if row is None:
        raise NotFound(
            _("No {what} has the number {id}.").format(what=_("attached file"), id=file_id)
        )
    return ActivityFile(row.filename, row.mime_type, bytes(row.data))


def read_photos(session: Session, actor: Actor, attachment_ids: list[int]) -> dict[int, bytes]:
    """The bytes of the activities' photos `attachment_ids` (the moral report's highlights),
    read in one query; an id that is no activity's photo is left out."""
    actor.require(Permission.ACTIVITIES_READ)
    if not attachment_ids:
        return {}
    rows = session.execute(
        sa.select(Attachment.id, Blob.data)
        .join(Blob, Blob.id == Attachment.blob_id)
        .join(ActivityAttachment, ActivityAttachment.attachment_id == Attachment.id)
        .where(
            Attachment.id.in_(attachment_ids),
            ActivityAttachment.role == AttachmentRole.PHOTO,
        )
    )
    return {int(i): bytes(data) for i, data in rows}


__all__ = [
    "FILES_FIELD",
    "ROLE_TYPES",
    "ActivityFile",
    "ActivityFileInfo",
    "activity_files",
    "attach_activity_file",
    "check_activity_file",
    "read_activity_file",
    "read_photos",
    "remove_activity_file",
    "role_file_patterns",
]
