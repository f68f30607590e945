"""`nassij members list` through the light read path (stdlib sqlite3, no SQLAlchemy) prints
byte for byte what the normal path prints, refuses in the same words, and leaves every file it
should not read as it is to the normal path."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from nassij_desktop.cli import main
from nassij_desktop.cli.members_light import read_members_list
from nassij_desktop.cli.output import _JSON_ESCAPED, _json_escape, print_rows
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import encryption, migrate
from tests.support import DemoFile

ADMIN = {"NASSIJ_USER": "admin", "NASSIJ_USER_PASSWORD": "demo-password"}
VOLUNTEER = {"NASSIJ_USER": "benevole", "NASSIJ_USER_PASSWORD": "demo-password"}
QUERIES = ("احمد", "أحمد", "محمد العلوي", "ال", "ا", "benali", "mo", "fatima zahra", "zzzz", "")

Output = tuple[int, str, str]


@pytest.fixture
def register(demo_file: DemoFile) -> Path:
    """A demo association of 300 members (accounts "admin" and "benevole", a volunteer)."""
    return demo_file(members=300, seed=5)


@pytest.fixture
def signed_in(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str]], None]:
    def sign_in(env: dict[str, str]) -> None:
        for name, value in env.items():
            monkeypatch.setenv(name, value)

    return sign_in


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Output]:
    def command(*argv: str, light: bool = True) -> Output:
        capsys.readouterr()
        code = main(list(argv), light=light)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return command


def _light_only(capsys: pytest.CaptureFixture[str], db: Path, *rest: str) -> Output:
    """The light path alone: it must serve the command (not hand it to the normal path)."""
    capsys.readouterr()
    printer = read_members_list(str(db), None, ["list", *rest])
    assert printer is not None, f"the light path left {rest} to the normal path"
    printer()
    captured = capsys.readouterr()
    return 0, captured.out, captured.err


def test_every_search_prints_what_the_normal_path_prints(
    register: Path,
    run: Callable[..., Output],
    signed_in: Callable[[dict[str, str]], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    signed_in(ADMIN)
    with sqlite3.connect(register) as conn:
        number, id_number = conn.execute(
            "SELECT number, id_number FROM member WHERE id_number IS NOT NULL LIMIT 1"
        ).fetchone()
    searches = [*QUERIES, number, id_number]
    found = 0
    for query in searches:
        for fmt, order, limit in (
            ("json", None, None),
            ("csv", "name_ar", None),
            ("json", "number", "7"),
        ):
            rest = ["--search", query, "--format", fmt]
            rest += ["--order", order] if order else []
            rest += ["--limit", limit] if limit else []
            normal = run("--db", str(register), "members", "list", *rest, light=False)
            assert normal[0] == 0, normal
            assert _light_only(capsys, register, *rest) == normal, (query, fmt, order)
            assert run("--db", str(register), "members", "list", *rest) == normal
            if fmt == "json":
                found += len(json.loads(normal[1]))
    assert found > 400  # the searches find members: the comparison is not of empty lists


def test_an_identity_number_finds_its_holder_only_for_roles_that_may_see_it(
    register: Path,
    run: Callable[..., Output],
    signed_in: Callable[[dict[str, str]], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    with sqlite3.connect(register) as conn:
        (id_number,) = conn.execute(
            "SELECT id_number FROM member WHERE id_number IS NOT NULL LIMIT 1"
        ).fetchone()
    rest = ("--search", id_number.lower(), "--format", "json")
    outputs = {}
    for who, env in (("admin", ADMIN), ("volunteer", VOLUNTEER)):
        signed_in(env)
        normal = run("--db", str(register), "members", "list", *rest, light=False)
        assert _light_only(capsys, register, *rest) == normal
        outputs[who] = json.loads(normal[1])
    assert len(outputs["admin"]) == 1
    assert outputs["volunteer"] == []


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({**ADMIN, "NASSIJ_USER_PASSWORD": "not the password"}, "Wrong login or password."),
        ({**ADMIN, "NASSIJ_USER": "nobody"}, "Wrong login or password."),
    ],
)
def test_a_refused_sign_in_says_the_same_sentence(
    register: Path,
    run: Callable[..., Output],
    signed_in: Callable[[dict[str, str]], None],
    env: dict[str, str],
    message: str,
) -> None:
    signed_in(env)
    argv = ("--db", str(register), "members", "list", "--search", "mo", "--format", "json")
    normal = run(*argv, light=False)
    assert normal == (1, "", f"nassij: {message}\n")
    assert run(*argv) == normal
    with pytest.raises(Exception, match=message):  # raised by the light path itself
        read_members_list(str(register), None, ["list", "--search", "mo", "--format", "json"])


def test_a_disabled_account_is_refused_in_the_same_words(
    register: Path,
    tmp_path: Path,
    run: Callable[..., Output],
    signed_in: Callable[[dict[str, str]], None],
) -> None:
    path = tmp_path / "disabled.sqlite"
    shutil.copyfile(register, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE user_account SET active = 0 WHERE login = 'benevole'")
    signed_in(VOLUNTEER)
    argv = ("--db", str(path), "members", "list", "--format", "csv")
    normal = run(*argv, light=False)
    assert normal[0] == 1 and "disabled" in normal[2]
    assert run(*argv) == normal


def test_a_file_at_an_older_revision_is_upgraded_by_the_normal_path(
    tmp_path: Path, run: Callable[..., Output]
) -> None:
    older = migrate.revisions_in_order()[-2]
    # One file migrated to the older revision, and a copy of it: the same bytes for both paths.
    copies = [tmp_path / "light.sqlite", tmp_path / "normal.sqlite"]
    engine = sa.create_engine(f"sqlite:///{copies[0]}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), older)
    engine.dispose()
    shutil.copyfile(copies[0], copies[1])
    with contextlib.closing(sqlite3.connect(copies[0])) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (older,)
    assert read_members_list(str(copies[0]), None, ["list", "--format", "json"]) is None
    outputs = [
        run("--db", str(path), "members", "list", "--format", "json", light=light)
        for path, light in zip(copies, (True, False), strict=True)
    ]
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 0
    with contextlib.closing(sqlite3.connect(copies[0])) as conn:
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert revision == migrate.head_revision()


def test_an_altered_file_is_refused_by_the_normal_path(
    register: Path,
    tmp_path: Path,
    run: Callable[..., Output],
    signed_in: Callable[[dict[str, str]], None],
) -> None:
    signed_in(ADMIN)
    path = tmp_path / "altered.sqlite"
    shutil.copyfile(register, path)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TRIGGER spy AFTER UPDATE ON member BEGIN SELECT 1; END")
    rest = ["list", "--search", "mo", "--format", "json"]
    assert read_members_list(str(path), None, rest) is None
    normal = run("--db", str(path), "members", *rest, light=False)
    assert normal[0] == 1 and "spy" in normal[2]
    assert run("--db", str(path), "members", *rest) == normal


def test_what_the_light_path_does_not_serve_goes_the_normal_way(register: Path) -> None:
    for rest in (
        ["list", "--status", "active", "--format", "json"],  # a filter
        ["list", "--search", "mo"],  # the table, with its translated statuses
        ["list", "--help"],
        ["list", "--format", "yaml"],
        ["list", "--s", "mo", "--format", "json"],  # ambiguous on the normal path
        ["list", "--sea", "mo", "--format", "json"],  # an abbreviation: the normal path's
        ["add", "--first-name-lat", "Omar"],
    ):
        assert read_members_list(str(register), None, rest) is None, rest
    url = f"sqlite:///{register}"
    assert read_members_list(url, None, ["list", "--format", "json"]) is None


def test_the_light_path_loads_neither_sqlalchemy_nor_the_models(register: Path) -> None:
    script = (
        "import sys\n"
        "from nassij_desktop.cli import main\n"
        "code = main(['--db', sys.argv[1], 'members', 'list', '--search', 'mo', "
        "'--format', 'json'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')"
        " or m.endswith('.models'))\n"
        "print(code, loaded, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(register)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **ADMIN},
    )
    assert done.stderr.strip() == "0 []"
    assert json.loads(done.stdout)


def test_json_rows_are_written_as_json_dumps_writes_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    headers = ["number", "name", "note"]
    odd = ['a "quoted" \\ back', "سطر\nجديد\t", "\x00\x1f\x7f\u2028\u202e\u200f", "", "é😀"]
    rows = [[str(i), text, odd[-1 - i]] for i, text in enumerate(odd)]
    for rows_given in (rows, rows[:1], []):
        print_rows(headers, rows_given, "json")
        written = capsys.readouterr().out
        assert json.loads(written) == [dict(zip(headers, r, strict=True)) for r in rows_given]
        expected = json.dumps(
            [dict(zip(headers, r, strict=True)) for r in rows_given], ensure_ascii=False, indent=2
        )
        # What a terminal would obey is escaped in both, the rest byte for byte.
        assert written == _JSON_ESCAPED.sub(_json_escape, expected) + "\n"


# --- a password-protected file ------------------------------------------------------------------


@pytest.fixture
def protected(register: Path) -> Iterator[Path]:
    """The demo file protected by a password: its key wrapped for "admin" only."""
    encryption.encrypt_file(register, CLI_ACTOR, "admin", ADMIN["NASSIJ_USER_PASSWORD"])
    encryption.forget_keys()  # as a new process: the key is unwrapped from the keys file
    yield register
    encryption.forget_keys()


def test_a_protected_file_is_read_on_the_light_path_as_the_normal_path_reads_it(
    protected: Path,
    run: Callable[..., Output],
    signed_in: Callable[[dict[str, str]], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    with (
        pytest.raises(sqlite3.DatabaseError, match="not a database"),
        contextlib.closing(sqlite3.connect(protected)) as conn,
    ):
        conn.execute("SELECT count(*) FROM member").fetchone()
    signed_in(ADMIN)
    for rest in (
        ("--format", "json"),
        ("--search", "mo", "--order", "number", "--format", "csv"),
        ("--search", "محمد", "--limit", "5", "--format", "json"),
    ):
        light = _light_only(capsys, protected, *rest)
        encryption.forget_keys()
        normal = run("--db", str(protected), "members", "list", *rest, light=False)
        assert light == normal and normal[0] == 0 and normal[1].count("\n") > 2, rest


def test_a_protected_file_the_light_path_cannot_open_goes_the_normal_way(
    protected: Path,
    tmp_path: Path,
    run: Callable[..., Output],
    signed_in: Callable[[dict[str, str]], None],
) -> None:
    rest = ["list", "--format", "json"]
    argv = ("--db", str(protected), "members", *rest)
    for env in (
        {**ADMIN, "NASSIJ_USER_PASSWORD": "not the password"},
        VOLUNTEER,  # an account whose key is wrapped at its next password reset
    ):
        signed_in(env)
        assert read_members_list(str(protected), None, rest) is None, env
        normal = run(*argv, light=False)
        assert normal[0] == 1 and "Wrong user name or password" in normal[2]
        assert run(*argv) == normal
    signed_in(ADMIN)
    keys = encryption.keys_path(protected)
    keys.rename(tmp_path / "elsewhere.keys")
    assert read_members_list(str(protected), None, rest) is None  # not even seen as protected
    keys.write_text("{ damaged", encoding="utf-8")
    assert read_members_list(str(protected), None, rest) is None
    normal = run(*argv, light=False)
    assert normal[0] == 1 and "damaged" in normal[2]
    assert run(*argv) == normal


def test_the_light_path_on_a_protected_file_loads_no_sqlalchemy(protected: Path) -> None:
    script = (
        "import sys\n"
        "from nassij_desktop.cli import main\n"
        "code = main(['--db', sys.argv[1], 'members', 'list', '--format', 'json'])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')"
        " or m.endswith('.models') or m.startswith('nassij_desktop.storage'))\n"
        "print(code, loaded, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(protected)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **ADMIN},
    )
    assert done.stderr.strip() == "0 []"
    assert len(json.loads(done.stdout)) == 300
