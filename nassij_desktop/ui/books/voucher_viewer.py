"""`VoucherViewer`: the scanned voucher of an entry, shown in the app, with "Save a copy…".

An image is scaled to fit the window at first (never beyond its own size), then zoomed in
and out by steps; a PDF is drawn by QtPdf (`QPdfView`, pages one under the other, fitted to
the width at first, scrolled). The bytes come from the database and are shown from memory:
nothing is written to disk until the user saves a copy, through the app's file dialog and
`check_output_path`/`atomic_output` (never over the association file). The dialog follows
the language (mirrored in Arabic); the scan itself is a picture and is never mirrored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QKeySequence, QPixmap, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.books.vouchers import VoucherFile
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.output_files import atomic_output, check_output_path
from nassij_desktop.i18n import _, ngettext
from nassij_desktop.i18n.formatting import bidi_text, format_number, format_percent, isolate
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_save_path

VIEWER_DIALOG = "voucher_viewer"
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.1, 8.0
_FORMATS = {"image/png": b"png", "image/jpeg": b"jpeg"}


def read_image(data: bytes, mime_type: str) -> QImage:
    """The image in `data`, turned as the camera says (a phone's photo of a receipt).

    The format is named, never guessed: with a translator written in Python installed (the
    window's, language.WithoutMnemonic), Qt 6's guess refuses any image of more than a few
    pixels as "exceeding the allocation limit"."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, _FORMATS.get(mime_type, b""))
    reader.setAutoTransform(True)
    return reader.read()


class VoucherViewer(BaseDialog):
    """The voucher `voucher` of the entry named `entry` (BQ-2026-12)."""

    def __init__(
        self,
        voucher: VoucherFile,
        entry: str,
        parent: QWidget | None = None,
        *,
        protected: set[Path] | None = None,
        titles: Callable[[], tuple[str, str]] | None = None,
    ) -> None:
        """`protected`: files a copy must never overwrite (the association file's);
        `titles`: the window's title and heading, translated, for a file that is not an
        entry's voucher (an activity's photo or attendance sheet)."""
        super().__init__(parent)
        self.titles = titles
        self.setObjectName(VIEWER_DIALOG)
        self.voucher = voucher
        self.entry = entry
        self.protected = protected or set()
        self.last_saved: Path | None = None
        self.is_pdf = voucher.mime_type == "application/pdf"
        self.zoom = 1.0
        self.fitted = True  # an image follows the window's size until zoomed by hand

        self.heading = QLabel(self)
        self.heading.setObjectName("voucher_heading")
        self.heading.setWordWrap(True)
        self.pages = QLabel(self)
        self.pages.setObjectName("voucher_pages")
        self.zoom_out_button = self._tool("zoom_out", "−")
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("voucher_zoom")
        self.zoom_in_button = self._tool("zoom_in", "+")
        self.fit_button = QPushButton(self)
        self.fit_button.setObjectName("voucher_fit")

        self.stack = QStackedWidget(self)
        # The scan is a picture: not mirrored, nor its place in the view.
        self.stack.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.image = QImage()
        self.image_label = QLabel()
        self.image_label.setObjectName("voucher_image")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = QScrollArea(self.stack)
        self.scroll_area.setObjectName("voucher_scroll")
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setWidget(self.image_label)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self.stack)
        self.view.setObjectName("voucher_pdf")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.stack.addWidget(self.scroll_area)
        self.stack.addWidget(self.view)
        self.scroll_area.viewport().installEventFilter(self)
        self.view.viewport().installEventFilter(self)

        self.message = Feedback(self, "voucher_message")
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("voucher_save")
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.setObjectName("voucher_close")

        tools = QHBoxLayout()
        tools.addWidget(self.pages)
        tools.addStretch(1)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button):
            tools.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(tools)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.zoom_in_button.clicked.connect(lambda: self.step_zoom(+1))
        self.zoom_out_button.clicked.connect(lambda: self.step_zoom(-1))
        self.fit_button.clicked.connect(self.fit)
        self.save_button.clicked.connect(self.save_copy)
        self.close_button.clicked.connect(self.reject)
        self.view.zoomFactorChanged.connect(lambda _factor: self._show_zoom())
        for keys, action in (
            (QKeySequence.StandardKey.ZoomIn, lambda: self.step_zoom(+1)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.step_zoom(-1)),
            (QKeySequence.StandardKey.Save, self.save_copy),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(action)

        self.loaded = self._load()
        self.resize(QSize(760, 820))
        self.retranslate()
        if not self.loaded:
            self.message.fail(
                _("The voucher could not be shown. Save a copy to open it elsewhere.")
            )

    # --- showing ---------------------------------------------------------------------------

    def _tool(self, name: str, text: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        font = button.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        button.setFont(font)
        button.setMinimumWidth(button.sizeHint().height())
        button.setAutoRaise(True)
        return button

    def _load(self) -> bool:
        if self.is_pdf:
            self.stack.setCurrentWidget(self.view)
            # QPdfDocument reads from the device while it lives: the buffer stays with it.
            self.buffer = QBuffer(self)
            self.buffer.setData(QByteArray(self.voucher.data))
            self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.document.load(self.buffer)
            return self.document.status() == QPdfDocument.Status.Ready
        self.stack.setCurrentWidget(self.scroll_area)
        self.image = read_image(self.voucher.data, self.voucher.mime_type)
        self._show_image()
        return not self.image.isNull()

    def page_count(self) -> int:
        """Pages of a PDF (1 for an image, 0 when nothing could be shown)."""
        if self.is_pdf:
            return self.document.pageCount()
        return 0 if self.image.isNull() else 1

    def shown_size(self) -> QSize:
        """The size the image is drawn at (a PDF: none)."""
        pixmap = self.image_label.pixmap()
        return QSize() if pixmap.isNull() else pixmap.size()

    def _fitting_zoom(self) -> float:
        """The zoom that fits the whole image in the view, never beyond its own size."""
        if self.image.isNull():
            return 1.0
        room = self.scroll_area.viewport().size()
        width = max(room.width() - 4, 1) / self.image.width()
        height = max(room.height() - 4, 1) / self.image.height()
        return float(min(1.0, width, height))

    def _show_image(self) -> None:
        if self.image.isNull():
            self.image_label.clear()
            return
        if self.fitted:
            self.zoom = self._fitting_zoom()
        size = self.image.size() * self.zoom
        scaled = self.image.scaled(
            size.expandedTo(QSize(1, 1)),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.image_label.setPixmap(QPixmap.fromImage(scaled))
        self.image_label.resize(scaled.size())
        self._show_zoom()

    def current_zoom(self) -> float:
        if self.is_pdf:
            if self.view.zoomMode() == QPdfView.ZoomMode.Custom:
                return self.view.zoomFactor()
            return self._pdf_fitted_factor()
        return self.zoom

    def _pdf_fitted_factor(self) -> float:
        """The factor QPdfView's fit-to-width shows the first page at (it does not say)."""
        if self.document.pageCount() == 0:
            return 1.0
        points = self.document.pagePointSize(0)
        # QPdfView draws a page at its size in points × screen dpi / 72.
        dpi = self.view.logicalDpiX() or 96
        width = points.width() * dpi / 72
        margins = self.view.documentMargins()
        room = self.view.viewport().width() - margins.left() - margins.right()
        return max(room, 1) / width if width else 1.0

    def step_zoom(self, direction: int) -> None:
        """Zoom in (+1) or out (−1) by one step, from what is on show."""
        factor = self.current_zoom() * (ZOOM_STEP if direction > 0 else 1 / ZOOM_STEP)
        factor = min(MAX_ZOOM, max(MIN_ZOOM, factor))
        if self.is_pdf:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(factor)
        else:
            self.fitted = False
            self.zoom = factor
            self._show_image()
        self._show_zoom()

    def fit(self) -> None:
        """Back to the whole scan in the window (a PDF: its pages' width)."""
        if self.is_pdf:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        else:
            self.fitted = True
            self._show_image()
        self._show_zoom()

    def _show_zoom(self) -> None:
        self.zoom_label.setText(isolate(format_percent(round(self.current_zoom(), 2)), "ltr"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # The image's room is known once the layout has sized the view: refit it then.
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            if self.fitted:
                self._show_image()
        elif watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._show_zoom()
        return super().eventFilter(watched, event)

    # --- language --------------------------------------------------------------------------

    def retranslate(self) -> None:
        if self.titles is not None:
            title, heading = self.titles()
            self.setWindowTitle(title)
            self.heading.setText(bidi_text(heading))
        else:
            entry = isolate(self.entry, "ltr")
            self.setWindowTitle(_("Voucher of entry {entry}").format(entry=entry))
            self.heading.setText(
                bidi_text(
                    _("Scanned voucher of entry {entry}: {file}").format(
                        entry=entry, file=isolate(self.voucher.filename, "ltr")
                    )
                )
            )
        count = self.page_count()
        self.pages.setText(
            ngettext("{count} page", "{count} pages", count).format(count=format_number(count))
        )
        self.zoom_in_button.setToolTip(_("Zoom in"))
        self.zoom_out_button.setToolTip(_("Zoom out"))
        self.fit_button.setText(_("Fit to window"))
        self.save_button.setText(_("Save a copy…"))
        self.close_button.setText(_("Close"))
        self._show_zoom()

    # --- saving ----------------------------------------------------------------------------

    def save_copy(self) -> Path | None:
        """Ask where, then write the voucher's bytes there."""
        path = ask_save_path(
            self, FileKind.VOUCHERS, _("Save a copy of the voucher"), self.voucher.filename
        )
        if path is None:
            return None
        return self.save_copy_to(path)

    def save_copy_to(self, path: Path) -> Path | None:
        """Write the voucher at `path` (never over the association file); said in the dialog."""
        try:
            target = check_output_path(path, protected=self.protected)
            with atomic_output(target) as temporary:
                temporary.write_bytes(self.voucher.data)
        except NassijError as error:  # a refused path, a full or read-only disk
            self.message.fail(str(error))
            return None
        self.last_saved = target
        self.message.say(lambda: _("Saved: {path}").format(path=isolate(str(target), "ltr")))
        return target


__all__ = ["VIEWER_DIALOG", "VoucherViewer"]
