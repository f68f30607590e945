"""A damaged association file: `check` says so in a sentence, and `recover` saves into a new,
sound file every row that can still be read, leaving the damaged file byte for byte as it was.

The damage is made the way disks and copies make it (and the way the fault-injection review
did): 200 random bytes on page 300, a damaged page in the middle of the member table, a file
cut short at several lengths, a zeroed first page, a lost page of the list of tables. What
"can still be read" is measured independently: every row of the intact file is read again
from the damaged one by its rowid, directly with SQLite, and compared with the original.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from nassij_desktop.cli import main
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.demo.builder import DEMO_PASSWORD
from nassij_desktop.storage import check, migrate, open_database
from nassij_desktop.storage.damage import data_tables, diagnose_damage
from nassij_desktop.storage.database import create_engine_for, to_url
from nassij_desktop.storage.recover import RecoveryRefused, recover
from nassij_desktop.storage.schema_rescue import read_schema
from tests.shared_files import copy_of, shared_demo

MEMBERS = 3000
TODAY = dt.date(2026, 11, 24)
Rows = dict[str, dict[int, tuple[object, ...]]]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo association of a few thousand members, made once through the services."""
    template = shared_demo(tmp_path_factory, members=MEMBERS, seed=1, today=TODAY)
    return copy_of(template, tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def original_rows(demo_file: Path) -> Rows:
    return read_all(demo_file)


@pytest.fixture(autouse=True)
def signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    # The demo has accounts: `check` runs signed in, as a user would run it.
    monkeypatch.setenv("NASSIJ_USER", "admin")
    monkeypatch.setenv("NASSIJ_USER_PASSWORD", DEMO_PASSWORD)


# --- reading files directly -------------------------------------------------------------------


def connect(path: Path) -> sqlite3.Connection:
    # writable_schema lets SQLite read a file shorter than its header says (it writes nothing
    # on a read-only connection); immutable creates no -wal or -shm beside the file.
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    conn.execute("PRAGMA writable_schema=ON")
    return conn


def read_all(path: Path) -> Rows:
    with contextlib.closing(connect(path)) as conn:
        tables = data_tables(read_schema(conn))
        return {
            table: {row[0]: row[1:] for row in conn.execute(f'SELECT rowid, * FROM "{table}"')}
            for table in tables
            if table != "alembic_version"
        }


def readable_intact(path: Path, original: Rows) -> dict[str, set[int]]:
    """The rows a direct read by rowid still returns from the damaged file, equal to the
    original: what a recovery must keep at the least."""
    found: dict[str, set[int]] = {table: set() for table in original}
    try:
        conn = connect(path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        return found  # SQLite cannot read the file at all
    with contextlib.closing(conn):
        for table, rows in original.items():
            for rowid, row in rows.items():
                try:
                    got = conn.execute(
                        f'SELECT * FROM "{table}" WHERE rowid = ?', (rowid,)
                    ).fetchone()
                except sqlite3.Error:
                    continue
                if got == row:
                    found[table].add(rowid)
    return found


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- damage -----------------------------------------------------------------------------------


def page_size(path: Path) -> int:
    with contextlib.closing(connect(path)) as conn:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])


def pages_of(path: Path, name: str, kind: str) -> list[int]:
    """The pages of a table's b-tree, in key order."""
    with contextlib.closing(connect(path)) as conn:
        return [
            row[0]
            for row in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY path",
                (name, kind),
            )
        ]


def write_at(path: Path, offset: int, data: bytes) -> None:
    with path.open("r+b") as f:
        f.seek(offset)
        f.write(data)


def first_page_in_use(path: Path, from_page: int) -> int:
    """`from_page`, or the first page after it that a b-tree uses (a free page, which the
    demo's writes may leave anywhere, harms nothing when damaged)."""
    with contextlib.closing(connect(path)) as conn:
        return int(
            conn.execute(
                "SELECT min(pageno) FROM dbstat WHERE pageno >= ? AND pagetype IN "
                "('leaf', 'internal')",
                (from_page,),
            ).fetchone()[0]
        )


