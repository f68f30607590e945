"""`privacy access|anonymise|retention`: personal data under law 09-08, for administrators.

`access --member N` gives everything the file holds about a member, as JSON (to the terminal
or `-o FILE`) or as the `personal-data` document (PDF, `-o FILE`); `anonymise --member N
--reason TEXT` shows what would be done, and does it with `--yes`; `retention [--years N]`
lists the members gone for more than N years (the setting `privacy.retention_years` by
default), and anonymises them all with `--apply`.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from nassij_desktop.cli.arguments import BadArgument, usage_errors
from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_rows, say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.output_files import (
    atomic_output,
    check_output_path,
    protected_paths,
)
from nassij_desktop.core.members.models import STATUS_LABELS, MemberStatus
from nassij_desktop.core.privacy.access import personal_data, personal_data_json
from nassij_desktop.core.privacy.anonymise import anonymise_member
from nassij_desktop.core.privacy.retention import (
    apply_retention,
    retention_preview,
    retention_years,
    years_phrase,
)
from nassij_desktop.i18n import _, current_language, ngettext
from nassij_desktop.i18n.formatting import format_date, format_number
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import Lang, ReportRequest


def register(commands: Any) -> None:
    privacy = commands.add_parser("privacy", help=command_help("privacy"))
    sub = privacy.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)

    access = sub.add_parser("access", help=_("everything held about a member (JSON or PDF)"))
    access.add_argument("--member", required=True, metavar="NUMBER", help=_("member number"))
    access.add_argument("--format", choices=["json", "pdf"], default="json")
    access.add_argument("-o", "--out", help=_("the file to write (PDF: required)"))
    access.add_argument("--lang", choices=["ar", "fr"], help=_("the language of the PDF"))
    access.set_defaults(handler=run_access)

    anonymise = sub.add_parser(
        "anonymise", help=_("take a member's identity out of the file, keeping the books")
    )
    anonymise.add_argument("--member", required=True, metavar="NUMBER", help=_("member number"))
    anonymise.add_argument("--reason", required=True, help=_("why (the request, its date)"))
    anonymise.add_argument(
        "--yes", action="store_true", help=_("do it (without it, only say what would be done)")
    )
    anonymise.set_defaults(handler=run_anonymise)

    retention = sub.add_parser(
        "retention", help=_("members who left more than N years ago, to anonymise")
    )
    retention.add_argument(
        "--years", type=int, help=_("years since they left (default: the setting)")
    )
    retention.add_argument("--apply", action="store_true", help=_("anonymise every member listed"))
    retention.set_defaults(handler=run_retention)


@usage_errors
def run_access(ctx: CommandContext, args: argparse.Namespace) -> int:
    if args.format == "pdf" and not args.out:
        raise BadArgument("--out", _("Give the PDF file to write (-o FILE)."))
    lang: Lang = args.lang or ("fr" if current_language() == "fr" else "ar")
    with ctx.database().session() as session:
        data = personal_data(session, ctx.actor, args.member)
        if args.format == "pdf":
            result = produce_report(
                session,
                ctx.actor,
                "personal-data",
                ReportRequest(lang=lang, out=Path(args.out), record_id=data.member.id),
            )
            say(
                ngettext("{path}: {pages} page.", "{path}: {pages} pages.", result.pages).format(
                    path=os.fspath(result.path), pages=format_number(result.pages)
                )
            )
            return 0
    text = personal_data_json(data)
    if not args.out:
        print(text)
        return 0
    protected = set(protected_paths(ctx.path)) if ctx.path is not None else set()
    target = check_output_path(Path(args.out), protected=protected)
    with atomic_output(target) as temporary:
        temporary.write_text(text + "\n", encoding="utf-8")
    say(_("{path}: written.").format(path=os.fspath(target)))
    return 0


def run_anonymise(ctx: CommandContext, args: argparse.Namespace) -> int:
    database = ctx.database()
    if not args.yes:
        with database.session() as session:
            data = personal_data(session, ctx.actor, args.member)
        say(
            _(
                "Member {number} ({name}) would be anonymised: their names become a neutral "
                "label, their identity, contact details and notes are erased, in the register, "
                "the books and the audit log; amounts, votes and counts stay. Nothing was "
                "changed: add --yes to do it."
            ).format(number=data.member.number, name=data.member.name(current_language()))
        )
        return 0
    with database.transaction() as session:
        done = anonymise_member(session, ctx.actor, args.member, reason=args.reason)
    say(
        _(
            "Member {number} is anonymised. Changed — journal entries: {entries}; audit log "
            "entries: {audit}; other texts: {texts}."
        ).format(
            number=done.number,
            entries=format_number(done.entries),
            audit=format_number(done.audit_entries),
            texts=format_number(done.texts),
        )
    )
    return 0


def run_retention(ctx: CommandContext, args: argparse.Namespace) -> int:
    database = ctx.database()
    lang = current_language()
    with database.session() as session:
        years = args.years if args.years is not None else retention_years(session)
        found = retention_preview(session, ctx.actor, years)
    print_rows(
        [_("Number"), _("Name"), _("Status"), _("Since")],
        [
            [
                c.number,
                (c.name_ar or c.name_lat) if lang == "ar" else (c.name_lat or c.name_ar),
                gendered(STATUS_LABELS[MemberStatus(c.status)], c.gender, lang),
                format_date(c.left_on, lang),
            ]
            for c in found
        ],
        "table",
    )
    if not args.apply:
        say(
            ngettext(
                "{count} member left more than {years} ago (--apply to anonymise).",
                "{count} members left more than {years} ago (--apply to anonymise them).",
                len(found),
            ).format(count=format_number(len(found)), years=years_phrase(years))
        )
        return 0
    with database.transaction() as session:
        done = apply_retention(session, ctx.actor, years)
    say(
        ngettext("{count} member anonymised.", "{count} members anonymised.", len(done)).format(
            count=format_number(len(done))
        )
    )
    return 0
