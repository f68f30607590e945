"""A password-protected association file (storage/encryption.py): SQLCipher with a random key
wrapped by each user's password in FILE.keys."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.cli import main as cli_main
from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.common.permissions import CLI_ACTOR, Role
from nassij_desktop.core.users.services import authenticate, change_password, create_user
from nassij_desktop.demo.builder import DEMO_PASSWORD
from nassij_desktop.storage import Database, encryption, open_database
from nassij_desktop.storage.errors import NotADatabase
from nassij_desktop.storage.inspect import SQLITE_MAGIC
from tests.conftest import DemoFile, Nassij
from tests.shared_files import copy_of
from tests.support import private_environment

ADMIN = {"NASSIJ_USER": "amina", "NASSIJ_USER_PASSWORD": "amina-secret"}


@pytest.fixture(autouse=True)
def _no_remembered_keys() -> Iterator[None]:
    encryption.forget_keys()  # every test unwraps what it opens
    yield
    encryption.forget_keys()


@pytest.fixture(scope="module")
def protected_template(
    association_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The association file with two accounts, encrypted by its administrator amina, made once
    for the module (each test works on its copy, `protected`); karim's account existed before,
    so it has no key until his password is reset."""
    folder = tmp_path_factory.mktemp("protected")
    path = copy_of(association_template, folder, "protected.sqlite")
    out, err = io.StringIO(), io.StringIO()
    with private_environment(folder / "nassij-data"), pytest.MonkeyPatch.context() as patch:
        database = open_database(path)
        with database.transaction() as session:
            create_user(session, CLI_ACTOR, "amina", "Amina Admin", "amina-secret", Role.ADMIN)
            create_user(
                session, CLI_ACTOR, "karim", "Karim Idrissi", "karim-secret", Role.SECRETARY
            )
        database.close()
        for name, value in ADMIN.items():
            patch.setenv(name, value)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli_main(["--db", str(path), "encrypt"])
    assert code == 0, err.getvalue()
    assert "karim" in out.getvalue()  # told which accounts wait for a reset
    encryption.forget_keys()
    return path


@pytest.fixture
def protected(protected_template: Path, tmp_path: Path) -> Path:
    path = copy_of(protected_template, tmp_path, "protected.sqlite")
    shutil.copyfile(encryption.keys_path(protected_template), encryption.keys_path(path))
    return path


def _association_name(database: Database) -> str:
    with database.session() as session:
        return get_association(session).name_fr


def _reset_karim(path: Path, new_password: str) -> None:
    database = open_database(path, key=encryption.unlock(path, "amina", "amina-secret"))
    try:
        with database.session() as session:
            admin = authenticate(session, "amina", "amina-secret", record=False)
            karim = session.scalar(sa.text("SELECT id FROM user_account WHERE login='karim'"))
        with database.transaction() as session:
            change_password(session, admin, karim, new_password)
    finally:
        database.close()
    encryption.forget_keys()


def test_an_encrypted_file_is_unreadable_by_plain_sqlite(protected: Path) -> None:
    data = protected.read_bytes()
    assert not data.startswith(SQLITE_MAGIC)
    assert b"Al Amal" not in data and b"amina" not in data  # names and accounts are not in clear
    connection = sqlite3.connect(protected)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        connection.execute("SELECT name FROM sqlite_master").fetchall()
    connection.close()
    keys = json.loads(encryption.keys_path(protected).read_text())
    assert set(keys["users"]) == {"amina"}
    assert "amina-secret" not in encryption.keys_path(protected).read_text()


def test_each_user_opens_it_with_their_own_password(protected: Path, nassij: Nassij) -> None:
    with pytest.raises(encryption.PasswordRequired, match="protected by a password"):
        open_database(protected)
    _reset_karim(protected, "karim-new-secret")
    for login, password in (("amina", "amina-secret"), ("karim", "karim-new-secret")):
        encryption.forget_keys()
        database = open_database(protected, key=encryption.unlock(protected, login, password))
        try:
            assert _association_name(database).startswith("Association Al Amal")
        finally:
            database.close()
    # The command line unwraps with the sign-in variables, then signs in as usual.
    env = {"NASSIJ_USER": "karim", "NASSIJ_USER_PASSWORD": "karim-new-secret"}
    result = nassij("--db", str(protected), "members", "list", env=env)
    assert result.returncode == 0, result.stderr


