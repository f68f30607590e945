"""Funders, funding requests and their tranches.

The member services' pattern: permission, then validation (a `ValidationError` names the
field), writes in the caller's transaction, an audit record, a frozen record returned.

A request's life (demandes de subvention / طلبات الدعم): a draft is submitted, may be put
under review, and is granted or rejected; a grant becomes an agreement (the partnership
convention the 2003 circular asks above 50 000 DH, whose number and date every entry of public
aid names), which runs, then is closed. The association may withdraw a request until its
agreement is signed. Rejected, withdrawn and closed requests are final. Every change is kept in
the request's history.

A tranche is expected, then received: receiving it posts the money to the bank through books'
`post_money_received` (debit the bank, credit the operating grants' sub-account of the
funder's kind, 71611–71615), each line naming the funder, the project, the kind of aid and the
agreement; a foreign funder's tranche gets its declaration to the SGG, due
`funding.sgg_declaration_days` after receipt. Receiving money is the treasurer's act: it needs
`BOOKS_WRITE` as well as `FUNDING_WRITE`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from nassij_desktop.core.association import settings
from nassij_desktop.core.books.models import Account, AnalyticKind, TreasuryKind
from nassij_desktop.core.books.receipts import (
    AidTags,
    EntryParties,
    check_receipt_amount,
    post_money_received,
)
from nassij_desktop.core.books.services import create_analytic_tag
from nassij_desktop.core.books.subsidies import subsidy_account
from nassij_desktop.core.common import audit, clock, conflicts
from nassij_desktop.core.common.conflicts import locked
from nassij_desktop.core.common.errors import Conflict, NassijError, ValidationError
from nassij_desktop.core.common.money import ZERO, quantize
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import check_version, get_or_fail, row_error
from nassij_desktop.core.common.validators import (
    TextKind,
    clean_text,
    column_length,
    normalise_phone,
    validate_email,
)
from nassij_desktop.core.funding.models import (
    REQUEST_STATUS_LABELS,
    BudgetLine,
    ForeignFundingDeclaration,
    Funder,
    FunderKind,
    FundingRequest,
    Project,
    RequestDocument,
    RequestStatus,
    RequestStatusChange,
    Tranche,
)
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import format_amount

_S = RequestStatus
# Where a request may go from each status. Rejected, withdrawn and closed are final.
TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    _S.DRAFT: frozenset({_S.SUBMITTED, _S.WITHDRAWN}),
    _S.SUBMITTED: frozenset({_S.UNDER_REVIEW, _S.GRANTED, _S.REJECTED, _S.WITHDRAWN}),
    _S.UNDER_REVIEW: frozenset({_S.GRANTED, _S.REJECTED, _S.WITHDRAWN}),
    _S.GRANTED: frozenset({_S.AGREEMENT_SIGNED, _S.IN_PROGRESS, _S.WITHDRAWN}),
    _S.AGREEMENT_SIGNED: frozenset({_S.IN_PROGRESS}),
    _S.IN_PROGRESS: frozenset({_S.CLOSED}),
    _S.REJECTED: frozenset(),
    _S.WITHDRAWN: frozenset(),
    _S.CLOSED: frozenset(),
}
# A granted request has tranches; money is received until the request is closed.
TRANCHE_STATUSES = frozenset({_S.GRANTED, _S.AGREEMENT_SIGNED, _S.IN_PROGRESS})
# What is asked of the funder is fixed once the request has left the association.
SUBMITTED_FIELDS = frozenset({"funder_id", "amount_requested", "currency"})

FOREIGN_FUNDER_KINDS = frozenset(
    {FunderKind.FOREIGN_GOVERNMENT, FunderKind.INTERNATIONAL_ORGANISATION, FunderKind.FOREIGN_NGO}
)
MAX_EXCHANGE_RATE = Decimal(10_000)


def _text(value: Any, column: Any, field: str, kind: TextKind = TextKind.NAME) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(field, _("Unknown field: {field}").format(field=field))
    return clean_text(value, field=field, kind=kind, max_length=column_length(column))


def _currency(value: str | None, field: str = "currency") -> str:
    code = (value or "MAD").strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise ValidationError(
            field, _("Give the currency as a three-letter code (MAD, EUR, USD…).")
        )
    return code


def _country(value: str | None) -> str:
    code = (value or "MA").strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise ValidationError("country", _("Give the country as a two-letter code (MA, FR, DE…)."))
    return code


# --- funders -------------------------------------------------------------------------------


@dataclass
class FunderData:
    """The editable fields of a funder."""

    name_fr: str | None = None
    name_ar: str | None = None
    acronym: str | None = None
    kind: FunderKind = FunderKind.MOROCCAN_PRIVATE
    country: str = "MA"
    foreign: bool | None = None  # None: foreign when the kind or the country says so
    contact_name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    notes: str | None = None


FUNDER_FIELDS = frozenset(f.name for f in fields(FunderData))
_FUNDER_TEXT = {
    "name_fr": TextKind.NAME,
    "name_ar": TextKind.NAME,
    "acronym": TextKind.NAME,
    "contact_name": TextKind.NAME,
    "address": TextKind.LINE,
    "notes": TextKind.TEXT,
}


@dataclass(frozen=True)
class FunderRecord:
    id: int
    version: int
    name_ar: str | None
    name_fr: str
    acronym: str | None
    kind: FunderKind
    country: str
    foreign: bool
    contact_name: str | None
    phone: str | None
    email: str | None
    address: str | None
    notes: str | None

    def name(self, lang: str) -> str:
        return (self.name_ar or self.name_fr) if lang == "ar" else self.name_fr


def funder_record(funder: Funder) -> FunderRecord:
    return FunderRecord(
        id=funder.id,
        version=funder.version,
        name_ar=funder.name_ar,
        name_fr=funder.name_fr,
        acronym=funder.acronym,
        kind=funder.kind,
        country=funder.country,
        foreign=funder.foreign,
        contact_name=funder.contact_name,
        phone=funder.phone,
        email=funder.email,
        address=funder.address,
        notes=funder.notes,
    )


def _clean_funder(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in FUNDER_FIELDS:
            raise ValidationError(key, _("Unknown field: {field}").format(field=key))
        if key in _FUNDER_TEXT:
            value = _text(value, getattr(Funder, key), key, _FUNDER_TEXT[key])
        out[key] = value
    if "kind" in out:
        try:
            out["kind"] = FunderKind(out["kind"])
        except ValueError:
            raise ValidationError("kind", _("Choose the kind of funder.")) from None
    if "country" in out:
        out["country"] = _country(out["country"])
    if out.get("phone"):
        out["phone"] = normalise_phone(str(out["phone"]), field="phone")
    elif "phone" in out:
        out["phone"] = None
    if out.get("email"):
        out["email"] = validate_email(str(out["email"]), field="email")
    elif "email" in out:
        out["email"] = None
    return out


def _settle_funder(funder: Funder, foreign: bool | None) -> None:
    if not funder.name_fr:
        raise ValidationError("name_fr", _("Give the funder's name in Latin letters."))
    if foreign is None:
        foreign = funder.kind in FOREIGN_FUNDER_KINDS or funder.country != "MA"
    funder.foreign = bool(foreign)


def create_funder(session: Session, actor: Actor, data: FunderData) -> FunderRecord:
    actor.require(Permission.FUNDING_WRITE)
    values = _clean_funder({f.name: getattr(data, f.name) for f in fields(FunderData)})
    foreign = values.pop("foreign")
    funder = Funder(**values)
    _settle_funder(funder, foreign)
    session.add(funder)
    audit.log_write(session, actor, "create", funder, snapshot=audit.snapshot)
    return funder_record(funder)


def update_funder(
    session: Session,
    actor: Actor,
    funder_id: int,
    expected_version: int | None,
    *,
    overwrite: bool = False,
    **changes: Any,
) -> FunderRecord:
    """Change some fields; a change of kind or country recomputes `foreign` unless given.
    Refused over a newer save (`ConflictError`) unless `overwrite` (core/common/conflicts.py)."""
    actor.require(Permission.FUNDING_WRITE)
    funder = locked(session, Funder, funder_id, _("funder"))
    overwriting = conflicts.check_version(funder, expected_version, overwrite=overwrite)
    values = _clean_funder(changes)
    foreign = values.pop("foreign", None)
    if foreign is None and not ({"kind", "country"} & values.keys()):
        foreign = funder.foreign
    before = audit.snapshot(funder)
    for key, value in values.items():
        setattr(funder, key, value)
    _settle_funder(funder, foreign)
    session.flush()
    action = conflicts.OVERWRITE_ACTION if overwriting else "update"
    audit.record(
        session, actor, action, "funder", funder.id, before=before, after=audit.snapshot(funder)
    )
    return funder_record(funder)


def get_funder(session: Session, actor: Actor, funder_id: int) -> FunderRecord:
    actor.require(Permission.FUNDING_READ)
    return funder_record(get_or_fail(session, Funder, funder_id, _("funder")))


def list_funders(
    session: Session, actor: Actor, *, kind: FunderKind | None = None
) -> list[FunderRecord]:
    """Funders by name, of one kind or all."""
    actor.require(Permission.FUNDING_READ)
    query = sa.select(Funder).order_by(Funder.name_fr, Funder.id)
    if kind is not None:
        query = query.where(Funder.kind == FunderKind(kind))
    return [funder_record(f) for f in session.scalars(query)]


# --- projects (read: the request form's picker) ----------------------------------------------


@dataclass(frozen=True)
class ProjectRecord:
    id: int
    code: str
    name_ar: str
    name_fr: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    analytic_tag_id: int | None

    def name(self, lang: str) -> str:
        return self.name_ar if lang == "ar" else self.name_fr


def _project_record(p: Project) -> ProjectRecord:
    return ProjectRecord(
        p.id, p.code, p.name_ar, p.name_fr, p.starts_on, p.ends_on, p.analytic_tag_id
    )


def list_projects(session: Session, actor: Actor) -> list[ProjectRecord]:
    actor.require(Permission.FUNDING_READ)
    return [_project_record(p) for p in session.scalars(sa.select(Project).order_by(Project.code))]


@dataclass
class ProjectData:
    """A project: its code (also the code of the analytic tag its entries carry), its names."""

    code: str
    name_ar: str
    name_fr: str
    description: str | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


def create_project(session: Session, actor: Actor, data: ProjectData) -> ProjectRecord:
    """A project, with the analytic tag (of the same code and names) that tags its entries in
    the books, so that its budget can be followed against what was spent."""
    actor.require(Permission.FUNDING_WRITE)
    code = _text(data.code, Project.code, "code") or ""
    if not code:
        raise ValidationError("code", _("Give the code."))
    names = {key: _text(getattr(data, key), getattr(Project, key), key) for key in _NAMES}
    if not all(names.values()):
        field = next(key for key, name in names.items() if not name)
        raise ValidationError(field, _("Give the name in Arabic and in French."))
    description = _text(data.description, Project.description, "description", TextKind.TEXT)
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise ValidationError("ends_on", _("The end date is before the start date."))
    if session.scalar(sa.select(Project.id).where(Project.code == code)):
        raise Conflict(_("The code {code} is already used.").format(code=code))
    tag = create_analytic_tag(
        session,
        actor,
        code,
        names["name_ar"] or "",
        names["name_fr"] or "",
        AnalyticKind.PROJECT,
        permission=Permission.FUNDING_WRITE,
    )
    project = Project(
        code=code,
        name_ar=names["name_ar"],
        name_fr=names["name_fr"],
        description=description,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        analytic_tag_id=tag.id,
    )
    session.add(project)
    audit.log_write(session, actor, "create", project, snapshot=audit.snapshot)
    return _project_record(project)


_NAMES = ("name_ar", "name_fr")


# --- funding requests ------------------------------------------------------------------------


@dataclass
class RequestData:
    """What the association asks a funder for."""

    funder_id: int
    title: str
    amount_requested: Decimal
    currency: str = "MAD"
    project_id: int | None = None
    reference: str | None = None
    deadline: dt.date | None = None  # of the call for proposals
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    report_due_on: dt.date | None = None
    notes: str | None = None


REQUEST_FIELDS = frozenset(f.name for f in fields(RequestData))


@dataclass(frozen=True)
class RequestStatusRecord:
    from_status: RequestStatus | None
    to_status: RequestStatus
    changed_on: dt.date
    note: str | None


@dataclass(frozen=True)
class FundingRequestRecord:
    id: int
    version: int
    funder_id: int
    funder_name_fr: str
    funder_name_ar: str | None
    project_id: int | None
    reference: str | None
    title: str
    status: RequestStatus
    currency: str
    amount_requested: Decimal
    amount_granted: Decimal | None
    deadline: dt.date | None
    submitted_on: dt.date | None
    decided_on: dt.date | None
    agreement_number: str | None
    agreement_date: dt.date | None
    report_due_on: dt.date | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    notes: str | None
    received_mad: Decimal  # the tranches received so far, in dirhams
    history: tuple[RequestStatusRecord, ...]

    @property
    def next_statuses(self) -> frozenset[RequestStatus]:
        return TRANSITIONS[self.status]


def funding_request_record(request: FundingRequest) -> FundingRequestRecord:
    return FundingRequestRecord(
        id=request.id,
        version=request.version,
        funder_id=request.funder_id,
        funder_name_fr=request.funder.name_fr,
        funder_name_ar=request.funder.name_ar,
        project_id=request.project_id,
        reference=request.reference,
        title=request.title,
        status=request.status,
        currency=request.currency,
        amount_requested=request.amount_requested,
        amount_granted=request.amount_granted,
        deadline=request.deadline,
        submitted_on=request.submitted_on,
        decided_on=request.decided_on,
        agreement_number=request.agreement_number,
        agreement_date=request.agreement_date,
        report_due_on=request.report_due_on,
        starts_on=request.starts_on,
        ends_on=request.ends_on,
        notes=request.notes,
        received_mad=sum(
            (t.amount_mad for t in request.tranches if t.amount_mad is not None), ZERO
        ),
        history=tuple(
            RequestStatusRecord(h.from_status, h.to_status, h.changed_on, h.note)
            for h in sorted(request.history, key=lambda h: (h.changed_on, h.id or 0))
        ),
    )


def _clean_request(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in REQUEST_FIELDS:
            raise ValidationError(key, _("Unknown field: {field}").format(field=key))
        out[key] = value
    if "title" in out:
        out["title"] = _text(out["title"], FundingRequest.title, "title", TextKind.LINE)
        if not out["title"]:
            raise ValidationError("title", _("Give the request's title."))
    if "reference" in out:
        out["reference"] = _text(out["reference"], FundingRequest.reference, "reference")
    if "notes" in out:
        out["notes"] = _text(out["notes"], FundingRequest.notes, "notes", TextKind.TEXT)
    if "funder_id" in out and (
        out["funder_id"] is None or session.get(Funder, out["funder_id"]) is None
    ):
        raise ValidationError("funder_id", _("Choose the funder."))
    if out.get("project_id") is not None and session.get(Project, out["project_id"]) is None:
        raise ValidationError("project_id", _("Unknown project."))
    if "currency" in out:
        out["currency"] = _currency(out["currency"])
    if "amount_requested" in out:
        out["amount_requested"] = check_receipt_amount(
            out["amount_requested"], field="amount_requested"
        )
    return out


def _check_request_dates(request: FundingRequest) -> None:
    if request.starts_on and request.ends_on and request.ends_on < request.starts_on:
        raise ValidationError("ends_on", _("The end date is before the start date."))
    if request.report_due_on and request.starts_on and request.report_due_on < request.starts_on:
        raise ValidationError(
            "report_due_on", _("The report cannot be due before the project starts.")
        )


def create_funding_request(
    session: Session, actor: Actor, data: RequestData, *, drafted_on: dt.date | None = None
) -> FundingRequestRecord:
    """A new request, as a draft since `drafted_on` (default: today; earlier for a request
    recorded after the fact)."""
    actor.require(Permission.FUNDING_WRITE)
    values = _clean_request(session, {f.name: getattr(data, f.name) for f in fields(RequestData)})
    drafted_on = drafted_on or clock.today()
    if drafted_on > clock.today():
        raise ValidationError("drafted_on", _("The date cannot be in the future."))
    request = FundingRequest(**values, status=RequestStatus.DRAFT)
    _check_request_dates(request)
    request.history.append(
        RequestStatusChange(
            from_status=None,
            to_status=RequestStatus.DRAFT,
            changed_on=drafted_on,
            recorded_by_id=actor.user_id,
        )
    )
    session.add(request)
    session.flush()
    audit.record(
        session, actor, "create", "funding_request", request.id, after=audit.snapshot(request)
    )
    return funding_request_record(request)


def update_funding_request(
    session: Session,
    actor: Actor,
    request_id: int,
    expected_version: int | None,
    *,
    overwrite: bool = False,
    **changes: Any,
) -> FundingRequestRecord:
    """Change some fields. Once submitted, the funder, the amount asked and the currency stay
    as they were sent; a final request (rejected, withdrawn, closed) only takes notes.
    Refused over a newer save (`ConflictError`) unless `overwrite` (core/common/conflicts.py)."""
    actor.require(Permission.FUNDING_WRITE)
    request = locked(session, FundingRequest, request_id, _("funding request"))
    overwriting = conflicts.check_version(request, expected_version, overwrite=overwrite)
    values = _clean_request(session, changes)
    changed = {k for k, v in values.items() if getattr(request, k) != v}
    if request.status is not RequestStatus.DRAFT and changed & SUBMITTED_FIELDS:
        field = sorted(changed & SUBMITTED_FIELDS)[0]
        raise ValidationError(
            field,
            _(
                "The request has been submitted: its funder, amount and currency stay as "
                "they were sent."
            ),
        )
    if not TRANSITIONS[request.status] and changed - {"notes"}:
        raise Conflict(_("A rejected, withdrawn or closed request can only take notes."))
    before = audit.snapshot(request)
    for key, value in values.items():
        setattr(request, key, value)
    _check_request_dates(request)
    audit.log_write(
        session,
        actor,
        conflicts.OVERWRITE_ACTION if overwriting else "update",
        request,
        before=before,
        snapshot=audit.snapshot,
    )
    return funding_request_record(request)


@dataclass(frozen=True)
class BudgetLineData:
    """A line of a request's budget: what it buys, at what cost, and how much of it the funder
    is asked for (by default all of it); `account`: the chart's account it will be spent on."""

    label: str
    unit_cost: Decimal
    quantity: int = 1
    funded_by_request: Decimal | None = None
    account: str | None = None


