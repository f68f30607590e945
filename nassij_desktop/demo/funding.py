"""The demo's funding: funders (public, private, foreign), projects, a request in every status,
the agreements and tranches of the granted ones, their declaration to the SGG when foreign, and
the project expenses the tranches pay for (on the books' timeline)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

import sqlalchemy as sa

from nassij_desktop.core.association.regions import regions
from nassij_desktop.core.books.models import Account
from nassij_desktop.core.books.services import LineSpec
from nassij_desktop.core.books.subsidies import subsidy_account
from nassij_desktop.core.common.money import ZERO, quantize
from nassij_desktop.core.funding.models import RequestStatus
from nassij_desktop.core.funding.services import (
    BudgetLineData,
    DocumentData,
    FunderData,
    FunderRecord,
    ProjectData,
    ProjectRecord,
    RequestData,
    add_tranche,
    change_funding_request_status,
    create_funder,
    create_funding_request,
    create_project,
    receive_tranche,
    record_sgg_declaration,
    set_request_budget,
    set_request_checklist,
)
from nassij_desktop.core.funding.tranche_reports import (
    ReportPart,
    record_report_submitted,
    record_report_validated,
    set_tranche_report_due,
)
from nassij_desktop.demo import content
from nassij_desktop.demo.books import pay
from nassij_desktop.demo.context import DemoContext, whole
from nassij_desktop.demo.funding_pack import write_pack_request

_ROUND_100 = Decimal("100")
_S = RequestStatus
_PATHS = {
    _S.DRAFT: (_S.DRAFT,),
    _S.SUBMITTED: (_S.DRAFT, _S.SUBMITTED),
    _S.UNDER_REVIEW: (_S.DRAFT, _S.SUBMITTED, _S.UNDER_REVIEW),
    _S.GRANTED: (_S.DRAFT, _S.SUBMITTED, _S.UNDER_REVIEW, _S.GRANTED),
    _S.AGREEMENT_SIGNED: (_S.DRAFT, _S.SUBMITTED, _S.UNDER_REVIEW, _S.GRANTED, _S.AGREEMENT_SIGNED),
    _S.IN_PROGRESS: (
        _S.DRAFT,
        _S.SUBMITTED,
        _S.UNDER_REVIEW,
        _S.GRANTED,
        _S.AGREEMENT_SIGNED,
        _S.IN_PROGRESS,
    ),
    _S.CLOSED: (
        _S.DRAFT,
        _S.SUBMITTED,
        _S.UNDER_REVIEW,
        _S.GRANTED,
        _S.AGREEMENT_SIGNED,
        _S.IN_PROGRESS,
        _S.CLOSED,
    ),
    _S.REJECTED: (_S.DRAFT, _S.SUBMITTED, _S.UNDER_REVIEW, _S.REJECTED),
    _S.WITHDRAWN: (_S.DRAFT, _S.SUBMITTED, _S.WITHDRAWN),
}
_GRANTED = frozenset({_S.GRANTED, _S.AGREEMENT_SIGNED, _S.IN_PROGRESS, _S.CLOSED})


@dataclass
class Timeline:
    """The dates of a request; each tranche is (expected on, share, received on or None)."""

    draft: dt.date
    submitted: dt.date | None = None
    review: dt.date | None = None
    decided: dt.date | None = None
    agreement: dt.date | None = None
    started: dt.date | None = None
    closed: dt.date | None = None
    withdrawn: dt.date | None = None
    starts: dt.date | None = None
    ends: dt.date | None = None
    tranches: tuple[tuple[dt.date, Decimal, dt.date | None], ...] = field(default=())

    def on(self, status: RequestStatus) -> dt.date:
        day = {
            _S.DRAFT: self.draft,
            _S.SUBMITTED: self.submitted,
            _S.UNDER_REVIEW: self.review,
            _S.GRANTED: self.decided,
            _S.AGREEMENT_SIGNED: self.agreement,
            _S.IN_PROGRESS: self.started,
            _S.CLOSED: self.closed,
            _S.REJECTED: self.decided,
            _S.WITHDRAWN: self.withdrawn,
        }[status]
        assert day is not None
        return day


@dataclass
class TrackedRequest:
    """A request as the later phases see it: what the services recorded, and the plan."""

    id: int
    status: RequestStatus  # where the request stands today (closed ones close on the timeline)
    title: str
    funder: FunderRecord
    project_id: int | None
    tag_id: int | None
    project_code: str | None
    programme: str | None
    rate: Decimal | None  # MAD per unit of the request's currency
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    agreement_number: str | None = None
    agreement_date: dt.date | None = None
    granted: Decimal | None = None
    # The budget's lines: (account, amount asked of the funder, label), in its currency.
    budget: list[tuple[str, Decimal, str]] = field(default_factory=list)


def _timeline(demo: DemoContext, status: RequestStatus, foreign: bool) -> Timeline:
    """Dates of a request in `status`, counted back from today or placed in the books."""
    today, at, days = demo.today, demo.at, dt.timedelta
    share = Decimal
    if status is _S.CLOSED:
        return Timeline(
            draft=demo.books_start - days(95),
            submitted=demo.books_start - days(70),
            review=demo.books_start - days(45),
            decided=at(0.04),
            agreement=at(0.07),
            started=at(0.08),
            closed=at(0.82),
            starts=at(0.08),
            ends=at(0.72),
            tranches=((at(0.08), share("0.6"), at(0.09)), (at(0.45), share("0.4"), at(0.46))),
        )
    if status is _S.IN_PROGRESS and not foreign:
        return Timeline(
            draft=at(0.14),
            submitted=at(0.18),
            review=at(0.22),
            decided=at(0.3),
            agreement=at(0.34),
            started=at(0.36),
            starts=at(0.36),
            ends=today + days(200),
            tranches=(
                (at(0.38), share("0.4"), at(0.39)),
                (at(0.78), share("0.4"), at(0.8)),
                (today + days(60), share("0.2"), None),
            ),
        )
    if status is _S.IN_PROGRESS:  # the second tranche arrived lately: SGG declaration due
        return Timeline(
            draft=at(0.26),
            submitted=at(0.3),
            review=at(0.36),
            decided=at(0.5),
            agreement=at(0.54),
            started=at(0.56),
            starts=at(0.56),
            ends=today + days(420),
            tranches=(
                (at(0.58), share("0.5"), at(0.6)),
                (today - days(22), share("0.3"), today - days(20)),
                (today + days(150), share("0.2"), None),
            ),
        )
    if status is _S.AGREEMENT_SIGNED:
        return Timeline(
            draft=today - days(165),
            submitted=today - days(140),
            review=today - days(110),
            decided=today - days(60),
            agreement=today - days(25),
            starts=today + days(30),
            ends=today + days(395),
            tranches=(
                (today + days(20), share("0.6"), None),
                (today + days(200), share("0.4"), None),
            ),
        )
    if status is _S.GRANTED:
        return Timeline(
            draft=today - days(175),
            submitted=today - days(150),
            review=today - days(120),
            decided=today - days(40),
            agreement=today - days(40),
            starts=today + days(60),
            ends=today + days(300),
            tranches=(
                (today + days(45), share("0.5"), None),
                (today + days(180), share("0.5"), None),
            ),
        )
    if status is _S.UNDER_REVIEW:
        return Timeline(draft=today - days(95), submitted=today - days(70), review=today - days(50))
    if status is _S.SUBMITTED:
        return Timeline(draft=today - days(40), submitted=today - days(15))
    if status is _S.REJECTED:
        return Timeline(
            draft=today - days(325),
            submitted=today - days(300),
            review=today - days(260),
            decided=today - days(200),
        )
    if status is _S.WITHDRAWN:
        return Timeline(
            draft=today - days(265), submitted=today - days(240), withdrawn=today - days(180)
        )
    return Timeline(draft=today - days(10))


def _funders(demo: DemoContext) -> dict[str, tuple[FunderRecord, content.FunderSpec]]:
    region = next(r for r in regions() if r.code == demo.seat.region_code)
    seat = demo.seat
    funders: dict[str, tuple[FunderRecord, content.FunderSpec]] = {}
    for spec in content.FUNDERS:
        values_ar = {
            "province": seat.province_ar,
            "region": region.name_ar,
            "city": seat.name_ar,
        }
        values_fr = {
            "province": seat.province_fr,
            "region": region.name_fr,
            "city": seat.name_fr,
            "de_province": content.de(seat.province_fr),
            "de_city": content.de(seat.name_fr),
        }
        funder = create_funder(
            demo.session,
            demo.admin_actor,
            FunderData(
                name_ar=spec.name[0].format(**values_ar),
                name_fr=spec.name[1].format(**values_fr),
                acronym=spec.acronym,
                kind=spec.kind,
                country=spec.country,
                foreign=spec.foreign,
            ),
        )
        funders[spec.key] = (funder, spec)
    return funders


def _projects(
    demo: DemoContext, funders: dict[str, tuple[FunderRecord, content.FunderSpec]]
) -> dict[str, tuple[ProjectRecord, content.ProjectSpec]]:
    """The projects, dated by the first request granted for each."""
    dates: dict[str, tuple[dt.date, dt.date]] = {}
    for request in content.REQUESTS:
        if request.project and request.status in _GRANTED and request.project not in dates:
            timeline = _timeline(demo, request.status, funders[request.funder][1].foreign)
            assert timeline.starts and timeline.ends
            dates[request.project] = (timeline.starts, timeline.ends)
    projects: dict[str, tuple[ProjectRecord, content.ProjectSpec]] = {}
    for spec in content.PROJECTS:
        starts, ends = dates.get(spec.key, (None, None))
        project = create_project(
            demo.session,
            demo.admin_actor,
            ProjectData(spec.code, spec.name[0], spec.name[1], starts_on=starts, ends_on=ends),
        )
        projects[spec.key] = (project, spec)
    return projects


def write_funding(demo: DemoContext) -> None:
    """The funders, the projects, a request in every status with its budget, history and
    documents, and the tranches of the granted ones (received, declared, spent)."""
    session = demo.session
    funders = _funders(demo)
    demo.accounts = dict(session.execute(sa.select(Account.number, Account.id)).all())
    projects = _projects(demo, funders)
    for spec in content.REQUESTS:
        funder, funder_spec = funders[spec.funder]
        project, project_spec = projects[spec.project] if spec.project else (None, None)
        dates = _timeline(demo, spec.status, funder_spec.foreign)
        rate = None
        if spec.currency != "MAD":
            rate = Decimal("10.65") + Decimal(demo.rng.randrange(0, 3000)) / 10000
        tracked = TrackedRequest(
            0,
            spec.status,
            demo.t(spec.title),
            funder,
            project.id if project else None,
            project.analytic_tag_id if project else None,
            project_spec.code if project_spec else None,
            project_spec.programme if project_spec else None,
            rate,
        )
        _request(demo, tracked, spec, funder_spec, dates)
        demo.requests.append(tracked)
        if dates.tranches:
            received = _tranches(demo, tracked, dates.tranches)
            _reports(demo, tracked, dates, received)
        if dates.closed:  # once its tranches are in: closed on its day
            demo.event(dates.closed, partial(_close, demo, tracked.id, dates.closed))
    write_pack_request(demo)


def _close(demo: DemoContext, request_id: int, day: dt.date) -> None:
    change_funding_request_status(
        demo.session, demo.admin_actor, request_id, RequestStatus.CLOSED, day
    )


def _request(
    demo: DemoContext,
    tracked: TrackedRequest,
    spec: content.RequestSpec,
    funder_spec: content.FunderSpec,
    dates: Timeline,
) -> None:
    """The request drafted, given its budget and checklist, then taken along its life to its
    status (all but the closing, which waits for the tranches)."""
    session, actor = demo.session, demo.admin_actor
    lines = _budget(demo, spec)
    tracked.budget = [(account, funded, line.label) for account, funded, line in lines]
    total = sum((funded for _account, funded, _line in lines), ZERO)
    reference = None
    if dates.submitted:
        number = len(demo.requests) + 1
        reference = f"{content.ASSOCIATION_ACRONYM}-{dates.submitted.year}-{number:02d}"
    granted = spec.status in _GRANTED
    if granted:
        assert dates.starts and dates.ends
        tracked.starts_on, tracked.ends_on = dates.starts, dates.ends
    record = create_funding_request(
        session,
        actor,
        RequestData(
            funder_id=tracked.funder.id,
            title=tracked.title,
            amount_requested=total,
            currency=spec.currency,
            project_id=tracked.project_id,
            reference=reference,
            deadline=(
                dates.submitted + dt.timedelta(days=3)
                if dates.submitted
                else demo.today + dt.timedelta(days=35)
            ),
            starts_on=tracked.starts_on,
            ends_on=tracked.ends_on,
            report_due_on=dates.ends + dt.timedelta(days=60) if granted and dates.ends else None,
            notes=demo.t(content.REQUEST_NOTES[spec.status])
            if spec.status in content.REQUEST_NOTES
            else None,
        ),
        drafted_on=dates.draft,
    )
    tracked.id = record.id
    set_request_budget(session, actor, record.id, [line for _a, _f, line in lines])
    set_request_checklist(
        session,
        actor,
        record.id,
        [
            DocumentData(
                demo.t(label),
                required=required,
                provided=spec.status is not _S.DRAFT or position <= 4,
            )
            for position, (label, required) in enumerate(content.DOCUMENTS, start=1)
        ],
    )
    agreement = None
    if granted:  # the agreement's number is drawn even if it is not signed yet
        assert dates.agreement
        agreement = funder_spec.agreement.format(
            year=dates.agreement.year, n=demo.rng.randint(1, 400)
        )
    for status in _PATHS[spec.status][1:]:
        if status is _S.CLOSED:
            break
        granting = status is _S.GRANTED
        signing = status is _S.AGREEMENT_SIGNED
        if signing:
            tracked.agreement_number, tracked.agreement_date = agreement, dates.agreement
        record = change_funding_request_status(
            session,
            actor,
            record.id,
            status,
            dates.on(status),
            amount_granted=_granted(spec.status, total) if granting else None,
            agreement_number=agreement if signing else None,
            agreement_date=dates.agreement if signing else None,
        )
    tracked.granted = record.amount_granted


def _granted(status: RequestStatus, asked: Decimal) -> Decimal:
    """All that was asked, but for the grant still to sign: 90 %, in hundreds of dirhams."""
    if status is not _S.GRANTED:
        return asked
    return (asked * Decimal("0.9") / _ROUND_100).to_integral_value() * _ROUND_100


def _budget(
    demo: DemoContext, spec: content.RequestSpec
) -> list[tuple[str, Decimal, BudgetLineData]]:
    """The budget's lines, with the account and the share asked of the funder of each."""
    lines = []
    for label, account, quantity, unit, part in content.BUDGETS[spec.budget]:
        unit_cost = whole(unit)  # in the request's currency
        funded = whole(unit_cost * quantity * part)
        lines.append(
            (
                account,
                funded,
                BudgetLineData(
                    demo.t(label),
                    unit_cost,
                    quantity,
                    funded_by_request=funded,
                    account=account,
                ),
            )
        )
    return lines


