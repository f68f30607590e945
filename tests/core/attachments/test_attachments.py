from __future__ import annotations

import pytest
import sqlalchemy as sa

from nassij_desktop.core.attachments.services import attachment_bytes, store_attachment
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.storage import Database


def test_files_live_in_the_database_and_identical_content_is_stored_once(
    database: Database,
) -> None:
    photo = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    with database.transaction() as session:
        first = store_attachment(session, photo, "atelier.png")
        second = store_attachment(session, photo, "atelier-copie.png", description="copie")
        assert first.mime_type == "image/png"
    with database.session() as session:
        assert attachment_bytes(session, second.id) == photo
        assert session.scalar(sa.text("SELECT count(*) FROM blob")) == 1
        assert session.scalar(sa.text("SELECT count(*) FROM attachment")) == 2


def test_an_oversized_file_is_refused(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from nassij_desktop.core.attachments import services

    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(ValidationError), database.transaction() as session:
        store_attachment(session, b"x" * 11, "big.bin")
