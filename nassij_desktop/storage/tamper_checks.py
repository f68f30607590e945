"""The checks `check()` runs for changes made to the file outside the application: the audit
log's hash chain, the structure (schema guard), the settings and the stored values."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import sqlalchemy as sa

from nassij_desktop.core.association.settings import invalid_settings
from nassij_desktop.core.common.audit import verify_audit_chain
from nassij_desktop.core.common.stored_values import invalid_stored_values
from nassij_desktop.core.models import metadata
from nassij_desktop.i18n import _
from nassij_desktop.storage.schema_guard import unexpected_objects

if TYPE_CHECKING:
    from nassij_desktop.storage.check import CheckReport


def _audit_chain(connection: sa.Connection) -> list[str]:
    problem = verify_audit_chain(connection)
    return [problem.message] if problem else []


def _structure(connection: sa.Connection) -> list[str]:
    return [
        _("The file's structure was changed outside Nassij Desktop: {problem}.").format(
            problem=problem
        )
        for problem in unexpected_objects(connection)
    ]


def add_tamper_checks(connection: sa.Connection, report: CheckReport) -> None:
    """Run each check; one that cannot read its part of the file says so and the others run."""
    checks: list[tuple[str, Callable[[sa.Connection], list[str]]]] = [
        (_("structure made by Nassij Desktop only"), _structure),
        (_("audit log unaltered (hash chain)"), _audit_chain),
        (_("settings readable and in range"), invalid_settings),
        (
            _("stored values readable (choices, dates, amounts)"),
            lambda c: invalid_stored_values(c, metadata),
        ),
    ]
    for item, run in checks:
        try:
            report.problems.extend(run(connection))
        except sa.exc.DBAPIError:
            report.problems.append(
                _("This check could not read its part of the file: {item}.").format(item=item)
            )
        report.checked.append(item)
