"""Reading and editing the association's profile and its logo. Creating it, with the reference
lists of every domain a new file starts with, is done above the domains, in
`core/association_file.py`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.authorities import AuthorityKind
from nassij_desktop.core.association.models import Association
from nassij_desktop.core.association.regions import region_codes
from nassij_desktop.core.attachments.file_types import (
    IMAGE_TYPES,
    file_patterns,
    suffixes,
    type_by_name,
)
from nassij_desktop.core.attachments.services import store_attachment
from nassij_desktop.core.common import audit, conflicts
from nassij_desktop.core.common.conflicts import locked
from nassij_desktop.core.common.errors import NotFound, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.validators import (
    TextKind,
    clean_text,
    column_length,
    normalise_phone,
    validate_email,
    validate_rib,
)
from nassij_desktop.i18n import _


@dataclass
class AssociationProfile:
    name_ar: str
    name_fr: str
    acronym: str | None = None
    purpose_ar: str | None = None
    purpose_fr: str | None = None
    address_ar: str | None = None
    address_fr: str | None = None
    city: str | None = None
    region_code: str | None = None
    province: str | None = None
    commune: str | None = None
    authority_kind: str | None = None  # an AuthorityKind value: to whom declarations go
    authority_place: str | None = None  # the place the authority is named after
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    founded_on: dt.date | None = None
    receipt_number: str | None = None
    receipt_date: dt.date | None = None
    public_utility: bool = False
    public_utility_decree: str | None = None
    rib: str | None = None
    bank_name: str | None = None
    fiscal_year_start_month: int = 1
    default_language: str = "ar"


PROFILE_FIELDS = tuple(f.name for f in fields(AssociationProfile))
# Text typed by a person, and how much of it is kept (see clean_text); lengths: the columns'.
TEXT_FIELDS = {
    "name_ar": TextKind.NAME,
    "name_fr": TextKind.NAME,
    "acronym": TextKind.NAME,
    "purpose_ar": TextKind.TEXT,
    "purpose_fr": TextKind.TEXT,
    "address_ar": TextKind.LINE,
    "address_fr": TextKind.LINE,
    "city": TextKind.NAME,
    "province": TextKind.NAME,
    "commune": TextKind.NAME,
    "authority_place": TextKind.NAME,
    "website": TextKind.NAME,
    "receipt_number": TextKind.NAME,
    "public_utility_decree": TextKind.LINE,
    "bank_name": TextKind.NAME,
}


def clean_profile(values: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise profile values; raises ValidationError naming the field."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in PROFILE_FIELDS:
            raise ValidationError(key, _("Unknown field: {field}").format(field=key))
        if isinstance(value, str) and key in TEXT_FIELDS:
            kind, length = TEXT_FIELDS[key], column_length(getattr(Association, key))
            value = clean_text(value, field=key, kind=kind, max_length=length)
        elif isinstance(value, str):
            value = value.strip() or None
        out[key] = value
    for key in ("name_ar", "name_fr"):
        if key in out and not out[key]:
            raise ValidationError(
                key, _("The association's name is required in Arabic and in French.")
            )
    if out.get("phone"):
        out["phone"] = normalise_phone(out["phone"], field="phone")
    if out.get("email"):
        out["email"] = validate_email(out["email"], field="email")
    if out.get("rib"):
        out["rib"] = validate_rib(out["rib"], field="rib")
    if "authority_kind" in out:
        kind = out["authority_kind"]
        if kind is not None and kind not in {k.value for k in AuthorityKind}:
            raise ValidationError(
                "authority_kind",
                _("Unknown kind of local authority: use one of {valid}.").format(
                    valid=", ".join(k.value for k in AuthorityKind)
                ),
            )
        out["authority_kind"] = AuthorityKind(kind) if kind else None
    if out.get("region_code") and out["region_code"] not in region_codes():
        raise ValidationError("region_code", _("Unknown region."))
    month = out.get("fiscal_year_start_month")
    if "fiscal_year_start_month" in out and (not isinstance(month, int) or not 1 <= month <= 12):
        raise ValidationError(
            "fiscal_year_start_month", _("The fiscal year must start in a month from 1 to 12.")
        )
    if out.get("public_utility") and not out.get("public_utility_decree"):
        raise ValidationError(
            "public_utility_decree",
            _("Give the reference of the decree recognising the association of public utility."),
        )
    return out


def get_association(session: Session) -> Association:
    association: Association | None = session.scalar(sa.select(Association))
    if association is None:
        raise NotFound(_("This file has no association yet. Create it first."))
    return association


def has_association(session: Session) -> bool:
    return session.scalar(sa.select(Association.id).limit(1)) is not None


def update_association(
    session: Session,
    actor: Actor,
    expected_version: int | None,
    *,
    overwrite: bool = False,
    **changes: Any,
) -> Association:
    """Change some fields of the profile. Refused over a newer save (`ConflictError`) unless
    `overwrite` (core/common/conflicts.py)."""
    actor.require(Permission.ASSOCIATION_WRITE)
    association = locked(session, Association, get_association(session).id, _("association"))
    overwriting = conflicts.check_version(association, expected_version, overwrite=overwrite)
    values = clean_profile(changes)
    before = audit.snapshot(association)
    for key, value in values.items():
        setattr(association, key, value)
    audit.log_write(
        session,
        actor,
        conflicts.OVERWRITE_ACTION if overwriting else "update",
        association,
        before=before,
        snapshot=audit.snapshot,
    )
    return association


# The images a logo may be: what the documents draw as they are (PNG and JPEG), by file name
# ending: the app's one list of images (core/attachments/file_types.py). The file dialogs'
# filter, the assistant and the CLI read it here.
LOGO_TYPES = IMAGE_TYPES
LOGO_SUFFIXES = suffixes(LOGO_TYPES)


def logo_type(filename: str) -> str | None:
    """The MIME type of a logo file named `filename`, or None when it is not an accepted one."""
    return type_by_name(filename, LOGO_TYPES)


def logo_file_patterns() -> str:
    """The accepted logo files as a file dialog's patterns: "*.png *.jpg *.jpeg"."""
    return file_patterns(LOGO_TYPES)


def check_logo_file(filename: str) -> str:
    """The MIME type of the logo file `filename`; ValidationError (field "logo") when it is
    not an image a document can print."""
    mime_type = logo_type(filename)
    if mime_type is None:
        raise ValidationError("logo", _("The logo must be a PNG or JPEG image."))
    return mime_type


def set_association_logo(
    session: Session, actor: Actor, data: bytes | None, filename: str = ""
) -> int | None:
    """Store the logo printed on the letterhead (PNG or JPEG), or remove it with None; the
    attachment's id. Kept apart from `update_association`, whose fields are plain values."""
    actor.require(Permission.ASSOCIATION_WRITE)
    association = session.scalar(sa.select(Association))
    if association is None:
        raise NotFound(_("This file has no association yet. Create it first."))
    attachment_id = None
    if data is not None:
        mime_type = check_logo_file(filename)
        attachment = store_attachment(
            session,
            data,
            filename,
            mime_type=mime_type,
            description="logo",
            created_by_id=actor.user_id,
        )
        attachment_id = attachment.id
    before = association.logo_attachment_id
    association.logo_attachment_id = attachment_id
    audit.log_write(
        session,
        actor,
        "update",
        association,
        before={"logo_attachment_id": before},
        after={"logo_attachment_id": attachment_id},
    )
    return attachment_id
