"""`PdfPreviewDialog`: a document the app produced, shown in the app, with Print, Save as… and
Open with… (the system's PDF viewer).

The document is a PDF in a temporary folder the app owns (`new_preview_folder`: private to
the user, removed when the dialog closes, or when the app quits if another program was given
the file; one left by a killed app goes at the next preview once a day old). The pages are
drawn by QtPdf (`QPdfDocument`, `QPdfView`): one under the other, fitted to the width at
first, with page and zoom controls; the dialog's own layout follows the language, the pages
are drawn as they are.

Print asks the system's print dialog, then draws each page (`print_pdf`, on a worker thread
with progress and Cancel) as an image at the printer's resolution up to `PRINT_DPI`, at its
actual size (cards stay the size of a card) on the paper, turned to the page's orientation.
Save as copies the same bytes where the user chooses (`file_dialogs`, documents' folder); Open
with hands the file to the system's viewer and says so when there is none.
"""

from __future__ import annotations

import atexit
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QSize, Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QIcon,
    QImage,
    QKeySequence,
    QPageLayout,
    QPainter,
    QShortcut,
)
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.output_files import atomic_output, check_output_path
from nassij_desktop.core.common.progress import Cancelled, Progress
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import format_percent, isolate
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_save_path, start_folder
from nassij_desktop.ui.common.operations import Operation

PREVIEW_DIALOG = "pdf_preview"
PRINT_DPI = 300  # beyond it a page takes seconds and megabytes, and reads no better
BAND_BYTES = 32 << 20  # a page is drawn in bands of at most this much memory
ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
FIT_WIDTH, FIT_PAGE = "fit-width", "fit-page"

# --- the temporary folders ---------------------------------------------------------------------

_folders: set[Path] = set()  # made and not removed yet: the rest goes when the app quits
FOLDER_PREFIX = "nassij-preview-"
STALE_AFTER_S = 24 * 3600


def new_preview_folder() -> Path:
    """A new folder only this user can read, for one document shown in the app. Folders
    left by an app that was killed (no chance to clean up) go when they are a day old."""
    _remove_stale()
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    _folders.add(folder)
    return folder


def _remove_stale() -> None:
    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"):
        try:
            stale = folder.is_dir() and now - folder.stat().st_mtime > STALE_AFTER_S
        except OSError:
            continue
        if stale and folder not in _folders:
            shutil.rmtree(folder, ignore_errors=True)  # another user's: not ours to remove


def remove_preview_folder(folder: Path) -> None:
    """Remove `folder`; what cannot be removed now (a file another program holds open on
    Windows) is tried again when the app quits."""
    shutil.rmtree(folder, ignore_errors=True)
    if not folder.exists():
        _folders.discard(folder)


