"""`nassij requests attach REQUEST_ID --document LABEL_OR_NUMBER FILE` in this process: a file
attached by the document's number, by its label in the other language, refused when it is no
PDF/JPEG/PNG or the checklist has no such document."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.funding.documents import request_document_file
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
from nassij_desktop.demo.funding_pack import demo_pdf, demo_png
from nassij_desktop.storage import Database, open_database
from tests.conftest import Nassij

CHECKLIST = ("القانون الأساسي", "Attestation de RIB", "Lettre du maire")


@pytest.fixture
def db(database: Database) -> tuple[str, int]:
    with database.transaction() as session:
        funder = create_funder(
            session, CLI_ACTOR, FunderData(name_fr="Commune de Tiznit", kind=FunderKind.COMMUNE)
        )
        request_id = create_funding_request(
            session,
            CLI_ACTOR,
            RequestData(funder_id=funder.id, title="Fête du livre", amount_requested=Decimal(5000)),
        ).id
        set_request_checklist(
            session, CLI_ACTOR, request_id, [DocumentData(label) for label in CHECKLIST]
        )
    path = str(database.path)
    database.close()
    return path, request_id


def test_files_attached_by_number_and_by_the_label_in_the_other_language(
    nassij: Nassij, db: tuple[str, int], tmp_path: Path
) -> None:
    path, request_id = db
    statutes = tmp_path / "statuts.pdf"
    statutes.write_bytes(demo_pdf((("STATUTS", "Article 1"),)))
    rib = tmp_path / "rib.png"
    rib.write_bytes(demo_png())
    by_label = nassij(
        "--db", path, "requests", "attach", str(request_id), "--document", "statuts", str(statutes)
    )
    assert by_label.returncode == 0, by_label.stderr
    assert by_label.stdout.strip() == (
        f"File statuts.pdf attached to document 1 of request {request_id}: القانون الأساسي"
    )
    by_number = nassij(
        "--db", path, "requests", "attach", str(request_id), "--document", "2", str(rib)
    )
    assert by_number.returncode == 0, by_number.stderr

    database = open_database(path)
    try:
        with database.session() as session:
            documents = request_checklist(session, CLI_ACTOR, request_id)
            first = request_document_file(session, CLI_ACTOR, request_id, 1)
            second = request_document_file(session, CLI_ACTOR, request_id, 2)
    finally:
        database.close()
    assert [d.provided for d in documents] == [True, True, False]
    assert first is not None and first.data == statutes.read_bytes()
    assert second is not None and (second.filename, second.mime_type) == ("rib.png", "image/png")


def test_refusals_are_one_line(nassij: Nassij, db: tuple[str, int], tmp_path: Path) -> None:
    path, request_id = db
    fake = tmp_path / "budget.pdf"
    fake.write_text("not a pdf")
    refused = nassij(
        "--db", path, "requests", "attach", str(request_id), "--document", "3", str(fake)
    )
    assert refused.returncode == 1
    assert "must be a PDF, JPEG or PNG" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    png = tmp_path / "scan.png"
    png.write_bytes(demo_png())
    unknown = nassij(
        "--db", path, "requests", "attach", str(request_id), "--document", "Bilan", str(png)
    )
    assert unknown.returncode == 1
    assert "has no document “Bilan”" in unknown.stderr
    missing = nassij(
        "--db", path, "requests", "attach", str(request_id), "--document", "1", "absent.pdf"
    )
    assert missing.returncode == 1
    assert "cannot be read" in missing.stderr
