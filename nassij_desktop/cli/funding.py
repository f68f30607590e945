"""`funders list|add` and `requests list|show|add|status|tranche|tranches|receive|
tranche-report|reports-due|attach|detach`: the funding services from the command line.

A funder is named by its number or its acronym (`--funder 3`, `--funder INDH`), a project by its
code. Receiving a tranche posts it in the books (the service does): the entry's code is printed,
and for a foreign funder the date by which the SGG must be told. A value that is not what its
option takes exits with code 2 (cli/arguments.py); what the services refuse, with code 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from nassij_desktop.cli.arguments import (
    BadArgument,
    choice_arg,
    date_arg,
    money_arg,
    rate_arg,
    usage_errors,
)
from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_rows, say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.books.entries import get_entry
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NotFound, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.funding.documents import (
    DOCUMENT_FIELD,
    attach_request_document,
    find_request_document,
    remove_request_document_file,
)
from nassij_desktop.core.funding.models import (
    FUNDER_KIND_LABELS,
    REQUEST_STATUS_LABELS,
    FunderKind,
    RequestStatus,
)
from nassij_desktop.core.funding.services import (
    FunderData,
    FundingRequestRecord,
    RequestData,
    TrancheRecord,
    add_tranche,
    change_funding_request_status,
    create_funder,
    create_funding_request,
    get_funding_request,
    list_funders,
    list_funding_requests,
    list_projects,
    list_tranches,
    receive_tranche,
    request_checklist,
)
from nassij_desktop.core.funding.tranche_reports import (
    REPORT_PART_LABELS,
    ReportPart,
    TrancheReportRecord,
    get_tranche_report,
    record_report_submitted,
    record_report_validated,
    set_tranche_report_due,
    tranche_reports_due,
)
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.i18n.formatting import format_amount, format_date

FORMATS = ["table", "csv", "json"]
_DATE_HELP = N_("dd/mm/yyyy")
_TODAY_HELP = N_("dd/mm/yyyy (default: today)")


def register(commands: Any) -> None:
    """Add the sub-commands to the `nassij` parser."""
    funders = commands.add_parser("funders", help=command_help("funders"))
    fsub = funders.add_subparsers(dest="funders_command", metavar="ACTION", required=True)

    flist = fsub.add_parser("list", help=_("list the funders"))
    flist.add_argument("--kind", help=_("only the funders of this kind"))
    flist.add_argument("--format", choices=FORMATS, default="table")
    flist.set_defaults(handler=run_funders_list)

    fadd = fsub.add_parser("add", help=_("add a funder"))
    fadd.add_argument("--name-ar", help=_("the funder's name in Arabic"))
    fadd.add_argument("--name-fr", help=_("the funder's name in Latin letters"))
    fadd.add_argument("--acronym")
    fadd.add_argument(
        "--kind", required=True, help=_("one of: {kinds}").format(kinds=", ".join(FunderKind))
    )
    fadd.add_argument("--country", help=_("two-letter code (default: MA)"))
    fadd.add_argument(
        "--foreign",
        action="store_const",
        const=True,
        default=None,
        help=_("declare its payments to the SGG (default: by its kind and country)"),
    )
    fadd.add_argument("--contact", help=_("the contact person's name"))
    fadd.add_argument("--phone")
    fadd.add_argument("--email")
    fadd.add_argument("--address")
    fadd.add_argument("--notes")
    fadd.set_defaults(handler=run_funders_add)

    requests = commands.add_parser("requests", help=command_help("requests"))
    rsub = requests.add_subparsers(dest="requests_command", metavar="ACTION", required=True)

    rlist = rsub.add_parser("list", help=_("list the funding requests"))
    rlist.add_argument(
        "--status", help=_("one of: {statuses}").format(statuses=", ".join(RequestStatus))
    )
    rlist.add_argument("--funder", help=_("the funder's number or acronym"))
    rlist.add_argument("--format", choices=FORMATS, default="table")
    rlist.set_defaults(handler=run_requests_list)

    show = rsub.add_parser("show", help=_("one request: amounts, agreement, history"))
    show.add_argument("id", type=int)
    show.set_defaults(handler=run_requests_show)

    radd = rsub.add_parser("add", help=_("record a funding request (as a draft)"))
    radd.add_argument("--funder", required=True, help=_("the funder's number or acronym"))
    radd.add_argument("--title", required=True)
    radd.add_argument("--amount", required=True, help=_("the amount requested"))
    radd.add_argument("--currency", default="MAD", help=_("three-letter code (default: MAD)"))
    radd.add_argument("--project", help=_("the project's code"))
    radd.add_argument("--reference", help=_("the call for proposals' or the funder's reference"))
    radd.add_argument("--deadline", help=_("submission deadline, dd/mm/yyyy"))
    radd.add_argument("--start", help=_("start of the project, dd/mm/yyyy"))
    radd.add_argument("--end", help=_("end of the project, dd/mm/yyyy"))
    radd.add_argument("--report-due", help=_("the final report's due date, dd/mm/yyyy"))
    radd.add_argument("--notes")
    radd.add_argument("--date", help=_("the day it was drafted, dd/mm/yyyy (default: today)"))
    radd.set_defaults(handler=run_requests_add)

    status = rsub.add_parser("status", help=_("move a request to its next status"))
    status.add_argument("id", type=int)
    status.add_argument(
        "status",
        metavar="NEW_STATUS",
        help=_("one of: {statuses}").format(statuses=", ".join(RequestStatus)),
    )
    status.add_argument("--date", help=_(_TODAY_HELP))
    status.add_argument("--amount-granted", help=_("the amount granted (to become granted)"))
    status.add_argument("--agreement-number", help=_("the agreement's number (when signed)"))
    status.add_argument(
        "--agreement-date", help=_("the day it was signed, dd/mm/yyyy (default: --date)")
    )
    status.add_argument("--note")
    status.set_defaults(handler=run_requests_status)

    tranche = rsub.add_parser("tranche", help=_("plan the next tranche of a granted request"))
    tranche.add_argument("id", type=int, help=_("the request's number"))
    tranche.add_argument("--amount", required=True, help=_("in the request's currency"))
    tranche.add_argument("--due", help=_("the day it is expected, dd/mm/yyyy"))
    tranche.set_defaults(handler=run_requests_tranche)

    tranches = rsub.add_parser("tranches", help=_("the tranches of a request"))
    tranches.add_argument("id", type=int, help=_("the request's number"))
    tranches.add_argument("--format", choices=FORMATS, default="table")
    tranches.set_defaults(handler=run_requests_tranches)

    receive = rsub.add_parser("receive", help=_("record a tranche received (posted in the books)"))
    receive.add_argument("tranche", type=int, metavar="TRANCHE_ID")
    receive.add_argument("--date", help=_(_TODAY_HELP))
    receive.add_argument(
        "--amount", required=True, help=_("the amount received, in the request's currency")
    )
    receive.add_argument("--rate", help=_("dirhams for one unit of a foreign currency"))
    receive.set_defaults(handler=run_requests_receive)

    report = rsub.add_parser(
        "tranche-report",
        help=_("a tranche's reports: due dates, submitted, validated by the funder"),
    )
    report.add_argument("tranche", type=int, metavar="TRANCHE_ID")
    report.add_argument("--narrative-due", help=_("the narrative report's due date, dd/mm/yyyy"))
    report.add_argument("--financial-due", help=_("the financial report's due date, dd/mm/yyyy"))
    report.add_argument("--submitted", help=_("the day the reports were sent, dd/mm/yyyy"))
    report.add_argument(
        "--part",
        help=_("only this report: narrative or financial (default: both)"),
    )
    report.add_argument("--validated-by", help=_("who validated the reports for the funder"))
    report.add_argument("--validated-on", help=_(_TODAY_HELP))
    report.add_argument("--notes")
    report.set_defaults(handler=run_requests_tranche_report)

    attach = rsub.add_parser(
        "attach", help=_("attach a file (PDF, JPEG or PNG) to a document of a request's checklist")
    )
    attach.add_argument("id", type=int, metavar="REQUEST_ID", help=_("the request's number"))
    attach.add_argument(
        "--document",
        required=True,
        metavar="LABEL_OR_NUMBER",
        help=_("the document's number in the checklist (1 for the first) or its name"),
    )
    attach.add_argument("file", metavar="FILE", type=Path, help=_("the file: PDF, JPEG or PNG"))
    attach.set_defaults(handler=run_requests_attach)

    detach = rsub.add_parser(
        "detach", help=_("remove the file attached to a document of a request's checklist")
    )
    detach.add_argument("id", type=int, metavar="REQUEST_ID", help=_("the request's number"))
    detach.add_argument(
        "--document",
        required=True,
        metavar="LABEL_OR_NUMBER",
        help=_("the document's number in the checklist (1 for the first) or its name"),
    )
    detach.set_defaults(handler=run_requests_detach)

    due = rsub.add_parser("reports-due", help=_("the tranche reports still to submit"))
    due.add_argument("--format", choices=FORMATS, default="table")
    due.set_defaults(handler=run_requests_reports_due)


# --- reading what was typed -------------------------------------------------------------------


def _kind(text: str) -> FunderKind:
    labels = {kind.value: _(label) for kind, label in FUNDER_KIND_LABELS.items()}
    return FunderKind(
        choice_arg(text, "--kind", labels, _("There is no kind of funder «{value}».")),
    )


def _status(text: str, option: str) -> RequestStatus:
    labels = {status.value: _(label) for status, label in REQUEST_STATUS_LABELS.items()}
    return RequestStatus(
        choice_arg(text, option, labels, _("There is no request status «{value}».")),
    )


def _funder_id(session: Session, actor: Actor, text: str) -> int:
    """A funder by its number, its acronym or its French name (any case)."""
    key = text.strip().casefold()
    for funder in list_funders(session, actor):
        if key in {str(funder.id), (funder.acronym or "").casefold(), funder.name_fr.casefold()}:
            return funder.id
    raise NotFound(
        _("There is no funder «{funder}»: give its number or its acronym.").format(funder=text)
    )


def _project_id(session: Session, actor: Actor, code: str) -> int:
    for project in list_projects(session, actor):
        if project.code.casefold() == code.strip().casefold():
            return project.id
    raise NotFound(_("There is no project with the code «{code}».").format(code=code))


# --- printing ---------------------------------------------------------------------------------


def _day(value: dt.date | None, table: bool) -> str:
    if value is None:
        return ""
    return format_date(value) if table else value.isoformat()


def _money(value: Decimal | None, table: bool) -> str:
    if value is None:
        return ""
    return format_amount(value) if table else str(value)


def _flag(value: bool, table: bool) -> str:
    if table:
        return _("yes") if value else _("no")
    return str(value).lower()


def _status_text(status: RequestStatus, table: bool) -> str:
    return _(REQUEST_STATUS_LABELS[status]) if table else status.value


def _funder_name(request: FundingRequestRecord) -> str:
    if current_language() == "ar" and request.funder_name_ar:
        return request.funder_name_ar
    return request.funder_name_fr


def _entry_code(session: Session, actor: Actor, entry_id: int | None) -> str:
    """The books' code of a tranche's entry (BQ-2026-4), for those who may read the books."""
    if entry_id is None or not actor.can(Permission.BOOKS_READ):
        return ""
    return get_entry(session, actor, entry_id).code or ""


# --- funders ----------------------------------------------------------------------------------


@usage_errors
def run_funders_list(ctx: CommandContext, args: argparse.Namespace) -> int:
    kind = _kind(args.kind) if args.kind else None
    table = args.format == "table"
    with ctx.database().session() as session:
        funders = list_funders(session, ctx.actor, kind=kind)
    headers = [
        "id", "acronym", "name_ar", "name_fr", "kind", "country", "foreign",
        "contact", "phone", "email",
    ]  # fmt: skip
    rows = [
        [
            f.id,
            f.acronym,
            f.name_ar,
            f.name_fr,
            _(FUNDER_KIND_LABELS[f.kind]) if table else f.kind.value,
            f.country,
            _flag(f.foreign, table),
            f.contact_name,
            f.phone,
            f.email,
        ]
        for f in funders
    ]
    print_rows(headers, rows, args.format)
    return 0


@usage_errors
def run_funders_add(ctx: CommandContext, args: argparse.Namespace) -> int:
    data = FunderData(
        name_ar=args.name_ar,
        name_fr=args.name_fr,
        acronym=args.acronym,
        kind=_kind(args.kind),
        country=args.country or "MA",
        foreign=args.foreign,
        contact_name=args.contact,
        phone=args.phone,
        email=args.email,
        address=args.address,
        notes=args.notes,
    )
    with ctx.database().transaction() as session:
        record = create_funder(session, ctx.actor, data)
    say(_("Added funder {id}: {name}").format(id=record.id, name=record.name(current_language())))
    if record.foreign:
        say(_("Its payments are foreign funding: each one is declared to the SGG."))
    return 0


# --- requests ---------------------------------------------------------------------------------


@usage_errors
def run_requests_list(ctx: CommandContext, args: argparse.Namespace) -> int:
    status = _status(args.status, "--status") if args.status else None
    table = args.format == "table"
    with ctx.database().session() as session:
        funder_id = _funder_id(session, ctx.actor, args.funder) if args.funder else None
        requests = list_funding_requests(session, ctx.actor, status=status, funder_id=funder_id)
    headers = [
        "id", "funder", "title", "status", "currency", "requested", "granted",
        "received_mad", "submitted", "agreement", "agreement_date",
    ]  # fmt: skip
    rows = [
        [
            r.id,
            _funder_name(r),
            r.title,
            _status_text(r.status, table),
            r.currency,
            _money(r.amount_requested, table),
            _money(r.amount_granted, table),
            _money(r.received_mad, table),
            _day(r.submitted_on, table),
            r.agreement_number,
            _day(r.agreement_date, table),
        ]
        for r in requests
    ]
    print_rows(headers, rows, args.format)
    return 0


def run_requests_show(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().session() as session:
        r = get_funding_request(session, ctx.actor, args.id)
    say(f"{r.id}. {r.title} — {_funder_name(r)} — {_status_text(r.status, True)}")
    say(
        _("Requested: {requested} {currency}; granted: {granted}; received: {received} MAD").format(
            requested=format_amount(r.amount_requested),
            currency=r.currency,
            granted=_money(r.amount_granted, True) or "—",
            received=format_amount(r.received_mad),
        )
    )
    if r.agreement_number:
        say(
            _("Agreement {number} of {date}").format(
                number=r.agreement_number, date=_day(r.agreement_date, True)
            )
        )
    for change in r.history:
        note = f" — {change.note}" if change.note else ""
        say(f"  {format_date(change.changed_on)}  {_status_text(change.to_status, True)}{note}")
    return 0


@usage_errors
def run_requests_add(ctx: CommandContext, args: argparse.Namespace) -> int:
    amount = money_arg(args.amount, "--amount")
    assert amount is not None  # a required option
    deadline = date_arg(args.deadline, "--deadline")
    starts_on = date_arg(args.start, "--start")
    ends_on = date_arg(args.end, "--end")
    report_due_on = date_arg(args.report_due, "--report-due")
    drafted_on = date_arg(args.date, "--date")
    with ctx.database().transaction() as session:
        data = RequestData(
            funder_id=_funder_id(session, ctx.actor, args.funder),
            title=args.title,
            amount_requested=amount,
            currency=args.currency,
            project_id=_project_id(session, ctx.actor, args.project) if args.project else None,
            reference=args.reference,
            deadline=deadline,
            starts_on=starts_on,
            ends_on=ends_on,
            report_due_on=report_due_on,
            notes=args.notes,
        )
        record = create_funding_request(session, ctx.actor, data, drafted_on=drafted_on)
    say(_("Funding request {id} recorded as a draft.").format(id=record.id))
    return 0


@usage_errors
def run_requests_status(ctx: CommandContext, args: argparse.Namespace) -> int:
    new_status = _status(args.status, "NEW_STATUS")
    changed_on = date_arg(args.date, "--date") or clock.today()
    granted = money_arg(args.amount_granted, "--amount-granted")
    agreement_date = date_arg(args.agreement_date, "--agreement-date")
    with ctx.database().transaction() as session:
        record = change_funding_request_status(
            session,
            ctx.actor,
            args.id,
            new_status,
            changed_on,
            args.note,
            amount_granted=granted,
            agreement_number=args.agreement_number,
            agreement_date=agreement_date,
        )
    say(
        _("Request {id} is now: {status}").format(
            id=record.id, status=_status_text(record.status, True)
        )
    )
    return 0


@usage_errors
def run_requests_tranche(ctx: CommandContext, args: argparse.Namespace) -> int:
    amount = money_arg(args.amount, "--amount")
    assert amount is not None  # a required option
    expected_on = date_arg(args.due, "--due")
    with ctx.database().transaction() as session:
        tranche = add_tranche(session, ctx.actor, args.id, amount, expected_on)
    say(
        _("Tranche {n} of request {request} planned: {amount} {currency} (tranche {id}).").format(
            n=tranche.number,
            request=tranche.request_id,
            amount=format_amount(tranche.expected_amount),
            currency=tranche.currency,
            id=tranche.id,
        )
    )
    return 0


def run_requests_attach(ctx: CommandContext, args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise ValidationError(
            DOCUMENT_FIELD,
            _("The file {file} cannot be read ({error}).").format(
                file=args.file, error=error.strerror
            ),
        ) from error
    with ctx.database(write=True).transaction() as session:
        position = find_request_document(session, ctx.actor, args.id, args.document)
        attach_request_document(session, ctx.actor, args.id, position, data, args.file.name)
        label = request_checklist(session, ctx.actor, args.id)[position - 1].label
    say(
        _("File {file} attached to document {n} of request {id}: {label}").format(
            file=args.file.name, n=position, id=args.id, label=label
        )
    )
    return 0


def run_requests_detach(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database(write=True).transaction() as session:
        position = find_request_document(session, ctx.actor, args.id, args.document)
        name = remove_request_document_file(session, ctx.actor, args.id, position)
        label = request_checklist(session, ctx.actor, args.id)[position - 1].label
    say(
        _("File {file} removed from document {n} of request {id}: {label}").format(
            file=name, n=position, id=args.id, label=label
        )
    )
    return 0


def _tranche_row(session: Session, actor: Actor, t: TrancheRecord, table: bool) -> list[Any]:
    return [
        t.id,
        t.request_id,
        t.number,
        _day(t.expected_on, table),
        _money(t.expected_amount, table),
        t.currency,
        _day(t.received_on, table),
        _money(t.amount_received, table),
        "" if t.exchange_rate is None else str(t.exchange_rate),
        _money(t.amount_mad, table),
        _entry_code(session, actor, t.journal_entry_id),
        _day(t.declaration_due_on, table),
    ]


def run_requests_tranches(ctx: CommandContext, args: argparse.Namespace) -> int:
    table = args.format == "table"
    with ctx.database().session() as session:
        get_funding_request(session, ctx.actor, args.id)  # an unknown request is named
        rows = [
            _tranche_row(session, ctx.actor, t, table)
            for t in list_tranches(session, ctx.actor, args.id)
        ]
    headers = [
        "id", "request", "number", "expected_on", "expected", "currency", "received_on",
        "received", "rate", "amount_mad", "entry", "sgg_due",
    ]  # fmt: skip
    print_rows(headers, rows, args.format)
    return 0


@usage_errors
def run_requests_receive(ctx: CommandContext, args: argparse.Namespace) -> int:
    received_on = date_arg(args.date, "--date") or clock.today()
    amount = money_arg(args.amount, "--amount")
    assert amount is not None  # a required option
    rate = rate_arg(args.rate, "--rate")
    with ctx.database().transaction() as session:
        tranche = receive_tranche(session, ctx.actor, args.tranche, received_on, amount, rate)
        entry = _entry_code(session, ctx.actor, tranche.journal_entry_id)
    say(
        _("Tranche {n} received: {amount} MAD, entry {entry} in the books.").format(
            n=tranche.number, amount=format_amount(tranche.amount_mad or amount), entry=entry
        )
    )
    if tranche.declaration_due_on is not None:
        say(
            _("Foreign funding: declare it to the SGG by {date}.").format(
                date=format_date(tranche.declaration_due_on)
            )
        )
    return 0


# --- tranche reports --------------------------------------------------------------------------


def _part(text: str) -> ReportPart:
    labels = {part.value: _(label) for part, label in REPORT_PART_LABELS.items()}
    return ReportPart(choice_arg(text, "--part", labels, _("There is no report «{value}».")))


def _say_report(report: TrancheReportRecord) -> None:
    for part in ReportPart:
        sent = report.submitted_on(part)
        state = (
            _("submitted on {date}").format(date=format_date(sent))
            if sent
            else _("due on {date}").format(date=format_date(report.due_on(part)))
            if report.due_on(part)
            else "—"
        )
        say(f"  {_(REPORT_PART_LABELS[part])}: {state}")
    if report.validated_on is not None:
        say(
            "  "
            + _("Validated by {name} on {date}").format(
                name=report.validated_by, date=format_date(report.validated_on)
            )
        )


@usage_errors
def run_requests_tranche_report(ctx: CommandContext, args: argparse.Namespace) -> int:
    """Without an act, the reports as they stand; else, in this order, the due dates, the
    submission, the validation (each final once recorded)."""
    narrative_due = date_arg(args.narrative_due, "--narrative-due")
    financial_due = date_arg(args.financial_due, "--financial-due")
    submitted = date_arg(args.submitted, "--submitted")
    parts = (_part(args.part),) if args.part else tuple(ReportPart)
    validated_on = date_arg(args.validated_on, "--validated-on")
    if (validated_on or args.notes) and not args.validated_by:
        raise BadArgument("--validated-by", _("Give who validated the report."))
    with ctx.database().transaction() as session:
        if narrative_due or financial_due:
            before = get_tranche_report(session, ctx.actor, args.tranche)
            set_tranche_report_due(
                session,
                ctx.actor,
                args.tranche,
                narrative_due or (before.narrative_due_on if before.due_dates_set else None),
                financial_due or (before.financial_due_on if before.due_dates_set else None),
            )
        if submitted:
            record_report_submitted(session, ctx.actor, args.tranche, submitted, parts)
        if args.validated_by:
            record_report_validated(
                session,
                ctx.actor,
                args.tranche,
                args.validated_by,
                validated_on or clock.today(),
                args.notes,
            )
        report = get_tranche_report(session, ctx.actor, args.tranche)
    say(
        _("Reports of tranche {n} of request {request}:").format(
            n=report.tranche_number, request=report.request_id
        )
    )
    _say_report(report)
    return 0


def run_requests_reports_due(ctx: CommandContext, args: argparse.Namespace) -> int:
    table = args.format == "table"
    today = clock.today()
    with ctx.database().session() as session:
        reports = tranche_reports_due(session, ctx.actor, today)
    headers = [
        "tranche", "request", "number", "due_on", "overdue", "narrative_submitted",
        "financial_submitted",
    ]  # fmt: skip
    rows = [
        [
            r.tranche_id,
            r.request_id,
            r.tranche_number,
            _day(r.next_due_on, table),
            _flag(r.overdue(today), table),
            _day(r.narrative_submitted_on, table),
            _day(r.financial_submitted_on, table),
        ]
        for r in reports
    ]
    print_rows(headers, rows, args.format)
    return 0
