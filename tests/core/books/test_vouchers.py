"""The scanned voucher of an entry: PDF, JPEG or PNG by content and name, within a size,
attached to a draft or a validated entry without touching its figures or its seal, replaced
with the earlier file kept, audited, read back whole; writers attach, readers read."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from nassij_desktop.core.attachments.models import Attachment, Blob
from nassij_desktop.core.books.chain import verify_entry_chain
from nassij_desktop.core.books.entries import get_entry, record_entry, validate_entry
from nassij_desktop.core.books.models import JournalEntry
from nassij_desktop.core.books.vouchers import (
    MAX_VOUCHER_BYTES,
    VOUCHER_FIELD,
    attach_voucher,
    entry_voucher,
    read_voucher,
    voucher_file_patterns,
)
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import NotFound, PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.i18n import set_language
from nassij_desktop.storage import Database, check
from tests.core.books.ledger_support import ADMIN, TREASURER, VIEWER, form
from tests.core.books.voucher_files import pdf_bytes, png_bytes

SECRETARY = Actor(user_id=None, login="secretary", role=Role.SECRETARY)
VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)


def _audited(session: sa.orm.Session, entry_id: int) -> list[tuple[str, dict[str, object]]]:
    rows = session.execute(
        sa.select(AuditEntry.action, AuditEntry.after)
        .where(AuditEntry.entity == "journal_entry", AuditEntry.entity_id == entry_id)
        .order_by(AuditEntry.id)
    ).all()
    return [
        (action, json.loads(after) if isinstance(after, str) else after) for action, after in rows
    ]


def test_a_validated_entry_takes_its_scan_and_its_seal_still_verifies(database: Database) -> None:
    with database.transaction() as session:
        entry = record_entry(session, TREASURER, form("1200.00"))
        later = record_entry(session, TREASURER, form("300.00"))
        version = session.get(JournalEntry, entry.id).version  # type: ignore[union-attr]
        info = attach_voucher(session, TREASURER, entry.id, pdf_bytes(), "/scans/FAC-118.pdf")
        assert (info.filename, info.mime_type, info.is_pdf) == (
            "FAC-118.pdf",
            "application/pdf",
            True,
        )
        assert info.size == len(pdf_bytes())
        after = get_entry(session, TREASURER, entry.id)
    assert (after.total, after.number, after.content_hash) == (
        entry.total,
        entry.number,
        entry.content_hash,
    )
    assert get_entry_version(database, entry.id) == version + 1
    with database.session() as session:
        assert verify_entry_chain(session) is None
        assert get_entry(session, VIEWER, later.id).content_hash == later.content_hash
        shown = entry_voucher(session, VIEWER, entry.id)
        assert shown is not None and shown.attachment_id == info.attachment_id
        audited = _audited(session, entry.id)
    assert audited[-1][0] == "attach_voucher"
    assert audited[-1][1]["filename"] == "FAC-118.pdf"
    assert audited[-1][1]["validated"] is True
    assert check(database).ok


def get_entry_version(database: Database, entry_id: int) -> int:
    with database.session() as session:
        return session.scalars(
            sa.select(JournalEntry.version).where(JournalEntry.id == entry_id)
        ).one()


def test_a_draft_takes_a_scan_and_keeps_it_when_validated(database: Database) -> None:
    with database.transaction() as session:
        draft = record_entry(session, TREASURER, form("80.00"), draft=True)
        attach_voucher(session, TREASURER, draft.id, png_bytes(), "ticket.png")
        validated = validate_entry(session, TREASURER, draft.id)
        voucher = read_voucher(session, VIEWER, validated.id)
    assert (voucher.filename, voucher.mime_type, voucher.data) == (
        "ticket.png",
        "image/png",
        png_bytes(),
    )
    with database.session() as session:
        assert verify_entry_chain(session) is None


def test_replacing_a_voucher_keeps_the_earlier_file_and_says_so(database: Database) -> None:
    with database.transaction() as session:
        entry = record_entry(session, TREASURER, form())
        first = attach_voucher(session, TREASURER, entry.id, png_bytes(20, 20), "scan.png")
        second = attach_voucher(session, ADMIN, entry.id, JPEG, "scan-again.JPG")
        assert second.mime_type == "image/jpeg"
        kept = session.scalar(
            sa.select(Blob.size)
            .join(Attachment, Attachment.blob_id == Blob.id)
            .where(Attachment.id == first.attachment_id)
        )
        audited = _audited(session, entry.id)
        before = session.scalar(
            sa.select(AuditEntry.before)
            .where(AuditEntry.action == "replace_voucher")
            .order_by(AuditEntry.id.desc())
        )
        current = read_voucher(session, SECRETARY, entry.id)
    assert kept == len(png_bytes(20, 20))
    assert [action for action, _after in audited][-2:] == ["attach_voucher", "replace_voucher"]
    before_values = json.loads(before) if isinstance(before, str) else before
    assert before_values["voucher_attachment_id"] == first.attachment_id
    assert before_values["filename"] == "scan.png"
    assert current.data == JPEG and current.filename == "scan-again.JPG"


def test_the_same_scan_twice_is_stored_once(database: Database) -> None:
    with database.transaction() as session:
        one = record_entry(session, TREASURER, form("10.00"))
        two = record_entry(session, TREASURER, form("20.00"))
        attach_voucher(session, TREASURER, one.id, pdf_bytes(1), "a.pdf")
        attach_voucher(session, TREASURER, two.id, pdf_bytes(1), "b.pdf")
        blobs = session.scalar(sa.select(sa.func.count()).select_from(Blob))
    assert blobs == 1


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"PK\x03\x04 a word document", "facture.docx", "must be a PDF, JPEG or PNG"),
        (b"GIF89a" + bytes(30), "facture.gif", "must be a PDF, JPEG or PNG"),
        (b"PK\x03\x04 a zip renamed", "facture.pdf", "whatever its name says"),
        (b"just some text", "ticket.png", "whatever its name says"),
        (b"", "vide.pdf", "is empty"),
    ],
)
def test_what_is_not_a_pdf_jpeg_or_png_is_refused_on_the_voucher_field(
    database: Database, data: bytes, name: str, words: str
) -> None:
    with database.transaction() as session:
        entry = record_entry(session, TREASURER, form())
        with pytest.raises(ValidationError, match=words) as caught:
            attach_voucher(session, TREASURER, entry.id, data, name)
        assert caught.value.field == VOUCHER_FIELD
        assert name in str(caught.value)
        assert entry_voucher(session, TREASURER, entry.id) is None


def test_a_file_over_the_limit_is_refused_with_its_size(database: Database) -> None:
    too_big = b"%PDF-1.4\n" + bytes(MAX_VOUCHER_BYTES)
    with database.transaction() as session:
        entry = record_entry(session, TREASURER, form())
        with pytest.raises(
            ValidationError, match=r"too large \(25\.0 MB; limit: 25 MB\)"
        ) as caught:
            attach_voucher(session, TREASURER, entry.id, too_big, "scan.pdf")
        assert caught.value.field == VOUCHER_FIELD
        assert session.scalar(sa.select(sa.func.count()).select_from(Blob)) == 0


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", "Le fichier « x.pdf » n'est pas un fichier PDF, JPEG ou PNG"),
        ("ar", "الملف «x.pdf» ليس ملف PDF أو JPEG أو PNG"),
    ],
)
def test_the_refusals_are_in_the_language_of_the_user(
    database: Database, lang: str, words: str
) -> None:
    with database.transaction() as session:
        entry = record_entry(session, TREASURER, form())
        set_language(lang)
        try:
            with pytest.raises(ValidationError) as caught:
                attach_voucher(session, TREASURER, entry.id, b"text", "x.pdf")
        finally:
            set_language("en")
    assert words in str(caught.value)


def test_writers_attach_readers_read_volunteers_neither(database: Database) -> None:
    with database.transaction() as session:
        entry = record_entry(session, TREASURER, form())
        for reader in (VIEWER, SECRETARY):
            with pytest.raises(PermissionDenied):
                attach_voucher(session, reader, entry.id, png_bytes(), "scan.png")
        attach_voucher(session, TREASURER, entry.id, png_bytes(), "scan.png")
        for reader in (VIEWER, SECRETARY, ADMIN):
            assert read_voucher(session, reader, entry.id).data == png_bytes()
        with pytest.raises(PermissionDenied):
            read_voucher(session, VOLUNTEER, entry.id)
        with pytest.raises(PermissionDenied):
            entry_voucher(session, VOLUNTEER, entry.id)


def test_an_entry_without_a_voucher_says_so(database: Database) -> None:
    with database.transaction() as session:
        entry = record_entry(session, TREASURER, form())
        draft = record_entry(session, TREASURER, form(), draft=True)
        with pytest.raises(NotFound, match="BQ-2026-1 has no scanned voucher"):
            read_voucher(session, TREASURER, entry.id)
        with pytest.raises(NotFound, match=f"draft {draft.id} has no scanned voucher"):
            read_voucher(session, TREASURER, draft.id)
        with pytest.raises(NotFound):
            attach_voucher(session, TREASURER, 9999, png_bytes(), "scan.png")


def test_the_file_dialog_offers_the_voucher_types() -> None:
    assert voucher_file_patterns().split() == ["*.pdf", "*.png", "*.jpg", "*.jpeg"]