class _Owned:
    """The preview's folder, removed once: when the dialog closes, or is deleted with the
    window under it, unless the file was handed to another program (then at exit)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.handed_over = False

    def remove(self) -> None:
        if self.folder is not None and not self.handed_over:
            remove_preview_folder(self.folder)
        self.folder = None


@atexit.register
def _remove_all() -> None:
    for folder in list(_folders):
        remove_preview_folder(folder)


# --- printing ----------------------------------------------------------------------------------


def page_orientation(document: QPdfDocument, page: int) -> QPageLayout.Orientation:
    size = document.pagePointSize(page)
    landscape = size.width() > size.height()
    return QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait


def pages_to_print(printer: QPrinter, count: int, current: int) -> list[int]:
    """The pages (from 0) the print dialog asked for."""
    match printer.printRange():
        case QPrinter.PrintRange.CurrentPage:
            return [current]
        case QPrinter.PrintRange.PageRange if printer.fromPage() > 0:
            last = min(printer.toPage() or count, count)
            return list(range(printer.fromPage() - 1, last))
        case _:
            return list(range(count))


def render_band(document: QPdfDocument, page: int, size: QSize, rows: QRect) -> QImage:
    """The rows `rows` of page `page` drawn at `size`, on white (a PDF page is transparent)."""
    options = QPdfDocumentRenderOptions()
    options.setScaledSize(size)
    options.setScaledClipRect(rows)
    drawn = document.render(page, rows.size(), options)
    band = QImage(rows.size(), QImage.Format.Format_RGB888)
    band.fill(Qt.GlobalColor.white)
    painter = QPainter(band)
    painter.drawImage(0, 0, drawn)
    painter.end()
    return band


def print_pdf(
    path: Path,
    printer: QPrinter,
    pages: Iterable[int] | None = None,
    progress: Progress | None = None,
) -> int:
    """Draw the pages of the PDF at `path` on `printer` (all of them by default); the number
    of pages printed. Runs on any thread: it opens the document itself."""
    document = QPdfDocument()
    if document.load(str(path)) != QPdfDocument.Error.None_:
        raise NassijError(_("The document could not be read for printing."))
    chosen = list(range(document.pageCount())) if pages is None else list(pages)
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    run = [page for _copy in range(copies) for page in chosen]
    if not run:
        return 0
    printer.setFullPage(True)  # the page's own margins, at its actual size
    printer.setPageOrientation(page_orientation(document, run[0]))
    painter = QPainter()
    if not painter.begin(printer):
        raise NassijError(_("The printer could not be started. Check that it is ready."))
    try:
        for done, page in enumerate(run):
            if progress is not None:
                progress.step(done, len(run), _("Printing page {page}…").format(page=page + 1))
            if done:
                printer.setPageOrientation(page_orientation(document, page))
                printer.newPage()
            _draw_page(painter, printer, document, page)
    except Cancelled:
        printer.abort()
        raise
    finally:
        painter.end()
        document.close()
    return len(run)


def _draw_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, page: int) -> None:
    paper = painter.viewport()  # the whole sheet, in the printer's pixels
    printer_dpi = printer.resolution()
    dpi = min(printer_dpi, PRINT_DPI)
    points = document.pagePointSize(page)
    # On the paper: the actual size, shrunk only when the sheet is smaller, centred.
    width, height = points.width() * printer_dpi / 72, points.height() * printer_dpi / 72
    fit = min(1.0, paper.width() / width, paper.height() / height)
    left = paper.x() + (paper.width() - width * fit) / 2
    top = paper.y() + (paper.height() - height * fit) / 2
    scale = fit * printer_dpi / dpi  # image pixels → printer pixels
    image_size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    rows = max(1, BAND_BYTES // max(1, image_size.width() * 4))
    for y in range(0, image_size.height(), rows):
        band = QRect(0, y, image_size.width(), min(rows, image_size.height() - y))
        image = render_band(document, page, image_size, band)
        painter.save()
        painter.translate(left, top + y * scale)
        painter.scale(scale, scale)
        painter.drawImage(0, 0, image)
        painter.restore()


# --- opening in another program ----------------------------------------------------------------


def open_in_system_viewer(path: Path) -> bool:
    """Give the file to the system's PDF viewer; False when there is none to give it to."""
    if sys.platform.startswith("linux") and not _linux_has_pdf_viewer():
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _linux_has_pdf_viewer() -> bool:
    """xdg-open starts, then fails silently, when no program reads PDF: ask xdg-mime first."""
    if shutil.which("xdg-open") is None:
        return False
    query = shutil.which("xdg-mime")
    if query is None:
        return True  # cannot tell: let xdg-open try
    try:
        answer = subprocess.run(
            [query, "query", "default", "application/pdf"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return True
    return bool(answer.stdout.strip())


# --- the dialog --------------------------------------------------------------------------------


class PdfPreviewDialog(BaseDialog):
    """The document at `path`, owned with its `folder` (removed on close) when given."""

    def __init__(
        self,
        path: Path,
        label: str,
        parent: QWidget | None = None,
        *,
        folder: Path | None = None,
        protected: Iterable[Path] = (),
    ) -> None:
        """`label`: the kind of document, untranslated (N_), said again after a switch;
        `protected`: files that Save as and printing to a file must never overwrite."""
        super().__init__(parent)
        self.setObjectName(PREVIEW_DIALOG)
        self.path = path
        self.label = label
        self.folder = folder
        self.protected = set(protected)
        self.owned = _Owned(folder)
        self.last_saved: Path | None = None
        self.printing: Operation[int] | None = None
        self.printed: int | None = None
        self._closed = False

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        # A page is a picture: it is not mirrored, nor its place in the view.
        self.view.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.navigator = self.view.pageNavigator()

        style = self.style()
        self.previous_button = self._tool(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.next_button = self._tool(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        self.page_label = QLabel(self)
        self.page = set_field_direction(QSpinBox(self))
        self.page.setObjectName("pdf_page")
        self.page.setMinimum(1)
        self.page.setKeyboardTracking(False)
        self.page_count = QLabel(self)
        self.zoom_out_button = self._tool(None, "−")
        self.zoom_in_button = self._tool(None, "+")
        self.zoom = QComboBox(self)
        self.zoom.setObjectName("pdf_zoom")
        self.zoom.addItem("", FIT_WIDTH)
        self.zoom.addItem("", FIT_PAGE)
        for factor in ZOOMS:
            self.zoom.addItem("", factor)
        self.page_label.setBuddy(self.page)

        self.message = Feedback(self, "preview_message")
        self.buttons = QDialogButtonBox(self)
        role = QDialogButtonBox.ButtonRole.ActionRole
        self.print_button = self._button("preview_print", role)
        self.save_button = self._button("preview_save", role)
        self.open_button = self._button("preview_open", role)
        self.close_button = self._button("preview_close", QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.setDefault(True)

        tools = QHBoxLayout()
        pages: tuple[QWidget, ...] = (
            self.previous_button,
            self.next_button,
            self.page_label,
            self.page,
            self.page_count,
        )
        for widget in pages:
            tools.addWidget(widget)
        tools.addStretch(1)
        for widget in (self.zoom_out_button, self.zoom, self.zoom_in_button):
            tools.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        self.page.valueChanged.connect(lambda value: self.go_to(value - 1))
        self.navigator.currentPageChanged.connect(self._page_changed)
        self.zoom.activated.connect(lambda _index: self._zoom_chosen())
        self.zoom_in_button.clicked.connect(lambda: self.step_zoom(+1))
        self.zoom_out_button.clicked.connect(lambda: self.step_zoom(-1))
        self.view.zoomFactorChanged.connect(lambda _factor: self._show_zoom())
        self.view.zoomModeChanged.connect(lambda _mode: self._show_zoom())
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.open_button.clicked.connect(self.open_with)
        self.close_button.clicked.connect(self.reject)
        self.finished.connect(lambda _result: self.release())
        owned = self.owned  # not self: the callback runs while the dialog is being deleted
        self.destroyed.connect(lambda *_args: owned.remove())
        for keys, action in (
            (QKeySequence.StandardKey.ZoomIn, lambda: self.step_zoom(+1)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.step_zoom(-1)),
            (QKeySequence.StandardKey.Print, self.print_document),
            (QKeySequence.StandardKey.Save, self.save_as),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(action)

        self.load_error = self.document.load(str(path))
        self.page.setMaximum(max(1, self.document.pageCount()))
        self._fit_to_screen()
        self.retranslate()
        self._page_changed(0)
        self._show_zoom()
        if self.load_error != QPdfDocument.Error.None_:
            self.message.fail(_("The document could not be shown."))

    # --- widgets -------------------------------------------------------------------------------

    def _tool(self, icon: QIcon | None, text: str = "") -> QToolButton:
        button = QToolButton(self)
        if icon is not None:
            button.setIcon(icon)
        if text:  # "+" and "−": large enough to be seen as buttons
            button.setText(text)
            font = button.font()
            font.setPointSizeF(font.pointSizeF() * 1.5)
            font.setBold(True)
            button.setFont(font)
            button.setMinimumWidth(button.sizeHint().height())
        button.setAutoRaise(True)
        return button

    def _button(self, name: str, role: QDialogButtonBox.ButtonRole) -> QPushButton:
        button = self.buttons.addButton("", role)
        button.setObjectName(name)
        button.setAutoDefault(False)
        return button

    def landscape(self) -> bool:
        """Whether the document's first page is wider than high (a register)."""
        if self.document.pageCount() == 0:
            return False
        points = self.document.pagePointSize(0)
        return points.width() > points.height()

    def settings_key(self) -> str:
        """The size is remembered apart for landscape documents."""
        key = super().settings_key()
        return key.replace("/size", "-landscape/size") if self.landscape() else key

    def _fit_to_screen(self) -> None:
        """A page's width readable at once: most of the screen's height, as wide as the
        first page's proportion asks (a landscape register, a portrait receipt)."""
        screen = self.screen().availableGeometry()
        height = int(screen.height() * 0.85)
        ratio = 1.25 if self.landscape() else 0.8
        self.resize(min(screen.width() - 40, int(height * ratio)), height)

    def retranslate(self) -> None:
        self.setWindowTitle(
            _("{document} — {file}").format(
                document=_(self.label), file=isolate(self.path.name, "ltr")
            )
        )
        self.previous_button.setToolTip(_("Previous page"))
        self.next_button.setToolTip(_("Next page"))
        self.zoom_in_button.setToolTip(_("Zoom in"))
        self.zoom_out_button.setToolTip(_("Zoom out"))
        for button in (
            self.previous_button,
            self.next_button,
            self.zoom_in_button,
            self.zoom_out_button,
        ):
            button.setAccessibleName(button.toolTip())
        self.page_label.setText(_("Page"))
        self.page_count.setText(_("of {count}").format(count=self.document.pageCount()))
        self.zoom.setToolTip(_("Zoom"))
        for index in range(self.zoom.count()):
            value = self.zoom.itemData(index)
            if value == FIT_WIDTH:
                text = _("Fit to width")
            elif value == FIT_PAGE:
                text = _("Whole page")
            else:
                text = format_percent(float(value))
            self.zoom.setItemText(index, text)
        self.print_button.setText(_("Print…"))
        self.save_button.setText(_("Save as…"))
        self.open_button.setText(_("Open with…"))
        self.open_button.setToolTip(_("Open the document in the PDF viewer of this computer"))
        self.close_button.setText(_("Close"))

    # --- pages and zoom ------------------------------------------------------------------------

    def current_page(self) -> int:
        return self.navigator.currentPage()

    def go_to(self, page: int) -> None:
        """Show page `page` (from 0) at the top of the view."""
        if 0 <= page < self.document.pageCount() and page != self.current_page():
            self.navigator.jump(page, QPointF(), self.navigator.currentZoom())

    def _page_changed(self, page: int) -> None:
        self.page.blockSignals(True)
        self.page.setValue(page + 1)
        self.page.blockSignals(False)
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < self.document.pageCount() - 1)

    def zoom_factor(self) -> float:
        return self.view.zoomFactor()

    def set_zoom(self, value: float | str) -> None:
        """A factor (1.0: the actual size), FIT_WIDTH or FIT_PAGE."""
        if value == FIT_WIDTH:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif value == FIT_PAGE:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(float(value))
        self._show_zoom()

    def step_zoom(self, step: int) -> None:
        """The next zoom level up (+1) or down (-1) from what is shown."""
        shown = self._shown_factor()
        if step > 0:
            bigger = [z for z in ZOOMS if z > shown + 0.01]
            self.set_zoom(bigger[0] if bigger else ZOOMS[-1])
        else:
            smaller = [z for z in ZOOMS if z < shown - 0.01]
            self.set_zoom(smaller[-1] if smaller else ZOOMS[0])

    def _shown_factor(self) -> float:
        """The factor the page is drawn at now, the fitted ones included."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or self.document.pageCount() == 0:
            return self.view.zoomFactor()
        points = self.document.pagePointSize(self.current_page())
        dpi = self.view.logicalDpiX() / 72
        margins = self.view.documentMargins()
        width = self.view.viewport().width() - margins.left() - margins.right()
        by_width = width / max(1.0, points.width() * dpi)
        if self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth:
            return by_width
        height = self.view.viewport().height() - margins.top() - margins.bottom()
        return min(by_width, height / max(1.0, points.height() * dpi))

    def _zoom_chosen(self) -> None:
        self.set_zoom(self.zoom.currentData())

    def _show_zoom(self) -> None:
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.FitToWidth:
            wanted: object = FIT_WIDTH
        elif mode == QPdfView.ZoomMode.FitInView:
            wanted = FIT_PAGE
        else:
            wanted = min(ZOOMS, key=lambda z: abs(z - self.view.zoomFactor()))
        self.zoom.setCurrentIndex(max(0, self.zoom.findData(wanted)))
        # A fitted page changes size with the window: only a chosen factor can be at a limit.
        custom = mode == QPdfView.ZoomMode.Custom
        factor = self.view.zoomFactor()
        self.zoom_in_button.setEnabled(not custom or factor < ZOOMS[-1] - 0.01)
        self.zoom_out_button.setEnabled(not custom or factor > ZOOMS[0] + 0.01)

    # --- print, save, open ---------------------------------------------------------------------

    def print_document(self) -> Operation[int] | None:
        """The system's print dialog, then the pages printed on a worker; None when the user
        cancelled or nothing could start."""
        count = self.document.pageCount()
        if count == 0 or (self.printing is not None and self.printing.running):
            return None
        self.message.clear_message()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.path.stem)
        printer.setPageOrientation(page_orientation(self.document, 0))
        if not QPrinterInfo.availablePrinters():
            # Only "print to a file" is offered: where documents are saved, not the home.
            folder = start_folder(FileKind.DOCUMENTS)
            printer.setOutputFileName(str(folder / self.path.name))
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        accepted = dialog.exec() == QPrintDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return None
        if printer.outputFileName():
            try:
                check_output_path(printer.outputFileName(), protected=self.protected)
            except NassijError as error:
                self.message.fail(str(error))
                return None
        return self.print_to(printer)

    def print_to(self, printer: QPrinter) -> Operation[int] | None:
        """Print on `printer` as its dialog set it (pages, copies) on a worker thread."""
        pages = pages_to_print(printer, self.document.pageCount(), self.current_page())
        path = self.path
        self.message.clear_message()

        into = (
            printer.outputFileName()
            if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
            else ""
        )

        def printed(count: int) -> None:
            self.printed = count
            if into:
                shown = isolate(into, "ltr")
                self.message.say(
                    lambda: _("Pages printed into the file {path}: {count}.").format(
                        path=shown, count=count
                    )
                )
            else:
                self.message.say(lambda: _("Pages printed: {count}.").format(count=count))

        operation: Operation[int] = Operation(
            self,
            lambda progress: print_pdf(path, printer, pages, progress),
            label=_("Printing…"),
            cancellable=True,
        ).success(printed)
        operation.failure(lambda error: self.message.fail(str(error)))
        self.printing = operation
        # The printer lives as long as the work: the lambda above holds it.
        return operation if operation.run_in_background() else None

    def save_as(self) -> Path | None:
        """Copy the document where the user chooses; the path written, None otherwise."""
        target = ask_save_path(self, FileKind.DOCUMENTS, _("Save the document"), self.path.name)
        if target is None:
            return None
        return self.save_to(target)

    def save_to(self, target: Path) -> Path | None:
        """Copy the document's bytes to `target` (the same checks as any document written)."""
        self.message.clear_message()
        try:
            checked = check_output_path(target, protected=self.protected)
            with atomic_output(checked) as temporary:
                shutil.copyfile(self.path, temporary)
        except NassijError as error:
            self.message.fail(str(error))
            return None
        except OSError as error:
            self.message.fail(
                _("{path} could not be written: {reason}").format(
                    path=isolate(str(target), "ltr"), reason=error.strerror or str(error)
                )
            )
            return None
        self.last_saved = checked
        shown = isolate(str(checked), "ltr")
        self.message.say(lambda: _("Saved: {path}").format(path=shown))
        return checked

    def open_with(self) -> bool:
        """The document in the system's PDF viewer; a message in the dialog when none."""
        self.message.clear_message()
        if open_in_system_viewer(self.path):
            self.owned.handed_over = True
            self.message.say(lambda: _("The document was sent to the PDF viewer of this computer."))
            return True
        self.message.fail(
            _(
                "No program to read PDF documents was found on this computer. The document is "
                "shown here: print it, or save it with “Save as…” to open it elsewhere."
            )
        )
        return False

    # --- closing -------------------------------------------------------------------------------

    def release(self) -> None:
        """Close the document and remove its temporary folder (at exit when another program
        was given the file). Once; called when the dialog closes."""
        if self._closed:
            return
        self._closed = True
        self.document.close()  # the file is no longer held open (Windows could not remove it)
        self.owned.remove()

    @property
    def handed_over(self) -> bool:
        """Whether the file was given to another program (it stays until the app quits)."""
        return self.owned.handed_over


def show_preview(
    parent: QWidget,
    path: Path,
    label: str,
    *,
    folder: Path | None = None,
    protected: Iterable[Path] = (),
    shown: Callable[[PdfPreviewDialog], object] | None = None,
) -> PdfPreviewDialog:
    """Open the preview of `path` over `parent` (window-modal, deleted when closed)."""
    dialog = PdfPreviewDialog(path, label, parent, folder=folder, protected=protected)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    if shown is not None:
        shown(dialog)
    return dialog


__all__ = [
    "PREVIEW_DIALOG",
    "PRINT_DPI",
    "PdfPreviewDialog",
    "new_preview_folder",
    "open_in_system_viewer",
    "pages_to_print",
    "print_pdf",
    "remove_preview_folder",
    "show_preview",
]
