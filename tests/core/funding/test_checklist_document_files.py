"""A checklist document's file removed (unlinked, audited, refused without the right or when
there is none), and kept when its line is renamed or moved: lines are matched by id."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.attachments.models import Attachment
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.funding.documents import (
    attach_request_document,
    remove_request_document_file,
    request_document_file,
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
from nassij_desktop.demo.funding_pack import demo_png
from nassij_desktop.storage import Database

SECRETARY = Actor(user_id=None, login="secretary", role=Role.SECRETARY)
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)


def _request_with_file(database: Database) -> int:
    with database.transaction() as session:
        funder = create_funder(
            session, SECRETARY, FunderData(name_fr="Commune d'Agadir", kind=FunderKind.COMMUNE)
        )
        request_id = create_funding_request(
            session,
            SECRETARY,
            RequestData(funder_id=funder.id, title="Atelier", amount_requested=Decimal(1000)),
        ).id
        set_request_checklist(
            session, SECRETARY, request_id, [DocumentData("Statuts"), DocumentData("RIB")]
        )
        attach_request_document(session, SECRETARY, request_id, 2, demo_png(), "rib.png")
    return request_id


def test_a_documents_file_is_removed_and_the_removal_audited(database: Database) -> None:
    request_id = _request_with_file(database)
    with database.transaction() as session:
        name = remove_request_document_file(session, SECRETARY, request_id, 2)
    assert name == "rib.png"
    with database.session() as session:
        documents = request_checklist(session, SECRETARY, request_id)
        assert request_document_file(session, SECRETARY, request_id, 2) is None
        assert session.scalar(sa.select(sa.func.count()).select_from(Attachment)) == 1  # kept
        entry = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "remove_file")
        ).one()
    assert [(d.label, d.attachment_id, d.provided) for d in documents] == [
        ("Statuts", None, False),
        ("RIB", None, True),  # provided stays as it was: the paper may be in the file
    ]
    assert entry.entity == "funding_document" and "rib.png" in str(entry.before)
    with database.transaction() as session, pytest.raises(ValidationError) as refused:
        remove_request_document_file(session, SECRETARY, request_id, 2)
    assert refused.value.field == "document_file" and "no file" in refused.value.message


def test_removing_a_file_needs_the_right_to_write(database: Database) -> None:
    request_id = _request_with_file(database)
    with database.transaction() as session, pytest.raises(PermissionDenied):
        remove_request_document_file(session, VIEWER, request_id, 2)
    with database.session() as session:
        assert request_document_file(session, SECRETARY, request_id, 2) is not None


def test_a_renamed_and_moved_document_keeps_its_file(database: Database) -> None:
    request_id = _request_with_file(database)
    with database.session() as session:
        statutes, rib = request_checklist(session, SECRETARY, request_id)
    with database.transaction() as session:
        set_request_checklist(
            session,
            SECRETARY,
            request_id,
            [
                DocumentData("Attestation de RIB", provided=True, id=rib.id),  # renamed, first
                DocumentData("Statuts", id=statutes.id),
                DocumentData("RIB"),  # a new line with the old label: no id, the old file
            ],
        )
    with database.session() as session:
        documents = request_checklist(session, SECRETARY, request_id)
        first = request_document_file(session, SECRETARY, request_id, 1)
    assert [(d.label, d.attachment_id is not None) for d in documents] == [
        ("Attestation de RIB", True),
        ("Statuts", False),
        ("RIB", True),
    ]
    assert first is not None and first.filename == "rib.png"
    # Saved again with the ids read back: the file stays with the renamed line only.
    with database.transaction() as session:
        set_request_checklist(
            session,
            SECRETARY,
            request_id,
            [DocumentData(d.label + " (copie)", id=d.id) for d in documents[:2]],
        )
    with database.session() as session:
        again = request_checklist(session, SECRETARY, request_id)
    assert [d.attachment_id is not None for d in again] == [True, False]
