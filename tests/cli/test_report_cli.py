"""`nassij report`: every document kind from one demo file, as a user runs it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nassij_desktop.reports.kinds import REPORT_KINDS
from tests.shared_files import copy_of, shared_demo
from tests.tiny_guide import make_guide

DEMO_TODAY = "2026-06-15"
# The demo has accounts: the command line signs in as its administrator.
ADMIN = {"NASSIJ_USER": "admin", "NASSIJ_USER_PASSWORD": "demo-password"}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This module's copy of the run's demo of 120 members (what `nassij demo --members 120
    --seed 3` makes): every kind has its records in it (not every kind in the demo of 60), and
    the point here is the command, not the size of the documents."""
    template = shared_demo(tmp_path_factory, members=120, seed=3)
    return copy_of(template, tmp_path_factory.mktemp("report-cli"))


@pytest.fixture
def nassij(nassij: Callable[..., Any]) -> Callable[..., Any]:
    """The command, signed in as the demo's administrator."""
    return lambda *args: nassij(*args, env=ADMIN)


@pytest.mark.parametrize("kind", sorted(REPORT_KINDS))
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_kind_comes_out_of_the_demo(
    demo_file: Path,
    tmp_path: Path,
    kind: str,
    lang: str,
    nassij: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if kind == "user-guide":
        # A small guide: the real one (24 pages, seconds each) is tests/reports/guide's.
        monkeypatch.setenv("NASSIJ_GUIDE_DIR", str(make_guide(tmp_path / "guide")))
    out = tmp_path / f"{kind}-{lang}.pdf"
    result = nassij("--db", str(demo_file), "report", kind, "--lang", lang, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert "page" in result.stdout or "صفحة" in result.stdout


def test_an_unknown_kind_is_a_usage_error(
    demo_file: Path, tmp_path: Path, nassij: Callable[..., Any]
) -> None:
    result = nassij("--db", str(demo_file), "report", "nope", "--out", str(tmp_path / "x.pdf"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_a_missing_record_is_one_clear_line(
    demo_file: Path, tmp_path: Path, nassij: Callable[..., Any]
) -> None:
    out = tmp_path / "x.pdf"
    args = ["--db", str(demo_file), "--lang", "en", "report", "assembly-minutes"]
    result = nassij(*args, "--id", "999999", "--out", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