def _share(value: Decimal, field: str) -> Decimal:
    """An amount that may be zero (a line the funder is not asked for)."""
    return ZERO if Decimal(value) == 0 else check_receipt_amount(value, field=field)


def set_request_budget(
    session: Session,
    actor: Actor,
    request_id: int,
    lines: Sequence[BudgetLineData],
    *,
    expected_version: int | None = None,
    overwrite: bool = False,
) -> FundingRequestRecord:
    """Give a draft request its budget (the lines replace any before): each line's amount is
    its unit cost times its quantity, and the amount requested becomes the sum of what the
    funder is asked for. A refused line names its row (1 for the first). Refused over a newer
    save of the request (`ConflictError`) unless `overwrite` (core/common/conflicts.py)."""
    actor.require(Permission.FUNDING_WRITE)
    request = locked(session, FundingRequest, request_id, _("funding request"))
    overwriting = conflicts.check_version(request, expected_version, overwrite=overwrite)
    if request.status is not RequestStatus.DRAFT:
        raise Conflict(
            _(
                "The request has been submitted: its funder, amount and currency stay as "
                "they were sent."
            )
        )
    numbers = {line.account for line in lines if line.account}
    accounts = dict(
        session.execute(
            sa.select(Account.number, Account.id).where(Account.number.in_(numbers))
        ).all()
    )
    checked = []
    for row, line in enumerate(lines, start=1):
        try:
            label = _text(line.label, BudgetLine.label, "label", TextKind.LINE)
            if not label:
                raise ValidationError("label", _("Give the label of the budget line."))
            if (
                isinstance(line.quantity, bool)
                or not isinstance(line.quantity, int)
                or (line.quantity < 1)
            ):
                raise ValidationError("quantity", _("The quantity is a whole number from 1."))
            unit_cost = check_receipt_amount(line.unit_cost, field="unit_cost")
            amount = check_receipt_amount(unit_cost * line.quantity, field="unit_cost")
            funded = (
                amount
                if line.funded_by_request is None
                else _share(line.funded_by_request, "funded_by_request")
            )
            if funded > amount:
                raise ValidationError(
                    "funded_by_request",
                    _("The funder cannot be asked for more than the line costs."),
                )
            if line.account and line.account not in accounts:
                raise ValidationError(
                    "account",
                    _("The account {account} is not in the chart.").format(account=line.account),
                )
        except NassijError as error:
            raise row_error(error, row) from None
        checked.append((label, line.quantity, unit_cost, amount, funded, line.account))
    total = check_receipt_amount(
        sum((funded for *_rest, funded, _account in checked), ZERO), field="amount_requested"
    )
    before = _budget_audit(request)
    request.budget_lines.clear()
    session.flush()
    for position, (label, quantity, unit_cost, amount, funded, account) in enumerate(
        checked, start=1
    ):
        request.budget_lines.append(
            BudgetLine(
                position=position,
                label=label,
                quantity=quantity,
                unit_cost=unit_cost,
                amount=amount,
                funded_by_request=funded,
                account_id=accounts[account] if account else None,
            )
        )
    request.amount_requested = total
    # The budget is in rows of its own: the request's version counts every change of them
    # (one version for the whole budget, as an editor opens and saves it whole).
    flag_modified(request, "amount_requested")
    audit.log_write(
        session,
        actor,
        conflicts.OVERWRITE_ACTION if overwriting else "budget",
        request,
        before=before,
        snapshot=_budget_audit,
    )
    return funding_request_record(request)


