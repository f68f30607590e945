"""The demo's funding: funders (public, private, foreign), projects, a request in every status,
the agreements and tranches of the granted ones, their declaration to the SGG when foreign, and
the project expenses the tranches pay for (on the books' timeline)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial

import sqlalchemy as sa

from nassij_desktop.core.association import settings
from nassij_desktop.core.association.regions import regions
from nassij_desktop.core.books.models import Account, AnalyticKind, AnalyticTag
from nassij_desktop.core.books.services import LineSpec
from nassij_desktop.core.common.money import CENT, ZERO, quantize
from nassij_desktop.core.funding.models import (
    BudgetLine,
    ForeignFundingDeclaration,
    Funder,
    FundingRequest,
    Project,
    RequestDocument,
    RequestStatus,
    RequestStatusChange,
    Tranche,
)
from nassij_desktop.demo import content
from nassij_desktop.demo.books import pay
from nassij_desktop.demo.context import DemoContext, whole

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
    row: FundingRequest
    funder: Funder
    tag_id: int | None
    project_code: str | None
    programme: str | None
    rate: Decimal | None  # MAD per unit of the request's currency


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


def _funders(demo: DemoContext) -> dict[str, tuple[Funder, content.FunderSpec]]:
    session = demo.session
    region = next(r for r in regions() if r.code == demo.seat.region_code)
    seat = demo.seat
    funders: dict[str, tuple[Funder, content.FunderSpec]] = {}
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
        funder = Funder(
            name_ar=spec.name[0].format(**values_ar),
            name_fr=spec.name[1].format(**values_fr),
            acronym=spec.acronym,
            kind=spec.kind,
            country=spec.country,
            foreign=spec.foreign,
        )
        session.add(funder)
        funders[spec.key] = (funder, spec)
    return funders


def _projects(demo: DemoContext) -> dict[str, tuple[Project, content.ProjectSpec]]:
    session = demo.session
    projects: dict[str, tuple[Project, content.ProjectSpec]] = {}
    for spec in content.PROJECTS:
        tag = AnalyticTag(
            code=spec.code,
            label_ar=spec.name[0],
            label_fr=spec.name[1],
            kind=AnalyticKind.PROJECT,
        )
        session.add(tag)
        session.flush()
        project = Project(
            code=spec.code,
            name_ar=spec.name[0],
            name_fr=spec.name[1],
            analytic_tag_id=tag.id,
        )
        session.add(project)
        projects[spec.key] = (project, spec)
    session.flush()
    return projects


def write_funding(demo: DemoContext) -> None:
    """The funders, the projects, a request in every status with its budget, history and
    documents, and the tranches of the granted ones (received, declared, spent)."""
    session = demo.session
    funders = _funders(demo)
    demo.accounts = dict(session.execute(sa.select(Account.number, Account.id)).all())
    projects = _projects(demo)
    delay = dt.timedelta(days=int(settings.get_setting(session, "funding.sgg_declaration_days")))
    for spec in content.REQUESTS:
        funder, funder_spec = funders[spec.funder]
        project, project_spec = projects[spec.project] if spec.project else (None, None)
        dates = _timeline(demo, spec.status, funder_spec.foreign)
        rate = None
        if spec.currency != "MAD":
            rate = Decimal("10.65") + Decimal(demo.rng.randrange(0, 3000)) / 10000
        request = _request(demo, spec, funder, project, dates)
        _budget(demo, request, spec)
        if spec.status in _GRANTED:
            _grant(demo, request, spec, funder_spec, project, dates)
        _history_and_documents(demo, request, spec, dates)
        session.add(request)
        session.flush()
        tracked = TrackedRequest(
            request,
            funder,
            project.analytic_tag_id if project else None,
            project_spec.code if project_spec else None,
            project_spec.programme if project_spec else None,
            rate,
        )
        demo.requests.append(tracked)
        if dates.tranches:
            _tranches(demo, tracked, dates.tranches, delay)


def _request(
    demo: DemoContext,
    spec: content.RequestSpec,
    funder: Funder,
    project: Project | None,
    dates: Timeline,
) -> FundingRequest:
    request = FundingRequest(
        funder_id=funder.id,
        project_id=project.id if project else None,
        title=demo.t(spec.title),
        status=spec.status,
        currency=spec.currency,
        amount_requested=ZERO,
        submitted_on=dates.submitted,
        decided_on=dates.decided,
        deadline=(
            dates.submitted + dt.timedelta(days=3)
            if dates.submitted
            else demo.today + dt.timedelta(days=35)
        ),
    )
    if dates.submitted:
        number = len(demo.requests) + 1
        request.reference = f"{content.ASSOCIATION_ACRONYM}-{dates.submitted.year}-{number:02d}"
    if spec.status in content.REQUEST_NOTES:
        request.notes = demo.t(content.REQUEST_NOTES[spec.status])
    return request


def _budget(demo: DemoContext, request: FundingRequest, spec: content.RequestSpec) -> None:
    total = ZERO
    for position, (label, account, quantity, unit, part) in enumerate(
        content.BUDGETS[spec.budget], start=1
    ):
        unit_cost = whole(unit)  # in the request's currency
        amount = unit_cost * quantity
        funded = whole(amount * part)
        total += funded
        request.budget_lines.append(
            BudgetLine(
                position=position,
                label=demo.t(label),
                quantity=quantity,
                unit_cost=unit_cost,
                amount=amount,
                funded_by_request=funded,
                account_id=demo.accounts[account],
            )
        )
    request.amount_requested = total


def _grant(
    demo: DemoContext,
    request: FundingRequest,
    spec: content.RequestSpec,
    funder_spec: content.FunderSpec,
    project: Project | None,
    dates: Timeline,
) -> None:
    assert dates.agreement and dates.starts and dates.ends
    total = request.amount_requested
    request.amount_granted = (
        total
        if spec.status is not _S.GRANTED
        else ((total * Decimal("0.9") / _ROUND_100).to_integral_value() * _ROUND_100).quantize(CENT)
    )
    request.agreement_date = dates.agreement
    request.agreement_number = funder_spec.agreement.format(
        year=dates.agreement.year, n=demo.rng.randint(1, 400)
    )
    request.starts_on, request.ends_on = dates.starts, dates.ends
    request.report_due_on = dates.ends + dt.timedelta(days=60)
    if project is not None and project.starts_on is None:
        project.starts_on, project.ends_on = dates.starts, dates.ends


def _history_and_documents(
    demo: DemoContext, request: FundingRequest, spec: content.RequestSpec, dates: Timeline
) -> None:
    previous = None
    for status in _PATHS[spec.status]:
        request.history.append(
            RequestStatusChange(
                from_status=previous,
                to_status=status,
                changed_on=dates.on(status),
                recorded_by_id=demo.admin.id,
            )
        )
        previous = status
    for position, (label, required) in enumerate(content.DOCUMENTS, start=1):
        request.documents.append(
            RequestDocument(
                position=position,
                label=demo.t(label),
                required=required,
                provided=spec.status is not _S.DRAFT or position <= 4,
            )
        )


def _tranches(
    demo: DemoContext,
    tracked: TrackedRequest,
    plan: tuple[tuple[dt.date, Decimal, dt.date | None], ...],
    delay: dt.timedelta,
) -> None:
    rng, request = demo.rng, tracked.row
    granted = request.amount_granted or ZERO
    left = granted
    for number, (expected_on, share, received_on) in enumerate(plan, start=1):
        amount = left if number == len(plan) else whole(granted * share)
        left -= amount
        tranche = Tranche(
            number=number,
            expected_on=expected_on,
            expected_amount=amount,
            currency=request.currency,
        )
        request.tranches.append(tranche)
        if received_on is None:
            continue
        rate = tracked.rate
        if rate is not None:
            rate += Decimal(rng.randrange(-400, 400)) / 10000
        tranche.received_on = received_on
        tranche.amount_received = amount
        tranche.exchange_rate = rate
        tranche.amount_mad = quantize(amount * rate) if rate else amount
        demo.session.flush()
        if tracked.funder.foreign:  # declared to the SGG, except the latest receipt
            filed = received_on + dt.timedelta(days=25) <= demo.today
            demo.session.add(
                ForeignFundingDeclaration(
                    tranche_id=tranche.id,
                    due_on=received_on + delay,
                    declared_on=(
                        received_on + dt.timedelta(days=rng.randint(9, 20)) if filed else None
                    ),
                    reference=(
                        f"SGG/{received_on.year}/{rng.randint(1000, 9999)}" if filed else None
                    ),
                    purpose=demo.t(content.SGG_PURPOSE, project=request.title),
                )
            )
        demo.event(received_on, partial(_receive, demo, tranche, tracked))
        next_received = next((later[2] for later in plan[number:] if later[2] is not None), None)
        until = min(d for d in (next_received, request.ends_on, demo.today) if d is not None)
        _plan_spending(demo, tracked, tranche, received_on, until, share)


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
    request = tracked.row
    return LineSpec(
        account=account,
        analytic_tag_id=tracked.tag_id,
        funder_id=tracked.funder.id,
        aid_kind=demo.t(content.AID_KIND),
        agreement_number=request.agreement_number,
        agreement_date=request.agreement_date,
        debit=debit,
        credit=credit,
    )


def _receive(demo: DemoContext, tranche: Tranche, tracked: TrackedRequest) -> None:
    amount = tranche.amount_mad or ZERO
    label = demo.t(
        content.TRANCHE_LABEL,
        n=tranche.number,
        funder=tracked.funder.acronym or tracked.funder.name_fr,
    )
    assert tranche.received_on is not None
    entry = demo.ledger.post(
        tranche.received_on,
        "BQ",
        label,
        [
            replace(_aid_line(demo, tracked, demo.bank, debit=amount), label=label),
            replace(_aid_line(demo, tracked, "7161", credit=amount), label=label),
        ],
        reference=tracked.row.agreement_number,
    )
    tranche.journal_entry_id = entry.id


def _plan_spending(
    demo: DemoContext,
    tracked: TrackedRequest,
    tranche: Tranche,
    start: dt.date,
    until: dt.date,
    share: Decimal,
) -> None:
    rng = demo.rng
    span = (until - start).days
    if span < 10:
        return
    rate = tranche.exchange_rate or Decimal(1)
    numbers = {i: n for n, i in demo.accounts.items()}
    for line in tracked.row.budget_lines:
        account = numbers[line.account_id or 0]
        spend = line.funded_by_request * share * rate * Decimal(rng.randint(80, 100)) / 100
        parts = rng.randint(1, 3)
        label = demo.t(content.PROJECT_EXPENSE, label=line.label, project=tracked.project_code)
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