def _tranches(
    demo: DemoContext,
    tracked: TrackedRequest,
    plan: tuple[tuple[dt.date, Decimal, dt.date | None], ...],
) -> list[tuple[int, dt.date]]:
    """The tranches planned, then, on the books' timeline, each one received (declared to
    the SGG when the funder is foreign) and spent; returns those received (id, day)."""
    rng, session, actor = demo.rng, demo.session, demo.admin_actor
    granted = tracked.granted or ZERO
    left = granted
    received: list[tuple[int, dt.date]] = []
    for number, (expected_on, share, received_on) in enumerate(plan, start=1):
        amount = left if number == len(plan) else whole(granted * share)
        left -= amount
        tranche = add_tranche(session, actor, tracked.id, amount, expected_on)
        if received_on is None:
            continue
        received.append((tranche.id, received_on))
        rate = tracked.rate
        if rate is not None:
            rate += Decimal(rng.randrange(-400, 400)) / 10000
        declared = None
        # Declared to the SGG when the funder is foreign, except the latest receipt.
        if tracked.funder.foreign and received_on + dt.timedelta(days=25) <= demo.today:
            declared = (
                received_on + dt.timedelta(days=rng.randint(9, 20)),
                f"SGG/{received_on.year}/{rng.randint(1000, 9999)}",
            )
        demo.event(
            received_on,
            partial(
                _receive,
                demo,
                tranche.id,
                subsidy_account(session, tracked.funder.kind),
                received_on,
                amount,
                rate,
                declared,
            ),
        )
        next_received = next((later[2] for later in plan[number:] if later[2] is not None), None)
        until = min(d for d in (next_received, tracked.ends_on, demo.today) if d is not None)
        _plan_spending(demo, tracked, rate, received_on, until, share)
    return received


