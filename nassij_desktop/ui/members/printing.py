"""Produce a member document (receipt, cards), ask where to save it, then open it.

The document is written on a worker thread through `ui/common/pdf_output.py`, the one path
every screen takes: a hundred cards take a while, and the window stays alive meanwhile."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.i18n import _
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.operations import Operation
from nassij_desktop.ui.common.pdf_output import ask_pdf_path, document_language, produce_document


def write_report(
    context: AppContext,
    kind: str,
    out: Path,
    *,
    record_id: int | None = None,
    member_ids: tuple[int, ...] = (),
    progress: Progress | None = None,
    lang: Lang | None = None,
) -> Path:
    """Write the document to `out` on this thread (raises NassijError when refused)."""
    lang = lang or document_language()
    request = ReportRequest(
        lang, out, record_id=record_id, member_ids=member_ids, progress=progress
    )
    with context.database.session() as session:  # reads only: no write lock
        return produce_report(session, context.actor, kind, request).path


def save_and_open(
    parent: QWidget,
    context: AppContext,
    kind: str,
    suggested_name: str,
    *,
    record_id: int | None = None,
    member_ids: tuple[int, ...] = (),
) -> Operation[ReportResult] | None:
    """Ask where, then write the document on a worker and open it; None: nothing started."""
    out = ask_pdf_path(parent, suggested_name)
    if out is None:
        return None
    return start_report(parent, context, kind, out, record_id=record_id, member_ids=member_ids)


def start_report(
    parent: QWidget,
    context: AppContext,
    kind: str,
    out: Path,
    *,
    record_id: int | None = None,
    member_ids: tuple[int, ...] = (),
    open_after: bool = True,
) -> Operation[ReportResult] | None:
    """Write the document to `out` on a worker, then open it; a refusal is told in a box."""
    # The language is chosen now: it may change while the work runs.
    request = ReportRequest(document_language(), out, record_id=record_id, member_ids=member_ids)

    def refused(error: NassijError) -> None:
        QMessageBox.warning(parent, _("The document was not produced"), str(error))

    return produce_document(parent, context, kind, request, refused=refused, open_after=open_after)