def _budget_audit(request: FundingRequest) -> dict[str, Any]:
    return {
        "amount_requested": str(request.amount_requested),
        "budget": [
            [b.label, b.quantity, str(b.unit_cost), str(b.funded_by_request), b.account_id]
            for b in request.budget_lines
        ],
    }


@dataclass(frozen=True)
class DocumentData:
    """A document of a request's file: required by the funder or not, provided yet or not;
    `id`: the document as saved (`RequestDocumentRecord.id`) this line edits, None for a new
    one."""

    label: str
    required: bool = True
    provided: bool = False
    id: int | None = None


def set_request_checklist(
    session: Session,
    actor: Actor,
    request_id: int,
    documents: Sequence[DocumentData],
    *,
    expected_version: int | None = None,
    overwrite: bool = False,
) -> FundingRequestRecord:
    """The checklist of a request's file (statutes, receipt, budget, minutes…), in its order;
    it replaces the one before. A document keeps its attached file: the document of the same
    `id` (renamed or moved), else, for a line without an id, the one of the same label.
    Refused over a newer save of the request (`ConflictError`) unless `overwrite`."""
    actor.require(Permission.FUNDING_WRITE)
    request = locked(session, FundingRequest, request_id, _("funding request"))
    overwriting = conflicts.check_version(request, expected_version, overwrite=overwrite)
    labels = []
    for row, document in enumerate(documents, start=1):
        try:
            label = _text(document.label, RequestDocument.label, "label", TextKind.LINE)
            if not label:
                raise ValidationError("label", _("Give the name of the document."))
        except NassijError as error:
            raise row_error(error, row) from None
        labels.append(label)
    by_id = {d.id: d.attachment_id for d in request.documents}
    by_label = {d.label: d.attachment_id for d in request.documents}
    before = _checklist_audit(request)
    request.documents.clear()
    session.flush()
    for position, (label, document) in enumerate(zip(labels, documents, strict=True), start=1):
        request.documents.append(
            RequestDocument(
                position=position,
                label=label,
                required=bool(document.required),
                provided=bool(document.provided),
                attachment_id=(
                    by_id.get(document.id) if document.id is not None else by_label.get(label)
                ),
            )
        )
    # The checklist is in rows of its own: the request's version counts its change too.
    flag_modified(request, "amount_requested")
    audit.log_write(
        session,
        actor,
        conflicts.OVERWRITE_ACTION if overwriting else "checklist",
        request,
        before=before,
        snapshot=_checklist_audit,
    )
    return funding_request_record(request)


