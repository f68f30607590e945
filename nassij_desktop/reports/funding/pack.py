"""The application pack of a funding request (ملف طلب التمويل / dossier de demande de
financement): one PDF for the funder with a cover, the association's identity and board, the
request (funder, amounts, dates, co-funding), the logical framework (objective, beneficiaries,
results with their activities and indicators, the schedule), the budget and the checklist of
the file — then every document provided, merged into the same PDF: an attached PDF page by
page, an attached scan (JPEG, PNG) as a page of its own, and, for a document of the checklist
the association's own records make (the board list, the minutes of the last general
assembly, the moral and financial reports of the last year), that document made by its own
report kind when the reader may make it.

The checklist says where each document starts in the pack. Each piece is written to a
temporary file before the merge; the pack holds the attached files themselves (at most
25 MB each), not more.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.association.places import place_name
from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.errors import NassijError, NotFound
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.funding.documents import request_document_file
from nassij_desktop.core.funding.logframe import LogframeRecord, request_logframe
from nassij_desktop.core.funding.models import FUNDER_KIND_LABELS, REQUEST_STATUS_LABELS
from nassij_desktop.core.funding.services import (
    BudgetLineRecord,
    FunderRecord,
    FundingRequestRecord,
    ProjectRecord,
    RequestDocumentRecord,
    get_funder,
    get_funding_request,
    list_funding_requests,
    list_projects,
    request_budget,
    request_checklist,
)
from nassij_desktop.core.funding.usual_documents import DocumentCode, document_code
from nassij_desktop.core.governance.history import (
    Seat,
    board_on,
    find_term,
    seat_order,
    term_day,
    term_seats,
)
from nassij_desktop.i18n import _, translate_in
from nassij_desktop.i18n.formatting import format_date, format_number, isolate
from nassij_desktop.reports.books.common import amount, amount_column
from nassij_desktop.reports.engine import Column, ReportDocument, SignatureBlock
from nassij_desktop.reports.funding.common import association_rows, money_in, signatory
from nassij_desktop.reports.governance.layout import Frame, read_frame
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

LANGUAGES: tuple[Lang, ...] = ("ar", "fr")

# The usual documents (core/funding/usual_documents.py) that the association's records make:
# the report kind, and whether it is of a year (the year before the pack's). A checklist line
# is recognised by its label in Arabic or in French (`document_code`).
GENERATED: dict[DocumentCode, tuple[str, bool]] = {
    DocumentCode.BOARD_LIST: ("board-list", False),
    DocumentCode.ASSEMBLY_MINUTES: ("assembly-minutes", False),
    DocumentCode.MORAL_REPORT: ("activity", True),
    DocumentCode.FINANCIAL_REPORT: ("financial", True),
}
# The usual documents the pack's own pages hold, and the section that holds each.
INCLUDED: dict[DocumentCode, str] = {
    DocumentCode.BUDGET: "budget",
    DocumentCode.LOGFRAME: "logframe",
}
MAIN_PAGES_GUESS = 3  # the pack's own pages, most often


@dataclass(frozen=True)
class PackData:
    frame: Frame
    request: FundingRequestRecord
    funder: FunderRecord
    project: ProjectRecord | None
    board: tuple[Seat, ...]
    logframe: LogframeRecord | None
    budget: tuple[BudgetLineRecord, ...]
    checklist: tuple[RequestDocumentRecord, ...]
    signatures: dict[Lang, list[SignatureBlock]]


@dataclass(frozen=True)
class Piece:
    """What the pack holds of one document of the checklist: its PDF (None: not in the pack)
    and its page count, or why it is not there."""

    position: int
    path: Path | None = None
    pages: int = 0
    # "attached", "records", "included" (the budget), "paper", "missing", "unreadable", "refused"
    source: str = ""
    note: str = ""
    section: str = ""  # of the pack's own pages, for a document they hold


def build_pack_data(
    session: Session, actor: Actor, request_id: int | None, today: dt.date | None = None
) -> PackData:
    actor.require(Permission.FUNDING_READ)
    if request_id is None:
        latest = list_funding_requests(session, actor)
        if not latest:
            raise NotFound(_("There is no funding request yet."))
        request_id = latest[0].id
    request = get_funding_request(session, actor, request_id)
    funder = get_funder(session, actor, request.funder_id)
    project = next((p for p in list_projects(session, actor) if p.id == request.project_id), None)
    frame = read_frame(session, today)
    day = frame.generated_on
    try:
        term = find_term(session, None, day)
    except NotFound:
        board: tuple[Seat, ...] = ()
    else:
        board = tuple(board_on(term_seats(session, term), term_day(term, day)))
    return PackData(
        frame=frame,
        request=request,
        funder=funder,
        project=project,
        board=board,
        logframe=request_logframe(session, actor, request_id),
        budget=tuple(request_budget(session, actor, request_id)),
        checklist=tuple(request_checklist(session, actor, request_id)),
        signatures={lang: [signatory(session, day, "president", lang)] for lang in LANGUAGES},
    )


# --------------------------------------------------------------------------- the pieces


def _page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def _image_page(data: bytes, path: Path) -> None:
    """A scan on a page of its own: A4, turned to the image's orientation, fitted inside a
    1 cm margin."""
    from fpdf import FPDF
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    orientation = "landscape" if width > height else "portrait"
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.set_creator("Nassij Desktop")
    pdf.add_page()
    pdf.image(
        io.BytesIO(data),
        x=10,
        y=10,
        w=pdf.w - 20,
        h=pdf.h - 20,
        keep_aspect_ratio=True,
    )
    pdf.output(str(path))


def _pieces(
    session: Session, actor: Actor, data: PackData, lang: Lang, folder: Path
) -> Iterator[Piece]:
    from PIL import UnidentifiedImageError
    from pypdf.errors import PdfReadError

    from nassij_desktop.reports.kinds import REPORT_KINDS

    year = data.frame.generated_on.year - 1
    for document in data.checklist:
        position = document.position
        path = folder / f"piece-{position}.pdf"
        file = request_document_file(session, actor, data.request.id, position)
        if file is not None:
            try:
                if file.is_pdf:
                    path.write_bytes(file.data)
                else:
                    _image_page(file.data, path)
                yield Piece(position, path, _page_count(path), "attached")
            except (PdfReadError, UnidentifiedImageError, OSError, ValueError):  # said on the list
                yield Piece(position, None, 0, "unreadable", file.filename)
            continue
        code = document_code(document.label)
        if code in INCLUDED:
            yield Piece(position, None, 0, "included", section=INCLUDED[code])
            continue
        generated = GENERATED.get(code) if code is not None else None
        if generated is not None:
            name, of_year = generated
            kind = REPORT_KINDS[name]
            if not kind.allows(actor):
                yield Piece(position, None, 0, "refused")
                continue
            request = ReportRequest(lang, path, year=year if of_year else None)
            try:
                result = kind.load()(session, actor, request)
            except NassijError:  # the records lack it (no board, no assembly held yet)
                yield Piece(position, None, 0, "missing")
                continue
            yield Piece(position, path, result.pages, "records")
            continue
        yield Piece(position, None, 0, "paper" if document.provided else "missing")


# --------------------------------------------------------------------------- the main part


def _identity(data: PackData, lang: Lang) -> list[tuple[str, str]]:
    return association_rows(data.frame.association, lang)


def _board_table(data: PackData, lang: Lang) -> tuple[list[Column], list[list[str]]]:
    columns = [
        Column(translate_in(lang, "Role"), 1.4),
        Column(translate_in(lang, "Name"), 2.6),
    ]
    rows = [[seat.title(lang), seat.person.name(lang)] for seat in seat_order(data.board, lang)]
    return columns, rows


def _request_rows(data: PackData, lang: Lang) -> list[tuple[str, str]]:
    request, funder = data.request, data.funder
    kind = translate_in(lang, FUNDER_KIND_LABELS[funder.kind])
    rows = [
        (translate_in(lang, "Funder"), f"{funder.name(lang)} ({kind})"),
        (translate_in(lang, "Title of the request"), request.title),
    ]
    if data.project is not None:
        rows.append((translate_in(lang, "Project"), data.project.name(lang)))
    if request.reference:
        rows.append((translate_in(lang, "Request reference"), isolate(request.reference, "ltr")))
    rows.append(
        (translate_in(lang, "Status"), translate_in(lang, REQUEST_STATUS_LABELS[request.status]))
    )
    if request.starts_on or request.ends_on:
        rows.append(
            (
                translate_in(lang, "Period of the project"),
                translate_in(lang, "from {start} to {end}").format(
                    start=format_date(request.starts_on, lang) or "…",
                    end=format_date(request.ends_on, lang) or "…",
                ),
            )
        )
    if request.deadline:
        rows.append(
            (translate_in(lang, "Deadline of the call"), format_date(request.deadline, lang))
        )
    if request.submitted_on:
        rows.append((translate_in(lang, "Submitted on"), format_date(request.submitted_on, lang)))
    total = sum((line.amount for line in data.budget), ZERO)
    rows.append(
        (
            translate_in(lang, "Amount requested"),
            money_in(request.amount_requested, request.currency, lang),
        )
    )
    if data.budget:
        rows.append(
            (
                translate_in(lang, "Total cost of the project"),
                money_in(total, request.currency, lang),
            )
        )
        rows.append(
            (
                translate_in(lang, "Co-funding (the association and other funders)"),
                money_in(total - request.amount_requested, request.currency, lang),
            )
        )
    if request.amount_granted is not None:
        rows.append(
            (
                translate_in(lang, "Amount granted"),
                money_in(request.amount_granted, request.currency, lang),
            )
        )
    return rows


def _figure(value: Decimal | None, lang: Lang) -> str:
    return "" if value is None else isolate(format_number(value, lang), "ltr")


def _period(start: dt.date | None, end: dt.date | None, lang: Lang) -> str:
    if not start and not end:
        return ""
    return translate_in(lang, "from {start} to {end}").format(
        start=format_date(start, lang) or "…", end=format_date(end, lang) or "…"
    )


def logframe_text(text: Bilingual, lang: Lang) -> str:
    """A text of the logical framework in the document's language, else in the other one,
    isolated (a French label in an Arabic page keeps its own direction)."""
    own = text.get(lang)
    if own:
        return own
    other = text.text(lang)
    return isolate(other, "auto") if other else ""


def _logframe(doc: ReportDocument, logframe: LogframeRecord | None, lang: Lang) -> None:
    doc.heading(translate_in(lang, "Logical framework"), level=2)
    if logframe is None:
        doc.paragraph(translate_in(lang, "The request has no logical framework yet."))
        return
    rows = [(translate_in(lang, "General objective"), logframe_text(logframe.objective, lang))]
    if logframe.beneficiaries_count is not None:
        rows.append(
            (translate_in(lang, "Number of beneficiaries"), str(logframe.beneficiaries_count))
        )
    if logframe.beneficiaries:
        rows.append(
            (
                translate_in(lang, "Target beneficiaries"),
                logframe_text(logframe.beneficiaries, lang),
            )
        )
    doc.key_values(rows, label_share=0.3)
    for result in logframe.results:
        doc.heading(
            translate_in(lang, "Expected result {n}: {label}").format(
                n=result.position, label=logframe_text(result.label, lang)
            ),
            level=3,
        )
        if result.activities:
            doc.table(
                [
                    Column(translate_in(lang, "Activity"), 3.0),
                    Column(translate_in(lang, "Planned period"), 2.0, "center"),
                ],
                [
                    [
                        f"{a.position}. {logframe_text(a.label, lang)}",
                        _period(a.starts_on, a.ends_on, lang),
                    ]
                    for a in result.activities
                ],
            )
        if result.indicators:
            doc.table(
                [
                    Column(translate_in(lang, "Indicator"), 2.6),
                    Column(translate_in(lang, "Unit"), 0.9, "center"),
                    Column(translate_in(lang, "Baseline"), 0.8, "center"),
                    Column(translate_in(lang, "Target"), 0.8, "center"),
                    Column(translate_in(lang, "Achieved"), 0.8, "center"),
                ],
                [
                    [
                        logframe_text(i.label, lang),
                        logframe_text(i.unit, lang),
                        _figure(i.baseline, lang),
                        _figure(i.target, lang),
                        _figure(i.achieved, lang),
                    ]
                    for i in result.indicators
                ],
            )
    activities = sorted(
        (
            (a.starts_on or dt.date.max, result.position, a)
            for result in logframe.results
            for a in result.activities
        ),
        key=lambda item: (item[0], item[1], item[2].position),
    )
    if activities:
        doc.heading(translate_in(lang, "Schedule"), level=3)
        doc.table(
            [
                Column(translate_in(lang, "Start"), 1.0, "center"),
                Column(translate_in(lang, "End"), 1.0, "center"),
                Column(translate_in(lang, "Activity"), 3.2),
                Column(translate_in(lang, "Result"), 0.7, "center"),
            ],
            [
                [
                    format_date(a.starts_on, lang),
                    format_date(a.ends_on, lang),
                    logframe_text(a.label, lang),
                    str(position),
                ]
                for _start, position, a in activities
            ],
        )


def _budget(doc: ReportDocument, data: PackData, lang: Lang) -> None:
    doc.heading(translate_in(lang, "Budget"), level=2)
    if not data.budget:
        doc.paragraph(translate_in(lang, "The request has no budget lines."))
        return
    currency = data.request.currency
    columns = [
        Column(translate_in(lang, "Budget line"), 2.4),
        Column(translate_in(lang, "Quantity"), 0.8, "center"),
        amount_column(translate_in(lang, "Unit cost"), 1.1),
        amount_column(translate_in(lang, "Amount"), 1.2),
        amount_column(translate_in(lang, "Asked of the funder"), 1.2),
        amount_column(translate_in(lang, "Co-funding"), 1.5),  # "Cofinancement" whole
    ]
    rows = [
        [
            f"{line.position}. {line.label}",
            str(line.quantity),
            amount(line.unit_cost, lang),
            amount(line.amount, lang),
            amount(line.funded_by_request, lang),
            amount(line.co_funded, lang, blank_zero=True),
        ]
        for line in data.budget
    ]
    totals = [
        translate_in(lang, "Total ({currency})").format(currency=currency),
        "",
        "",
        amount(sum((line.amount for line in data.budget), ZERO), lang),
        amount(sum((line.funded_by_request for line in data.budget), ZERO), lang),
        amount(sum((line.co_funded for line in data.budget), ZERO), lang),
    ]
    doc.table(columns, rows, totals)


def _piece_text(piece: Piece, start: int | None, lang: Lang) -> str:
    if piece.path is not None and start is not None:
        where = translate_in(lang, "page {n}").format(n=start)
        if piece.source == "records":
            return translate_in(lang, "made from the records, {where}").format(where=where)
        return translate_in(lang, "attached, {where}").format(where=where)
    text = {
        "paper": translate_in(lang, "provided on paper"),
        "included": (
            translate_in(lang, "in this pack: see “Logical framework”")
            if piece.section == "logframe"
            else translate_in(lang, "in this pack: see “Budget”")
        ),
        "unreadable": translate_in(lang, "the attached file cannot be read"),
        "refused": translate_in(lang, "not included: your role may not make it"),
    }.get(piece.source, translate_in(lang, "missing"))
    return f"{text} — {piece.note}" if piece.note else text


def _checklist(
    doc: ReportDocument,
    data: PackData,
    pieces: dict[int, Piece],
    starts: dict[int, int],
    lang: Lang,
) -> None:
    doc.heading(translate_in(lang, "Documents of the file"), level=2)
    if not data.checklist:
        doc.paragraph(translate_in(lang, "The request has no checklist of documents."))
        return
    yes, no = translate_in(lang, "Yes"), translate_in(lang, "No")
    doc.table(
        [
            Column(translate_in(lang, "Document"), 2.6),
            Column(translate_in(lang, "Required"), 0.8, "center"),
            Column(translate_in(lang, "In this pack"), 2.4),
        ],
        [
            [
                d.label,
                yes if d.required else no,
                _piece_text(pieces[d.position], starts.get(d.position), lang),
            ]
            for d in data.checklist
        ],
    )


def render_pack_main(
    data: PackData, pieces: dict[int, Piece], starts: dict[int, int], lang: Lang, path: Path
) -> int:
    """The pack's own pages (without the merged documents); their page count."""
    frame = data.frame
    request = data.request
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=translate_in(lang, "Funding application"),
        reference=request.reference or "",
        generated_on=frame.generated_on,
    )
    doc.heading(request.title, level=1)
    doc.key_values(
        [
            (translate_in(lang, "Submitted by"), frame.association.name(lang)),
            (translate_in(lang, "Addressed to"), data.funder.name(lang)),
            (
                translate_in(lang, "Amount requested"),
                money_in(request.amount_requested, request.currency, lang),
            ),
        ],
        label_share=0.3,
    )
    doc.heading(translate_in(lang, "The association"), level=2)
    doc.key_values(_identity(data, lang), label_share=0.3)
    doc.heading(translate_in(lang, "The board"), level=3)
    if data.board:
        doc.table(*_board_table(data, lang))
    else:
        doc.paragraph(translate_in(lang, "No board is recorded."))
    with doc.keep_together():
        doc.heading(translate_in(lang, "The request"), level=2)
        doc.key_values(_request_rows(data, lang), label_share=0.38)
    _logframe(doc, data.logframe, lang)
    _budget(doc, data, lang)
    _checklist(doc, data, pieces, starts, lang)
    with doc.keep_together():
        doc.paragraph(translate_in(lang, "Certified true by the president of the association."))
        doc.date_line(place=place_name(frame.association.city or "", lang) or None)
        doc.signatures(data.signatures[lang])
    doc.save(path)
    return doc.page_count


