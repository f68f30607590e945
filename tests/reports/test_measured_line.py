"""fpdf2's line breaking with the canvas's `_MeasuredLine` (the widths of a line's finished
fragments kept): the same lines, with the same widths, as fpdf2's own `CurrentLine`, on
paragraphs of several fragments (bold runs, French inside Arabic, another font)."""

from __future__ import annotations

import pytest
from fpdf import line_break

from nassij_desktop.reports.engine.canvas import Canvas, _MeasuredLine

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


def _lines(lang: str) -> list[tuple[str, float]]:
    canvas = Canvas(lang, "portrait", lambda: None)
    canvas.set_text_shaping(True, direction="rtl" if lang == "ar" else "ltr")
    canvas.set_font("notonaskharabic" if lang == "ar" else "notosans", size=11)
    canvas.add_page()
    lines = canvas.multi_cell(70, 5, PARAGRAPHS[lang], markdown=True, dry_run=True, output="LINES")
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
