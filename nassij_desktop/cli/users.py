"""`users add|list`."""

from __future__ import annotations

import argparse
import os
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_rows, say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import ROLE_LABELS, Role
from nassij_desktop.core.users.services import create_user, list_users
from nassij_desktop.i18n import _


def register(commands: Any) -> None:
    users = commands.add_parser("users", help=command_help("users"))
    sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help=_("add a user account"))
    add.add_argument("login")
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=[r.value for r in Role], required=True)
    add.add_argument(
        "--password-env",
        default="NASSIJ_PASSWORD",
        help=_("environment variable holding the password"),
    )
    add.set_defaults(handler=run_add)
    lst = sub.add_parser("list", help=_("list user accounts"))
    lst.add_argument("--format", choices=["table", "csv", "json"], default="table")
    lst.set_defaults(handler=run_list)


def run_add(ctx: CommandContext, args: argparse.Namespace) -> int:
    password = os.environ.get(args.password_env, "")
    if not password:
        raise ValidationError(
            "password",
            _("Set the password in the environment variable {name}.").format(
                name=args.password_env
            ),
        )
    with ctx.database().transaction() as session:
        user = create_user(session, ctx.actor, args.login, args.name, password, Role(args.role))
    say(_("Added user {login} ({role})").format(login=user.login, role=_(ROLE_LABELS[user.role])))
    return 0


def run_list(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().session() as session:
        users = list_users(session, ctx.actor)
    print_rows(
        ["login", "name", "role", "active"],
        [[u.login, u.full_name, u.role.value, "yes" if u.active else "no"] for u in users],
        args.format,
    )
    return 0
