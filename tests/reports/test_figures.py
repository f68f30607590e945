"""Figures typed with spaces between their digit groups ("245 800,50"), read back from the PDF.

Issue 12: inside Arabic text the groups came out reversed ("800,50 245") and a figure could
break across two lines. The engine holds such figures together wherever it draws free text:
paragraphs, table cells (narrow ones too), key/value blocks and listings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from nassij_desktop.reports.engine import Column, Letterhead, ReportDocument
from nassij_desktop.reports.engine.canvas import hold_figures

HEAD = Letterhead(name_ar="جمعية الأمل", name_fr="Association Al Amal")
FIGURES = ("245 800,50", "198 420,00")
SENTENCE = {
    # The user's own text, typed with plain, thin (U+2009) and narrow no-break (U+202F) spaces.
    "ar": "صادق الجمع العام على ميزانية قدرها 245 800,50 درهم، منها 198\u2009420,00 درهم للأنشطة.",
    "fr": "Budget voté de 245 800,50 DH, dont 198\u202f420,00 DH pour les activités.",
}
PHONE = "0528 86 12 34"


def _document(lang: str, path: Path) -> Path:
    sentence = SENTENCE[lang]
    doc = ReportDocument(lang, HEAD, title="Test", generated_on=dt.date(2026, 8, 5))  # type: ignore[arg-type]
    doc.paragraph(sentence)
    doc.paragraph(f"الهاتف: {PHONE}" if lang == "ar" else f"Tél. : {PHONE}")
    # A column so narrow that the lines break around the figures, and a multi-line cell.
    doc.table(
        [Column("No.", 0.5), Column("Text", 1.2), Column("Notes", 4)],
        [["1", sentence, "-"], ["2", f"{FIGURES[0]}\n{FIGURES[1]}", "-"]],
    )
    doc.key_values([("Budget", sentence)])
    doc.listing([Column("No.", 1), Column("Text", 2.2), Column("Notes", 6)], [["1", sentence, "-"]])
    return doc.save(path)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("figures")
    return {lang: _document(lang, folder / f"{lang}.pdf") for lang in ("ar", "fr")}


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_each_figure_is_extracted_whole_and_in_order_everywhere(
    lang: str, documents: dict[str, Path], pdf_text: Callable
) -> None:
    # Not laid out: a figure broken across two lines would hold a line break.
    text = pdf_text(documents[lang], layout=False)
    for figure in FIGURES:
        # paragraph, table row, multi-line cell, key/value block, listing
        assert text.count(figure) == 5, (figure, text)
    assert "800,50 245" not in text and "420,00 198" not in text
    assert text.count(PHONE) == 1


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_figure_reads_left_to_right_on_one_line(
    lang: str, documents: dict[str, Path], pdf_lines: Callable
) -> None:
    found = 0
    for line in pdf_lines(documents[lang], 1):
        texts = [w.text.strip(".,،") for w in line]
        for high, low in (figure.split() for figure in FIGURES):
            if low in texts:
                # the group before the space is just left of the rest, on the same line
                assert texts[texts.index(low) - 1] == high, texts
                found += 1
            else:
                assert high not in texts[-1:], "a figure's first group ends a line"
    assert found == 10


def test_only_space_grouped_figures_are_held_together() -> None:
    assert hold_figures("قدرها 245 800,50 درهم") == "قدرها \u2066245\u00a0800,50\u2069 درهم"
    assert hold_figures("و198 420,00") == "و\u2066198\u00a0420,00\u2069"
    assert hold_figures("-1 234 567,89 DH") == "\u2066-1\u00a0234\u00a0567,89\u2069 DH"
    assert hold_figures(PHONE) == "\u20660528\u00a086\u00a012\u00a034\u2069"
    # A year then a count, a date, a page number, dotted groups: left as they are.
    for text in ("سنة 2025 245 مستفيدا", "le 5 août 2026", "Page 1 of 3", "12.500,00", "1 2 3"):
        assert hold_figures(text) == text
    # Held once only: fpdf2 and the listing may both normalise a text.
    once = hold_figures("245 800,50")
    assert hold_figures(once) == once
