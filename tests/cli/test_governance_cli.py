"""A general assembly run from the command line, as a script would drive it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR, Role
from nassij_desktop.core.users.services import create_user
from nassij_desktop.storage import Database


def test_convene_attend_resolve_elect_and_see_the_declaration_due(
    tmp_path: Path, nassij: Callable[..., Any]
) -> None:
    def ok(*args: str) -> str:
        result = nassij(*args)
        assert result.returncode == 0, result.stderr
        return str(result.stdout)

    db = str(tmp_path / "assoc.sqlite")
    ok("--db", db, "init", "--name-ar", "جمعية الأمل", "--name-fr", "Association Al Amal")
    numbers = []
    for last in ("Alaoui", "Bennani", "Chraibi"):
        ok("--db", db, "members", "add", "--last-name-lat", last, "--first-name-lat", "Sara")
    listing = json.loads(ok("--db", db, "members", "list", "--format", "json"))
    numbers = [row["number"] for row in listing]
    held_on = clock.today()
    out = ok(
        "--db", db, "assembly", "convene", "--date", held_on.strftime("%d/%m/%Y"),
        "--time", "15:00", "--place", "Maison des jeunes", "--item", "Moral report",
        "--item", "Election of the board",
    )  # fmt: skip
    assert "1" in out
    # An assembly is held on its day, not before: its papers would predate the meeting.
    later = (held_on + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    ok("--db", db, "assembly", "convene", "--date", later, "--place", "Siège", "--item", "Bilan")
    early = nassij("--db", db, "assembly", "open", "2")
    assert early.returncode == 1 and later in early.stderr
    ok("--db", db, "assembly", "open", "1")
    ok("--db", db, "assembly", "attend", "1", numbers[0], "present")
    ok("--db", db, "assembly", "attend", "1", numbers[1], "proxy", "--proxy", numbers[0])
    refused = nassij(
        "--db", db, "assembly", "attend", "1", numbers[2], "proxy", "--proxy", numbers[0]
    )
    assert refused.returncode == 1 and "proxy_holder_id" in refused.stderr
    assert "Traceback" not in refused.stderr
    ok("--db", db, "assembly", "resolve", "1", "Approve the moral report", "--for", "2")
    too_many = nassij("--db", db, "assembly", "resolve", "1", "Again", "--for", "3")
    assert too_many.returncode == 1 and "votes_for" in too_many.stderr
    elected = ok(
        "--db", db, "assembly", "elect", "1", "--seat", f"president={numbers[0]}",
        "--seat", f"treasurer={numbers[1]}",
    )  # fmt: skip
    due = held_on + dt.timedelta(days=30)
    assert due.isoformat() in elected
    board = json.loads(
        ok("--db", db, "board", "show", "--date", held_on.strftime("%d/%m/%Y"), "--format", "json")
    )
    assert [(row["number"], row["since"]) for row in board] == [
        (numbers[0], held_on.isoformat()),
        (numbers[1], held_on.isoformat()),
    ]
    shown = ok("--db", db, "assembly", "show", "1")
    assert "Quorum reached" in shown and "Approve the moral report" in shown
    pending = json.loads(ok("--db", db, "declarations", "list", "--pending", "--format", "json"))
    assert pending == [{"id": "1", "kind": "board_change", "due": due.isoformat(), "late": ""}]
    ok("--db", db, "assembly", "close", "1")
    assemblies = json.loads(ok("--db", db, "assembly", "list", "--format", "json"))
    assert sorted(a["state"] for a in assemblies) == ["closed", "convened"]


def test_the_quorum_is_given_as_the_statutes_state_it(
    tmp_path: Path, nassij: Callable[..., Any]
) -> None:
    def ok(*args: str) -> str:
        result = nassij(*args)
        assert result.returncode == 0, result.stderr
        return str(result.stdout)

    db = str(tmp_path / "assoc.sqlite")
    ok("--db", db, "init", "--name-ar", "جمعية الأمل", "--name-fr", "Association Al Amal")
    for last in ("Alaoui", "Bennani", "Chraibi", "Daoudi", "El Fassi", "Filali", "Guessous"):
        ok(
            "--db", db, "members", "add", "--last-name-lat", last, "--first-name-lat", "Sara",
            "--join-date", "05/01/2020",
        )  # fmt: skip
    held_on = (clock.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    for quorum in ("2/3", "66 %"):
        ok(
            "--db", db, "assembly", "convene", "--date", held_on, "--place", "Salle",
            "--item", "Moral report", "--quorum", quorum,
        )  # fmt: skip
    # 7 voting members: two thirds is 5 (4.67 rounded up); 66 % is 5 as well (4.62).
    assert "needed: 5 (2/3)" in ok("--db", db, "assembly", "show", "1")
    assert "needed: 5 (66\u202f%)" in ok("--db", db, "assembly", "show", "2")
    refused = nassij(
        "--db", db, "assembly", "convene", "--date", held_on, "--place", "Salle",
        "--item", "Moral report", "--quorum", "3/2",
    )  # fmt: skip
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "quorum" in refused.stderr
    assert len(json.loads(ok("--db", db, "assembly", "list", "--format", "json"))) == 2


def test_the_proxy_limit_is_shown_to_a_reader_and_changed_by_an_administrator(
    database: Database, nassij: Callable[..., Any]
) -> None:
    password = "mot-de-passe-1"
    with database.transaction() as session:
        create_user(session, CLI_ACTOR, "admin", "Admin", password, Role.ADMIN)
        create_user(session, CLI_ACTOR, "amina", "Amina", password, Role.SECRETARY)
    db = str(database.path)
    database.close()

    def run(login: str, *args: str) -> Any:
        env = {"NASSIJ_USER": login, "NASSIJ_USER_PASSWORD": password}
        return nassij("--db", db, "assembly", "proxies", *args, env=env)

    shown = run("amina")
    assert shown.returncode == 0 and shown.stdout == "A member present may hold 1 proxy.\n"
    refused = run("amina", "3")  # who records the attendance does not set the limit
    assert refused.returncode == 1 and "Secretary" in refused.stderr
    wrong = run("admin", "21")
    assert wrong.returncode == 1 and "from 0 to 20" in wrong.stderr
    changed = run("admin", "3")
    assert changed.returncode == 0 and changed.stdout == "A member present may hold 3 proxies.\n"
    assert run("admin", "0").stdout == "A member present may hold no proxy.\n"