def test_a_wrong_password_or_a_missing_one_is_told_in_a_sentence(
    protected: Path, nassij: Nassij
) -> None:
    with pytest.raises(encryption.WrongPassword, match="Wrong user name or password"):
        encryption.unlock(protected, "amina", "not-her-password")
    with pytest.raises(encryption.WrongPassword, match="reset its password"):
        encryption.unlock(protected, "karim", "karim-secret")  # no key before a reset
    result = nassij(
        "--db", str(protected), "members", "list", env={**ADMIN, "NASSIJ_USER_PASSWORD": "bad"}
    )
    assert result.returncode != 0
    assert "Wrong user name or password for the protected file" in result.stderr
    result = nassij("--db", str(protected), "members", "list", env={"NASSIJ_USER": ""})
    assert result.returncode != 0
    assert "is protected by a password" in result.stderr


def test_without_its_keys_file_the_file_says_so(protected: Path) -> None:
    encryption.keys_path(protected).unlink()
    with pytest.raises(NotADatabase, match=r"keys file .*protected.keys|keys file"):
        open_database(protected, create=False)


def test_a_password_change_rewraps_the_key_without_reencrypting(protected: Path) -> None:
    key = encryption.unlock(protected, "amina", "amina-secret")
    salt = protected.read_bytes()[:16]  # SQLCipher's file salt: a new key would change it
    _reset_karim(protected, "karim-new-secret")
    assert protected.read_bytes()[:16] == salt
    assert encryption.unlock(protected, "karim", "karim-new-secret") == key
    assert encryption.unlock(protected, "amina", "amina-secret") == key
    _reset_karim(protected, "karim-third-secret")
    with pytest.raises(encryption.WrongPassword):
        encryption.unlock(protected, "karim", "karim-new-secret")  # the old wrap is gone
    assert encryption.unlock(protected, "karim", "karim-third-secret") == key


