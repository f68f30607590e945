"""The application pack of a funding request (`report funding-pack --id N`).

On a new file: the pack's own pages (identity, request, logical framework, schedule, budget,
checklist) in French and in Arabic (Arabic words in reading order), then the statutes attached
as a PDF (their text, their two pages) and the RIB scan as a page of its own, where the
checklist says; the board list the records cannot make yet is said missing. On the demo: the
minutes and the moral report made from the records and merged, the board list left out for a
role that may not make it. The command writes it."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.funding.documents import attach_request_document
from nassij_desktop.core.funding.logframe import (
    ActivityData,
    IndicatorData,
    LogframeData,
    ResultData,
    set_request_logframe,
)
from nassij_desktop.core.funding.models import FunderKind
from nassij_desktop.core.funding.services import (
    BudgetLineData,
    DocumentData,
    FunderData,
    RequestData,
    create_funder,
    create_funding_request,
    list_funding_requests,
    set_request_budget,
    set_request_checklist,
)
from nassij_desktop.demo.funding_pack import STATUTES_PAGES, demo_pdf, demo_png
from nassij_desktop.reports.funding.pack import logframe_text as pack_text
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database
from tests.conftest import Nassij
from tests.reports.conftest import read_text

VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)
VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)
CHECKLIST = (
    "Statuts",
    "Liste des membres du bureau",
    "Budget du projet",
    "Récépissé définitif de la déclaration",
    "Attestation de RIB",
)


def _request(database: Database) -> int:
    """A draft with its budget, logical framework (its objective and first result in both
    languages, some texts in one language only) and checklist: the
    statutes attached as a PDF, the RIB as a scan, the receipt on paper."""
    with database.transaction() as session:
        funder = create_funder(
            session,
            CLI_ACTOR,
            FunderData(name_fr="INDH Fès", name_ar="المبادرة الوطنية فاس", kind=FunderKind.INDH),
        )
        request_id = create_funding_request(
            session,
            CLI_ACTOR,
            RequestData(
                funder_id=funder.id,
                title="Soutien scolaire",
                amount_requested=Decimal(1),
                starts_on=dt.date(2026, 9, 1),
                ends_on=dt.date(2027, 6, 30),
            ),
        ).id
        set_request_budget(
            session,
            CLI_ACTOR,
            request_id,
            [
                BudgetLineData("Encadrants", Decimal(2400), 10, Decimal(19200)),
                BudgetLineData("Manuels", Decimal(120), 150),
            ],
        )
        set_request_logframe(
            session,
            CLI_ACTOR,
            request_id,
            LogframeData(
                objective=Bilingual("الحد من الهدر المدرسي", "Réduire l'abandon scolaire"),
                beneficiaries_count=120,
                beneficiaries="Collégiens et leurs familles",
                results=(
                    ResultData(
                        Bilingual("تحسن النتائج الدراسية", "Les résultats progressent"),
                        (ActivityData("Cours de soutien", dt.date(2026, 9, 1)),),
                        (IndicatorData("Taux de réussite", "%", 58, 80, "71,5"),),
                    ),
                ),
            ),
        )
        set_request_checklist(
            session,
            CLI_ACTOR,
            request_id,
            [DocumentData(label, provided=label.startswith("Récépissé")) for label in CHECKLIST],
        )
        attach_request_document(
            session, CLI_ACTOR, request_id, 1, demo_pdf(STATUTES_PAGES), "statuts.pdf"
        )
        attach_request_document(session, CLI_ACTOR, request_id, 5, demo_png(), "rib.png")
    return request_id


def _pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert match
    return int(match[1])


def _line(text: str, label: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith(label))


def _start(text: str, label: str) -> int:
    """The page the checklist gives for the document `label`."""
    match = re.search(r"page (\d+)\s*$", _line(text, label))
    assert match, _line(text, label)
    return int(match[1])


def _pack(database: Database, actor: Actor, lang: str, out: Path, record: int | None) -> int:
    with database.session() as session:
        return produce_report(
            session,
            actor,
            "funding-pack",
            ReportRequest(lang, out, record_id=record),  # type: ignore[arg-type]
        ).pages


def test_the_french_pack_holds_every_section_then_the_attached_files(
    database: Database, tmp_path: Path
) -> None:
    request_id = _request(database)
    out = tmp_path / "pack-fr.pdf"
    pages = _pack(database, CLI_ACTOR, "fr", out, request_id)
    assert pages == _pages(out)
    text = read_text(out).split("\f")
    own = "\n".join(page for page in text if "Page " in page)  # the pack's own pages
    for section in (
        "Dossier de demande de financement",
        "L'association",
        "La demande",
        "Cadre logique",
        "Réduire l'abandon scolaire",  # the French of each text in the French pack
        "Les résultats progressent",
        "Collégiens et leurs familles",
        "Taux de réussite",
        "71,5",
        "Calendrier",
        "Budget",
        "Documents du dossier",
    ):
        assert section in own, section
    assert "الحد من الهدر المدرسي" not in own and "تحسن النتائج" not in own
    assert "Cofinancement" in own and "4 800,00" in own  # what the funder is not asked for
    assert "fournie sur papier" in _line(own, "Récépissé définitif de la")
    assert "dans ce dossier" in _line(own, "Budget du projet")
    assert "manquante" in _line(own, "Liste des membres du bureau")  # no board yet
    # The statutes: their two pages where the checklist says; the scan last, without text.
    statutes = _start(own, "Statuts")
    assert "STATUTS DE L" in text[statutes - 1] and "Article 10" in text[statutes]
    assert _start(own, "Attestation de RIB") == pages == statutes + 2
    assert text[pages - 1].strip() == ""


def test_the_arabic_pack_reads_in_order_and_a_volunteer_may_not_make_it(
    database: Database, tmp_path: Path
) -> None:
    request_id = _request(database)
    out = tmp_path / "pack-ar.pdf"
    pages = _pack(database, CLI_ACTOR, "ar", out, request_id)
    assert pages == _pages(out)
    own = read_text(out, layout=False)
    for words in (
        "ملف طلب التمويل",
        "الإطار المنطقي",
        "الحد من الهدر المدرسي",
        "تحسن النتائج الدراسية",
        "الجدول الزمني",
        "وثائق الملف",
        "مقدمة ورقيا",
        "Cours de soutien",  # in French only: there, isolated
        "Collégiens et leurs familles",
    ):
        assert words in own, words
    assert "Réduire l'abandon" not in own and "Les résultats progressent" not in own
    with pytest.raises(PermissionDenied):
        _pack(database, VOLUNTEER, "ar", tmp_path / "no.pdf", request_id)


def test_a_text_missing_in_the_pack_language_comes_in_the_other_isolated() -> None:
    assert pack_text(Bilingual("هدف", "Objectif"), "ar") == "هدف"
    assert pack_text(Bilingual("هدف", "Objectif"), "fr") == "Objectif"
    assert pack_text(Bilingual(None, "Cours de soutien"), "ar") == "\u2068Cours de soutien\u2069"
    assert pack_text(Bilingual("حصص الدعم", None), "fr") == "\u2068حصص الدعم\u2069"
    assert pack_text(Bilingual(), "fr") == ""


def test_the_demo_pack_merges_what_the_records_make(funding_demo: Database, tmp_path: Path) -> None:
    with funding_demo.session() as session:
        request = next(
            r
            for r in list_funding_requests(session, CLI_ACTOR)
            if r.title.startswith("Programme de soutien scolaire")
        )
    with funding_demo.transaction() as session:  # two of the demo's documents: a shorter test
        set_request_checklist(
            session,
            CLI_ACTOR,
            request.id,
            [
                DocumentData("Procès-verbal de la dernière assemblée générale"),
                DocumentData("Liste des membres du bureau"),
            ],
        )
    out = tmp_path / "pack.pdf"
    pages = _pack(funding_demo, VIEWER, "fr", out, request.id)  # a reader: no CIN
    text = read_text(out).split("\f")
    own = "\n".join(page for page in text if "Réf. : " in page)
    minutes = _start(own, "Procès-verbal de la dernière assemblée générale")
    assert "assemblée générale" in text[minutes - 1].casefold()
    assert minutes < pages
    assert "non incluse : votre rôle" in own  # the board list, with the members' CIN
    # The demo's framework is in both languages, whatever the demo's: French here.
    assert "Réduire l'abandon scolaire des élèves" in own
    assert "الحد من الهدر المدرسي" not in own


def test_the_command_writes_the_pack(database: Database, tmp_path: Path, nassij: Nassij) -> None:
    request_id = _request(database)
    out = tmp_path / "pack.pdf"
    path = database.engine.url.database
    assert path
    done = nassij(
        "--db", path, "report", "funding-pack", "--id", str(request_id), "--lang", "fr",
        "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Dossier de demande de financement" in read_text(out, page=1)
    assert _pages(out) >= 4


def test_checklist_lines_typed_in_arabic_are_recognised(database: Database, tmp_path: Path) -> None:
    """Lines typed in Arabic (ه for ة, no hamza) name the budget and the logical framework
    the pack holds; a document of the funder's own stays missing."""
    request_id = _request(database)
    with database.transaction() as session:
        set_request_checklist(
            session,
            CLI_ACTOR,
            request_id,
            [
                DocumentData("ميزانيه المشروع"),
                DocumentData("الاطار المنطقي للمشروع"),
                DocumentData("شهادة السلطة المحلية"),
            ],
        )
    out = tmp_path / "pack-fr.pdf"
    _pack(database, CLI_ACTOR, "fr", out, request_id)
    own = read_text(out)
    assert "dans ce dossier : voir « Budget »" in own
    assert "dans ce dossier : voir « Cadre logique »" in own
    assert own.count("manquante") == 1
