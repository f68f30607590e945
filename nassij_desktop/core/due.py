"""The one list of what is due (the dashboard's): every dated obligation of the association,
each read by its own domain behind its own permission, sorted by date.

A source is a reader `(session, actor, today) -> list[DueItem]` and the permission it needs;
`SOURCES` declares them once, so adding one (a domain's new reader) is one line here. The
sources the actor may not read are skipped, never refused: a volunteer's list simply has no
funding in it.

Depends on: common, governance, funding, donations (above the domains, as
`document_records`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from nassij_desktop.core.common.due import DueArea, DueItem
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.donations.campaigns import campaign_reports_due_items
from nassij_desktop.core.funding import due as funding_due
from nassij_desktop.core.funding.public_aid import public_aid_due
from nassij_desktop.core.governance.assemblies import next_assembly_due
from nassij_desktop.core.governance.declarations import declarations_due

__all__ = ["SOURCES", "DueArea", "DueItem", "DueSource", "things_due"]

Reader = Callable[[Session, Actor, dt.date], list[DueItem]]


@dataclass(frozen=True)
class DueSource:
    permission: Permission
    read: Reader


SOURCES: tuple[DueSource, ...] = (
    DueSource(Permission.GOVERNANCE_READ, declarations_due),  # to the local authority
    DueSource(Permission.GOVERNANCE_READ, next_assembly_due),
    DueSource(Permission.FUNDING_READ, funding_due.sgg_declarations_due),
    DueSource(Permission.FUNDING_READ, funding_due.submissions_due),
    DueSource(Permission.FUNDING_READ, funding_due.reports_due),
    DueSource(Permission.FUNDING_READ, funding_due.tranches_due),
    DueSource(Permission.FUNDING_READ, funding_due.tranche_reports_due_items),
    DueSource(Permission.BOOKS_READ, campaign_reports_due_items),
    DueSource(Permission.BOOKS_READ, public_aid_due),  # 15 March, to the Cour des comptes
)


def things_due(
    session: Session,
    actor: Actor,
    today: dt.date,
    sources: tuple[DueSource, ...] = SOURCES,
) -> list[DueItem]:
    """What is due, the earliest first (the overdue ones come first by their date), from
    the sources the actor may read."""
    items = [
        item
        for source in sources
        if actor.can(source.permission)
        for item in source.read(session, actor, today)
    ]
    return sorted(items, key=lambda item: (item.due_on, item.kind, item.target_id or 0))
