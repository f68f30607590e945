"""The audit log as people read it: who changed what and when, with the values before and after.

`core/common/audit.py` writes the log and checks its hash chain; this module reads it for the
Audit log page, `nassij audit list` and the export, behind `Permission.AUDIT_READ`
(administrators). The log can hold hundreds of thousands of entries, so the list is read a
page at a time (`audit_rows`, `count_audit`, or both with `audit_page`), newest first, in the
order of the primary key (no sort); the filters (who, what kind of record, which record, what
was done, a period of days) are plain comparisons, the record's kind and id served by the
log's (entity, entity_id) index. An entry's values before and after (JSON) are read only for
the entry shown (`audit_entry`), and listed field by field (`audit_changes`). The export
(`export_audit`, CSV or XLSX) reads the entries a batch at a time as it writes them.

Instants are stored in naive UTC; a period is given in this computer's days
(`period_bounds`) and an instant is shown in this computer's time (`local_time`).

Depends on: common, users (names of accounts), books (its XLSX writer only). Above the
domains, as `core/due.py`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.xlsx_writer import SheetLayout, Value, write_workbook
from nassij_desktop.core.common.audit import AuditEntry, ChainBreak, verify_audit_chain
from nassij_desktop.core.common.csv_cells import guard_formula
from nassij_desktop.core.common.errors import NotFound, ValidationError
from nassij_desktop.core.common.output_files import atomic_output, check_output_path
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.validators import field_label
from nassij_desktop.core.users.models import User
from nassij_desktop.i18n import N_, _, translate_in

ExportFormat = Literal["csv", "xlsx"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("csv", "xlsx")
_EXPORT_BATCH = 2000  # entries read at a time by the export
MAX_LIMIT = 1000  # the most entries one page may ask for

# A readable name for the kinds of record the services log (the entity is the table's
# name, "user" for accounts); a kind not listed here is shown by its name.
ENTITY_LABELS: dict[str, str] = {
    "account": N_("Account of the chart"),
    "activity": N_("Activity"),
    "activity_attachment": N_("Activity file"),
    "aid_distribution": N_("Aid distribution"),
    "analytic_tag": N_("Analytic tag"),
    "assembly_attendance": N_("Assembly attendance"),
    "association": N_("Association profile"),
    "authority_declaration": N_("Declaration to the authority"),
    "bank_statement": N_("Bank statement"),
    "bank_statement_line": N_("Bank statement line"),
    "board_term": N_("Board term"),
    "budget": N_("Budget"),
    "campaign_gift": N_("Campaign gift"),
    "cleared_line": N_("Reconciled line"),
    "donation": N_("Donation"),
    "dues_payment": N_("Dues payment"),
    "fiscal_year": N_("Fiscal year"),
    "foreign_funding_declaration": N_("Foreign funding declaration"),
    "funder": N_("Funder"),
    "funding_document": N_("Funding request document"),
    "funding_logframe": N_("Logical framework"),
    "funding_request": N_("Funding request"),
    "funding_tranche": N_("Tranche"),
    "funding_tranche_report": N_("Tranche report"),
    "fundraising_campaign": N_("Fundraising campaign"),
    "general_assembly": N_("General assembly"),
    "journal_entry": N_("Journal entry"),
    "member": N_("Member"),
    "member_category": N_("Member category"),
    "programme": N_("Programme"),
    "project": N_("Project"),
    "resolution": N_("Resolution"),
    "setting": N_("Setting"),
    "treasury_account": N_("Treasury account"),
    "user": N_("User account"),
}

# What was done, as a noun (no agreement with the kind of record, in either language).
ACTION_LABELS: dict[str, str] = {
    "create": N_("Creation"),
    "update": N_("Modification"),
    "overwrite": N_("Modification over a newer one"),
    "delete": N_("Deletion"),
    "status": N_("Status change"),
    "close": N_("Closing"),
    "reopen": N_("Reopening"),
    "lock": N_("Locking"),
    "validate": N_("Validation"),
    "cancel": N_("Cancellation"),
    "submit": N_("Submission"),
    "receive": N_("Receipt of funds"),
    "due": N_("Due date set"),
    "hold": N_("Holding"),
    "minutes": N_("Minutes"),
    "seat": N_("Seat change"),
    "end": N_("End of term"),
    "file": N_("Filing"),
    "file_report": N_("Report filing"),
    "declare": N_("Declaration"),
    "checklist": N_("Checklist update"),
    "budget": N_("Budget update"),
    "attach": N_("File attached"),
    "attach_file": N_("File attached"),
    "attach_voucher": N_("Voucher attached"),
    "replace_voucher": N_("Voucher replaced"),
    "remove_file": N_("File removed"),
    "login": N_("Sign-in"),
    "password": N_("Password change"),
    "activate": N_("Activation"),
    "deactivate": N_("Deactivation"),
    "anonymise": N_("Anonymisation"),
    "redact": N_("Personal data removed"),
}


# The names of the fields the log holds most (keys: column names), beside the services'
# FIELD_LABELS; a field named in neither is shown by its column name.
AUDIT_FIELD_LABELS: dict[str, str] = {
    "id": N_("Number in the file"),
    "number": N_("Number"),  # FIELD_LABELS says "Member number": only for a member
    "status": N_("Status"),
    "status_since": N_("Status since"),
    "gender": N_("Gender"),
    "birth_date": N_("Birth date"),
    "nationality": N_("Nationality"),
    "id_document": N_("Identity document"),
    "id_number": N_("Identity number"),
    "join_date": N_("Join date"),
    "phone": N_("Phone"),
    "amount": N_("Amount"),
    "label": N_("Label"),
    "title": N_("Title"),
    "date": N_("Date"),
    "kind": N_("Kind"),
    "state": N_("State"),
    "description": N_("Description"),
    "year": N_("Year"),
    "paid_on": N_("Paid on"),
    "method": N_("Payment method"),
    "active": N_("Active"),
    "role": N_("Role"),
    "starts_at": N_("Start"),
    "ends_at": N_("End"),
}


def field_name(entity: str, field: str) -> str:
    """A logged field's name in the reader's language (its column name if it has none)."""
    if field == "number" and entity == "member":
        return field_label(field)
    message = AUDIT_FIELD_LABELS.get(field)
    return _(message) if message else field_label(field)


def entity_label(entity: str, lang: str | None = None) -> str:
    """The kind of record in the reader's language (`lang`, else the current one)."""
    message = ENTITY_LABELS.get(entity)
    if message is None:
        return entity
    return translate_in(lang, message) if lang else _(message)