def _checklist_audit(request: FundingRequest) -> dict[str, Any]:
    return {"documents": [[d.label, d.required, d.provided] for d in request.documents]}


def change_funding_request_status(
    session: Session,
    actor: Actor,
    request_id: int,
    new_status: RequestStatus,
    changed_on: dt.date,
    note: str | None = None,
    *,
    amount_granted: Decimal | None = None,
    agreement_number: str | None = None,
    agreement_date: dt.date | None = None,
    expected_version: int | None = None,
) -> FundingRequestRecord:
    """Move a request along its life (see TRANSITIONS). A grant gives `amount_granted`; a
    signed agreement its number and date (default: `changed_on`)."""
    actor.require(Permission.FUNDING_WRITE)
    request = get_or_fail(session, FundingRequest, request_id, _("funding request"))
    check_version(request, expected_version)
    try:
        new_status = RequestStatus(new_status)
    except ValueError:
        raise ValidationError("status", _("Unknown status.")) from None
    if new_status not in TRANSITIONS[request.status]:
        raise Conflict(
            _("A request that is {current} cannot become {new}.").format(
                current=_(REQUEST_STATUS_LABELS[request.status]),
                new=_(REQUEST_STATUS_LABELS[new_status]),
            )
        )
    last = max((h.changed_on for h in request.history), default=None)
    if last is not None and changed_on < last:
        raise ValidationError(
            "changed_on",
            _("The date is before the request's last change ({date}).").format(
                date=last.isoformat()
            ),
        )
    if changed_on > clock.today():
        raise ValidationError("changed_on", _("The date cannot be in the future."))
    note = _text(note, RequestStatusChange.note, "note", TextKind.TEXT)
    before = audit.snapshot(request)
    if new_status is RequestStatus.SUBMITTED:
        request.submitted_on = changed_on
    elif new_status is RequestStatus.GRANTED:
        if amount_granted is None:
            raise ValidationError("amount_granted", _("Give the amount granted."))
        request.amount_granted = check_receipt_amount(amount_granted, field="amount_granted")
        request.decided_on = changed_on
    elif new_status is RequestStatus.REJECTED:
        request.decided_on = changed_on
    elif new_status is RequestStatus.AGREEMENT_SIGNED:
        number = _text(agreement_number, FundingRequest.agreement_number, "agreement_number")
        if not number:
            raise ValidationError("agreement_number", _("Give the agreement's number."))
        signed = agreement_date or changed_on
        if request.decided_on and signed < request.decided_on:
            raise ValidationError(
                "agreement_date", _("The agreement cannot be signed before the grant.")
            )
        if signed > clock.today():
            raise ValidationError("agreement_date", _("The date cannot be in the future."))
        request.agreement_number, request.agreement_date = number, signed
    request.history.append(
        RequestStatusChange(
            from_status=request.status,
            to_status=new_status,
            changed_on=changed_on,
            note=note,
            recorded_by_id=actor.user_id,
        )
    )
    request.status = new_status
    audit.log_write(
        session,
        actor,
        "status",
        request,
        before=before,
        snapshot=audit.snapshot,
    )
    return funding_request_record(request)


