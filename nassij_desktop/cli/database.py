"""`init`, `check`, `backup`, `restore`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.association.authorities import AuthorityKind
from nassij_desktop.core.association.services import AssociationProfile, logo_file_patterns
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Permission
from nassij_desktop.i18n import _
from nassij_desktop.storage import backup, check, encryption, restore
from nassij_desktop.storage.creation import OwnerAccount, create_association_file
from nassij_desktop.storage.errors import DatabaseOpenError, NotADatabase
from nassij_desktop.storage.inspect import inspect_file


def register(commands: Any) -> None:
    init = commands.add_parser("init", help=command_help("init"))
    init.add_argument("--name-ar", required=True, help=_("the association's name in Arabic"))
    init.add_argument("--name-fr", required=True, help=_("the association's name in French"))
    init.add_argument("--acronym")
    init.add_argument("--city")
    init.add_argument("--region", dest="region_code", help=_("region code, 01 to 12"))
    init.add_argument("--commune", help=_("the commune of the seat"))
    init.add_argument(
        "--authority-kind",
        choices=[kind.value for kind in AuthorityKind],
        help=_("the local authority the declarations are addressed to"),
    )
    init.add_argument(
        "--authority-place",
        help=_("the place the local authority is named after (default: the commune)"),
    )
    init.add_argument("--phone")
    init.add_argument("--email")
    init.add_argument("--fiscal-year-start-month", type=int, default=1)
    init.add_argument(
        "--logo",
        type=Path,
        help=_("the association's logo, printed on its documents ({types})").format(
            types=logo_file_patterns()
        ),
    )
    init.add_argument("--admin-login", help=_("create the first administrator account"))
    init.add_argument("--admin-name", default=None)
    init.add_argument(
        "--admin-password-env",
        default="NASSIJ_ADMIN_PASSWORD",
        help=_("environment variable holding the administrator's password"),
    )
    init.set_defaults(handler=run_init)

    chk = commands.add_parser("check", help=command_help("check"))
    chk.set_defaults(handler=run_check)

    bak = commands.add_parser("backup", help=command_help("backup"))
    bak.add_argument("file")  # a str: a trailing "/" (a folder) must reach the check
    bak.set_defaults(handler=run_backup)

    res = commands.add_parser("restore", help=command_help("restore"))
    res.add_argument("file", type=Path)
    res.set_defaults(handler=run_restore)


def run_init(ctx: CommandContext, args: argparse.Namespace) -> int:
    profile = AssociationProfile(
        name_ar=args.name_ar,
        name_fr=args.name_fr,
        acronym=args.acronym,
        city=args.city,
        region_code=args.region_code,
        commune=args.commune,
        authority_kind=args.authority_kind,
        authority_place=args.authority_place,
        phone=args.phone,
        email=args.email,
        fiscal_year_start_month=args.fiscal_year_start_month,
    )
    owner = None
    if args.admin_login:
        password = os.environ.get(args.admin_password_env, "")
        if not password:
            raise ValidationError(
                "password",
                _("Set the administrator's password in the environment variable {name}.").format(
                    name=args.admin_password_env
                ),
            )
        owner = OwnerAccount(args.admin_login, args.admin_name or args.admin_login, password)
    ctx.lock()  # the file is the application's from its first byte
    created = create_association_file(ctx.target, profile, owner, logo=args.logo, actor=CLI_ACTOR)
    say(_("Created {name} in {path}").format(name=created.name_fr, path=ctx.shown_target))
    return 0


def run_check(ctx: CommandContext, args: argparse.Namespace) -> int:
    try:
        database = ctx.database(inspecting=True)
    except NotADatabase:
        # Too damaged to open: what can still be read, and how to save it.
        from nassij_desktop.storage.damage import diagnose_damage
        from nassij_desktop.storage.schema_rescue import looks_like_sqlite

        path = ctx.path
        # A protected file is read with its key (unwrapped above), whatever its pages hold.
        if path is None or not (looks_like_sqlite(path) or encryption.file_key(path)):
            raise
        say(_("PROBLEM: {problem}").format(problem=diagnose_damage(path).check_problem()))
        return 1
    report = check(database)
    for item in report.checked:
        say(_("checked: {item}").format(item=item))
    for problem in report.problems:
        say(_("PROBLEM: {problem}").format(problem=problem))
    if report.ok:
        say(_("The file is sound."))
        return 0
    return 1


def run_backup(ctx: CommandContext, args: argparse.Namespace) -> int:
    ctx.actor.require(Permission.DATA_ADMIN)
    target = backup(ctx.database(), args.file)
    say(_("Backup written to {path}").format(path=target))
    return 0


def run_restore(ctx: CommandContext, args: argparse.Namespace) -> int:
    path = ctx.path
    if path is None:
        raise NassijError(
            _("A server database is restored with the server's own tools (pg_restore).")
        )
    # Signed in on the file being replaced (an empty or damaged one has nobody to sign in).
    actor = ctx.actor if _readable_association(path) else CLI_ACTOR
    source = args.file.expanduser().resolve()
    if encryption.is_encrypted(source) and encryption.known_key(source) is None:
        # A protected backup opens with the same user's password (its own keys file).
        encryption.unlock(source, ctx.login, ctx.password() if ctx.login else None)
    ctx.lock()  # held until the command ends: nobody opens the file half-restored
    ctx.close_database()
    safety = restore(args.file, path, actor=actor)
    if safety:
        say(_("The previous file was saved as {path}").format(path=safety))
    say(_("Restored {source} into {target}").format(source=args.file, target=ctx.shown_target))
    return 0


def _readable_association(path: Path) -> bool:
    """Whether the file to be replaced can be opened (so its accounts apply to the restore)."""
    if encryption.is_encrypted(path):
        return True  # its accounts apply: signing in unwraps its key
    try:
        return inspect_file(path, create=False) is not None
    except DatabaseOpenError:
        return False
