"""The exports' own workbook writer, read back with openpyxl: typed cells and their formats,
bold rows, texts that XML must escape or cannot hold, empty cells left out, several sheets,
direction, frozen panes and column width."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl

from nassij_desktop.core.books.xlsx_writer import SheetLayout, write_workbook


def test_cells_rows_and_sheets_read_back(tmp_path: Path) -> None:
    target = tmp_path / "book.xlsx"
    first = [
        (["Titre"], True),
        (["Code", "Libellé", "Date", "Débit"], True),
        (["5141", 'Banque <BP> & "fils"', dt.date(2025, 2, 1), Decimal("1234.50")], False),
        (["", None, None, Decimal("-0.05"), 7], False),
        (["", "Total", None, Decimal("1234.45")], True),
        (["Tab\tet saut\nde ligne, bip\x07 effacé", "", dt.date(1900, 3, 1)], False),
    ]
    second = [(["الرمز", "البيان"], True), (["1111", "رصيد الجمعية"], False)]
    titles = write_workbook(
        target,
        [
            (SheetLayout("Journal", frozen=(2, 2), widths={2: 40}), iter(first)),
            (SheetLayout("ميزان المراجعة", right_to_left=True), iter(second)),
        ],
    )
    assert titles == ("Journal", "ميزان المراجعة")
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Journal", "ميزان المراجعة"]
    journal, trial = book.worksheets
    assert journal.freeze_panes == "C3" and not journal.sheet_view.rightToLeft
    assert journal.column_dimensions["B"].width == 40
    assert trial.freeze_panes is None and trial.sheet_view.rightToLeft

    code, label, day, debit = journal[3][:4]
    assert (code.value, code.data_type) == ("5141", "s")
    assert label.value == 'Banque <BP> & "fils"'
    assert day.is_date and day.value == dt.datetime(2025, 2, 1)
    assert day.number_format == "DD/MM/YYYY" and not day.font.b
    assert debit.value == 1234.5 and debit.number_format == "#,##0.00"
    # Empty texts and None leave their cells empty; an int stays a plain number.
    fourth = [c.value for c in journal[4][:5]]
    assert fourth == [None, None, None, -0.05, 7]
    assert journal[4][4].number_format == "General"
    total = journal[5]
    assert total[1].value == "Total" and total[1].font.b
    assert total[3].font.b and total[3].number_format == "#,##0.00"
    assert journal[1][0].font.b and not journal[3][0].font.b
    # Tabs and line breaks are kept; a control character XML cannot hold is dropped.
    assert journal[6][0].value == "Tab\tet saut\nde ligne, bip effacé"
    assert journal[6][2].value == dt.datetime(1900, 3, 1)
    assert [c.value for c in trial[2]] == ["1111", "رصيد الجمعية"]
