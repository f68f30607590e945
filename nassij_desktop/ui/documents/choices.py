"""The records a document can be about, as labels to choose (what each document asks for is
declared with the document, in `reports.kinds`).

A document about one record (a board term, an assembly, a dues payment, a donation) lists the
most recent ones (`core.document_records`, at most RECORD_LIMIT); receipts, which run into the
thousands, are also found by what is typed. "The latest" is always offered first and is what
the document modules take when no record is given.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.document_records import (
    RECORD_LIMIT,
    find_donations,
    find_dues_payments,
    find_members,
    recent_assemblies,
    recent_terms,
)
from nassij_desktop.core.donations.campaigns import list_campaigns
from nassij_desktop.core.funding.agreement_account import recent_agreements
from nassij_desktop.core.funding.foreign_declaration import recent_declarations
from nassij_desktop.core.funding.services import list_funding_requests
from nassij_desktop.core.governance.models import ASSEMBLY_KIND_LABELS
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import format_date, format_money, isolate, list_item
from nassij_desktop.reports.kinds import RecordSort

__all__ = ["PICKERS", "RECORD_LIMIT", "SEARCHABLE", "records"]

# Record sorts found by typing (receipts and members run into the thousands).
SEARCHABLE = frozenset({RecordSort.DUES, RecordSort.DONATION, RecordSort.MEMBER})


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
        out.append(
            (
                payment.id,
                list_item(
                    isolate(payment.receipt_number, "ltr"),
                    payment.member_name(lang),
                    str(payment.year),
                    format_money(payment.amount, lang),
                    separator=" · ",
                ),
            )
        )
    return out


def _donations(session: Session, actor: Actor, query: str) -> list[tuple[int, str]]:
    lang = current_language()
    return [
        (
            donation.id,
            list_item(
                isolate(donation.receipt_number, "ltr"),
                donation.donor_name,
                format_money(donation.amount, lang),
                _("cancelled") if donation.cancelled else "",
                separator=" · ",
            ),
        )
        for donation in find_donations(session, actor, query)
    ]


def _members(session: Session, actor: Actor, query: str) -> list[tuple[int, str]]:
    lang = current_language()
    return [
        (member.id, f"{isolate(member.number, 'ltr')} · {member.name(lang)}")
        for member in find_members(session, actor, query, lang)
    ]


def _agreements(session: Session, actor: Actor, _query: str) -> list[tuple[int, str]]:
    lang = current_language()
    return [
        (
            choice.id,
            list_item(
                isolate(choice.agreement_number, "ltr"),
                choice.funder(lang),
                choice.title,
                separator=" · ",
            ),
        )
        for choice in recent_agreements(session, actor)
    ]


def _funding_requests(session: Session, actor: Actor, _query: str) -> list[tuple[int, str]]:
    lang = current_language()
    requests = list_funding_requests(session, actor)
    return [
        (
            request.id,
            list_item(
                isolate(request.reference, "ltr") if request.reference else "",
                request.funder_name_ar or request.funder_name_fr
                if lang == "ar"
                else request.funder_name_fr,
                request.title,
                separator=" · ",
            ),
        )
        for request in requests[:RECORD_LIMIT]
    ]


def _foreign_declarations(session: Session, actor: Actor, _query: str) -> list[tuple[int, str]]:
    lang = current_language()
    out = []
    for choice in recent_declarations(session, actor):
        if choice.declared_on is not None:
            state = _("declared on {date}").format(date=format_date(choice.declared_on, lang))
        else:
            state = _("due by {date}").format(date=format_date(choice.due_on, lang))
        out.append(
            (
                choice.id,
                list_item(
                    choice.donor(lang),
                    format_date(choice.received_on, lang),
                    format_money(choice.amount, lang, choice.currency),
                    state,
                    separator=" · ",
                ),
            )
        )
    return out


def _campaigns(session: Session, actor: Actor, _query: str) -> list[tuple[int, str]]:
    lang = current_language()
    return [
        (
            campaign.id,
            list_item(
                isolate(campaign.authorisation_number, "ltr"),
                campaign.purpose.text(lang),
                format_date(campaign.starts_on, lang),
                separator=" · ",
            ),
        )
        for campaign in list_campaigns(session, actor)[:RECORD_LIMIT]
    ]


# The picker of each sort of record a document can be about (a test checks none is missing;
# members are chosen on the Members page).
PICKERS: dict[RecordSort, Callable[[Session, Actor, str], list[tuple[int, str]]]] = {
    RecordSort.TERM: _terms,
    RecordSort.ASSEMBLY: _assemblies,
    RecordSort.DUES: _dues,
    RecordSort.DONATION: _donations,
    RecordSort.MEMBER: _members,
    RecordSort.AGREEMENT: _agreements,
    RecordSort.FOREIGN_FUNDING: _foreign_declarations,
    RecordSort.CAMPAIGN: _campaigns,
    RecordSort.FUNDING_REQUEST: _funding_requests,
}


def records(
    session: Session, actor: Actor, record: RecordSort, query: str = ""
) -> list[tuple[int, str]]:
    """(id, label) of the records of that sort, most recent first; `query` narrows the
    searchable sorts (see SEARCHABLE). Refused (PermissionDenied) to a role that may not read
    them."""
    return PICKERS[record](session, actor, query)
