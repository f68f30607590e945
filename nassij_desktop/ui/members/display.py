"""How member values read on screen, in either direction."""

from __future__ import annotations

from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.validators import national_phone
from nassij_desktop.core.members.models import STATUS_LABELS
from nassij_desktop.core.members.records import MemberRecord
from nassij_desktop.i18n import current_language

LRE, PDF = "\u202a", "\u202c"


def ltr(text: str | None) -> str:
    """Keep a run of digits and signs in its own order inside right-to-left text: without it
    "06 12 34 56 78" would read "78 56 34 12 06" in an Arabic table."""
    return f"{LRE}{text}{PDF}" if text else ""


def display_phone(phone: str | None) -> str:
    return ltr(national_phone(phone))


def member_name(record: MemberRecord) -> str:
    """The member's name in the reader's script, first name first, as the table, the pickers
    and the receipts write it (core.common.names)."""
    return record.name(current_language())


def status_label(record: MemberRecord) -> str:
    """The member's status in the member's gender: نشيطة, مستقيل (core.common.gendered)."""
    return gendered(STATUS_LABELS[record.status], record.gender)
