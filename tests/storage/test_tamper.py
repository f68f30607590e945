"""A file changed behind the application's back (with `sqlite3`) is found out: `check` names
the altered audit entry, the foreign trigger or view, the crafted setting, the unreadable
value; the other commands refuse with a sentence instead of an "unexpected error"."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from nassij_desktop.cli import main
from nassij_desktop.core.common.audit import verify_audit_chain
from nassij_desktop.storage import open_database
from tests.shared_files import copy_of
from tests.support import private_environment


def _sql(path: Path, *statements: str) -> None:
    """Change the file the way the review did: the stdlib sqlite3 module, no application."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        for statement in statements:
            connection.execute(statement)
        connection.commit()


def _one(path: Path, query: str) -> object:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return connection.execute(query).fetchone()[0]


def _run(capsys: pytest.CaptureFixture[str], path: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(path), *argv])
    out, err = capsys.readouterr()
    # Bidi isolates (around names, for Arabic screens) are not the point here.
    return code, out.translate(_NO_ISOLATES), err.translate(_NO_ISOLATES)


_NO_ISOLATES = dict.fromkeys(range(0x2066, 0x206A))


@pytest.fixture(scope="module")
def records_template(association_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An association file with members and a dues payment, written through the CLI once for
    the module: each test alters its own copy (`records`)."""
    folder = tmp_path_factory.mktemp("records")
    path = copy_of(association_template, folder, "records.sqlite")
    with private_environment(folder / "nassij-data"):
        for first, last, phone in [
            ("أحمد", "بن علي", "0612345678"),
            ("سعاد", "الناصري", "0698765432"),
            ("يوسف", "العلوي", "0661112233"),
        ]:
            names = ["--first-name-ar", first, "--last-name-ar", last, "--phone", phone]
            assert main(["--db", str(path), "members", "add", *names]) == 0
        assert main(["--db", str(path), "dues", "record", "000001", *_dues_args()]) == 0
    return path


@pytest.fixture
def records(records_template: Path, tmp_path: Path) -> Path:
    return copy_of(records_template, tmp_path, "records.sqlite")


def _dues_args() -> list[str]:
    return ["--year", "2026", "--amount", "100,00", "--method", "cash", "--date", "05/01/2026"]


def _audit_ids(path: Path) -> list[int]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute("SELECT id FROM audit_log ORDER BY id")]


def test_a_file_written_only_by_the_application_is_sound(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code, out, _err = _run(capsys, records, "check")
    assert code == 0, out
    assert "The file is sound." in out
    assert "audit log unaltered (hash chain)" in out
    assert "structure made by Nassij Desktop only" in out
    assert len(_audit_ids(records)) >= 5
    assert _one(records, "SELECT count(*) FROM audit_log WHERE hash IS NULL") == 0


def test_an_edited_audit_entry_is_named_by_check(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _audit_ids(records)
    middle = ids[len(ids) // 2]
    _sql(records, f"UPDATE audit_log SET login = 'someone-else' WHERE id = {middle}")
    code, out, _err = _run(capsys, records, "check")
    assert code == 1
    assert f"PROBLEM: The audit log was tampered with: entry {middle} was altered" in out


def test_a_deleted_audit_entry_in_the_middle_is_named_by_check(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _audit_ids(records)
    gone = ids[2]
    _sql(records, f"DELETE FROM audit_log WHERE id = {gone}")
    code, out, _err = _run(capsys, records, "check")
    assert code == 1
    assert f"entries were deleted just before entry {ids[3]} (after entry {ids[1]})" in out, out


def test_editing_the_last_audit_entry_is_found(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last = _audit_ids(records)[-1]
    _sql(records, f"UPDATE audit_log SET \"after\" = '{{}}' WHERE id = {last}")
    code, out, _err = _run(capsys, records, "check")
    assert code == 1
    assert f"entry {last} was altered" in out


def test_a_reseal_of_the_edited_row_alone_still_breaks_the_next_link(records: Path) -> None:
    # Whoever edits a row and copies a neighbour's seal into it moves the break, not hides it.
    ids = _audit_ids(records)
    _sql(
        records,
        f"UPDATE audit_log SET hash = (SELECT hash FROM audit_log WHERE id = {ids[2]}) "
        f"WHERE id = {ids[1]}",
    )
    database = open_database(records)
    try:
        with database.engine.connect() as connection:
            problem = verify_audit_chain(connection)
    finally:
        database.close()
    assert problem is not None and problem.entry_id == ids[1] and problem.kind == "altered"


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        (  # the review's first trigger: every new audit row vanishes
            "CREATE TRIGGER forget AFTER INSERT ON audit_log "
            "BEGIN DELETE FROM audit_log WHERE id = new.id; END",
            "unknown trigger forget on table audit_log",
        ),
        (  # the second: each dues payment rewrites the member's phone
            "CREATE TRIGGER reroute AFTER INSERT ON dues_payment BEGIN UPDATE member "
            "SET phone = '0700000000' WHERE id = new.member_id; END",
            "unknown trigger reroute on table dues_payment",
        ),
        ("CREATE VIEW everyone AS SELECT * FROM member", "unknown view everyone"),
    ],
)
def test_a_foreign_trigger_or_view_is_refused_and_reported(
    records: Path, capsys: pytest.CaptureFixture[str], statement: str, named: str
) -> None:
    _sql(records, statement)
    phone = _one(records, "SELECT phone FROM member WHERE number = '000002'")

    code, _out, err = _run(capsys, records, "dues", "record", "000002", *_dues_args())
    assert code == 1
    assert "holds structure that Nassij Desktop did not create" in err
    assert named in err
    assert "Traceback" not in err
    assert _one(records, "SELECT phone FROM member WHERE number = '000002'") == phone
    assert _one(records, "SELECT count(*) FROM dues_payment") == 1

    code, out, _err = _run(capsys, records, "check")
    assert code == 1
    assert f"The file's structure was changed outside Nassij Desktop: {named}." in out


def test_a_table_whose_constraint_was_removed_is_reported(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Rebuild `setting` without its UNIQUE(key), as a tool that "repairs" tables would.
    _sql(
        records,
        "CREATE TABLE setting_copy (id INTEGER NOT NULL PRIMARY KEY, key VARCHAR(100) NOT NULL, "
        "value TEXT NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, "
        "version INTEGER NOT NULL)",
        "INSERT INTO setting_copy SELECT id, key, value, created_at, updated_at, version "
        "FROM setting",
        "DROP TABLE setting",
        "ALTER TABLE setting_copy RENAME TO setting",
    )
    code, out, _err = _run(capsys, records, "check")
    assert code == 1
    assert "table setting was changed (a column or a constraint differs)" in out


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("members.number_width", "50000000", "a whole number from 1 to 12"),
        ("members.number_width", "{not json", "readable JSON text"),
        ("members.number_width", '"6"', "a whole number from 1 to 12"),
    ],
)
def test_a_crafted_setting_stops_members_add_with_a_sentence_and_check_names_it(
    records: Path, capsys: pytest.CaptureFixture[str], key: str, raw: str, expected: str
) -> None:
    _sql(
        records,
        f"UPDATE setting SET value = '{raw.replace(chr(39), chr(39) * 2)}' WHERE key = '{key}'",
    )
    size = records.stat().st_size

    code, _out, err = _run(
        capsys, records, "members", "add", "--first-name-ar", "مريم", "--last-name-ar", "الإدريسي"
    )
    assert code == 1
    assert f"The setting {key} in this file holds {raw}, which is not {expected}" in err
    assert "unexpected error" not in err
    assert _one(records, "SELECT count(*) FROM member") == 3
    assert records.stat().st_size <= size + 64 * 1024  # no 253 MB member number

    code, out, _err = _run(capsys, records, "check")
    assert code == 1
    assert f"PROBLEM: The setting {key} in this file holds" in out


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        (
            "UPDATE member SET status = 'zombie' WHERE number = '000002'",
            "Row 2 of member: status holds zombie, which is not one of its choices.",
        ),
        (
            "UPDATE member SET join_date = '2024-02-30' WHERE number = '000002'",
            "Row 2 of member: join_date holds 2024-02-30, which is not a valid date.",
        ),
    ],
)
def test_an_unreadable_member_value_ends_members_list_with_a_sentence_and_check_names_the_row(
    records: Path, capsys: pytest.CaptureFixture[str], statement: str, problem: str
) -> None:
    _sql(records, statement)
    assert _one(records, "SELECT id FROM member WHERE number = '000002'") == 2

    code, _out, err = _run(capsys, records, "members", "list")
    assert code == 1
    assert "The file holds a value this version cannot read" in err
    assert "run `nassij check` to find it" in err
    assert "unexpected error" not in err

    code, out, _err = _run(capsys, records, "check")
    assert code == 1
    assert f"PROBLEM: {problem}" in out


def test_an_unreadable_instant_stops_a_write_on_that_member_and_check_names_it(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _sql(records, "UPDATE member SET updated_at = 'yesterday' WHERE number = '000002'")

    code, _out, err = _run(capsys, records, "dues", "record", "000002", *_dues_args())
    assert code == 1
    assert "The file holds a value this version cannot read" in err
    assert _one(records, "SELECT count(*) FROM dues_payment") == 1

    code, out, _err = _run(capsys, records, "check")
    assert code == 1
    assert (
        "PROBLEM: Row 2 of member: updated_at holds yesterday, which is not a valid date and time."
        in out
    )


@pytest.mark.parametrize(
    ("statement", "column", "kind"),
    [
        ("UPDATE dues_payment SET amount = 10000.5", "amount", "an amount in whole centimes"),
        ("UPDATE dues_payment SET amount = 'cent dirhams'", "amount", "an amount in whole"),
        ("UPDATE dues_payment SET method = 'bitcoin'", "method", "one of its choices"),
        ("UPDATE dues_payment SET paid_on = '2026-13-05'", "paid_on", "a valid date"),
    ],
)
def test_an_unreadable_dues_value_ends_the_receipt_with_a_sentence_and_check_names_the_row(
    records: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    statement: str,
    column: str,
    kind: str,
) -> None:
    _sql(records, statement)
    row = _one(records, "SELECT id FROM dues_payment")

    out_pdf = tmp_path / "receipt.pdf"
    code, _out, err = _run(
        capsys, records, "report", "dues-receipt", "--lang", "fr", "--out", str(out_pdf)
    )
    assert code == 1
    assert "The file holds a value this version cannot read" in err
    assert "unexpected error" not in err

    code, out, _err = _run(capsys, records, "check")
    assert code == 1
    assert f"PROBLEM: Row {row} of dues_payment: {column} holds" in out
    assert kind in out


def test_check_names_a_broken_amount_and_still_checks_the_balance(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _sql(records, "UPDATE journal_line SET debit = 100.5 WHERE debit > 0")
    code, out, _err = _run(capsys, records, "check")
    assert code == 1
    assert "journal_line: debit holds 100.5" in out
    assert "is not balanced" in out


def test_the_chain_goes_on_after_a_check_and_more_writes(
    records: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(records), "dues", "record", "000002", *_dues_args()]) == 0
    code, out, _err = _run(capsys, records, "check")
    assert code == 0, out
