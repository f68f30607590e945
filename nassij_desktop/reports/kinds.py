"""The documents by their CLI name, and the one entry point the CLI and the screens call.

Each document module holds `build_<doc>_data(session, …)`, `render_<doc>(data, lang, path)`
and one public service function `<doc>_report(session, actor, request) -> ReportResult` that
checks the actor's permission. The modules are imported on first use so that the CLI starts
fast and a screen that prints one receipt does not load every document.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

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
    """Write the document `kind` to `request.out`; raises a translated NassijError on refusal."""
    return REPORT_KINDS[kind].load()(session, actor, request)