def _reports(
    demo: DemoContext,
    tracked: TrackedRequest,
    dates: Timeline,
    received: list[tuple[int, dt.date]],
) -> None:
    """The reports of the tranches received, on the timeline: sent twelve days before the next
    tranche is expected (or before the request closes), validated by the funder a week
    later when that day has come; the latest tranche of a running request has its narrative
    report sent, or, when it came lately, a near date set by the funder for it."""
    today, days = demo.today, dt.timedelta
    expected = [on for on, _share, _received in dates.tranches]
    validator = content.REPORT_VALIDATORS.get(
        tracked.funder.acronym or "", content.REPORT_VALIDATORS[""]
    )
    for index, (tranche_id, received_on) in enumerate(received):
        following = expected[index + 1] if index + 1 < len(expected) else dates.closed
        if following is not None and following <= today:  # a report the funder has had
            sent = max(following - days(12), received_on + days(7))
            checked = sent + days(7)
            demo.event(sent, partial(_report_sent, demo, tranche_id, sent, tuple(ReportPart)))
            if checked <= today and not tracked.funder.foreign:  # abroad: still waited for
                demo.event(
                    checked,
                    partial(_report_validated, demo, tranche_id, demo.t(validator), checked),
                )
        elif received_on + days(30) <= today:  # under way: the narrative part is sent
            sent = today - days(6)
            demo.event(sent, partial(_report_sent, demo, tranche_id, sent, (ReportPart.NARRATIVE,)))
        else:  # lately received: the funder asks for a short narrative report soon
            demo.event(
                received_on + days(3),
                partial(_report_due, demo, tranche_id, today + days(12)),
            )


