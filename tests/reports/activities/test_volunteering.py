"""The volunteering attestation, read back from the PDF in Arabic and French: who, which
year, the activities in date order with their hours, the total, the words in the person's
gender, the president's signature."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from nassij_desktop.core.activities.models import ActivityKind
from nassij_desktop.core.activities.services import (
    ActivityData,
    create_activity,
    create_programme,
)
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.models import Gender
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.reports.activities.volunteering import volunteering_report
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database
from tests.conftest import Nassij

VOLUNTEER = Actor(user_id=None, login="benevole", role=Role.VOLUNTEER)
# (day, title, minutes of Souad, of Omar): the last one is the next year's
ACTIVITIES = (
    (dt.datetime(2025, 3, 8, 9), "Journée de la femme", 150, 60),
    (dt.datetime(2025, 10, 4, 14), "قافلة طبية", 240, None),
    (dt.datetime(2025, 1, 18, 10), "Atelier d'alphabétisation", 90, None),
    (dt.datetime(2026, 1, 10, 10), "Sortie 2026", 600, None),
)


@pytest.fixture
def members(database: Database) -> tuple[int, int]:
    with database.transaction() as session:
        souad = create_member(
            session,
            CLI_ACTOR,
            MemberData(
                first_name_ar="سعاد", last_name_ar="العلوي", first_name_lat="Souad",
                last_name_lat="Alaoui", gender=Gender.FEMALE,
            ),
        ).id  # fmt: skip
        omar = create_member(
            session,
            CLI_ACTOR,
            MemberData(first_name_lat="Omar", last_name_lat="Tazi", gender=Gender.MALE),
        ).id
        programme = create_programme(session, CLI_ACTOR, "SANTE", "الصحة والتضامن", "Santé")
        for day, title, hers, his in ACTIVITIES:
            given = {souad: hers} | ({omar: his} if his else {})
            data = ActivityData(
                title=title,
                kind=ActivityKind.HEALTH,
                starts_at=day,
                programme_id=programme.id if "ق" in title else None,
                volunteers=given,
            )
            create_activity(session, VOLUNTEER, data)
    return souad, omar


def _attestation(database: Database, member_id: int, lang: str, out: Path) -> Path:
    request = ReportRequest(lang=lang, out=out, member_ids=(member_id,), year=2025)  # type: ignore[arg-type]
    with database.session() as session:
        produce_report(session, VOLUNTEER, "volunteering", request)
    return out


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_the_french_attestation_lists_the_year_in_date_order_with_the_total(
    database: Database, members: tuple[int, int], tmp_path: Path, pdf_text: Callable
) -> None:
    souad, _ = members
    text = pdf_text(_attestation(database, souad, "fr", tmp_path / "fr.pdf"), layout=False)
    assert "Attestation de bénévolat" in text
    assert "La bénévole" in text and "Le bénévole" not in text
    assert "adhérente n°" in text and "l'intéressée" in text
    flat = " ".join(text.split())
    assert "Souad Alaoui" in flat and "000001" in flat
    assert "au cours de l'année 2025, pour un total de 8 heures de bénévolat" in flat
    # 90 + 150 + 240 minutes: 1,5 + 2,5 + 4 hours, in date order; 2026 is not counted
    days = [flat.index(d) for d in ("18/01/2025", "08/03/2025", "04/10/2025")]
    assert days == sorted(days)
    assert "Sortie 2026" not in flat and "10/01/2026" not in flat
    rows = [line.split() for line in pdf_text(tmp_path / "fr.pdf").splitlines()]
    hours = {line[0]: line[-1] for line in rows if line and line[0].endswith("/2025")}
    assert hours == {"18/01/2025": "1,5", "08/03/2025": "2,5", "04/10/2025": "4"}
    assert any(line[:1] == ["Total"] and line[-1] == "8" for line in rows)
    assert "Santé" in flat  # the programme of the caravan
    assert "Fait à" in flat and "Le président Signature et cachet" in flat  # no board yet


def test_the_arabic_attestation_reads_whole_and_in_the_persons_gender(
    database: Database, members: tuple[int, int], tmp_path: Path, pdf_text: Callable
) -> None:
    souad, omar = members
    hers = _squeezed(pdf_text(_attestation(database, souad, "ar", tmp_path / "ar.pdf")))
    for words in ("شهادة التطوع", "المتطوعة", "العضوة رقم", "قد شاركت بصفتها متطوعة",
                  "سعاد العلوي", "قافلة طبية", "الصحة والتضامن", "للمعنية بالأمر"):  # fmt: skip
        assert _squeezed(words) in hers, words
    his = _squeezed(pdf_text(_attestation(database, omar, "ar", tmp_path / "his.pdf")))
    assert "المتطوع" in his and "المتطوعة" not in his and "قدشاركبصفتهمتطوعا" in his
    assert "Journéedelafemme" in his and "قافلةطبية" not in his


def test_an_attestation_needs_volunteer_time_and_one_member(
    database: Database, members: tuple[int, int], tmp_path: Path
) -> None:
    souad, omar = members
    one_year = ReportRequest(lang="fr", out=tmp_path / "x.pdf", member_ids=(omar,), year=2024)
    two = ReportRequest(lang="fr", out=tmp_path / "x.pdf", member_ids=(omar, souad), year=2025)
    with database.session() as session:
        with pytest.raises(ValidationError) as refused:
            volunteering_report(session, VOLUNTEER, one_year)
        assert refused.value.field == "year"
        with pytest.raises(ValidationError) as refused:
            volunteering_report(session, VOLUNTEER, two)
        assert refused.value.field == "member_ids"
    assert not (tmp_path / "x.pdf").exists()


def test_the_command_takes_the_member_number(
    database: Database, members: tuple[int, int], tmp_path: Path, nassij: Nassij,
    pdf_text: Callable,
) -> None:  # fmt: skip
    path = str(database.path)
    database.close()
    out = tmp_path / "cli.pdf"
    result = nassij("--db", path, "report", "volunteering", "--member", "000002",
                    "--year", "2025", "--lang", "fr", "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Omar Tazi" in pdf_text(out) and "Le bénévole" in pdf_text(out)
    unknown = nassij("--db", path, "report", "volunteering", "--member", "000404",
                     "--year", "2025", "--out", str(tmp_path / "no.pdf"))  # fmt: skip
    assert unknown.returncode == 1
    assert unknown.stderr == "nassij: No member has the number 000404.\n"
