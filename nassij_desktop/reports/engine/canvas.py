"""The fpdf2 page the engine draws on: A4, embedded fonts, HarfBuzz shaping, bidi cleaned up.

fpdf2 runs the Unicode bidirectional algorithm itself (`fpdf.bidi`), shapes each directional
run with HarfBuzz and writes the glyphs in visual order with a ToUnicode map, so text extracted
from the PDF reads in logical order. Two things are adjusted here:

- Bidi control characters (RLM, isolates…) steer the algorithm but are removed from the runs
  before they reach the fonts, so they are neither drawn nor extracted and never break a run
  into pieces. This hooks `FPDF._preload_font_styles`, which fpdf2 (2.8) calls on every
  directional run after the bidi pass, and on the whole text when shaping is off.
- A character no font can draw becomes U+FFFD (and is logged) instead of vanishing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from fpdf import FPDF

from nassij_desktop.reports.engine.fonts import (
    BIDI_CONTROLS,
    REPLACEMENT_CHARACTER,
    register_fonts,
)

log = logging.getLogger(__name__)

_SPACES = str.maketrans({"\t": " ", "\r": None})


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

    def header(self) -> None:
        self._on_header()

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
