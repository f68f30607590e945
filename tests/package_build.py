"""The .deb that tests/packaging/test_deb_package.py installs, built by `make package` once:
a .deb newer than every source file is reused. Two runs at once build it one after the other
(a lock in build/), and the second reuses the first's.

Tried and left out: starting the build in the background as the run begins, at the lowest
priority, to fill the time the tests leave the cores idle. Three clean runs took 318 s
without it, 322 s and 330 s with it: the tests leave no idle core worth the name.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from nassij_desktop import __version__

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("nassij_desktop", "packaging", "pyproject.toml", "translations")
LOCK = ROOT / "build" / "package-build.lock"
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


@contextlib.contextmanager
def _waited_for() -> Iterator[None]:
    """Hold the build lock: once held, no other run is building the package."""
    LOCK.parent.mkdir(exist_ok=True)
    with LOCK.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def built_deb() -> Path:
    """The current .deb: the one in dist/ if it is, else built here."""
    deb = deb_path()
    with _waited_for():
        if not is_current(deb):
            subprocess.run(
                ["make", "-C", str(ROOT), "package"], check=True, env={**os.environ, **BUILD_ENV}
            )
    assert deb.exists(), f"make package built no {deb.name}"
    return deb