def get_funding_request(session: Session, actor: Actor, request_id: int) -> FundingRequestRecord:
    actor.require(Permission.FUNDING_READ)
    return funding_request_record(
        get_or_fail(session, FundingRequest, request_id, _("funding request"))
    )


def list_funding_requests(
    session: Session,
    actor: Actor,
    *,
    status: RequestStatus | None = None,
    funder_id: int | None = None,
) -> list[FundingRequestRecord]:
    """Requests, the latest first (by submission, then creation), filtered if asked."""
    actor.require(Permission.FUNDING_READ)
    query = sa.select(FundingRequest).order_by(
        FundingRequest.submitted_on.desc().nulls_first(), FundingRequest.id.desc()
    )
    if status is not None:
        query = query.where(FundingRequest.status == RequestStatus(status))
    if funder_id is not None:
        query = query.where(FundingRequest.funder_id == funder_id)
    return [funding_request_record(r) for r in session.scalars(query).unique()]


# --- tranches -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrancheRecord:
    id: int
    version: int
    request_id: int
    number: int
    expected_on: dt.date | None
    expected_amount: Decimal
    currency: str
    received_on: dt.date | None
    amount_received: Decimal | None
    exchange_rate: Decimal | None
    amount_mad: Decimal | None
    journal_entry_id: int | None
    declaration_due_on: dt.date | None  # foreign funding: when the SGG must know

    @property
    def received(self) -> bool:
        return self.received_on is not None


