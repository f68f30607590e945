"""`ReportDocument.listing`: a ruled table for long lists (a register of thousands of members).

It looks like `ReportDocument.table` — header row filled and repeated at the top of every
page, rows never split across pages, an optional bold totals row — but is laid out here rather
than by fpdf2's `table()`, which lays every cell out twice through `multi_cell` (about 10 ms a
row). A cell's lines are its "\\n"-separated parts, each wrapped at spaces to the column;
lines are measured and drawn through `Canvas.shaped_run`, once each.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nassij_desktop.reports.engine.canvas import Canvas, ShapedRun

if TYPE_CHECKING:
    from nassij_desktop.reports.engine.document import Column, ReportDocument

PAD_X = 1.5
PAD_Y = 0.8


class Emphasised(tuple[str, ...]):
    """A row of a listing drawn bold on the totals' fill: a subtotal, an account's heading."""

    __slots__ = ()


class Heading(Emphasised):
    """An emphasised row kept on the page of the row after it (an account of the ledger, an
    entry of the journal): never alone at the foot of a page."""

    __slots__ = ()


@dataclass(frozen=True)
class _Line:
    text: str
    run: ShapedRun | None  # None: drawn by fpdf2's cell()
    width: float


class Listing:
    """Draws one listing on `doc`'s canvas; `draw` pages by itself."""

    def __init__(
        self,
        doc: ReportDocument,
        columns: Sequence[Column],
        size: float,
        header_fill: tuple[int, int, int],
        totals_fill: tuple[int, int, int],
        rule_grey: int,
    ) -> None:
        self.doc = doc
        self.c: Canvas = doc.canvas
        self.columns = list(columns)
        self.size = size
        self.line_h = doc._line_height(self.size)
        self.header_fill = header_fill
        self.totals_fill = totals_fill
        self.rule_grey = rule_grey
        c = self.c
        total = sum(col.weight for col in columns)
        widths = [c.epw * col.weight / total for col in columns]
        # Reading order to drawing order: in Arabic the first column is the rightmost.
        self.x: list[float] = []
        x = c.l_margin
        for width in doc._ordered(widths):
            self.x.append(x)
            x += width
        if doc.rtl:
            self.x.reverse()
        self.widths = widths
        self.aligns = [doc._align(col.align) for col in columns]
        self.segment_top = 0.0

    # ------------------------------------------------------------------ layout

    def _measure(self, text: str, bold: bool) -> _Line:
        run = self.c.shaped_run(text, bold=bold, size_pt=self.size)
        if run is not None:
            return _Line(text, run, run.width)
        with self.doc._font(bold=bold, size=self.size):
            return _Line(text, None, self.c.get_string_width(text))

    def _lines(self, text: str, width: float, bold: bool) -> list[_Line]:
        """The lines of a cell: its "\\n" parts, each wrapped at spaces to `width`."""
        lines: list[_Line] = []
        for part in text.split("\n"):
            # Figures held together first (their group spaces become no-break), as fpdf2's
            # cells do; then only a plain space is a place to break.
            part = self.c.normalize_text(part)
            line = self._measure(part, bold)
            if line.width <= width or " " not in part.strip():
                lines.append(line)
                continue
            current = ""
            for word in part.split(" "):
                if not word:
                    continue
                candidate = f"{current} {word}" if current else word
                if current and self._measure(candidate, bold).width > width:
                    lines.append(self._measure(current, bold))
                    current = word
                else:
                    current = candidate
            lines.append(self._measure(current, bold))
        return lines

    def _layout(self, cells: Sequence[str], bold: bool) -> tuple[list[list[_Line]], float]:
        laid = [
            self._lines(text, width - 2 * PAD_X, bold)
            for text, width in zip(cells, self.widths, strict=True)
        ]
        height = max(len(lines) for lines in laid) * self.line_h + 2 * PAD_Y
        return laid, height

    # ------------------------------------------------------------------ drawing

    def draw(self, rows: Iterable[Sequence[str]], totals: Sequence[str] | None) -> None:
        """Pages are added here, not by fpdf2; a line drawn by `cell()` takes the direction
        of its own first strong letter, as in `table`."""
        with self.doc._no_page_break(), self.doc._shaping(None):
            self._draw(rows, totals)

    def _draw(self, rows: Iterable[Sequence[str]], totals: Sequence[str] | None) -> None:
        c = self.c
        header = self._layout([col.header for col in self.columns], bold=True)
        # The header row starts a page only with the first row under it, however tall that
        # row is (a cell of several lines): never a header alone at the foot of a page.
        remaining = iter(rows)
        first = next(remaining, None)
        first_height = (
            self.line_h + 2 * PAD_Y
            if first is None
            else self._layout(first, bold=isinstance(first, Emphasised))[1]
        )
        if c.y + header[1] + first_height > c.page_break_trigger:
            c.add_page()
        self._start_segment(header)
        held: tuple[list[list[_Line]], float] | None = None  # a Heading, until the next row
        for cells in itertools.chain(() if first is None else (first,), remaining):
            bold = isinstance(cells, Emphasised)
            fill = self.totals_fill if bold else None
            laid = self._layout(cells, bold=bold)
            if held is not None:
                below_header = c.y > self.segment_top + header[1] + 0.1
                if below_header and c.y + held[1] + laid[1] > c.page_break_trigger:
                    self._close_segment()
                    c.add_page()
                    self._start_segment(header)
                self._row(held, header, fill=self.totals_fill, bold=True)
                held = None
            if isinstance(cells, Heading):
                held = laid
                continue
            self._row(laid, header, fill=fill, bold=bold)
        if held is not None:
            self._row(held, header, fill=self.totals_fill, bold=True)
        if totals is not None:
            self._row(self._layout(totals, bold=True), header, fill=self.totals_fill, bold=True)
        self._close_segment()
        c.set_xy(c.l_margin, c.y)

    def _row(
        self,
        laid: tuple[list[list[_Line]], float],
        header: tuple[list[list[_Line]], float],
        fill: tuple[int, int, int] | None,
        bold: bool,
    ) -> None:
        c = self.c
        if c.y + laid[1] > c.page_break_trigger:
            self._close_segment()
            c.add_page()
            self._start_segment(header)
        self._draw_row(laid, fill, bold)

    def _start_segment(self, header: tuple[list[list[_Line]], float]) -> None:
        self.segment_top = self.c.y
        self._draw_row(header, self.header_fill, bold=True)

    def _close_segment(self) -> None:
        """The vertical rules of the table's part on this page, top to bottom at once."""
        c = self.c
        with self.doc._draw_color(self.rule_grey):
            left, right = c.l_margin, c.l_margin + sum(self.widths)
            for x in {*self.x, right}:
                c.line(x, self.segment_top, x, c.y)
            c.line(left, self.segment_top, right, self.segment_top)

    def _draw_row(
        self,
        laid: tuple[list[list[_Line]], float],
        fill: tuple[int, int, int] | None,
        bold: bool,
    ) -> None:
        c = self.c
        cells, height = laid
        top = c.y
        if fill is not None:
            before = c.fill_color
            c.set_fill_color(*fill)
            c.rect(c.l_margin, top, sum(self.widths), height, style="F")
            if before is not None:  # fpdf2 types the colours optional; restored as it does
                c.set_fill_color(before)
        for lines, x, width, align in zip(cells, self.x, self.widths, self.aligns, strict=True):
            y = top + (height - len(lines) * self.line_h) / 2
            for line in lines:
                self._draw_line(line, x, y, width, align, bold)
                y += self.line_h
        with self.doc._draw_color(self.rule_grey):
            c.line(c.l_margin, top + height, c.l_margin + sum(self.widths), top + height)
        c.set_xy(c.l_margin, top + height)

    def _draw_line(
        self, line: _Line, x: float, y: float, width: float, align: str, bold: bool
    ) -> None:
        c = self.c
        if align == "R":
            left = x + width - PAD_X - line.width
        elif align == "C":
            left = x + (width - line.width) / 2
        else:
            left = x + PAD_X
        if line.run is not None:
            # fpdf2's baseline in a cell of height h: top + h/2 + 0.3 × the font size.
            c.draw_run(line.run, left, y + self.line_h / 2 + 0.3 * self.size / c.k)
            return
        with self.doc._font(bold=bold, size=self.size):
            c.set_xy(x + PAD_X, y)
            c.cell(width - 2 * PAD_X, self.line_h, line.text, align=align)
