"""The demo association the moral report is read from: one file (fixed seed and day, built
once per run by tests/shared_files.py), and the report of its last full year in both
languages, written once per module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database, open_database
from tests.shared_files import copy_of, shared_demo

DEMO_DAY = dt.date(2026, 5, 10)  # the governance documents' demo: its activities run into 2025
SEED = 7
MEMBERS = 80
YEAR = 2025


@pytest.fixture(scope="module")
def moral_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    template = shared_demo(tmp_path_factory, members=MEMBERS, seed=SEED, today=DEMO_DAY)
    database = open_database(copy_of(template, tmp_path_factory.mktemp("moral-demo")))
    yield database
    database.close()


@pytest.fixture(scope="module")
def moral_pdf(
    moral_demo: Database, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Path]:
    """`moral_pdf(lang)`: the moral report of YEAR, written once per language."""
    folder = tmp_path_factory.mktemp("moral-pdf")
    written: dict[str, Path] = {}

    def make(lang: str) -> Path:
        if lang not in written:
            out = folder / f"moral-{lang}.pdf"
            with moral_demo.session() as session:
                request = ReportRequest(lang=lang, out=out, year=YEAR)  # type: ignore[arg-type]
                produce_report(session, CLI_ACTOR, "activity", request)
            written[lang] = out
        return written[lang]

    return make
