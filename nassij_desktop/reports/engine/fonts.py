"""The fonts a report embeds, and the fallback chain that leaves no character without a glyph.

All files live in `resources/fonts` with their OFL licences (see the README there):

- **Noto Naskh Arabic** (regular, bold): Arabic, with its Latin digits, the Arabic punctuation
  (، ؛ ؟ ٪ ـ), «» and the no-break space U+00A0; no Latin letters, no ( ) / - % – — nor
  U+202F, which come from Noto Sans, drawn to match it.
- **Noto Sans** (regular, bold): French; has №, the isolates and U+202F, but no Arabic letters
  and none of the Arabic punctuation (، ؟ ٪ ـ).
- **Amiri** (regular, bold): the last resort for what neither has (U+2212 −, U+2213, the
  Arabic mathematical letters…). It was the Arabic body font until issue 12 (item 25): its
  kerning after the letters that do not join on the left (ر ز و د ذ ا) and its lam-alef
  ligatures open gaps that poppler-based viewers (Evince, Okular, `pdftotext`) read as word
  breaks — "الشر يف", "العضو ية", "الإ لكتروني" — so a member's name could not be found
  by searching or copied whole. Turning `kern` off (`set_text_shaping(features=…)`) mended
  most words but not "الإلكتروني"; Noto Naskh Arabic, a plainer naskh that is still a
  proper book face, gives words that extract whole, and it is drawn as the companion of
  Noto Sans, so the Arabic and French halves of a letterhead match. Searchable, copyable
  text is a requirement of the documents (DESIGN: "extracted text must read in logical
  order"); Amiri's finer calligraphy is not.
- **Noto Sans Tifinagh** (regular): Amazigh names in Tifinagh (ⴰⵙⵙⵓⴷⵙ), which none has.

The chain is the document's own family first, then the others: Arabic = Noto Naskh Arabic →
Noto Sans → Amiri → Noto Sans Tifinagh; French = Noto Sans → Noto Naskh Arabic → Amiri →
Noto Sans Tifinagh. A character that none of them has is printed as U+FFFD (�, in Noto Sans)
and logged, rather than silently dropped.

Bidi control characters (LRM/RLM/ALM, the embeddings and the isolates) are never drawn: the
canvas removes them after fpdf2 has run the Unicode bidi algorithm on the text, so the marks
that `i18n.formatting` puts around money and names still steer the visual order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

import uharfbuzz as hb
from fontTools import ttLib
from fpdf import FPDF
from fpdf.enums import PDFResourceType
from fpdf.fonts import SubsetMap, TTFFont

from nassij_desktop.paths import resource

FONT_DIR = resource("fonts")

ARABIC_FAMILY = "notonaskharabic"
AMIRI_FAMILY = "amiri"
LATIN_FAMILY = "notosans"
TIFINAGH_FAMILY = "notosanstifinagh"

REPLACEMENT_CHARACTER = "\ufffd"

# Explicit directional formatting characters (UAX #9 table 1) and the Arabic letter mark.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@dataclass(frozen=True)
class FontFile:
    family: str
    style: str  # "" or "B", as fpdf2 spells it
    filename: str

    @property
    def path(self) -> Path:
        return FONT_DIR / self.filename

    @property
    def key(self) -> str:
        """fpdf2's name for the font in a document: family, then style."""
        return f"{self.family}{self.style}"


FONT_FILES: tuple[FontFile, ...] = (
    FontFile(ARABIC_FAMILY, "", "NotoNaskhArabic-Regular.ttf"),
    FontFile(ARABIC_FAMILY, "B", "NotoNaskhArabic-Bold.ttf"),
    FontFile(AMIRI_FAMILY, "", "Amiri-Regular.ttf"),
    FontFile(AMIRI_FAMILY, "B", "Amiri-Bold.ttf"),
    FontFile(LATIN_FAMILY, "", "NotoSans-Regular.ttf"),
    FontFile(LATIN_FAMILY, "B", "NotoSans-Bold.ttf"),
    FontFile(TIFINAGH_FAMILY, "", "NotoSansTifinagh-Regular.ttf"),
)


def primary_family(lang: str) -> str:
    """The family body text is set in: Noto Naskh Arabic for Arabic, Noto Sans otherwise."""
    return ARABIC_FAMILY if lang == "ar" else LATIN_FAMILY


def family_for_script(rtl: bool) -> str:
    """The family for a run of a known script (the Arabic or the French half of a header)."""
    return ARABIC_FAMILY if rtl else LATIN_FAMILY


