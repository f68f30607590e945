"""Funders, funding requests through their life, tranches received and posted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.books.models import JournalEntry
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import Conflict, PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.funding.models import (
    ForeignFundingDeclaration,
    FunderKind,
    RequestStatus,
)
from nassij_desktop.core.funding.services import (
    TRANSITIONS,
    FunderData,
    RequestData,
    add_tranche,
    change_funding_request_status,
    create_funder,
    create_funding_request,
    get_funding_request,
    list_funders,
    list_funding_requests,
    list_tranches,
    receive_tranche,
    tranches_expected,
    update_funder,
    update_funding_request,
    update_tranche,
)
from nassij_desktop.storage import Database, check

S = RequestStatus
TODAY = clock.today()
SECRETARY = Actor(user_id=None, login="secretary", role=Role.SECRETARY)
TREASURER = Actor(user_id=None, login="treasurer", role=Role.TREASURER)
VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)


def _funder(database: Database, **changes: object) -> int:
    values: dict[str, object] = {
        "name_fr": "Initiative nationale pour le développement humain",
        "name_ar": "المبادرة الوطنية للتنمية البشرية",
        "acronym": "INDH",
        "kind": FunderKind.INDH,
    }
    values.update(changes)
    with database.transaction() as session:
        return create_funder(session, SECRETARY, FunderData(**values)).id  # type: ignore[arg-type]


def _request(database: Database, funder_id: int, amount: str = "120000") -> int:
    with database.transaction() as session:
        return create_funding_request(
            session,
            SECRETARY,
            RequestData(
                funder_id=funder_id,
                title="Alphabétisation des femmes rurales",
                amount_requested=Decimal(amount),
            ),
            drafted_on=TODAY - dt.timedelta(days=60),
        ).id


def _granted(database: Database, request_id: int, amount: str = "100000") -> None:
    day = TODAY - dt.timedelta(days=30)
    with database.transaction() as session:
        change_funding_request_status(session, SECRETARY, request_id, S.SUBMITTED, day)
        change_funding_request_status(
            session, SECRETARY, request_id, S.GRANTED, day, amount_granted=Decimal(amount)
        )
        change_funding_request_status(
            session,
            SECRETARY,
            request_id,
            S.AGREEMENT_SIGNED,
            day + dt.timedelta(days=2),
            agreement_number="CONV-2025/017",
        )


def test_a_funder_is_foreign_by_its_kind_or_country_unless_told(database: Database) -> None:
    indh = _funder(database)
    giz = _funder(database, name_fr="GIZ", kind=FunderKind.FOREIGN_GOVERNMENT, country="de")
    with database.transaction() as session:
        rows = {f.id: f for f in list_funders(session, VIEWER)}
        assert rows[indh].foreign is False
        assert rows[giz].foreign is True and rows[giz].country == "DE"
        moved = update_funder(session, SECRETARY, indh, rows[indh].version, country="FR")
        assert moved.foreign is True
        told = update_funder(session, SECRETARY, indh, moved.version, foreign=False)
        assert told.foreign is False and told.version == moved.version + 1
        kept = update_funder(session, SECRETARY, indh, told.version, contact_name="M. Idrissi")
        assert kept.foreign is False  # unrelated changes keep what was set
        assert [f.id for f in list_funders(session, VIEWER, kind=FunderKind.INDH)] == [indh]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name_fr": "  "}, "name_fr"),
        ({"kind": "bank"}, "kind"),
        ({"country": "Maroc"}, "country"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "12"}, "phone"),
    ],
)
def test_a_funder_refused_names_the_field(
    database: Database, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _funder(database, **changes)
    assert refused.value.field == field


def test_a_request_walks_its_life_and_keeps_its_history(database: Database) -> None:
    request_id = _request(database, _funder(database))
    _granted(database, request_id)
    with database.transaction() as session:
        record = change_funding_request_status(
            session, SECRETARY, request_id, S.IN_PROGRESS, TODAY - dt.timedelta(days=20)
        )
        assert record.status is S.IN_PROGRESS and record.next_statuses == {S.CLOSED}
        assert record.amount_granted == Decimal("100000.00")
        assert record.agreement_number == "CONV-2025/017"
        assert record.agreement_date == TODAY - dt.timedelta(days=28)
        assert record.submitted_on == record.decided_on == TODAY - dt.timedelta(days=30)
        assert [(h.from_status, h.to_status) for h in record.history] == [
            (None, S.DRAFT),
            (S.DRAFT, S.SUBMITTED),
            (S.SUBMITTED, S.GRANTED),
            (S.GRANTED, S.AGREEMENT_SIGNED),
            (S.AGREEMENT_SIGNED, S.IN_PROGRESS),
        ]
        closed = change_funding_request_status(session, SECRETARY, request_id, S.CLOSED, TODAY)
        assert closed.next_statuses == frozenset()
        statuses = session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity == "funding_request", AuditEntry.entity_id == request_id)
            .order_by(AuditEntry.id)
        ).all()
        assert statuses == ["create"] + ["status"] * 5


def test_only_the_allowed_transitions_are_accepted(database: Database) -> None:
    funder = _funder(database)
    for current in (S.DRAFT, S.SUBMITTED, S.GRANTED):
        assert S.CLOSED not in TRANSITIONS[current]
    request_id = _request(database, funder)
    with database.transaction() as session:
        with pytest.raises(Conflict, match=r"Draft.*Granted"):
            change_funding_request_status(
                session, SECRETARY, request_id, S.GRANTED, TODAY, amount_granted=Decimal("1")
            )
        change_funding_request_status(session, SECRETARY, request_id, S.WITHDRAWN, TODAY)
        with pytest.raises(Conflict):
            change_funding_request_status(session, SECRETARY, request_id, S.SUBMITTED, TODAY)
        with pytest.raises(Conflict):
            update_funding_request(session, SECRETARY, request_id, None, title="Autre")
        kept = update_funding_request(session, SECRETARY, request_id, None, notes="Trop tard")
        assert kept.notes == "Trop tard"


@pytest.mark.parametrize(
    ("status", "kwargs", "field"),
    [
        (S.GRANTED, {}, "amount_granted"),
        (S.GRANTED, {"amount_granted": Decimal("0")}, "amount_granted"),
        (S.GRANTED, {"amount_granted": Decimal("1.001")}, "amount_granted"),
        (S.UNDER_REVIEW, {"changed_on": TODAY + dt.timedelta(days=1)}, "changed_on"),
        (S.UNDER_REVIEW, {"changed_on": TODAY - dt.timedelta(days=90)}, "changed_on"),
        ("approved", {}, "status"),
    ],
)
def test_a_status_change_refused_names_the_field(
    database: Database, status: object, kwargs: dict[str, object], field: str
) -> None:
    request_id = _request(database, _funder(database))
    with database.transaction() as session:
        change_funding_request_status(
            session, SECRETARY, request_id, S.SUBMITTED, TODAY - dt.timedelta(days=10)
        )
        kwargs = dict(kwargs)  # the parameter's own dict is shared by both backends' runs
        day = kwargs.pop("changed_on", TODAY)
        with pytest.raises(ValidationError) as refused:
            change_funding_request_status(
                session,
                SECRETARY,
                request_id,
                status,  # type: ignore[arg-type]
                day,  # type: ignore[arg-type]
                **kwargs,  # type: ignore[arg-type]
            )
        assert refused.value.field == field


def test_an_agreement_needs_its_number(database: Database) -> None:
    request_id = _request(database, _funder(database))
    with database.transaction() as session:
        change_funding_request_status(session, SECRETARY, request_id, S.SUBMITTED, TODAY)
        change_funding_request_status(
            session, SECRETARY, request_id, S.GRANTED, TODAY, amount_granted=Decimal("5000")
        )
        with pytest.raises(ValidationError) as refused:
            change_funding_request_status(
                session, SECRETARY, request_id, S.AGREEMENT_SIGNED, TODAY, agreement_number=" "
            )
        assert refused.value.field == "agreement_number"


def test_a_submitted_request_keeps_what_was_asked(database: Database) -> None:
    request_id = _request(database, _funder(database))
    with database.transaction() as session:
        draft = update_funding_request(
            session, SECRETARY, request_id, None, amount_requested=Decimal("90000")
        )
        assert draft.amount_requested == Decimal("90000.00")
        change_funding_request_status(session, SECRETARY, request_id, S.SUBMITTED, TODAY)
        with pytest.raises(ValidationError) as refused:
            update_funding_request(
                session, SECRETARY, request_id, None, amount_requested=Decimal("95000")
            )
        assert refused.value.field == "amount_requested"
        with pytest.raises(ValidationError) as refused:
            update_funding_request(session, SECRETARY, request_id, None, title="")
        assert refused.value.field == "title"
        record = update_funding_request(session, SECRETARY, request_id, None, reference="R-1")
        assert record.reference == "R-1"


def test_a_request_refused_names_the_field(database: Database) -> None:
    funder = _funder(database)
    with database.transaction() as session:
        for data, field in (
            (RequestData(funder_id=9999, title="T", amount_requested=Decimal(1)), "funder_id"),
            (RequestData(funder_id=funder, title=" ", amount_requested=Decimal(1)), "title"),
            (
                RequestData(funder_id=funder, title="T", amount_requested=Decimal(-1)),
                "amount_requested",
            ),
            (
                RequestData(
                    funder_id=funder, title="T", amount_requested=Decimal(1), currency="euro"
                ),
                "currency",
            ),
            (
                RequestData(
                    funder_id=funder,
                    title="T",
                    amount_requested=Decimal(1),
                    starts_on=TODAY,
                    ends_on=TODAY - dt.timedelta(days=1),
                ),
                "ends_on",
            ),
        ):
            with pytest.raises(ValidationError) as refused:
                create_funding_request(session, SECRETARY, data)
            assert refused.value.field == field


def test_tranches_are_planned_within_the_grant_and_received_into_the_books(
    database: Database,
) -> None:
    funder = _funder(database)
    request_id = _request(database, funder)
    _granted(database, request_id)
    with database.transaction() as session:
        first = add_tranche(
            session, SECRETARY, request_id, Decimal("60000"), TODAY - dt.timedelta(days=5)
        )
        second = add_tranche(session, SECRETARY, request_id, Decimal("30000"), TODAY)
        with pytest.raises(ValidationError) as refused:
            add_tranche(session, SECRETARY, request_id, Decimal("10000.01"))
        assert refused.value.field == "expected_amount"
        second = update_tranche(
            session, SECRETARY, second.id, second.version, expected_amount=Decimal("40000")
        )
        assert [t.number for t in list_tranches(session, VIEWER, request_id)] == [1, 2]
        assert [t.id for t in tranches_expected(session, VIEWER, TODAY)] == [first.id, second.id]
    with database.transaction() as session:
        with pytest.raises(PermissionDenied):  # a secretary does not write the books
            receive_tranche(session, SECRETARY, first.id, TODAY, Decimal("60000"))
        received = receive_tranche(session, TREASURER, first.id, TODAY, Decimal("60000"))
        with pytest.raises(Conflict):
            receive_tranche(session, TREASURER, first.id, TODAY, Decimal("60000"))
        with pytest.raises(Conflict):
            update_tranche(session, SECRETARY, first.id, None, expected_amount=Decimal("1"))
    assert received.amount_mad == Decimal("60000.00") and received.exchange_rate is None
    assert received.declaration_due_on is None  # a Moroccan funder: nothing to declare
    with database.session() as session:
        entry = session.get(JournalEntry, received.journal_entry_id)
        assert entry is not None
        assert entry.journal.code == "BQ" and entry.reference == "CONV-2025/017"
        # The funder is the entry's third party (the FEC's CompAuxLib).
        assert entry.third_party == "Initiative nationale pour le développement humain"
        lines = [
            (ln.account.number, ln.debit, ln.credit, ln.funder_id, ln.agreement_number)
            for ln in entry.lines
        ]
        assert lines == [
            ("5141", Decimal("60000.00"), Decimal("0.00"), funder, "CONV-2025/017"),
            # INDH, a state programme: the State's operating grants.
            ("71611", Decimal("0.00"), Decimal("60000.00"), funder, "CONV-2025/017"),
        ]
        assert get_funding_request(session, VIEWER, request_id).received_mad == Decimal("60000.00")
        assert [t.id for t in tranches_expected(session, VIEWER, TODAY)] == [second.id]
    assert check(database).ok


def test_a_foreign_tranche_is_converted_and_its_declaration_is_due(database: Database) -> None:
    funder = _funder(database, name_fr="Fondation Anna Lindh", kind=FunderKind.FOREIGN_NGO)
    with database.transaction() as session:
        request_id = create_funding_request(
            session,
            SECRETARY,
            RequestData(
                funder_id=funder,
                title="Dialogue des jeunes",
                amount_requested=Decimal("20000"),
                currency="eur",
            ),
            drafted_on=TODAY - dt.timedelta(days=60),
        ).id
    _granted(database, request_id, "20000")
    with database.transaction() as session:
        tranche = add_tranche(session, SECRETARY, request_id, Decimal("20000"))
        assert tranche.currency == "EUR"
        with pytest.raises(ValidationError) as refused:
            receive_tranche(session, TREASURER, tranche.id, TODAY, Decimal("20000"))
        assert refused.value.field == "exchange_rate"
        received = receive_tranche(
            session, TREASURER, tranche.id, TODAY, Decimal("20000"), Decimal("10.8765")
        )
    assert received.amount_mad == Decimal("217530.00")
    assert received.declaration_due_on == TODAY + dt.timedelta(days=30)
    with database.session() as session:
        declaration = session.scalars(sa.select(ForeignFundingDeclaration)).one()
        assert declaration.tranche_id == tranche.id and declaration.declared_on is None
        entry = session.get(JournalEntry, received.journal_entry_id)
        assert entry is not None  # a foreign NGO: the foreign funders' operating grants
        assert {ln.account.number for ln in entry.lines} == {"5141", "71615"}


def test_roles_without_the_right_are_refused(database: Database) -> None:
    funder = _funder(database)
    request_id = _request(database, funder)
    with database.transaction() as session:
        with pytest.raises(PermissionDenied):
            create_funder(session, VOLUNTEER, FunderData(name_fr="X"))
        with pytest.raises(PermissionDenied):
            update_funding_request(session, VIEWER, request_id, None, notes="x")
        with pytest.raises(PermissionDenied):
            change_funding_request_status(session, VIEWER, request_id, S.SUBMITTED, TODAY)
        with pytest.raises(PermissionDenied):
            list_funding_requests(session, VOLUNTEER)
        with pytest.raises(PermissionDenied):
            list_funders(session, VOLUNTEER)
        assert [r.id for r in list_funding_requests(session, VIEWER, status=S.DRAFT)] == [
            request_id
        ]
        assert list_funding_requests(session, VIEWER, status=S.SUBMITTED) == []
