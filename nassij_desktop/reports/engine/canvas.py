"""The fpdf2 page the engine draws on: A4, embedded fonts, HarfBuzz shaping, bidi cleaned up.

fpdf2 runs the Unicode bidirectional algorithm itself (`fpdf.bidi`), shapes each directional
run with HarfBuzz and writes the glyphs in visual order with a ToUnicode map, so text extracted
from the PDF reads in logical order. Two things are adjusted here:

- Bidi control characters (RLM, isolates…) steer the algorithm but are removed from the runs
  before they reach the fonts, so they are neither drawn nor extracted and never break a run
  into pieces. This hooks `FPDF._preload_font_styles`, which fpdf2 (2.8) calls on every
  directional run after the bidi pass, and on the whole text when shaping is off.
- A character no font can draw becomes U+FFFD (and is logged) instead of vanishing.

`shaped_run` and `draw_run` are a lean path for long tables (`ReportDocument.listing`):
fpdf2's `cell()` costs about 0.4 ms per line of shaped text (bidi pass, fragments, shaping for
the width and again for the drawing), too much for a register of thousands of rows. A line in
one direction that one font covers — nearly every name, number, date and label — is shaped
once by HarfBuzz (memoised: statuses and cities repeat) and written with the same operators
fpdf2 writes; any other line goes through `cell()`.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fpdf import FPDF
from fpdf.enums import PDFResourceType, TextDirection
from fpdf.fonts import TTFFont

from nassij_desktop.reports.engine.fonts import (
    BIDI_CONTROLS,
    REPLACEMENT_CHARACTER,
    font_chain,
    register_fonts,
)

log = logging.getLogger(__name__)

_SPACES = str.maketrans({"\t": " ", "\r": None})

# Bidi classes of a line that reads right to left as one run, and of the marks that would turn
# a left-to-right line (or part of it) right to left.
_RTL_RUN = frozenset({"R", "AL", "NSM", "WS"})
_RTL_STRONG = frozenset({"R", "AL"})
_TURNS_RTL = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI"})


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
    """A line of text shaped once: its font, size, glyphs (as fpdf2's `shape_text` gives
    them, in visual order) and width in millimetres."""

    font: TTFFont
    size_pt: float
    glyphs: tuple[dict[str, Any], ...]
    width: float


class Canvas(FPDF):
    """An A4 FPDF with the shipped fonts in `lang`'s fallback order; `on_header` draws the top
    of every page."""

    def __init__(self, lang: str, orientation: str, on_header: Callable[[], None]) -> None:
        super().__init__(orientation="L" if orientation == "landscape" else "P", format="A4")
        self._on_header = on_header
        register_fonts(self, lang)
        self._covered: frozenset[int] = frozenset().union(
            *(font.cmap for font in self.fonts.values() if hasattr(font, "cmap"))
        )
        self._warned: set[int] = set()
        self._frame: _Frame | None = None
        self._runs: dict[tuple[str, bool, float], ShapedRun | None] = {}
        self._families = font_chain(lang)

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
        start = len(self.pages[page].contents)
        self._on_header()
        chunk = bytes(self.pages[page].contents[start:])
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

    def printable(self, text: str) -> str:
        """`text` without bidi controls, tabs as spaces, undrawable characters as U+FFFD."""
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
        if key not in self._runs:
            self._runs[key] = self._shape(text, bold, size_pt)
        return self._runs[key]

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
        for glyph in run.glyphs:
            char = font.escape_text(chr(glyph["mapped_char"]))
            if glyph["x_offset"] or glyph["y_offset"]:
                if pending:
                    out.append(f"({pending}) Tj ")
                    pending = ""
                out.append(at(pos_x + glyph["x_offset"] * scale, pos_y - glyph["y_offset"] * scale))
            pending += char
            pos_x += glyph["x_advance"] * scale
            pos_y += glyph["y_advance"] * scale
            if glyph["force_positioning"]:
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
            g for g in font.shape_text(text, size_pt, params) if g["mapped_char"] is not None
        )
        scale = font.scale * size_pt / 1000 / self.k
        width = sum(g["x_advance"] for g in glyphs) * scale
        return ShapedRun(font, size_pt, glyphs, width)
