"""Pages leave memory as they are finished (engine.spool) and come back whole in the file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from nassij_desktop.i18n import translate_in
from nassij_desktop.reports.engine import Letterhead, ReportDocument
from nassij_desktop.reports.engine.canvas import Canvas

LETTERHEAD = Letterhead(name_ar="جمعية الأمل للتنمية", name_fr="Association Al Amal")
PAGES = 40


def test_finished_pages_leave_memory_and_come_back_with_their_footers(
    tmp_path: Path,
    pdf_text: Callable[..., str],
    pdf_page_count: Callable[[Path], int],
    pdf_fonts: Callable[[Path], list],
) -> None:
    doc = ReportDocument("fr", LETTERHEAD, title="Registre", generated_on=dt.date(2026, 8, 5))
    for number in range(1, PAGES + 1):
        if number > 1:
            doc.new_page()
        doc.paragraph(f"Contenu de la page {number:03d}")
        # Only the page being drawn is held: the others are in the spool.
        assert [n for n, page in doc.canvas.pages.items() if page.contents] == [number]
    path = doc.save(tmp_path / "long.pdf")

    assert pdf_page_count(path) == PAGES
    footer = translate_in("fr", "Page {page} of {pages}")
    for number in (1, PAGES // 2, PAGES):
        text = " ".join(pdf_text(path, number).split())
        # The page's body (its first stream), then its footer (a second one, drawn at save).
        body = text.index(f"Contenu de la page {number:03d}")
        assert text.index(footer.format(page=number, pages=PAGES), body) > body
    names = [font.name for font in pdf_fonts(path)]
    assert names and len(names) == len(set(names))


def _canvas() -> Canvas:
    canvas = Canvas("ar", "portrait", lambda: None)
    canvas.set_creation_date(dt.datetime(2026, 8, 5, tzinfo=dt.UTC))
    canvas.set_font("notonaskharabic", size=14)
    for number in range(1, 4):
        canvas.add_page()
        canvas.cell(text=f"الصفحة {number}")
    return canvas


def test_a_canvas_gives_the_same_pdf_as_bytes_or_in_a_file(tmp_path: Path) -> None:
    in_memory = _canvas().output()
    path = tmp_path / "canvas.pdf"
    assert _canvas().output(str(path)) is None
    assert in_memory is not None and in_memory.startswith(b"%PDF-")
    assert bytes(in_memory) == path.read_bytes()
