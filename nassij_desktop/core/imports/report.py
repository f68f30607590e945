"""What an import found or did: the rows it would write, and every problem by line and field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.imports.mapping import ColumnMapping, import_field_label
from nassij_desktop.core.imports.reading import Table
from nassij_desktop.i18n import _, ngettext

T = TypeVar("T")


@dataclass(frozen=True)
class RowProblem:
    """Why a line of the file cannot be imported: the field (its key; "" for the whole row),
    the file's column it came from, and the reason, translated."""

    line: int
    field: str
    message: str
    column: str | None = None
    duplicate: bool = False  # the same person (or payment) is elsewhere in the file or register

    def field_label(self, kind: str) -> str:
        return import_field_label(self.field, kind) if self.field else ""


@dataclass(frozen=True)
class ImportedRow(Generic[T]):
    """A line of the file as it would be written."""

    line: int
    data: T


@dataclass(frozen=True)
class ImportReport(Generic[T]):
    """The outcome of checking (or importing) a file: `rows` read under the header, the rows
    accepted, the problems in line order; after a write, what was created (member numbers,
    receipt numbers)."""

    kind: str  # "members" or "dues"
    rows: int
    accepted: tuple[ImportedRow[T], ...]
    problems: tuple[RowProblem, ...]
    created: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def bad_lines(self) -> tuple[int, ...]:
        return tuple(sorted({p.line for p in self.problems}))


class ImportRefused(NassijError):
    """The file was not imported (nothing of it was written): `report` says why, line by line."""

    def __init__(self, report: ImportReport[Any]) -> None:
        lines = len(report.bad_lines)
        super().__init__(
            ngettext(
                "The file was not imported: {count} line has a problem; nothing was written.",
                "The file was not imported: {count} lines have a problem; nothing was written.",
                lines,
            ).format(count=lines)
        )
        self.report = report


def problem(
    line: int, error: NassijError, mapping: ColumnMapping, *, duplicate: bool = False
) -> RowProblem:
    """The refusal of a service (a `ValidationError` names its field) on a line."""
    name = error.field if isinstance(error, ValidationError) else ""
    return RowProblem(line, name, error.message, mapping.column_of(name), duplicate)


def sorted_problems(problems: Sequence[RowProblem]) -> tuple[RowProblem, ...]:
    return tuple(sorted(problems, key=lambda p: p.line))


def no_rows(table: Table) -> ValidationError:
    return ValidationError(
        "file",
        _("The file has no row to import under its header (line {line}).").format(
            line=table.header_line
        ),
    )
