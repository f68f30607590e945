"""The files of a request's checklist: a scan or a PDF attached to a document of the list
(statutes, RIB attestation…), which the application pack merges into its PDF.

A file is a PDF, JPEG or PNG, checked by its content as well as its name, stored once as a
blob (core/attachments; the only funding module that imports it). Attaching marks the document
provided; the file it replaces stays stored, and the audit names both. Removing a document's
file (`remove_request_document_file`) unlinks it, as an activity's file is removed: the file stays
stored, the audit names it; the document stays in the list, ticked provided or not as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.attachments.file_types import (
    IMAGE_TYPES,
    PDF_TYPES,
    content_type,
    type_by_name,
)
from nassij_desktop.core.attachments.models import Attachment, Blob
from nassij_desktop.core.attachments.services import MAX_ATTACHMENT_BYTES, store_attachment
from nassij_desktop.core.common import audit
from nassij_desktop.core.common.errors import NotFound, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.funding.models import RequestDocument
from nassij_desktop.core.funding.usual_documents import (
    DOCUMENT_LABELS,
    DocumentCode,
    document_code,
    fold_label,
)
from nassij_desktop.i18n import _

# The documents most calls for projects ask of an association (written in the checklist in
# the language of the person who makes the list); by the funder's kind: usual_documents.py.
# The application pack makes the ones the association's records hold (reports/funding/pack.py)
# when no file is attached.
USUAL_DOCUMENTS = tuple(
    DOCUMENT_LABELS[code]
    for code in (
        DocumentCode.STATUTES,
        DocumentCode.DEFINITIVE_RECEIPT,
        DocumentCode.ASSEMBLY_MINUTES,
        DocumentCode.BOARD_LIST,
        DocumentCode.MORAL_REPORT,
        DocumentCode.FINANCIAL_REPORT,
        DocumentCode.BUDGET,
        DocumentCode.RIB_ATTESTATION,
    )
)
DOCUMENT_TYPES: dict[str, tuple[str, ...]] = {**PDF_TYPES, **IMAGE_TYPES}
DOCUMENT_FIELD = "document_file"
_DESCRIPTION = "funding document"


@dataclass(frozen=True)
class DocumentFile:
    """A checklist document's file read back."""

    label: str
    filename: str
    mime_type: str
    data: bytes

    @property
    def is_pdf(self) -> bool:
        return self.mime_type == "application/pdf"


def _document(session: Session, request_id: int, position: int) -> RequestDocument:
    document = session.scalar(
        sa.select(RequestDocument).where(
            RequestDocument.request_id == request_id, RequestDocument.position == position
        )
    )
    if document is None:
        raise NotFound(
            _("The request {id} has no document {n} in its checklist.").format(
                id=request_id, n=position
            )
        )
    return document


def check_document_file(data: bytes, filename: str) -> str:
    """The MIME type of `data`; refused on DOCUMENT_FIELD when it is empty, too large, or not
    a PDF, JPEG or PNG by its name or its content."""
    name = PurePath(filename).name
    found = content_type(data) if data else None
    if type_by_name(name, DOCUMENT_TYPES) is None or found not in DOCUMENT_TYPES:
        raise ValidationError(
            DOCUMENT_FIELD,
            _("The file “{name}” must be a PDF, JPEG or PNG file.").format(name=name),
        )
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            DOCUMENT_FIELD,
            _("The file is too large (limit: {limit} MB).").format(
                limit=MAX_ATTACHMENT_BYTES // (1024 * 1024)
            ),
        )
    return found


def attach_request_document(
    session: Session, actor: Actor, request_id: int, position: int, data: bytes, filename: str
) -> None:
    """Attach a file to the document `position` (1 for the first) of the request's checklist,
    which becomes provided."""
    actor.require(Permission.FUNDING_WRITE)
    document = _document(session, request_id, position)
    name = PurePath(filename).name
    mime_type = check_document_file(data, name)
    attachment = store_attachment(
        session, data, name, mime_type=mime_type, description=_DESCRIPTION
    )
    before = {"attachment_id": document.attachment_id, "provided": document.provided}
    document.attachment_id = attachment.id
    document.provided = True
    audit.log_write(
        session,
        actor,
        "attach",
        document,
        before=before,
        snapshot=lambda d: {"attachment_id": d.attachment_id, "provided": d.provided},
    )


def remove_request_document_file(
    session: Session, actor: Actor, request_id: int, position: int
) -> str:
    """Unlink the file attached to the document `position` (1 for the first) of the request's
    checklist; the name of the file removed. Refused when the document has none."""
    actor.require(Permission.FUNDING_WRITE)
    document = _document(session, request_id, position)
    attachment = (
        session.get(Attachment, document.attachment_id)
        if document.attachment_id is not None
        else None
    )
    if attachment is None:
        raise ValidationError(
            DOCUMENT_FIELD,
            _("The document “{label}” has no file attached.").format(label=document.label),
        )
    before = {"attachment_id": attachment.id, "filename": attachment.filename}
    document.attachment_id = None
    audit.log_write(
        session,
        actor,
        "remove_file",
        document,
        before=before,
        after={"attachment_id": None, "filename": None},
    )
    return attachment.filename


def find_request_document(session: Session, actor: Actor, request_id: int, text: str) -> int:
    """The position of the checklist's document named by `text`: its number (1 for the first),
    its label as written, or a usual document's label in the other language ("Statuts" finds
    "القانون الأساسي")."""
    actor.require(Permission.FUNDING_READ)
    documents = session.scalars(
        sa.select(RequestDocument)
        .where(RequestDocument.request_id == request_id)
        .order_by(RequestDocument.position)
    ).all()
    wanted = text.strip()
    if wanted.isdigit() and any(d.position == int(wanted) for d in documents):
        return int(wanted)
    folded = fold_label(wanted)
    found = next((d for d in documents if fold_label(d.label) == folded), None)
    code = document_code(wanted)
    if found is None and code is not None:
        found = next((d for d in documents if document_code(d.label) == code), None)
    if found is None:
        raise NotFound(
            _("The checklist of request {id} has no document “{name}”.").format(
                id=request_id, name=wanted
            )
        )
    return found.position


def request_document_file(
    session: Session, actor: Actor, request_id: int, position: int
) -> DocumentFile | None:
    """The file attached to the document `position` of the checklist, or None."""
    actor.require(Permission.FUNDING_READ)
    document = _document(session, request_id, position)
    if document.attachment_id is None:
        return None
    row = session.execute(
        sa.select(Attachment.filename, Attachment.mime_type, Blob.data)
        .join(Blob, Blob.id == Attachment.blob_id)
        .where(Attachment.id == document.attachment_id)
    ).one_or_none()
    if row is None:
        return None
    return DocumentFile(document.label, row.filename, row.mime_type, row.data)
