"""Values in the file that this version cannot read: a status outside its list, a date that is
not a date, an amount that is not whole centimes. Only another program writes such values
(SQLite stores whatever it is given); `check` finds them, and reading one through the ORM ends in
a sentence instead of an "unexpected error".
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from nassij_desktop.core.common.base import Money
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate

MAX_REPORTED = 20  # offenders named by `check`; the first few say where to look
_SHOWN_LENGTH = 30

# Where SQLAlchemy converts a stored value on read (its result processors, and our types').
_ENUM_READERS = frozenset({"_object_value_for_elem"})
_DATE_READERS = frozenset({"str_to_date", "str_to_datetime", "str_to_time"})


def describe_invalid_stored_value(exc: BaseException) -> str | None:
    """A translated sentence when `exc` was raised converting a stored value on read, else None.

    Recognised by where it was raised (a result processor in the traceback), not by its type
    alone: a ValueError raised anywhere else is a bug and must stay one.
    """
    if not isinstance(exc, LookupError | ValueError | TypeError | ArithmeticError):
        return None
    frames = [frame for frame, _line in traceback.walk_tb(exc.__traceback__)]
    # Compiled (Cython) functions name themselves with their module: keep the last part.
    names = {frame.f_code.co_name.rsplit(".", 1)[-1] for frame in frames}
    if names & _ENUM_READERS and isinstance(exc, LookupError):
        value = exc.__cause__.args[0] if isinstance(exc.__cause__, KeyError) else "?"
        what = _("an unknown choice {value}").format(value=_shown(value))
    elif names & _DATE_READERS:
        what = _("a date or time that is not valid")
    elif any(_is_money_reader(frame) for frame in frames):
        what = _("an amount that is not in whole centimes")
    elif "process_result_value" in names or "_apply_processors" in names:
        what = _("a value of the wrong kind")
    else:
        return None
    return _(
        "The file holds a value this version cannot read ({what}); run `nassij check` to find it."
    ).format(what=what)


def _is_money_reader(frame: Any) -> bool:
    return frame.f_code.co_name == "process_result_value" and isinstance(
        frame.f_locals.get("self"), Money
    )


def _shown(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else value
    text = text if len(text) <= _SHOWN_LENGTH else text[:_SHOWN_LENGTH] + "…"
    return isolate(text, "ltr")


@dataclass(frozen=True)
class _Rule:
    kind: str  # enum, date, datetime, time, money
    condition: str  # SQL, true when the stored value is not one this version reads


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _rule(column: sa.Column[Any], quoted: str, sqlite: bool) -> _Rule | None:
    kind = column.type
    if isinstance(kind, sa.Enum):
        allowed = ", ".join(_literal(v) for v in kind.enums)
        typed = f"typeof({quoted}) != 'text' OR " if sqlite else ""
        return _Rule("enum", f"{quoted} IS NOT NULL AND ({typed}{quoted} NOT IN ({allowed}))")
    if not sqlite:  # a server checks dates and integers itself: only enums are free text there
        return None
    if isinstance(kind, Money):
        return _Rule("money", f"typeof({quoted}) NOT IN ('integer', 'null')")
    # SQLite keeps dates as text; SQLAlchemy writes 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM:SS[.ffffff]'
    # and 'HH:MM:SS[.ffffff]'. SQLite's date functions, given a modifier, refuse an impossible
    # date or move it (30 February becomes 1 March), so a value equal to its own normalised
    # form is a valid one. Fractions of a second are checked apart: SQLite rounds them to the
    # millisecond, and .9996 would become the next second.
    fraction = (
        "(length({q}) = {n} OR (substr({q}, {d}, 1) = '.' AND length({q}) BETWEEN {lo} AND {hi}"
        " AND substr({q}, {f}) NOT GLOB '*[^0-9]*'))"
    )
    if isinstance(kind, sa.DateTime):
        valid = (
            f"typeof({quoted}) = 'text' AND {quoted} >= '0001' "
            f"AND datetime(substr({quoted}, 1, 19), '+0 seconds') IS substr({quoted}, 1, 19) AND "
            + fraction.format(q=quoted, n=19, d=20, lo=21, hi=26, f=21)
        )
        return _Rule("datetime", f"{quoted} IS NOT NULL AND NOT ({valid})")
    if isinstance(kind, sa.Date):
        valid = (
            f"typeof({quoted}) = 'text' AND {quoted} >= '0001' "
            f"AND date({quoted}, '+0 days') IS {quoted}"
        )
        return _Rule("date", f"{quoted} IS NOT NULL AND NOT ({valid})")
    if isinstance(kind, sa.Time):
        valid = (
            f"typeof({quoted}) = 'text' "
            f"AND time(substr({quoted}, 1, 8), '+0 seconds') IS substr({quoted}, 1, 8) AND "
            + fraction.format(q=quoted, n=8, d=9, lo=10, hi=15, f=10)
        )
        return _Rule("time", f"{quoted} IS NOT NULL AND NOT ({valid})")
    return None


def _problem(kind: str, table: str, row_id: object, column: str, value: object) -> str:
    names = {
        "id": row_id,
        "table": isolate(table, "ltr"),
        "column": isolate(column, "ltr"),
        "value": _shown(value),
    }
    if kind == "enum":
        text = _("Row {id} of {table}: {column} holds {value}, which is not one of its choices.")
    elif kind == "date":
        text = _("Row {id} of {table}: {column} holds {value}, which is not a valid date.")
    elif kind == "datetime":
        text = _("Row {id} of {table}: {column} holds {value}, which is not a valid date and time.")
    elif kind == "time":
        text = _("Row {id} of {table}: {column} holds {value}, which is not a valid time.")
    else:
        text = _(
            "Row {id} of {table}: {column} holds {value}, which is not an amount in whole centimes."
        )
    return text.format(**names)


def _offenders(connection: sa.Connection, metadata: sa.MetaData) -> Iterator[str]:
    sqlite = connection.dialect.name == "sqlite"
    quote = connection.dialect.identifier_preparer.quote
    for table in metadata.sorted_tables:
        if "id" not in table.c:
            continue
        rules = [
            (column.name, rule)
            for column in table.c
            if (rule := _rule(column, quote(column.name), sqlite)) is not None
        ]
        if not rules:
            continue
        # One pass over the table for all its columns; a flag per column says which failed.
        flags = ", ".join(
            f"CASE WHEN {rule.condition} THEN 1 ELSE 0 END, {quote(name)}" for name, rule in rules
        )
        where = " OR ".join(f"({rule.condition})" for _name, rule in rules)
        sql = (
            f"SELECT id, {flags} FROM {quote(table.name)} WHERE {where} "
            f"ORDER BY id LIMIT {MAX_REPORTED}"
        )
        for row in connection.exec_driver_sql(sql):
            for index, (name, rule) in enumerate(rules):
                if row[1 + 2 * index]:
                    yield _problem(rule.kind, table.name, row[0], name, row[2 + 2 * index])


def invalid_stored_values(connection: sa.Connection, metadata: sa.MetaData) -> list[str]:
    """A sentence (table, row id, column, value) for each of the first offenders in the file."""
    problems: list[str] = []
    for problem in _offenders(connection, metadata):
        problems.append(problem)
        if len(problems) >= MAX_REPORTED:
            break
    return problems
