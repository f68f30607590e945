"""The declarations of foreign funding to the SGG inside `declarations list|file`.

`declarations list` shows them among the declarations to the local authority, in the same
columns: the id is `SGG-N` (N the declaration's number), the kind says foreign funding, the
authority is the SGG and the receipt the reference it gave. `declarations file SGG-N --date D
--reference R` marks one filed. They are shown to those who may see the funding.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from nassij_desktop.cli.arguments import BadArgument
from nassij_desktop.core.common.errors import NotFound
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.funding.services import (
    SggDeclarationRecord,
    list_sgg_declarations,
    record_sgg_declaration,
)
from nassij_desktop.i18n import N_, _

PREFIX = "SGG-"
KIND = "foreign_funding"  # the kind column in CSV and JSON
KIND_LABEL = N_("Foreign funding received")
AUTHORITY = "SGG"
_ID = re.compile(r"sgg-?(\d+)", re.IGNORECASE)


def code(declaration_id: int) -> str:
    return f"{PREFIX}{declaration_id}"


def parse_id(text: str) -> int | None:
    """The number of `SGG-N` (any case), None for a declaration to the authority (a plain
    number); anything else is a usage error."""
    value = text.strip()
    if value.isdigit():
        return None
    match = _ID.fullmatch(value)
    if match is None:
        raise BadArgument(
            "ID",
            _(
                "Give the number of a declaration to the authority, or SGG-N for a "
                "declaration to the SGG, as `declarations list` shows them."
            ),
        )
    return int(match[1])


def _row(
    d: SggDeclarationRecord, *, pending: bool, table: bool, today: dt.date
) -> tuple[dt.date, list[Any]]:
    kind = _(KIND_LABEL) if table else KIND
    if pending:
        late = (_("overdue") if table else "overdue") if d.due_on < today else ""
        return d.due_on, [code(d.id), kind, d.due_on.isoformat(), late]
    filed = d.declared_on.isoformat() if d.declared_on else ""
    authority = _("SGG") if table else AUTHORITY
    return d.due_on, [code(d.id), kind, d.due_on.isoformat(), filed, authority, d.reference]


def with_sgg_declarations(
    session: Session,
    actor: Actor,
    rows: Sequence[list[Any]],
    dates: Sequence[dt.date | None],
    *,
    pending: bool,
    table: bool,
    today: dt.date,
) -> list[list[Any]]:
    """The authority's `rows` (each with its date in `dates`, in their order) and the SGG
    declarations merged by date: the earliest due first for `pending`, else the latest
    first, as the authority's lists are ordered."""
    if not actor.can(Permission.FUNDING_READ):
        return list(rows)
    keyed = list(zip((d or dt.date.min for d in dates), rows, strict=True))
    keyed += [
        _row(d, pending=pending, table=table, today=today)
        for d in list_sgg_declarations(session, actor, open_only=pending)
    ]
    # A stable sort keeps the authority's own order among rows of the same date.
    keyed.sort(key=lambda pair: pair[0], reverse=not pending)
    return [row for _date, row in keyed]


def file_sgg_declaration(
    session: Session,
    actor: Actor,
    declaration_id: int,
    declared_on: dt.date,
    reference: str | None,
) -> SggDeclarationRecord:
    for declaration in list_sgg_declarations(session, actor):
        if declaration.id == declaration_id:
            return record_sgg_declaration(
                session, actor, declaration.tranche_id, declared_on, reference
            )
    raise NotFound(_("There is no declaration {id} to the SGG.").format(id=code(declaration_id)))
