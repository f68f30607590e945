"""A heading before a table goes with the table's header row and first row: wherever the page
break falls, it is never left alone at the foot of a page (the minutes' "Resolutions" were, with
their table on the next page), and it stays where it is when they fit below it."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from nassij_desktop.reports.engine import Column, Letterhead, ReportDocument

HEAD = Letterhead(name_ar="جمعية الأمل", name_fr="Association Al Amal")
COLUMNS = [Column("No.", 1), Column("Resolution", 4)]
TALL = "FIRST\nsecond line\nthird line"  # a first row of three lines


def _page_of(pages: list[str], word: str) -> int:
    return next(number for number, text in enumerate(pages, 1) if word in text)


def _document(fill: float, first: str) -> ReportDocument:
    doc = ReportDocument("fr", HEAD, title="T", generated_on=dt.date(2026, 1, 1))
    doc.spacer(fill)
    doc.heading("HEADING", level=2)
    doc.table(COLUMNS, [["1", first], *([str(n), f"Row {n}"] for n in range(2, 6))])
    doc.paragraph("AFTER")
    return doc


@pytest.mark.parametrize("first", ["FIRST", TALL], ids=["one line", "three lines"])
def test_a_heading_goes_over_with_the_header_and_first_row_of_its_table(
    first: str, tmp_path: Path, pdf_pages: Callable[[Path], list[str]]
) -> None:
    moved = 0
    for fill in range(200, 250, 3):
        path = _document(fill, first).save(tmp_path / f"heading-{fill}.pdf")
        pages = pdf_pages(path)
        heading = _page_of(pages, "HEADING")
        assert heading == _page_of(pages, "FIRST"), fill
        assert "Resolution" in pages[heading - 1], fill
        moved += heading == 2
    assert moved >= 1  # one of the fills did leave room for the heading alone on page 1
    # Higher up, the heading and its table stay on page 1: no reserve beyond what they take.
    pages = pdf_pages(_document(150, first).save(tmp_path / "high.pdf"))
    assert _page_of(pages, "HEADING") == _page_of(pages, "FIRST") == 1


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_heading_before_a_group_kept_together_goes_with_it(
    lang: str, tmp_path: Path, pdf_pages: Callable[[Path], list[str]]
) -> None:
    """A heading, then blocks that must share a page: drawn before the group, it stays with
    the group wherever the group goes."""
    for fill in range(180, 240, 6):
        doc = ReportDocument(lang, HEAD, title="T", generated_on=dt.date(2026, 1, 1))  # type: ignore[arg-type]
        doc.spacer(fill)
        doc.heading("HEADING", level=2)
        with doc.keep_together():
            doc.paragraph("GROUP")
            doc.key_values([(f"Key {n}", f"Value {n}") for n in range(6)])
        pages = pdf_pages(doc.save(tmp_path / f"group-{fill}.pdf"))
        assert _page_of(pages, "HEADING") == _page_of(pages, "GROUP"), fill


def test_a_heading_goes_over_with_the_table_opening_a_group(
    tmp_path: Path, pdf_pages: Callable[[Path], list[str]]
) -> None:
    """A heading, then a group opening with a table (signatories, then the date line): the
    heading stays with the table's header and first row, and the table is not moved whole."""
    for fill in range(200, 250, 4):
        doc = ReportDocument("fr", HEAD, title="T", generated_on=dt.date(2026, 1, 1))
        doc.spacer(fill)
        doc.heading("HEADING", level=2)
        with doc.keep_together():
            doc.table(COLUMNS, [["1", "FIRST"], *([str(n), f"Row {n}"] for n in range(2, 9))])
            doc.date_line(place="Tiznit")
        pages = pdf_pages(doc.save(tmp_path / f"group-table-{fill}.pdf"))
        assert _page_of(pages, "HEADING") == _page_of(pages, "FIRST"), fill


def test_a_heading_goes_over_with_the_figure_after_it(
    tmp_path: Path, pdf_pages: Callable[[Path], list[str]]
) -> None:
    picture = io.BytesIO()
    Image.new("RGB", (640, 300), "steelblue").save(picture, "PNG")  # 80 mm high on the page
    for fill in (150, 190, 230):
        doc = ReportDocument("fr", HEAD, title="T", generated_on=dt.date(2026, 1, 1))
        doc.spacer(fill)
        doc.heading("HEADING", level=2)
        doc.figure(picture.getvalue(), (640, 300))
        path = doc.save(tmp_path / f"figure-{fill}.pdf")
        listed = subprocess.run(
            ["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        image_pages = {int(line.split()[0]) for line in listed}
        assert image_pages == {_page_of(pdf_pages(path), "HEADING")}, fill
