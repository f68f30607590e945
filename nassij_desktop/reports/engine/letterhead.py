"""What the header of every page says about the association, read once from its profile."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session

from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.attachments.services import attachment_bytes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Letterhead:
    """The association as the authorities know it, in both scripts.

    `logo` is the image file's content (PNG or JPEG), or None for no logo.
    """

    name_ar: str
    name_fr: str
    address_ar: str | None = None
    address_fr: str | None = None
    city: str | None = None
    receipt_number: str | None = None  # récépissé définitif / وصل الإيداع النهائي
    phone: str | None = None
    email: str | None = None
    logo: bytes | None = None


def letterhead_from_association(session: Session) -> Letterhead:
    """The letterhead of this file's association, its logo read from the attachments."""
    association = get_association(session)
    logo = None
    if association.logo_attachment_id is not None:
        try:
            logo = attachment_bytes(session, association.logo_attachment_id)
        except LookupError:
            log.warning("logo attachment %s is missing", association.logo_attachment_id)
    return Letterhead(
        name_ar=association.name_ar,
        name_fr=association.name_fr,
        address_ar=association.address_ar,
        address_fr=association.address_fr,
        city=association.city,
        receipt_number=association.receipt_number,
        phone=association.phone,
        email=association.email,
        logo=logo,
    )
