"""A pytest plugin for `suite_time.py --by-file`: the CPU time each test took, in its worker and
in the processes it started (getrusage of the worker and of its waited-for children), and its
wall time, written per worker as JSON lines into $NASSIJ_TEST_CPU_DIR.

CPU time is what two cores share out: it says which test files hold the suite's time. Wall
time beyond it is a worker waiting (a disk's fsync, a timer, a server, a process it did not
wait for): time a third worker could fill, or a wait to remove. A module's fixtures count in
its first test; a server the tests talk to (PostgreSQL) is not a child of the worker and is not
counted here (`suite_time.py` counts it in the machine's total).
"""

from __future__ import annotations

import json
import os
import resource
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    own, children = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    yield
    folder = os.environ.get("NASSIJ_TEST_CPU_DIR")
    if not folder:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    row = {
        "test": item.nodeid,
        "own": _cpu(resource.RUSAGE_SELF) - own,
        "children": _cpu(resource.RUSAGE_CHILDREN) - children,
        "wall": time.perf_counter() - started,
    }
    with (Path(folder) / f"{worker}.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")
