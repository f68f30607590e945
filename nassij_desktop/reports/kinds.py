"""The documents by their CLI name, and the one entry point the CLI and the screens call.

Each document module holds `build_<doc>_data(session, …)`, `render_<doc>(data, lang, path)`
and one public service function `<doc>_report(session, actor, request) -> ReportResult` that
checks the actor's permission. The modules are imported on first use so that the CLI starts
fast and a screen that prints one receipt does not load every document.

`produce_report` is also where the chosen file is guarded: never the open association file or
its working files, never a folder or a device; and the document is drawn into a temporary file
that replaces the target only once it is complete.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.common.output_files import (
    atomic_output,
    check_output_path,
    protected_paths,
)
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.i18n import N_
from nassij_desktop.reports.request import ReportRequest, ReportResult

ReportFunction = Callable[[Session, Actor, ReportRequest], ReportResult]


@dataclass(frozen=True)
class ReportKind:
    name: str
    label: str  # N_-marked; translate with _() when shown
    module: str
    function: str

    def load(self) -> ReportFunction:
        module = importlib.import_module(f"nassij_desktop.reports.{self.module}")
        return getattr(module, self.function)  # type: ignore[no-any-return]


REPORT_KINDS: dict[str, ReportKind] = {
    kind.name: kind
    for kind in (
        ReportKind("board-list", N_("Board list"), "board_list", "board_list_report"),
        ReportKind(
            "board-declaration",
            N_("Board change declaration"),
            "board_declaration",
            "board_declaration_report",
        ),
        ReportKind(
            "assembly-minutes",
            N_("Minutes of a general assembly"),
            "assembly_minutes",
            "assembly_minutes_report",
        ),
        ReportKind(
            "member-register", N_("Member register"), "member_register", "member_register_report"
        ),
        ReportKind("member-card", N_("Membership cards"), "member_cards", "member_cards_report"),
        ReportKind("dues-receipt", N_("Dues receipt"), "dues_receipt", "dues_receipt_report"),
        ReportKind(
            "donation-receipt",
            N_("Donation receipt"),
            "donation_receipt",
            "donation_receipt_report",
        ),
    )
}


def produce_report(
    session: Session, actor: Actor, kind: str, request: ReportRequest
) -> ReportResult:
    """Write the document `kind` to `request.out`; raises a translated NassijError on refusal.

    The result's path is the file written (`request.out` with symlinks followed). A refused or
    failed document leaves no partial file and leaves an older file at that path untouched.
    """
    produce = REPORT_KINDS[kind].load()
    target = check_output_path(request.out, protected=_open_database_files(session))
    with atomic_output(target) as temporary:
        result = produce(session, actor, dataclasses.replace(request, out=temporary))
    return dataclasses.replace(result, path=target)


def _open_database_files(session: Session) -> set[Path]:
    """The files of the SQLite database this session reads (none for a server database)."""
    url = session.get_bind().engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return set()
    return protected_paths(Path(url.database))