def tranche_record(session: Session, tranche: Tranche) -> TrancheRecord:
    due = session.scalar(
        sa.select(ForeignFundingDeclaration.due_on).where(
            ForeignFundingDeclaration.tranche_id == tranche.id
        )
    )
    return TrancheRecord(
        id=tranche.id,
        version=tranche.version,
        request_id=tranche.request_id,
        number=tranche.number,
        expected_on=tranche.expected_on,
        expected_amount=tranche.expected_amount,
        currency=tranche.currency,
        received_on=tranche.received_on,
        amount_received=tranche.amount_received,
        exchange_rate=tranche.exchange_rate,
        amount_mad=tranche.amount_mad,
        journal_entry_id=tranche.journal_entry_id,
        declaration_due_on=due,
    )


def _check_planned_total(request: FundingRequest, tranche: Tranche | None, amount: Decimal) -> None:
    granted = request.amount_granted or ZERO
    others = sum((t.expected_amount for t in request.tranches if t is not tranche), ZERO)
    if others + amount > granted:
        raise ValidationError(
            "expected_amount",
            _("The tranches would add up to more than the amount granted ({granted}).").format(
                granted=format_amount(granted)
            ),
        )


def add_tranche(
    session: Session,
    actor: Actor,
    request_id: int,
    expected_amount: Decimal,
    expected_on: dt.date | None = None,
) -> TrancheRecord:
    """Plan the next tranche of a granted request, in the request's currency."""
    actor.require(Permission.FUNDING_WRITE)
    request = get_or_fail(session, FundingRequest, request_id, _("funding request"))
    if request.status not in TRANCHE_STATUSES:
        raise Conflict(_("Only a granted request, not yet closed, has tranches."))
    amount = check_receipt_amount(expected_amount, field="expected_amount")
    _check_planned_total(request, None, amount)
    tranche = Tranche(
        number=max((t.number for t in request.tranches), default=0) + 1,
        expected_on=expected_on,
        expected_amount=amount,
        currency=request.currency,
    )
    request.tranches.append(tranche)
    session.flush()
    audit.record(
        session, actor, "create", "funding_tranche", tranche.id, after=audit.snapshot(tranche)
    )
    return tranche_record(session, tranche)


def update_tranche(
    session: Session,
    actor: Actor,
    tranche_id: int,
    expected_version: int | None,
    *,
    expected_amount: Decimal | None = None,
    expected_on: dt.date | None = None,
) -> TrancheRecord:
    """Change what is expected of a tranche not yet received."""
    actor.require(Permission.FUNDING_WRITE)
    tranche = get_or_fail(session, Tranche, tranche_id, _("tranche"))
    check_version(tranche, expected_version)
    if tranche.received_on is not None:
        raise Conflict(_("This tranche has been received: it can no longer change."))
    request = get_or_fail(session, FundingRequest, tranche.request_id, _("funding request"))
    before = audit.snapshot(tranche)
    if expected_amount is not None:
        amount = check_receipt_amount(expected_amount, field="expected_amount")
        _check_planned_total(request, tranche, amount)
        tranche.expected_amount = amount
    if expected_on is not None:
        tranche.expected_on = expected_on
    audit.log_write(
        session,
        actor,
        "update",
        tranche,
        before=before,
        snapshot=audit.snapshot,
    )
    return tranche_record(session, tranche)


def _exchange_rate(currency: str, rate: Decimal | str | None) -> Decimal | None:
    if currency == "MAD":
        if rate is not None and Decimal(rate) != 1:
            raise ValidationError("exchange_rate", _("An amount in dirhams has no exchange rate."))
        return None
    if rate is None:
        raise ValidationError(
            "exchange_rate",
            _("Give the exchange rate: dirhams for one {currency}.").format(currency=currency),
        )
    try:
        value = Decimal(rate)
    except (InvalidOperation, TypeError, ValueError):
        value = Decimal("NaN")
    if not value.is_finite() or value <= 0 or value > MAX_EXCHANGE_RATE:
        raise ValidationError(
            "exchange_rate",
            _("Give the exchange rate: dirhams for one {currency}.").format(currency=currency),
        )
    return value


