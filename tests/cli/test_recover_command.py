"""`nassij --db FILE recover --out NEW.sqlite`: the report in sentences, exit 0 when the new
file is sound and 1 when it is not (or nothing could be done), the damaged file untouched."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from nassij_desktop.cli import main
from nassij_desktop.demo.builder import DEMO_PASSWORD
from tests.shared_files import copy_of, shared_demo

TODAY = dt.date(2026, 11, 24)
ISOLATES = {"\u2066", "\u2067", "\u2068", "\u2069"}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    template = shared_demo(tmp_path_factory, members=300, seed=2, today=TODAY)
    return copy_of(template, tmp_path_factory.mktemp("demo"))


def leaves(path: Path, table: str) -> list[int]:
    uri = f"file:{path}?mode=ro&immutable=1"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        return [
            row[0]
            for row in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path",
                (table,),
            )
        ]


def damaged(demo_file: Path, folder: Path, table: str) -> Path:
    """A copy with one page zeroed in the middle of `table`."""
    path = folder / "association.sqlite"
    shutil.copyfile(demo_file, path)
    pages = leaves(path, table)
    page = pages[len(pages) // 2]
    with path.open("r+b") as f:
        f.seek((page - 1) * 4096)
        f.write(bytes(4096))
    return path


def count(path: Path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_recover_prints_what_was_saved_and_exits_0_for_a_sound_file(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = damaged(demo_file, tmp_path, "member")
    untouched = digest(source)
    new = tmp_path / "recovered.sqlite"

    code, out, err = run(capsys, "--db", str(source), "recover", "--out", str(new))

    assert code == 0, (out, err)
    assert err == ""
    members = count(new, "member")
    lost = count(demo_file, "member") - members
    assert lost > 0
    lines = out.splitlines()
    assert lines[0] == f"What could be read of {source} was saved into {new}."
    [member_line] = [line for line in lines if line.startswith("member: ")]
    assert member_line.startswith(f"member: {members} rows saved. About {lost} rows could not")
    assert any(line.startswith("dues_payment: ") and "left out" in line for line in lines)
    assert lines[-2:] == ["The new file is sound.", "The damaged file was left exactly as it was."]
    assert not ISOLATES & set(out)  # bidi marks are for the screen, not a terminal
    assert digest(source) == untouched


def test_recover_exits_1_when_the_new_file_still_has_problems(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Audit entries lost in the middle break the audit log's chain: the new file says so.
    source = damaged(demo_file, tmp_path, "audit_log")
    new = tmp_path / "recovered.sqlite"

    code, out, err = run(capsys, "--db", str(source), "recover", "--out", str(new))

    assert code == 1, (out, err)
    assert "The new file still has problems:" in out
    assert any(line.startswith("- ") and "audit log" in line for line in out.splitlines())
    assert new.exists()  # what could be saved is there, to be looked at


def test_recover_refuses_in_one_line_what_it_must_not_write_over(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = damaged(demo_file, tmp_path, "member")
    untouched = digest(source)
    taken = tmp_path / "taken.sqlite"
    taken.write_bytes(b"kept")

    for target in (taken, source, Path(f"{source}-wal")):
        code, out, err = run(capsys, "--db", str(source), "recover", "--out", str(target))
        assert code == 1 and out == "", (out, err)
        assert len(err.splitlines()) == 1 and err.startswith("nassij: "), err
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(source), "recover"])  # --out is required
    assert usage.value.code == 2
    assert digest(source) == untouched and taken.read_bytes() == b"kept"


def test_recover_as_a_real_process_then_check_finds_the_new_file_sound(
    demo_file: Path, tmp_path: Path
) -> None:
    source = damaged(demo_file, tmp_path, "member")
    new = tmp_path / "recovered.sqlite"
    env = {
        **os.environ,
        "NASSIJ_DATA_DIR": str(tmp_path / "data"),
        "NASSIJ_LANG": "en",
        "NASSIJ_USER": "admin",
        "NASSIJ_USER_PASSWORD": DEMO_PASSWORD,
    }

    def nassij(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "nassij_desktop", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=180,
            check=False,
        )

    before = nassij("--db", str(source), "check")
    recovered = nassij("--db", str(source), "recover", "--out", str(new))
    after = nassij("--db", str(new), "check")

    assert before.returncode == 1 and "recover --out" in before.stdout, before
    assert recovered.returncode == 0 and recovered.stderr == "", recovered
    assert after.returncode == 0 and "The file is sound." in after.stdout, after
