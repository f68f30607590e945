"""The .deb that tests/packaging/test_deb_package.py installs, built by `make package`.

The build is the longest step of the whole run (about 45 s of one core: PyInstaller reads the
imports of every module) and needs nothing from the tests, so a run that will install the
package starts the build as soon as it starts, at the lowest priority: it takes the cores only
when the tests leave them idle (while they wait for a process, a server or a timer). The test
then waits for it, and builds again itself, in the open, if that build failed or never ran.

The build holds an exclusive lock on `build/package-build.lock` while it runs (its processes
inherit the locked file), so the test's wait is a wait on the lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from nassij_desktop import __version__

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("nassij_desktop", "packaging", "pyproject.toml", "translations")
TEST_FILE = ROOT / "tests" / "packaging" / "test_deb_package.py"
LOCK = ROOT / "build" / "package-build.lock"
LOG = ROOT / "build" / "package-build.log"
# xz at its lightest: the test installs the package at once, the archive's size does not
# matter here, and level 6 cost minutes of the suite.
BUILD_ENV = {"NASSIJ_DEB_COMPRESSION": "0"}


def can_install() -> bool:
    """Installing a system package: only as root, on Debian or Ubuntu."""
    return os.geteuid() == 0 and shutil.which("dpkg-deb") is not None


def deb_path() -> Path:
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return ROOT / "dist" / f"nassij_{__version__}_{arch}.deb"


def _newest_source() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = path.rglob("*") if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts and file.suffix != ".mo":
                newest = max(newest, file.stat().st_mtime)
    return newest


def is_current(deb: Path) -> bool:
    """A .deb newer than every source file (the one `make package` just made) is reused."""
    return deb.exists() and deb.stat().st_mtime >= _newest_source()


def _runs_the_test(config: pytest.Config) -> bool:
    """Whether this run, as asked, includes the package's test: no selection by keyword or
    mark, and a path given (or the configured `testpaths`) that holds the test file."""
    if config.option.keyword or config.option.markexpr or config.option.collectonly:
        return False
    paths = [Path(arg.split("::", 1)[0]).resolve() for arg in config.args]
    return any(path == TEST_FILE or TEST_FILE.is_relative_to(path) for path in paths)


_build: subprocess.Popen[bytes] | None = None


def start_in_background(config: pytest.Config) -> None:
    """At the start of a run that will install the package: `make package` at the lowest
    priority, unless the .deb is current or the run cannot install it."""
    global _build
    if not _runs_the_test(config) or not can_install() or is_current(deb_path()):
        return
    LOCK.parent.mkdir(exist_ok=True)
    lock = LOCK.open("a")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:  # another run is building it: the test will wait for that one
        lock.close()
        return
    with LOG.open("wb") as log:
        _build = subprocess.Popen(
            ["nice", "-n", "19", "make", "-C", str(ROOT), "package"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **BUILD_ENV},
            pass_fds=(lock.fileno(),),  # the lock is held until the last of its processes ends
            # Its own process group (stopped as one), in the run's session: with the kernel's
            # autogroups a new session would be a group of its own, as heavy as the whole run.
            process_group=0,
        )
    lock.close()


def stop_background_build() -> None:
    """At the end of the run: a build still going (the run was cut short) is stopped, never
    left writing into dist/."""
    if _build is not None and _build.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(_build.pid, signal.SIGTERM)
        _build.wait()


@contextlib.contextmanager
def _waited_for() -> Iterator[None]:
    """Hold the build lock: once held, no background build is running."""
    LOCK.parent.mkdir(exist_ok=True)
    with LOCK.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def built_deb() -> Path:
    """The current .deb: the background build's once it has ended, else built here."""
    deb = deb_path()
    with _waited_for():
        if not is_current(deb):
            subprocess.run(
                ["make", "-C", str(ROOT), "package"], check=True, env={**os.environ, **BUILD_ENV}
            )
    assert deb.exists(), f"make package built no {deb.name}"
    return deb
