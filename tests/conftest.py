"""Shared fixtures: every test gets its own data folder, and real SQLite files.

The association file is made once per session (`association_template`: a new file, then the
association and its reference data through the services), then copied per test.

`demo_file(members=…, seed=…, today=…)` gives a test its own copy of a demo association, built
once per run for those arguments and shared by the xdist workers (tests/shared_files.py: a demo
of 60 members takes seconds to build; a copy, a millisecond).

`nassij(*argv, env={...})` runs the `nassij` command in this process (`cli.main`, as the
entry point calls it): starting a Python process per step cost seconds each. The tests whose
point is a real process (exit status of the entry point, a crash, two processes on one file)
start one themselves.

Every test under tests/ui and tests/scenarios is marked `gui` (`-m "not gui"` leaves them out).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pytest

from nassij_desktop.cli import main as cli_main
from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.i18n import current_language, set_language
from nassij_desktop.storage import Database, open_database
from tests.shared_files import copy_of, shared_demo
from tests.support import DemoFile, private_environment

if TYPE_CHECKING:
    from tests.postgres import FileKeyring

# Qt widgets are real but drawn offscreen: tests run without a screen (CI has none).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# One day for the whole run, in this process, the xdist workers and every process a test
# starts (core/common/clock.py): the dates modules compute at import (TODAY = clock.today())
# stay the program's today when the run goes on past midnight.
os.environ.setdefault(clock.VARIABLE, clock.today().isoformat())

TESTS = Path(__file__).resolve().parent
GUI_FOLDERS = (TESTS / "ui", TESTS / "scenarios")


def pytest_collection_finish(session: pytest.Session) -> None:
    # What is imported and collected lives to the end of the run: leave it out of the garbage
    # collector's passes, and look at young objects less often (SQLAlchemy makes a great many
    # that live a moment). The collector took a tenth of the services' tests' time, 6.3 s of
    # tests/core/books and members; a run's garbage is small against its memory.
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


# The files that take longest, longest first (wall seconds of a run on the two-core machine,
# `benchmarks/suite_time.py --by-file`). `make test` hands whole files to the two workers in
# the collection's order (`--dist loadfile --no-loadscope-reorder`), and this order puts them
# first: xdist's own (the files with most tests first) left the .deb's one test, a minute, for
# last, while the other worker had nothing left to do (gw0 done 45 s before gw1).
LONGEST_FIRST = (
    "packaging/test_deb_package.py",  # 51 s: PyInstaller, apt install and remove
    "cli/test_bad_files.py",  # 23 s
    "storage/test_recover.py",  # 20 s
    "storage/test_crash_kill.py",  # 16 s
    "cli/test_report_cli.py",  # 13 s
    "core/members/test_search_plans.py",  # 11 s
    "demo/test_demo_builder.py",  # 8 s
    "reports/test_engine.py",  # 7 s
    "reports/test_report_registry.py",  # 7 s
    "reports/members/test_long_register.py",  # 6 s
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.path.is_relative_to(folder) for folder in GUI_FOLDERS):
            item.add_marker(pytest.mark.gui)
    # Then the other files with most tests first, as xdist would have ordered them; a file's
    # tests keep their order (the sort is stable).
    rank = {TESTS / name: place for place, name in enumerate(LONGEST_FIRST)}
    tests_in = Counter(item.path for item in items)
    items.sort(key=lambda item: (rank.get(item.path, len(rank)), -tests_in[item.path]))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throw-away PostgreSQL server's empty database (tests/postgres.py), one per worker."""
    from tests.postgres import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def qapp_cls() -> type:
    """pytest-qt's application is the program's own class (it takes macOS's file requests)."""
    from nassij_desktop.ui.shell.application import Application

    return Application


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[FileKeyring]:
    """This computer's password store, for the test: a file (keyring's backend interface)."""
    import keyring

    from tests.postgres import FileKeyring

    previous = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "nassij-data"
    with private_environment(folder):
        yield folder
    set_language("en")  # whatever the language was before the test


@pytest.fixture(scope="session")
def association_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "association.sqlite"
    database = open_database(path, backup_dir=path.parent)
    with database.transaction() as session:
        create_association(
            session,
            CLI_ACTOR,
            AssociationProfile(
                name_ar="جمعية الأمل للتنمية",
                name_fr="Association Al Amal pour le développement",
                city="Tiznit",
                region_code="09",
            ),
        )
    database.close()
    return path


@pytest.fixture
def demo_file(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> DemoFile:
    def make(
        *, members: int, seed: int, today: dt.date | None = None, name: str = "demo.sqlite"
    ) -> Path:
        # The demo's texts follow the language it is built in: part of what it is.
        template = shared_demo(
            tmp_path_factory, members=members, seed=seed, today=today, language=current_language()
        )
        return copy_of(template, tmp_path, name)

    return make


@pytest.fixture
def database(association_template: Path, tmp_path: Path) -> Iterator[Database]:
    """An association file with its reference data (chart, categories, board roles)."""
    path = tmp_path / "association.sqlite"
    shutil.copyfile(association_template, path)
    database = open_database(path)
    yield database
    database.close()


@dataclass(frozen=True)
class CommandResult:
    """What the command returned and printed, named as `subprocess.CompletedProcess` names it."""

    returncode: int
    stdout: str
    stderr: str


class Nassij(Protocol):
    def __call__(self, *argv: str, env: Mapping[str, str] | None = None) -> CommandResult: ...


@pytest.fixture
def nassij(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Nassij:
    """`nassij(*argv, env=…)`: the command run in this process, with `env` added to the
    environment for that call only (NASSIJ_DATA_DIR is already the test's own folder)."""

    def run(*argv: str, env: Mapping[str, str] | None = None) -> CommandResult:
        capsys.readouterr()
        with monkeypatch.context() as patch:
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            try:
                code = cli_main(list(argv))
            except SystemExit as exc:  # argparse: usage errors (2), --help and --version (0)
                code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
            finally:
                set_language("en")  # `--lang` switched the whole process's messages
        captured = capsys.readouterr()
        return CommandResult(code, captured.out, captured.err)

    return run


_exit_status = 0


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _exit_status
    _exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    # After a run that drove Qt widgets, PySide6 can abort while the interpreter tears down its
    # objects ("none_dealloc"), after every test has passed and the summary is printed. Leave
    # without that teardown so the run's own exit status is what CI sees.
    if "PySide6" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status)
