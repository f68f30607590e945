"""The member search on SQLite and on PostgreSQL, side by side (search_benchmark.py
--pg-sizes 10000,100000).

For each size, the cached SQLite demo file (search_benchmark.demo_file) and a database on a
private PostgreSQL server (tests/postgres.py postgres_server: fsync off, Unix socket),
migrated by open_database (so with migration 0022's trigram index) and given the same members
by COPY. For each query: the service (`search_member_page`: count + first page of 100 ids) on
each backend, median and 95th percentile, and each backend's lower bound, the raw count of the
matches on its own index (SQLite: FTS5; PostgreSQL: LIKE / the word-start expression, through
psycopg). The machine's load average is printed with them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from benchmarks.search_benchmark import OTHERS, TARGETS, demo_file, raw_count, timed
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.common.textnorm import normalise_query
from nassij_desktop.core.members.search import MemberOrder, search_member_page
from nassij_desktop.core.members.search_sql import FTS_MIN_TOKEN
from nassij_desktop.storage import open_database

COPIED = ("member_category", "member")


def _copy_members(path: Path, url: str) -> None:
    """The demo's categories and members into the server's (migrated, empty) database."""
    import psycopg

    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        driver = connection.connection.driver_connection
        assert isinstance(driver, psycopg.Connection)
        for table in COPIED:
            columns = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
            listed = ", ".join(columns)
            with driver.cursor().copy(f"COPY {table} ({listed}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {listed} FROM {table}"):
                    copy.write_row(row)
        connection.exec_driver_sql("ANALYZE member")
    engine.dispose()
    source.close()


def _pg_raw(connection: sa.Connection, query: str) -> Callable[[], int]:
    """The count of the matches on the server's trigram index, nothing else."""
    conditions, params = [], {}
    for i, token in enumerate(normalise_query(query)):
        if len(token) >= FTS_MIN_TOKEN:
            conditions.append(f"search_text LIKE :p{i}")
            params[f"p{i}"] = f"%{token}%"
        else:
            conditions.append(f"search_text ~ :p{i}")
            params[f"p{i}"] = rf"(^|[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]){token}"
    where = " AND ".join(conditions) or "true"
    statement = sa.text(f"SELECT count(*) FROM member WHERE {where}")
    return lambda: connection.execute(statement, params).scalar_one()


def _private_copy(path: Path, folder: Path) -> Path:
    """A copy of a cached demo file that this run may migrate (the cache is shared with
    branches whose migrations stop earlier)."""
    copy = folder / path.name
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
        target = sqlite3.connect(copy)
        source.backup(target)
        target.close()
    return copy


def side_by_side(sizes: list[int], seed: int, order: MemberOrder, repeat: int) -> None:
    from tests.postgres import postgres_server

    print(f"load average before: {os.getloadavg()}  cpus: {os.cpu_count()}")
    folder = Path(tempfile.mkdtemp(prefix="nassij-search-pg-"))
    with postgres_server() as url:
        server = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        for size in sizes:
            path = _private_copy(demo_file(size, seed), folder)
            name = f"search_{size}"
            with server.connect() as connection:
                connection.exec_driver_sql(f"CREATE DATABASE {name}")
            pg_url = url.replace("/nassij_test?", f"/{name}?")
            pg = open_database(pg_url)
            started = time.perf_counter()
            _copy_members(path, pg_url)
            print(f"\n{size} members copied to PostgreSQL in {time.perf_counter() - started:.1f} s")
            lite = open_database(path, backup_dir=path.parent)
            raw_lite = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            print(
                f"count + first page of 100 ids (order {order.value}), ms, {repeat} runs; "
                "raw = the count of the matches on the backend's own index"
            )
            print(
                f"{'query':<14}{'hits':>7} | {'sqlite':>8}{'p95':>8}{'raw':>8} | "
                f"{'postgres':>8}{'p95':>8}{'raw':>8}"
            )
            with lite.session() as s1, pg.session() as s2, pg.engine.connect() as raw_pg:
                for query in [*TARGETS, *OTHERS]:
                    figures = []
                    hits = set()
                    figures_hits: list[object] = []
                    for session in (s1, s2):

                        def page(session: object = session, query: str = query) -> int:
                            return search_member_page(
                                session,  # type: ignore[arg-type]
                                CLI_ACTOR,
                                query,
                                order=order,
                                limit=100,
                            ).total

                        hits.add(page())
                        figures_hits.append((session.get_bind().dialect.name, page()))
                        figures.append(timed(page, repeat))
                    assert len(hits) == 1, f"{query!r}: the backends disagree {figures_hits}"
                    lite_raw = timed(raw_count(raw_lite, query), repeat)[0]
                    pg_raw = timed(_pg_raw(raw_pg, query), repeat)[0]
                    (m1, p1), (m2, p2) = figures
                    print(
                        f"{query or '(everyone)':<14}{hits.pop():>7} | {m1:>8.2f}{p1:>8.2f}"
                        f"{lite_raw:>8.2f} | {m2:>8.2f}{p2:>8.2f}{pg_raw:>8.2f}",
                        flush=True,
                    )
            raw_lite.close()
            lite.close()
            pg.close()
        server.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    print(f"load average after: {os.getloadavg()}  (the server runs with fsync off)")