def receive_tranche(
    session: Session,
    actor: Actor,
    tranche_id: int,
    received_on: dt.date,
    amount_received: Decimal,
    exchange_rate: Decimal | None = None,
    *,
    expected_version: int | None = None,
) -> TrancheRecord:
    """Record the money of a tranche as it reached the bank, and post it to the books."""
    actor.require(Permission.FUNDING_WRITE)
    actor.require(Permission.BOOKS_WRITE)
    tranche = get_or_fail(session, Tranche, tranche_id, _("tranche"))
    check_version(tranche, expected_version)
    request = get_or_fail(session, FundingRequest, tranche.request_id, _("funding request"))
    if tranche.received_on is not None:
        raise Conflict(
            _("The tranche {n} was already received on {date}.").format(
                n=tranche.number, date=tranche.received_on.isoformat()
            )
        )
    if request.status not in TRANCHE_STATUSES:
        raise Conflict(_("Only a granted request, not yet closed, has tranches."))
    if received_on > clock.today():
        raise ValidationError("received_on", _("The date received cannot be in the future."))
    if request.decided_on and received_on < request.decided_on:
        raise ValidationError(
            "received_on", _("A tranche cannot be received before the grant was decided.")
        )
    amount = check_receipt_amount(amount_received, field="amount_received")
    rate = _exchange_rate(tranche.currency, exchange_rate)
    amount_mad = quantize(amount * rate) if rate is not None else amount
    check_receipt_amount(amount_mad, field="amount_received")
    before = audit.snapshot(tranche)
    funder = request.funder
    project = session.get(Project, request.project_id) if request.project_id else None
    label = _("Tranche {n} — {funder}").format(
        n=tranche.number, funder=funder.acronym or funder.name_fr
    )
    posted = post_money_received(
        session,
        actor,
        amount=amount_mad,
        received_on=received_on,
        label=label,
        credit_account=subsidy_account(session, funder.kind),
        reference=request.agreement_number or request.reference,
        permission=Permission.BOOKS_WRITE,
        into=TreasuryKind.BANK,
        tags=AidTags(
            funder_id=funder.id,
            analytic_tag_id=project.analytic_tag_id if project else None,
            aid_kind=_("Grant"),
            agreement_number=request.agreement_number,
            agreement_date=request.agreement_date,
        ),
        parties=EntryParties(funder.name_fr or funder.name_ar),  # the FEC's third party
    )
    tranche.received_on = received_on
    tranche.amount_received = amount
    tranche.exchange_rate = rate
    tranche.amount_mad = amount_mad
    tranche.journal_entry_id = posted.journal_entry_id
    session.flush()
    if funder.foreign:
        days = int(settings.get_setting(session, "funding.sgg_declaration_days"))
        session.add(
            ForeignFundingDeclaration(
                tranche_id=tranche.id,
                due_on=received_on + dt.timedelta(days=days),
                purpose=request.title,
            )
        )
    audit.log_write(session, actor, "receive", tranche, before=before, snapshot=audit.snapshot)
    return tranche_record(session, tranche)


@dataclass(frozen=True)
class SggDeclarationRecord:
    id: int
    tranche_id: int
    due_on: dt.date
    declared_on: dt.date | None
    reference: str | None


def record_sgg_declaration(
    session: Session,
    actor: Actor,
    tranche_id: int,
    declared_on: dt.date,
    reference: str | None = None,
    *,
    today: dt.date | None = None,
) -> SggDeclarationRecord:
    """The receipt of a foreign tranche was declared to the SGG on `declared_on`, under
    `reference` (the number the SGG gave)."""
    actor.require(Permission.FUNDING_WRITE)
    tranche = get_or_fail(session, Tranche, tranche_id, _("tranche"))
    declaration = session.scalar(
        sa.select(ForeignFundingDeclaration).where(
            ForeignFundingDeclaration.tranche_id == tranche.id
        )
    )
    if declaration is None or tranche.received_on is None:
        raise Conflict(_("Only a foreign tranche received is declared to the SGG."))
    if declared_on > (today or clock.today()):
        raise ValidationError("declared_on", _("The date cannot be in the future."))
    if declared_on < tranche.received_on:
        raise ValidationError(
            "declared_on", _("The declaration cannot come before the money was received.")
        )
    reference = _text(reference, ForeignFundingDeclaration.reference, "reference")
    before = audit.snapshot(declaration)
    declaration.declared_on = declared_on
    declaration.reference = reference
    audit.log_write(
        session,
        actor,
        "declare",
        declaration,
        before=before,
        snapshot=audit.snapshot,
    )
    return SggDeclarationRecord(
        declaration.id, tranche.id, declaration.due_on, declared_on, reference
    )


def list_tranches(session: Session, actor: Actor, request_id: int) -> list[TrancheRecord]:
    actor.require(Permission.FUNDING_READ)
    rows = session.scalars(
        sa.select(Tranche).where(Tranche.request_id == request_id).order_by(Tranche.number)
    )
    return [tranche_record(session, t) for t in rows]


def tranches_expected(session: Session, actor: Actor, until: dt.date) -> list[TrancheRecord]:
    """Tranches not yet received, expected on or before `until` (the dashboard's reminder)."""
    actor.require(Permission.FUNDING_READ)
    rows = session.scalars(
        sa.select(Tranche)
        .join(FundingRequest, FundingRequest.id == Tranche.request_id)
        .where(
            Tranche.received_on.is_(None),
            Tranche.expected_on <= until,
            FundingRequest.status.in_(TRANCHE_STATUSES),
        )
        .order_by(Tranche.expected_on, Tranche.id)
    )
    return [tranche_record(session, t) for t in rows]


def list_sgg_declarations(
    session: Session, actor: Actor, *, open_only: bool = False
) -> list[SggDeclarationRecord]:
    """The declarations of foreign receipts to the SGG, the earliest due first; `open_only`:
    those not yet marked filed."""
    actor.require(Permission.FUNDING_READ)
    query = sa.select(ForeignFundingDeclaration).order_by(
        ForeignFundingDeclaration.due_on, ForeignFundingDeclaration.id
    )
    if open_only:
        query = query.where(ForeignFundingDeclaration.declared_on.is_(None))
    return [
        SggDeclarationRecord(d.id, d.tranche_id, d.due_on, d.declared_on, d.reference)
        for d in session.scalars(query)
    ]


# --- reads for the Funding page ---------------------------------------------------------------

