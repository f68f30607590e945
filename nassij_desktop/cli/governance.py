"""`board show`, `assembly list|show|convene|open|attend|resolve|minutes|elect|close|proxies`
and `declarations list|file`: the governance services from the command line.

The free text of an assembly (place, agenda items, resolutions, discussions, remarks) is given
in Arabic and/or French (`--place-ar`, `--place-fr`…); a text given without a language
(`--place`, `--item`, a resolution's TEXT) goes into the language of its script."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools
from typing import Any

from nassij_desktop.cli import sgg_declarations as sgg
from nassij_desktop.cli.arguments import BadArgument, date_arg, usage_errors
from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_rows, say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.association.settings import MAX_PROXIES, change_setting, proxy_limit
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.bilingual import Bilingual, as_bilingual
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.validators import parse_date
from nassij_desktop.core.governance.models import ASSEMBLY_KIND_LABELS, AssemblyKind, Attendance
from nassij_desktop.core.governance.quorum import parse_quorum, quorum_text
from nassij_desktop.core.governance.records import (
    ATTENDANCE_LABELS,
    DECLARATION_KIND_LABELS,
    STATE_LABELS,
)
from nassij_desktop.core.governance.services import (
    AssemblyData,
    SeatChoice,
    close_assembly,
    convene_assembly,
    current_board,
    declaration_reminders,
    elect_board,
    get_assembly,
    list_assemblies,
    list_declarations,
    open_session,
    record_attendance,
    record_declaration_filed,
    record_minutes,
    record_resolution,
)
from nassij_desktop.core.members.services import member_by_number
from nassij_desktop.i18n import _, current_language, ngettext

FORMATS = ["table", "csv", "json"]
PROXIES_KEY = "governance.max_proxies_per_holder"


def register(commands: Any) -> None:
    """Add the sub-commands to the `nassij` parser."""
    board = commands.add_parser("board", help=command_help("board"))
    board_sub = board.add_subparsers(dest="board_command", metavar="ACTION", required=True)
    show = board_sub.add_parser("show", help=_("the board on a day (default: today)"))
    show.add_argument("--date", help=_("dd/mm/yyyy (default: today)"))
    show.add_argument("--format", choices=FORMATS, default="table")
    show.set_defaults(handler=run_board_show)

    assembly = commands.add_parser("assembly", help=command_help("assembly"))
    sub = assembly.add_subparsers(dest="assembly_command", metavar="ACTION", required=True)

    lst = sub.add_parser("list", help=_("list the general assemblies"))
    lst.add_argument("--format", choices=FORMATS, default="table")
    lst.set_defaults(handler=run_list)

    detail = sub.add_parser("show", help=_("one assembly: agenda, quorum, resolutions"))
    detail.add_argument("id", type=int)
    detail.set_defaults(handler=run_show)

    convene = sub.add_parser("convene", help=_("convene a general assembly"))
    convene.add_argument("--kind", choices=[k.value for k in AssemblyKind], default="ordinary")
    convene.add_argument("--date", required=True, help=_("dd/mm/yyyy"))
    convene.add_argument("--time", help=_("hh:mm"))
    convene.add_argument("--place", help=_("the place, in the language of its script"))
    convene.add_argument("--place-ar", help=_("the place in Arabic"))
    convene.add_argument("--place-fr", help=_("the place in French"))
    convene.add_argument("--convened-on", help=_("dd/mm/yyyy (default: today)"))
    convene.add_argument(
        "--quorum",
        default="1/2",
        help=_("share of the voting members: a fraction such as 2/3, or a percentage such as 66"),
    )
    convene.add_argument(
        "--item",
        action="append",
        default=[],
        help=_("an agenda item, in the language of its script (repeat, in order)"),
    )
    convene.add_argument(
        "--item-ar",
        action="append",
        default=[],
        help=_("an agenda item in Arabic (repeat, in order; paired with --item-fr)"),
    )
    convene.add_argument(
        "--item-fr",
        action="append",
        default=[],
        help=_('an agenda item in French (repeat, in order; "" when it has none)'),
    )
    convene.set_defaults(handler=run_convene)

    opening = sub.add_parser("open", help=_("open the session of a convened assembly"))
    opening.add_argument("id", type=int)
    opening.set_defaults(handler=run_open)

    attend = sub.add_parser("attend", help=_("record a member's attendance"))
    attend.add_argument("id", type=int, help=_("assembly number"))
    attend.add_argument("member", help=_("member number"))
    attend.add_argument("attendance", choices=[a.value for a in Attendance])
    attend.add_argument("--proxy", help=_("member number of the proxy holder"))
    attend.set_defaults(handler=run_attend)

    resolve = sub.add_parser("resolve", help=_("record a resolution and its votes"))
    resolve.add_argument("id", type=int, help=_("assembly number"))
    resolve.add_argument("text", nargs="?", help=_("the text, in the language of its script"))
    resolve.add_argument("--text-ar", help=_("the text in Arabic"))
    resolve.add_argument("--text-fr", help=_("the text in French"))
    resolve.add_argument("--for", dest="votes_for", type=int, required=True)
    resolve.add_argument("--against", type=int, default=0)
    resolve.add_argument("--abstain", type=int, default=0)
    resolve.set_defaults(handler=run_resolve)

    minutes = sub.add_parser(
        "minutes", help=_("record how agenda items were discussed, and the remarks")
    )
    minutes.add_argument("id", type=int, help=_("assembly number"))
    for lang, label in (("ar", _("in Arabic")), ("fr", _("in French"))):
        minutes.add_argument(
            f"--discussion-{lang}",
            action="append",
            default=[],
            metavar="ITEM=TEXT",
            help=_("the discussion of an agenda item {language} (repeat)").format(language=label),
        )
        minutes.add_argument(
            f"--notes-{lang}", help=_("the remarks {language}").format(language=label)
        )
    minutes.set_defaults(handler=run_minutes)

    elect = sub.add_parser("elect", help=_("record the board elected by an assembly"))
    elect.add_argument("id", type=int, help=_("assembly number"))
    elect.add_argument(
        "--seat",
        action="append",
        required=True,
        metavar="ROLE=NUMBER",
        help=_("a role code and a member number, e.g. president=000012 (repeat)"),
    )
    elect.set_defaults(handler=run_elect)

    close = sub.add_parser("close", help=_("close the session of an assembly"))
    close.add_argument("id", type=int)
    close.set_defaults(handler=run_close)

    proxies = sub.add_parser(
        "proxies",
        help=_("show how many proxies one member present may hold, or change it (the statutes)"),
    )
    proxies.add_argument(
        "count",
        nargs="?",
        help=_("the new limit, from 0 (no proxy) to {high}").format(high=MAX_PROXIES),
    )
    proxies.set_defaults(handler=run_proxies)

    declarations = commands.add_parser("declarations", help=command_help("declarations"))
    dec_sub = declarations.add_subparsers(
        dest="declarations_command", metavar="ACTION", required=True
    )
    dec_list = dec_sub.add_parser("list", help=_("declarations, or only those still to file"))
    dec_list.add_argument("--pending", action="store_true", help=_("only those still to file"))
    dec_list.add_argument("--format", choices=FORMATS, default="table")
    dec_list.set_defaults(handler=run_declarations)
    dec_file = dec_sub.add_parser("file", help=_("record that a declaration was lodged"))
    dec_file.add_argument("id", metavar="ID", help=_("a number, or SGG-N for the SGG"))
    dec_file.add_argument("--date", help=_("dd/mm/yyyy (default: today)"))
    dec_file.add_argument("--authority", help=_("required for a declaration to the authority"))
    dec_file.add_argument("--receipt")
    dec_file.add_argument("--reference", help=_("the reference the SGG gave"))
    dec_file.add_argument("--receipt-date", help=_("dd/mm/yyyy"))
    dec_file.set_defaults(handler=run_file)


def _texts(plain: str | None, ar: str | None, fr: str | None) -> Bilingual:
    """A text given in Arabic and/or French, or without a language (its script decides)."""
    if plain is not None and (ar is not None or fr is not None):
        raise ValidationError(
            "text", _("Give the text either without a language or with --…-ar/--…-fr.")
        )
    return as_bilingual(plain) if plain is not None else Bilingual(ar or None, fr or None)


def _other_language(texts: Bilingual, lang: str) -> str | None:
    """The text in the language other than `lang`'s, when it differs from the one shown."""
    other = "fr" if lang == "ar" else "ar"
    shown = texts.text(lang)
    text = texts.get(other)
    return text if text and text != shown else None


