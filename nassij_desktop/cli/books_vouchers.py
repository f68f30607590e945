"""`books entry attach|voucher`: the scanned voucher of an entry from the command line,
through the same services as the entry detail (`core/books/vouchers.py`)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import say
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.output_files import (
    atomic_output,
    check_output_path,
    protected_paths,
)
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import format_number

_ENTRY_HELP = N_("JOURNAL-YEAR-NUMBER, e.g. BQ-2026-12, or a draft's id")


def add_voucher_commands(entry_actions: Any) -> None:
    """Add `attach` and `voucher` to the `books entry` command's actions."""
    attach = entry_actions.add_parser(
        "attach", help=_("attach the scanned voucher (PDF, JPEG or PNG) of an entry")
    )
    attach.add_argument("entry", metavar="ENTRY_NO", help=_(_ENTRY_HELP))
    attach.add_argument("file", metavar="FILE", type=Path, help=_("the scan: PDF, JPEG or PNG"))
    attach.set_defaults(handler=run_entry_attach)

    voucher = entry_actions.add_parser(
        "voucher", help=_("write the scanned voucher of an entry into a file")
    )
    voucher.add_argument("entry", metavar="ENTRY_NO", help=_(_ENTRY_HELP))
    voucher.add_argument("--out", required=True, help=_("the file to write"))
    voucher.set_defaults(handler=run_entry_voucher)


def run_entry_attach(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.entries import find_entry
    from nassij_desktop.core.books.vouchers import VOUCHER_FIELD, attach_voucher

    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise ValidationError(
            VOUCHER_FIELD,
            _("The file {file} cannot be read ({error}).").format(
                file=args.file, error=error.strerror
            ),
        ) from error
    with ctx.database(write=True).transaction() as session:
        entry = find_entry(session, ctx.actor, args.entry)
        info = attach_voucher(session, ctx.actor, entry.id, data, args.file.name)
    say(
        _("Voucher {file} attached to entry {entry} ({size} bytes)").format(
            file=info.filename,
            entry=entry.code or _("draft {id}").format(id=entry.id),
            size=format_number(info.size),
        )
    )
    return 0


def run_entry_voucher(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.entries import find_entry
    from nassij_desktop.core.books.vouchers import read_voucher

    protected = protected_paths(ctx.path) if ctx.path is not None else set()
    target = check_output_path(args.out, protected=protected)
    with ctx.database().session() as session:
        entry = find_entry(session, ctx.actor, args.entry)
        voucher = read_voucher(session, ctx.actor, entry.id)
    with atomic_output(target) as temporary:
        temporary.write_bytes(voucher.data)
    say(
        _("{path}: the voucher {file} of entry {entry}").format(
            path=os.fspath(target),
            file=voucher.filename,
            entry=entry.code or _("draft {id}").format(id=entry.id),
        )
    )
    return 0


__all__ = ["add_voucher_commands"]
