"""Several writers at once, in real processes, through the services: what
tests/storage/test_concurrent_numbers.py checks (numbers unique and without gaps) and
benchmarks/concurrency_benchmark.py times. Each process opens the database itself (SQLite file
or PostgreSQL URL), waits for the others at a barrier, then runs its operations, each in its
own write transaction; an operation refused by the database for a deadlock or a serialisation
failure (or SQLite's busy timeout) is retried, and counted."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.books.entries import EntryForm, record_entry
from nassij_desktop.core.books.services import LineSpec
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.donations.services import DonationData, record_donation
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.core.members.services import MemberData, create_member, record_dues
from nassij_desktop.storage import Database, open_database
from nassij_desktop.storage.database import to_url
from nassij_desktop.storage.retry import write_with_retry

DAY = dt.date(2025, 3, 14)
KINDS = ("dues", "donation", "entry", "member")


@dataclass
class WorkerResult:
    done: list[tuple[str, str]] = field(default_factory=list)  # (kind, number given)
    retries: int = 0
    seconds: float = 0.0


def prepare(target: str, dues_members: int) -> list[int]:
    """An association with its first entry (the fiscal year opened) and `dues_members`
    members who have not paid; their ids."""
    database = open_database(target)
    try:
        with database.transaction() as session:
            create_association(
                session, CLI_ACTOR, AssociationProfile(name_ar="جمعية الأمل", name_fr="Al Amal")
            )
            record_entry(session, CLI_ACTOR, _form(0))
            ids = [
                create_member(
                    session,
                    CLI_ACTOR,
                    MemberData(first_name_lat="Payer", last_name_lat=f"N{i}", join_date=DAY),
                ).id
                for i in range(dues_members)
            ]
    finally:
        database.close()
    return ids


def _form(i: int) -> EntryForm:
    amount = Decimal(100 + i)
    return EntryForm(
        journal="BQ",
        entry_date=DAY,
        label=f"Fournitures {i}",
        reference=f"FAC-{i}",
        lines=[LineSpec(account="6125", debit=amount), LineSpec(account="5141", credit=amount)],
    )


def _operation(kind: str, worker: int, i: int, member_id: int | None) -> Callable[[Session], str]:
    if kind == "dues":
        assert member_id is not None

        def dues(session: Session) -> str:
            return record_dues(
                session, CLI_ACTOR, member_id, 2025, Decimal(100), DAY, PaymentMethod.CASH
            ).receipt_number

        return dues
    if kind == "donation":
        data = DonationData(donor_name=f"Donor {worker}-{i}", amount=Decimal(50), received_on=DAY)
        return lambda session: record_donation(session, CLI_ACTOR, data).receipt_number
    if kind == "entry":
        return lambda session: f"BQ-{record_entry(session, CLI_ACTOR, _form(i)).number}"
    data_m = MemberData(first_name_lat="New", last_name_lat=f"W{worker}x{i}", join_date=DAY)
    return lambda session: create_member(session, CLI_ACTOR, data_m).number


def run_worker(
    target: str,
    worker: int,
    kinds: Sequence[str],
    operations: int,
    dues_members: Sequence[int],
    barrier: Any,
) -> WorkerResult:
    """`operations` operations, taking turns through `kinds`; dues for `dues_members`, one
    each, in turn."""
    database: Database = open_database(target)
    result = WorkerResult()
    payers = iter(dues_members)

    def count(_exc: BaseException) -> None:
        result.retries += 1

    try:
        barrier.wait()
        started = time.perf_counter()
        for i in range(operations):
            kind = kinds[i % len(kinds)]
            operation = _operation(kind, worker, i, next(payers) if kind == "dues" else None)
            number = write_with_retry(database, operation, attempts=100, on_retry=count)
            result.done.append((kind, number))
        result.seconds = time.perf_counter() - started
    finally:
        database.close()
    return result


def _child(
    target: str,
    worker: int,
    kinds: Sequence[str],
    operations: int,
    payers: Sequence[int],
    barrier: Any,
    results: Any,
) -> None:
    try:
        results.put((worker, run_worker(target, worker, kinds, operations, payers, barrier)))
    except BaseException as exc:  # the parent reports it
        barrier.abort()
        results.put((worker, f"{type(exc).__name__}: {exc}"))


def run_writers(
    target: str,
    writers: int,
    operations: int,
    kinds: Sequence[str],
    dues_members: Sequence[int],
) -> tuple[list[WorkerResult], float]:
    """Run `writers` processes at once; their results and the wall time from the barrier to
    the last one's end. Dues members are shared out, `operations` each at most."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(writers + 1)
    results = context.Queue()
    per_worker = -(-operations // len(kinds))
    processes = [
        context.Process(
            target=_child,
            args=(
                target,
                w,
                tuple(kinds),
                operations,
                list(dues_members[w * per_worker : (w + 1) * per_worker]),
                barrier,
                results,
            ),
        )
        for w in range(writers)
    ]
    for process in processes:
        process.start()
    try:
        barrier.wait(timeout=60)
        started = time.perf_counter()
        gathered = [results.get(timeout=120) for _ in processes]
        elapsed = time.perf_counter() - started
    finally:
        for process in processes:
            process.join(timeout=30)
    failures = [f"writer {w}: {r}" for w, r in gathered if isinstance(r, str)]
    if failures:
        raise AssertionError("; ".join(failures))
    return [r for _w, r in sorted(gathered, key=lambda g: g[0])], elapsed


def stored_numbers(target: str) -> dict[str, list[str]]:
    """Every number in the database, by series, as stored (the setup's ones included)."""
    engine = sa.create_engine(to_url(target))
    try:
        with engine.connect() as connection:
            column = lambda sql: list(connection.scalars(sa.text(sql)))  # noqa: E731
            return {
                "dues": column("SELECT receipt_number FROM dues_payment"),
                "donation": column("SELECT receipt_number FROM donation"),
                "member": column("SELECT number FROM member"),
                "entry": [
                    f"{journal}-{number}"
                    for journal, number in connection.execute(
                        sa.text(
                            "SELECT journal.code, journal_entry.number FROM journal_entry "
                            "JOIN journal ON journal.id = journal_entry.journal_id"
                        )
                    )
                ],
            }
    finally:
        engine.dispose()