def action_label(action: str, lang: str | None = None) -> str:
    message = ACTION_LABELS.get(action)
    if message is None:
        return action
    return translate_in(lang, message) if lang else _(message)


@dataclass(frozen=True)
class AuditFilter:
    """Which entries: every field left at None lets every entry through."""

    login: str | None = None  # who acted, by their sign-in name ("cli" for the command line)
    entity: str | None = None  # the kind of record ("member")
    entity_id: int | None = None
    action: str | None = None
    date_from: dt.date | None = None  # days of this computer, both included
    date_to: dt.date | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One entry of the list (its values are read with `audit_entry`)."""

    id: int
    at: dt.datetime  # naive UTC, as stored
    login: str
    user_name: str | None  # the account's full name today; None: no account (cli, system)
    entity: str
    entity_id: int | None
    action: str
    computer: str | None = None  # the computer that wrote it; None before version 0021


@dataclass(frozen=True)
class AuditRecord:
    """One entry with its values before and after (None: not recorded for that action)."""

    row: AuditRow
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of an entry: its value before and after as text; None where the entry has
    no such side (nothing before a creation, nothing after a deletion)."""

    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class AuditUser:
    """Someone who appears in the log: the sign-in name, and the account's name if any."""

    login: str
    name: str | None


def local_time(at: dt.datetime) -> dt.datetime:
    """A stored instant (naive UTC) in this computer's time, naive."""
    return at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def period_bounds(
    date_from: dt.date | None, date_to: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The stored instants (naive UTC) from the start of `date_from` to before the day after
    `date_to`, days of this computer."""

    def utc(day: dt.date) -> dt.datetime:
        return (
            dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.UTC).replace(tzinfo=None)
        )

    start = utc(date_from) if date_from else None
    end = utc(date_to + dt.timedelta(days=1)) if date_to else None
    return start, end


def _check_filter(flt: AuditFilter) -> None:
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        raise ValidationError("date_to", _("The end of the period is before its start."))


def _where(stmt: sa.Select[Any], flt: AuditFilter) -> sa.Select[Any]:
    entry = AuditEntry
    if flt.login:
        stmt = stmt.where(entry.login == flt.login)
    if flt.entity:
        stmt = stmt.where(entry.entity == flt.entity)
    if flt.entity_id is not None:
        stmt = stmt.where(entry.entity_id == flt.entity_id)
    if flt.action:
        stmt = stmt.where(entry.action == flt.action)
    start, end = period_bounds(flt.date_from, flt.date_to)
    if start is not None:
        stmt = stmt.where(entry.at >= start)
    if end is not None:
        stmt = stmt.where(entry.at < end)
    return stmt


def _row_query() -> sa.Select[Any]:
    entry = AuditEntry
    columns: list[Any] = [
        entry.id,
        entry.at,
        entry.login,
        User.full_name,
        entry.entity,
        entry.entity_id,
        entry.action,
        entry.computer,
    ]
    return sa.select(*columns).outerjoin(User, User.id == entry.user_id)


def _row(values: sa.Row[Any]) -> AuditRow:
    return AuditRow(
        id=values.id,
        at=values.at,
        login=values.login,
        user_name=values.full_name,
        entity=values.entity,
        entity_id=values.entity_id,
        action=values.action,
        computer=values.computer,
    )


def count_audit(session: Session, actor: Actor, flt: AuditFilter = AuditFilter()) -> int:
    actor.require(Permission.AUDIT_READ)
    _check_filter(flt)
    stmt = _where(sa.select(sa.func.count()).select_from(AuditEntry), flt)
    return int(session.execute(stmt).scalar_one())


def audit_rows(
    session: Session,
    actor: Actor,
    flt: AuditFilter = AuditFilter(),
    *,
    limit: int = 100,
    offset: int = 0,
) -> list[AuditRow]:
    """The entries `offset` to `offset + limit` under `flt`, newest first."""
    actor.require(Permission.AUDIT_READ)
    _check_filter(flt)
    limit = max(0, min(limit, MAX_LIMIT))
    stmt = _where(_row_query(), flt).order_by(AuditEntry.id.desc())
    return [_row(r) for r in session.execute(stmt.limit(limit).offset(max(0, offset)))]


def audit_page(
    session: Session,
    actor: Actor,
    flt: AuditFilter = AuditFilter(),
    limit: int = 100,
    offset: int = 0,
) -> tuple[int, list[AuditRow]]:
    """How many entries `flt` lets through, and one page of them, newest first."""
    total = count_audit(session, actor, flt)
    return total, audit_rows(session, actor, flt, limit=limit, offset=offset)


def audit_entities(session: Session, actor: Actor) -> list[str]:
    """The kinds of record the log names (read along its entity index), by readable name."""
    actor.require(Permission.AUDIT_READ)
    kinds = session.scalars(sa.select(AuditEntry.entity).distinct()).all()
    return sorted(kinds, key=lambda kind: entity_label(kind).casefold())


def audit_actions(session: Session, actor: Actor) -> list[str]:
    actor.require(Permission.AUDIT_READ)
    return sorted(session.scalars(sa.select(AuditEntry.action).distinct()).all())


def audit_users(session: Session, actor: Actor) -> list[AuditUser]:
    """Everyone who acted: every account (even one with no entry yet) and every other name
    the log holds (the command line "cli", "system"), by sign-in name."""
    actor.require(Permission.AUDIT_READ)
    names = {r.login: r.full_name for r in session.execute(sa.select(User.login, User.full_name))}
    logged = session.scalars(sa.select(AuditEntry.login).distinct()).all()
    logins = sorted(set(names) | set(logged))
    return [AuditUser(login, names.get(login)) for login in logins]


def _values(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:  # written by another program: shown as it is
        return {"": text}
    return value if isinstance(value, dict) else {"": value}


def audit_entry(session: Session, actor: Actor, entry_id: int) -> AuditRecord:
    actor.require(Permission.AUDIT_READ)
    values = session.execute(
        _row_query()
        .add_columns(AuditEntry.before, AuditEntry.after)
        .where(AuditEntry.id == entry_id)
    ).first()
    if values is None:
        raise NotFound(_("Audit entry {id} does not exist.").format(id=entry_id))
    return AuditRecord(_row(values), _values(values.before), _values(values.after))


def value_text(value: Any) -> str:
    """A logged value as text: texts as they are, yes/no, numbers, lists as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def audit_changes(record: AuditRecord) -> list[FieldChange]:
    """The entry's fields, each with its value before and after: for a change, the fields
    that changed (the log keeps only those); for a creation or a deletion, every field."""
    before, after = record.before, record.after
    fields = list((after or {}).keys())
    fields += [name for name in (before or {}) if name not in fields]
    return [
        FieldChange(
            name,
            None if before is None else value_text(before.get(name)),
            None if after is None else value_text(after.get(name)),
        )
        for name in fields
    ]


# --- export -----------------------------------------------------------------------------

EXPORT_COLUMNS = (
    N_("Audit entry"),
    N_("Time"),
    N_("Login"),
    N_("User"),
    N_("Computer"),
    N_("Action"),
    N_("Record kind"),
    N_("Record number"),
    N_("Before"),
    N_("After"),
)


def _csv_cell(value: object) -> str:
    return guard_formula("" if value is None else str(value))


def iter_audit(
    session: Session, actor: Actor, flt: AuditFilter = AuditFilter()
) -> Iterator[tuple[AuditRow, str | None, str | None]]:
    """Every entry under `flt`, oldest first, with its values before and after as stored
    (JSON), read a batch at a time."""
    actor.require(Permission.AUDIT_READ)
    _check_filter(flt)
    stmt = (
        _where(_row_query().add_columns(AuditEntry.before, AuditEntry.after), flt)
        .order_by(AuditEntry.id)
        .execution_options(yield_per=_EXPORT_BATCH)
    )
    for values in session.execute(stmt):
        yield _row(values), values.before, values.after


def _export_values(
    row: AuditRow, before: str | None, after: str | None, lang: str | None
) -> list[Value]:
    return [
        row.id,
        local_time(row.at).strftime("%Y-%m-%d %H:%M:%S"),
        row.login,
        row.user_name or "",
        row.computer or "",
        action_label(row.action, lang),
        entity_label(row.entity, lang),
        row.entity_id,
        before or "",
        after or "",
    ]


def export_audit(
    session: Session,
    actor: Actor,
    flt: AuditFilter,
    path: Path,
    format: ExportFormat = "csv",
    *,
    lang: str = "fr",
    protected: Sequence[Path] = (),
) -> int:
    """Write the entries under `flt` (oldest first, times in this computer's time, labels
    in `lang`) to `path` as CSV (UTF-8 with a byte-order mark, which spreadsheets need to read
    Arabic) or XLSX, through a temporary file moved into place when whole; `protected`: the
    association file's paths, which are refused. Returns how many entries were written."""
    actor.require(Permission.AUDIT_READ)
    _check_filter(flt)
    if format not in EXPORT_FORMATS:
        raise ValidationError("format", _("Choose CSV or XLSX."))
    target = check_output_path(path, protected=protected)
    headers: list[Value] = [translate_in(lang, title) for title in EXPORT_COLUMNS]
    count = 0

    def rows() -> Iterator[list[Value]]:
        nonlocal count
        for row, before, after in iter_audit(session, actor, flt):
            count += 1
            yield _export_values(row, before, after, lang)

    with atomic_output(target) as temporary:
        if format == "csv":
            with open(temporary, "w", encoding="utf-8-sig", newline="") as stream:
                writer = csv.writer(stream)
                writer.writerow([_csv_cell(h) for h in headers])
                for values in rows():
                    writer.writerow([_csv_cell(v) for v in values])
        else:
            layout = SheetLayout(
                translate_in(lang, N_("Audit log"))[:31],
                right_to_left=lang == "ar",
                frozen=(0, 1),
                widths={2: 20, 5: 18, 6: 18, 7: 24, 9: 60, 10: 60},
            )
            sheet = ((values, False) for values in rows())
            write_workbook(temporary, [(layout, _with_headers(headers, sheet))])
    return count


def _with_headers(
    headers: list[Value], rows: Iterator[tuple[list[Value], bool]]
) -> Iterator[tuple[Sequence[Value], bool]]:
    yield headers, True
    yield from rows


@dataclass(frozen=True)
class ChainCheck:
    """What `check_audit_chain` found: how many entries, and the first broken link if any."""

    entries: int
    broken: ChainBreak | None


def check_audit_chain(session: Session, actor: Actor) -> ChainCheck:
    """Recompute the log's hash chain (`verify_audit_chain`) for a reader of the log."""
    actor.require(Permission.AUDIT_READ)
    entries = int(session.execute(sa.select(sa.func.count()).select_from(AuditEntry)).scalar_one())
    return ChainCheck(entries, verify_audit_chain(session))


__all__ = [
    "ACTION_LABELS",
    "AUDIT_FIELD_LABELS",
    "ENTITY_LABELS",
    "EXPORT_FORMATS",
    "MAX_LIMIT",
    "AuditFilter",
    "AuditRecord",
    "AuditRow",
    "AuditUser",
    "ChainCheck",
    "ExportFormat",
    "FieldChange",
    "action_label",
    "audit_actions",
    "audit_changes",
    "audit_entities",
    "audit_entry",
    "audit_page",
    "audit_rows",
    "audit_users",
    "check_audit_chain",
    "count_audit",
    "entity_label",
    "export_audit",
    "field_name",
    "iter_audit",
    "local_time",
    "period_bounds",
    "value_text",
]
