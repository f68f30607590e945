"""`ReportDocument.keep_together`: blocks that must share a page, placed by their real height."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nassij_desktop.i18n import translate_in
from nassij_desktop.reports.engine import Column, Letterhead, ReportDocument, SignatureBlock

HEAD = Letterhead(name_ar="جمعية الأمل", name_fr="Association Al Amal")
CLOSING = {"ar": "وتقبلوا فائق عبارات التقدير والاحترام.", "fr": "Veuillez agréer nos salutations."}


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _table(doc: ReportDocument) -> None:
    doc.table([Column("No.", 1), Column("Name", 4)], [[str(n), f"Row {n}"] for n in range(1, 6)])


def _document(lang: str, fill: float, table: str = "") -> ReportDocument:
    doc = ReportDocument(lang, HEAD, title="Test", generated_on=dt.date(2026, 8, 5))  # type: ignore[arg-type]
    doc.spacer(fill)
    if table == "before":
        _table(doc)
    with doc.keep_together():
        if table == "inside":
            _table(doc)
        elif not table:
            doc.paragraph(CLOSING[lang])
        doc.date_line(place="Tiznit")
        doc.signatures([SignatureBlock("President", "Ahmed")])
    return doc


def _pages_with(path: Path, text: str, pdf_text: Callable) -> list[int]:
    count = len(pdf_text(path, layout=False).split("\f")) - 1
    return [p for p in range(1, count + 1) if _squeeze(text) in _squeeze(pdf_text(path, p))]


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_group_that_does_not_fit_moves_whole(
    lang: str, tmp_path: Path, pdf_text: Callable
) -> None:
    low = _document(lang, 200).save(tmp_path / "low.pdf")
    caption = translate_in(lang, "Signature and stamp")
    assert _pages_with(low, CLOSING[lang], pdf_text) == [2]
    assert _pages_with(low, caption, pdf_text) == [2]
    # Higher up it all stays on page 1: no reserve beyond what the blocks take.
    high = _document(lang, 140).save(tmp_path / "high.pdf")
    assert _pages_with(high, caption, pdf_text) == [1]


@pytest.mark.parametrize("where", ["before", "inside"])
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_table_sends_only_its_last_row_with_the_signatures(
    lang: str, where: str, tmp_path: Path, pdf_text: Callable
) -> None:
    """The table just before the group, or opening it."""
    path = _document(lang, 160, table=where).save(tmp_path / "table.pdf")
    caption = translate_in(lang, "Signature and stamp")
    assert _pages_with(path, caption, pdf_text) == [2]
    assert _pages_with(path, "Row 4", pdf_text) == [1]
    assert _pages_with(path, "Row 5", pdf_text) == [2]
    assert _pages_with(path, "Name", pdf_text) == [1, 2]  # the header over the last row


def test_a_listing_cannot_be_kept_with_other_blocks(tmp_path: Path) -> None:
    doc = ReportDocument("fr", HEAD, title="Test")
    with pytest.raises(RuntimeError), doc.keep_together():
        doc.listing([Column("No.")], [["1"]])


def test_a_key_value_block_stays_whole_unless_no_page_could_hold_it(
    tmp_path: Path, pdf_text: Callable
) -> None:
    short = ReportDocument("fr", HEAD, title="Test", generated_on=dt.date(2026, 8, 5))
    short.spacer(200)
    short.key_values([(f"Key {n}", f"Value {n}") for n in range(1, 9)])
    path = short.save(tmp_path / "short.pdf")
    assert _pages_with(path, "Key 1", pdf_text) == _pages_with(path, "Key 8", pdf_text) == [2]
    # Taller than a page: it starts where it is rather than leave that page empty.
    long = ReportDocument("fr", HEAD, title="Test", generated_on=dt.date(2026, 8, 5))
    long.spacer(100)
    long.key_values([(f"Key {n}", f"Value {n}") for n in range(1, 46)])
    path = long.save(tmp_path / "long.pdf")
    assert _pages_with(path, "Key 1", pdf_text) == [1]
    assert _pages_with(path, "Key 45", pdf_text) == [2]


@pytest.mark.parametrize(
    ("fill", "table", "draws"),
    [
        (140, "", 1),  # fits: measured, and kept
        (200, "", 2),  # does not fit: measured, then drawn on the next page
        (60, "before", 1),
        (200, "inside", 3),  # the table measured with the rest, then its last row with it
    ],
)
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_group_is_drawn_once_where_it_fits_and_the_file_is_the_same(
    lang: str,
    fill: float,
    table: str,
    draws: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A group is measured by drawing it; where it fits, what was drawn stays rather than
    being taken back and drawn again (`ReportDocument._drawn_if`), and the file is byte for
    byte the one drawing it twice gives; where it does not fit, it is drawn again on the
    next page."""
    drawn: list[str] = []  # the date line, each time it is drawn ("… Tiznit …")
    write = ReportDocument._write

    def counted(doc: ReportDocument, text: str, **kwargs: Any) -> None:
        if "Tiznit" in text or "تيزنيت" in text:
            drawn.append(text)
        write(doc, text, **kwargs)

    monkeypatch.setattr(ReportDocument, "_write", counted)
    once = _document(lang, fill, table).save(tmp_path / "once.pdf")
    times = len(drawn)
    monkeypatch.setattr(ReportDocument, "_drawn_if", _always_taken_back)
    twice = _document(lang, fill, table).save(tmp_path / "twice.pdf")
    assert times == draws
    assert len(drawn) - times >= max(2, draws)  # taken back each time it was measured
    assert once.read_bytes() == twice.read_bytes()


_DRAWN_IF = ReportDocument._drawn_if


def _always_taken_back(
    doc: ReportDocument, draw: Callable[[], None], keep: object = None
) -> float | None:
    """What the engine did before: every measured block taken back, then drawn again."""
    return _DRAWN_IF(doc, draw, lambda height: False)
