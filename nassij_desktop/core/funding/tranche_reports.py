"""The reports owed to a funder for each tranche received: a narrative report and a financial
report, each due on a day and submitted on a day, then the funder's validation (by whom, on
which day). Forward only: a submission or a validation recorded is not taken back, and a
validated report no longer changes; each act is audited.

When a report is due, unless a date was set for it: before the next tranche is expected (the
funder releases it on the report of the one before), else, for the last tranche, on the
request's report date (`FundingRequest.report_due_on`); no date when neither is known. A
tranche not yet received owes no report.

`tranche_reports_due` lists the reports still owed (a part due and not submitted) of the
requests that still run (granted, agreement signed, in progress), the earliest due first,
with an overdue flag: the dashboard's list of dates reads it.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common import audit, clock
from nassij_desktop.core.common.errors import Conflict, StaleVersion, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import check_version, get_or_fail
from nassij_desktop.core.common.validators import TextKind, clean_text, column_length
from nassij_desktop.core.funding.models import FundingRequest, RequestStatus, Tranche, TrancheReport
from nassij_desktop.i18n import N_, _

# The requests whose tranche reports are still followed (a closed request has reported).
_RUNNING = frozenset(
    {RequestStatus.GRANTED, RequestStatus.AGREEMENT_SIGNED, RequestStatus.IN_PROGRESS}
)


class ReportPart(enum.StrEnum):
    NARRATIVE = "narrative"
    FINANCIAL = "financial"


REPORT_PART_LABELS = {
    ReportPart.NARRATIVE: N_("Narrative report"),
    ReportPart.FINANCIAL: N_("Financial report"),
}


class ReportState(enum.StrEnum):
    NOT_RECEIVED = "not_received"  # the tranche has not come: nothing to report yet
    OWED = "owed"  # a part not yet submitted
    SUBMITTED = "submitted"  # every part submitted, waiting for the funder
    VALIDATED = "validated"


@dataclass(frozen=True)
class TrancheReportRecord:
    """A tranche's reports: the due dates in force (set, else by the default rule)."""

    tranche_id: int
    request_id: int
    tranche_number: int
    version: int  # 0: nothing recorded yet
    received_on: dt.date | None
    narrative_due_on: dt.date | None
    financial_due_on: dt.date | None
    due_dates_set: bool  # False: the default rule gave them
    narrative_submitted_on: dt.date | None
    financial_submitted_on: dt.date | None
    validated_by: str | None
    validated_on: dt.date | None
    notes: str | None

    def due_on(self, part: ReportPart) -> dt.date | None:
        return self.narrative_due_on if part is ReportPart.NARRATIVE else self.financial_due_on

    def submitted_on(self, part: ReportPart) -> dt.date | None:
        if part is ReportPart.NARRATIVE:
            return self.narrative_submitted_on
        return self.financial_submitted_on

    @property
    def owed_parts(self) -> tuple[ReportPart, ...]:
        """The parts not yet submitted of a tranche received."""
        if self.received_on is None:
            return ()
        return tuple(p for p in ReportPart if self.submitted_on(p) is None)

    @property
    def state(self) -> ReportState:
        if self.validated_on is not None:
            return ReportState.VALIDATED
        if self.received_on is None:
            return ReportState.NOT_RECEIVED
        return ReportState.OWED if self.owed_parts else ReportState.SUBMITTED

    @property
    def next_due_on(self) -> dt.date | None:
        """The earliest due date of a part not yet submitted."""
        days = [d for p in self.owed_parts if (d := self.due_on(p)) is not None]
        return min(days, default=None)

    def overdue(self, today: dt.date) -> bool:
        due = self.next_due_on
        return due is not None and due < today

    @property
    def may_validate(self) -> bool:
        """Submitted (every part, or at least one and none other due), not validated yet."""
        if self.validated_on is not None or self.received_on is None:
            return False
        submitted = [p for p in ReportPart if self.submitted_on(p) is not None]
        owed_and_due = [p for p in self.owed_parts if self.due_on(p) is not None]
        return bool(submitted) and not owed_and_due


def default_due(tranche: Tranche, request: FundingRequest) -> dt.date | None:
    """Before the next tranche is expected, else on the request's report date."""
    later = [
        t.expected_on
        for t in request.tranches
        if t.number > tranche.number and t.expected_on is not None
    ]
    return min(later) if later else request.report_due_on