def _starts(pieces: dict[int, Piece], main_pages: int) -> dict[int, int]:
    starts = {}
    page = main_pages + 1
    for position in sorted(pieces):
        piece = pieces[position]
        if piece.path is not None:
            starts[position] = page
            page += piece.pages
    return starts


def render_pack(session: Session, actor: Actor, data: PackData, lang: Lang, path: Path) -> int:
    from pypdf import PdfWriter

    labels = {d.position: d.label for d in data.checklist}
    with tempfile.TemporaryDirectory(prefix="nassij-pack-") as folder:
        pieces = {p.position: p for p in _pieces(session, actor, data, lang, Path(folder))}
        main = Path(folder) / "main.pdf"
        # The checklist gives the page each document starts at, which depends on how many
        # pages the pack's own part takes: drawn again when the guess was wrong.
        pages = MAIN_PAGES_GUESS
        for _attempt in range(3):
            drawn = render_pack_main(data, pieces, _starts(pieces, pages), lang, main)
            if drawn == pages:
                break
            pages = drawn
        writer = PdfWriter()
        writer.append(str(main))
        total = pages
        for position in sorted(pieces):
            piece = pieces[position]
            if piece.path is None:
                continue
            writer.append(str(piece.path), outline_item=labels[position])
            total += piece.pages
        writer.add_metadata({"/Title": translate_in(lang, "Funding application")})
        with path.open("wb") as out:
            writer.write(out)
        writer.close()
    return total


def funding_pack_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The application pack of funding request `request.record_id` (default: the latest)."""
    actor.require(Permission.FUNDING_READ)
    data = build_pack_data(session, actor, request.record_id)
    return ReportResult(request.out, render_pack(session, actor, data, request.lang, request.out))
