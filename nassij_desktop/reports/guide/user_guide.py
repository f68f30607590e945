"""The user guide as a PDF (دليل المستخدم / guide de l'utilisateur), in the reader's language.

The chapters are those of the help window (`nassij_desktop.guide.chapters`: docs/guide, a
chapter missing in one language taken from the other), read by `markdown.parse`: a contents
page first (each chapter's title and first page), then each chapter from a new page, its
screenshots the page's width. Arabic chapters are shaped and right to left as every
document; code and paths inside them are isolated left to right (`markdown.inline`).

The contents page needs the chapters' pages: its table is drawn last, back on the first page
(`ReportDocument.back_on_page`), once every chapter is drawn. Ten chapters fit there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PillowImage
from sqlalchemy.orm import Session

from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.guide import Chapter, chapters
from nassij_desktop.i18n import translate_in
from nassij_desktop.reports.engine import Column, Letterhead, ReportDocument
from nassij_desktop.reports.guide.markdown import (
    Block,
    Heading,
    Image,
    ListItem,
    Paragraph,
    Table,
    parse,
)
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

LIST_INDENT = 6.0  # mm, per level of a list


@dataclass(frozen=True)
class GuideChapter:
    chapter: Chapter
    blocks: tuple[Block, ...]


def build_user_guide_data(lang: Lang, root: Path | None = None) -> list[GuideChapter]:
    """The guide's chapters in `lang`, read (`root`: another guide folder, for tests)."""
    return [
        GuideChapter(chapter, tuple(parse(chapter.path.read_text(encoding="utf-8"))))
        for chapter in chapters(lang, root)
    ]


def render_user_guide(data: list[GuideChapter], lang: Lang, path: Path) -> int:
    doc = ReportDocument(
        lang,
        Letterhead(
            name_ar=translate_in("ar", "Nassij Desktop"),
            name_fr=translate_in("fr", "Nassij Desktop"),
        ),
        title=translate_in(lang, "User guide"),
    )
    doc.heading(translate_in(lang, "Contents"), level=2)
    contents_top = doc.canvas.y
    starts = []
    for item in data:
        doc.new_page()
        starts.append(doc.page_count)
        for block in item.blocks:
            _block(doc, block, item.chapter)
    # The contents, now that the chapters' pages are known, on the first page left for them.
    with doc.back_on_page(1, contents_top):
        doc.table(
            [
                Column(translate_in(lang, "Chapter"), 6),
                Column(translate_in(lang, "Page"), 1, "end"),
            ],
            [(item.chapter.title, str(page)) for item, page in zip(data, starts, strict=True)],
        )
    doc.save(path)
    return doc.page_count


def _block(doc: ReportDocument, block: Block, chapter: Chapter) -> None:
    if isinstance(block, Heading):
        doc.heading(block.text, level=min(block.level, 3))
    elif isinstance(block, Paragraph):
        doc.rich_paragraph(block.text)
    elif isinstance(block, ListItem):
        indent = LIST_INDENT * (block.depth + 1)
        doc.rich_paragraph(f"{block.marker} {block.text}", indent=indent)
    elif isinstance(block, Image):
        _picture(doc, chapter.path.parent / block.source, block.alt)
    elif isinstance(block, Table):
        columns = [Column(header) for header in block.header]
        if block.rows:
            doc.table(columns, block.rows)
            doc.spacer(2)


def _picture(doc: ReportDocument, path: Path, alt: str) -> None:
    """A screenshot the page's width; its description in its place when the file is missing
    or unreadable (a guide whose screenshots are not made yet still prints)."""
    try:
        with PillowImage.open(path) as image:
            size = image.size
        data = path.read_bytes()
    except (OSError, ValueError):
        if alt:
            doc.paragraph(f"[{alt}]", size=doc.sizes.small)
        return
    doc.figure(data, size)


def user_guide_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The user guide in the request's language (every user may: nothing of the file in it)."""
    pages = render_user_guide(build_user_guide_data(request.lang), request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)
