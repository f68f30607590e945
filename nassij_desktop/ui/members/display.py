"""How member values read on screen, in either direction."""

from __future__ import annotations

from nassij_desktop.core.members.models import STATUS_LABELS, IdentityDocument, MemberStatus
from nassij_desktop.core.members.records import MemberRecord
from nassij_desktop.i18n import N_, _

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


def national_phone(phone: str | None) -> str:
    """Moroccan numbers as people write them (06 12 34 56 78); others with their country code."""
    if not phone:
        return ""
    if phone.startswith("+212") and len(phone) == 13:
        national = "0" + phone[4:]
        return " ".join(national[i : i + 2] for i in range(0, 10, 2))
    return phone


def display_phone(phone: str | None) -> str:
    return ltr(national_phone(phone))


def family_first(family: str | None, first: str | None) -> str:
    """Family name first, as registers list people (and as the name columns sort)."""
    return " ".join(part for part in (family, first) if part)


def member_name(record: MemberRecord) -> str:
    """The name a dialog greets a member with: Arabic script when known, else Latin."""
    return family_first(record.last_name_ar, record.first_name_ar) or family_first(
        record.last_name_lat, record.first_name_lat
    )


def status_label(status: MemberStatus) -> str:
    return _(STATUS_LABELS[status])
