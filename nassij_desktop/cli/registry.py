"""Every `nassij` command, declared once: its name, the module that implements it, its help.

`nassij --help` and `--version` read only this table: the modules (and the SQLAlchemy models
behind them) are imported when their command runs. A test checks that every command a module
registers is here and the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass

from nassij_desktop.i18n import N_, _


@dataclass(frozen=True)
class CommandSpec:
    name: str
    module: str  # under nassij_desktop.cli
    help: str  # N_-marked


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("init", "database", N_("create an association file")),
    CommandSpec("check", "database", N_("check the file: integrity, structure, books")),
    CommandSpec("backup", "database", N_("write a consistent copy of the file")),
    CommandSpec(
        "restore",
        "database",
        N_("replace the file by a backup (the current file is backed up first)"),
    ),
    CommandSpec(
        "backups",
        "backups",
        N_("the automatic backups: list them, make one now (verified, rotated)"),
    ),
    CommandSpec(
        "recover",
        "recover",
        N_("save what can still be read of a damaged file into a new file"),
    ),
    CommandSpec(
        "encrypt",
        "encryption",
        N_("protect the file with the users' passwords (SQLCipher encryption)"),
    ),
    CommandSpec("decrypt", "encryption", N_("write a plain, unprotected copy of a protected file")),
    CommandSpec(
        "migrate-to",
        "transfer",
        N_("copy the association into an empty PostgreSQL database or a new file, and verify it"),
    ),
    CommandSpec("demo", "demo", N_("fill a new file with realistic demo data")),
    CommandSpec("members", "members", N_("the member register")),
    CommandSpec("dues", "members", N_("members' dues")),
    CommandSpec("users", "users", N_("user accounts")),
    CommandSpec("donations", "donations", N_("donations received")),
    CommandSpec("books", "books", N_("the books: fiscal years, chart of accounts, entries")),
    CommandSpec("board", "governance", N_("the board")),
    CommandSpec("assembly", "governance", N_("general assemblies")),
    CommandSpec("declarations", "governance", N_("declarations to the authority")),
    CommandSpec("report", "reports", N_("write a document as PDF")),
    CommandSpec("funders", "funding", N_("funders")),
    CommandSpec("requests", "funding", N_("funding requests and their tranches")),
    CommandSpec("activities", "activities", N_("activities and volunteer hours")),
    CommandSpec("campaigns", "campaigns", N_("fundraising campaigns (law 18-18)")),
    CommandSpec("import", "imports", N_("import members or dues from a CSV or XLSX file")),
    CommandSpec("export", "exports", N_("export the association's data (XLSX, CSV, JSON profile)")),
    CommandSpec("audit", "audit", N_("the audit log: who changed what, and when")),
    CommandSpec(
        "privacy", "privacy", N_("personal data (law 09-08): access, anonymise, retention")
    ),
)
BY_NAME = {spec.name: spec for spec in COMMANDS}


def command_help(name: str) -> str:
    return _(BY_NAME[name].help)
