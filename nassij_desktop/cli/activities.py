"""`activities list|add|hours|rate`: activities logged by volunteers, their volunteer hours.

Beneficiaries are typed as GENDER:BAND=COUNT (gender f or m, the band one of 0-14, 15-24,
25-59, 60+), several separated by commas or the option repeated; volunteers as
MEMBER_NUMBER:HOURS (hours with decimals, 1.5 or 1,5, or H:MM), the option repeated;
photos (JPEG, PNG) and attendance sheets (PDF or image) as files, attached in the same
transaction as the activity.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_rows, say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.activities.attachments import FILES_FIELD, attach_activity_file
from nassij_desktop.core.activities.labels import ACTIVITY_KIND_LABELS
from nassij_desktop.core.activities.models import ActivityKind, AgeGroup, AttachmentRole
from nassij_desktop.core.activities.services import (
    ActivityData,
    ActivityRecord,
    ProgrammeRecord,
    create_activity,
    list_activities,
    list_programmes,
)
from nassij_desktop.core.activities.volunteering import minutes_as_hours, volunteer_hours
from nassij_desktop.core.association.settings import change_setting, volunteer_hourly_rate
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.validators import parse_date
from nassij_desktop.core.funding.services import list_projects
from nassij_desktop.core.members.models import Gender
from nassij_desktop.core.members.services import member_by_number
from nassij_desktop.i18n import _, current_language, ngettext
from nassij_desktop.i18n.formatting import format_amount, format_date

FORMATS = ["table", "csv", "json"]
GENDERS = {"f": Gender.FEMALE, "m": Gender.MALE}
_BENEFICIARIES = re.compile(r"\s*([a-z]+)\s*:\s*([0-9+\-]+)\s*=\s*([0-9]+)\s*")
_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
RATE_KEY = "activities.volunteer_hourly_rate"


def register(commands: Any) -> None:
    """Add the sub-commands to the `nassij` parser."""
    activities = commands.add_parser(
        "activities",
        help=command_help("activities"),
        description=_(
            "Activities logged by volunteers: beneficiaries, volunteer hours, programmes."
        ),
    )
    sub = activities.add_subparsers(dest="activities_command", metavar="ACTION", required=True)

    lst = sub.add_parser("list", help=_("list the activities, the latest first"))
    lst.add_argument("--from", dest="start", metavar="DD/MM/YYYY", help=_("from this day"))
    lst.add_argument("--to", dest="end", metavar="DD/MM/YYYY", help=_("until this day"))
    lst.add_argument("--programme", metavar="CODE", help=_("the programme's code"))
    lst.add_argument("--format", choices=FORMATS, default="table")
    lst.set_defaults(handler=run_list)

    add = sub.add_parser(
        "add",
        help=_("log an activity"),
        description=_(
            "Log an activity. Beneficiaries are counted by gender and age band: "
            "--beneficiaries GENDER:BAND=COUNT, GENDER f (women) or m (men), BAND one of "
            "{bands}; several separated by commas or the option repeated, e.g. "
            '--beneficiaries "f:25-59=12,m:0-14=5". Volunteers: --volunteer '
            "MEMBER_NUMBER:HOURS, repeated, e.g. --volunteer 000012:2.5 --volunteer 000031:1:30."
        ).format(bands=", ".join(a.value for a in AgeGroup)),
    )
    add.add_argument("--title", required=True, help=_("the activity's title"))
    add.add_argument("--programme", metavar="CODE", help=_("the programme's code"))
    add.add_argument(
        "--kind",
        choices=[k.value for k in ActivityKind],
        default=ActivityKind.OTHER.value,
        help=_("the kind of activity"),
    )
    add.add_argument("--date", required=True, metavar="DD/MM/YYYY", help=_("the day"))
    add.add_argument("--time", metavar="HH:MM", help=_("the time it started (default: 00:00)"))
    add.add_argument("--end-time", metavar="HH:MM", help=_("the time it ended, the same day"))
    add.add_argument("--place", help=_("where it took place"))
    add.add_argument("--region", metavar="CODE", help=_("the region's code, 1 to 12"))
    add.add_argument("--province", help=_("the province or prefecture"))
    add.add_argument("--commune", help=_("the commune"))
    add.add_argument("--description", help=_("what was done"))
    add.add_argument("--partners", help=_("the partners who worked on it, separated by commas"))
    add.add_argument(
        "--cost", metavar="AMOUNT", help=_("what it cost the association in dirhams, e.g. 1250.50")
    )
    add.add_argument("--project", metavar="CODE", help=_("the code of the project it belongs to"))
    add.add_argument(
        "--request", type=int, metavar="ID", help=_("the funding request it belongs to")
    )
    add.add_argument(
        "--beneficiaries",
        action="append",
        default=[],
        metavar="GENDER:BAND=COUNT",
        help=_("beneficiaries of a gender and age band, e.g. f:25-59=12 (see above)"),
    )
    add.add_argument(
        "--volunteer",
        action="append",
        default=[],
        metavar="MEMBER_NUMBER:HOURS",
        help=_("a volunteer's member number and hours, e.g. 000012:2.5 (repeat)"),
    )
    add.add_argument(
        "--photo",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help=_("a photo of the activity, JPEG or PNG (repeat)"),
    )
    add.add_argument(
        "--attendance",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help=_("the signed attendance sheet, scanned: PDF or image (repeat)"),
    )
    add.set_defaults(handler=run_add)

    hours = sub.add_parser(
        "hours", help=_("volunteer hours per member in a year, valued at the hourly rate")
    )
    hours.add_argument("--year", type=int, required=True, help=_("year"))
    hours.add_argument("--format", choices=FORMATS, default="table")
    hours.set_defaults(handler=run_hours)

    rate = sub.add_parser(
        "rate", help=_("show the value of an hour of volunteer time, or change it")
    )
    rate.add_argument("amount", nargs="?", help=_("the new value in dirhams, e.g. 25.00"))
    rate.set_defaults(handler=run_rate)


def _date(text: str | None, field: str) -> dt.date | None:
    return parse_date(text, field=field) if text else None


def _time(text: str | None, field: str) -> dt.time | None:
    if not text:
        return None
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise ValidationError(field, _("Write the time as HH:MM, e.g. 09:30."))
    return dt.time(int(match[1]), int(match[2]))


def _programme(programmes: list[ProgrammeRecord], code: str | None) -> ProgrammeRecord | None:
    if not code:
        return None
    for programme in programmes:
        if programme.code.casefold() == code.strip().casefold():
            return programme
    raise ValidationError(
        "programme",
        _("No programme has the code {code}. The programmes: {codes}.").format(
            code=code, codes=", ".join(p.code for p in programmes) or "—"
        ),
    )


def _project_id(session: Any, ctx: CommandContext, code: str | None) -> int | None:
    if not code:
        return None
    projects = list_projects(session, ctx.actor)
    for project in projects:
        if project.code.casefold() == code.strip().casefold():
            return project.id
    raise ValidationError(
        "project",
        _("No project has the code {code}. The projects: {codes}.").format(
            code=code, codes=", ".join(p.code for p in projects) or "—"
        ),
    )


def parse_beneficiaries(values: list[str]) -> dict[tuple[Gender, AgeGroup], int]:
    """`["f:25-59=12,m:0-14=5"]` → {(female, 25-59): 12, (male, 0-14): 5}; a group given twice
    is added up."""
    counts: dict[tuple[Gender, AgeGroup], int] = {}
    bands = {a.value: a for a in AgeGroup}
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            match = _BENEFICIARIES.fullmatch(part.lower())
            if match is None or match[1] not in GENDERS or match[2] not in bands:
                raise ValidationError(
                    "beneficiaries",
                    _(
                        "Write the beneficiaries as GENDER:BAND=COUNT, GENDER f or m, BAND one "
                        "of {bands}, e.g. f:25-59=12 (not {value})."
                    ).format(bands=", ".join(bands), value=part.strip()),
                )
            key = (GENDERS[match[1]], bands[match[2]])
            counts[key] = counts.get(key, 0) + int(match[3])
    return counts


def parse_hours(text: str, field: str = "volunteers") -> int:
    """Hours as whole minutes: "2.5", "2,5" and "2:30" are 150."""
    text = text.strip()
    clock = re.fullmatch(r"([0-9]{1,4}):([0-5][0-9])", text)
    if clock:
        return int(clock[1]) * 60 + int(clock[2])
    try:
        hours = Decimal(text.replace(",", "."))
    except InvalidOperation:
        hours = Decimal(-1)
    if not hours.is_finite() or hours <= 0:
        raise ValidationError(
            field,
            _("Write the hours as a number, e.g. 2.5 or 2:30 (not {value}).").format(value=text),
        )
    return int((hours * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _volunteers(ctx: CommandContext, session: Any, values: list[str]) -> dict[int, int]:
    minutes: dict[int, int] = {}
    for value in values:
        number, sep, hours = value.partition(":")
        if not sep or not number.strip():
            raise ValidationError(
                "volunteers",
                _(
                    "Write a volunteer as MEMBER_NUMBER:HOURS, e.g. 000012:2.5 (not {value})."
                ).format(value=value),
            )
        member = member_by_number(session, ctx.actor, number)
        minutes[member.id] = minutes.get(member.id, 0) + parse_hours(hours)
    return minutes


def run_add(ctx: CommandContext, args: argparse.Namespace) -> int:
    day = parse_date(args.date, field="starts_at")
    start = dt.datetime.combine(day, _time(args.time, "starts_at") or dt.time.min)
    end_time = _time(args.end_time, "ends_at")
    beneficiaries = parse_beneficiaries(args.beneficiaries)
    files = [(path, AttachmentRole.PHOTO) for path in args.photo] + [
        (path, AttachmentRole.ATTENDANCE_SHEET) for path in args.attendance
    ]
    contents = [(_read_file(path), path.name, role) for path, role in files]
    with ctx.database().transaction() as session:
        programme = _programme(
            list_programmes(session, ctx.actor, include_retired=True), args.programme
        )
        data = ActivityData(
            title=args.title,
            kind=ActivityKind(args.kind),
            starts_at=start,
            ends_at=dt.datetime.combine(day, end_time) if end_time else None,
            place=args.place,
            region_code=args.region,
            province=args.province,
            commune=args.commune,
            description=args.description,
            partners=args.partners,
            cost=args.cost,
            programme_id=programme.id if programme else None,
            project_id=_project_id(session, ctx, args.project),
            funding_request_id=args.request,
            beneficiaries=beneficiaries,
            volunteers=_volunteers(ctx, session, args.volunteer),
        )
        record = create_activity(session, ctx.actor, data)
        for content, name, role in contents:
            attach_activity_file(session, ctx.actor, record.id, content, name, role)
    say(_("Activity {id} logged.").format(id=record.id))
    if contents:
        count = len(contents)
        say(
            ngettext("{count} file attached.", "{count} files attached.", count).format(count=count)
        )
    return 0


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ValidationError(
            FILES_FIELD,
            _("The file {file} cannot be read ({error}).").format(file=path, error=error.strerror),
        ) from error


def _place(record: ActivityRecord) -> str:
    return ", ".join(p for p in (record.place, record.commune, record.province) if p)


def run_list(ctx: CommandContext, args: argparse.Namespace) -> int:
    table = args.format == "table"
    lang = current_language()
    with ctx.database().session() as session:
        programmes = list_programmes(session, ctx.actor, include_retired=True)
        chosen = _programme(programmes, args.programme)
        records = list_activities(
            session,
            ctx.actor,
            start=_date(args.start, "start"),
            end=_date(args.end, "end"),
            programme_id=chosen.id if chosen else None,
        )
    by_id = {p.id: p for p in programmes}
    headers = [
        "id", "date", "time", "title", "programme", "kind", "place", "region",
        "beneficiaries", "volunteer_hours", "cost", "partners",
    ]  # fmt: skip
    rows = []
    for r in records:
        programme = by_id.get(r.programme_id) if r.programme_id else None
        rows.append(
            [
                r.id,
                format_date(r.starts_at.date()) if table else r.starts_at.date().isoformat(),
                f"{r.starts_at:%H:%M}",
                r.title,
                (programme.name(lang) if table else programme.code) if programme else "",
                _(ACTIVITY_KIND_LABELS[r.kind]) if table else r.kind.value,
                _place(r),
                r.region_code or "",
                r.beneficiary_total,
                _figure(minutes_as_hours(r.volunteer_minutes), table),
                _figure(r.cost, table) if r.cost is not None else "",
                r.partners or "",
            ]
        )
    print_rows(headers, rows, args.format)
    return 0


def _figure(value: Decimal, table: bool) -> str:
    """Hours and dirhams with two decimals: as the reader writes them in a table, plain
    (12500.50) in CSV and JSON."""
    return format_amount(value) if table else str(value)


def run_hours(ctx: CommandContext, args: argparse.Namespace) -> int:
    table = args.format == "table"
    lang = current_language()
    with ctx.database().session() as session:
        year = volunteer_hours(session, ctx.actor, args.year)
    headers = ["member", "name", "activities", "hours", "rate", "value"]
    rows: list[list[Any]] = [
        [
            v.number,
            v.name(lang),
            v.activities,
            _figure(v.hours, table),
            _figure(year.rate, table),
            _figure(v.value, table),
        ]
        for v in year.volunteers
    ]
    if table and rows:
        activities = sum(v.activities for v in year.volunteers)
        rows.append(
            [
                "",
                _("Total"),
                activities,
                _figure(year.hours, table),
                _figure(year.rate, table),
                _figure(year.value, table),
            ]
        )
    print_rows(headers, rows, args.format)
    return 0


def run_rate(ctx: CommandContext, args: argparse.Namespace) -> int:
    if args.amount is None:
        with ctx.database().session() as session:
            rate = volunteer_hourly_rate(session)
    else:
        with ctx.database().transaction() as session:
            rate = Decimal(change_setting(session, ctx.actor, RATE_KEY, args.amount))
    say(
        _("An hour of volunteer time is valued at {amount} MAD.").format(amount=format_amount(rate))
    )
    return 0
