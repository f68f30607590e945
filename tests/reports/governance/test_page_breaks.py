"""Where the governance documents break their pages, read back from the PDF (issue 12).

A fixed reserve for the signatures broke pages too early: the declaration letter's page 1 was
half empty with the closing and signature alone on page 2, the constitutive minutes pushed
their closing to page 3 with page 2 half empty, and the board list put its signature alone
on page 2. The engine now measures what a block really takes (`ReportDocument.keep_together`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.governance.models import AssemblyKind, GeneralAssembly
from nassij_desktop.i18n import translate_in
from nassij_desktop.reports.governance.assembly_minutes import (
    CLOSING,
    build_assembly_minutes_data,
)
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database

MM = 72 / 25.4
BOTTOM = 20 * MM  # the footer's band: the body ends this far above the foot of the page


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _page_with(path: Path, text: str, pages: int, pdf_text: Callable) -> int:
    for page in range(1, pages + 1):
        if _squeeze(text) in _squeeze(pdf_text(path, page, layout=False)):
            return page
    raise AssertionError(f"{text!r} is on no page")


def _empty_share(path: Path, page: int, height: float, pdf_words: Callable) -> float:
    """How much of the page's body, under the letterhead, is left empty at its foot."""
    page_break = height - BOTTOM
    frame = {  # the letterhead: the same words at the same places on another page
        (w.text, round(w.x_min), round(w.y_min))
        for w in pdf_words(path, 1 if page != 1 else 2)
        if w.y_max < page_break
    }
    words = [w for w in pdf_words(path, page) if w.y_max < page_break]
    head = [w for w in words if (w.text, round(w.x_min), round(w.y_min)) in frame]
    body = [w for w in words if (w.text, round(w.x_min), round(w.y_min)) not in frame]
    top = max(w.y_max for w in head)
    return (page_break - max(w.y_max for w in body)) / (page_break - top)


@pytest.fixture(scope="module")
def constitutive(demo_database: Database) -> int:
    """The id of the constitutive assembly, whose minutes `documents` holds."""
    with demo_database.session() as session:
        return session.scalars(
            sa.select(GeneralAssembly.id).where(GeneralAssembly.kind == AssemblyKind.CONSTITUTIVE)
        ).one()


@pytest.fixture(scope="module")
def documents(
    demo_database: Database, constitutive: int, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("page-breaks")
    written = {}
    for lang in ("ar", "fr"):
        for kind, record in (
            ("board-declaration", None),
            ("board-list", None),
            ("assembly-minutes", constitutive),
        ):
            out = folder / f"{kind}-{lang}.pdf"
            request = ReportRequest(lang=lang, out=out, record_id=record)  # type: ignore[arg-type]
            with demo_database.session() as session:
                produce_report(session, CLI_ACTOR, kind, request)
            written[kind, lang] = out
    return written


# What must share the signatures' page when they are not on page 1: text from before the
# closing group (the request paragraph, the board table's header over its last row, the
# elected board's heading).
BEFORE_THE_CLOSING = {
    "board-declaration": "We kindly ask you to deliver us the receipt of this filing.",
    "board-list": "Role on the board",
    "assembly-minutes": "Board elected by the assembly",
}


@pytest.mark.parametrize("lang", ["ar", "fr"])
@pytest.mark.parametrize("kind", sorted(BEFORE_THE_CLOSING))
def test_the_signatures_page_holds_more_than_the_signatures_and_no_page_before_is_half_empty(
    kind: str,
    lang: str,
    documents: dict[tuple[str, str], Path],
    pdf_page_count: Callable,
    pdf_page_size: Callable,
    pdf_text: Callable,
    pdf_words: Callable,
) -> None:
    path = documents[kind, lang]
    pages = pdf_page_count(path)
    height = pdf_page_size(path)[1]
    signed = _page_with(path, translate_in(lang, "Signature and stamp"), pages, pdf_text)
    if signed > 1:
        before = translate_in(lang, BEFORE_THE_CLOSING[kind])
        assert _squeeze(before) in _squeeze(pdf_text(path, signed, layout=False))
    for page in range(1, signed):
        assert _empty_share(path, page, height, pdf_words) < 0.4, (page, pages)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_declaration_letter_fits_on_one_page(
    lang: str, documents: dict[tuple[str, str], Path], pdf_page_count: Callable
) -> None:
    """It took two pages in Arabic, the second holding only the closing and the signature."""
    assert pdf_page_count(documents["board-declaration", lang]) == 1


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_closing_of_any_minutes_never_opens_a_page(
    lang: str,
    demo_database: Database,
    constitutive: int,
    documents: dict[tuple[str, str], Path],
    tmp_path: Path,
    pdf_page_count: Callable,
    pdf_page_size: Callable,
    pdf_text: Callable,
    pdf_words: Callable,
) -> None:
    """Whatever the last table of the minutes, its last row at least shares the page of the
    closing sentence, the date and the signatures."""
    with demo_database.session() as session:
        held = session.scalars(sa.select(GeneralAssembly.id)).all()
        closings = {}
        for assembly in held:
            data = build_assembly_minutes_data(session, assembly)
            closings[assembly] = gendered(CLOSING, data.chair.gender if data.chair else None, lang)
    assert len(held) >= 3
    for assembly, closing in closings.items():
        out = tmp_path / f"minutes-{assembly}-{lang}.pdf"
        if assembly == constitutive:  # the same minutes, already written for the module
            out = documents["assembly-minutes", lang]
        else:
            request = ReportRequest(lang=lang, out=out, record_id=assembly)  # type: ignore[arg-type]
            with demo_database.session() as session:
                produce_report(session, CLI_ACTOR, "assembly-minutes", request)
        pages = pdf_page_count(out)
        page = _page_with(out, closing, pages, pdf_text)
        if page == 1:
            continue
        first = closing.split()[0]
        frame = {(w.text, round(w.x_min), round(w.y_min)) for w in pdf_words(out, 1)}
        page_break = pdf_page_size(out)[1] - BOTTOM  # once, not a `pdfinfo` per word
        body = [
            w
            for w in pdf_words(out, page)
            if (w.text, round(w.x_min), round(w.y_min)) not in frame and w.y_max < page_break
        ]
        closing_top = min(w.y_min for w in body if w.logical == first)
        assert min(w.y_min for w in body) < closing_top - 5, (assembly, page)
