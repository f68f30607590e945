"""A workbook written straight as SpreadsheetML, a row at a time, for the exports' long sheets.

openpyxl, even in its write-only mode, builds a cell object, a style and an XML element per
cell: some 60 µs each, 230 s for the journal and ledger of 200 000 lines. Here a row is one
formatted string: texts inline, amounts and dates as numbers with one of four styles (amount,
date, each plain or bold), written into the zip archive as it goes. What it writes is the
small part of the format the exports need: one or more sheets, right to left or not, frozen
panes, a column width, bold headings and totals. Reading workbooks stays with openpyxl.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import quoteattr

AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "DD/MM/YYYY"

# Cell styles, indexes into cellXfs below: plain, amount, date, then the same in bold.
_AMOUNT, _DATE, _BOLD = 1, 2, 3
_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()  # Excel's day 0 (its 1900 leap-year bug)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_ROWS_PER_WRITE = 1000

Value = Decimal | dt.date | str | int | None


@dataclass(frozen=True)
class SheetLayout:
    title: str  # at most 31 characters, none of []:*?/\
    right_to_left: bool = False
    frozen: tuple[int, int] = (0, 0)  # columns and rows kept on screen
    widths: dict[int, float] = field(default_factory=dict)  # 1-based column → width


def _columns(count: int) -> list[str]:
    letters = []
    for index in range(1, count + 1):
        name = ""
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


_LETTERS = _columns(256)


def _text(value: str) -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    if "&" in value or "<" in value or ">" in value:  # rarely: most labels are plain
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


def _row(number: int, values: Sequence[Value], bold: bool) -> str:
    """One row's XML: its cells by exact type (the quickest test), the empty ones left out."""
    row = str(number)
    cells = [f'<row r="{row}">']
    text_style = f' s="{_BOLD}"' if bold else ""
    amount = f'" s="{_AMOUNT + _BOLD if bold else _AMOUNT}"><v>'
    day = f'" s="{_DATE + _BOLD if bold else _DATE}"><v>'
    for letter, value in zip(_LETTERS, values, strict=False):
        kind = type(value)
        if kind is str:
            if value:
                cells.append(
                    f'<c r="{letter}{row}"{text_style} t="inlineStr"><is><t xml:space="preserve">'
                    f"{_text(value)}</t></is></c>"  # type: ignore[arg-type]
                )
        elif kind is Decimal:
            cells.append(f'<c r="{letter}{row}{amount}{value}</v></c>')
        elif value is None:
            continue
        elif isinstance(value, dt.date):
            serial = value.toordinal() - _EXCEL_EPOCH
            cells.append(f'<c r="{letter}{row}{day}{serial}</v></c>')
        elif isinstance(value, str):  # a subclass of str (an enum's value)
            cells.append(
                f'<c r="{letter}{row}"{text_style} t="inlineStr"><is><t xml:space="preserve">'
                f"{_text(value)}</t></is></c>"
            )
        else:  # an int, a Decimal of a subclass
            cells.append(f'<c r="{letter}{row}"><v>{value}</v></c>')
    cells.append("</row>")
    return "".join(cells)


def _sheet_head(layout: SheetLayout) -> str:
    view = ' rightToLeft="1"' if layout.right_to_left else ""
    columns, rows = layout.frozen
    pane = ""
    if columns or rows:
        corner = f"{_LETTERS[columns]}{rows + 1}"
        pane = (
            f'<pane xSplit="{columns}" ySplit="{rows}" topLeftCell="{corner}" '
            'activePane="bottomRight" state="frozen"/><selection pane="bottomRight"/>'
        )
    widths = "".join(
        f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'
        for c, w in sorted(layout.widths.items())
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetViews><sheetView workbookViewId="0"{view}>{pane}</sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        + (f"<cols>{widths}</cols>" if widths else "")
        + "<sheetData>"
    )


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{AMOUNT_FORMAT}"/>'
    f'<numFmt numFmtId="165" formatCode="{DATE_FORMAT}"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
    'applyFont="1"/>'
    '<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
    'applyFont="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _package_parts(count: int, titles: Sequence[str]) -> dict[str, str]:
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheets_types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{main}.worksheet+xml"/>'
        for i in range(1, count + 1)
    )
    sheets = "".join(
        f'<sheet name={quoteattr(title)} sheetId="{i}" r:id="rId{i}"/>'
        for i, title in enumerate(titles, start=1)
    )
    sheet_links = "".join(
        f'<Relationship Id="rId{i}" Type="{relations}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, count + 1)
    )
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return {
        "[Content_Types].xml": head
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{main}.styles+xml"/>'
        f"{sheets_types}</Types>",
        "_rels/.rels": head
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{relations}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": head
        + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:r="{relations}"><sheets>{sheets}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": head
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{sheet_links}"
        f'<Relationship Id="rId{count + 1}" Type="{relations}/styles" Target="styles.xml"/>'
        "</Relationships>",
        "xl/styles.xml": _STYLES,
    }


Rows = Iterable[tuple[Sequence[Value], bool]]  # each row's values, and whether it is bold


def write_workbook(target: Path, sheets: Sequence[tuple[SheetLayout, Rows]]) -> tuple[str, ...]:
    """Write the `sheets` (each its layout and its rows, read once as they are written) to
    `target` as an XLSX workbook; return the sheets' titles."""
    titles = tuple(layout.title for layout, _rows in sheets)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _package_parts(len(titles), titles).items():
            archive.writestr(name, text)
        for index, (layout, rows) in enumerate(sheets, start=1):
            with archive.open(f"xl/worksheets/sheet{index}.xml", "w") as part:
                part.write(_sheet_head(layout).encode())
                chunk: list[str] = []
                for number, (values, bold) in enumerate(rows, start=1):
                    chunk.append(_row(number, values, bold))
                    if len(chunk) == _ROWS_PER_WRITE:
                        part.write("".join(chunk).encode())
                        chunk.clear()
                chunk.append("</sheetData></worksheet>")
                part.write("".join(chunk).encode())
    return titles


__all__ = ["AMOUNT_FORMAT", "DATE_FORMAT", "SheetLayout", "Value", "write_workbook"]