def _report_due(demo: DemoContext, tranche_id: int, day: dt.date) -> None:
    set_tranche_report_due(demo.session, demo.admin_actor, tranche_id, day, None)


def _report_sent(
    demo: DemoContext, tranche_id: int, day: dt.date, parts: tuple[ReportPart, ...]
) -> None:
    record_report_submitted(
        demo.session, demo.admin_actor, tranche_id, day, parts, today=demo.today
    )


def _report_validated(demo: DemoContext, tranche_id: int, by: str, day: dt.date) -> None:
    record_report_validated(
        demo.session,
        demo.admin_actor,
        tranche_id,
        by,
        day,
        demo.t(content.REPORT_VALIDATION_NOTE),
        today=demo.today,
    )


def _aid_line(
    demo: DemoContext,
    tracked: TrackedRequest,
    account: str,
    *,
    debit: Decimal = ZERO,
    credit: Decimal = ZERO,
) -> LineSpec:
    """A line of public or foreign aid: it names the donor, the kind of aid, the project
    and the agreement (Head of Government's circular, 2022)."""
    return LineSpec(
        account=account,
        analytic_tag_id=tracked.tag_id,
        funder_id=tracked.funder.id,
        aid_kind=demo.t(content.AID_KIND),
        agreement_number=tracked.agreement_number,
        agreement_date=tracked.agreement_date,
        debit=debit,
        credit=credit,
    )


