"""The reports of a tranche: due by the default rule or on the days set, submitted once the
tranche is received, validated only after the submission, then fixed; the due list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import (
    Conflict,
    PermissionDenied,
    StaleVersion,
    ValidationError,
)
from nassij_desktop.core.funding.services import (
    add_tranche,
    receive_tranche,
    update_funding_request,
)
from nassij_desktop.core.funding.tranche_reports import (
    ReportPart,
    ReportState,
    get_tranche_report,
    record_report_submitted,
    record_report_validated,
    request_tranche_reports,
    set_tranche_report_due,
    tranche_reports_due,
)
from nassij_desktop.storage import Database, check
from tests.core.funding.test_funding_services import (
    SECRETARY,
    TREASURER,
    VIEWER,
    _funder,
    _granted,
    _request,
)

TODAY = clock.today()
DAY = dt.timedelta(days=1)


def _two_tranches(database: Database) -> tuple[int, int, int]:
    """A granted request (report due in 90 days) whose first tranche came 10 days ago and
    whose second is expected in 40 days."""
    request_id = _request(database, _funder(database))
    _granted(database, request_id)
    with database.transaction() as session:
        request = update_funding_request(
            session, SECRETARY, request_id, None, report_due_on=TODAY + 90 * DAY
        )
        first = add_tranche(session, SECRETARY, request_id, Decimal("60000"), TODAY - 12 * DAY)
        second = add_tranche(session, SECRETARY, request_id, Decimal("40000"), TODAY + 40 * DAY)
        receive_tranche(session, TREASURER, first.id, TODAY - 10 * DAY, Decimal("60000"))
    assert request.report_due_on is not None
    return request_id, first.id, second.id


def test_reports_are_due_before_the_next_tranche_then_on_the_request_date(
    database: Database,
) -> None:
    request_id, first, second = _two_tranches(database)
    with database.session() as session:
        reports = request_tranche_reports(session, VIEWER, request_id)
    assert [r.tranche_id for r in reports] == [first, second]
    one, two = reports
    assert one.state is ReportState.OWED and two.state is ReportState.NOT_RECEIVED
    assert one.narrative_due_on == one.financial_due_on == TODAY + 40 * DAY  # the next tranche
    assert two.next_due_on is None  # not received: nothing owed yet
    assert two.narrative_due_on == TODAY + 90 * DAY  # the last: the request's report date
    assert not one.due_dates_set and one.version == 0
    with database.session() as session:
        due = tranche_reports_due(session, VIEWER, TODAY)
    assert [(r.tranche_id, r.next_due_on, r.overdue(TODAY)) for r in due] == [
        (first, TODAY + 40 * DAY, False)
    ]


def test_a_report_is_submitted_then_validated_and_no_longer_changes(database: Database) -> None:
    _request_id, first, second = _two_tranches(database)
    with database.transaction() as session:
        with pytest.raises(PermissionDenied):
            record_report_submitted(session, VIEWER, first, TODAY)
        with pytest.raises(Conflict):  # the second tranche has not come
            record_report_submitted(session, SECRETARY, second, TODAY)
        with pytest.raises(Conflict):  # no validation before the submission
            record_report_validated(session, SECRETARY, first, "Mme Bennani (INDH)", TODAY)
        with pytest.raises(ValidationError) as refused:
            record_report_submitted(session, SECRETARY, first, TODAY - 11 * DAY)
        assert refused.value.field == "submitted_on"  # before the money came
        with pytest.raises(ValidationError) as refused:
            record_report_submitted(session, SECRETARY, first, TODAY + DAY)
        assert refused.value.field == "submitted_on"  # in the future
        narrative = record_report_submitted(
            session, SECRETARY, first, TODAY - 5 * DAY, (ReportPart.NARRATIVE,)
        )
        assert narrative.state is ReportState.OWED and not narrative.may_validate
        assert narrative.owed_parts == (ReportPart.FINANCIAL,)
        with pytest.raises(Conflict):  # the financial part is due and not sent
            record_report_validated(session, SECRETARY, first, "Mme Bennani", TODAY)
        both = record_report_submitted(
            session, SECRETARY, first, TODAY - 2 * DAY, expected_version=narrative.version
        )
        assert both.narrative_submitted_on == TODAY - 5 * DAY  # kept
        assert both.financial_submitted_on == TODAY - 2 * DAY
        assert both.state is ReportState.SUBMITTED
        with pytest.raises(Conflict):
            record_report_submitted(session, SECRETARY, first, TODAY)  # already sent
        with pytest.raises(ValidationError) as refused:
            record_report_validated(session, SECRETARY, first, "Mme Bennani", TODAY - 3 * DAY)
        assert refused.value.field == "validated_on"  # before the last part was sent
        with pytest.raises(ValidationError) as refused:
            record_report_validated(session, SECRETARY, first, "  ", TODAY)
        assert refused.value.field == "validated_by"
        done = record_report_validated(
            session, SECRETARY, first, " Mme Bennani (INDH) ", TODAY, "Accepté sans réserve"
        )
        assert done.state is ReportState.VALIDATED
        assert (done.validated_by, done.validated_on) == ("Mme Bennani (INDH)", TODAY)
        with pytest.raises(Conflict):  # forward only
            set_tranche_report_due(session, SECRETARY, first, TODAY, TODAY)
        with pytest.raises(Conflict):
            record_report_validated(session, SECRETARY, first, "Autre", TODAY)
    with database.session() as session:
        assert tranche_reports_due(session, VIEWER, TODAY) == []
        actions = session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity == "funding_tranche_report")
            .order_by(AuditEntry.id)
        ).all()
        assert actions == ["submit", "submit", "validate"]
    assert check(database).ok


def test_due_dates_set_override_the_rule_and_overdue_is_flagged(database: Database) -> None:
    _request_id, first, _second = _two_tranches(database)
    with database.transaction() as session:
        with pytest.raises(ValidationError) as refused:
            set_tranche_report_due(session, SECRETARY, first, TODAY - 20 * DAY, None)
        assert refused.value.field == "narrative_due_on"
        record = set_tranche_report_due(session, SECRETARY, first, TODAY - 2 * DAY, None)
        assert record.due_dates_set
        assert record.narrative_due_on == TODAY - 2 * DAY
        assert record.financial_due_on == TODAY + 40 * DAY  # still the rule
        stale = record.version
        record_report_submitted(session, SECRETARY, first, TODAY, (ReportPart.FINANCIAL,))
        with pytest.raises(StaleVersion):  # changed since it was read
            record_report_submitted(session, SECRETARY, first, TODAY, expected_version=stale)
    with database.session() as session:
        (due,) = tranche_reports_due(session, VIEWER, TODAY)
        assert due.next_due_on == TODAY - 2 * DAY and due.overdue(TODAY)
        assert not due.overdue(TODAY - 3 * DAY)
        assert get_tranche_report(session, VIEWER, first).owed_parts == (ReportPart.NARRATIVE,)
