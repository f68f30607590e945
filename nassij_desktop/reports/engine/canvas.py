"""The fpdf2 page the engine draws on: A4, embedded fonts, HarfBuzz shaping, bidi cleaned up.

fpdf2 runs the Unicode bidirectional algorithm itself (`fpdf.bidi`), shapes each directional
run with HarfBuzz and writes the glyphs in visual order with a ToUnicode map, so text extracted
from the PDF reads in logical order. Two things are adjusted here:

- Bidi control characters (RLM, isolates…) steer the algorithm but are removed from the runs
  before they reach the fonts, so they are neither drawn nor extracted and never break a run
  into pieces. This hooks `FPDF._preload_font_styles`, which fpdf2 (2.8) calls on every
  directional run after the bidi pass, and on the whole text when shaping is off.
- A character no font can draw becomes U+FFFD (and is logged) instead of vanishing.
- Figures whose digit groups are set apart by spaces ("245 800,50", "0528 86 12 34"), as
  users type them, are held together (`hold_figures`): every text the engine draws passes
  through `normalize_text` (fpdf2 calls it in `cell`, `multi_cell` and their measuring; the
  listing calls it for its cells), so no document has to think of it.

`shaped_run` and `draw_run` are a lean path for long tables (`ReportDocument.listing`):
fpdf2's `cell()` costs about 0.4 ms per line of shaped text (bidi pass, fragments, shaping for
the width and again for the drawing), too much for a register of thousands of rows. A line in
one direction that one font covers — nearly every name, number, date and label — is shaped
once by HarfBuzz and written with the same operators fpdf2 writes; any other line goes through
`cell()`. The shaped lines are memoised (statuses, cities and dates repeat) in a cache of
bounded size: names, numbers and phones do not repeat, and kept for ever they were most of the
memory a long register took.

fpdf2's line breaking (`multi_cell`, used by every paragraph) measures the line so far at each
character it adds: every fragment of it (a bold run, a French word in Arabic text, the other
font) shaped again by HarfBuzz. `_MeasuredLine` keeps the width of the fragments before the
last one, which no longer change: the same widths, the same lines, the same PDF, for about a
third less time on the user guide (tests/reports/test_measured_line.py).

Pages do not stay in memory: once the canvas leaves a page, its operators go to a `PageSpool`
(engine.spool) and `output()` writes the file from there. Nothing may rely on reading a page's
content back once another page has been added; writing to an earlier page (its footer) works.
"""

from __future__ import annotations

import io
import logging
import os
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from fpdf import FPDF, line_break
from fpdf.enums import PDFResourceType, TextDirection
from fpdf.fonts import TTFFont

from nassij_desktop.reports.engine.fonts import (
    BIDI_CONTROLS,
    REPLACEMENT_CHARACTER,
    font_chain,
    fonts_for_output,
    register_fonts,
)
from nassij_desktop.reports.engine.spool import FileSink, PageSpool, SpooledOutput

log = logging.getLogger(__name__)

_SPACES = str.maketrans({"\t": " ", "\r": None})

# Bidi classes of a line that reads right to left as one run, and of the marks that would turn
# a left-to-right line (or part of it) right to left.
_RTL_RUN = frozenset({"R", "AL", "NSM", "WS"})
_RTL_STRONG = frozenset({"R", "AL"})
_TURNS_RTL = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})

# Never drawn, so never a reason to look further than the body fonts.
_NOT_DRAWN = frozenset(map(ord, "\n\r\t" + "".join(BIDI_CONTROLS)))

# Shaped lines kept: enough for every status, category, city and the dates of some years.
RUN_CACHE_SIZE = 4096

