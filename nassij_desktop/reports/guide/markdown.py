"""The Markdown the user guide is written in, read into blocks for the PDF (plain Python).

Only the subset docs/guide keeps to (docs/ARCHITECTURE.md, "The user guide"): `#` headings,
paragraphs, `-`/`*`/`1.` list items, images alone on their line (`![alt](images/NAME.png)`),
pipe tables, and inside text **bold**, *italic*, `code` and links (their text is kept).
Anything else is read as a paragraph, never refused: a guide page must always print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nassij_desktop.i18n.formatting import isolate


@dataclass(frozen=True)
class Heading:
    level: int  # 1 to 6, as many as the "#"
    text: str  # plain


@dataclass(frozen=True)
class Paragraph:
    text: str  # with **bold** runs (see `inline`)


@dataclass(frozen=True)
class ListItem:
    marker: str  # "•", or "3." for a numbered item
    text: str  # as a Paragraph's
    depth: int  # 0 for the outer list


@dataclass(frozen=True)
class Image:
    source: str  # as written: "images/members-page.png"
    alt: str


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]  # plain
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | ListItem | Image | Table

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)])\s+(.*)$")
_IMAGE = re.compile(r"^!\[([^\]]*)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")
_CODE = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)|(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)")
# Menu paths' arrows, printed as "›" (mirrored in Arabic, so it points the reading way).
ARROWS = ("→", "←", "▸", "◂", "▶", "◀")
_PLACEHOLDER = "\ue000{}\ue001"  # private use: a code span kept out of the other rules


def inline(text: str) -> str:
    """`text` as it prints: links by their text, code isolated left to right (a path or a
    command inside Arabic), italics plain (the fonts have none), bold kept as `**…**`."""
    spans: list[str] = []

    def keep(match: re.Match[str]) -> str:
        spans.append(isolate(match.group(1), "ltr"))
        return _PLACEHOLDER.format(len(spans) - 1)

    text = _CODE.sub(keep, text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _BOLD.sub(lambda m: f"\ue002{m.group(1) or m.group(2)}\ue003", text)
    text = _ITALIC.sub(lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text)
    text = text.replace("\ue002", "**").replace("\ue003", "**")
    for arrow in ARROWS:  # a menu's path: "File → Export"; no font of the PDF has the arrows
        text = text.replace(arrow, "›")
    return re.sub("\ue000(\\d+)\ue001", lambda m: spans[int(m.group(1))], text)


def plain(text: str) -> str:
    """`inline` without the bold marks: a heading, a table cell."""
    return inline(text).replace("**", "")


def _cells(line: str) -> tuple[str, ...]:
    line = line.strip().removeprefix("|").removesuffix("|")
    return tuple(plain(cell.strip()) for cell in re.split(r"(?<!\\)\|", line))


def parse(source: str) -> list[Block]:
    """The blocks of a chapter, in order."""
    blocks: list[Block] = []
    lines = source.splitlines()
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(Paragraph(inline(" ".join(paragraph))))
            paragraph.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        index += 1
        if not stripped:
            end_paragraph()
            continue
        if heading := _HEADING.match(stripped):
            end_paragraph()
            blocks.append(Heading(len(heading.group(1)), plain(heading.group(2))))
        elif image := _IMAGE.match(stripped):
            end_paragraph()
            blocks.append(Image(image.group(2), image.group(1)))
        elif (
            stripped.startswith("|")
            and index < len(lines)
            and _TABLE_RULE.match(lines[index].strip())
        ):
            end_paragraph()
            header = _cells(stripped)
            index += 1
            rows = []
            while index < len(lines) and lines[index].strip().startswith("|"):
                cells = _cells(lines[index])
                rows.append((cells + ("",) * len(header))[: len(header)])
                index += 1
            blocks.append(Table(header, tuple(rows)))
        elif item := _ITEM.match(line):
            end_paragraph()
            marker = item.group(2)
            text = [item.group(3).strip()]
            # The item's following lines, indented or not, until a blank line or another item.
            while index < len(lines) and lines[index].strip() and not _starts_block(lines[index]):
                text.append(lines[index].strip())
                index += 1
            blocks.append(
                ListItem(
                    "•" if marker in "-*+" else marker.rstrip(")").rstrip(".") + ".",
                    inline(" ".join(text)),
                    len(item.group(1).expandtabs(4)) // 2,
                )
            )
        else:
            paragraph.append(stripped)
    end_paragraph()
    return blocks


def _starts_block(line: str) -> bool:
    stripped = line.strip()
    return bool(
        _ITEM.match(line)
        or _HEADING.match(stripped)
        or _IMAGE.match(stripped)
        or stripped.startswith("|")
    )
