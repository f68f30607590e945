"""The import's own reading of a workbook's cells (reading._sheet_rows) gives what openpyxl's
read-only `iter_rows(values_only=True)` gives, on real workbooks written by openpyxl in both
of its ways (shared strings; inline strings, as its write-only mode and some exports do)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.imports.reading import Table, _cell_text, _split_header, read_table

ROWS: list[list[object]] = [
    ["Liste des adhérents"],
    [],
    [
        "النسب",
        "Nom",
        "Date de naissance",
        "GSM",
        "Cotisation",
        "Payé",
        "Heure",
        "Note",
        "Ville",
        "Remarque",
    ],
    ["العلوي", "Alaoui", dt.datetime(1975, 6, 1), 661234567, 150.5, True, dt.time(9, 30), None],
    ["بناني", "Bennani", dt.date(2001, 2, 3), "0707070707", 200.0, False, None, "=1+1"],
    [None, None, None, None, None, None, None, None],
    ["", "Tazi", "12/03/1980", 1e20, -3, None, None, "  espaces  "],
    ["Idrissi", None, None, None, None, None, None, None, None, "loin à droite"],
]


def _workbook(path: Path, *, write_only: bool) -> None:
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet("Adhérents") if write_only else book.active
    if not write_only:
        sheet.title = "Adhérents"
    for row in ROWS:
        sheet.append(row)
    other = book.create_sheet("Autre")
    other.append(["Nom", "Prénom"])
    other.append(["Fassi", "Nadia"])
    book.save(path)


def _as_openpyxl_reads(path: Path, sheet: str | None = None) -> Table:
    """The table as it was read before: openpyxl's read-only rows, each cell by _cell_text."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        chosen = book.worksheets[0] if sheet is None else book[sheet]
        rows = (
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(chosen.iter_rows(values_only=True), start=1)
        )
        line, columns, body = _split_header(rows)
        return Table(path, "xlsx", None, None, chosen.title, line, columns, body)
    finally:
        book.close()


@pytest.mark.parametrize("write_only", [False, True])
def test_each_cell_reads_as_openpyxl_reads_it(tmp_path: Path, write_only: bool) -> None:
    path = tmp_path / "members.xlsx"
    _workbook(path, write_only=write_only)
    for sheet in (None, "Autre"):
        assert read_table(path, sheet=sheet) == _as_openpyxl_reads(path, sheet)
    table = read_table(path)
    assert (table.sheet, table.header_line) == ("Adhérents", 3)
    assert [row.line for row in table.rows] == [4, 5, 7, 8]
    assert table.rows[0].cells[2:7] == ("1975-06-01", "661234567", "150.5", "True", "09:30:00")
    assert table.rows[2].cells[3:5] == ("100000000000000000000", "-3")


def test_a_row_beyond_the_size_the_sheet_states_is_read(tmp_path: Path) -> None:
    """openpyxl trusts the size a sheet states (`<dimension ref=…>`) and would leave out
    what lies beyond it; a file whose program wrote it wrong loses no member here."""
    path = tmp_path / "members.xlsx"
    _workbook(path, write_only=False)
    wrong = tmp_path / "wrong-size.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(wrong, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b'<dimension ref="A1:J8" />' in data
                data = data.replace(b'<dimension ref="A1:J8" />', b'<dimension ref="A1:H5"/>')
            target.writestr(item, data)
    assert [row.line for row in _as_openpyxl_reads(wrong).rows] == [4, 5]
    table = read_table(wrong)
    assert [row.line for row in table.rows] == [4, 5, 7, 8]
    assert table.rows[-1].cells[0] == "Idrissi"


def test_an_unknown_sheet_and_a_damaged_workbook_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "members.xlsx"
    _workbook(path, write_only=False)
    with pytest.raises(ValidationError, match="Autre"):
        read_table(path, sheet="Absente")
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(ValidationError) as refused:
        read_table(damaged)
    assert refused.value.field == "file"
