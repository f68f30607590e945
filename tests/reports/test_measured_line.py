"""fpdf2's line breaking with the canvas's `_MeasuredLine` (the widths of a line's finished
fragments kept): the same lines, with the same widths, as fpdf2's own `CurrentLine`, on
paragraphs of several fragments (bold runs, French inside Arabic, another font)."""

from __future__ import annotations

from typing import Any

import pytest
from fpdf import line_break
from fpdf.fonts import TTFFont

from nassij_desktop.reports.engine.canvas import Canvas, _MeasuredLine
from nassij_desktop.reports.engine.fonts import _DocumentFont

FPDF_LINE = _MeasuredLine.__mro__[1]
PARAGRAPHS = {
    "ar": (
        "تعرض صفحة **الأعضاء** قائمة المنخرطين (Nassij Desktop 0.1.0)، والملف "
        "`docs/guide/ar/03-members.md` بالفرنسية: **انقروا على «عضو جديد…»** ثم املؤوا "
        "البطاقة، 245 800,50 درهم، الهاتف 0528 86 12 34، ثم **احفظوا** البطاقة. " * 3
    ),
    "fr": (
        "La page **Membres** liste les adhérents de l'association « نسيج » : cliquez sur "
        "**Nouveau membre…**, remplissez la fiche (245 800,50 MAD, 0528 86 12 34) puis "
        "**Enregistrer**. " * 3
    ),
}


def _lines(lang: str, *, measured_twice: bool = False) -> list[tuple[str, float]]:
    canvas = Canvas(lang, "portrait", lambda: None)
    canvas.set_text_shaping(True, direction="rtl" if lang == "ar" else "ltr")
    canvas.set_font("notonaskharabic" if lang == "ar" else "notosans", size=11)
    canvas.add_page()
    for _ in range(2 if measured_twice else 1):
        lines = canvas.multi_cell(
            70, 5, PARAGRAPHS[lang], markdown=True, dry_run=True, output="LINES"
        )
    widths = [canvas.get_string_width(line, markdown=True) for line in lines]
    return list(zip(lines, widths, strict=True))


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_measured_line_breaks_paragraphs_as_fpdf2_does(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert line_break.CurrentLine is _MeasuredLine  # installed by importing the canvas
    ours = _lines(lang)
    monkeypatch.setattr(line_break, "CurrentLine", FPDF_LINE)
    theirs = _lines(lang)
    assert len(ours) > 5  # a paragraph of several lines
    assert ours == theirs


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_document_shapes_a_text_once_to_measure_it(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine measures a block by drawing it, and draws again one that did not fit
    (`ReportDocument._drawn_if`): the second time, the widths are the document's own fonts'
    memory of the first, not HarfBuzz again, and the lines are the ones fpdf2's fonts give."""
    measured: list[tuple[int, str, float, object]] = []
    measure = TTFFont.shaped_text_width  # HarfBuzz shaping a text to give its width

    def counted(font: TTFFont, text: str, size: float, params: Any) -> tuple[int, float]:
        # A text is shaped once per direction (French inside Arabic and beside it).
        measured.append((id(font), text, size, params["fragment_direction"]))
        return measure(font, text, size, params)

    monkeypatch.setattr(TTFFont, "shaped_text_width", counted)
    first = _lines(lang, measured_twice=True)
    assert len(measured) > 100  # the paragraph was shaped to be broken into lines
    assert len(set(measured)) == len(measured)  # each once: the second breaking is free

    monkeypatch.setattr(_DocumentFont, "shaped_text_width", measure)
    assert first == _lines(lang, measured_twice=True)