def _record(
    tranche: Tranche, request: FundingRequest, row: TrancheReport | None
) -> TrancheReportRecord:
    default = default_due(tranche, request)
    narrative_due = row.narrative_due_on if row and row.narrative_due_on else default
    financial_due = row.financial_due_on if row and row.financial_due_on else default
    return TrancheReportRecord(
        tranche_id=tranche.id,
        request_id=request.id,
        tranche_number=tranche.number,
        version=row.version if row else 0,
        received_on=tranche.received_on,
        narrative_due_on=narrative_due,
        financial_due_on=financial_due,
        due_dates_set=bool(row and (row.narrative_due_on or row.financial_due_on)),
        narrative_submitted_on=row.narrative_submitted_on if row else None,
        financial_submitted_on=row.financial_submitted_on if row else None,
        validated_by=row.validated_by if row else None,
        validated_on=row.validated_on if row else None,
        notes=row.notes if row else None,
    )


def _row_of(session: Session, tranche_id: int) -> TrancheReport | None:
    return session.scalar(sa.select(TrancheReport).where(TrancheReport.tranche_id == tranche_id))


def _tranche(session: Session, tranche_id: int) -> tuple[Tranche, FundingRequest]:
    tranche = get_or_fail(session, Tranche, tranche_id, _("tranche"))
    request = get_or_fail(session, FundingRequest, tranche.request_id, _("funding request"))
    return tranche, request


def get_tranche_report(session: Session, actor: Actor, tranche_id: int) -> TrancheReportRecord:
    actor.require(Permission.FUNDING_READ)
    tranche, request = _tranche(session, tranche_id)
    return _record(tranche, request, _row_of(session, tranche_id))


def request_tranche_reports(
    session: Session, actor: Actor, request_id: int
) -> list[TrancheReportRecord]:
    """The reports of every tranche of a request, by tranche number."""
    actor.require(Permission.FUNDING_READ)
    request = get_or_fail(session, FundingRequest, request_id, _("funding request"))
    rows = {
        r.tranche_id: r
        for r in session.scalars(
            sa.select(TrancheReport)
            .join(Tranche, Tranche.id == TrancheReport.tranche_id)
            .where(Tranche.request_id == request_id)
        )
    }
    return [_record(t, request, rows.get(t.id)) for t in request.tranches]


def tranche_reports_due(
    session: Session, actor: Actor, today: dt.date
) -> list[TrancheReportRecord]:
    """The reports still owed (a part not submitted, with a due date) of the tranches received
    under the requests that still run, the earliest due first; `record.overdue(today)` says
    which are late."""
    actor.require(Permission.FUNDING_READ)
    requests = session.scalars(
        sa.select(FundingRequest)
        .join(Tranche, Tranche.request_id == FundingRequest.id)
        .where(FundingRequest.status.in_(_RUNNING), Tranche.received_on.is_not(None))
        .distinct()
    ).unique()
    found: list[TrancheReportRecord] = []
    for request in requests:
        rows = {
            r.tranche_id: r
            for r in session.scalars(
                sa.select(TrancheReport).where(
                    TrancheReport.tranche_id.in_([t.id for t in request.tranches])
                )
            )
        }
        for tranche in request.tranches:
            record = _record(tranche, request, rows.get(tranche.id))
            if record.validated_on is None and record.next_due_on is not None:
                found.append(record)
    del today  # the flag is the record's: overdue(today)
    return sorted(found, key=lambda r: (r.next_due_on or dt.date.max, r.tranche_id))


def _open_row(session: Session, tranche: Tranche, expected_version: int | None) -> TrancheReport:
    """The tranche's row (made at the first act), refused once the report is validated."""
    row = _row_of(session, tranche.id)
    if row is None:
        if expected_version:  # the screen saw a row that is gone
            raise StaleVersion(
                _(
                    "This record was changed by someone else after you opened it. "
                    "Reopen it to see their changes, then make yours again."
                )
            )
        row = TrancheReport(tranche_id=tranche.id)
        session.add(row)
        session.flush()
    elif expected_version is not None:
        check_version(row, expected_version)  # 0: the screen saw none, someone made it
    if row.validated_on is not None:
        raise Conflict(_("This report has been validated: it can no longer change."))
    return row


