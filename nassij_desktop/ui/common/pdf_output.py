"""The one way a screen saves a document as PDF and opens it.

`ask_pdf_path` asks where (".pdf" added when missing); `produce_document` writes the document
with `produce_report` on a worker thread, in a read session of its own (a document writes
nothing to the file and must not hold the write lock), then opens it in the PC's PDF viewer.
A refusal (permission, missing data, a document module not shipped in this version) comes
back as a sentence. The documents page, the governance documents and the member printing all
go through here.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.i18n import _, current_language
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_save_path
from nassij_desktop.ui.common.operations import Operation, in_read_session

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def document_language() -> Lang:
    """The document's language by default: the interface's, French or else Arabic."""
    return "fr" if current_language() == "fr" else "ar"


def pdf_path(name: str | Path) -> Path:
    out = Path(name)
    return out if out.suffix.lower() == ".pdf" else out.with_suffix(".pdf")


def ask_pdf_path(parent: QWidget, suggested: str) -> Path | None:
    """Where to save the document; None when the user cancelled."""
    return ask_save_path(parent, FileKind.DOCUMENTS, _("Save the document"), suggested)


def open_document(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def produce_document(
    parent: QWidget,
    context: AppContext,
    kind: str,
    request: ReportRequest,
    *,
    done: Callable[[ReportResult], object] | None = None,
    refused: Callable[[NassijError], object] | None = None,
    always: Callable[[], object] | None = None,
    open_after: bool = True,
    cancellable: bool = False,
) -> Operation[ReportResult] | None:
    """Start writing document `kind` to `request.out` on a worker; `done(result)` then, and
    the PDF opened when `open_after`. A refusal goes to `refused`, else to an error dialog.
    None: nothing was started (another task runs in the window)."""
    request = dataclasses.replace(request, out=pdf_path(request.out))
    actor = context.actor

    def write(session: Session, progress: Progress) -> ReportResult:
        try:
            return produce_report(
                session, actor, kind, dataclasses.replace(request, progress=progress)
            )
        except (ImportError, AttributeError) as exc:
            log.exception("the document module for %s could not be loaded", kind)
            raise NassijError(_("This document is not available in this version.")) from exc

    def finished(result: ReportResult) -> None:
        if done is not None:
            done(result)
        if open_after:
            open_document(result.path)

    operation = Operation(
        parent,
        in_read_session(context.database, write),
        label=_("Creating the document…"),
        cancellable=cancellable,
    ).success(finished)
    if refused is not None:
        operation.failure(refused)
    if always is not None:
        operation.always(always)
    return operation if operation.run_in_background() else None


__all__ = [
    "ask_pdf_path",
    "document_language",
    "open_document",
    "pdf_path",
    "produce_document",
]
