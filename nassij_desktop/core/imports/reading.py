"""Reading an import file: a CSV (any usual encoding and separator) or an XLSX workbook.

The header row is the first of the file's first rows that names at least two known columns
(`headers.recognise`), else the first row that is not empty. Every row after it keeps its
line number in the file (the spreadsheet's row number for a workbook; for a CSV, the line its
record starts on), so a report names the line the user sees.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.text_files import decode_text, sniff_delimiter
from nassij_desktop.core.imports.headers import recognise
from nassij_desktop.i18n import _

# Where the header row is looked for, and how large a file is read at all.
HEADER_SEARCH_ROWS = 20
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_COLUMNS = 200
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06fc]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True, slots=True)
class Row:
    """A row of the file under its header: its line number and one text per column."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """What `read_table` found: how the file was read, its columns and its rows."""

    path: Path
    kind: str  # "csv" or "xlsx"
    encoding: str | None  # a CSV's: utf-8-sig, utf-8, windows-1256, latin-1
    delimiter: str | None  # a CSV's: ";", ",", "\t"
    sheet: str | None  # a workbook's sheet
    header_line: int
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def arabic_columns(self) -> frozenset[str]:
        """The columns most of whose filled cells are written in Arabic script."""
        found = set()
        for index, column in enumerate(self.columns):
            arabic = latin = 0
            for row in self.rows[:200]:
                cell = row.cells[index]
                a, b = len(_ARABIC_LETTER.findall(cell)), len(_LATIN_LETTER.findall(cell))
                arabic += a > b
                latin += b > a
            if arabic > latin:
                found.add(column)
        return frozenset(found)


def _refused(message: str) -> ValidationError:
    return ValidationError("file", message)


def read_table(path: Path | str, *, sheet: str | None = None) -> Table:
    """Read the file at `path` (a workbook by its content, else CSV). A file that cannot be
    read is refused with a sentence (`ValidationError` on the field "file")."""
    path = Path(path)
    try:
        with path.open("rb") as stream:
            content = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise _refused(_("There is no file {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise _refused(_("{path} is a folder, not a file.").format(path=path)) from None
    except OSError as error:
        raise _refused(
            _("The file {path} cannot be read ({error}).").format(path=path, error=error.strerror)
        ) from None
    if len(content) > MAX_FILE_BYTES:
        raise _refused(_("The file is too large to import (more than 50 MB)."))
    if content.startswith(b"PK\x03\x04"):
        return _workbook(path, content, sheet)
    if sheet is not None:
        raise _refused(_("Only a workbook (XLSX) has sheets; this file is a CSV text."))
    return _csv(path, content)


def _csv(path: Path, content: bytes) -> Table:
    if b"\x00" in content[:4096]:
        raise _refused(
            _("This file is neither a CSV text nor an XLSX workbook: save it as CSV or XLSX.")
        )
    text, encoding = decode_text(content)
    lines = text.splitlines()
    delimiter = sniff_delimiter(lines[: HEADER_SEARCH_ROWS * 2])
    rows = _csv_records(lines, delimiter)
    header_line, columns, body = _split_header(rows)
    return Table(path, "csv", encoding, delimiter, None, header_line, columns, body)


def _csv_records(lines: list[str], delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on (a quoted cell may run over several lines)."""
    source = iter(lines)
    reader = csv.reader(source, delimiter=delimiter, strict=False)
    start = 1
    try:
        for record in reader:
            yield start, record
            start = reader.line_num + 1
    except csv.Error as error:
        raise _refused(
            _("Line {line} of the file cannot be read as CSV ({error}).").format(
                line=reader.line_num, error=error
            )
        ) from None


def _workbook(path: Path, content: bytes, sheet: str | None) -> Table:
    # Only when a workbook is read; no stubs. The reader of openpyxl.load_workbook, minus its
    # reading of each sheet's size (a whole pass over a sheet that does not state it).
    from openpyxl.reader.excel import ExcelReader  # type: ignore[import-untyped]
    from openpyxl.styles.stylesheet import apply_stylesheet  # type: ignore[import-untyped]

    try:
        reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [
            (found.name, rel.target, "chartsheet" not in rel.Type)
            for found, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files
        ]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise _refused(
            _("This file is not a readable Excel workbook ({error}).").format(error=error)
        ) from None
    try:
        names = [name for name, _target, _cells in sheets]
        if sheet is None:
            chosen = next(((n, t) for n, t, cells in sheets if cells), None)
            if chosen is None:
                raise IndexError("no worksheet")
        elif sheet in names:
            chosen = next((n, t) for n, t, _cells in sheets if n == sheet)
        else:
            raise _refused(
                _("The workbook has no sheet {sheet}; its sheets: {names}.").format(
                    sheet=sheet, names=", ".join(names)
                )
            )
        title, target = chosen
        with reader.archive.open(target) as source:
            rows = _sheet_rows(reader.wb, reader.shared_strings, source)
            header_line, columns, body = _split_header(rows)
        return Table(path, "xlsx", None, None, title, header_line, columns, body)
    except ValidationError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged sheet
        raise _refused(
            _("This file is not a readable Excel workbook ({error}).").format(error=error)
        ) from None
    finally:
        reader.archive.close()


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _VALUE, _INLINE = f"{_MAIN}row", f"{_MAIN}v", f"{_MAIN}is"
_TEXT, _RUN = f"{_MAIN}t", f"{_MAIN}r"
_DIGITS = "0123456789"


