"""`nassij books close --year Y [--without-reconciliation] [--reason TEXT]` goes through the
closing checks: a bank not reconciled refuses the close in one line, the waiver closes and is
audited with its reason."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from nassij_desktop.core.books.models import FiscalYear, FiscalYearStatus, TreasuryKind
from nassij_desktop.core.books.services import (
    EntryData,
    LineSpec,
    create_treasury_account,
    post_entries,
)
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import open_database
from tests.conftest import Nassij


def _file(association_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "assoc.sqlite"
    shutil.copyfile(association_template, path)
    database = open_database(path)
    with database.transaction() as session:
        create_treasury_account(session, CLI_ACTOR, "Banque Populaire", TreasuryKind.BANK, "5141")
        post_entries(
            session,
            CLI_ACTOR,
            [
                EntryData(
                    "BQ",
                    dt.date(2025, 5, 2),
                    "Subvention",
                    [LineSpec("5141", debit=Decimal(900)), LineSpec("7161", credit=Decimal(900))],
                    reference="CONV-1",
                )
            ],
        )
    database.close()
    return path


def test_the_close_command_refuses_an_unreconciled_bank_then_records_the_waiver(
    nassij: Nassij, association_template: Path, tmp_path: Path
) -> None:
    path = _file(association_template, tmp_path)
    refused = nassij("--db", str(path), "books", "close", "--year", "2025")
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1
    assert "not reconciled" in refused.stderr
    done = nassij(
        "--db",
        str(path),
        "books",
        "close",
        "--year",
        "2025",
        "--without-reconciliation",
        "--reason",
        "Relevé attendu",
    )
    assert (done.returncode, done.stdout) == (0, "Fiscal year 2025 closed\n"), done.stderr
    database = open_database(path)
    with database.session() as session:
        status = session.scalar(sa.select(FiscalYear.status).where(FiscalYear.label == "2025"))
        assert status is FiscalYearStatus.CLOSED
        waiver = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "close-without-reconciliation")
        ).one()
        assert json.loads(waiver.after or "{}") == {"reason": "Relevé attendu"}
    database.close()
