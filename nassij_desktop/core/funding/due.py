"""What funding owes on a date, as lines of the list of what is due (`core/due.py`): the call's
deadline of a request still in draft, the report due under an agreement not closed, the
tranches expected and not received, and the declarations of foreign receipts to the SGG not
yet filed. A date already past stays, overdue; one further than `HORIZON_DAYS` ahead waits
(a report due in a year is no reminder today). The SGG declarations are all shown: their
delay is short.

Each reads a few rows in SQL, joined to the request's funder for its name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.due import DueArea, DueItem
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.funding.models import (
    ForeignFundingDeclaration,
    Funder,
    FundingRequest,
    RequestStatus,
    Tranche,
)
from nassij_desktop.core.funding.services import TRANCHE_STATUSES
from nassij_desktop.core.funding.tranche_reports import tranche_reports_due
from nassij_desktop.i18n import N_, translate_in

HORIZON_DAYS = 60

# A report is owed under an agreement until the request is closed.
_REPORT_STATUSES = TRANCHE_STATUSES


def _subject(title: str, funder_ar: str | None, funder_fr: str) -> Bilingual:
    """The request as the list names it: its funder, then its title (as typed)."""
    return Bilingual(ar=f"{funder_ar or funder_fr} — {title}", fr=f"{funder_fr} — {title}")


def _tranche_subject(number: int, title: str, funder_ar: str | None, funder_fr: str) -> Bilingual:
    """The request as `_subject` names it, then which of its tranches."""
    request = _subject(title, funder_ar, funder_fr)
    tranche = N_("tranche {number}")
    return Bilingual(
        ar=f"{request.ar}، {translate_in('ar', tranche).format(number=number)}",
        fr=f"{request.fr}, {translate_in('fr', tranche).format(number=number)}",
    )


def _heads(*columns: Any, via: Any = None) -> sa.Select[Any]:
    """SELECT `columns` and the request's title, its funder's names and its id, from `via`
    (joined to the request) or from the request itself."""
    query = sa.select(
        *columns, FundingRequest.title, Funder.name_ar, Funder.name_fr, FundingRequest.id
    )
    if via is None:
        query = query.select_from(FundingRequest)
    else:
        table, onclause = via
        query = query.select_from(table).join(FundingRequest, onclause)
    return query.join(Funder, Funder.id == FundingRequest.funder_id)


def submissions_due(session: Session, actor: Actor, today: dt.date) -> list[DueItem]:
    """Requests in draft whose call closes within the horizon (or has closed)."""
    actor.require(Permission.FUNDING_READ)
    rows = session.execute(
        _heads(FundingRequest.id, FundingRequest.deadline).where(
            FundingRequest.status == RequestStatus.DRAFT,
            FundingRequest.deadline <= today + dt.timedelta(days=HORIZON_DAYS),
        )
    )
    return [
        DueItem(
            kind="submission",
            area=DueArea.FUNDING,
            due_on=deadline,
            overdue=deadline < today,
            target_id=request_id,
            wording=N_("Request to submit before {date}: {subject}"),
            overdue_wording=N_("Request whose call closed on {date}: {subject} — overdue"),
            subject=_subject(title, name_ar, name_fr),
            opens_id=shown,
        )
        for request_id, deadline, title, name_ar, name_fr, shown in rows
    ]


def reports_due(session: Session, actor: Actor, today: dt.date) -> list[DueItem]:
    """Reports owed to a funder under an agreement not closed, within the horizon."""
    actor.require(Permission.FUNDING_READ)
    rows = session.execute(
        _heads(FundingRequest.id, FundingRequest.report_due_on).where(
            FundingRequest.status.in_(_REPORT_STATUSES),
            FundingRequest.report_due_on <= today + dt.timedelta(days=HORIZON_DAYS),
        )
    )
    return [
        DueItem(
            kind="funding_report",
            area=DueArea.FUNDING,
            due_on=due_on,
            overdue=due_on < today,
            target_id=request_id,
            wording=N_("Report to the funder due on {date}: {subject}"),
            overdue_wording=N_("Report to the funder was due on {date}: {subject} — overdue"),
            subject=_subject(title, name_ar, name_fr),
            opens_id=shown,
        )
        for request_id, due_on, title, name_ar, name_fr, shown in rows
    ]


def tranches_due(session: Session, actor: Actor, today: dt.date) -> list[DueItem]:
    """Tranches expected within the horizon (or before) and not received."""
    actor.require(Permission.FUNDING_READ)
    rows = session.execute(
        _heads(
            Tranche.id, Tranche.expected_on, via=(Tranche, FundingRequest.id == Tranche.request_id)
        ).where(
            Tranche.received_on.is_(None),
            Tranche.expected_on <= today + dt.timedelta(days=HORIZON_DAYS),
            FundingRequest.status.in_(TRANCHE_STATUSES),
        )
    )
    return [
        DueItem(
            kind="tranche",
            area=DueArea.FUNDING,
            due_on=expected_on,
            overdue=expected_on < today,
            target_id=tranche_id,
            wording=N_("Tranche expected on {date}: {subject}"),
            overdue_wording=N_("Tranche expected on {date} and not received: {subject}"),
            subject=_subject(title, name_ar, name_fr),
            opens_id=shown,
        )
        for tranche_id, expected_on, title, name_ar, name_fr, shown in rows
    ]


def sgg_declarations_due(session: Session, actor: Actor, today: dt.date) -> list[DueItem]:
    """Foreign receipts not yet declared to the SGG (overdue once their day has passed)."""
    actor.require(Permission.FUNDING_READ)
    rows = session.execute(
        _heads(
            ForeignFundingDeclaration.tranche_id,
            ForeignFundingDeclaration.due_on,
            via=(Tranche, FundingRequest.id == Tranche.request_id),
        )
        .join(ForeignFundingDeclaration, ForeignFundingDeclaration.tranche_id == Tranche.id)
        .where(ForeignFundingDeclaration.declared_on.is_(None))
    )
    return [
        DueItem(
            kind="sgg_declaration",
            area=DueArea.FUNDING,
            due_on=due_on,
            overdue=due_on < today,
            target_id=tranche_id,
            wording=N_("Foreign funding to declare to the SGG before {date}: {subject}"),
            overdue_wording=N_(
                "Foreign funding to declare to the SGG, due on {date} — overdue: {subject}"
            ),
            subject=_subject(title, name_ar, name_fr),
            opens_id=shown,
        )
        for tranche_id, due_on, title, name_ar, name_fr, shown in rows
    ]


def tranche_reports_due_items(session: Session, actor: Actor, today: dt.date) -> list[DueItem]:
    """The reports owed for the tranches received (`tranche_reports.tranche_reports_due`),
    due within the horizon (or already late): the tranche's request opens."""
    owed = [
        r
        for r in tranche_reports_due(session, actor, today)
        if r.next_due_on is not None and r.next_due_on <= today + dt.timedelta(days=HORIZON_DAYS)
    ]
    if not owed:
        return []
    names = {
        request_id: (title, name_ar, name_fr)
        for request_id, title, name_ar, name_fr, _shown in session.execute(
            _heads(FundingRequest.id).where(FundingRequest.id.in_({r.request_id for r in owed}))
        )
    }
    items = []
    for report in owed:
        assert report.next_due_on is not None  # kept above
        title, name_ar, name_fr = names[report.request_id]
        items.append(
            DueItem(
                kind="tranche_report",
                area=DueArea.FUNDING,
                due_on=report.next_due_on,
                overdue=report.overdue(today),
                target_id=report.tranche_id,
                wording=N_("Report on a tranche due on {date}: {subject}"),
                overdue_wording=N_("Report on a tranche was due on {date}: {subject} — overdue"),
                subject=_tranche_subject(report.tranche_number, title, name_ar, name_fr),
                opens_id=report.request_id,
            )
        )
    return items
