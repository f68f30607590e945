"""`nassij report`: every document kind from one demo file, as a user runs it."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from nassij_desktop.cli import main
from nassij_desktop.i18n import set_language
from nassij_desktop.reports.kinds import REPORT_KINDS

DEMO_TODAY = "2026-06-15"
# The demo has accounts: the command line signs in as its administrator.
ADMIN = {"NASSIJ_USER": "admin", "NASSIJ_USER_PASSWORD": "demo-password"}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report-cli")
    path = folder / "demo.sqlite"
    err = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stderr(err):
        patch.setenv("NASSIJ_DATA_DIR", str(folder / "data"))
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(["--db", str(path), "demo", "--members", "120", "--seed", "3"])
        set_language("en")
    assert code == 0, err.getvalue()
    return path


@pytest.fixture
def nassij(nassij: Callable[..., Any]) -> Callable[..., Any]:
    """The command, signed in as the demo's administrator."""
    return lambda *args: nassij(*args, env=ADMIN)


@pytest.mark.parametrize("kind", sorted(REPORT_KINDS))
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_kind_comes_out_of_the_demo(
    demo_file: Path, tmp_path: Path, kind: str, lang: str, nassij: Callable[..., Any]
) -> None:
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
