"""What the import assistant shows before anything is written: who may import what, the
sheets of a workbook, the first rows of a file as the chosen mapping will import them, and
the report of bad rows saved as a CSV file.

Only the public functions of `reading`, `mapping` and `report` are used: the checks and the
writes stay `members.check_import` / `import_members` and `dues.check_dues_import` /
`import_dues`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nassij_desktop.core.common.csv_cells import guard_formula
from nassij_desktop.core.common.output_files import atomic_output
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.imports.mapping import ColumnMapping, import_field_label
from nassij_desktop.core.imports.reading import MAX_FILE_BYTES, Table
from nassij_desktop.core.imports.report import ImportReport
from nassij_desktop.i18n import _

KINDS = ("members", "dues")
# The right an import of each kind needs (the same as `nassij import`'s services check).
IMPORT_PERMISSIONS: dict[str, Permission] = {
    "members": Permission.MEMBERS_WRITE,
    "dues": Permission.DUES_WRITE,
}
PREVIEW_ROWS = 20


def importable_kinds(actor: Actor) -> tuple[str, ...]:
    """The kinds of import `actor` may run (none: no import offered)."""
    return tuple(kind for kind in KINDS if actor.can(IMPORT_PERMISSIONS[kind]))


def require_import(actor: Actor, kind: str) -> None:
    actor.require(IMPORT_PERMISSIONS[kind])


def sheet_names(path: Path | str) -> list[str]:
    """The sheets of a workbook, in order; none for a CSV text (or a file that cannot be
    read: `read_table` then says why)."""
    path = Path(path)
    try:
        with path.open("rb") as stream:
            start = stream.read(4)
            if start != b"PK\x03\x04":
                return []
            content = start + stream.read(MAX_FILE_BYTES)
    except OSError:
        return []
    import openpyxl  # type: ignore[import-untyped]  # only for a workbook; no stubs

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        return []
    try:
        return list(book.sheetnames)
    finally:
        book.close()


@dataclass(frozen=True)
class Preview:
    """The first rows of a file under the fields they go to: `fields` in the file's column
    order, and for each row its line and one text per field."""

    kind: str
    fields: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    total: int  # rows under the header, all of them

    def labels(self) -> list[str]:
        return [import_field_label(field, self.kind) for field in self.fields]


def preview_rows(
    actor: Actor, table: Table, mapping: ColumnMapping, limit: int = PREVIEW_ROWS
) -> Preview:
    """The first `limit` rows of `table` as `mapping` takes them (the columns left out are
    not shown)."""
    require_import(actor, mapping.kind)
    index = {column: i for i, column in enumerate(table.columns)}
    positions = [index[column] for column, _field in mapping.fields]
    rows = tuple((row.line, tuple(row.cells[i] for i in positions)) for row in table.rows[:limit])
    return Preview(
        mapping.kind, tuple(field for _column, field in mapping.fields), rows, len(table.rows)
    )


def write_problems_csv(report: ImportReport[Any], target: Path) -> int:
    """The report's problems as a CSV file (UTF-8 with BOM, read by a spreadsheet in Arabic
    as in French): line, field, column of the file, reason; returns how many."""
    header = [_("Line"), _("Field"), _("Column"), _("Reason")]
    with (
        atomic_output(target) as temporary,
        temporary.open("w", encoding="utf-8-sig", newline="") as stream,
    ):
        writer = csv.writer(stream)
        writer.writerow(header)
        for item in report.problems:
            writer.writerow(
                [
                    item.line,
                    guard_formula(item.field_label(report.kind)),
                    guard_formula(item.column or ""),
                    guard_formula(item.message),
                ]
            )
    return len(report.problems)
