"""The one way a screen produces a document: written on a worker, then shown in the app.

`preview_document` writes the document with `produce_report` on a worker thread, in a read
session of its own (a document writes nothing to the file and must not hold the write lock),
into a temporary folder the app owns, then shows it in `pdf_preview.PdfPreviewDialog`, where
the user prints it, saves it where they choose or opens it in another program. A refusal
(permission, missing data, a document module not shipped in this version) comes back as a
sentence. The documents page, the governance documents and the member printing (receipts,
cards) all go through here.

`produce_document` writes to a path the caller gives, with nothing shown (tests, and any
screen that already knows where the file goes).

Both first ask the document what the register lacks for it to be whole (`report_gaps`: the
article-5 data of the board for the board list and the declaration letter); when something is
missing, a confirmation lists it per person and the document is made only if the user goes on
knowingly.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.output_files import protected_paths
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.i18n import _, current_language
from nassij_desktop.reports.kinds import REPORT_KINDS, produce_report, report_gaps
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.dialogs import confirm
from nassij_desktop.ui.common.operations import Operation, in_read_session
from nassij_desktop.ui.common.pdf_preview import (
    PdfPreviewDialog,
    new_preview_folder,
    remove_preview_folder,
    show_preview,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


def document_language() -> Lang:
    """The document's language by default: the interface's, French or else Arabic."""
    return "fr" if current_language() == "fr" else "ar"


def pdf_path(name: str | Path) -> Path:
    """`name` ending in ".pdf" (added, never replacing: "receipt-2026.00001" stays whole)."""
    out = Path(name)
    return out if out.suffix.lower() == ".pdf" else out.with_name(out.name + ".pdf")


def confirm_complete(
    parent: QWidget, context: AppContext, kind: str, request: ReportRequest
) -> bool:
    """True when document `kind` can be made: nothing it needs is missing from the register,
    or the user, shown what is missing per person, chose to make it anyway. A refusal (a past
    term, no board) is left to the document, which says it in its own sentence."""
    if REPORT_KINDS[kind].gaps is None:
        return True
    try:
        with context.database.session() as session:
            gaps = report_gaps(session, context.actor, kind, request)
    except NassijError:
        return True
    if not gaps:
        return True
    lang = current_language()
    return confirm(
        parent,
        _("Incomplete data"),
        _(
            "The register lacks data the authorities ask for (article 5 of the Dahir on "
            "associations) for these people. Complete their member records, or make the "
            "document as it is and complete it by hand."
        ),
        _("Make it anyway"),
        details="\n".join(f"• {gap.sentence(lang)}" for gap in gaps),
        warning=True,
    )


def produce_document(
    parent: QWidget,
    context: AppContext,
    kind: str,
    request: ReportRequest,
    *,
    done: Callable[[ReportResult], object] | None = None,
    refused: Callable[[NassijError], object] | None = None,
    always: Callable[[], object] | None = None,
    cancellable: bool = False,
) -> Operation[ReportResult] | None:
    """Start writing document `kind` to `request.out` (".pdf" added) on a worker;
    `done(result)` then. A refusal goes to `refused`, else to an error dialog.
    None: nothing was started (another task runs in the window, or the user chose not to make
    a document the register lacks data for)."""
    if not confirm_complete(parent, context, kind, request):
        return None
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

    operation = Operation(
        parent,
        in_read_session(context.database, write),
        label=_("Creating the document…"),
        cancellable=cancellable,
    )
    if done is not None:
        operation.success(done)
    if refused is not None:
        operation.failure(refused)
    if always is not None:
        operation.always(always)
    return operation if operation.run_in_background() else None


def preview_document(
    parent: QWidget,
    context: AppContext,
    kind: str,
    request: ReportRequest,
    *,
    shown: Callable[[PdfPreviewDialog], object] | None = None,
    refused: Callable[[NassijError], object] | None = None,
    always: Callable[[], object] | None = None,
    cancellable: bool = False,
) -> Operation[ReportResult] | None:
    """Write document `kind` on a worker into a temporary folder of its own (the file named
    as `request.out`'s name, which Save as proposes), then show it over `parent`;
    `shown(dialog)` once it is open. The folder goes when the preview closes, or at once
    when the document was refused. None: nothing was started."""
    folder = new_preview_folder()
    request = dataclasses.replace(request, out=folder / pdf_path(request.out).name)
    database_path = context.database.path
    protected = protected_paths(database_path) if database_path is not None else set()
    previews: list[PdfPreviewDialog] = []

    def show(result: ReportResult) -> None:
        previews.append(
            show_preview(
                parent,
                result.path,
                REPORT_KINDS[kind].label,
                folder=folder,
                protected=protected,
                shown=shown,
            )
        )

    def finished() -> None:
        if not previews:  # refused, cancelled or failed: nothing to show
            remove_preview_folder(folder)
        if always is not None:
            always()

    operation = produce_document(
        parent,
        context,
        kind,
        request,
        done=show,
        refused=refused,
        always=finished,
        cancellable=cancellable,
    )
    if operation is None:
        remove_preview_folder(folder)
    return operation


__all__ = [
    "confirm_complete",
    "document_language",
    "pdf_path",
    "preview_document",
    "produce_document",
]
