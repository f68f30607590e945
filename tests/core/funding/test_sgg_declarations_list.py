"""`list_sgg_declarations`: the declarations of foreign receipts to the SGG, the earliest due
first, the open ones only when asked, to those who may see the funding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.funding.models import FunderKind, RequestStatus
from nassij_desktop.core.funding.services import (
    FunderData,
    RequestData,
    add_tranche,
    change_funding_request_status,
    create_funder,
    create_funding_request,
    list_sgg_declarations,
    receive_tranche,
    record_sgg_declaration,
)
from nassij_desktop.storage import Database

TODAY = clock.today()
ADMIN = Actor(user_id=None, login="admin", role=Role.ADMIN)
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)
VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)


def _received(database: Database, kind: FunderKind, received: list[dt.date]) -> list[int]:
    """A request of a funder of `kind`, granted, with one tranche received on each day."""
    start = min(received) - dt.timedelta(days=10)
    with database.transaction() as session:
        funder = create_funder(session, ADMIN, FunderData(name_fr=f"Bailleur {kind}", kind=kind))
        request = create_funding_request(
            session,
            ADMIN,
            RequestData(funder_id=funder.id, title="Projet", amount_requested=Decimal(30000)),
            drafted_on=start,
        )
        change_funding_request_status(session, ADMIN, request.id, RequestStatus.SUBMITTED, start)
        change_funding_request_status(
            session, ADMIN, request.id, RequestStatus.GRANTED, start, amount_granted=Decimal(30000)
        )
        tranches = [add_tranche(session, ADMIN, request.id, Decimal(10000)) for _ in received]
        for tranche, day in zip(tranches, received, strict=True):
            receive_tranche(session, ADMIN, tranche.id, day, Decimal(10000))
    return [t.id for t in tranches]


def test_the_open_declarations_are_listed_until_filed(database: Database) -> None:
    late, early = TODAY - dt.timedelta(days=2), TODAY - dt.timedelta(days=40)
    foreign = _received(database, FunderKind.FOREIGN_NGO, [late, early])
    _received(database, FunderKind.INDH, [TODAY])  # a Moroccan funder: nothing to declare
    with database.session() as session:
        listed = list_sgg_declarations(session, VIEWER)
    assert [(d.tranche_id, d.due_on, d.declared_on) for d in listed] == [
        (foreign[1], early + dt.timedelta(days=30), None),
        (foreign[0], late + dt.timedelta(days=30), None),
    ]
    with database.transaction() as session:
        record_sgg_declaration(session, ADMIN, foreign[1], TODAY, "SGG/118")
    with database.session() as session:
        assert [d.tranche_id for d in list_sgg_declarations(session, VIEWER, open_only=True)] == [
            foreign[0]
        ]
        filed = list_sgg_declarations(session, VIEWER)[0]
        assert (filed.declared_on, filed.reference) == (TODAY, "SGG/118")
        with pytest.raises(PermissionDenied):
            list_sgg_declarations(session, VOLUNTEER)
