"""`init`, `check`, `backup`, `restore`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.core.association.services import AssociationProfile, create_association
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Role
from nassij_desktop.core.users.services import create_user
from nassij_desktop.i18n import _
from nassij_desktop.storage import backup, check, restore


def register(commands: Any) -> None:
    init = commands.add_parser("init", help=_("create an association file"))
    init.add_argument("--name-ar", required=True, help=_("the association's name in Arabic"))
    init.add_argument("--name-fr", required=True, help=_("the association's name in French"))
    init.add_argument("--acronym")
    init.add_argument("--city")
    init.add_argument("--region", dest="region_code", help=_("region code, 01 to 12"))
    init.add_argument("--phone")
    init.add_argument("--email")
    init.add_argument("--fiscal-year-start-month", type=int, default=1)
    init.add_argument("--admin-login", help=_("create the first administrator account"))
    init.add_argument("--admin-name", default=None)
    init.add_argument(
        "--admin-password-env",
        default="NASSIJ_ADMIN_PASSWORD",
        help=_("environment variable holding the administrator's password"),
    )
    init.set_defaults(handler=run_init)

    chk = commands.add_parser("check", help=_("check the file: integrity, structure, books"))
    chk.set_defaults(handler=run_check)

    bak = commands.add_parser("backup", help=_("write a consistent copy of the file"))
    bak.add_argument("file", type=Path)
    bak.set_defaults(handler=run_backup)

    res = commands.add_parser(
        "restore", help=_("replace the file by a backup (the current file is backed up first)")
    )
    res.add_argument("file", type=Path)
    res.set_defaults(handler=run_restore)


def run_init(ctx: CommandContext, args: argparse.Namespace) -> int:
    database = ctx.database(create=True)
    profile = AssociationProfile(
        name_ar=args.name_ar,
        name_fr=args.name_fr,
        acronym=args.acronym,
        city=args.city,
        region_code=args.region_code,
        phone=args.phone,
        email=args.email,
        fiscal_year_start_month=args.fiscal_year_start_month,
    )
    with database.transaction() as session:
        association = create_association(session, ctx.actor, profile)
        if args.admin_login:
            password = os.environ.get(args.admin_password_env, "")
            if not password:
                raise ValidationError(
                    "password",
                    _(
                        "Set the administrator's password in the environment variable {name}."
                    ).format(name=args.admin_password_env),
                )
            create_user(
                session,
                ctx.actor,
                args.admin_login,
                args.admin_name or args.admin_login,
                password,
                Role.ADMIN,
            )
        name = association.name_fr
    print(_("Created {name} in {path}").format(name=name, path=ctx.target))
    return 0


def run_check(ctx: CommandContext, args: argparse.Namespace) -> int:
    report = check(ctx.database())
    for item in report.checked:
        print(_("checked: {item}").format(item=item))
    for problem in report.problems:
        print(_("PROBLEM: {problem}").format(problem=problem))
    if report.ok:
        print(_("The file is sound."))
        return 0
    return 1


def run_backup(ctx: CommandContext, args: argparse.Namespace) -> int:
    target = backup(ctx.database(), args.file)
    print(_("Backup written to {path}").format(path=target))
    return 0


def run_restore(ctx: CommandContext, args: argparse.Namespace) -> int:
    ctx.close()
    safety = restore(args.file, Path(ctx.target))
    if safety:
        print(_("The previous file was saved as {path}").format(path=safety))
    print(_("Restored {source} into {target}").format(source=args.file, target=ctx.target))
    return 0
