"""Gap-free numbers with several writers at once, in real processes, on SQLite and on a
PostgreSQL server: 4 processes record dues, donations, book entries and members through the
services at the same time; every receipt, entry and member number is given once, with no
gap, to an operation that committed (one refused for another writer is run again)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.storage.concurrent_writers import KINDS, prepare, run_writers, stored_numbers

WRITERS = 4
OPERATIONS = 12  # each: 3 of each kind


@pytest.fixture
def pg_target(postgres_url: str) -> Iterator[str]:
    yield postgres_url
    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:  # leave an empty database for the next test
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()


def _sequence(numbers: list[str]) -> dict[str, list[int]]:
    """The numbers of each series (a receipt's year, an entry's journal), as integers."""
    series: dict[str, list[int]] = {}
    for number in numbers:
        prefix, value = re.fullmatch(r"(.*?)(\d+)", number).groups()  # type: ignore[union-attr]
        series.setdefault(prefix, []).append(int(value))
    return series


def _check_numbers(target: str) -> None:
    payers = prepare(target, WRITERS * OPERATIONS // len(KINDS))
    results, _elapsed = run_writers(target, WRITERS, OPERATIONS, KINDS, payers)
    stored = stored_numbers(target)
    done = [d for r in results for d in r.done]
    assert len(done) == WRITERS * OPERATIONS
    for kind in KINDS:
        given = [number for k, number in done if k == kind]
        # Every committed operation's number is stored, and stored once.
        assert not [n for n, c in Counter(given).items() if c > 1], kind
        if kind == "entry":
            assert set(given) <= set(stored["entry"])
        else:
            assert set(given) <= set(stored[kind]), kind
        assert len(stored[kind]) == len(set(stored[kind])), kind
    # Each series counts 1, 2, 3… with no gap: the journals (BQ: the typed entries; CA/BQ:
    # those of receipts), the receipts of each year, the member register.
    for kind, numbers in stored.items():
        for prefix, values in _sequence(numbers).items():
            assert sorted(values) == list(range(1, len(values) + 1)), (kind, prefix)
    assert len(stored["dues"]) == len(stored["donation"]) == WRITERS * OPERATIONS // len(KINDS)


def test_numbers_stay_gap_free_with_four_writers_on_sqlite(tmp_path: Path) -> None:
    _check_numbers(str(tmp_path / "shared.nassij"))


def test_numbers_stay_gap_free_with_four_writers_on_postgresql(pg_target: str) -> None:
    _check_numbers(pg_target)
