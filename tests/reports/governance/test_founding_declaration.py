"""The founding declaration: the constitutive file of a new association, addressed to the caïd
of its caïdat, with the board the constitutive assembly elected and its founders' article-5
data in an annex; no final receipt (it does not exist yet), no comparison with a board before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nassij_desktop.core.association.authorities import AuthorityKind
from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.governance.assemblies import (
    AssemblyData,
    convene_assembly,
    open_session,
    record_attendance,
)
from nassij_desktop.core.governance.board import SeatChoice, elect_board
from nassij_desktop.core.governance.models import AssemblyKind, Attendance
from nassij_desktop.core.members.models import Gender
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.i18n import translate_in
from nassij_desktop.reports.governance.board_declaration import (
    DeclarationCase,
    build_board_declaration_data,
)
from nassij_desktop.reports.kinds import produce_report, report_gaps
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database, open_database
from nassij_desktop.storage.creation import create_association_file

HELD_ON = clock.today() - dt.timedelta(days=3)
# (last_ar, first_ar, last_lat, first_lat, gender, address_ar, address, profession)
FOUNDERS = [
    (
        "أمزيان",
        "فاطمة",
        "Amazian",
        "Fatima",
        Gender.FEMALE,
        "12، زنقة الأطلس",
        "12, rue Atlas",
        "Enseignante",
    ),
    (
        "أوعلي",
        "يوسف",
        "Ouali",
        "Youssef",
        Gender.MALE,
        "4، زنقة النخيل",
        "4, rue des Palmiers",
        "Agriculteur",
    ),
    ("بوزيد", "خديجة", "Bouzid", "Khadija", Gender.FEMALE, "", "", "Infirmière"),  # no address
]


def _squeeze(text: str) -> str:
    return "".join(text.split()).replace(".", "")


@pytest.fixture(scope="module")
def founding(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A new association of the caïdat of Biougra: three founders at its constitutive
    assembly, which elected two of them."""
    folder = tmp_path_factory.mktemp("founding")
    created = create_association_file(
        folder / "tifawin.sqlite",
        AssociationProfile(
            name_ar="جمعية تيفاوين للتنمية",
            name_fr="Association Tifawin pour le développement",
            address_ar="دوار تيفاوين",
            address_fr="Douar Tifawin",
            city="Biougra",
            commune="Biougra",
            authority_kind=AuthorityKind.CAIDAT.value,
            authority_place="Biougra",
        ),
    )
    assert created.path is not None
    database = open_database(created.path)
    with database.transaction() as session:
        ids = [
            create_member(
                session,
                CLI_ACTOR,
                MemberData(
                    last_name_ar=last_ar,
                    first_name_ar=first_ar,
                    last_name_lat=last_lat,
                    first_name_lat=first_lat,
                    gender=gender,
                    birth_date=dt.date(1980 + n, 3, 1),
                    birth_place="Tiznit",
                    id_number=f"JE{n}12345",
                    profession=profession,
                    address_ar=address_ar or None,
                    address=address or None,
                    city="Biougra",
                    join_date=HELD_ON,
                ),
            ).id
            for n, (
                last_ar,
                first_ar,
                last_lat,
                first_lat,
                gender,
                address_ar,
                address,
                profession,
            ) in enumerate(FOUNDERS)
        ]
        assembly = convene_assembly(
            session,
            CLI_ACTOR,
            AssemblyData(
                kind=AssemblyKind.CONSTITUTIVE,
                held_on=HELD_ON,
                convened_on=HELD_ON - dt.timedelta(days=15),
                place="Dar Tifawin",
                agenda=["Adoption of the statutes", "Election of the board"],
            ),
        )
        open_session(session, CLI_ACTOR, assembly.id)
        for member_id in ids:
            record_attendance(session, CLI_ACTOR, assembly.id, member_id, Attendance.PRESENT)
        elect_board(
            session,
            CLI_ACTOR,
            assembly.id,
            [SeatChoice("president", ids[0]), SeatChoice("treasurer", ids[1])],
        )
    yield database
    database.close()


@pytest.fixture(scope="module")
def letters(founding: Database, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("founding-letters")
    out = {}
    with founding.session() as session:
        for lang in ("ar", "fr"):
            request = ReportRequest(lang=lang, out=folder / f"founding-{lang}.pdf")  # type: ignore[arg-type]
            out[lang] = produce_report(session, CLI_ACTOR, "board-declaration", request).path
    return out


def test_the_first_board_elected_by_the_constitutive_assembly_is_a_founding(
    founding: Database,
) -> None:
    with founding.session() as session:
        data = build_board_declaration_data(session)
    assert data.case is DeclarationCase.FOUNDING
    assert [f.last_name_lat for f in data.founders] == ["Amazian", "Bouzid", "Ouali"]
    assert data.changes == ()


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_founding_letter_declares_the_constitution_to_the_caid(
    lang: str, letters: dict[str, Path], pdf_text: Callable
) -> None:
    text = _squeeze(pdf_text(letters[lang]))
    subject = translate_in(lang, "Declaration of the constitution of the association")
    assert _squeeze(subject) in text
    caid = translate_in(lang, "To Mr. the Caïd {of_place}")
    place = "Biougra" if lang == "fr" else "بيوكرى"
    assert _squeeze(caid.format(of_place=("de " if lang == "fr" else "") + place)) in text
    statutes = translate_in(lang, "The statutes adopted by the constitutive assembly")
    assert _squeeze(statutes) in text
    # Not a renewal: no one "joined", no comparison, no receipt to cite.
    for absent in ("Joined the board", "Changes compared with the previous board"):
        assert _squeeze(translate_in(lang, absent)) not in text
    assert _squeeze(translate_in(lang, "the renewal of its board")) not in text
    # The annex lists every founder with their article-5 data.
    assert _squeeze(translate_in(lang, "Annex: list of the founding members")) in text
    for n, founder in enumerate(FOUNDERS):
        assert f"JE{n}12345" in text
        assert _squeeze(founder[0] if lang == "ar" else founder[2]) in text


def test_the_french_letter_starts_with_the_article(
    letters: dict[str, Path], pdf_text: Callable
) -> None:
    text = " ".join(pdf_text(letters["fr"]).split())
    assert "L'Association Tifawin pour le développement, dont le siège est fixé au" in text


def test_the_founder_without_an_address_is_named_before_the_letter(founding: Database) -> None:
    request = ReportRequest(lang="fr", out=Path("unused.pdf"))
    with founding.session() as session:
        gaps = report_gaps(session, CLI_ACTOR, "board-declaration", request)
        board_only = report_gaps(session, CLI_ACTOR, "board-list", request)
    # The founders are part of the constitutive file; the board list asks only the board.
    assert [(g.person.last_name_lat, g.fields, g.roles("fr")) for g in gaps] == [
        ("Bouzid", ("address",), "")
    ]
    assert "fondat" in gaps[0].sentence("fr")
    assert board_only == []