# A figure with its digits grouped by spaces, as users type amounts and phone numbers: an
# optional sign, then either thousands ("245 800,50": a group of one to three digits, then
# groups of exactly three, then perhaps decimals) or a number starting with 0 or + in groups
# of one to four digits, three groups at least ("0528 86 12 34", "+212 6 61 23 45 67"). The
# separator is a plain, thin, narrow no-break or no-break space; "2025 245" (a year, then a
# count) is two numbers and stays so.
_GROUP_SPACE = "[ \u00a0\u2009\u202f]"
_FIGURE = re.compile(
    r"(?<![\d\u2066.,])"
    r"(?:"
    rf"[-+\u2212]?\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})+(?:[.,]\d+)?"
    r"|"
    rf"(?:\+|0)\d{{0,3}}(?:{_GROUP_SPACE}\d{{1,4}}){{2,}}"
    r")"
    r"(?![.,]?\d)"
)
_GROUP_SPACES = re.compile(_GROUP_SPACE)
LRI, PDI = "\u2066", "\u2069"


def hold_figures(text: str) -> str:
    """`text` with each space-grouped figure held together: its group spaces made no-break
    spaces (U+00A0: fpdf2 never breaks a line there and writes a plain space, so the figure
    is extracted and found as typed), and the figure isolated left to right (LRI…PDI), so
    "245 800,50" inside Arabic neither reads "800,50 245" nor loses its sign. The isolates
    steer fpdf2's bidi pass and are never drawn (`Canvas.printable`)."""
    if not any(char.isdigit() for char in text):
        return text
    return _FIGURE.sub(lambda m: LRI + _GROUP_SPACES.sub("\u00a0", m[0]) + PDI, text)


# OpenType features turned off in every run, for text that copies and searches whole (see
# engine.fonts for the choice of Noto Naskh Arabic). Its `liga` draws "لله" — in "الله",
# "عبد الله" — as one glyph, which poppler-based viewers extract backwards ("اهلل"); the
# letters drawn one by one are the spelling every Arabic font without the ligature shows.
# Its `mark` moves each vowel mark onto its letter by an offset, and poppler then gives the
# mark to the word beside ("النصابُ يستدعى" for "النصاب يُستدعى") or drops it; without
# it, Noto Naskh's marks sit where they are drawn, on the letter before them, a little less
# finely placed over tall letters (the documents use marks in a few set phrases only).
SHAPING_FEATURES: dict[str, bool] = {"liga": False, "mark": False}


@dataclass(frozen=True)
class _Frame:
    """The page frame's operators as drawn on the first page, the resources they use, and
    where the body starts."""

    chunk: bytes
    resources: dict[Any, set[Any]]
    x: float
    y: float


@dataclass(frozen=True)
class ShapedRun:
    """A line of text shaped once: its font, size, glyphs in visual order and width in
    millimetres. A glyph is (its code escaped for a PDF string, x offset, y offset, x advance,
    y advance, placed by its own text matrix), from fpdf2's `shape_text`; tuples rather than
    fpdf2's dicts, a tenth of the memory."""

    font: TTFFont
    size_pt: float
    glyphs: tuple[tuple[str, int, int, int, int, bool], ...]
    width: float