def review_damage(path: Path) -> None:
    """The review's: 200 random bytes written into page 300 (or the first page in use after
    it) — over its cells, which start where the page's header says: at a fixed offset the
    bytes could fall in the page's free gap, which harms nothing, as soon as the demo's rows
    move the page's layout."""
    size = page_size(path)
    start = (first_page_in_use(path, 300) - 1) * size
    with path.open("rb") as f:
        f.seek(start + 5)  # a b-tree page's header: where its cell content starts
        content = int.from_bytes(f.read(2), "big") or 65536
    write_at(path, start + min(content, size - 200), random.Random(300).randbytes(200))


def member_leaf_garbled(path: Path) -> None:
    """Random bytes over the cell pointers of a leaf in the middle of the member table."""
    leaves = pages_of(path, "member", "leaf")
    page = leaves[len(leaves) // 2]
    write_at(path, (page - 1) * page_size(path) + 8, random.Random(page).randbytes(200))


def member_leaf_zeroed(path: Path) -> None:
    leaves = pages_of(path, "member", "leaf")
    size = page_size(path)
    write_at(path, (leaves[len(leaves) // 3] - 1) * size, bytes(size))


def schema_page_zeroed(path: Path) -> None:
    """A page of the list of tables lost: the tables it named must still be found."""
    leaves = pages_of(path, "sqlite_schema", "leaf")
    size = page_size(path)
    write_at(path, (leaves[len(leaves) // 2] - 1) * size, bytes(size))


def first_page_zeroed(path: Path) -> None:
    write_at(path, 0, bytes(page_size(path)))


def cut_to(fraction: float) -> Callable[[Path], None]:
    def cut(path: Path) -> None:
        size = path.stat().st_size
        with path.open("r+b") as f:
            f.truncate(int(size * fraction) + 1234)  # mid-page, as a copy stops

    return cut


DAMAGE: dict[str, Callable[[Path], None]] = {
    "review_page_300": review_damage,
    "member_leaf_garbled": member_leaf_garbled,
    "member_leaf_zeroed": member_leaf_zeroed,
    "schema_page_zeroed": schema_page_zeroed,
    "first_page_zeroed": first_page_zeroed,
    "cut_at_three_quarters": cut_to(0.75),
    "cut_at_a_third": cut_to(1 / 3),
    "cut_at_a_twentieth": cut_to(1 / 20),
}
# SQLite cannot read these at all; the recovery rebuilds their list of tables from the pages.
SCHEMA_LOST = {"schema_page_zeroed", "first_page_zeroed"}


def damaged_copy(demo_file: Path, folder: Path, kind: str) -> Path:
    path = folder / "association.sqlite"
    shutil.copyfile(demo_file, path)
    DAMAGE[kind](path)
    return path


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--lang", "en", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# --- the tests --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_check_tells_the_damage_and_recover_saves_every_readable_row(
    kind: str,
    demo_file: Path,
    original_rows: Rows,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    damaged = damaged_copy(demo_file, tmp_path, kind)
    untouched = digest(damaged)
    intact = readable_intact(damaged, original_rows)

    code, said = run_cli(capsys, "--db", str(damaged), "check")
    assert code == 1, said
    assert "unexpected error" not in said.lower() and "Traceback" not in said, said
    assert "damaged" in said or "incomplete" in said or "not a database" in said, said
    if kind not in ("first_page_zeroed",):
        assert "recover" in said, said  # the way out is named
    assert digest(damaged) == untouched, "check changed the damaged file"

    new = tmp_path / "saved" / "recovered.sqlite"
    new.parent.mkdir()
    report = recover(damaged, new)

    assert digest(damaged) == untouched, "recover changed the damaged file"
    # Audit entries lost with the damage leave the history of changes incomplete, and the new
    # file says so (test_recover_command: exit 1); nothing else may be wrong with it.
    audit_lost = any(t.name == "audit_log" and not t.complete for t in report.tables)
    expected_problems = report.check.problems if audit_lost else []
    assert all("audit log" in p for p in expected_problems), report.check.problems
    assert report.ok or audit_lost, report.check.problems
    assert sorted(p.name for p in new.parent.iterdir()) == [new.name]  # one whole file
    database = open_database(new, create=False)
    try:
        assert check(database).problems == expected_problems
    finally:
        database.close()

    saved = read_all(new)
    for table, ids in intact.items():
        # Kept, unless left out (and counted) for a parent record or journal lines lost.
        missing = ids - set(saved[table])
        assert len(missing) <= report.left_out(table), (table, sorted(missing)[:10])
        assert len(saved[table]) == report.saved(table), table
    # The member table points only to intact tables: every readable member is kept as it was.
    members = saved["member"]
    assert intact["member"] <= set(members)
    assert all(members[i] == original_rows["member"][i] for i in intact["member"])
    if kind in SCHEMA_LOST:
        # Only the list of tables was hit: every member is still in the file's pages.
        assert set(members) == set(original_rows["member"])
    if kind == "member_leaf_zeroed":
        scan = next(t for t in report.tables if t.name == "member")
        lost = set(original_rows["member"]) - set(members)
        assert lost and scan.lost == len(lost)  # the estimate from the gap in the ids
        assert any(s.table == "dues_payment" and s.left_out for s in report.set_aside)


def test_the_damage_sentence_counts_what_can_be_read(demo_file: Path, tmp_path: Path) -> None:
    damaged = damaged_copy(demo_file, tmp_path, "member_leaf_zeroed")
    before = read_all(demo_file)["member"]
    readable = read_all_members_by_id(damaged, before)

    diagnosis = diagnose_damage(damaged)

    member = diagnosis.table("member")
    assert member is not None and member.rows == len(readable) < len(before)
    sentence = diagnosis.check_problem()
    assert f"{len(readable):,} of {len(before):,} members are readable" in sentence
    assert f"recover --out {tmp_path / 'association-recovered.sqlite'}" in sentence


def read_all_members_by_id(path: Path, original: dict[int, tuple[object, ...]]) -> set[int]:
    return readable_intact(path, {"member": original})["member"]


@pytest.mark.parametrize("size", [0, 50, 2000])
def test_a_file_with_nothing_left_is_refused_and_nothing_is_written(
    size: int, demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    damaged = work / "association.sqlite"
    damaged.write_bytes(demo_file.read_bytes()[:size])
    new = work / "recovered.sqlite"

    with pytest.raises(RecoveryRefused, match="Nothing of"):
        recover(damaged, new)
    code, said = run_cli(capsys, "--db", str(damaged), "recover", "--out", str(new))

    assert code == 1 and said.count("\n") == 1 and "Traceback" not in said, said
    assert not new.exists()
    assert sorted(p.name for p in work.iterdir()) == [damaged.name]
    assert damaged.read_bytes() == demo_file.read_bytes()[:size]


def test_the_recovered_file_is_never_written_over_an_existing_one_or_the_file_itself(
    demo_file: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    damaged = damaged_copy(demo_file, work, "review_page_300")
    untouched = digest(damaged)
    taken = work / "taken.sqlite"
    taken.write_bytes(b"a file someone keeps")

    for target, said in [
        (damaged, "one of its working files"),
        (Path(f"{damaged}-wal"), "one of its working files"),
        (Path(f"{damaged}-shm"), "one of its working files"),
        (taken, "already exists"),
    ]:
        with pytest.raises(NassijError, match=said):
            recover(damaged, target)
    assert digest(damaged) == untouched
    assert taken.read_bytes() == b"a file someone keeps"
    assert sorted(p.name for p in work.iterdir()) == [damaged.name, taken.name]


def test_an_older_file_is_recovered_at_its_version_then_brought_up_to_date(
    demo_file: Path, original_rows: Rows, tmp_path: Path
) -> None:
    """Rows are copied into the structure they were written with, then migrated."""
    head = migrate.head_revision()
    previous = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(head)
    assert previous is not None and isinstance(previous.down_revision, str)
    older = tmp_path / "older.sqlite"
    shutil.copyfile(demo_file, older)
    engine = create_engine_for(to_url(older))
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), previous.down_revision)
    engine.dispose()
    member_leaf_zeroed(older)
    new = tmp_path / "new.sqlite"

    report = recover(older, new)

    assert report.revision == previous.down_revision and report.head == head
    assert any(f"to {head}" in line for line in report.lines())
    assert report.ok, report.check.problems
    saved = read_all(new)
    assert saved["member"] and all(
        row == original_rows["member"][rowid] for rowid, row in saved["member"].items()
    )
    with contextlib.closing(sqlite3.connect(new)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
