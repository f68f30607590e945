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
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.due import DueArea, DueItem
from nassij_desktop.core.common.names import in_sentence
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
    """The request as the list names it: its funder, then its title (as typed). Each is
    isolated when of the other script: a French title holding " — " read its halves swapped
    in an Arabic line ("deuxième phase — Atelier de couture")."""
    return Bilingual(
        ar=f"{in_sentence(funder_ar or funder_fr, 'ar')} — {in_sentence(title, 'ar')}",
        fr=f"{in_sentence(funder_fr, 'fr')} — {in_sentence(title, 'fr')}",
    )


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


@dataclass(frozen=True)
class _Reminder:
    """What differs between the funding lines of the list: the kind and the two wordings."""

    kind: str
    wording: str
    overdue_wording: str

    def item(
        self, target_id: int, due_on: dt.date, overdue: bool, subject: Bilingual, opens_id: int
    ) -> DueItem:
        return DueItem(
            kind=self.kind,
            area=DueArea.FUNDING,
            due_on=due_on,
            overdue=overdue,
            target_id=target_id,
            wording=self.wording,
            overdue_wording=self.overdue_wording,
            subject=subject,
            opens_id=opens_id,
        )


def _read(
    session: Session, actor: Actor, today: dt.date, reminder: _Reminder, query: sa.Select[Any]
) -> list[DueItem]:
    """The lines of `query`, a `_heads(target id, date)` query: one a row, overdue once its
    date has passed, naming the request (which opens)."""
    actor.require(Permission.FUNDING_READ)
    return [
        reminder.item(target_id, due_on, due_on < today, _subject(title, ar, fr), shown)
        for target_id, due_on, title, ar, fr, shown in session.execute(query)
    ]


def _within(column: Any, today: dt.date) -> Any:
    """`column` due by the horizon (a date already past included)."""
    return column <= today + dt.timedelta(days=HORIZON_DAYS)


_TRANCHE_REQUEST = (Tranche, FundingRequest.id == Tranche.request_id)

SUBMISSION = _Reminder(
    "submission",
    N_("Request to submit before {date}: {subject}"),
    N_("Request whose call closed on {date}: {subject} — overdue"),
)
FUNDING_REPORT = _Reminder(
    "funding_report",
    N_("Report to the funder due on {date}: {subject}"),
    N_("Report to the funder was due on {date}: {subject} — overdue"),
)
TRANCHE = _Reminder(
    "tranche",
    N_("Tranche expected on {date}: {subject}"),
    N_("Tranche expected on {date} and not received: {subject}"),
)
SGG_DECLARATION = _Reminder(
    "sgg_declaration",
    N_("Foreign funding to declare to the SGG before {date}: {subject}"),
    N_("Foreign funding to declare to the SGG, due on {date} — overdue: {subject}"),
)
TRANCHE_REPORT = _Reminder(
    "tranche_report",
    N_("Report on a tranche due on {date}: {subject}"),
    N_("Report on a tranche was due on {date}: {subject} — overdue"),
)


def submissions_due(session: Session, actor: Actor, today: dt.date) -> list[DueItem]:
    """Requests in draft whose call closes within the horizon (or has closed)."""
    query = _heads(FundingRequest.id, FundingRequest.deadline).where(
        FundingRequest.status == RequestStatus.DRAFT, _within(FundingRequest.deadline, today)
    )
    return _read(session, actor, today, SUBMISSION, query)


def reports_due(session: Session, actor: Actor, today: dt.date) -> list[DueItem]:
    """Reports owed to a funder under an agreement not closed, within the horizon."""
    query = _heads(FundingRequest.id, FundingRequest.report_due_on).where(
        FundingRequest.status.in_(_REPORT_STATUSES),
        _within(FundingRequest.report_due_on, today),
    )
    return _read(session, actor, today, FUNDING_REPORT, query)


def tranches_due(session: Session, actor: Actor, today: dt.date) -> list[DueItem]:
    """Tranches expected within the horizon (or before) and not received."""
    query = _heads(Tranche.id, Tranche.expected_on, via=_TRANCHE_REQUEST).where(
        Tranche.received_on.is_(None),
        _within(Tranche.expected_on, today),
        FundingRequest.status.in_(TRANCHE_STATUSES),
    )
    return _read(session, actor, today, TRANCHE, query)


def sgg_declarations_due(session: Session, actor: Actor, today: dt.date) -> list[DueItem]:
    """Foreign receipts not yet declared to the SGG (overdue once their day has passed)."""
    declaration = ForeignFundingDeclaration
    query = (
        _heads(declaration.tranche_id, declaration.due_on, via=_TRANCHE_REQUEST)
        .join(declaration, declaration.tranche_id == Tranche.id)
        .where(declaration.declared_on.is_(None))
    )
    return _read(session, actor, today, SGG_DECLARATION, query)


def tranche_reports_due_items(session: Session, actor: Actor, today: dt.date) -> list[DueItem]:
    """The reports owed for the tranches received (`tranche_reports.tranche_reports_due`),
    due within the horizon (or already late): the tranche's request opens."""
    owed = [
        (r, r.next_due_on)
        for r in tranche_reports_due(session, actor, today)
        if r.next_due_on is not None and _within(r.next_due_on, today)
    ]
    if not owed:
        return []
    names = {
        request_id: (title, name_ar, name_fr)
        for request_id, title, name_ar, name_fr, _shown in session.execute(
            _heads(FundingRequest.id).where(FundingRequest.id.in_({r.request_id for r, _ in owed}))
        )
    }
    return [
        TRANCHE_REPORT.item(
            report.tranche_id,
            due_on,
            report.overdue(today),
            _tranche_subject(report.tranche_number, *names[report.request_id]),
            report.request_id,
        )
        for report, due_on in owed
    ]
