"""A demo association for the governance documents, and checks they share.

- `demo_file`: one demo file (fixed seed and day), built once per run (tests/shared_files.py),
  copied once per worker; `demo` gives each test its own copy, `demo_database` one read-only
  copy per module, and
  `module_document(kind, lang)` the default document of that copy, written once per module.
- `assert_glyphs(data, text)`: every character of the document's data and extracted
  text has a glyph in an embedded font (the fontTools cmap check of test_engine.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.reports.engine.fonts import BIDI_CONTROLS, FONT_DIR
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database, open_database
from tests.shared_files import copy_of, shared_demo

DEMO_DAY = dt.date(2026, 5, 10)
SEED = 7
MEMBERS = 80


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    template = shared_demo(tmp_path_factory, members=MEMBERS, seed=SEED, today=DEMO_DAY)
    return copy_of(template, tmp_path_factory.mktemp("governance-demo"))


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of the demo for a test that changes it."""
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_file, path)
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def demo_database(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo, read only, for the documents of one test module."""
    folder = tmp_path_factory.mktemp("governance-read")
    shutil.copyfile(demo_file, folder / "demo.sqlite")
    database = open_database(folder / "demo.sqlite")
    yield database
    database.close()


def strings_of(value: Any) -> list[str]:
    """Every string inside a document's data (dataclasses, tuples, properties left out)."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in strings_of(getattr(value, f.name))]
    if isinstance(value, list | tuple):
        return [s for item in value for s in strings_of(item)]
    return []


def covered_characters() -> set[int]:
    covered: set[int] = set()
    for path in FONT_DIR.glob("*.ttf"):
        with TTFont(path, lazy=True) as font:
            covered |= set(font.getBestCmap())
    return covered


def _assert_glyphs(data: Any, text: str) -> None:
    characters = {c for s in [*strings_of(data), text] for c in s if c not in "\n\r\t\f"}
    covered = covered_characters()
    missing = {c for c in characters - BIDI_CONTROLS if ord(c) not in covered}
    assert not missing, [f"U+{ord(c):04X}" for c in missing]
    assert "\ufffd" not in text


def _write_document(database: Database, kind: str, lang: str, out: Path, **request: Any) -> Path:
    with database.session() as session:
        produce_report(session, CLI_ACTOR, kind, ReportRequest(lang=lang, out=out, **request))  # type: ignore[arg-type]
    return out


@pytest.fixture
def write_document() -> Callable[..., Path]:
    """`write_document(database, kind, lang, out, record_id=…)` → `out`, written as the CLI."""
    return _write_document


@pytest.fixture(scope="module")
def module_document(
    demo_database: Database, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str, str], Path]:
    """`module_document(kind, lang)`: the default document of the demo, written once per module."""
    folder = tmp_path_factory.mktemp("governance-documents")
    written: dict[tuple[str, str], Path] = {}

    def get(kind: str, lang: str) -> Path:
        if (kind, lang) not in written:
            written[kind, lang] = _write_document(
                demo_database, kind, lang, folder / f"{kind}-{lang}.pdf"
            )
        return written[kind, lang]

    return get


@pytest.fixture
def assert_glyphs() -> Callable[[Any, str], None]:
    """`assert_glyphs(data, text)`: every character of a document's data and of its extracted
    text has a glyph in an embedded font, and nothing was printed as U+FFFD."""
    return _assert_glyphs


@pytest.fixture
def cli_env() -> dict[str, str]:
    """The variables of a script signing in to the demo file as its administrator."""
    return {"NASSIJ_USER": "admin", "NASSIJ_USER_PASSWORD": "demo-password"}
