"""Produce a document (receipt, cards), ask where to save it, then open it.

The document is written on a worker thread (ui/common/operations.py): a hundred cards take a
while, and the window stays alive meanwhile."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.i18n import _, current_language
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import Lang, ReportRequest
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.operations import Operation


def document_language() -> Lang:
    return "fr" if current_language() == "fr" else "ar"


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
    """Write the document to `out` (raises NassijError when refused)."""
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
) -> Operation[Path] | None:
    """Ask where, then write the document on a worker and open it; None: nothing started."""
    name, _filter = QFileDialog.getSaveFileName(
        parent, _("Save the document"), suggested_name, _("PDF documents (*.pdf)")
    )
    if not name:
        return None
    out = Path(name)
    if out.suffix.lower() != ".pdf":
        out = out.with_suffix(".pdf")
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
) -> Operation[Path] | None:
    """Write the document to `out` on a worker, then open it; a refusal is told in a box."""
    lang = document_language()  # chosen now: the language may change while the work runs

    def work(progress: Progress) -> Path:
        return write_report(
            context,
            kind,
            out,
            record_id=record_id,
            member_ids=member_ids,
            progress=progress,
            lang=lang,
        )

    def refused(error: NassijError) -> None:
        QMessageBox.warning(parent, _("The document was not produced"), str(error))

    def opened(path: Path) -> None:
        if open_after:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    operation = (
        Operation(parent, work, label=_("Creating the document…")).success(opened).failure(refused)
    )
    return operation if operation.run_in_background() else None
