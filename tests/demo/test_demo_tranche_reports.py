"""The demo's tranche reports: past tranches reported and validated by the funder's officer,
a foreign funder's report sent and awaited, a narrative report sent on a running project, and
a report the funder asked for soon; the due list reads them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.funding.models import FundingRequest
from nassij_desktop.core.funding.tranche_reports import (
    ReportState,
    request_tranche_reports,
    tranche_reports_due,
)
from nassij_desktop.storage import open_database
from tests.demo.test_demo_campaigns import TODAY, demo_template

__all__ = ["demo_template"]  # the module's fixture, used by name


def test_the_demo_tranches_have_their_reports(demo_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    database = open_database(path, backup_dir=tmp_path)
    try:
        with database.session() as session:
            ids = session.scalars(sa.select(FundingRequest.id)).all()
            reports = [r for i in ids for r in request_tranche_reports(session, CLI_ACTOR, i)]
            due = tranche_reports_due(session, CLI_ACTOR, TODAY)
    finally:
        database.close()
    states = [r.state for r in reports]
    assert states.count(ReportState.VALIDATED) >= 2
    assert ReportState.SUBMITTED in states  # the foreign funder has not answered yet
    assert all(r.validated_by and r.validated_on <= TODAY for r in reports if r.validated_on)
    partly = [r for r in reports if r.state is ReportState.OWED and r.narrative_submitted_on]
    assert len(partly) == 1
    soon = [r for r in due if r.due_dates_set]
    assert [r.next_due_on for r in soon] == [TODAY + dt.timedelta(days=12)]
    assert not any(r.overdue(TODAY) for r in due)