def font_chain(lang: str) -> tuple[str, ...]:
    """Families in the order they are tried for a character, the document's own first."""
    first = primary_family(lang)
    others = tuple(f for f in (ARABIC_FAMILY, LATIN_FAMILY) if f != first)
    return (first, *others, AMIRI_FAMILY, TIFINAGH_FAMILY)


BODY_FAMILIES = frozenset({ARABIC_FAMILY, LATIN_FAMILY})


def register_fonts(pdf: FPDF, lang: str, *, last_resort: bool = False) -> None:
    """Add the body families (Noto Naskh Arabic, Noto Sans) to an `fpdf.FPDF`, and with
    `last_resort` the others too (Amiri, Noto Sans Tifinagh), each a copy of the font read once
    in this process (below), and make the chain of `lang` among the registered families its
    fallbacks.

    fpdf2 tries the current font first, then the fallbacks in order, preferring the same
    emphasis (a bold Arabic word inside a bold French heading stays bold). Both body families
    are in the chain, so the Arabic half of a French letterhead (set in Noto Naskh Arabic)
    still finds № in Noto Sans. The last-resort fonts (Amiri is large) are read the first time
    a document needs them, and nearly none does: the canvas adds them when a text has a
    character the body families lack (`Canvas.cover`).
    """
    for font in FONT_FILES:
        if (font.family in BODY_FAMILIES) != last_resort:
            pdf.fonts[font.key] = _fresh_copy(_parsed(font), index=len(pdf.fonts) + 1)
    registered = {key.rstrip("BI") for key in pdf.fonts}
    pdf.set_fallback_fonts([f for f in font_chain(lang) if f in registered], exact_match=False)


# ---------------------------------------------------------------- fonts parsed once a process
#
# fpdf2's `add_font` reads the whole font file again for every document: the widths and glyph
# ids of every character, some 15 ms a font, four fonts a document. What it reads depends on
# the file alone, so each font is read once per process and every document gets a copy that
# shares it, with its own record of the glyphs it uses. The parsed fontTools font is only read
# while a document is drawn (fpdf2 asks it glyph names and advances), never changed: fpdf2's
# subsetting changes the font it is given, so each document is written out with a font of its
# own (`fonts_for_output`).

_LOCK = threading.Lock()
_PARSED: dict[FontFile, TTFFont] = {}
_OUTPUT_DATA: dict[Path, bytes] = {}

# The tables fpdf2 drops from every font it embeds (fpdf/output.py, `_add_fonts`). Dropped
# once here rather than by each subsetting: fontTools reads the layout tables (GSUB, GPOS,
# GDEF) before it drops them, a third of the time a document took to be written out.
_NEVER_EMBEDDED = (
    "FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "sbix", "CBDT", "CBLC", "EBDT",
    "EBLC", "EBSC", "SVG ", "CPAL", "COLR",
)  # fmt: skip


def _parsed(font: FontFile) -> TTFFont:
    with _LOCK:
        parsed = _PARSED.get(font)
        if parsed is None:
            parsed = TTFFont(FPDF(), font.path, font.key, font.style)
            _PARSED[font] = parsed
        return parsed


class _DocumentFont(TTFFont):
    """A document's `TTFFont`, which shapes a text once to measure it and once to draw it.

    fpdf2 measures the same words again and again as it breaks, cuts and draws lines, and
    the engine draws again a block that did not fit where it was measured
    (`ReportDocument._drawn_if`): three quarters of the texts a document measured had been
    measured before by it, each time shaped again by HarfBuzz. What shaping gives depends on
    the font (this object: a document's own), the size and the shaping parameters alone;
    the glyphs a drawn text picks stay in the document's subset once picked."""

    __slots__ = ("_shapes", "_widths")
    _widths: dict[tuple[Any, ...], tuple[int, float]]
    _shapes: dict[tuple[Any, ...], Sequence[dict[str, Any]]]

    def shaped_text_width(
        self, text: str, font_size_pt: float, text_shaping_params: dict[str, Any] | None
    ) -> tuple[int, float]:
        return _kept(
            self._widths,
            _shaping_key(text, font_size_pt, text_shaping_params),
            lambda: TTFFont.shaped_text_width(self, text, font_size_pt, text_shaping_params),
        )

    def shape_text(
        self, text: str, font_size_pt: float, text_shaping_params: dict[str, Any] | None
    ) -> Sequence[dict[str, Any]]:
        return _kept(
            self._shapes,
            _shaping_key(text, font_size_pt, text_shaping_params),
            lambda: TTFFont.shape_text(self, text, font_size_pt, text_shaping_params),
        )


