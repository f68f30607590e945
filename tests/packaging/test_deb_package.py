"""The .deb that `make package` builds: installed with apt, its program started on a demo file
and painting its window, its command on the PATH, its AppStream metainfo valid, the demo file
recognised as an association file by its content, then removed without a trace in /opt.

Runs only as root on a system with dpkg-deb (it installs a system package); as root it runs,
never skipped. The package is built once: a .deb in dist/ newer than every source file (the
one `make package` just made) is reused, otherwise this runs `make package`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import tomllib
from pathlib import Path

import pytest

from nassij_desktop import __version__
from nassij_desktop.demo.builder import DEMO_PASSWORD
from nassij_desktop.schema_reference import SQLITE_APPLICATION_ID

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("nassij_desktop", "packaging", "pyproject.toml", "translations")
INSTALLED = Path("/opt/nassij")
METAINFO = Path("/usr/share/metainfo/ma.nassij.NassijDesktop.metainfo.xml")

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("dpkg-deb") is None,
    reason="installs a system package: only as root, on Debian or Ubuntu",
)


def _newest_source() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ROOT / name
        files = path.rglob("*") if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts and file.suffix != ".mo":
                newest = max(newest, file.stat().st_mtime)
    return newest


def _deb() -> Path:
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    deb = ROOT / "dist" / f"nassij_{__version__}_{arch}.deb"
    if not deb.exists() or deb.stat().st_mtime < _newest_source():
        # Not compressed: the test installs the package at once, the archive's size does not
        # matter here, and xz cost minutes of the suite at level 6, 7 s of CPU at level 0.
        light = {**os.environ, "NASSIJ_DEB_COMPRESSION": "none"}
        subprocess.run(["make", "-C", str(ROOT), "package"], check=True, env=light)
    assert deb.exists(), f"make package built no {deb.name}"
    return deb


def _apt(*args: str) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "-y", "-qq", *args], check=True, env=env, capture_output=True)


def test_the_deb_installs_starts_on_a_demo_file_and_removes(demo_file, tmp_path):
    deb = _deb()
    demo = demo_file(members=60, seed=3)
    _apt("install", "--no-install-recommends", str(deb))
    try:
        desktop = Path("/usr/share/applications/nassij-desktop.desktop")
        assert "MimeType=application/x-nassij-association;" in desktop.read_text()
        assert Path("/usr/share/mime/packages/nassij-desktop.xml").exists()
        assert Path("/usr/share/icons/hicolor/256x256/apps/nassij-desktop.png").exists()
        _check_metainfo()
        _check_file_type(demo, tmp_path)

        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
            "NASSIJ_DATA_DIR": str(tmp_path / "data"),
            "NASSIJ_USER": "admin",
            "NASSIJ_USER_PASSWORD": DEMO_PASSWORD,
        }
        started = subprocess.run(
            [str(INSTALLED / "nassij-desktop"), str(demo), "--measure-startup"],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
        assert started.returncode == 0, started.stderr
        painted = re.search(r"first-paint-seconds=([\d.]+) peak-rss-mb=(\d+)", started.stdout)
        assert painted, started.stdout + started.stderr
        assert 0 < float(painted.group(1)) < 30

        # The command line, from the PATH (/usr/bin/nassij → /opt/nassij/nassij, itself a
        # link to the one executable, which the name makes the command line).
        assert (INSTALLED / "nassij").readlink() == Path("nassij-desktop")
        assert shutil.which("nassij", path=env["PATH"]) == "/usr/bin/nassij"
        version = subprocess.run(
            ["nassij", "--version"], capture_output=True, text=True, env=env, timeout=60
        )
        assert version.stdout.strip() == f"nassij {__version__}", version.stderr
        # A document: fpdf, HarfBuzz, the fonts and the catalogs travel in the bundle.
        pdf = tmp_path / "board.pdf"
        report = subprocess.run(
            ["nassij", "--db", str(demo), "report", "board-list", "--lang", "ar", "--out", str(pdf),
             "--allow-incomplete"],
            capture_output=True, text=True, env=env, timeout=60,
        )  # fmt: skip
        assert report.returncode == 0, report.stdout + report.stderr
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True)
        assert "جمعية الأمل" in text.stdout
    finally:
        _apt("remove", "nassij")
    assert not INSTALLED.exists()
    assert not Path("/usr/bin/nassij-desktop").exists()


def _check_metainfo() -> None:
    """Valid for AppStream (when appstreamcli is there: `make test` installs it), with
    pyproject's version and https screenshots."""
    text = METAINFO.read_text(encoding="utf-8")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert version == __version__
    assert f'<release version="{version}"' in text
    screenshots = re.findall(r"<image[^>]*>([^<]*)</image>", text)
    assert len(screenshots) == 6 and all(url.startswith("https://") for url in screenshots)
    if shutil.which("appstreamcli"):
        valid = subprocess.run(
            ["appstreamcli", "validate", "--no-net", "--no-color", str(METAINFO)],
            capture_output=True, text=True,
        )  # fmt: skip
        assert valid.returncode == 0, valid.stdout + valid.stderr


def _check_file_type(demo: Path, tmp_path: Path) -> None:
    """The demo file carries Nassij's id in its header and the installed MIME type says so
    (GIO, as a file manager asks, when it is there): an SQLite file of another program under
    the same name stays generic."""
    with demo.open("rb") as f:
        assert int.from_bytes(f.read(72)[68:72], "big") == SQLITE_APPLICATION_ID
    if shutil.which("gio") is None:
        return
    other = tmp_path / "other.sqlite"
    with contextlib.closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE t (x)")
        connection.commit()
    renamed = tmp_path / "association.db"
    shutil.copyfile(demo, renamed)

    def content_type(path: Path) -> str:
        env = {"PATH": os.environ["PATH"], "XDG_DATA_DIRS": "/usr/share", "HOME": str(tmp_path)}
        out = subprocess.run(
            ["gio", "info", "-a", "standard::content-type", str(path)],
            capture_output=True, text=True, env=env, check=True,
        ).stdout  # fmt: skip
        return out.rsplit("standard::content-type:", 1)[1].strip()

    assert content_type(demo) == "application/x-nassij-association"
    assert content_type(renamed) == "application/x-nassij-association"
    assert content_type(other) == "application/vnd.sqlite3"