def _not_future(day: dt.date, today: dt.date | None, field: str) -> None:
    if day > (today or clock.today()):
        raise ValidationError(field, _("The date cannot be in the future."))


def set_tranche_report_due(
    session: Session,
    actor: Actor,
    tranche_id: int,
    narrative_due_on: dt.date | None,
    financial_due_on: dt.date | None,
    *,
    expected_version: int | None = None,
) -> TrancheReportRecord:
    """The days the funder expects the reports (None: back to the default rule)."""
    actor.require(Permission.FUNDING_WRITE)
    tranche, request = _tranche(session, tranche_id)
    for field, day in (
        ("narrative_due_on", narrative_due_on),
        ("financial_due_on", financial_due_on),
    ):
        if day is not None and tranche.received_on is not None and day < tranche.received_on:
            raise ValidationError(
                field, _("A report cannot be due before the tranche was received.")
            )
    row = _open_row(session, tranche, expected_version)
    before = audit.snapshot(row)
    row.narrative_due_on = narrative_due_on
    row.financial_due_on = financial_due_on
    audit.log_write(session, actor, "due", row, before=before, snapshot=audit.snapshot)
    return _record(tranche, request, row)


def record_report_submitted(
    session: Session,
    actor: Actor,
    tranche_id: int,
    submitted_on: dt.date,
    parts: tuple[ReportPart, ...] = (ReportPart.NARRATIVE, ReportPart.FINANCIAL),
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> TrancheReportRecord:
    """The reports (`parts`: both by default) of a tranche received were sent to the funder on
    `submitted_on`. A part already submitted keeps its date."""
    actor.require(Permission.FUNDING_WRITE)
    tranche, request = _tranche(session, tranche_id)
    parts = tuple(ReportPart(p) for p in parts)
    if not parts:
        raise ValidationError("parts", _("Choose the report submitted."))
    if tranche.received_on is None:
        raise Conflict(_("A tranche not yet received has no report to submit."))
    _not_future(submitted_on, today, "submitted_on")
    if submitted_on < tranche.received_on:
        raise ValidationError(
            "submitted_on", _("A report cannot be submitted before the tranche was received.")
        )
    row = _open_row(session, tranche, expected_version)
    new = [p for p in parts if getattr(row, f"{p.value}_submitted_on") is None]
    if not new:
        raise Conflict(_("This report was already submitted."))
    before = audit.snapshot(row)
    for part in new:
        setattr(row, f"{part.value}_submitted_on", submitted_on)
    audit.log_write(session, actor, "submit", row, before=before, snapshot=audit.snapshot)
    return _record(tranche, request, row)


def record_report_validated(
    session: Session,
    actor: Actor,
    tranche_id: int,
    validated_by: str,
    validated_on: dt.date,
    notes: str | None = None,
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> TrancheReportRecord:
    """The funder validated the reports of a tranche: `validated_by` (a person or a service
    of the funder), on `validated_on`. Only a report submitted is validated."""
    actor.require(Permission.FUNDING_WRITE)
    tranche, request = _tranche(session, tranche_id)
    name = clean_text(
        validated_by,
        field="validated_by",
        kind=TextKind.NAME,
        max_length=column_length(TrancheReport.validated_by),
    )
    if not name:
        raise ValidationError("validated_by", _("Give who validated the report."))
    clean_notes = clean_text(notes, field="notes", kind=TextKind.TEXT) if notes else None
    row = _open_row(session, tranche, expected_version)
    record = _record(tranche, request, row)
    if not record.may_validate:
        raise Conflict(_("A report is validated only once it has been submitted."))
    _not_future(validated_on, today, "validated_on")
    last = max(d for p in ReportPart if (d := record.submitted_on(p)) is not None)
    if validated_on < last:
        raise ValidationError(
            "validated_on", _("The report cannot be validated before it was submitted.")
        )
    before = audit.snapshot(row)
    row.validated_by = name
    row.validated_on = validated_on
    if clean_notes is not None:
        row.notes = clean_notes
    audit.log_write(session, actor, "validate", row, before=before, snapshot=audit.snapshot)
    return _record(tranche, request, row)
