"""The attendance sheet members sign before an assembly, read back from the PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.models import AssemblyKind
from nassij_desktop.core.governance.services import (
    AssemblyData,
    assembly_quorum,
    convene_assembly,
    get_assembly,
)
from nassij_desktop.core.members.models import Member
from nassij_desktop.i18n import translate_in
from nassij_desktop.reports.governance.attendance_sheet import (
    attendance_sheet_report,
    build_attendance_sheet_data,
)
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database

KIND = "attendance-sheet"
VOLUNTEER = Actor(user_id=None, login="v", role=Role.VOLUNTEER)
DEMO_DAY = dt.date(2026, 5, 10)  # the demo's day (conftest.py)


def _squeeze(text: str) -> str:
    return "".join(text.split()).replace(":", "")


@pytest.fixture
def convened(demo: Database) -> int:
    """An ordinary assembly convened in the demo, to be held in three weeks."""
    data = AssemblyData(
        kind=AssemblyKind.ORDINARY,
        held_on=DEMO_DAY + dt.timedelta(days=21),
        starts_at=dt.time(10, 0),
        place="Salle des fêtes",
        convened_on=DEMO_DAY,
        quorum=Fraction(1, 2),
        agenda=["Rapport moral"],
    )
    with demo.transaction() as session:
        return convene_assembly(session, CLI_ACTOR, data).id


def _numbers(pages: list[str]) -> list[str]:
    """The member numbers (six digits) in the order the sheet prints them."""
    return [word for page in pages for word in page.split() if len(word) == 6 and word.isdigit()]


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_voting_member_has_a_line_in_the_registers_name_order(
    lang: str,
    demo: Database,
    convened: int,
    write_document: Callable,
    tmp_path: Path,
    pdf_text: Callable,
    pdf_page_count: Callable,
) -> None:
    with demo.session() as session:
        detail = get_assembly(session, CLI_ACTOR, convened)
        voting = [line.member.id for line in detail.attendance if line.voting]
        key = Member.sort_name_ar if lang == "ar" else Member.sort_name_lat
        in_order = list(
            session.scalars(
                sa.select(Member.number).where(Member.id.in_(voting)).order_by(key, Member.id)
            )
        )
        figures = assembly_quorum(session, CLI_ACTOR, convened)
    assert len(voting) == figures.voting > 0
    path = write_document(demo, KIND, lang, tmp_path / f"sheet-{lang}.pdf")
    pages = [pdf_text(path, page) for page in range(1, pdf_page_count(path) + 1)]
    # One line per voting member, none twice, in the order of the names for this reader.
    assert _numbers(pages) == in_order
    text = _squeeze("\n".join(pages))
    for label in ("Represented by", "Signature", "Totals at the close of the list"):
        assert _squeeze(translate_in(lang, label)) in text, label
    # The names in the document's script: a name of each script's column.
    with demo.session() as session:
        first = session.scalars(sa.select(Member).where(Member.number == in_order[0])).one()
        name = (
            f"{first.first_name_ar} {first.last_name_ar}"
            if lang == "ar"
            else (f"{first.first_name_lat} {first.last_name_lat}")
        )
    assert _squeeze(name) in text
    # The footer: the voting members and the quorum are printed, the rest is filled in.
    last = pages[-1].split()
    assert _squeeze(translate_in(lang, "Quorum required")) in _squeeze(pages[-1])
    assert str(figures.voting) in last and str(figures.needed) in " ".join(last)


def test_the_header_names_the_assembly(
    demo: Database, convened: int, write_document: Callable, tmp_path: Path, pdf_text: Callable
) -> None:
    path = write_document(demo, KIND, "fr", tmp_path / "sheet.pdf", record_id=convened)
    first = pdf_text(path, 1)
    assert translate_in("fr", "Attendance sheet") in first
    assert "Assemblée générale ordinaire" in first
    assert "31 mai 2026 à 10 h 00" in first
    assert "Salle des fêtes" in first


def test_the_latest_convened_assembly_is_the_default(demo: Database, convened: int) -> None:
    with demo.session() as session:
        data = build_attendance_sheet_data(session, CLI_ACTOR, "fr")
    assert data.assembly.id == convened


def test_a_volunteer_may_not_print_it(demo_database: Database, tmp_path: Path) -> None:
    with demo_database.session() as session, pytest.raises(PermissionDenied):
        attendance_sheet_report(session, VOLUNTEER, ReportRequest("fr", tmp_path / "v.pdf"))


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_fonts_are_embedded_and_every_character_has_a_glyph(
    lang: str,
    module_document: Callable,
    demo_database: Database,
    pdf_fonts: Callable,
    pdf_text: Callable,
    assert_glyphs: Callable,
) -> None:
    path = module_document(KIND, lang)
    assert all(f.embedded and f.unicode for f in pdf_fonts(path))
    with demo_database.session() as session:
        data = build_attendance_sheet_data(session, CLI_ACTOR, lang)  # type: ignore[arg-type]
    assert_glyphs(data, pdf_text(path))
