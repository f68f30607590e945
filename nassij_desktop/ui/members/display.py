"""How member values read on screen, in either direction."""

from __future__ import annotations

from nassij_desktop.core.common.validators import national_phone
from nassij_desktop.core.members.models import STATUS_LABELS, IdentityDocument, MemberStatus
from nassij_desktop.core.members.records import MemberRecord
from nassij_desktop.i18n import N_, _, current_language

LRE, PDF = "\u202a", "\u202c"


def ltr(text: str | None) -> str:
    """Keep a run of digits and signs in its own order inside right-to-left text: without it
    "06 12 34 56 78" would read "78 56 34 12 06" in an Arabic table."""
    return f"{LRE}{text}{PDF}" if text else ""


DOCUMENT_LABELS = {
    IdentityDocument.CIN: N_("National identity card (CIN)"),
    IdentityDocument.RESIDENCE_CARD: N_("Residence card"),
    IdentityDocument.PASSPORT: N_("Passport"),
}


def display_phone(phone: str | None) -> str:
    return ltr(national_phone(phone))


def member_name(record: MemberRecord) -> str:
    """The name a dialog greets a member with: family name first, in the reader's script
    (core.common.names)."""
    return record.name(current_language(), family_first=True)


def status_label(status: MemberStatus) -> str:
    return _(STATUS_LABELS[status])
