"""`encrypt`, `decrypt`: protect an association file with a password, or make a plain copy.

`encrypt` wraps the new key for the administrator who runs it; every other account gets its
own wrap when its password is next set (an administrator's reset, or the user's own change
before the file is protected): the other passwords are not known to whoever encrypts, and
asking each user to come and type theirs would stop the association's work for a day.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.output_files import check_output_path, protected_paths
from nassij_desktop.i18n import _, ngettext
from nassij_desktop.storage import encryption
from nassij_desktop.storage.inspect import shown


def register(commands: Any) -> None:
    enc = commands.add_parser("encrypt", help=command_help("encrypt"))
    enc.add_argument("file", type=Path, nargs="?", help=_("the file (default: --db)"))
    enc.set_defaults(handler=run_encrypt)
    dec = commands.add_parser("decrypt", help=command_help("decrypt"))
    dec.add_argument("file", type=Path, nargs="?", help=_("the file (default: --db)"))
    dec.add_argument("-o", "--out", type=Path, required=True, help=_("the plain copy to write"))
    dec.set_defaults(handler=run_decrypt)


def _target(ctx: CommandContext, args: argparse.Namespace) -> Path:
    if args.file is not None:
        ctx.target = args.file.expanduser().resolve()
    path = ctx.path
    if path is None:
        raise NassijError(_("Only an association file (SQLite) can be protected by a password."))
    return path


def run_encrypt(ctx: CommandContext, args: argparse.Namespace) -> int:
    path = _target(ctx, args)
    if encryption.is_encrypted(path):
        raise NassijError(_("{path} is already protected by a password.").format(path=shown(path)))
    database = ctx.database(write=True)
    logins = encryption.logins(database)
    if not logins or ctx.login is None:
        raise NassijError(
            _(
                "{path} has no user accounts: create an administrator account first "
                "(`nassij users add`), then protect the file."
            ).format(path=shown(path))
        )
    actor = ctx.actor
    login = ctx.login.strip().lower()
    password = ctx.password()
    ctx.close_database()  # the lock file stays held: nobody opens it meanwhile
    encryption.encrypt_file(path, actor, login, password)
    say(
        _("{path} is now protected by a password; its keys file is {keys}.").format(
            path=shown(path), keys=shown(encryption.keys_path(path))
        )
    )
    others = [name for name in logins if name != login]
    if others:
        say(
            ngettext(
                "This account opens it once an administrator has reset its password: {logins}.",
                "These accounts open it once an administrator has reset their passwords: {logins}.",
                len(others),
            ).format(logins=", ".join(others))
        )
    say(
        _(
            "Backups made before are not protected: delete them, and keep the keys file with "
            "the file (backups from now on carry their own)."
        )
    )
    return 0


def run_decrypt(ctx: CommandContext, args: argparse.Namespace) -> int:
    path = _target(ctx, args)
    if not encryption.is_encrypted(path):
        raise NassijError(_("{path} is not protected by a password.").format(path=shown(path)))
    out = check_output_path(args.out, protected=protected_paths(path), field="file")
    if out.exists():
        raise NassijError(
            _("{path} already exists: choose a new file for the plain copy.").format(
                path=shown(out)
            )
        )
    database = ctx.database()
    assert database.key is not None
    encryption.decrypt_file(path, ctx.actor, database.key, out)
    say(
        _("Plain copy written and checked: {path}. It is not protected: keep it safe.").format(
            path=shown(out)
        )
    )
    return 0