# Above this amount in dirhams, circular 7/2003 of the Prime Minister asks for a partnership
# convention between the public funder and the association.
CONVENTION_THRESHOLD = Decimal(50_000)


def needs_partnership_convention(request: FundingRequestRecord) -> bool:
    """A grant in dirhams above the threshold (circular 7/2003)."""
    return (
        request.currency == "MAD"
        and request.amount_granted is not None
        and request.amount_granted > CONVENTION_THRESHOLD
    )


@dataclass(frozen=True)
class FunderYearRecord:
    """What was asked of a funder in a year (by the request's submission, else its drafting)
    and what it paid in that year, in one currency."""

    year: int
    currency: str
    requests: int
    requested: Decimal
    granted: Decimal
    received: Decimal  # tranches received that year, in `currency`


def funder_history(session: Session, actor: Actor, funder_id: int) -> list[FunderYearRecord]:
    """A funder's years, the latest first: requests, amounts asked and granted, money
    received."""
    actor.require(Permission.FUNDING_READ)
    get_or_fail(session, Funder, funder_id, _("funder"))
    drafted = (
        sa.select(sa.func.min(RequestStatusChange.changed_on))
        .where(RequestStatusChange.request_id == FundingRequest.id)
        .scalar_subquery()
    )
    rows: dict[tuple[int, str], list[Any]] = {}
    requests = session.execute(
        sa.select(
            sa.func.coalesce(FundingRequest.submitted_on, drafted),
            FundingRequest.currency,
            FundingRequest.amount_requested,
            FundingRequest.amount_granted,
        ).where(FundingRequest.funder_id == funder_id)
    )
    for day, currency, requested, granted in requests:
        if day is None:
            continue
        row = rows.setdefault((day.year, currency), [0, ZERO, ZERO, ZERO])
        row[0] += 1
        row[1] += requested
        row[2] += granted or ZERO
    received = session.execute(
        sa.select(Tranche.received_on, Tranche.currency, Tranche.amount_received)
        .join(FundingRequest, FundingRequest.id == Tranche.request_id)
        .where(FundingRequest.funder_id == funder_id, Tranche.received_on.is_not(None))
    )
    for received_on, currency, amount in received:
        if received_on is None:  # filtered out above; the column may be null
            continue
        row = rows.setdefault((received_on.year, currency), [0, ZERO, ZERO, ZERO])
        row[3] += amount or ZERO
    return [
        FunderYearRecord(year, currency, *values)
        for (year, currency), values in sorted(rows.items(), key=lambda kv: (-kv[0][0], kv[0][1]))
    ]


@dataclass(frozen=True)
class BudgetLineRecord:
    position: int
    label: str
    quantity: int
    unit_cost: Decimal
    amount: Decimal
    funded_by_request: Decimal
    account: str | None

    @property
    def co_funded(self) -> Decimal:
        """The part of the line paid by the association or other funders."""
        return self.amount - self.funded_by_request


def request_budget(session: Session, actor: Actor, request_id: int) -> list[BudgetLineRecord]:
    actor.require(Permission.FUNDING_READ)
    get_or_fail(session, FundingRequest, request_id, _("funding request"))
    rows = session.execute(
        sa.select(BudgetLine, Account.number)
        .outerjoin(Account, Account.id == BudgetLine.account_id)
        .where(BudgetLine.request_id == request_id)
        .order_by(BudgetLine.position)
    )
    return [
        BudgetLineRecord(
            b.position, b.label, b.quantity, b.unit_cost, b.amount, b.funded_by_request, number
        )
        for b, number in rows
    ]


@dataclass(frozen=True)
class RequestDocumentRecord:
    position: int
    label: str
    required: bool
    provided: bool
    attachment_id: int | None
    id: int | None = None  # to name it again in `DocumentData` (it changes on each saving)


def request_checklist(
    session: Session, actor: Actor, request_id: int
) -> list[RequestDocumentRecord]:
    actor.require(Permission.FUNDING_READ)
    get_or_fail(session, FundingRequest, request_id, _("funding request"))
    rows = session.scalars(
        sa.select(RequestDocument)
        .where(RequestDocument.request_id == request_id)
        .order_by(RequestDocument.position)
    )
    return [
        RequestDocumentRecord(d.position, d.label, d.required, d.provided, d.attachment_id, d.id)
        for d in rows
    ]


# The statuses in which a request still waits on something dated.
_OPEN_STATUSES = frozenset(RequestStatus) - {_S.REJECTED, _S.WITHDRAWN, _S.CLOSED}


def request_deadlines(session: Session, actor: Actor) -> dict[int, dt.date]:
    """Each open request's next date: the call's deadline while it is a draft, a tranche
    expected and not received, the report due."""
    actor.require(Permission.FUNDING_READ)
    found: dict[int, dt.date] = {}

    def keep(request_id: int, day: dt.date | None) -> None:
        if day is not None and (request_id not in found or day < found[request_id]):
            found[request_id] = day

    heads = session.execute(
        sa.select(
            FundingRequest.id,
            FundingRequest.status,
            FundingRequest.deadline,
            FundingRequest.report_due_on,
        ).where(FundingRequest.status.in_(_OPEN_STATUSES))
    )
    for request_id, status, deadline, report_due_on in heads:
        if status is RequestStatus.DRAFT:
            keep(request_id, deadline)
        keep(request_id, report_due_on)
    tranches = session.execute(
        sa.select(Tranche.request_id, sa.func.min(Tranche.expected_on))
        .join(FundingRequest, FundingRequest.id == Tranche.request_id)
        .where(Tranche.received_on.is_(None), FundingRequest.status.in_(TRANCHE_STATUSES))
        .group_by(Tranche.request_id)
    )
    for request_id, day in tranches:
        keep(request_id, day)
    return found
