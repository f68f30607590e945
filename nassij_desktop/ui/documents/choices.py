"""What each document asks for, and the records a document can be about (read-only queries).

A document about one record (a board term, an assembly, a dues payment, a donation) lists the
most recent ones; "the latest" is always offered first and is what the document modules take
when no record is given.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.donations.models import Donation
from nassij_desktop.core.governance.models import (
    ASSEMBLY_KIND_LABELS,
    AssemblyStatus,
    BoardTerm,
    GeneralAssembly,
)
from nassij_desktop.core.members.models import DuesPayment, Member
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import format_date, format_money, isolate

RECORD_LIMIT = 300  # older records are rarely printed again; the CLI takes any id


@dataclass(frozen=True)
class KindOptions:
    record: str | None = None  # "term", "assembly", "dues", "donation"
    year: bool = False
    status: bool = False


OPTIONS: dict[str, KindOptions] = {
    "board-list": KindOptions(record="term"),
    "board-declaration": KindOptions(record="term"),
    "assembly-minutes": KindOptions(record="assembly"),
    "member-register": KindOptions(year=True, status=True),
    "member-card": KindOptions(year=True),
    "dues-receipt": KindOptions(record="dues"),
    "donation-receipt": KindOptions(record="donation"),
}


def options_for(kind: str) -> KindOptions:
    return OPTIONS.get(kind, KindOptions())


def _member_name(member: Member) -> str:
    arabic = " ".join(p for p in (member.first_name_ar, member.last_name_ar) if p)
    latin = " ".join(p for p in (member.first_name_lat, member.last_name_lat) if p)
    if current_language() == "ar":
        return arabic or latin
    return latin or arabic


def _terms(session: Session) -> list[tuple[int, str]]:
    lang = current_language()
    rows = session.scalars(
        sa.select(BoardTerm).order_by(BoardTerm.starts_on.desc()).limit(RECORD_LIMIT)
    )
    out = []
    for term in rows:
        if term.ends_on:
            text = _("Board term {start} – {end}").format(
                start=format_date(term.starts_on, lang), end=format_date(term.ends_on, lang)
            )
        else:
            text = _("Board term from {start}").format(start=format_date(term.starts_on, lang))
        out.append((term.id, text))
    return out


def _assemblies(session: Session) -> list[tuple[int, str]]:
    lang = current_language()
    rows = session.scalars(
        sa.select(GeneralAssembly)
        .where(GeneralAssembly.status != AssemblyStatus.CANCELLED)
        .order_by(GeneralAssembly.held_on.desc())
        .limit(RECORD_LIMIT)
    )
    return [
        (
            assembly.id,
            _("{assembly}, {date}").format(
                assembly=_(ASSEMBLY_KIND_LABELS[assembly.kind]),
                date=format_date(assembly.held_on, lang),
            ),
        )
        for assembly in rows
    ]


def _dues(session: Session) -> list[tuple[int, str]]:
    lang = current_language()
    rows = session.execute(
        sa.select(DuesPayment, Member)
        .join(Member, Member.id == DuesPayment.member_id)
        .order_by(DuesPayment.paid_on.desc(), DuesPayment.id.desc())
        .limit(RECORD_LIMIT)
    )
    return [
        (
            payment.id,
            f"{isolate(payment.receipt_number, 'ltr')} · {_member_name(member)} · {payment.year} · "
            f"{format_money(payment.amount, lang)}",
        )
        for payment, member in rows
    ]


def _donations(session: Session) -> list[tuple[int, str]]:
    lang = current_language()
    rows = session.scalars(
        sa.select(Donation)
        .order_by(Donation.received_on.desc(), Donation.id.desc())
        .limit(RECORD_LIMIT)
    )
    return [
        (
            donation.id,
            f"{isolate(donation.receipt_number, 'ltr')} · {donation.donor_name} · "
            f"{format_money(donation.amount, lang)}"
            + (f" · {_('cancelled')}" if donation.cancelled else ""),
        )
        for donation in rows
    ]


_QUERIES = {"term": _terms, "assembly": _assemblies, "dues": _dues, "donation": _donations}


def records(session: Session, record: str) -> list[tuple[int, str]]:
    """(id, label) of the records of that sort, most recent first."""
    return _QUERIES[record](session)