# Texts a document keeps at most (a long register's names, numbers and phones never repeat).
_TEXTS_KEPT = 50_000
Key = TypeVar("Key")
Value = TypeVar("Value")


def _kept(store: dict[Key, Value], key: Key, make: Callable[[], Value]) -> Value:
    value = store.get(key)
    if value is None:
        if len(store) >= _TEXTS_KEPT:
            store.clear()
        value = store[key] = make()
    return value


def _shaping_key(text: str, size: float, params: dict[str, Any] | None) -> tuple[Any, ...]:
    """What HarfBuzz's result depends on, besides the font (`perform_harfbuzz_shaping`)."""
    params = params or {}
    features = params.get("features")
    return (
        text,
        size,
        params.get("fragment_direction"),
        params.get("script"),
        params.get("language"),
        tuple(features.items()) if features else (),
    )


def _fresh_copy(parsed: TTFFont, *, index: int) -> TTFFont:
    """A document's own `TTFFont`: what the file says shared, what the document uses its own."""
    font = _DocumentFont.__new__(_DocumentFont)
    font._widths, font._shapes = {}, {}
    for name in TTFFont.__slots__:
        if hasattr(parsed, name):
            setattr(font, name, getattr(parsed, name))
    font.i = index
    font.cw = parsed.cw.copy()  # a defaultdict: a character asked for is added to it
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font._hbfont = None  # HarfBuzz's font takes the size of each text: one per document
    font.subset = SubsetMap(font)
    return font


def fonts_for_output(pdf: FPDF) -> None:
    """Once the document is drawn and before it is written out: leave out the fonts no page
    uses (fpdf2 embeds every font added; a French document seldom uses the Arabic bold), and
    give each other font a fontTools font of its own to be subset and embedded."""
    used = {
        str(name)
        for (_, kind), names in pdf._resource_catalog.resources_per_page.items()
        if kind is PDFResourceType.FONT
        for name in names
    }
    for key, font in list(pdf.fonts.items()):
        if str(font.i) not in used:
            del pdf.fonts[key]
        elif isinstance(font, TTFFont):
            # recalcBBoxes off: the subset keeps the whole font's bounding box and maxima
            # (head, hhea, maxp), still true of every glyph it holds, rather than fontTools
            # unpacking each kept glyph's outline to measure it again on writing.
            font.ttfont = ttLib.TTFont(
                BytesIO(_with_used_glyphs(font)),
                recalcTimestamp=False,
                recalcBBoxes=False,
                lazy=True,
            )


# fpdf2 embeds a subset made by fontTools (fpdf/output.py, `_add_fonts`): fontTools read every
# glyph of the font to keep a few dozen — 3 317 in Noto Sans, 1 602 in Noto Naskh Arabic, their
# outlines, widths and names — twice as long as drawing a receipt's text. HarfBuzz's subsetter
# (uharfbuzz, already the shaper) makes the same cut in about half a millisecond; fontTools then
# subsets a font of the glyphs the document uses, and keeps them all.
# The first four glyphs are those fontTools adds (`recommended_glyphs`: .notdef, .null, CR,
# space); the glyphs' names stay, as fpdf2 asks the subsetter for the glyphs by name.
_RECOMMENDED_GLYPHS = (0, 1, 2, 3)


def _with_used_glyphs(font: TTFFont) -> bytes:
    """The font as `_output_data` has it, cut down to the glyphs the document drew (and the
    characters mapped to them), their names kept."""
    drawn = [glyph for glyph, _ in font.subset.items() if glyph is not None]
    names = {glyph.glyph_name for glyph in drawn}
    wanted = hb.SubsetInput()
    wanted.glyph_set.update({*_RECOMMENDED_GLYPHS, *(glyph.glyph_id for glyph in drawn)})
    wanted.unicode_set.update(code for code, name in font.cmap.items() if name in names)
    wanted.flags = hb.SubsetFlags.GLYPH_NAMES
    face = hb.Face(hb.Blob(_output_data(font.ttffile)))
    return bytes(hb.subset(face, wanted).blob.data)


def _output_data(path: Path) -> bytes:
    with _LOCK:
        data = _OUTPUT_DATA.get(path)
        if data is None:
            font = ttLib.TTFont(path, recalcTimestamp=False, lazy=True)
            for tag in _NEVER_EMBEDDED:
                if tag in font:
                    del font[tag]
            out = BytesIO()
            font.save(out)
            data = _OUTPUT_DATA[path] = out.getvalue()
        return data
