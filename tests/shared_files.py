"""Demo association files built once per test run, shared by the pytest-xdist workers.

A demo of a few hundred members takes seconds to build, thousands of members tens of seconds;
a copy takes milliseconds. Fixtures of several modules (and the same module's tests, which
xdist spreads over both workers) ask for the same demos: each is built by the first worker
that needs it, under a file lock the other worker waits on, then only copied.

`command_file` is the same for a small file the `nassij` command writes (`init`, then accounts):
the accounts' password hashes take time that a test whose point is not `init` need not pay.

Every build runs in a data folder of its own (`tests.support.private_environment`): these
fixtures run outside any test's data folder and must not write preferences elsewhere; their
texts follow the language asked.

The file returned is a template: never open it, copy it (`copy_of`) and open the copy, so that
every test or module keeps its own file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import io
import os
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from nassij_desktop.cli import main as cli_main
from nassij_desktop.core.common import clock
from nassij_desktop.demo.builder import build_demo
from nassij_desktop.storage import open_database
from tests.support import private_environment


def _run_folder(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole run: under xdist each worker's own folder
    (popen-gw0, popen-gw1…) sits in it."""
    base = factory.getbasetemp()
    folder = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    shared = folder / "shared-files"
    shared.mkdir(exist_ok=True)
    return shared


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # blocks until the other worker has built the file
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def shared_demo(
    factory: pytest.TempPathFactory,
    *,
    members: int,
    seed: int,
    today: dt.date | None = None,
    language: str = "en",
) -> Path:
    """The template of `build_demo(members=, seed=, today=)` built in `language`."""
    day = today or clock.today()
    shared = _run_folder(factory)
    path = shared / f"demo-{members}-{seed}-{day.isoformat()}-{language}.sqlite"
    with _locked(path.with_suffix(".lock")):
        if not path.exists():
            folder = shared / f"{path.stem}.build"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            with private_environment(folder / "data", language):
                database = open_database(folder / "demo.sqlite", backup_dir=folder)
                try:
                    build_demo(database, members=members, seed=seed, today=today)
                finally:
                    database.close()
            # Complete or absent: the name appears only once the file is whole.
            os.replace(folder / "demo.sqlite", path)
    return path


def shared_file(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A template file `name` that `make(path)` writes, once per run for both workers (a demo
    taken to thousands of members, say): the same lock and the same all-or-nothing renaming
    as `shared_demo`. `name` must say what the file holds, `make` always write the same."""
    shared = _run_folder(factory)
    path = shared / name
    with _locked(path.with_suffix(".lock")):
        if not path.exists():
            folder = shared / f"{path.stem}.build"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder / path.name)
            os.replace(folder / path.name, path)
    return path


def command_file(
    factory: pytest.TempPathFactory,
    name: str,
    steps: Sequence[tuple[Sequence[str], Mapping[str, str]]],
) -> Path:
    """The template of the file that the `nassij` command leaves after `steps`, each
    `(arguments, environment)` run in this process as `nassij --db FILE *arguments` (what the
    `nassij` fixture runs), in English. `name` must say what the steps make."""

    def make(path: Path) -> None:
        with private_environment(path.parent / "data"), pytest.MonkeyPatch.context() as patch:
            for arguments, environment in steps:
                for variable, value in environment.items():
                    patch.setenv(variable, value)
                err = io.StringIO()
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                    code = cli_main(["--db", str(path), *arguments])
                assert code == 0, (arguments, err.getvalue())
                for variable in environment:
                    patch.delenv(variable)
        # The file alone holds everything (closed, no -wal beside it): a copy is the whole file.
        assert not path.with_name(f"{path.name}-wal").exists()

    return shared_file(factory, name, make)


def copy_of(template: Path, folder: Path, name: str = "demo.sqlite") -> Path:
    """A copy of `template` in `folder` (created if missing), for one test or module to open."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copyfile(template, path)
    return path