def test_encrypt_then_decrypt_keeps_the_data_and_check_green(
    protected: Path, nassij: Nassij, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.sqlite"
    result = nassij("--db", str(protected), "decrypt", "-o", str(plain), env=ADMIN)
    assert result.returncode == 0, result.stderr
    assert plain.read_bytes().startswith(SQLITE_MAGIC)
    assert not encryption.keys_path(plain).exists()
    result = nassij("--db", str(plain), "check", env=ADMIN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The file is sound." in result.stdout
    database = open_database(plain)
    try:
        assert _association_name(database).startswith("Association Al Amal")
    finally:
        database.close()
    # A protected file is checked as well, once its key is unwrapped.
    result = nassij("--db", str(protected), "check", env=ADMIN)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_encrypted_backup_stays_encrypted_and_restores(
    protected: Path, nassij: Nassij, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.sqlite"
    result = nassij("--db", str(protected), "backup", str(copy), env=ADMIN)
    assert result.returncode == 0, result.stderr
    assert not copy.read_bytes().startswith(SQLITE_MAGIC)
    assert encryption.keys_path(copy).exists()
    encryption.forget_keys()
    with pytest.raises(encryption.PasswordRequired):
        open_database(copy, create=False)
    # A change after the backup, undone by the restore.
    database = open_database(protected, key=encryption.unlock(protected, "amina", "amina-secret"))
    with database.transaction() as session:
        admin = authenticate(session, "amina", "amina-secret", record=False)
        create_user(session, admin, "leila", "Leila Tazi", "leila-secret", Role.TREASURER)
    database.close()
    assert encryption.unlock(protected, "leila", "leila-secret")  # a new account is wrapped
    encryption.forget_keys()
    result = nassij("--db", str(protected), "restore", str(copy), env=ADMIN)
    assert result.returncode == 0, result.stderr
    assert not protected.read_bytes().startswith(SQLITE_MAGIC)
    with pytest.raises(encryption.WrongPassword):
        encryption.unlock(protected, "leila", "leila-secret")  # the keys as they were
    result = nassij("--db", str(protected), "users", "list", env=ADMIN)
    assert result.returncode == 0, result.stderr
    assert "leila" not in result.stdout and "karim" in result.stdout


def test_a_plain_file_never_loads_the_encryption_library(association_template: Path) -> None:
    code = (
        "import sys; from nassij_desktop.storage import open_database; "
        f"open_database({str(association_template)!r}, read_only=True).close(); "
        "assert 'sqlcipher3' not in sys.modules, 'loaded'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def _reads_members(path: Path, key: bytes) -> bool:
    """Whether every member row of the protected file can be read (the table itself, not an
    index)."""
    with contextlib.closing(encryption.connect_path(path, key)) as conn:
        try:
            conn.execute("SELECT * FROM member NOT INDEXED").fetchall()
        except (sqlite3.DatabaseError, MemoryError):
            return False
    return True


def _lost(path: Path, key: bytes) -> int:
    """How many members cannot be read one by one, each on a fresh connection (SQLCipher
    refuses everything after a bad page): a leaf page of rows loses several, a page of one
    member's photo (an overflow page) only that member."""
    lost = 0
    for member_id in range(1, 61):
        with contextlib.closing(encryption.connect_path(path, key)) as conn:
            try:
                conn.execute("SELECT * FROM member WHERE id = ?", (member_id,)).fetchall()
            except (sqlite3.DatabaseError, MemoryError):
                lost += 1
    return lost


def _reads_the_rest(path: Path, key: bytes) -> bool:
    """Whether the list of tables and another table still read: the damage is the members'
    alone (a page of the list of tables, longer with the change counters' triggers, leaves
    nothing readable)."""
    with contextlib.closing(encryption.connect_path(path, key)) as conn:
        try:
            conn.execute("SELECT sql FROM sqlite_master").fetchall()
            conn.execute("SELECT * FROM association").fetchall()
        except (sqlite3.DatabaseError, MemoryError):
            return False
    return True


def _member_page(path: Path, key: bytes, page_size: int, first_data_page: int) -> int:
    """A page of the member table in the middle of its pages. Encrypted pages cannot be told
    apart, so damaged copies are tried: the table's first and last pages are found by halving
    the runs of pages damaged (its pages follow one another, as `sqlcipher_export` writes
    them)."""
    data = path.read_bytes()
    probe = path.with_name("probe.sqlite")
    count = len(data) // page_size

    probe.write_bytes(data)
    damaged: set[int] = set()  # the pages damaged in the probe now

    def breaks(first: int, last: int) -> bool:  # pages first..last (1-based) damaged
        wanted = set(range(first, last + 1))
        # Only the bytes that change are written (the probe is the file with those pages
        # damaged, as a whole damaged copy would be): hundreds of probes, one file.
        with probe.open("r+b") as f:
            for page in damaged ^ wanted:
                offset = (page - 1) * page_size + 40
                f.seek(offset)
                f.write(bytes([data[offset] ^ (0xFF if page in wanted else 0)]))
        damaged.clear()
        damaged.update(wanted)
        return not _reads_members(probe, key)

    low, high = first_data_page, count  # the first member page is in low..high
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if breaks(first_data_page, middle) else (middle + 1, high)
    first = low
    low, high = first, count  # the last one
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if breaks(middle, count) else (low, middle - 1)
    assert low - first >= 2, (first, low)  # several pages: one in the middle is a leaf
    # The table's pages need not all follow one another (other tables' pages may sit between
    # them): from the middle outwards, the first page whose damage alone loses members.
    middle = (first + low) // 2
    found = next(
        page
        for page in sorted(range(first + 1, low + 1), key=lambda p: abs(p - middle))
        if breaks(page, page) and _reads_the_rest(probe, key) and 1 < _lost(probe, key) < 30
    )
    probe.unlink()
    return found


def test_a_damaged_protected_file_is_diagnosed_and_recovered_encrypted(
    demo_file: DemoFile,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    from nassij_desktop.cli import main

    admin = {"NASSIJ_USER": "admin", "NASSIJ_USER_PASSWORD": DEMO_PASSWORD}
    path = demo_file(members=60, seed=3, name="protected.sqlite")
    with contextlib.closing(sqlite3.connect(path)) as conn:
        members = {row[0]: row for row in conn.execute("SELECT * FROM member ORDER BY id")}
    for name, value in admin.items():
        monkeypatch.setenv(name, value)
    assert main(["--lang", "en", "--db", str(path), "encrypt"]) == 0
    key = encryption.unlock(path, "admin", DEMO_PASSWORD)
    open_database(path, key=key).close()  # opened once, as the application does (in WAL)
    with contextlib.closing(encryption.connect_path(path, key)) as conn:
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        roots = conn.execute("SELECT max(rootpage) FROM sqlite_schema").fetchone()[0]
    page = _member_page(path, key, page_size, int(roots) + 1)
    with path.open("r+b") as f:  # bytes overwritten in the middle of a page of members
        f.seek((page - 1) * page_size + page_size // 2)
        f.write(b"\xa5" * 64)
    encryption.forget_keys()
    damaged = path.read_bytes()

    assert main(["--lang", "en", "--db", str(path), "check"]) == 1
    assert path.read_bytes() == damaged  # only read
    said = capfd.readouterr()
    assert f"page {page} cannot be decrypted" in said.out, said.out
    # "N of 60 members are readable", or "N members are readable; how many were lost cannot
    # be told" when the damaged page also held what counts them.
    assert "members are readable" in said.out and "nassij --db" in said.out, said.out
    assert "recover --out" in said.out and not said.err, said  # nothing printed by SQLCipher
    encryption.forget_keys()
    out = tmp_path / "recovered.sqlite"
    assert main(["--lang", "en", "--db", str(path), "recover", "--out", str(out)]) == 0
    said = capfd.readouterr()
    assert "The new file is sound." in said.out and not said.err, said
    told = said.out
    assert path.read_bytes() == damaged  # only read
    assert not out.read_bytes().startswith(SQLITE_MAGIC)  # written encrypted
    assert encryption.keys_path(out).read_bytes() == encryption.keys_path(path).read_bytes()
    assert sorted(p.name for p in tmp_path.glob("*.sqlite*")) == [
        "protected.sqlite",
        "protected.sqlite.keys",
        "recovered.sqlite",
        "recovered.sqlite.keys",
    ]
    assert not list(tmp_path.glob(".*"))  # nothing left of the building

    encryption.forget_keys()
    database = open_database(out, key=encryption.unlock(out, "admin", DEMO_PASSWORD))
    try:
        with database.session() as session:
            saved = {r[0]: tuple(r) for r in session.execute(sa.text("SELECT * FROM member"))}
    finally:
        database.close()
    lost = sorted(set(members) - set(saved))
    # The members of the damaged page, and only them: a run of ids, all the others as they were.
    assert 1 < len(lost) < 30 and lost == list(range(lost[0], lost[-1] + 1)), lost
    assert f"About {len(lost)} rows could not be read (ids {lost[0]} to {lost[-1]})" in told
    assert all(saved[i] == members[i] for i in saved)
    encryption.forget_keys()
    assert main(["--lang", "en", "--db", str(out), "check"]) == 0, capfd.readouterr().out


def test_a_damaged_protected_file_needs_its_password_to_be_checked_or_recovered(
    protected: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nassij_desktop.cli import main

    with protected.open("r+b") as f:
        f.seek(protected.stat().st_size // 2)
        f.write(b"\xa5" * 64)
    out = tmp_path / "recovered.sqlite"
    monkeypatch.setenv("NASSIJ_USER", "amina")
    monkeypatch.setenv("NASSIJ_USER_PASSWORD", "wrong")
    for command in (["check"], ["recover", "--out", str(out)]):
        assert main(["--lang", "en", "--db", str(protected), *command]) != 0
        assert "password" in capsys.readouterr().err.lower()
    monkeypatch.setenv("NASSIJ_USER_PASSWORD", "amina-secret")
    keys = encryption.keys_path(protected)
    keys.rename(tmp_path / "elsewhere.keys")
    for command in (["check"], ["recover", "--out", str(out)]):
        assert main(["--lang", "en", "--db", str(protected), *command]) != 0
        said = capsys.readouterr()
        assert "keys" in (said.out + said.err).lower(), said
    assert not out.exists() and not encryption.keys_path(out).exists()


def test_a_protected_file_whose_first_page_is_damaged_is_told_lost(
    protected: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its list of tables cannot be decrypted (a plain file's would be rebuilt from its
    pages): check says nothing can be read, recover writes nothing."""
    from nassij_desktop.cli import main

    for name, value in ADMIN.items():
        monkeypatch.setenv(name, value)
    with protected.open("r+b") as f:
        f.seek(2000)
        f.write(b"\xa5" * 64)
    assert main(["--lang", "en", "--db", str(protected), "check"]) == 1
    said = capsys.readouterr()
    assert "none of its records can be read" in said.out and not said.err, said
    out = tmp_path / "recovered.sqlite"
    assert main(["--lang", "en", "--db", str(protected), "recover", "--out", str(out)]) != 0
    said = capsys.readouterr()
    assert "Nothing of" in said.err and "ERROR" not in said.err, said
    assert not out.exists() and not encryption.keys_path(out).exists()
