"""Importing members: every row checked once by the member services' own rules, duplicates
found in the file and in the register, then the rows so checked registered by
`register_checked_members` in the caller's transaction — or nothing, with the report of every
line refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.bulk import fewer_collections
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import in_chunks
from nassij_desktop.core.common.textnorm import normalise_word
from nassij_desktop.core.common.validators import parse_date
from nassij_desktop.core.imports.headers import header_key
from nassij_desktop.core.imports.mapping import ColumnMapping
from nassij_desktop.core.imports.reading import Table
from nassij_desktop.core.imports.report import (
    ImportedRow,
    ImportRefused,
    ImportReport,
    RowProblem,
    no_rows,
    problem,
    sorted_problems,
)
from nassij_desktop.core.members.models import Member, MemberCategory
from nassij_desktop.core.members.services import (
    CheckedMember,
    MemberData,
    category_ids,
    checked_member,
    identity_holders,
    register_checked_members,
)
from nassij_desktop.i18n import _

MemberReport = ImportReport[MemberData]

_DATA_FIELDS = tuple(f.name for f in fields(MemberData))
_DATES = frozenset({"birth_date", "join_date", "consent_date"})
_GENDERS = {
    header_key(word): code
    for code, words in {
        "m": ("m", "h", "homme", "masculin", "male", "man", "ذكر", "ذ"),
        "f": ("f", "femme", "féminin", "female", "woman", "أنثى", "انثى", "أ"),
    }.items()
    for word in words
}
_MOROCCAN = frozenset(
    header_key(word)
    for word in ("ma", "maroc", "marocain", "marocaine", "moroccan", "morocco", "مغربي", "مغربية")
)


def _categories(session: Session) -> dict[str, str]:
    """What a category cell may say (its code or a label, folded) → its code."""
    known: dict[str, str] = {}
    for code, *labels in session.execute(
        sa.select(
            MemberCategory.code,
            MemberCategory.label_ar,
            MemberCategory.label_fr,
            MemberCategory.label_en,
        )
    ):
        for word in (code, *labels):
            if word:
                known.setdefault(header_key(word), code)
    return known


def _dates(field: str) -> Callable[[str], dt.date]:
    """`parse_date` of a column's texts, once per distinct text (a join date repeats)."""
    seen: dict[str, dt.date] = {}

    def date(text: str) -> dt.date:
        found = seen.get(text)
        if found is None:
            found = seen[text] = parse_date(text, field=field)
        return found

    return date


def _converter(field: str, categories: dict[str, str]) -> Callable[[str], Any]:
    if field in _DATES:
        return _dates(field)
    if field == "gender":

        def gender(text: str) -> str:
            code = _GENDERS.get(header_key(text))
            if code is None:
                raise ValidationError(
                    "gender",
                    _("Write the gender as M or F (H/F, ذكر/أنثى): not “{value}”.").format(
                        value=text
                    ),
                )
            return code

        return gender
    if field == "nationality":
        return lambda text: "MA" if header_key(text) in _MOROCCAN else text
    if field == "category_code":
        return lambda text: categories.get(header_key(text), text)
    return lambda text: text


def _name_keys(values: Mapping[str, Any]) -> list[tuple[str, str, str, dt.date]]:
    """The keys under which two rows are the same person: the names in one script, folded,
    with the birth date (none without a birth date)."""
    born = values.get("birth_date")
    if born is None:
        return []
    keys = []
    for script in ("ar", "lat"):
        last, first = values.get(f"last_name_{script}"), values.get(f"first_name_{script}")
        if last and first:
            keys.append((script, normalise_word(last), normalise_word(first), born))
    return keys


def _checked(
    session: Session,
    line: int,
    data: MemberData,
    categories: dict[str, int],
    mapping: ColumnMapping,
    problems: list[RowProblem],
) -> CheckedMember | None:
    """The member services' checks on a line: its checked member, or None with every field
    refused added to `problems` (the services stop at the first: each refused field is left
    out and the line checked again)."""
    try:  # most lines pass as given
        return checked_member(session, data, categories)
    except ValidationError as error:
        problems.append(problem(line, error, mapping))
        first = error
    except NassijError as error:
        problems.append(problem(line, error, mapping))
        return None
    given = {name: getattr(data, name) for name in _DATA_FIELDS}
    if given.get(first.field) is None:
        return None
    given[first.field] = None
    for _attempt in range(len(given)):
        try:
            checked_member(session, MemberData(**given), categories)
        except ValidationError as error:
            problems.append(problem(line, error, mapping))
            if given.get(error.field) is None:
                return None
            given[error.field] = None
            continue
        except NassijError as error:
            problems.append(problem(line, error, mapping))
            return None
        return None  # refused: every other field is accepted
    return None


def check_import(
    session: Session, actor: Actor, table: Table, mapping: ColumnMapping
) -> MemberReport:
    """What importing `table` with `mapping` would do, written nowhere: the members each line
    would register, and every problem (a value refused, the same identity number or the same
    names and birth date twice in the file or already in the register) by line and field."""
    with fewer_collections():
        return _check(session, actor, table, mapping)[0]


