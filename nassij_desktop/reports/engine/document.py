"""`ReportDocument`: an A4 document in Arabic (right to left) or French (left to right) on the
association's letterhead, built from a few blocks.

    doc = ReportDocument("ar", letterhead, title="…", reference="NSJ/2026/0012")
    doc.heading("…")
    doc.paragraph("…")
    doc.key_values([("…", "…")])
    doc.table([Column("…", 3), Column("…", 1, "end")], rows, totals=[…])
    doc.date_line(place="…")
    with doc.keep_together():  # the closing, the date and the signatures on one page
        doc.paragraph("…")
        doc.date_line(place="…")
        doc.signatures([SignatureBlock("الرئيس", "…")])
    doc.save(path)

Direction is the document's: in Arabic every block starts on the right — text is right-aligned,
a key/value block puts its labels on the right, a table's first column is its rightmost, the
first signature is the rightmost. Data (table cells, values, names) takes the direction of its
own first strong letter, so a French name inside an Arabic table keeps its trailing dot or
parenthesis on the correct side. Money, dates and numbers come formatted from `i18n`; fpdf2's
bidi pass keeps "12.500,00 د.م." and "05/08/2026" in one left-to-right run inside Arabic text.
Inside an Arabic sentence, wrap what must read left to right as a whole — a phone number, a
RIB, a CIN, a French name with punctuation — in `i18n.formatting.isolate(text, "ltr")`:
"0528 86 12 34" alone would show its groups in right-to-left order.

Page breaks: a table never splits a row, a heading stays with what follows it (drawn by the
next block: a table's header row and first row, a figure, a `keep_together` group, else a few
lines), and a key/value block, a date line and a signature block stay whole — each by the
height it really takes, measured by laying it out with page breaks off (`_drawn_if`, which
keeps it where it fits), not by an estimate: a fixed reserve broke pages too early (issue 12: a
declaration letter with its page 1 half empty; the minutes' "Resolutions" heading was left at
the foot of a page, its table on the next). `keep_together` does the same for several blocks.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Concatenate, Literal, ParamSpec, TypeVar

from fpdf.drawing_primitives import DeviceGray
from fpdf.enums import TableBordersLayout, TableHeadingsDisplay
from fpdf.fonts import FontFace
from PIL import Image

from nassij_desktop.core.common import clock
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_date, isolate
from nassij_desktop.reports.engine.canvas import Canvas, ShapedRun
from nassij_desktop.reports.engine.fonts import family_for_script, primary_family
from nassij_desktop.reports.engine.hijri import format_hijri, to_hijri
from nassij_desktop.reports.engine.letterhead import Letterhead
from nassij_desktop.reports.engine.listing import Listing

Lang = Literal["ar", "fr"]
Orientation = Literal["portrait", "landscape"]
Alignment = Literal["start", "end", "center", "right"]  # "right": amounts, in both directions
T = TypeVar("T")
P = ParamSpec("P")

log = logging.getLogger(__name__)

PT = 25.4 / 72  # millimetres in a typographic point
MARGIN = 15.0
TOP_MARGIN = 12.0
BOTTOM_MARGIN = 20.0  # the footer lives below this
LOGO_SIZE = 22.0
BLACK = 0
GREY = 90
RULE_GREY = 150
KEY_VALUE_PADDING = (1.2, 2.0)  # mm above and below, and on each side, of a key-value cell
HEADINGS_FILL = (226, 231, 238)
TOTALS_FILL = (242, 242, 242)


@dataclass(frozen=True)
class Column:
    """A table column: its header, its share of the width, and where its text sits.

    `align` is relative to the reading direction: "start" is the right edge in Arabic and the
    left edge in French; amounts are usually "end".
    """

    header: str
    weight: float = 1.0
    align: Alignment = "start"


@dataclass(frozen=True)
class SignatureBlock:
    """One signatory: a role ("الرئيس", "Le Président"), a name, and an empty stamp zone."""

    role: str
    name: str = ""
    stamp_zone: bool = True


@dataclass(frozen=True)
class _Sizes:
    """Font sizes in points and the line height factor, per script (Noto Naskh Arabic's
    letters are larger than Noto Sans's at the same size, and need more room for the dots
    and vowel marks above and below)."""

    body: float
    small: float
    footer: float
    title: float
    headings: tuple[float, float, float]
    table: float
    line: float


_SIZES = {
    "ar": _Sizes(
        body=12, small=9.5, footer=8.5, title=17, headings=(14.5, 13, 12), table=10.5, line=1.45
    ),
    "fr": _Sizes(
        body=10, small=8, footer=7.5, title=15, headings=(13, 11.5, 10.5), table=9, line=1.4
    ),
}


def _usable_image(data: bytes | None) -> bytes | None:
    """The logo if Pillow can read it; a damaged logo must not stop an official document."""
    if not data:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (OSError, SyntaxError, ValueError):
        log.warning("the association's logo is not a readable image; printed without it")
        return None
    return data


def _block(
    method: Callable[Concatenate[ReportDocument, P], None],
) -> Callable[Concatenate[ReportDocument, P], None]:
    """A block of the document: inside `keep_together` it is kept for later, to be measured
    with the others and then drawn."""

    @functools.wraps(method)
    def block(doc: ReportDocument, /, *args: P.args, **kwargs: P.kwargs) -> None:
        if doc._deferred is not None:
            doc._deferred.append(functools.partial(method, doc, *args, **kwargs))
            return
        doc._flush()
        method(doc, *args, **kwargs)

    return block


@dataclass(frozen=True)
class _HeadingBlock:
    """A heading not drawn yet: the block after it shows what it must stay with."""

    draw: Callable[[], None]
    then: float  # the room below it kept for lines of an ordinary block, mm

    def kept_with_lines(self, doc: ReportDocument) -> Callable[[], None]:
        return lambda: doc._keep_whole(self.draw, then=self.then)


@dataclass(frozen=True)
class _TableBlock:
    """A table not drawn yet: the last one called, until the next block shows whether its
    last row must go with a `keep_together` group, or a table inside the group."""

    columns: Sequence[Column]
    rows: Sequence[Sequence[str]]
    totals: Sequence[str] | None

    def opening(self, doc: ReportDocument) -> Callable[[], None]:
        """Its header row and first row: what a heading just before it must stay with."""
        return lambda: doc._table(self.columns, self.rows[:1], None)


class ReportDocument:
    """An A4 report with the letterhead on every page and "page n of N" in every footer.

    Blocks are drawn as they are called; `save` numbers the pages and writes the file.
    `generated_on` (default: today) is printed in the footer and is the PDF's creation date;
    `hijri` adds the Hijri date under `date_line`, moved by `hijri_offset_days`.
    """

    def __init__(
        self,
        lang: Lang,
        letterhead: Letterhead,
        *,
        title: str,
        reference: str = "",
        orientation: Orientation = "portrait",
        hijri: bool = False,
        hijri_offset_days: int = 0,
        generated_on: dt.date | None = None,
    ) -> None:
        if lang not in _SIZES:
            raise ValueError(f"unsupported report language: {lang!r}")
        self.lang: Lang = lang
        self.rtl = lang == "ar"
        self.letterhead = letterhead
        self.title = title
        self.reference = reference
        self.hijri = hijri
        self.hijri_offset_days = hijri_offset_days
        self.generated_on = generated_on or clock.today()
        self.sizes = _SIZES[lang]
        self.family = primary_family(lang)
        self._body_top = TOP_MARGIN  # where the text of the current page starts
        self._deferred: list[Callable[[], None] | _TableBlock] | None = None  # keep_together
        self._pending: _TableBlock | None = None  # the table just called, not drawn yet
        # The heading just called, not drawn yet: the next block shows what it must go with.
        self._heading: _HeadingBlock | None = None
        self._measuring = False  # laying blocks out without drawing them (_drawn_if)

        self._logo = _usable_image(letterhead.logo)
        self._canvas = Canvas(lang, orientation, self._draw_page_frame)
        c = self._canvas
        c.alias_nb_pages("")  # pages are numbered by save(); "{nb}" in a text stays as it is
        c.set_margins(MARGIN, TOP_MARGIN, MARGIN)
        c.set_auto_page_break(True, BOTTOM_MARGIN)
        c.set_title(title)
        c.set_lang(lang)
        c.set_author(letterhead.name_ar if self.rtl else letterhead.name_fr)
        c.set_creator("Nassij Desktop")
        c.set_creation_date(dt.datetime.combine(self.generated_on, dt.time(), dt.UTC))
        c.set_text_shaping(True, direction=self._direction)
        c.set_font(self.family, size=self.sizes.body)
        c.set_text_color(BLACK)
        c.add_page()
        self._write(title, size=self.sizes.title, bold=True, align="center")
        c.ln(3)

    # ------------------------------------------------------------------ public blocks

    @property
    def canvas(self) -> Canvas:
        """The fpdf2 canvas, for a document that needs a drawing the engine lacks."""
        self._flush()
        return self._canvas

    @property
    def page_count(self) -> int:
        self._flush()
        return self._canvas.page

    def heading(self, text: str, level: int = 1, *, then_lines: int = 2) -> None:
        """A bold heading (levels 1 to 3), kept on the same page as what follows it: a table's
        header row and first row, a `keep_together` group whole, else `then_lines` lines
        (more before a listing, whose header row and first row must follow it)."""
        if not 1 <= level <= 3:
            raise ValueError("heading level must be 1, 2 or 3")
        size = self.sizes.headings[level - 1]
        space_before = (5.0, 3.5, 2.5)[level - 1]

        def draw() -> None:
            if self._canvas.y > self._body_top + 0.1:
                self._canvas.ln(space_before)
            self._write(text, size=size, bold=True)
            self._canvas.ln(1)

        heading = _HeadingBlock(draw, then_lines * self._body_line)
        if self._deferred is not None:
            self._deferred.append(heading.kept_with_lines(self))
        elif self._measuring:
            heading.kept_with_lines(self)()
        else:
            self._flush()
            self._heading = heading  # drawn by the next block, with its first part

    @_block
    def paragraph(self, text: str, *, size: float | None = None) -> None:
        """Running text aligned on the reading side; "\\n" starts a new line."""
        self._write(text, size=size or self.sizes.body)
        self._canvas.ln(2)

    @_block
    def key_values(self, rows: Sequence[tuple[str, str]], *, label_share: float = 0.35) -> None:
        """Label/value pairs in two columns, labels bold on the reading side; the block is
        kept on one page when it fits on one."""
        self._keep_whole(lambda: self._key_values(rows, label_share))

    def _key_values(self, rows: Sequence[tuple[str, str]], label_share: float) -> None:
        c = self._canvas
        weights = [label_share, 1 - label_share]
        if self._lean_key_values(rows, weights):
            c.ln(3)
            return
        with (
            self._shaping(None),
            self._font(size=self.sizes.body),
            self._draw_color(200),
            c.table(
                col_widths=self._ordered(weights),
                text_align=self._ordered([self._align("start")] * 2),
                first_row_as_headings=False,
                borders_layout="HORIZONTAL_LINES",
                line_height=self._body_line,
                padding=KEY_VALUE_PADDING,
                v_align="TOP",
                width=c.epw,
            ) as table,
        ):
            for label, value in rows:
                row = table.row()
                cells = [(label, FontFace(emphasis="BOLD")), (value, None)]
                for text, style in self._ordered(cells):
                    row.cell(text, style=style)
        c.ln(3)

    def _lean_key_values(self, rows: Sequence[tuple[str, str]], weights: Sequence[float]) -> bool:
        """Draw the rows of `key_values` as fpdf2's table would, when every label and value
        is one line the current family draws whole (`_lean_line`), through the canvas's lean
        path: fpdf2 lays each cell out twice and measures its line once per character. False,
        and nothing drawn, for anything else."""
        c = self._canvas
        size, line = self.sizes.body, self._body_line
        widths = [c.epw * weight for weight in self._ordered(weights)]
        lefts = [c.l_margin, c.l_margin + widths[0]]
        side = self._align("start")
        laid: list[list[ShapedRun]] = []
        for label, value in rows:
            cells = self._ordered([(label, True), (value, False)])
            runs = [
                self._lean_line(text, width - 2 * KEY_VALUE_PADDING[1], bold=bold, size=size)
                for (text, bold), width in zip(cells, widths, strict=True)
            ]
            fitted = [run for run in runs if run is not None]
            if len(fitted) < len(runs):
                return False
            laid.append(fitted)
        height = line + 2 * KEY_VALUE_PADDING[0]
        if c.auto_page_break and c.y + height * len(laid) > c.page_break_trigger:
            return False
        grey = self._grey()
        if grey is None:
            return False
        with self._draw_color(200):
            for index, row_runs in enumerate(laid):
                top = c.y
                for run, left, width in zip(row_runs, lefts, widths, strict=True):
                    TableBordersLayout.HORIZONTAL_LINES.cell_style_getter(
                        row_idx=index,
                        col_idx=0,
                        col_pos=0,
                        num_heading_rows=0,
                        num_rows=len(laid),
                        num_col_idx=2,
                        num_col_pos=2,
                    ).draw_cell_border(c, left, top, left + width, top + height)
                    inner = width - 2 * KEY_VALUE_PADDING[1]
                    x = left + KEY_VALUE_PADDING[1] + (inner - run.width if side == "R" else 0)
                    baseline = top + KEY_VALUE_PADDING[0] + line / 2 + 0.3 * size / c.k
                    c.draw_run(run, x, baseline, grey)
                c.set_y(top + height)
        return True

    def _lean_line(self, text: str, width: float, *, bold: bool, size: float) -> ShapedRun | None:
        """`text` shaped by the canvas's lean path when fpdf2 would draw it the same way: one
        line no wider than `width`, in one direction, all of it in the current family (in
        bold or not); else None."""
        c = self._canvas
        if "\n" in text:
            return None
        run = c.shaped_run(c.normalize_text(text), bold=bold, size_pt=size)
        font = c.fonts.get(c.font_family + ("B" if bold else ""))
        if run is None or run.font is not font or run.width > width:
            return None
        return run

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        totals: Sequence[str] | None = None,
    ) -> None:
        """A ruled table: header row repeated on every page, long cells wrapped (the row
        grows), rows never split across pages, and an optional bold totals row.

        Columns and cells are given in reading order; in Arabic the first is drawn rightmost.
        """
        width = len(columns)
        for index, row in enumerate([*rows, *([totals] if totals is not None else [])]):
            if len(row) != width:
                raise ValueError(f"row {index} has {len(row)} cells for {width} columns")
        table = _TableBlock(columns, rows, totals)
        if self._deferred is not None:
            self._deferred.append(table)
            return
        self._flush(table.opening(self))  # a heading just before goes with its opening
        # Drawn by the next block: its last row goes with a keep_together group after it.
        self._pending = table

    def _flush(self, first_part: Callable[[], None] | None = None) -> None:
        """Draw the table or the heading waiting for the block after it, if any; the heading
        on this page if it fits with `first_part` of that block below it, else on the next."""
        if self._pending is not None:
            table, self._pending = self._pending, None
            self._draw_blocks([table])
        if self._heading is not None:
            heading, self._heading = self._heading, None
            if first_part is None:
                heading.kept_with_lines(self)()
                return
            both = [heading.draw, first_part]
            self._keep_space(self._height_of(lambda: self._draw_blocks(both)))
            heading.draw()

    def _table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        totals: Sequence[str] | None,
        *,
        headings: bool = True,
    ) -> None:
        """The rows of `table`; without `headings`, the rest of a table cut just above."""
        c = self._canvas
        size = self.sizes.table
        with (
            self._shaping(None),
            self._font(size=size),
            self._draw_color(RULE_GREY),
            c.table(
                col_widths=self._ordered([col.weight for col in columns]),
                text_align=self._ordered([self._align(col.align) for col in columns]),
                first_row_as_headings=headings,
                headings_style=FontFace(emphasis="BOLD", fill_color=HEADINGS_FILL),
                repeat_headings=TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE,
                line_height=self._line_height(size),
                padding=(0.8, 1.5),
                v_align="MIDDLE",
                width=c.epw,
            ) as table,
        ):
            if headings:
                table.row(self._ordered([col.header for col in columns]))
            for cells in rows:
                table.row(self._ordered(list(cells)))
            if totals is not None:
                table.row(
                    self._ordered(list(totals)),
                    style=FontFace(emphasis="BOLD", fill_color=TOTALS_FILL),
                )

    def listing(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[str]],
        totals: Sequence[str] | None = None,
        *,
        size: float | None = None,
    ) -> None:
        """A ruled table for long lists — a register of thousands of rows in a second or two.

        It looks like `table` (header repeated on every page, rows never split, bold totals)
        but a cell's lines are its "\\n"-separated parts, each wrapped at spaces to the
        column, and the layout is done once, by `engine.listing` rather than fpdf2's table.
        Columns and cells are in reading order; in Arabic the first column is the rightmost.
        `size` (points) defaults to the size of `table`.
        """
        width = len(columns)

        def checked() -> Iterator[Sequence[str]]:
            for index, row in enumerate(rows):
                if len(row) != width:
                    raise ValueError(f"row {index} has {len(row)} cells for {width} columns")
                yield row

        if totals is not None and len(totals) != width:
            raise ValueError(f"the totals row has {len(totals)} cells for {width} columns")
        if self._deferred is not None or self._measuring:
            raise RuntimeError("a listing pages by itself: not inside keep_together")
        self._flush()
        listing = Listing(
            self, columns, size or self.sizes.table, HEADINGS_FILL, TOTALS_FILL, RULE_GREY
        )
        listing.draw(checked(), totals)
        self._canvas.ln(3)

    @_block
    def date_line(self, *, place: str | None = None, on: dt.date | None = None) -> None:
        """The place and date ("Fait à Tiznit, le 5 août 2026") on the far side, then the Hijri
        date if the document asks for it."""
        day = on or self.generated_on
        when = format_date(day, self.lang, "long")
        if place:
            text = translate_in(self.lang, "Done at {place}, on {date}")
            text = text.format(place=place, date=when)
        else:
            text = translate_in(self.lang, "On {date}").format(date=when)
        hijri_line = ""
        if self.hijri:
            hijri = format_hijri(to_hijri(day, self.hijri_offset_days), self.lang)
            hijri_line = translate_in(self.lang, "Corresponding to {date}").format(date=hijri)

        def draw() -> None:
            self._canvas.ln(2)
            self._write(text, size=self.sizes.body, align="end")
            if hijri_line:
                self._write(hijri_line, size=self.sizes.small, align="end")
            self._canvas.ln(2)

        self._keep_whole(draw)

    @_block
    def signatures(self, blocks: Sequence[SignatureBlock], *, stamp_height: float = 28) -> None:
        """Signatories side by side (the first on the reading side), each with a stamp zone;
        kept whole on one page."""
        if blocks:
            self._keep_whole(lambda: self._signatures(blocks, stamp_height))

    def _signatures(self, blocks: Sequence[SignatureBlock], stamp_height: float) -> None:
        c = self._canvas
        top = c.y + 4
        column = c.epw / len(blocks)
        inner = column - 6
        slots = [
            (block, c.l_margin + (len(blocks) - 1 - i if self.rtl else i) * column + 3)
            for i, block in enumerate(blocks)
        ]
        box_top = top
        for block, x in slots:
            c.set_xy(x, top)
            self._write(block.role, size=self.sizes.body, bold=True, align="center", w=inner, x=x)
            with self._shaping(None):
                self._write(block.name or " ", size=self.sizes.body, align="center", w=inner, x=x)
            box_top = max(box_top, c.y + 1)
        bottom = box_top
        caption = translate_in(self.lang, "Signature and stamp")
        for block, x in slots:
            if not block.stamp_zone:
                continue
            with self._draw_color(170), self._dashed():
                c.rect(x, box_top, inner, stamp_height)
            c.set_xy(x, box_top + 1)
            with self._text_color(140):
                self._write(caption, size=self.sizes.footer, align="center", w=inner, x=x)
            bottom = box_top + stamp_height
        c.set_xy(c.l_margin, bottom + 4)

    @_block
    def rich_paragraph(self, text: str, *, indent: float = 0, size: float | None = None) -> None:
        """Running text with **bold** runs (fpdf2's markup), `indent` mm in from the reading
        side (a list item). The text may hold no other markup: "--" and "__" would be read as
        underline and italics, so a text with them is written plain, its "**" taken out."""
        c = self._canvas
        marked = "**" in text and "--" not in text and "__" not in text
        if not marked:
            text = text.replace("**", "")
        width = c.epw - indent
        x = c.l_margin if self.rtl else c.l_margin + indent
        with self._font(size=size or self.sizes.body):
            c.set_x(x)
            c.multi_cell(
                width,
                self._line_height(size or self.sizes.body),
                text,
                align=self._align("start"),
                markdown=marked,
                new_x="LMARGIN",
                new_y="NEXT",
            )
        c.ln(1.5)

    @contextmanager
    def back_on_page(self, number: int, y: float) -> Iterator[None]:
        """Draw on the earlier page `number` from height `y` (a contents page, filled in once
        the pages after it are known: the page gets one more stream, as its footer does).
        The blocks called inside must fit there: no page break is made."""
        if self._deferred is not None:
            raise RuntimeError("not inside keep_together")
        self._flush()
        c = self._canvas
        last, x, y_last = c.page, c.x, c.y
        c.page = number
        c.current_font_is_set_on_page = False
        c.set_xy(c.l_margin, y)
        try:
            with self._no_page_break():
                yield
                self._flush()
        finally:
            c.page = last
            c.current_font_is_set_on_page = False
            c.set_xy(x, y_last)

    def figure(self, data: bytes | None, size: tuple[int, int], *, max_height: float = 150) -> None:
        """A picture of `size` pixels, centred, the page's width at most (never enlarged past
        96 dpi) and `max_height` mm, its proportions kept; on the next page when it does not
        fit on this one. `data` None: only its place is taken (a layout pass)."""
        if self._deferred is not None or self._measuring:
            raise RuntimeError("a figure pages by itself: not inside keep_together")
        c = self._canvas
        pixels_w, pixels_h = size
        width = min(c.epw, pixels_w * 25.4 / 96)
        height = width * pixels_h / pixels_w
        if height > max_height:
            width, height = max_height * pixels_w / pixels_h, max_height
        self._flush(lambda: c.set_y(c.y + height + 2))  # a heading just before goes with it
        self._keep_space(height + 2)
        if data is not None:
            x = c.l_margin + (c.epw - width) / 2
            c.image(io.BytesIO(data), x, c.y, width, height)
        c.set_y(c.y + height + 3)

    def photos(
        self,
        photos: Sequence[tuple[bytes, str]],
        *,
        per_row: int = 3,
        height: float = 45.0,
        caption_lines: int = 3,
    ) -> None:
        """Pictures side by side, `per_row` to a row (the first on the reading side), each
        fitted in its cell with its proportions kept, its caption centred under it (at most
        `caption_lines` lines); a row is never split over two pages. Each picture is a JPEG
        or PNG the caller has already scaled to what it needs (the PDF keeps its bytes)."""
        if self._deferred is not None or self._measuring:
            raise RuntimeError("a row of photos pages by itself: not inside keep_together")
        c = self._canvas
        gap = 4.0
        width = (c.epw - gap * (per_row - 1)) / per_row
        size = self.sizes.small
        row_height = height + 1.5 + caption_lines * self._line_height(size, None)
        # A heading just before goes with the first row.
        self._flush((lambda: c.set_y(c.y + row_height)) if photos else None)
        for start in range(0, len(photos), per_row):
            row = photos[start : start + per_row]
            if c.y + row_height > c.page_break_trigger:
                c.add_page()
            top = bottom = c.y
            for index, (data, caption) in enumerate(row):
                slot = per_row - 1 - index if self.rtl else index
                x = c.l_margin + slot * (width + gap)
                c.image(io.BytesIO(data), x, top, width, height, keep_aspect_ratio=True)
                c.set_xy(x, top + height + 1.5)
                self._write(caption, size=size, align="center", w=width, x=x)
                bottom = max(bottom, c.y)
            c.set_xy(c.l_margin, bottom + 3)

    @_block
    def spacer(self, height: float = 5) -> None:
        self._canvas.ln(height)

    def new_page(self) -> None:
        if self._deferred is not None:
            raise RuntimeError("no new page inside keep_together")
        self._flush()
        self._canvas.add_page()

    def new_titled_page(self, title: str) -> None:
        """A new page opening with `title` as the first opens with the document's: several
        documents of one kind in one file (a batch of receipts), each on its own page."""
        self.new_page()
        self._write(title, size=self.sizes.title, bold=True, align="center")
        self._canvas.ln(3)

    @contextmanager
    def keep_together(self) -> Iterator[None]:
        """The blocks called inside (headings, paragraphs, key/value blocks, tables, date
        lines, signatures, spacers) are drawn together on one page: on this one if the
        height they really take fits, else on the next. A group taller than a page flows
        from where it is. Not for listings, which page by themselves.

        A table just before the group (a list of signatories, then the date and the
        signatures), or opening it, is not moved whole: it is drawn as usual, and its last
        row goes with the rest of the group — on this page if they fit below the other rows,
        else on the next under the table's header. The last page does not hold the closing
        blocks alone, and the page before is not left half empty."""
        if self._deferred is not None:
            yield  # already inside one: its blocks join the outer group
            return
        blocks: list[Callable[[], None] | _TableBlock] = []
        self._deferred = blocks
        try:
            yield
        finally:
            self._deferred = None
        if self._heading is not None:  # a heading just before (never with a table waiting)
            opens = blocks[0] if blocks else None
            if isinstance(opens, _TableBlock):  # with the table's header and first row
                self._flush(opens.opening(self))
            else:  # with the whole group
                blocks.insert(0, self._heading.draw)
                self._heading = None
        if self._pending is not None:
            blocks.insert(0, self._pending)
            self._pending = None
        first = blocks[0] if blocks else None
        if isinstance(first, _TableBlock) and len(first.rows) > 1:
            self._table_then(first, blocks[1:])
        else:
            self._keep_whole(lambda: self._draw_blocks(blocks))

    def _draw_blocks(self, blocks: Sequence[Callable[[], None] | _TableBlock]) -> None:
        for block in blocks:
            if isinstance(block, _TableBlock):
                self._table(block.columns, block.rows, block.totals)
                self._canvas.ln(3)
            else:
                block()

    def _table_then(
        self, table: _TableBlock, rest: Sequence[Callable[[], None] | _TableBlock]
    ) -> None:
        """`table`, with its last row (and totals) kept with the blocks of `rest`."""
        c = self._canvas
        height = self._drawn_if(lambda: self._draw_blocks([table, *rest]))
        if height is None:
            return  # all on this page, drawn once
        if c.y + height <= c.page_break_trigger:
            self._draw_blocks([table, *rest])
            return
        self._table(table.columns, table.rows[:-1], None)

        def tail(headings: bool) -> None:
            self._table(table.columns, table.rows[-1:], table.totals, headings=headings)
            c.ln(3)
            self._draw_blocks(rest)

        height = self._drawn_if(lambda: tail(False))
        if height is None:
            return
        if c.y + height > c.page_break_trigger:
            c.add_page()
            tail(True)
        else:
            tail(False)

    def save(self, path: Path | str) -> Path:
        """Number every page ("page n of N"), then write the PDF. Call it once, last."""
        self._flush()
        c = self._canvas
        total = c.page
        # fpdf2's "{nb}" alias is not reliable with text shaping, so the numbers are written on
        # each finished page now. Back on a page, fpdf2 cannot know which font its content
        # stream ended with: the font is set again, and the grey text color (unlike the fill
        # color) makes fpdf2 write the color with the text.
        c.set_fill_color(255)
        with self._no_page_break():
            for number in range(1, total + 1):
                c.page = number
                c.current_font_is_set_on_page = False
                text = translate_in(self.lang, "Page {page} of {pages}")
                self._footer_text(text.format(page=number, pages=total), "start")
                c.spool_page(number)  # the footer is the page's second stream
        c.page = total
        c.current_font_is_set_on_page = False
        path = Path(path)
        c.output(str(path))
        return path

    # ------------------------------------------------------------------ page frame

    def _draw_page_frame(self) -> None:
        """Called by fpdf2 at the top of every page: letterhead, rules, static footer."""
        c = self._canvas
        with self._no_page_break(), self._text_color(BLACK):
            bottom = self._draw_letterhead()
            with self._draw_color(RULE_GREY), self._line_width(0.4):
                c.line(c.l_margin, bottom + 2, c.w - c.r_margin, bottom + 2)
                footer_rule = c.h - BOTTOM_MARGIN + 5
                c.line(c.l_margin, footer_rule, c.w - c.r_margin, footer_rule)
            if self.reference:
                text = translate_in(self.lang, "Ref. {reference}")
                self._footer_text(text.format(reference=self.reference), "center")
            when = format_date(self.generated_on, self.lang)
            generated = translate_in(self.lang, "Generated on {date}").format(date=when)
            self._footer_text(generated, "end")
        self._body_top = bottom + 6
        c.set_xy(c.l_margin, self._body_top)

    def _draw_letterhead(self) -> float:
        """Logo on the outer (reading-start) edge, Arabic block right, French block left."""
        c, head = self._canvas, self.letterhead
        top = c.t_margin
        left, right = c.l_margin, c.w - c.r_margin
        bottom = top
        if self._logo:
            x = right - LOGO_SIZE if self.rtl else left
            c.image(io.BytesIO(self._logo), x, top, LOGO_SIZE, LOGO_SIZE, keep_aspect_ratio=True)
            bottom = top + LOGO_SIZE
            if self.rtl:
                right -= LOGO_SIZE + 4
            else:
                left += LOGO_SIZE + 4
        half = (right - left - 6) / 2
        for lang, x in (("ar", right - half), ("fr", left)):
            c.set_xy(x, top)
            rtl = lang == "ar"
            sizes = _SIZES[lang]
            lines: list[tuple[str, float, bool]] = [
                (head.name_ar if rtl else head.name_fr, sizes.headings[2], True)
            ]
            address = head.address_ar if rtl else head.address_fr
            if address:
                lines.append((address, sizes.small, False))
            if head.receipt_number:
                text = translate_in(lang, "Final receipt no. {number}")
                lines.append((text.format(number=head.receipt_number), sizes.small, False))
            # Isolated, or "0528 86 12 34" would read "34 12 86 0528" inside Arabic.
            if head.phone:
                text = translate_in(lang, "Tel. {phone}")
                lines.append((text.format(phone=isolate(head.phone, "ltr")), sizes.small, False))
            if head.email:
                text = translate_in(lang, "Email {email}")
                lines.append((text.format(email=isolate(head.email, "ltr")), sizes.small, False))
            with self._shaping("rtl" if rtl else "ltr"):
                for text, size, bold in lines:
                    self._write(
                        text,
                        size=size,
                        bold=bold,
                        align="R" if rtl else "L",
                        w=half,
                        x=x,
                        family=family_for_script(rtl),
                        line=_SIZES[lang].line * 0.92,
                    )
            bottom = max(bottom, c.y)
        return bottom

    def _footer_text(self, text: str, side: Alignment) -> None:
        c = self._canvas
        c.set_xy(c.l_margin, c.h - BOTTOM_MARGIN + 6)
        with self._text_color(GREY):
            self._write(text, size=self.sizes.footer, align=side)

    # ------------------------------------------------------------------ helpers

    @property
    def _direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def _body_line(self) -> float:
        return self._line_height(self.sizes.body)

    def _line_height(self, size: float, factor: float | None = None) -> float:
        return size * PT * (factor or self.sizes.line)

    def _align(self, alignment: Alignment | str) -> str:
        if alignment == "center":
            return "C"
        if alignment == "right":  # figures line up on their units in Arabic as in French
            return "R"
        if alignment in ("L", "R", "C"):
            return alignment
        start, end = ("R", "L") if self.rtl else ("L", "R")
        return start if alignment == "start" else end

    def _ordered(self, items: Sequence[T]) -> list[T]:
        """Reading order to drawing order (left to right): reversed in Arabic."""
        return list(reversed(items)) if self.rtl else list(items)

    def _keep_space(self, height: float) -> None:
        """A new page unless `height` fits below the current position — or the page is
        still empty, or `height` is more than a page holds: a new page would only leave
        this one emptier, and the block flows over the pages anyway."""
        if not self._measuring and self._new_page_needed(self._canvas.y, height):
            self._canvas.add_page()

    def _new_page_needed(self, y: float, height: float) -> bool:
        c = self._canvas
        if y <= self._body_top + 0.1 or height > c.page_break_trigger - self._body_top:
            return False
        return y + height > c.page_break_trigger

    def _keep_whole(self, draw: Callable[[], None], *, then: float = 0) -> None:
        """Run `draw` on this page if what it draws, and `then` millimetres more, fit on
        it; else on a new page."""
        if self._measuring:
            draw()
            return
        y = self._canvas.y
        height = self._drawn_if(draw, lambda height: not self._new_page_needed(y, height + then))
        if height is None:
            return  # drawn where it stands, as drawing it again would
        self._keep_space(height + then)
        draw()

    def _height_of(self, draw: Callable[[], None]) -> float:
        """The height `draw` takes from the current position, what it drew taken back."""
        height = self._drawn_if(draw, keep=lambda _height: False)
        assert height is not None  # never kept
        return height

    def _drawn_if(
        self, draw: Callable[[], None], keep: Callable[[float], bool] = lambda _height: True
    ) -> float | None:
        """Run `draw` from the current position without page breaks (it must not add a
        page). If it fitted on the page without asking for a break (and `keep(height)` is
        true), what it drew stays (None); else what it wrote (its operators and graphics
        state) is taken back, the position put back, and its height given. Every block is
        placed by its real height, and nearly every one fits where it stands: drawn a
        second time, it would write the same operators."""
        c = self._canvas
        page, x, y = c.page, c.x, c.y
        contents = c.page_operators(page)
        written = len(contents)
        refused = c.refused_page_breaks
        measuring, self._measuring = self._measuring, True
        c._push_local_stack()
        kept = False
        try:
            with self._no_page_break():
                draw()
            height = c.y - y
            kept = (
                c.refused_page_breaks == refused
                and y + height <= c.page_break_trigger
                and keep(height)
            )
        finally:
            self._measuring = measuring
            state = c._pop_local_stack()
            if kept:  # the graphics state the drawing left is the page's from now on
                c._pop_local_stack()
                c._push_local_stack(state)
            else:
                del contents[written:]
                c.set_xy(x, y)
            assert c.page == page, "a measured block may not add a page"
        return None if kept else height

    def _write(
        self,
        text: str,
        *,
        size: float,
        bold: bool = False,
        align: Alignment | str = "start",
        w: float = 0,
        x: float | None = None,
        family: str | None = None,
        line: float | None = None,
    ) -> None:
        c = self._canvas
        height = self._line_height(size, line)
        with self._font(family=family, bold=bold, size=size):
            if x is not None:
                c.set_x(x)
            if self._write_line(text, w, height, bold=bold, size=size, align=align):
                c.set_x(x if x is not None else c.l_margin)
                return
            c.multi_cell(
                w,
                height,
                text,
                align=self._align(align),
                new_x="LEFT" if x is not None else "LMARGIN",
                new_y="NEXT",
            )

    def _write_line(
        self, text: str, w: float, height: float, *, bold: bool, size: float, align: str
    ) -> bool:
        """Draw `text` as `multi_cell` would when it is one line, in one direction, that the
        current font draws whole, through the canvas's lean path (`_lean_line`): fpdf2
        measures a line it breaks once per character, so a heading cost milliseconds. False,
        and nothing drawn, for anything else."""
        c = self._canvas
        # The run reads in the document's direction (as fpdf2's paragraph would take it),
        # else neutral characters at its ends would land on the other side.
        if any(unicodedata.bidirectional(char) in ("R", "AL") for char in text) != self.rtl:
            return False
        width = w or c.w - c.r_margin - c.x
        run = self._lean_line(text, width - 2 * c.c_margin, bold=bold, size=size)
        grey = self._grey()
        if run is None or grey is None:
            return False
        if c.auto_page_break and c.y + height > c.page_break_trigger:
            return False
        side = self._align(align)
        if side == "R":
            left = c.x + width - c.c_margin - run.width
        elif side == "C":
            left = c.x + (width - run.width) / 2
        else:
            left = c.x + c.c_margin
        # fpdf2's baseline in a line of height h: its middle, plus 0.3 × the font size.
        baseline = c.y + height / 2 + 0.3 * size / c.k
        c.draw_run(run, left, baseline, grey)
        c.set_y(c.y + height)
        return True

    def _grey(self) -> int | None:
        """The text colour as the lean path draws it (0 black … 255 white), None if not grey."""
        color = self._canvas.text_color
        return round(color.g * 255) if isinstance(color, DeviceGray) else None

    @contextmanager
    def _font(
        self, *, family: str | None = None, bold: bool = False, size: float | None = None
    ) -> Iterator[None]:
        c = self._canvas
        before = (c.font_family, c.font_style, c.font_size_pt)
        c.set_font(family or self.family, "B" if bold else "", size or self.sizes.body)
        try:
            yield
        finally:
            c.set_font(*before)

    @contextmanager
    def _shaping(self, direction: str | None) -> Iterator[None]:
        """Set the base direction (None: each paragraph's first strong letter decides)."""
        c = self._canvas
        c.set_text_shaping(True, direction=direction)
        try:
            yield
        finally:
            c.set_text_shaping(True, direction=self._direction)

    @contextmanager
    def _text_color(self, grey: int) -> Iterator[None]:
        c = self._canvas
        before = c.text_color
        c.set_text_color(grey)
        try:
            yield
        finally:
            if before is not None:  # fpdf2 types the colours optional; restored as it does
                c.set_text_color(before)

    @contextmanager
    def _draw_color(self, grey: int) -> Iterator[None]:
        c = self._canvas
        before = c.draw_color
        c.set_draw_color(grey)
        try:
            yield
        finally:
            if before is not None:
                c.set_draw_color(before)

    @contextmanager
    def _line_width(self, width: float) -> Iterator[None]:
        c = self._canvas
        before = c.line_width
        c.set_line_width(width)
        try:
            yield
        finally:
            c.set_line_width(before)

    @contextmanager
    def _dashed(self) -> Iterator[None]:
        c = self._canvas
        c.set_dash_pattern(dash=1.5, gap=1)
        try:
            yield
        finally:
            c.set_dash_pattern()

    @contextmanager
    def _no_page_break(self) -> Iterator[None]:
        c = self._canvas
        auto, margin = c.auto_page_break, c.b_margin
        c.set_auto_page_break(False, margin)
        try:
            yield
        finally:
            c.set_auto_page_break(auto, margin)
