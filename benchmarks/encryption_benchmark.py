"""What a password-protected file costs (run on demand, never in the test suite).

    python benchmarks/encryption_benchmark.py [--sizes 10000,100000] [--seed 7] [--repeat 20]
                                              [--process-repeat 5]

For each size, the search benchmark's cached demo file (plain) and an encrypted copy of it
(storage/encryption.py `encrypt_file`, kept beside it in the temporary folder), printed side
by side:
- encrypting it (`sqlcipher_export`, once, when the copy is made) and the file sizes;
- unwrapping the key with a password (argon2id, paid once per sign-in);
- opening: `open_database` and the first read (the association's row), in this process;
- opening and one search with an empty page cache (every page read decrypted);
- the member search service (count + first page of 100 ids), median ms, warm cache;
- the whole process `nassij --db FILE members list --search benali --format json`, wall and
  CPU time (the plain file takes the light read path; the encrypted one cannot, so both are
  also shown on the normal path).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_benchmark import NORMAL_PROCESS, demo_file, process_time, timed

from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.search import MemberFilter, search_member_page
from nassij_desktop.storage import encryption, open_database

QUERIES = ["احمد", "benali", "mo", ""]
LOGIN, PASSWORD = "admin", "demo-password"  # the demo's administrator
LIGHT_PROCESS = "import sys; from nassij_desktop.cli import main; sys.exit(main(sys.argv[1:]))"


def page_copy(source: Path, target: Path) -> None:
    with (
        contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")


def plain_copy(cached: Path) -> Path:
    """Our own copy of the search benchmark's cached file (shared with the other benchmarks,
    so never written), brought to this version's structure."""
    path = cached.with_name(cached.stem + "-plain.sqlite")
    if not path.exists():
        staged = cached.with_name(cached.stem + "-copying.sqlite")
        staged.unlink(missing_ok=True)
        page_copy(cached, staged)
        open_database(staged, backup_dir=staged.parent).close()  # migrated if older
        os.replace(staged, path)
    return path


def encrypted_copy(plain: Path) -> tuple[Path, float | None]:
    """The encrypted copy of `plain` (made once) and the seconds its encryption took."""
    path = plain.with_name(plain.stem + "-encrypted.sqlite")
    if path.exists() and encryption.keys_path(path).exists():
        return path, None
    staged = plain.with_name(plain.stem + "-encrypting.sqlite")
    for leftover in (staged, encryption.keys_path(staged)):
        leftover.unlink(missing_ok=True)
    page_copy(plain, staged)
    started = time.perf_counter()
    encryption.encrypt_file(staged, CLI_ACTOR, LOGIN, PASSWORD)
    took = time.perf_counter() - started
    os.replace(encryption.keys_path(staged), encryption.keys_path(path))
    os.replace(staged, path)
    return path, took


def open_ms(path: Path, key: bytes | None, repeat: int) -> float:
    def run() -> None:
        database = open_database(path, key=key, read_only=True, backup_dir=path.parent)
        with database.session() as session:
            get_association(session)
        database.engine.dispose()

    return timed(run, repeat)[0]


def cold_search_ms(path: Path, key: bytes | None, repeat: int) -> float:
    """Open, one search (the page cache empty: every page read is decrypted), close."""

    def run() -> None:
        database = open_database(path, key=key, read_only=True, backup_dir=path.parent)
        with database.session() as session:
            search_member_page(session, CLI_ACTOR, "benali", MemberFilter(), limit=100)
        database.engine.dispose()

    return timed(run, repeat)[0]


def search_ms(path: Path, key: bytes | None, repeat: int) -> dict[str, float]:
    database = open_database(path, key=key, read_only=True, backup_dir=path.parent)
    figures = {}
    with database.session() as session:
        for query in QUERIES:

            def page(query: str = query) -> int:
                return search_member_page(
                    session, CLI_ACTOR, query, MemberFilter(), limit=100
                ).total

            figures[query] = timed(page, repeat)[0]
    database.engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--process-repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for size in (int(s) for s in args.sizes.split(",")):
        plain = plain_copy(demo_file(size, args.seed))
        encrypted, took = encrypted_copy(plain)
        started = time.perf_counter()
        key = encryption.unlock(encrypted, LOGIN, PASSWORD)
        unwrap = (time.perf_counter() - started) * 1000
        print(f"\n== {size} members ==")
        if took is not None:
            print(f"encrypting the file (sqlcipher_export, checked): {took:.1f} s")
        print(f"unwrapping the key (argon2id, once per sign-in): {unwrap:.0f} ms")
        print(f"{'':<44}{'plain':>12}{'encrypted':>12}{'ratio':>8}")

        def row(label: str, a: float, b: float, unit: str = "ms") -> None:
            ratio = b / a if a else float("inf")
            print(f"{label:<44}{a:>10.2f}{unit:>2}{b:>10.2f}{unit:>2}{ratio:>8.2f}")

        row("file size (MB)", plain.stat().st_size / 1e6, encrypted.stat().st_size / 1e6, "")
        row(
            "open + first read",
            open_ms(plain, None, args.repeat),
            open_ms(encrypted, key, args.repeat),
        )
        row(
            "open + search 'benali' (cold page cache)",
            cold_search_ms(plain, None, args.repeat),
            cold_search_ms(encrypted, key, args.repeat),
        )
        plain_search = search_ms(plain, None, args.repeat)
        encrypted_search = search_ms(encrypted, key, args.repeat)
        for query in QUERIES:
            row(
                f"search {query or '(everyone)'!r}: count + 100 ids",
                plain_search[query],
                encrypted_search[query],
            )
        light = [sys.executable, "-c", LIGHT_PROCESS]
        normal = [sys.executable, "-c", NORMAL_PROCESS]
        tail = ["members", "list", "--search", "benali", "--format", "json"]
        for label, command in (("process, light path if it can", light), ("normal", normal)):
            p_wall, _size, p_cpu = process_time(
                [*command, "--db", str(plain), *tail], args.process_repeat
            )
            e_wall, _size, e_cpu = process_time(
                [*command, "--db", str(encrypted), *tail], args.process_repeat
            )
            row(f"{label}: wall", p_wall, e_wall, "s")
            row(f"{label}: CPU", p_cpu, e_cpu, "s")


if __name__ == "__main__":
    main()
