"""The logical framework of a request, written whole and read back: results, activities and
indicators in their order, figures exact; every refusal names its field and its place; the
version guards a framework changed elsewhere; readers read, volunteers do not write; audited.
And the files of a checklist: a PDF or a scan attached marks its document provided."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.errors import (
    NotFound,
    PermissionDenied,
    StaleVersion,
    ValidationError,
)
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.funding.documents import (
    attach_request_document,
    request_document_file,
)
from nassij_desktop.core.funding.logframe import (
    ActivityData,
    IndicatorData,
    LogframeData,
    ResultData,
    request_logframe,
    set_request_logframe,
)
from nassij_desktop.core.funding.models import FunderKind
from nassij_desktop.core.funding.services import (
    DocumentData,
    FunderData,
    RequestData,
    create_funder,
    create_funding_request,
    request_checklist,
    set_request_checklist,
)
from nassij_desktop.demo.funding_pack import STATUTES_PAGES, demo_pdf, demo_png
from nassij_desktop.storage import Database

SECRETARY = Actor(user_id=None, login="secretary", role=Role.SECRETARY)
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)
VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)
JUNE, DECEMBER = dt.date(2026, 6, 1), dt.date(2026, 12, 31)


def _request(database: Database) -> int:
    with database.transaction() as session:
        funder = create_funder(
            session, SECRETARY, FunderData(name_fr="INDH Fès", kind=FunderKind.INDH)
        )
        return create_funding_request(
            session,
            SECRETARY,
            RequestData(funder_id=funder.id, title="Soutien scolaire", amount_requested=Decimal(1)),
        ).id


def _framework(**changes: object) -> LogframeData:
    data = LogframeData(
        objective="Réduire l'abandon scolaire",
        beneficiaries_count=120,
        beneficiaries="Collégiens et leurs familles",
        results=(
            ResultData(
                "Les résultats progressent",
                activities=(
                    ActivityData("Cours de soutien", JUNE, DECEMBER),
                    ActivityData("Formation des encadrants", JUNE),
                ),
                indicators=(
                    IndicatorData("Taux de réussite", "%", "58", "80,5", None),
                    IndicatorData("Élèves suivis", None, 0, 120, Decimal(96)),
                ),
            ),
            ResultData("Les familles suivent", indicators=(IndicatorData("Familles", target=90),)),
        ),
    )
    return LogframeData(**{**data.__dict__, **changes})  # type: ignore[arg-type]


def test_the_framework_is_written_whole_read_back_in_order_and_audited(
    database: Database,
) -> None:
    request_id = _request(database)
    with database.session() as session:
        assert request_logframe(session, VIEWER, request_id) is None
    with database.transaction() as session:
        written = set_request_logframe(session, SECRETARY, request_id, _framework())
    with database.session() as session:
        read = request_logframe(session, VIEWER, request_id)
    assert read == written and read is not None
    assert [r.label.fr for r in read.results] == [
        "Les résultats progressent",
        "Les familles suivent",
    ]
    first = read.results[0]
    assert [(a.position, a.label.fr, a.starts_on, a.ends_on) for a in first.activities] == [
        (1, "Cours de soutien", JUNE, DECEMBER),
        (2, "Formation des encadrants", JUNE, None),
    ]
    assert [(i.baseline, i.target, i.achieved) for i in first.indicators] == [
        (Decimal(58), Decimal("80.5"), None),
        (Decimal(0), Decimal(120), Decimal(96)),
    ]
    assert read.period == (JUNE, DECEMBER)

    # Replaced whole later (the achieved value typed), the version guarding it.
    achieved = _framework(
        results=(ResultData("Un seul", indicators=(IndicatorData("x", target=1, achieved="1"),)),)
    )
    with database.transaction() as session:
        again = set_request_logframe(
            session, SECRETARY, request_id, achieved, expected_version=read.version
        )
    assert again.version > read.version
    assert [r.label.fr for r in again.results] == ["Un seul"]
    with database.transaction() as session, pytest.raises(StaleVersion):
        set_request_logframe(
            session, SECRETARY, request_id, achieved, expected_version=read.version
        )
    with database.session() as session:
        actions = session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity == "funding_logframe")
            .order_by(AuditEntry.id)
        ).all()
    assert actions == ["create", "update"]
    with database.session() as session:
        tables = {
            t: session.scalar(sa.text(f"SELECT count(*) FROM {t}"))
            for t in ("funding_result", "funding_planned_activity", "funding_indicator")
        }
    assert tables == {"funding_result": 1, "funding_planned_activity": 0, "funding_indicator": 1}


def test_each_text_is_kept_in_arabic_and_in_french(database: Database) -> None:
    """Both languages written, read back and audited; a text in one language only stays so;
    one string goes into the language of its script; too long is refused on its language."""
    request_id = _request(database)
    both = LogframeData(
        objective=Bilingual("الحد من الهدر المدرسي", "Réduire l'abandon scolaire"),
        beneficiaries=Bilingual("تلاميذ الإعدادي", None),
        results=(
            ResultData(
                Bilingual("تحسن النتائج", "Les résultats progressent"),
                activities=(ActivityData("حصص الدعم", JUNE),),
                indicators=(
                    IndicatorData(
                        Bilingual("نسبة النجاح", "Taux de réussite"),
                        Bilingual("تلميذ", "élèves"),
                        target=80,
                    ),
                ),
            ),
        ),
    )
    with database.transaction() as session:
        set_request_logframe(session, SECRETARY, request_id, both)
    with database.session() as session:
        read = request_logframe(session, VIEWER, request_id)
        audited = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity == "funding_logframe")
        ).one()
    assert read is not None
    assert read.objective == Bilingual("الحد من الهدر المدرسي", "Réduire l'abandon scolaire")
    assert read.beneficiaries == Bilingual("تلاميذ الإعدادي", None)
    assert read.beneficiaries.text("fr") == "تلاميذ الإعدادي"  # the other language, when alone
    result = read.results[0]
    assert result.label.text("ar") == "تحسن النتائج"
    assert result.label.text("fr") == "Les résultats progressent"
    assert result.activities[0].label == Bilingual("حصص الدعم", None)  # by its script
    assert result.indicators[0].unit == Bilingual("تلميذ", "élèves")
    assert "Réduire l'abandon scolaire" in str(audited.after)
    assert "الحد من الهدر المدرسي" in str(audited.after)

    too_long = Bilingual("ع" * 501, "ok")
    with database.transaction() as session, pytest.raises(ValidationError) as refused:
        set_request_logframe(
            session, SECRETARY, request_id, _framework(results=(ResultData(too_long),))
        )
    assert refused.value.field == "result_ar"
    assert refused.value.message.startswith("Result 1:")


@pytest.mark.parametrize(
    ("changes", "field", "place"),
    [
        ({"objective": "  "}, "objective", None),
        ({"objective": Bilingual(" ", None)}, "objective", None),
        ({"beneficiaries_count": -1}, "beneficiaries_count", None),
        ({"results": ()}, "results", None),
        ({"results": (ResultData(" "),)}, "result", "Result 1"),
        (
            {"results": (ResultData("r"), ResultData("r", (ActivityData(""),)))},
            "activity",
            "Result 2, activity 1",
        ),
        (
            {"results": (ResultData("r", (ActivityData("a", DECEMBER, JUNE),)),)},
            "ends_on",
            "Result 1, activity 1",
        ),
        (
            {"results": (ResultData("r", (), (IndicatorData("i", target=None),)),)},
            "target",
            "Result 1, indicator 1",
        ),
        (
            {
                "results": (
                    ResultData("r", (), (IndicatorData("i", baseline="beaucoup", target=1),)),
                )
            },
            "baseline",
            "Result 1, indicator 1",
        ),
        (
            {"results": (ResultData("r", (), (IndicatorData("i", target="1e400"),)),)},
            "target",
            "Result 1, indicator 1",
        ),
    ],
)
def test_each_refusal_names_its_field_and_place(
    database: Database, changes: dict[str, object], field: str, place: str | None
) -> None:
    request_id = _request(database)
    with database.transaction() as session, pytest.raises(ValidationError) as refused:
        set_request_logframe(session, SECRETARY, request_id, _framework(**changes))
    assert refused.value.field == field
    if place is not None:
        assert refused.value.message.startswith(place + ":")


def test_readers_read_volunteers_do_not_write_and_a_missing_request_is_said(
    database: Database,
) -> None:
    request_id = _request(database)
    with database.transaction() as session, pytest.raises(PermissionDenied):
        set_request_logframe(session, VIEWER, request_id, _framework())
    with database.session() as session, pytest.raises(PermissionDenied):
        request_logframe(session, VOLUNTEER, request_id)
    with database.session() as session, pytest.raises(NotFound):
        request_logframe(session, VIEWER, request_id + 99)


def test_a_pdf_or_a_scan_attached_marks_its_document_provided(database: Database) -> None:
    request_id = _request(database)
    pdf = demo_pdf(STATUTES_PAGES)
    with database.transaction() as session:
        set_request_checklist(
            session, SECRETARY, request_id, [DocumentData("Statuts"), DocumentData("RIB")]
        )
        attach_request_document(session, SECRETARY, request_id, 1, pdf, "statuts.pdf")
        attach_request_document(session, SECRETARY, request_id, 2, demo_png(), "rib.png")
    with database.session() as session:
        assert [d.provided for d in request_checklist(session, VIEWER, request_id)] == [True, True]
        file = request_document_file(session, VIEWER, request_id, 1)
        assert file is not None and file.is_pdf and file.data == pdf
        scan = request_document_file(session, VIEWER, request_id, 2)
        assert scan is not None and scan.mime_type == "image/png"
    with database.transaction() as session, pytest.raises(ValidationError) as refused:
        attach_request_document(session, SECRETARY, request_id, 1, b"MZ\x90\x00", "statuts.pdf")
    assert refused.value.field == "document_file"
    with database.transaction() as session, pytest.raises(PermissionDenied):
        attach_request_document(session, VIEWER, request_id, 1, pdf, "statuts.pdf")
    with database.transaction() as session, pytest.raises(NotFound):
        attach_request_document(session, SECRETARY, request_id, 5, pdf, "statuts.pdf")
