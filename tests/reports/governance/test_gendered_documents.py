"""A board and an assembly led by women, read back from the PDFs: roles, the officers of the
session, attendance and nationality agree with each person, in Arabic and in French."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.governance.models import Attendance
from nassij_desktop.core.governance.services import (
    AssemblyData,
    SeatChoice,
    convene_assembly,
    elect_board,
    open_session,
    record_attendance,
)
from nassij_desktop.core.members.models import Gender
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database

TODAY = clock.today()
PEOPLE = {
    # key: (first ar, last ar, first lat, last lat, gender)
    "sara": ("سارة", "العلوي", "Sara", "Alaoui", Gender.FEMALE),
    "omar": ("عمر", "بناني", "Omar", "Bennani", Gender.MALE),
    "nadia": ("نادية", "الشرايبي", "Nadia", "Chraibi", Gender.FEMALE),
}


@pytest.fixture
def led_by_women(database: Database) -> int:
    """Sara chairs the assembly and is elected president, Nadia treasurer, Omar secretary
    general (and secretary of the session). The assembly's id."""
    with database.transaction() as session:
        ids = {
            key: create_member(
                session,
                CLI_ACTOR,
                MemberData(
                    first_name_ar=first_ar,
                    last_name_ar=last_ar,
                    first_name_lat=first_lat,
                    last_name_lat=last_lat,
                    gender=gender,
                    id_number=f"JB{100 + index}",
                    join_date=dt.date(2021, 3, 1),
                ),
            ).id
            for index, (key, (first_ar, last_ar, first_lat, last_lat, gender)) in enumerate(
                PEOPLE.items()
            )
        }
        assembly = convene_assembly(
            session,
            CLI_ACTOR,
            AssemblyData(
                held_on=TODAY,
                convened_on=TODAY - dt.timedelta(days=15),
                place="Maison des jeunes",
                agenda=["Election"],
            ),
        ).id
        open_session(
            session,
            CLI_ACTOR,
            assembly,
            chair_member_id=ids["sara"],
            secretary_member_id=ids["omar"],
        )
        for member_id in ids.values():
            record_attendance(session, CLI_ACTOR, assembly, member_id, Attendance.PRESENT)
        elect_board(
            session,
            CLI_ACTOR,
            assembly,
            [
                SeatChoice("president", ids["sara"]),
                SeatChoice("secretary_general", ids["omar"]),
                SeatChoice("treasurer", ids["nadia"]),
            ],
        )
    return assembly


def _document(database: Database, kind: str, lang: str, out: Path, **request: object) -> Path:
    with database.session() as session:
        produce_report(session, CLI_ACTOR, kind, ReportRequest(lang=lang, out=out, **request))  # type: ignore[arg-type]
    return out


def _words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize(
    ("lang", "feminine", "masculine"),
    [
        ("ar", ["الرئيسة", "أمينة", "مغربية"], ["الكاتب", "مغربي"]),
        ("fr", ["Présidente", "Trésorière", "Marocaine"], ["Secrétaire", "Marocain"]),
    ],
)
def test_the_board_list_names_each_role_and_nationality_in_the_holder_s_gender(
    lang: str,
    feminine: list[str],
    masculine: list[str],
    database: Database,
    led_by_women: int,
    tmp_path: Path,
    pdf_text: Callable[..., str],
) -> None:
    words = _words(pdf_text(_document(database, "board-list", lang, tmp_path / "list.pdf")))
    for word in feminine + masculine:
        assert word in words, word
    assert "الرئيس" not in words and "Président" not in words, "the president is a woman"
    assert "Trésorier" not in words and "Marocaines" not in words
    # Two women and a man: the adjective is said of each, never the stored code.
    assert words.count(feminine[-1]) == 2 and words.count(masculine[-1]) == 1
    assert not re.search(r"\bMA\b", " ".join(words))


@pytest.mark.parametrize(
    ("lang", "chair", "secretary", "present"),
    [
        ("ar", "رئيسة الجلسة", "كاتب الجلسة", "حاضرة"),
        ("fr", "Présidente de séance", "Secrétaire de séance", "Présente"),
    ],
)
def test_minutes_of_an_assembly_chaired_by_a_woman(
    lang: str,
    chair: str,
    secretary: str,
    present: str,
    database: Database,
    led_by_women: int,
    tmp_path: Path,
    pdf_text: Callable[..., str],
) -> None:
    out = tmp_path / "minutes.pdf"
    text = pdf_text(_document(database, "assembly-minutes", lang, out, record_id=led_by_women))
    squeezed = "".join(text.split())
    # In the facts at the top and above her signature (and the Arabic closing sentence).
    assert squeezed.count("".join(chair.split())) >= 2
    assert "".join(secretary.split()) in squeezed
    # The attendance list: two women present, one man.
    words = _words(text)
    assert words.count(present) == 2
    assert words.count("حاضر" if lang == "ar" else "Présent") == 1
    # The board elected: her role in the feminine; she closed the meeting.
    assert ("الرئيسة" if lang == "ar" else "Présidente") in words
    closed = "رفعت رئيسة الجلسة الاجتماع" if lang == "ar" else "la présidente de séance a levé"
    assert "".join(closed.split()) in squeezed
