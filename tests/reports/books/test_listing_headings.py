"""A heading row of a listing (an account of the ledger, an entry of the journal) is never left
alone at the foot of a page: wherever the page break falls, it is on the page of the row after
it, and the header row is repeated above them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from nassij_desktop.reports.engine import Column, Heading, Letterhead, ReportDocument

HEAD = Letterhead(name_ar="جمعية الأمل", name_fr="Association Al Amal")


def _page_of(pages: list[str], word: str) -> int:
    """The number of the first page whose text has `word` (`pages` from one `pdftotext` run:
    a run per page and word cost more than drawing the document)."""
    return next(number for number, text in enumerate(pages, 1) if word in text)


def test_a_heading_goes_to_the_next_page_with_its_first_row(
    tmp_path: Path, pdf_pages: Callable[[Path], list[str]]
) -> None:
    moved = 0
    for before in range(20, 44):
        doc = ReportDocument("fr", HEAD, title="T", generated_on=dt.date(2026, 1, 1))
        rows: list[tuple[str, ...]] = [(f"row{i}", "1,00") for i in range(before)]
        rows += [Heading(("HEADING", "")), ("FOLLOWER", "2,00")]
        doc.listing([Column("Libellé", 3), Column("Montant", 1, "right")], rows)
        pages = pdf_pages(doc.save(tmp_path / f"listing-{before}.pdf"))
        heading = _page_of(pages, "HEADING")
        assert heading == _page_of(pages, "FOLLOWER"), before
        assert "Libellé" in pages[heading - 1]
        if heading > 1 and f"row{before - 1}" in pages[heading - 2]:
            moved += heading > _page_of(pages, f"row{before - 1}")
    assert moved >= 1  # one of the cases did put the heading at the foot of page 1


def test_the_header_row_never_stands_alone_above_a_tall_first_row(
    tmp_path: Path, pdf_pages: Callable[[Path], list[str]]
) -> None:
    """A listing that starts near the foot of a page, whose first row has several lines (a
    programme's activities in the moral report): its header row goes over with that row."""
    moved = 0
    for before in range(30, 56):
        doc = ReportDocument("fr", HEAD, title="T", generated_on=dt.date(2026, 1, 1))
        for index in range(before):
            doc.paragraph(f"line{index}")
        tall = ("FIRST\nsecond line\nthird line\nfourth line", "1,00")
        doc.listing([Column("Libellé", 3), Column("Montant", 1, "right")], [tall, ("NEXT", "2")])
        pages = pdf_pages(doc.save(tmp_path / f"listing-{before}.pdf"))
        header = _page_of(pages, "Libellé")
        assert header == _page_of(pages, "FIRST"), before
        moved += header > _page_of(pages, f"line{before - 1}")
    assert moved >= 1  # one of the cases did start the listing at the foot of page 1


def test_a_heading_before_a_listing_goes_over_with_its_header_and_first_row(
    tmp_path: Path, pdf_pages: Callable[[Path], list[str]]
) -> None:
    """As the moral report's programme headings do: `then_lines` keeps room below the heading
    for the listing's header row and a first row of several lines."""
    for before in range(30, 56):
        doc = ReportDocument("fr", HEAD, title="T", generated_on=dt.date(2026, 1, 1))
        for index in range(before):
            doc.paragraph(f"line{index}")
        doc.heading("PROGRAMME", level=2, then_lines=10)
        tall = ("FIRST\nsecond line\nthird line\nfourth line", "1,00")
        doc.listing([Column("Libellé", 3), Column("Montant", 1, "right")], [tall])
        pages = pdf_pages(doc.save(tmp_path / f"heading-{before}.pdf"))
        assert _page_of(pages, "PROGRAMME") == _page_of(pages, "FIRST"), before
