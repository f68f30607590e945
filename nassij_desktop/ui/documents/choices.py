"""What each document asks for, and the records a document can be about, as labels to choose.

A document about one record (a board term, an assembly, a dues payment, a donation) lists the
most recent ones (`core.document_records`, at most RECORD_LIMIT); receipts, which run into the
thousands, are also found by what is typed. "The latest" is always offered first and is what
the document modules take when no record is given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.document_records import (
    RECORD_LIMIT,
    find_donations,
    find_dues_payments,
    recent_assemblies,
    recent_terms,
)
from nassij_desktop.core.governance.models import ASSEMBLY_KIND_LABELS
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import format_date, format_money, isolate

__all__ = ["OPTIONS", "RECORD_LIMIT", "SEARCHABLE", "KindOptions", "options_for", "records"]

SEARCHABLE = frozenset({"dues", "donation"})  # record sorts found by typing


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


def _terms(session: Session, actor: Actor, _query: str) -> list[tuple[int, str]]:
    lang = current_language()
    out = []
    for term in recent_terms(session, actor):
        if term.ends_on:
            text = _("Board term {start} – {end}").format(
                start=format_date(term.starts_on, lang), end=format_date(term.ends_on, lang)
            )
        else:
            text = _("Board term from {start}").format(start=format_date(term.starts_on, lang))
        out.append((term.id, text))
    return out


def _assemblies(session: Session, actor: Actor, _query: str) -> list[tuple[int, str]]:
    lang = current_language()
    return [
        (
            assembly.id,
            _("{assembly}, {date}").format(
                assembly=_(ASSEMBLY_KIND_LABELS[assembly.kind]),
                date=format_date(assembly.held_on, lang),
            ),
        )
        for assembly in recent_assemblies(session, actor)
    ]


def _dues(session: Session, actor: Actor, query: str) -> list[tuple[int, str]]:
    lang = current_language()
    out = []
    for payment in find_dues_payments(session, actor, query):
        arabic, latin = payment.member_name_ar, payment.member_name_lat
        name = (arabic or latin) if lang == "ar" else (latin or arabic)
        out.append(
            (
                payment.id,
                f"{isolate(payment.receipt_number, 'ltr')} · {name} · {payment.year} · "
                f"{format_money(payment.amount, lang)}",
            )
        )
    return out


def _donations(session: Session, actor: Actor, query: str) -> list[tuple[int, str]]:
    lang = current_language()
    return [
        (
            donation.id,
            f"{isolate(donation.receipt_number, 'ltr')} · {donation.donor_name} · "
            f"{format_money(donation.amount, lang)}"
            + (f" · {_('cancelled')}" if donation.cancelled else ""),
        )
        for donation in find_donations(session, actor, query)
    ]


_QUERIES: dict[str, Callable[[Session, Actor, str], list[tuple[int, str]]]] = {
    "term": _terms,
    "assembly": _assemblies,
    "dues": _dues,
    "donation": _donations,
}


def records(session: Session, actor: Actor, record: str, query: str = "") -> list[tuple[int, str]]:
    """(id, label) of the records of that sort, most recent first; `query` narrows the
    searchable sorts (see SEARCHABLE). Refused (PermissionDenied) to a role that may not read
    them."""
    return _QUERIES[record](session, actor, query)
