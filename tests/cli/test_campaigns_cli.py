"""`nassij campaigns …`: a campaign recorded, gifts collected under it (`donations record
--campaign`, `campaigns link`), closed with its totals, listed in each format; a refusal is one
sentence naming the problem, exit 1; the declaration before a distribution in kind."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import Nassij


@pytest.fixture
def db(tmp_path: Path, nassij: Nassij) -> str:
    path = str(tmp_path / "assoc.sqlite")
    assert (
        nassij("--db", path, "init", "--name-ar", "جمعية الأمل", "--name-fr", "Al Amal").returncode
        == 0
    )
    return path


def ok(nassij: Nassij, *argv: str) -> str:
    result = nassij(*argv)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _add(nassij: Nassij, db: str, *extra: str) -> str:
    return ok(
        nassij, "--db", db, "campaigns", "add", "--number", "2025/417",
        "--authorised-on", "10/02/2025", "--authority", "governor",
        "--start", "01/03/2025", "--end", "31/03/2025",
        "--purpose-ar", "قفة رمضان", "--purpose-fr", "Paniers du Ramadan", *extra,
    )  # fmt: skip


def test_a_campaign_collects_gifts_and_closes_with_its_totals(db: str, nassij: Nassij) -> None:
    out = _add(nassij, db, "--bank-account", "Banque Populaire Fès 181 270")
    assert out.strip() == "Campaign 1 recorded; its report is due on 30/04/2025"
    ok(
        nassij, "--db", db, "donations", "record", "--donor", "Karim Alaoui", "--amount", "1500",
        "--date", "05/03/2025", "--campaign", "1",
    )  # fmt: skip
    out = ok(
        nassij, "--db", db, "donations", "record", "--donor", "Minoterie du Saïs",
        "--amount", "2400", "--date", "12/03/2025", "--kind", "company",
        "--in-kind", "200 kg de farine", "--in-kind-account", "6111",
    )  # fmt: skip
    receipt = out.strip().rsplit(" ", 1)[-1]
    out = ok(nassij, "--db", db, "campaigns", "link", "1", receipt)
    assert out.strip() == f"Gift {receipt} counted in campaign 1: 3,900.00 collected so far"

    refused = nassij("--db", db, "campaigns", "close", "1", "--date", "20/03/2025")
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.strip().endswith(
        "The campaign runs until 31/03/2025: to close it before, an administrator gives the reason."
    )
    ok(
        nassij, "--db", db, "campaigns", "close", "1", "--date", "03/04/2025",
        "--used", "3500", "--uses-fr", "120 paniers distribués",
        "--remainder-fr", "Reporté sur la campagne suivante",
    )  # fmt: skip
    [row] = json.loads(ok(nassij, "--db", db, "campaigns", "list", "--format", "json"))
    assert {k: row[k] for k in ("status", "gifts", "cash", "in_kind", "used", "remainder")} == {
        "status": "closed",
        "gifts": "2",
        "cash": "1500.00",
        "in_kind": "2400.00",
        "used": "3500.00",
        "remainder": "400.00",
    }
    assert row["report_due"] == "2025-04-30" and row["authority"] == "governor"
    [csv_row] = list(
        csv.DictReader(io.StringIO(ok(nassij, "--db", db, "campaigns", "list", "--format", "csv")))
    )
    assert csv_row["authorisation"] == "2025/417"
    table = ok(nassij, "--db", db, "--lang", "fr", "campaigns", "list")
    assert "Clôturée" in table and "gouverneur" in table.lower()
    assert ok(nassij, "--db", db, "campaigns", "list", "--status", "open", "--format", "json") == (
        "[]\n"
    )


def test_refusals_are_one_sentence(db: str, nassij: Nassij) -> None:
    bad = nassij(
        "--db", db, "campaigns", "add", "--number", "1", "--authorised-on", "10/02/2025",
        "--authority", "sgg", "--start", "01/02/2025", "--end", "28/02/2025",
        "--purpose-fr", "x", "--bank-account", "CIH",
    )  # fmt: skip
    assert bad.returncode == 1
    assert bad.stderr.strip().endswith(
        "A campaign cannot start before the date of its authorisation."
    )
    unknown = nassij(
        "--db", db, "campaigns", "add", "--number", "1", "--authorised-on", "10/02/2025",
        "--authority", "wali", "--start", "01/03/2025", "--end", "28/03/2025",
        "--purpose-fr", "x", "--treasury", "Caisse du souk",
    )  # fmt: skip
    assert unknown.returncode == 1
    assert "No bank account or cash box is named “Caisse du souk”." in unknown.stderr
    missing = nassij("--db", db, "campaigns", "close", "9")
    assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1
    usage = nassij("--db", db, "campaigns", "add", "--number", "1")
    assert usage.returncode == 2


def test_a_distribution_in_kind_is_declared_and_listed(db: str, nassij: Nassij) -> None:
    _add(nassij, db, "--bank-account", "Banque Populaire Fès")
    out = ok(
        nassij, "--db", db, "campaigns", "declare-distribution", "--declared-on", "20/03/2025",
        "--date", "28/03/2025", "--place", "Salle communale", "--nature", "Paniers alimentaires",
        "--quantity", "120 paniers", "--beneficiaries", "120", "--campaign", "1",
    )  # fmt: skip
    assert out.strip() == "Distribution 1 declared"
    [row] = json.loads(
        ok(nassij, "--db", db, "campaigns", "distributions", "--campaign", "1", "--format", "json")
    )
    assert (row["beneficiaries"], row["date"], row["quantity"]) == (
        "120",
        "2025-03-28",
        "120 paniers",
    )
    late = nassij(
        "--db", db, "campaigns", "declare-distribution", "--declared-on", "20/03/2025",
        "--date", "19/03/2025", "--place", "x", "--nature", "y", "--quantity", "1",
        "--beneficiaries", "3",
    )  # fmt: skip
    assert late.returncode == 1
    assert late.stderr.strip().endswith("The distribution is declared before it takes place.")