def _date(text: str | None, field: str) -> dt.date | None:
    return parse_date(text, field=field) if text else None


def _time(text: str | None) -> dt.time | None:
    if not text:
        return None
    try:
        return dt.time.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError("time", _("Give the time as hh:mm.")) from None


def _name(person: Any) -> str:
    return person.name(current_language()) if person else ""


def run_board_show(ctx: CommandContext, args: argparse.Namespace) -> int:
    day = _date(args.date, "date") or clock.today()
    lang = current_language()
    with ctx.database().session() as session:
        term = current_board(session, ctx.actor, day)
    if term is None:
        say(_("There is no board on this date."))
        return 0
    rows = [
        [s.title(lang), s.member.number, _name(s.member), s.starts_on.isoformat()]
        for s in term.seats
    ]
    print_rows(["role", "number", "name", "since"], rows, args.format)
    return 0


def run_list(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().session() as session:
        assemblies = list_assemblies(session, ctx.actor)
    table = args.format == "table"
    lang = current_language()
    rows = [
        [
            a.id,
            a.held_on.isoformat(),
            _(ASSEMBLY_KIND_LABELS[a.kind]) if table else a.kind.value,
            _(STATE_LABELS[a.state]) if table else a.state.value,
            # A table reads in the interface's language; data for a program has both.
            *([a.place.text(lang)] if table else [a.place.ar, a.place.fr]),
        ]
        for a in assemblies
    ]
    places = ["place"] if table else ["place_ar", "place_fr"]
    print_rows(["id", "date", "kind", "state", *places], rows, args.format)
    return 0


def run_show(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().session() as session:
        detail = get_assembly(session, ctx.actor, args.id)
    summary, quorum = detail.summary, detail.quorum
    lang = current_language()
    # Each text in the interface's language (else the other); below it, the other
    # language's version, marked with its code.
    say(
        f"{_(ASSEMBLY_KIND_LABELS[summary.kind])} — {summary.held_on.isoformat()} — "
        f"{_(STATE_LABELS[summary.state])}"
    )

    def other(texts: Bilingual, indent: str = "       ") -> None:
        text = _other_language(texts, lang)
        if text:
            say(f"{indent}[{'fr' if lang == 'ar' else 'ar'}] {text}")

    if summary.place:
        say(_("Place: {place}").format(place=summary.place.text(lang)))
        other(summary.place, "  ")
    for item in detail.agenda:
        say(f"  {item.position}. {item.title.text(lang)}")
        other(item.title)
        if item.discussion:
            say(f"       {item.discussion.text(lang)}")
            other(item.discussion)
    say(
        _(
            "Voting members: {voting}; present: {present}; represented: {represented}; "
            "needed: {needed} ({quorum})"
        ).format(
            voting=quorum.voting,
            present=quorum.present,
            represented=quorum.represented,
            needed=quorum.needed,
            quorum=quorum_text(quorum.quorum),
        )
    )
    say(_("Quorum reached") if quorum.reached else _("Quorum not reached"))
    for r in detail.resolutions:
        outcome = _("adopted") if r.adopted else _("rejected")
        votes = f"{r.votes_for}/{r.votes_against}/{r.votes_abstain}"
        say(f"  {r.position}. {r.text.text(lang)} ({votes}) {outcome}")
        other(r.text)
    if detail.notes:
        say(_("Remarks: {remarks}").format(remarks=detail.notes.text(lang)))
        other(detail.notes, "  ")
    return 0


def run_convene(ctx: CommandContext, args: argparse.Namespace) -> int:
    if args.item and (args.item_ar or args.item_fr):
        # Their order between them could not be told: one way or the other.
        raise ValidationError(
            "agenda", _("Give the text either without a language or with --…-ar/--…-fr.")
        )
    data = AssemblyData(
        kind=AssemblyKind(args.kind),
        held_on=_date(args.date, "held_on"),
        starts_at=_time(args.time),
        place=_texts(args.place, args.place_ar, args.place_fr),
        convened_on=_date(args.convened_on, "convened_on") or clock.today(),
        quorum=parse_quorum(args.quorum),
        agenda=[as_bilingual(item) for item in args.item]
        or [
            Bilingual(ar or None, fr or None)
            for ar, fr in itertools.zip_longest(args.item_ar, args.item_fr)
        ],
    )
    with ctx.database().transaction() as session:
        summary = convene_assembly(session, ctx.actor, data)
    say(_("Convened the assembly number {id}.").format(id=summary.id))
    return 0


def run_open(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().transaction() as session:
        open_session(session, ctx.actor, args.id)
    say(_("The session of assembly {id} is open.").format(id=args.id))
    return 0


def run_attend(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().transaction() as session:
        record = record_attendance(
            session,
            ctx.actor,
            args.id,
            member_by_number(session, ctx.actor, args.member).id,
            Attendance(args.attendance),
            member_by_number(session, ctx.actor, args.proxy).id if args.proxy else None,
        )
        quorum = get_assembly(session, ctx.actor, args.id).quorum
    say(
        _("{name}: {attendance}. Present or represented: {attending} of {voting}.").format(
            name=_name(record.member),
            attendance=(
                gendered(ATTENDANCE_LABELS[record.attendance], record.member.gender)
                if record.attendance
                else ""
            ),
            attending=quorum.attending,
            voting=quorum.voting,
        )
    )
    return 0


def run_resolve(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().transaction() as session:
        resolution = record_resolution(
            session,
            ctx.actor,
            args.id,
            _texts(args.text, args.text_ar, args.text_fr),
            args.votes_for,
            args.against,
            args.abstain,
        )
    say(
        _("Resolution {position}: adopted.").format(position=resolution.position)
        if resolution.adopted
        else _("Resolution {position}: rejected.").format(position=resolution.position)
    )
    return 0


def run_minutes(ctx: CommandContext, args: argparse.Namespace) -> int:
    """Discussions by agenda item number, in one language or both; what is not given (an
    item, a language, the remarks) is kept as it was."""
    with ctx.database().transaction() as session:
        detail = get_assembly(session, ctx.actor, args.id, attendance=False)
        items = {str(item.position): item for item in detail.agenda}
        discussions: dict[int, Bilingual] = {}
        for lang in ("ar", "fr"):
            for text in getattr(args, f"discussion_{lang}"):
                position, sep, discussion = text.partition("=")
                item = items.get(position.strip())
                if not sep or item is None:
                    raise ValidationError(
                        "discussion",
                        _("Write each discussion as ITEM=TEXT, ITEM an agenda item number."),
                    )
                before = discussions.get(item.id, item.discussion)
                discussions[item.id] = dataclasses.replace(before, **{lang: discussion or None})
        notes = detail.notes
        for lang in ("ar", "fr"):
            given = getattr(args, f"notes_{lang}")
            if given is not None:
                notes = dataclasses.replace(notes, **{lang: given or None})
        record_minutes(session, ctx.actor, args.id, discussions=discussions, notes=notes)
    say(_("The minutes of assembly {id} are recorded.").format(id=args.id))
    return 0


def run_elect(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().transaction() as session:
        seats = []
        for text in args.seat:
            role, sep, number = text.partition("=")
            if not sep or not role.strip() or not number.strip():
                raise ValidationError("seat", _("Write each seat as ROLE=NUMBER."))
            seats.append(SeatChoice(role.strip(), member_by_number(session, ctx.actor, number).id))
        result = elect_board(session, ctx.actor, args.id, seats)
    say(
        ngettext(
            "Board elected ({count} seat). Declare it to the local authority before {date}.",
            "Board elected ({count} seats). Declare it to the local authority before {date}.",
            len(result.term.seats),
        ).format(count=len(result.term.seats), date=result.declaration_due_on.isoformat())
    )
    return 0


def run_close(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().transaction() as session:
        summary = close_assembly(session, ctx.actor, args.id)
    say(
        _("Assembly {id} closed; quorum reached.").format(id=summary.id)
        if summary.quorum_reached
        else _("Assembly {id} closed; quorum not reached.").format(id=summary.id)
    )
    return 0


def run_proxies(ctx: CommandContext, args: argparse.Namespace) -> int:
    if args.count is None:
        with ctx.database().session() as session:
            limit = proxy_limit(session, ctx.actor)
    else:
        with ctx.database().transaction() as session:
            limit = int(change_setting(session, ctx.actor, PROXIES_KEY, args.count))
    if limit == 0:
        say(_("A member present may hold no proxy."))
    else:
        say(
            ngettext(
                "A member present may hold {count} proxy.",
                "A member present may hold {count} proxies.",
                limit,
            ).format(count=limit)
        )
    return 0


def run_declarations(ctx: CommandContext, args: argparse.Namespace) -> int:
    table = args.format == "table"
    today = clock.today()
    with ctx.database().session() as session:
        if args.pending:
            reminders = declaration_reminders(session, ctx.actor, today)
            rows = [
                [
                    r.declaration_id,
                    _(DECLARATION_KIND_LABELS[r.kind]) if table else r.kind.value,
                    r.due_on.isoformat(),
                    (_("overdue") if table else "overdue") if r.overdue else "",
                ]
                for r in reminders
            ]
            rows = sgg.with_sgg_declarations(
                session,
                ctx.actor,
                rows,
                [r.due_on for r in reminders],
                pending=True,
                table=table,
                today=today,
            )
            print_rows(["id", "kind", "due", "late"], rows, args.format)
            return 0
        declarations = list_declarations(session, ctx.actor)
        rows = [
            [
                d.id,
                _(DECLARATION_KIND_LABELS[d.kind]) if table else d.kind.value,
                d.due_on.isoformat() if d.due_on else "",
                d.filed_on.isoformat() if d.filed_on else "",
                d.authority,
                d.receipt_number,
            ]
            for d in declarations
        ]
        rows = sgg.with_sgg_declarations(
            session,
            ctx.actor,
            rows,
            [d.due_on or d.filed_on for d in declarations],
            pending=False,
            table=table,
            today=today,
        )
    print_rows(["id", "kind", "due", "filed", "authority", "receipt"], rows, args.format)
    return 0


@usage_errors
def run_file(ctx: CommandContext, args: argparse.Namespace) -> int:
    sgg_id = sgg.parse_id(args.id)
    if sgg_id is not None:
        return _file_sgg(ctx, args, sgg_id)
    if args.authority is None:
        raise BadArgument(
            "--authority", _("Name the authority the file was lodged with (caïdat, pachalik…).")
        )
    if args.reference is not None:
        raise BadArgument(
            "--reference", _("Only a declaration to the SGG takes --reference; use --receipt.")
        )
    with ctx.database().transaction() as session:
        record = record_declaration_filed(
            session,
            ctx.actor,
            int(args.id),
            None,
            filed_on=_date(args.date, "filed_on") or clock.today(),
            authority=args.authority,
            receipt_number=args.receipt,
            receipt_date=_date(args.receipt_date, "receipt_date"),
        )
    say(
        _("Declaration {id} filed on {date}.").format(
            id=record.id, date=record.filed_on.isoformat() if record.filed_on else ""
        )
    )
    return 0


def _file_sgg(ctx: CommandContext, args: argparse.Namespace, declaration_id: int) -> int:
    """A declaration of foreign funding to the SGG, marked filed (its reference: --reference,
    or --receipt)."""
    if args.receipt_date is not None:
        raise BadArgument(
            "--receipt-date", _("A declaration to the SGG takes its date (--date) only.")
        )
    declared_on = date_arg(args.date, "--date") or clock.today()
    with ctx.database().transaction() as session:
        record = sgg.file_sgg_declaration(
            session, ctx.actor, declaration_id, declared_on, args.reference or args.receipt
        )
    say(
        _("Declaration {id} to the SGG filed on {date}.").format(
            id=sgg.code(record.id),
            date=record.declared_on.isoformat() if record.declared_on else "",
        )
    )
    return 0
