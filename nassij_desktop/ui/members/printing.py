"""Produce a member document (receipt, cards) and show it in the app's preview.

The document is written on a worker thread through `ui/common/pdf_output.py`, the one path
every screen takes: a hundred cards take a while, and the window stays alive meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.i18n import _
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult
from nassij_desktop.ui.common import dialogs
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.operations import Operation
from nassij_desktop.ui.common.pdf_output import (
    document_language,
    preview_document,
    produce_document,
)
from nassij_desktop.ui.common.pdf_preview import PdfPreviewDialog


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


def preview(
    parent: QWidget,
    context: AppContext,
    kind: str,
    file_name: str,
    *,
    record_id: int | None = None,
    member_ids: tuple[int, ...] = (),
    shown: Callable[[PdfPreviewDialog], object] | None = None,
) -> Operation[ReportResult] | None:
    """Write the document on a worker, then show it in the app (Print, Save as `file_name`…,
    Open with…); a refusal is told in a box. None: nothing was started."""
    # The language is chosen now: it may change while the work runs.
    request = ReportRequest(
        document_language(), Path(file_name), record_id=record_id, member_ids=member_ids
    )
    return preview_document(
        parent, context, kind, request, shown=shown, refused=_refused_in_a_box(parent)
    )


def start_report(
    parent: QWidget,
    context: AppContext,
    kind: str,
    out: Path,
    *,
    record_id: int | None = None,
    member_ids: tuple[int, ...] = (),
) -> Operation[ReportResult] | None:
    """Write the document to `out` on a worker, nothing shown; a refusal is told in a box."""
    request = ReportRequest(document_language(), out, record_id=record_id, member_ids=member_ids)
    return produce_document(parent, context, kind, request, refused=_refused_in_a_box(parent))


def _refused_in_a_box(parent: QWidget) -> Callable[[NassijError], None]:
    def refused(error: NassijError) -> None:
        dialogs.show_warning(parent, str(error), _("The document was not produced"))

    return refused
