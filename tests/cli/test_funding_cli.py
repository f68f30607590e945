"""Funders, funding requests and their tranches from the command line, on real files signed in
as their users: a request from draft to closed with two tranches in the books, a foreign receipt
whose declaration to the SGG is listed and filed, the lists in the three formats, the values
refused as usage (exit 2) and the volunteer refused by the services."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from nassij_desktop.core.books.entries import find_entry
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.i18n import _, set_language
from nassij_desktop.storage import open_database
from tests.conftest import Nassij
from tests.shared_files import command_file, copy_of
from tests.support import DemoFile

ADMIN = {"NASSIJ_USER": "amina", "NASSIJ_USER_PASSWORD": "secret-pass-1"}
VOLUNTEER = {"NASSIJ_USER": "karim", "NASSIJ_USER_PASSWORD": "secret-pass-2"}
TODAY = clock.today()


def day(days_ago: int) -> dt.date:
    """A past day of this year (the books' current fiscal year), `days_ago` days back at most."""
    return max(TODAY - dt.timedelta(days=days_ago), dt.date(TODAY.year, 1, 1))


def typed(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


@pytest.fixture
def db(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> str:
    """A new association file with two accounts: amina (the first: administrator) and karim,
    a volunteer. Made by the command once (`init` migrates for a second), each test given its
    own copy."""
    steps: list[tuple[list[str], dict[str, str]]] = [
        (["init", "--name-ar", "جمعية الأمل", "--name-fr", "Al Amal"], {}),
    ]
    for login, role, password, env in (
        ("amina", "admin", "secret-pass-1", {}),
        ("karim", "volunteer", "secret-pass-2", ADMIN),
    ):
        arguments = ["users", "add", login, "--name", login.title(), "--role", role]
        steps.append((arguments, {"NASSIJ_PASSWORD": password, **env}))
    template = command_file(tmp_path_factory, "init-al-amal-amina-karim.sqlite", steps)
    return str(copy_of(template, tmp_path, "assoc.sqlite"))


def ok(nassij: Nassij, db: str, *args: str) -> str:
    result = nassij("--db", db, *args, env=ADMIN)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def as_json(nassij: Nassij, db: str, *args: str) -> list[dict[str, str]]:
    rows = json.loads(ok(nassij, db, *args, "--format", "json"))
    assert isinstance(rows, list)
    return rows


def test_a_request_goes_from_draft_to_closed_with_two_tranches_in_the_books(
    nassij: Nassij, db: str
) -> None:
    assert ok(
        nassij, db, "funders", "add", "--name-fr", "INDH Tiznit",
        "--name-ar", "المبادرة الوطنية للتنمية البشرية", "--acronym", "INDH", "--kind", "indh",
        "--contact", "Mme Idrissi", "--phone", "0528 86 12 34",
    ) == "Added funder 1: INDH Tiznit\n"  # fmt: skip
    funders = as_json(nassij, db, "funders", "list")
    assert [(f["id"], f["kind"], f["foreign"], f["country"]) for f in funders] == [
        ("1", "indh", "false", "MA")
    ]
    assert ok(
        nassij, db, "requests", "add", "--funder", "indh", "--title", "Eau potable à Tafraout",
        "--amount", "120 000,00", "--date", typed(day(30)),
    ) == "Funding request 1 recorded as a draft.\n"  # fmt: skip

    steps = [
        ("submitted", day(28), ()),
        ("under_review", day(25), ("--note", "Dossier complet")),
        ("granted", day(20), ("--amount-granted", "100 000")),
        ("agreement_signed", day(18), ("--agreement-number", "CONV-INDH-2026-07")),
    ]
    for status, when, extra in steps:
        said = ok(nassij, db, "requests", "status", "1", status, "--date", typed(when), *extra)
        assert said.startswith("Request 1 is now: ")
    # Statuses only go forward: a granted request does not go back to a draft.
    back = nassij("--db", db, "requests", "status", "1", "draft", env=ADMIN)
    assert (back.returncode, back.stderr) == (
        1,
        "nassij: A request that is Agreement signed cannot become Draft.\n",
    )
    planned = [
        ok(nassij, db, "requests", "tranche", "1", "--amount", amount, "--due", typed(due))
        for amount, due in (("60000", day(15)), ("40 000", day(5)))
    ]
    assert planned == [
        "Tranche 1 of request 1 planned: 60,000.00 MAD (tranche 1).\n",
        "Tranche 2 of request 1 planned: 40,000.00 MAD (tranche 2).\n",
    ]
    codes = []
    for tranche, amount, when in (("1", "60000", day(14)), ("2", "40000", day(4))):
        said = ok(
            nassij, db, "requests", "receive", tranche, "--date", typed(when), "--amount", amount
        )
        match = re.fullmatch(
            r"Tranche \d received: ([\d,.]+) MAD, entry (\S+) in the books\.\n", said
        )
        assert match is not None, said
        codes.append(match[2])
    assert len(set(codes)) == 2

    # The books hold the two receipts, each line naming the funder, the kind of aid and the
    # agreement (what the circular on public aid asks of every line).
    database = open_database(db)
    try:
        with database.session() as session:
            entries = [find_entry(session, CLI_ACTOR, code) for code in codes]
    finally:
        database.close()
    assert [e.total for e in entries] == [60000, 40000]
    for entry in entries:
        assert entry.reference == "CONV-INDH-2026-07"
        assert {line.funder_id for line in entry.lines} == {1}
        assert {line.agreement_number for line in entry.lines} == {"CONV-INDH-2026-07"}
        assert {line.agreement_date for line in entry.lines} == {day(18)}
        assert all(line.aid_kind for line in entry.lines)
        assert {line.account[:4] for line in entry.lines if line.credit} == {"7161"}

    tranches = as_json(nassij, db, "requests", "tranches", "1")
    assert [(t["number"], t["received_on"], t["amount_mad"], t["entry"]) for t in tranches] == [
        ("1", day(14).isoformat(), "60000.00", codes[0]),
        ("2", day(4).isoformat(), "40000.00", codes[1]),
    ]
    assert all(t["sgg_due"] == "" for t in tranches)  # a Moroccan funder: nothing to declare
    ok(nassij, db, "requests", "status", "1", "in_progress", "--date", typed(day(4)))
    assert ok(nassij, db, "requests", "status", "1", "closed") == "Request 1 is now: Closed\n"

    (closed,) = as_json(nassij, db, "requests", "list", "--status", "closed", "--funder", "INDH")
    assert closed == {
        "id": "1",
        "funder": "INDH Tiznit",
        "title": "Eau potable à Tafraout",
        "status": "closed",
        "currency": "MAD",
        "requested": "120000.00",
        "granted": "100000.00",
        "received_mad": "100000.00",
        "submitted": day(28).isoformat(),
        "agreement": "CONV-INDH-2026-07",
        "agreement_date": day(18).isoformat(),
    }
    assert as_json(nassij, db, "requests", "list", "--status", "draft") == []
    table = ok(nassij, db, "requests", "list")
    assert "100,000.00" in table and typed(day(28)) in table and "Closed" in table
    shown = ok(nassij, db, "requests", "show", "1").splitlines()
    assert [line.split(maxsplit=1)[1] for line in shown[3:]] == [
        "Draft", "Submitted", "Under review — Dossier complet", "Granted", "Agreement signed",
        "In progress", "Closed",
    ]  # fmt: skip
    # A closed request takes no more tranches: the service says so (exit 1, one line).
    refused = nassij("--db", db, "requests", "tranche", "1", "--amount", "10", env=ADMIN)
    assert refused.returncode == 1
    assert refused.stderr == "nassij: Only a granted request, not yet closed, has tranches.\n"


def test_a_foreign_receipt_opens_its_sgg_declaration_until_it_is_filed(
    nassij: Nassij, db: str
) -> None:
    said = ok(
        nassij, db, "funders", "add", "--name-fr", "Stiftung Wasser", "--acronym", "SW",
        "--kind", "foreign_ngo", "--country", "de", "--email", "kontakt@stiftung.example",
    )  # fmt: skip
    assert "declared to the SGG" in said
    ok(
        nassij, db, "requests", "add", "--funder", "SW", "--title", "Bibliothèque rurale",
        "--amount", "20000", "--currency", "EUR", "--date", typed(day(20)),
    )  # fmt: skip
    ok(nassij, db, "requests", "status", "1", "submitted", "--date", typed(day(19)))
    ok(
        nassij, db, "requests", "status", "1", "granted", "--date", typed(day(12)),
        "--amount-granted", "20000",
    )  # fmt: skip
    ok(nassij, db, "requests", "tranche", "1", "--amount", "20000")
    received = ok(
        nassij, db, "requests", "receive", "1", "--date", typed(day(10)), "--amount", "20000",
        "--rate", "10,85",
    ).splitlines()  # fmt: skip
    due = day(10) + dt.timedelta(days=30)  # the default delay (funding.sgg_declaration_days)
    assert received[0].startswith("Tranche 1 received: 217,000.00 MAD, entry BQ-")
    assert received[1] == f"Foreign funding: declare it to the SGG by {typed(due)}."

    pending = as_json(nassij, db, "declarations", "list", "--pending")
    late = "overdue" if due < TODAY else ""
    assert pending == [
        {"id": "SGG-1", "kind": "foreign_funding", "due": due.isoformat(), "late": late}
    ]
    table = ok(nassij, db, "declarations", "list", "--pending")
    assert "SGG-1" in table and "Foreign funding received" in table

    filed_on = day(2)
    assert ok(
        nassij, db, "declarations", "file", "sgg-1", "--date", typed(filed_on),
        "--reference", "SGG/2026/118",
    ) == f"Declaration SGG-1 to the SGG filed on {filed_on.isoformat()}.\n"  # fmt: skip
    assert as_json(nassij, db, "declarations", "list", "--pending") == []
    assert as_json(nassij, db, "declarations", "list") == [
        {
            "id": "SGG-1",
            "kind": "foreign_funding",
            "due": due.isoformat(),
            "filed": filed_on.isoformat(),
            "authority": "SGG",
            "receipt": "SGG/2026/118",
        }
    ]
    # Before the money came, the SGG could not have been told.
    early = nassij("--db", db, "declarations", "file", "SGG-1", "--date", typed(day(11)), env=ADMIN)
    assert early.returncode == 1 and early.stderr.startswith("nassij: declared_on: ")
    unknown = nassij("--db", db, "declarations", "file", "SGG-9", env=ADMIN)
    assert (unknown.returncode, unknown.stderr) == (
        1,
        "nassij: There is no declaration SGG-9 to the SGG.\n",
    )


def test_the_declarations_to_the_authority_and_to_the_sgg_are_listed_together(
    nassij: Nassij, demo_file: DemoFile
) -> None:
    """The demo association has both: the board's declaration and foreign tranches."""
    db = str(demo_file(members=60, seed=3))
    env = {"NASSIJ_USER": "admin", "NASSIJ_USER_PASSWORD": "demo-password"}
    result = nassij("--db", db, "declarations", "list", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    kinds = {row["kind"] for row in rows}
    assert "foreign_funding" in kinds and kinds - {"foreign_funding"}
    sgg = [row for row in rows if row["id"].startswith("SGG-")]
    assert sgg and all(row["authority"] == "SGG" for row in sgg)
    dates = [row["due"] or row["filed"] for row in rows]
    assert dates == sorted(dates, reverse=True)  # the latest first, as before
    requests = nassij("--db", db, "requests", "list", "--format", "csv", env=env)
    assert requests.returncode == 0, requests.stderr
    statuses = {row["status"] for row in csv.DictReader(io.StringIO(requests.stdout))}
    assert {"draft", "granted", "closed"} <= statuses
    funders = nassij("--db", db, "funders", "list", "--format", "json", env=env)
    assert "true" in {f["foreign"] for f in json.loads(funders.stdout)}


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("requests", "status", "1", "approved"), "NEW_STATUS"),
        (("requests", "list", "--status", "open"), "--status"),
        (("requests", "add", "--funder", "1", "--title", "X", "--amount", "douze"), "--amount"),
        (("requests", "add", "--funder", "1", "--title", "X", "--amount", "-5"), "--amount"),
        (("requests", "status", "1", "submitted", "--date", "31/02/2026"), "--date"),
        (("requests", "status", "1", "granted", "--amount-granted", "2O00"), "--amount-granted"),
        (("requests", "tranche", "1", "--amount", "100", "--due", "2026-13-01"), "--due"),
        (("requests", "receive", "1", "--amount", "100", "--date", "12/03/26"), "--date"),
        (("requests", "receive", "1", "--amount", "100", "--rate", "-10"), "--rate"),
        (("funders", "add", "--name-fr", "X", "--kind", "ministry"), "--kind"),
        (("declarations", "file", "SGG-x"), "ID"),
        (("declarations", "file", "SGG-1", "--date", "hier"), "--date"),
        (("declarations", "file", "SGG-1", "--receipt-date", "01/01/2026"), "--receipt-date"),
        (("declarations", "file", "1", "--date", "01/01/2026"), "--authority"),
    ],
)
def test_a_value_an_option_cannot_take_exits_2_naming_the_option(
    nassij: Nassij, db: str, args: tuple[str, ...], option: str
) -> None:
    result = nassij("--db", db, *args, env=ADMIN)
    assert result.returncode == 2
    assert result.stderr.startswith(f"nassij: {option}: ") and result.stderr.count("\n") == 1
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_the_refusals_are_in_the_users_language(nassij: Nassij, db: str) -> None:
    kind = nassij("--db", db, "--lang", "fr", "funders", "add", "--kind", "ministère", env=ADMIN)
    set_language("fr")
    try:
        problem = _("There is no kind of funder «{value}».").format(value="ministère")
        label = _("Foreign NGO or foundation")
    finally:
        set_language("en")
    assert kind.returncode == 2 and problem != "There is no kind of funder «ministère»."
    assert kind.stderr.startswith(f"nassij: --kind: {problem} ")
    assert f"foreign_ngo ({label})" in kind.stderr
    date = nassij(
        "--db", db, "--lang", "ar", "requests", "status", "1", "submitted", "--date", "32/01/2026",
        env=ADMIN,
    )  # fmt: skip
    assert date.returncode == 2 and date.stderr.startswith("nassij: --date: ")
    assert re.search("[\u0600-\u06ff]", date.stderr)


def test_a_volunteer_is_refused_by_the_services(nassij: Nassij, db: str) -> None:
    for args in (
        ("funders", "add", "--name-fr", "INDH", "--kind", "indh"),
        ("funders", "list"),
        ("requests", "list", "--format", "json"),
    ):
        result = nassij("--db", db, *args, env=VOLUNTEER)
        assert result.returncode == 1, args
        assert result.stderr.startswith("nassij: Your role (Volunteer) does not allow you to ")
        assert result.stdout == ""
    assert as_json(nassij, db, "funders", "list") == []  # nothing was written