def _receive(
    demo: DemoContext,
    tranche_id: int,
    income_account: str,
    received_on: dt.date,
    amount: Decimal,
    rate: Decimal | None,
    declared: tuple[dt.date, str] | None,
) -> None:
    session, actor = demo.session, demo.admin_actor
    amount_mad = quantize(amount * rate) if rate is not None else amount
    demo.ledger.external(
        received_on,
        amount_mad,
        demo.bank,
        income_account,
        lambda: receive_tranche(session, actor, tranche_id, received_on, amount, rate),
    )
    if declared is not None:
        record_sgg_declaration(session, actor, tranche_id, *declared, today=demo.today)


def _plan_spending(
    demo: DemoContext,
    tracked: TrackedRequest,
    rate: Decimal | None,
    start: dt.date,
    until: dt.date,
    share: Decimal,
) -> None:
    rng = demo.rng
    span = (until - start).days
    if span < 10:
        return
    for account, funded, line_label in tracked.budget:
        spend = funded * share * (rate or Decimal(1)) * Decimal(rng.randint(80, 100)) / 100
        parts = rng.randint(1, 3)
        label = demo.t(content.PROJECT_EXPENSE, label=line_label, project=tracked.project_code)
        for part in range(parts):
            amount = whole(spend / parts)
            day = start + dt.timedelta(days=7 + (span - 7) * part // parts + rng.randrange(5))
            if amount > 0:
                prefer = "cash" if amount < 600 else "bank"
                demo.event(
                    min(day, until),
                    partial(
                        pay,
                        demo,
                        min(day, until),
                        account,
                        amount,
                        label[:300],
                        prefer,
                        _aid_line(demo, tracked, account, debit=amount),
                    ),
                )