def _check(
    session: Session, actor: Actor, table: Table, mapping: ColumnMapping
) -> tuple[MemberReport, dict[int, CheckedMember]]:
    """`check_import`, with the checked member of each line accepted (by line), so that
    `import_members` registers them without checking each field a second time."""
    actor.require(Permission.MEMBERS_WRITE)
    categories = category_ids(session)
    labels = _categories(session)
    index = {column: i for i, column in enumerate(table.columns)}
    fields = [(index[column], field, _converter(field, labels)) for column, field in mapping.fields]
    problems: list[RowProblem] = []
    accepted: list[ImportedRow[MemberData]] = []
    by_identity: dict[tuple[Any, str], int] = {}
    by_names: dict[tuple[str, str, str, dt.date], int] = {}
    cleaned: list[tuple[int, Mapping[str, Any], list[tuple[str, str, str, dt.date]]]] = []
    members: dict[int, CheckedMember] = {}
    for row in table.rows:
        given: dict[str, Any] = {}
        refused = False
        for position, field, convert in fields:
            text = row.cells[position]
            if not text:
                continue
            try:
                given[field] = convert(text)
            except NassijError as error:
                problems.append(problem(row.line, error, mapping))
                refused = True
        data = MemberData(**given)
        member = _checked(session, row.line, data, categories, mapping, problems)
        if member is None or refused:
            continue
        values = member.values
        duplicate = False
        if values.get("id_number"):
            key = (values["id_document"], values["id_number"])
            if key in by_identity:
                problems.append(
                    RowProblem(
                        row.line,
                        "id_number",
                        _("The identity number {id_number} is also on line {line}.").format(
                            id_number=key[1], line=by_identity[key]
                        ),
                        mapping.column_of("id_number"),
                        duplicate=True,
                    )
                )
                duplicate = True
            else:
                by_identity[key] = row.line
        name_keys = _name_keys(values)
        for name_key in name_keys:
            if name_key in by_names and not duplicate:
                problems.append(
                    RowProblem(
                        row.line,
                        "",
                        _("The same person (names and birth date) is also on line {line}.").format(
                            line=by_names[name_key]
                        ),
                        duplicate=True,
                    )
                )
                duplicate = True
            by_names.setdefault(name_key, row.line)
        if not duplicate:
            cleaned.append((row.line, values, name_keys))
            members[row.line] = member
            # As the checks wrote them: a phone in E.164 is not parsed again by the batch.
            checked = MemberData(
                **{**given, "phone": values.get("phone"), "id_number": values.get("id_number")}
            )
            accepted.append(ImportedRow(row.line, checked))
    problems.extend(_in_register(session, cleaned, mapping))
    bad = {p.line for p in problems}
    report = ImportReport(
        "members",
        len(table.rows),
        tuple(r for r in accepted if r.line not in bad),
        sorted_problems(problems),
    )
    return report, members


def _in_register(
    session: Session,
    cleaned: list[tuple[int, Mapping[str, Any], list[tuple[str, str, str, dt.date]]]],
    mapping: ColumnMapping,
) -> list[RowProblem]:
    """The lines whose person the register already has: same identity number, or same
    names and birth date (`cleaned`: each line's values and `_name_keys`)."""
    problems: list[RowProblem] = []
    lines = {
        (values["id_document"], values["id_number"]): line
        for line, values, _keys in cleaned
        if values.get("id_number")
    }
    for key, number in identity_holders(session, lines).items():
        problems.append(
            RowProblem(
                lines[key],
                "id_number",
                _("Member {number} already has the identity number {id_number}.").format(
                    number=number, id_number=key[1]
                ),
                mapping.column_of("id_number"),
                duplicate=True,
            )
        )
    named = {line for line, _values, _keys in cleaned} - {p.line for p in problems}
    wanted: dict[tuple[str, str, str, dt.date], int] = {}
    for line, _values, name_keys in cleaned:
        if line in named:
            for name_key in name_keys:
                wanted.setdefault(name_key, line)
    dates = {key[3] for key in wanted}
    for chunk in in_chunks(dates):
        query = sa.select(
            Member.number,
            Member.last_name_ar,
            Member.first_name_ar,
            Member.last_name_lat,
            Member.first_name_lat,
            Member.birth_date,
        ).where(Member.birth_date.in_(chunk))
        for number, last_ar, first_ar, last_lat, first_lat, born in session.execute(query):
            stored = {
                "last_name_ar": last_ar,
                "first_name_ar": first_ar,
                "last_name_lat": last_lat,
                "first_name_lat": first_lat,
                "birth_date": born,
            }
            for name_key in _name_keys(stored):
                found = wanted.pop(name_key, None)
                if found is not None:
                    problems.append(
                        RowProblem(
                            found,
                            "",
                            _("Member {number} has the same names and birth date.").format(
                                number=number
                            ),
                            duplicate=True,
                        )
                    )
    return problems


def import_members(
    session: Session, actor: Actor, table: Table, mapping: ColumnMapping
) -> MemberReport:
    """Register every member of `table` in the caller's transaction, numbered in the file's
    order, or raise `ImportRefused` with the report (nothing written)."""
    with fewer_collections():
        return _import_members(session, actor, table, mapping)


def _import_members(
    session: Session, actor: Actor, table: Table, mapping: ColumnMapping
) -> MemberReport:
    report, members = _check(session, actor, table, mapping)
    if not report.ok:
        raise ImportRefused(report)
    if not report.accepted:
        raise no_rows(table)
    try:
        registered = register_checked_members(
            session, actor, [members[row.line] for row in report.accepted]
        )
    except NassijError as error:  # what the batch alone sees: said on the file's line
        row = error.row if isinstance(error, ValidationError) else None
        line = report.accepted[row - 1].line if row else table.header_line
        refused = problem(line, error, mapping)
        raise ImportRefused(ImportReport("members", report.rows, (), (refused,))) from None
    return ImportReport(
        "members",
        report.rows,
        report.accepted,
        (),
        tuple(member.number for member in registered),
    )