class Canvas(FPDF):
    """An A4 FPDF with the shipped fonts in `lang`'s fallback order; `on_header` draws the top
    of every page."""

    def __init__(self, lang: str, orientation: str, on_header: Callable[[], None]) -> None:
        super().__init__(orientation="L" if orientation == "landscape" else "P", format="A4")
        self._on_header = on_header
        self._lang = lang
        register_fonts(self, lang)
        self._last_resort = False
        self._covered = self._coverage()
        self._warned: set[int] = set()
        self._frame: _Frame | None = None
        self._runs: OrderedDict[tuple[str, bool, float], ShapedRun | None] = OrderedDict()
        self._families = font_chain(lang)
        self._spool = PageSpool()
        # Page breaks a block asked for while page breaks were off (a block being measured,
        # `ReportDocument._drawn_if`): drawn for good, it would have gone over to a new page.
        self.refused_page_breaks = 0
        # A placeholder for the page count cannot be replaced in pages already written out.
        self.alias_nb_pages("")

    def set_text_shaping(
        self,
        use_shaping_engine: bool = True,
        features: dict[str, Any] | None = None,
        direction: str | TextDirection | None = None,
        script: str | None = None,
        language: str | None = None,
    ) -> None:
        """fpdf2's, with `SHAPING_FEATURES` under any features asked for."""
        super().set_text_shaping(
            use_shaping_engine,
            features={**SHAPING_FEATURES, **(features or {})},
            direction=direction,
            script=script,
            language=language,
        )

    def will_page_break(self, height: float) -> bool:
        """fpdf2's, counting the breaks refused while page breaks are off."""
        if not self.accept_page_break and not self.in_footer:
            self.refused_page_breaks += self.y + height > self.page_break_trigger
        return super().will_page_break(height)

    # ------------------------------------------------------------------ pages out of memory

    def add_page(self, *args: Any, **kwargs: Any) -> None:
        left = self.page
        super().add_page(*args, **kwargs)
        if left:
            self.spool_page(left)

    def spool_page(self, number: int) -> None:
        """Move what page `number` holds to the spool (its first stream, or one more)."""
        contents = self.page_operators(number)
        if contents or not self._spool.has(number):
            self._spool.put(number, contents, compress=self.compress)
            self.pages[number].contents = bytearray()

    def page_operators(self, number: int) -> bytearray:
        """The operators page `number` holds so far: bytes while pages are drawn (fpdf2 makes
        them a stream only as it writes the file out, and checks this the same way)."""
        contents = self.pages[number].contents
        assert isinstance(contents, bytearray)
        return contents

    def output(  # type: ignore[override]
        self, name: str | os.PathLike[str] | IO[bytes] = "", *, linearize: bool = False
    ) -> bytearray | None:
        """Write the PDF to `name` (a path or a binary file), or return it when `name` is
        empty; the pages come from the spool, and the document is finished after this.
        What fpdf2 would do to pages already written out (a table of contents inserted, a
        linearised file, encryption, PDF/A) is refused rather than silently left out."""
        if linearize or self.toc_placeholder or self._security_handler or self._compliance:
            raise NotImplementedError("not with pages written out as they are finished")
        if self.page == 0:
            self.add_page()
        self._render_footer()
        for font in self.fonts.values():
            if isinstance(font, TTFFont) and font.color_font:
                font.color_font.load_glyphs()
        for number in range(1, self.page + 1):
            self.spool_page(number)
        fonts_for_output(self)
        try:
            if isinstance(name, (str, os.PathLike)) and str(name):
                with Path(name).open("wb") as file:
                    SpooledOutput(self, self._spool, file).bufferize()
                return None
            if not isinstance(name, (str, os.PathLike)):
                SpooledOutput(self, self._spool, name).bufferize()
                return None
            memory = io.BytesIO()
            SpooledOutput(self, self._spool, memory).bufferize()
            return bytearray(memory.getvalue())
        finally:
            self._spool.close()

    def _default_file_id(self, buffer: Any) -> str:
        if isinstance(buffer, FileSink):
            return buffer.file_id(self.creation_date)
        return super()._default_file_id(buffer)

    def header(self) -> None:
        if self._frame is None:
            self._frame = self._record_frame()
        else:
            self._replay_frame(self._frame)

    def _record_frame(self) -> _Frame:
        """Draw the page frame (letterhead, rules, static footer) and keep its operators: it is
        the same on every page, and drawing it again costs some 30 ms a page. It is drawn in
        q…Q from black colours and with its fonts set inside, so its bytes mean the same on
        any page, whatever the page's state when its header is due."""
        page = self.page
        resources = self._page_resources(page)
        fill, draw = self.fill_color, self.draw_color
        self.fill_color, self.draw_color = self.DEFAULT_FILL_COLOR, self.DEFAULT_DRAW_COLOR
        self.current_font_is_set_on_page = False
        self._out("q 0 g 0 G")
        start = len(self.page_operators(page))
        self._on_header()
        chunk = bytes(self.page_operators(page)[start:])
        self._out("Q")
        self.fill_color, self.draw_color = fill, draw
        self.current_font_is_set_on_page = False
        added = {
            kind: names - resources.get(kind, set())
            for kind, names in self._page_resources(page).items()
        }
        return _Frame(chunk, added, self.x, self.y)

    def _replay_frame(self, frame: _Frame) -> None:
        self._out(b"q 0 g 0 G\n" + frame.chunk + b"Q")
        for kind, names in frame.resources.items():
            self._resource_catalog.resources_per_page[(self.page, kind)] |= names
        self.current_font_is_set_on_page = False
        self.set_xy(frame.x, frame.y)

    def _page_resources(self, page: int) -> dict[Any, set[Any]]:
        return {
            kind: set(names)
            for (number, kind), names in self._resource_catalog.resources_per_page.items()
            if number == page
        }

    # Footers are drawn once the page count is known (ReportDocument.save).

    def _coverage(self) -> frozenset[int]:
        """The characters the registered fonts draw, and those never drawn (line breaks,
        tabs and bidi controls)."""
        return frozenset().union(
            _NOT_DRAWN, *(font.cmap for font in self.fonts.values() if hasattr(font, "cmap"))
        )

    def cover(self, text: str) -> None:
        """Add the last-resort fonts (`fonts.register_fonts`) the first time a text has a
        character the body families lack, before fpdf2 picks fonts for it."""
        if not self._last_resort and not self._covered.issuperset(map(ord, text)):
            self._last_resort = True
            register_fonts(self, self._lang, last_resort=True)
            self._covered = self._coverage()

    def normalize_text(self, text: str) -> str:
        """fpdf2's check of the text of every cell, line and measure, with the figures held
        together (`hold_figures`)."""
        self.cover(text)
        return super().normalize_text(hold_figures(text))

    def printable(self, text: str) -> str:
        """`text` without bidi controls, tabs as spaces, undrawable characters as U+FFFD."""
        self.cover(text)
        text = text.translate(_SPACES)
        out = []
        for char in text:
            if char in BIDI_CONTROLS:
                continue
            if char != "\n" and ord(char) not in self._covered:
                if ord(char) not in self._warned:
                    self._warned.add(ord(char))
                    log.warning("no font has U+%04X; printed as U+FFFD", ord(char))
                char = REPLACEMENT_CHARACTER
            out.append(char)
        return "".join(out)

    def _preload_font_styles(  # type: ignore[override]
        self, text: str | None, markdown: bool, **kwargs: Any
    ) -> Sequence[Any]:
        return super()._preload_font_styles(
            self.printable(text) if text else text, markdown, **kwargs
        )

    # ------------------------------------------------------------------ lean lines

    def shaped_run(self, text: str, *, bold: bool = False, size_pt: float) -> ShapedRun | None:
        """`text` (one line) shaped in the first family of the chain that has all its
        letters, or None when it mixes directions or needs two fonts: draw it with `cell()`."""
        key = (text, bold, size_pt)
        if key in self._runs:
            self._runs.move_to_end(key)
            return self._runs[key]
        run = self._runs[key] = self._shape(text, bold, size_pt)
        if len(self._runs) > RUN_CACHE_SIZE:
            self._runs.popitem(last=False)
        return run

    def draw_run(self, run: ShapedRun, x: float, baseline: float, grey: int = 0) -> None:
        """Write `run` with its left edge at `x` and its baseline at `baseline` (mm from the
        top), in `grey` (0 black … 255 white). Font and colour live inside q…Q, so fpdf2's
        own idea of the page's current font and colour stays true."""
        font, k = run.font, self.k
        scale = font.scale * run.size_pt / 1000 / k

        def at(px: float, py: float) -> str:
            return f"1 0 0 1 {px * k:.2f} {(self.h - py) * k:.2f} Tm "

        out = [
            f"q BT /F{font.i} {run.size_pt:.2f} Tf {grey / 255:.4f} g "
            f"{x * k:.2f} {(self.h - baseline) * k:.2f} Td "
        ]
        pending = ""
        pos_x, pos_y = x, baseline
        # As fpdf2's Fragment.render_with_text_shaping: a glyph with an offset (a vowel mark)
        # or a width other than its advance (kerning) is placed by an absolute text matrix.
        for char, x_offset, y_offset, x_advance, y_advance, placed in run.glyphs:
            if x_offset or y_offset:
                if pending:
                    out.append(f"({pending}) Tj ")
                    pending = ""
                out.append(at(pos_x + x_offset * scale, pos_y - y_offset * scale))
            pending += char
            pos_x += x_advance * scale
            pos_y += y_advance * scale
            if placed:
                out.append(f"({pending}) Tj ")
                pending = ""
                out.append(at(pos_x, pos_y))
        if pending:
            out.append(f"({pending}) Tj ")
        out.append("ET Q")
        self._resource_catalog.add(PDFResourceType.FONT, font.i, self.page)
        self._out("".join(out))

    def _shape(self, text: str, bold: bool, size_pt: float) -> ShapedRun | None:
        if not text or "\n" in text:
            return None
        classes = [unicodedata.bidirectional(char) for char in text]
        if _RTL_STRONG & set(classes) and set(classes) <= _RTL_RUN:
            direction = TextDirection.RTL
        elif _TURNS_RTL & set(classes) or "\u200f" in text or "\u061c" in text:
            return None
        else:
            # Left to right throughout: the isolates and marks around a phone number change
            # nothing here, and are never drawn anyway.
            direction = TextDirection.LTR
            text = "".join(char for char in text if char not in BIDI_CONTROLS)
            # A no-break space is written as a plain one, as fpdf2's lines do: a figure is
            # then extracted, copied and found with the spaces it was typed with.
            text = text.replace("\u00a0", " ")
        codes = {ord(char) for char in text if not char.isspace()}
        for family in self._families:
            font = self.fonts.get(family + ("B" if bold else "")) or self.fonts.get(family)
            if isinstance(font, TTFFont) and codes <= font.cmap.keys():
                break
        else:
            return None
        params = {
            "use_shaping_engine": True,
            "features": (self.text_shaping or {}).get("features") or {},
            "direction": None,
            "script": None,
            "language": None,
            "fragment_direction": direction,
            "paragraph_direction": direction,
        }
        glyphs = tuple(
            (
                font.escape_text(chr(g["mapped_char"])),
                g["x_offset"],
                g["y_offset"],
                g["x_advance"],
                g["y_advance"],
                g["force_positioning"],
            )
            for g in font.shape_text(text, size_pt, params)
            if g["mapped_char"] is not None
        )
        scale = font.scale * size_pt / 1000 / self.k
        width = sum(g[3] for g in glyphs) * scale
        return ShapedRun(font, size_pt, glyphs, width)


class _MeasuredLine(line_break.CurrentLine):
    """fpdf2's line being filled (`CurrentLine`), whose `width` measures again only its last
    fragment, the one characters are added to: the widths of the others are kept, under the
    fragment and the length of its text (a fragment cut or refilled is measured again)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._widths: dict[tuple[int, int, int], float] = {}

    @property
    def width(self) -> float:
        fragments = self.fragments
        last = len(fragments) - 1
        total = 0.0
        for index, fragment in enumerate(fragments):
            if index == last:
                total += fragment.get_width(initial_cs=index > 0)
                break
            key = (id(fragment), id(fragment.characters), len(fragment.characters))
            width = self._widths.get(key)
            if width is None:
                width = self._widths[key] = fragment.get_width(initial_cs=index > 0)
            total += width
        return total


# `MultiLineBreak.get_line` makes its lines from the module's `CurrentLine`. Only when the
# fpdf2 in use has the same line (2.8): otherwise its own, slower and just as right.
if isinstance(vars(line_break.CurrentLine).get("width"), property):
    line_break.CurrentLine = _MeasuredLine  # type: ignore[misc]
