"""A sheet of an export: its name, who may read it, its headers and its rows, read lazily.

The cells are typed values (`Value`): text, `Decimal` money (read from integer centimes),
`datetime.date`, whole numbers, booleans; `writers.py` turns them into XLSX cells (real dates
and numbers) or CSV text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.i18n import translate_in

Cell = Decimal | dt.date | str | int | bool | None
Rows = Iterator[Sequence[Cell]]
_BATCH = 500  # rows fetched at a time from SQLite


@dataclass(frozen=True)
class Sheet:
    """One entity's table. `name` and `headers` are N_-marked messages, translated when the
    file is written; `may(actor)` says whether the actor may read it; `rows(session, actor,
    lang)` reads it as it is written."""

    key: str  # the CSV file's name, stable across languages ("members" → members.csv)
    name: str
    headers: tuple[str, ...]
    may: Callable[[Actor], bool]
    rows: Callable[[Session, Actor, str], Rows]
    # column index → the N_-marked labels of its codes (an enum's): written in the language
    labels: Mapping[int, Mapping[Any, str]] = field(default_factory=dict)

    def title(self, lang: str) -> str:
        """The sheet's name in `lang`, as Excel takes it (31 characters, none of []:*?/\\)."""
        text = translate_in(lang, self.name)
        for char in "[]:*?/\\":
            text = text.replace(char, " ")
        return text[:31]

    def read(self, session: Session, actor: Actor, lang: str) -> Rows:
        """The rows, the coded columns in words of `lang` (a code without a label stays)."""
        if not self.labels:
            yield from self.rows(session, actor, lang)
            return
        words = {
            column: {code: translate_in(lang, label) for code, label in labels.items()}
            for column, labels in self.labels.items()
        }
        for row in self.rows(session, actor, lang):
            cells = list(row)
            for column, named in words.items():
                value = cells[column]
                if isinstance(value, str):
                    cells[column] = named.get(value, value)
            yield cells

    def header_row(self, lang: str) -> list[str]:
        return [translate_in(lang, h) for h in self.headers]


def batched(session: Session, statement: sa.Executable) -> Iterator[tuple[Any, ...]]:
    """The rows of a select, fetched `_BATCH` at a time (never the whole table at once)."""
    result = session.execute(statement.execution_options(yield_per=_BATCH))
    for row in result:
        yield tuple(row)
