"""Produce a document (receipt, cards), ask where to save it, then open it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import _, current_language
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import Lang, ReportRequest
from nassij_desktop.ui.common.context import AppContext


def document_language() -> Lang:
    return "fr" if current_language() == "fr" else "ar"


def write_report(
    context: AppContext,
    kind: str,
    out: Path,
    *,
    record_id: int | None = None,
    member_ids: tuple[int, ...] = (),
) -> Path:
    """Write the document to `out` (raises NassijError when refused)."""
    request = ReportRequest(document_language(), out, record_id=record_id, member_ids=member_ids)
    with context.database.transaction() as session:
        return produce_report(session, context.actor, kind, request).path


def save_and_open(
    parent: QWidget,
    context: AppContext,
    kind: str,
    suggested_name: str,
    *,
    record_id: int | None = None,
    member_ids: tuple[int, ...] = (),
) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(
        parent, _("Save the document"), suggested_name, _("PDF documents (*.pdf)")
    )
    if not name:
        return None
    out = Path(name)
    if out.suffix.lower() != ".pdf":
        out = out.with_suffix(".pdf")
    try:
        path = write_report(context, kind, out, record_id=record_id, member_ids=member_ids)
    except NassijError as error:
        QMessageBox.warning(parent, _("The document was not produced"), str(error))
        return None
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path