def _sheet_rows(
    book: Any, strings: list[str], source: IO[bytes]
) -> Iterator[tuple[int, list[str]]]:
    """Each row of a sheet's XML `source` with its number, as the texts of its cells.

    What openpyxl's read-only `iter_rows(values_only=True)` gives, each value read by the
    rules of its `WorkSheetParser.parse_cell` (with `book`'s date styles and epoch, the
    workbook's shared `strings`, its XML parser), in a loop that keeps nothing else of a cell:
    openpyxl's own costs several times as much. The sheet's stated size is not trusted: a row
    or a column beyond it is read too (openpyxl would leave it out)."""
    from openpyxl.utils.datetime import from_excel, from_ISO8601  # type: ignore[import-untyped]

    epoch, dates, durations = book.epoch, book._date_formats, book._timedelta_formats
    positions: dict[str, int] = {}
    expected = 1
    for _event, element in _iterparse()(source):
        if element.tag != _ROW:
            continue
        given = element.get("r")
        number = int(float(given)) if given else expected
        column = 0
        cells: dict[int, str] = {}
        for cell in element:
            coordinate = cell.get("r")
            if coordinate:
                letters = coordinate.rstrip(_DIGITS)
                found = positions.get(letters)
                column = found if found else positions.setdefault(letters, _column_index(letters))
            else:
                column += 1
            kind = cell.get("t")
            if kind == "inlineStr":
                child = cell.find(_INLINE)
                cells[column] = "" if child is None else _rich_text(child)
                continue
            raw = cell.findtext(_VALUE)
            if not raw:
                cells[column] = ""
            elif kind == "s":
                cells[column] = strings[int(raw)]
            elif kind is None or kind == "n":
                value: object = _number(raw)
                style = cell.get("s", 0)
                if style and int(style) in dates:
                    try:
                        value = from_excel(value, epoch, timedelta=int(style) in durations)
                    except (OverflowError, ValueError):
                        value = "#VALUE!"
                cells[column] = _cell_text(value)
            elif kind == "b":
                cells[column] = _cell_text(bool(int(raw)))
            elif kind == "d":
                cells[column] = _cell_text(from_ISO8601(raw))
            else:
                cells[column] = raw
        element.clear()
        if number < expected:  # a row out of order: openpyxl leaves it out too
            continue
        expected = number + 1
        width = max(cells, default=0)
        yield number, [cells.get(i, "") for i in range(1, width + 1)]


def _iterparse() -> Any:
    """ElementTree's `iterparse`, its parser in C, where expat is 2.4.1 or later: that expat
    refuses the entity expansions of the "billion laughs" and ElementTree loads no external
    entity (the Python documentation's "XML vulnerabilities"), what defusedxml guards against
    for openpyxl, whose parser (in Python) takes the rest; an older expat: openpyxl's."""
    import pyexpat
    from xml.etree.ElementTree import iterparse

    if pyexpat.version_info >= (2, 4, 1):
        return iterparse
    from openpyxl.xml.functions import iterparse as guarded  # type: ignore[import-untyped]

    return guarded


def _rich_text(element: Any) -> str:
    """An inline string's text, its runs joined, phonetic hints left out (openpyxl's
    `Text.content`)."""
    if len(element) == 1 and element[0].tag == _TEXT:  # the usual: one plain text
        return element[0].text or ""
    plain = element.find(_TEXT)
    parts = [plain.text or ""] if plain is not None else []
    for run in element.iterfind(_RUN):
        text = run.find(_TEXT)
        if text is not None:
            parts.append(text.text or "")
    return "".join(parts)


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index


def _number(text: str) -> int | float:
    """A number cell's value, as openpyxl reads it (`_cast_number`)."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV would hold: dates as ISO dates, whole numbers
    without ".0"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (float, Decimal)):
        return str(value)
    return str(value)


def _split_header(
    rows: Iterable[tuple[int, list[str]]],
) -> tuple[int, tuple[str, ...], tuple[Row, ...]]:
    """The header line, the columns it names and the rows after it (empty rows skipped)."""
    source = iter(rows)
    seen: list[tuple[int, list[str]]] = []
    header: tuple[int, list[str]] | None = None
    for line, cells in source:
        if not any(cell.strip() for cell in cells):
            continue
        seen.append((line, cells))
        if len(recognise(cells)) >= 2:
            header = (line, cells)
            break
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if not seen:
        raise _refused(_("The file is empty: there is no row to import."))
    if header is None:  # no known headers: the first row names the columns (mapped by hand)
        header = seen[0]
        pending = seen[1:]
    else:
        pending = []
    line, cells = header
    columns = _column_names(cells)
    width = len(columns)
    body: list[Row] = []
    for number, values in (*pending, *source):
        if not any(value.strip() for value in values):
            continue
        if len(values) > width and any(v.strip() for v in values[width:]):
            raise _refused(
                _(
                    "Line {line} has more cells ({count}) than the header row has columns "
                    "({columns}): check the separator or the header row."
                ).format(line=number, count=len(values), columns=width)
            )
        padded = tuple(v.strip() for v in values[:width]) + ("",) * (width - len(values))
        body.append(Row(number, padded))
    return line, columns, tuple(body)


def _column_names(cells: list[str]) -> tuple[str, ...]:
    """The header's names, stripped; an empty or repeated one gets its position."""
    while cells and not cells[-1].strip():
        cells = cells[:-1]
    if len(cells) > MAX_COLUMNS:
        raise _refused(_("The header row has more than {count} columns.").format(count=MAX_COLUMNS))
    names: list[str] = []
    for index, cell in enumerate(cells, start=1):
        name = " ".join(cell.split())
        if not name or name in names:
            name = _("Column {number}").format(number=index)
        names.append(name)
    return tuple(names)
