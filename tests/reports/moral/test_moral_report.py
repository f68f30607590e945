"""The moral report read back with poppler on the demo association: every figure the summary
services count is printed, the French and the Arabic read whole, the charts are drawn
(month labels in reading order, bars on the rendered page), and the closing line and the
president's signature are there."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from nassij_desktop.core.activities.summary import (
    activity_year,
    funders_of_year,
    members_by_category,
)
from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.board import current_term
from nassij_desktop.core.governance.history import board_on, term_seats
from nassij_desktop.demo.builder import DEMO_PASSWORD
from nassij_desktop.i18n.formatting import MONTH_NAMES, format_amount, format_number
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.moral.charts import BAR_FILL, nice_step
from nassij_desktop.reports.moral.moral_report import MONTHS_SHORT, hours
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database
from tests.reports.moral.conftest import YEAR

SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " "})
VOLUNTEER = Actor(user_id=None, login="benevole", role=Role.VOLUNTEER)
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)


def _plain(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.translate(SPACES))


def _fr(value: int) -> str:
    return format_number(value, "fr").translate(SPACES)


def _line_with(text: str, label: str) -> str:
    return next(line for line in text.splitlines() if label in line)


def test_french_report_prints_the_services_figures(
    moral_demo: Database, moral_pdf: Callable[[str], Path], pdf_text: Callable[..., str]
) -> None:
    text = _plain(pdf_text(moral_pdf("fr")))
    with moral_demo.session() as session:
        year = activity_year(session, CLI_ACTOR, YEAR)
        members = members_by_category(session, CLI_ACTOR, YEAR)
        funders = funders_of_year(session, CLI_ACTOR, YEAR)
    assert year.activity_count > 10 and year.beneficiaries > 0  # the demo has a year of them
    assert f"Rapport moral {YEAR}" in text
    genders = dict(year.by_gender)
    assert _fr(year.activity_count) in _line_with(text, "Activités ")
    assert _fr(year.beneficiaries) in _line_with(text, "Bénéficiaires ")
    assert _fr(sum(genders.values())) == _fr(year.beneficiaries)
    assert _fr(genders[next(iter(genders))]) in text
    assert hours(year.volunteer_minutes, "fr") in _line_with(text, "Heures de bénévolat")
    assert _fr(year.volunteers) in _line_with(text, "Bénévoles")
    # Each programme's totals row: its count of activities and its beneficiaries.
    totals = [line for line in text.splitlines() if "Activités : " in line]
    assert len(totals) == len(year.programmes)
    for programme in year.programmes:
        assert programme.name("fr") in text
        count = f"Activités : {len(programme.activities)} "
        assert any(count in t and f" {_fr(programme.beneficiaries)} " in t for t in totals)
    # Members per category, and their total.
    for category in members:
        line = _line_with(text, category.label_fr)
        assert _fr(category.total) in line and _fr(category.women) in line
    total_line = [line for line in text.splitlines() if line.strip().startswith("Total ")]
    assert any(_fr(sum(c.total for c in members)) in line for line in total_line)
    # Funders and what they paid in the year.
    assert funders
    for funder in funders:
        assert format_amount(funder.received, "fr").translate(SPACES) in text
    # The highlights are the activities with the most beneficiaries.
    flowing = re.sub(r"\s+", " ", text)
    top = year.highlights[0]
    assert f"{_fr(top.beneficiaries)} bénéficiaires" in flowing


def test_french_report_has_its_charts_and_closing(
    moral_demo: Database, moral_pdf: Callable[[str], Path], pdf_text: Callable[..., str]
) -> None:
    text = _plain(pdf_text(moral_pdf("fr")))
    for title in (
        "Bénéficiaires par mois",
        "Bénéficiaires par sexe",
        "Bénéficiaires par tranche d'âge",
    ):
        assert title in text
    months = _line_with(text, "janv.")
    positions = [months.index(m) for m in MONTHS_SHORT["fr"]]
    assert positions == sorted(positions)  # January leftmost
    assert "60 ans et plus" in text and "15–24" in text
    flowing = re.sub(r"\s+", " ", text)
    assert "son approbation fait l'objet d'une résolution de l'assemblée générale" in flowing
    with moral_demo.session() as session:
        term = current_term(session, dt.date(YEAR, 12, 31))
        assert term is not None
        president = next(
            s
            for s in board_on(term_seats(session, term), dt.date(YEAR, 12, 31))
            if s.role_code == "president"
        )
    assert president.person.name("fr") in text
    assert president.title("fr") in text


def test_arabic_report_reads_whole_and_mirrors_the_months(
    moral_demo: Database,
    moral_pdf: Callable[[str], Path],
    pdf_text: Callable[..., str],
    pdf_words: Callable[[Path, int], list],
    pdf_page_count: Callable[[Path], int],
) -> None:
    path = moral_pdf("ar")
    text = pdf_text(path, layout=False)
    assert f"التقرير الأدبي لسنة {YEAR}" in text
    for phrase in ("المستفيدون حسب الشهر", "أجهزة الجمعية", "الشركاء والممولون", "ساعات التطوع"):
        assert phrase in text
    assert "وتكون المصادقة عليه بقرار من الجمع العام" in text
    with moral_demo.session() as session:
        year = activity_year(session, CLI_ACTOR, YEAR)
    assert format_number(year.beneficiaries, "ar") in text
    assert format_number(year.activity_count, "ar") in text
    # The month labels: January rightmost, December leftmost, on one line.
    for page in range(1, pdf_page_count(path) + 1):
        words = pdf_words(path, page)
        january = next((w for w in words if w.logical == MONTH_NAMES["ar"][0]), None)
        if january is not None:
            break
    assert january is not None
    december = min(
        (w for w in words if w.logical == MONTH_NAMES["ar"][11]),
        key=lambda w: abs(w.y_min - january.y_min),
    )
    assert january.x_min > december.x_max
    assert abs(january.y_min - december.y_min) < 1
    assert not re.search("[\u0660-\u0669]", text)  # Latin digits


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_charts_are_drawn_as_bars(
    moral_pdf: Callable[[str], Path],
    pdf_text: Callable[..., str],
    pdf_page_count: Callable[[Path], int],
    render_png: Callable[[Path, int, Path], Path],
    tmp_path: Path,
    lang: str,
) -> None:
    path = moral_pdf(lang)
    title = {"ar": "المستفيدون حسب الشهر", "fr": "Bénéficiaires par mois"}[lang]
    page = next(
        p for p in range(1, pdf_page_count(path) + 1) if title in pdf_text(path, p, layout=False)
    )
    image = Image.open(render_png(path, page, tmp_path / f"chart-{lang}.png")).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 24) or []
    bars = sum(
        count
        for count, pixel in colours
        if all(abs(a - b) < 12 for a, b in zip(pixel, BAR_FILL, strict=True))
    )
    assert bars > 2000  # at 60 dpi, a few bars of the demo's year fill thousands of pixels


def test_a_year_without_activity_still_reads(
    database: Database, tmp_path: Path, pdf_text: Callable[..., str]
) -> None:
    out = tmp_path / "empty.pdf"
    with database.session() as session:
        produce_report(session, VIEWER, "activity", ReportRequest(lang="fr", out=out, year=2024))
    text = _plain(pdf_text(out))
    assert "Aucune activité n'a été enregistrée cette année." in text
    assert "Aucun bureau n'a été enregistré pour cette année." in text
    assert "Aucune convention de financement n'a couru cette année." in text
    assert "janv." in text  # the charts are drawn, at zero


def test_a_volunteer_may_not_produce_it(database: Database, tmp_path: Path) -> None:
    out = tmp_path / "refused.pdf"
    with database.session() as session, pytest.raises(PermissionDenied):
        produce_report(session, VOLUNTEER, "activity", ReportRequest(lang="fr", out=out, year=2024))
    assert not out.exists()


def test_nice_steps() -> None:
    steps = [nice_step(n) for n in (0, 3, 9, 40, 812, 2473, 10_000)]
    assert steps == [1, 1, 5, 10, 250, 1000, 2500]


def test_the_command_writes_it(
    moral_demo: Database, nassij: Callable[..., Any], tmp_path: Path, pdf_text: Callable[..., str]
) -> None:
    out = tmp_path / "rapport-moral.pdf"
    db = str(moral_demo.path)
    result = nassij(
        "--db", db, "report", "activity", "--year", str(YEAR), "--lang", "fr", "--out", str(out),
        env={"NASSIJ_USER": "admin", "NASSIJ_USER_PASSWORD": DEMO_PASSWORD},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"Rapport moral {YEAR}" in pdf_text(out)
