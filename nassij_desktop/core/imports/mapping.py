"""Which column of an import file holds which field: proposed from the headers, corrected
by the user ("Column=field"), and saved under a name to be reused.

Saved mappings are kept on this computer, in the user's configuration folder
(`paths.config_dir()/import-mappings.json`: name → kind and column → field), not in the
association file: they describe the files a volunteer receives, not the association.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from nassij_desktop import paths
from nassij_desktop.core.common.errors import NotFound, ValidationError
from nassij_desktop.core.common.validators import field_label
from nassij_desktop.core.imports.headers import SCRIPT_FIELDS, known_field
from nassij_desktop.core.imports.reading import Table
from nassij_desktop.i18n import N_, _

IGNORE = "-"  # "--map 'Column=-'": the column is not imported
MAPPINGS_FILE = "import-mappings.json"

# The fields a column may go to, per kind of import, with their labels.
MEMBER_FIELDS: dict[str, str] = {
    "last_name_ar": N_("Family name (Arabic)"),
    "first_name_ar": N_("First name (Arabic)"),
    "last_name_lat": N_("Family name (Latin letters)"),
    "first_name_lat": N_("First name (Latin letters)"),
    "gender": N_("Gender"),
    "birth_date": N_("Birth date"),
    "birth_place": N_("Birth place"),
    "nationality": N_("Nationality"),
    "id_number": N_("Identity number"),
    "profession": N_("Profession"),
    "address": N_("Address"),
    "address_ar": N_("Address in Arabic"),
    "city": N_("City"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "join_date": N_("Join date"),
    "category_code": N_("Category"),
    "consent_date": N_("Consent date"),
    "notes": N_("Notes"),
}
DUES_FIELDS: dict[str, str] = {
    "number": N_("Member number"),
    "id_number": N_("Identity number"),
    "year": N_("Year"),
    "amount": N_("Amount"),
    "paid_on": N_("Payment date"),
    "method": N_("Payment method"),
    "notes": N_("Notes"),
}
FIELDS = {"members": MEMBER_FIELDS, "dues": DUES_FIELDS}


def import_field_label(field: str, kind: str = "members") -> str:
    """The translated name of an import's field (a report's "field" column)."""
    label = FIELDS.get(kind, {}).get(field)
    return _(label) if label else field_label(field)


@dataclass(frozen=True)
class ColumnMapping:
    """Column → field for an import of `kind`; a column not in `fields` is not imported."""

    kind: str
    fields: tuple[tuple[str, str], ...]  # (column, field), in the file's column order

    def as_dict(self) -> dict[str, str]:
        return dict(self.fields)

    def column_of(self, field: str) -> str | None:
        return next((column for column, f in self.fields if f == field), None)


def _resolve(field: str, column: str, arabic: frozenset[str]) -> str:
    """A script field, or a name field written in the other script, for this column."""
    if field in SCRIPT_FIELDS:
        ar, lat = SCRIPT_FIELDS[field]
        return ar if column in arabic else lat
    for ar, lat in SCRIPT_FIELDS.values():
        if field in (ar, lat) and field.endswith(("_ar", "_lat")):
            return ar if column in arabic else lat
    return field


def propose_mapping(
    table: Table, kind: str = "members", *, given: Mapping[str, str] | None = None
) -> ColumnMapping:
    """The mapping the headers suggest, with `given` (column → field, or `IGNORE`) over it.
    A name column's script chooses between its Arabic and Latin field; a field goes to one
    column only (the first; a later column is left out). `given` is checked: an unknown
    column or field is refused on the field "map"."""
    if kind not in FIELDS:
        raise ValueError(kind)
    given = dict(given or {})
    allowed = FIELDS[kind]
    for column, field in given.items():
        if column not in table.columns:
            raise ValidationError(
                "map",
                _("The file has no column “{column}”; its columns: {columns}.").format(
                    column=column, columns=", ".join(table.columns)
                ),
            )
        if field != IGNORE and field not in allowed and field not in SCRIPT_FIELDS:
            raise ValidationError(
                "map",
                _("Unknown field “{field}”; the fields: {fields}.").format(
                    field=field, fields=", ".join(allowed)
                ),
            )
    arabic = table.arabic_columns() if kind == "members" else frozenset()
    taken: set[str] = set()
    chosen: list[tuple[str, str]] = []
    # The user's choices first, so that a header's guess does not take their field.
    for column in table.columns:
        wanted = given.get(column)
        if wanted and wanted != IGNORE:
            field = wanted if wanted in allowed else _resolve(wanted, column, arabic)
            if field in taken:
                raise ValidationError(
                    "map",
                    _("The field “{field}” is given to two columns.").format(field=field),
                )
            taken.add(field)
    for column in table.columns:
        if column in given:
            field = given[column]
            if field == IGNORE:
                continue
            field = field if field in allowed else _resolve(field, column, arabic)
            chosen.append((column, field))
            continue
        guess = known_field(column, kind)
        if guess is None:
            continue
        field = _resolve(guess, column, arabic) if kind == "members" else guess
        if field in taken or field not in allowed:
            continue
        taken.add(field)
        chosen.append((column, field))
    return ColumnMapping(kind, tuple(chosen))


def parse_map_options(options: Iterable[str]) -> dict[str, str]:
    """`--map "Column=field"` options as column → field (refused on the field "map")."""
    given: dict[str, str] = {}
    for option in options:
        column, sep, field = option.rpartition("=")
        if not sep or not column.strip() or not field.strip():
            raise ValidationError("map", _('Write --map as "Column=field", like "GSM=phone".'))
        given[" ".join(column.split())] = field.strip()
    return given


# --- saved mappings ----------------------------------------------------------------------------


def _mappings_path() -> Path:
    return paths.config_dir() / MAPPINGS_FILE


def _saved() -> dict[str, dict[str, object]]:
    try:
        data = json.loads(_mappings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_mapping(name: str, mapping: ColumnMapping, table: Table) -> None:
    """Keep `mapping` of `table`'s columns under `name` (replacing one of that name); the
    columns left out are saved as left out."""
    name = name.strip()
    if not name:
        raise ValidationError("mapping", _("Give the saved mapping a name."))
    data = _saved()
    columns = dict.fromkeys(table.columns, IGNORE) | dict(mapping.fields)
    data[name] = {"kind": mapping.kind, "columns": columns}
    path = _mappings_path()
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(partial, path)


def saved_mapping(name: str, kind: str) -> dict[str, str]:
    """The columns of the mapping saved as `name` for imports of `kind` (column → field)."""
    entry = _saved().get(name.strip())
    columns = entry.get("columns") if isinstance(entry, dict) else None
    if not isinstance(entry, dict) or entry.get("kind") != kind or not isinstance(columns, dict):
        names = ", ".join(saved_mapping_names(kind)) or "—"
        raise NotFound(
            _("No mapping is saved as “{name}”; the saved ones: {names}.").format(
                name=name, names=names
            )
        )
    return {str(column): str(field) for column, field in columns.items()}


def saved_mapping_names(kind: str) -> list[str]:
    return sorted(
        name
        for name, entry in _saved().items()
        if isinstance(entry, dict) and entry.get("kind") == kind
    )


def apply_saved(table: Table, saved: Mapping[str, str], kind: str) -> ColumnMapping:
    """A saved mapping on a new file: its columns that the file has, the headers' guesses for
    the others (a saved column absent from this file is left out)."""
    given = {column: field for column, field in saved.items() if column in table.columns}
    return propose_mapping(table, kind, given=given)
