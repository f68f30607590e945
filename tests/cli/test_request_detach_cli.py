"""`nassij requests detach REQUEST_ID --document LABEL_OR_NUMBER` in this process: the file of a
document removed by its label, refused once it has none."""

from __future__ import annotations

from decimal import Decimal

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.funding.documents import attach_request_document
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
from nassij_desktop.demo.funding_pack import demo_png
from nassij_desktop.storage import Database, open_database
from tests.conftest import Nassij


def test_a_file_is_detached_by_label_then_refused(nassij: Nassij, database: Database) -> None:
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
            session, CLI_ACTOR, request_id, [DocumentData("القانون الأساسي"), DocumentData("RIB")]
        )
        attach_request_document(session, CLI_ACTOR, request_id, 1, demo_png(), "statuts.png")
    path = str(database.path)
    database.close()

    done = nassij("--db", path, "requests", "detach", str(request_id), "--document", "statuts")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        f"File statuts.png removed from document 1 of request {request_id}: القانون الأساسي"
    )
    again = nassij("--db", path, "requests", "detach", str(request_id), "--document", "1")
    assert again.returncode == 1
    assert "has no file attached" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
    unknown = nassij("--db", path, "requests", "detach", str(request_id), "--document", "Bilan")
    assert unknown.returncode == 1 and "has no document “Bilan”" in unknown.stderr

    reopened = open_database(path)
    try:
        with reopened.session() as session:
            documents = request_checklist(session, CLI_ACTOR, request_id)
    finally:
        reopened.close()
    assert [d.attachment_id for d in documents] == [None, None]
