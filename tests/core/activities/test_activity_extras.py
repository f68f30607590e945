"""An activity's partners and cost (checked, kept in centimes, audited), and its photos and
attendance sheets: checked by name and content, stored once, and changed only by whoever may
change the activity."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
import sqlalchemy as sa
from PIL import Image

from nassij_desktop.core.activities.attachments import (
    activity_files,
    attach_activity_file,
    read_activity_file,
    remove_activity_file,
)
from nassij_desktop.core.activities.models import Activity, ActivityKind, AttachmentRole
from nassij_desktop.core.activities.services import (
    ActivityData,
    create_activity,
    get_activity,
    update_activity,
)
from nassij_desktop.core.attachments.models import Attachment
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.users.services import create_user
from nassij_desktop.i18n import speaking
from nassij_desktop.storage import Database

DAY = dt.datetime(2025, 5, 3, 10, 0)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(colour: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), colour).save(out, "PNG")
    return out.getvalue()


def _volunteers(database: Database) -> tuple[Actor, Actor]:
    actors = []
    with database.transaction() as session:
        create_user(session, CLI_ACTOR, "admin", "Admin", "mot-de-passe-1", Role.ADMIN)  # first
        for login in ("benevole", "benevole-2"):
            user = create_user(session, CLI_ACTOR, login, login, "mot-de-passe-1", Role.VOLUNTEER)
            actors.append(Actor(user_id=user.id, login=login, role=user.role))
    return actors[0], actors[1]


def _log(database: Database, actor: Actor, **values: object) -> int:
    with database.transaction() as session:
        data = ActivityData(title="Atelier", kind=ActivityKind.TRAINING, starts_at=DAY)
        for key, value in values.items():
            setattr(data, key, value)
        return create_activity(session, actor, data).id


def test_partners_and_cost_are_kept_in_centimes_and_audited(database: Database) -> None:
    activity_id = _log(
        database, CLI_ACTOR, partners="  Commune de Zagora,  École Al Amal ", cost="1 250,50"
    )
    with database.session() as session:
        record = get_activity(session, CLI_ACTOR, activity_id)
        assert record.partners == "Commune de Zagora, École Al Amal"
        assert record.cost == Decimal("1250.50")
        stored = session.execute(sa.text("SELECT cost FROM activity WHERE id = :i"), {"i": 1})
        assert stored.scalar_one() == 125050
    with database.transaction() as session:
        changed = update_activity(session, CLI_ACTOR, activity_id, None, cost=Decimal(0))
        assert changed.cost == Decimal("0.00")  # free: told, not unknown
        cleared = update_activity(session, CLI_ACTOR, activity_id, None, cost="", partners="")
        assert (cleared.cost, cleared.partners) == (None, None)
    with database.session() as session:
        audits = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity == "activity").order_by(AuditEntry.id)
        ).all()
        created = json.loads(audits[0].after or "{}")
        assert created["cost"] == "1250.50"
        assert created["partners"] == "Commune de Zagora, École Al Amal"


@pytest.mark.parametrize(
    ("cost", "fr", "ar"),
    [
        (Decimal("-5"), "négatif", "سالب"),
        ("-5,00", "négatif", "سالب"),
        (Decimal("1.005"), "2 décimales", "رقمين"),
        ("douze", "montant", "المبلغ"),
        (Decimal("1e12"), "trop", "كبير"),
        (1.5, "dirhams", "بالدرهم"),
    ],
)
def test_a_wrong_cost_is_refused_on_its_field(
    database: Database, cost: object, fr: str, ar: str
) -> None:
    for lang, word in (("fr", fr), ("ar", ar)):
        with database.transaction() as session, speaking(lang):
            data = ActivityData(title="Atelier", starts_at=DAY, cost=cost)  # type: ignore[arg-type]
            with pytest.raises(ValidationError) as refused:
                create_activity(session, CLI_ACTOR, data)
            assert refused.value.field == "cost"
            assert word in str(refused.value), (lang, str(refused.value))
    with database.session() as session:
        assert session.scalar(sa.select(sa.func.count(Activity.id))) == 0


def test_photos_and_sheets_attach_read_back_and_leave(database: Database) -> None:
    volunteer, _other = _volunteers(database)
    activity_id = _log(database, volunteer)
    with database.transaction() as session:
        photo = attach_activity_file(
            session, volunteer, activity_id, png(), "C:/photos/atelier.png", AttachmentRole.PHOTO
        )
        sheet = attach_activity_file(
            session, volunteer, activity_id, PDF, "feuille.pdf", AttachmentRole.ATTENDANCE_SHEET
        )
        again = attach_activity_file(
            session, volunteer, activity_id, png(), "copie.png", AttachmentRole.PHOTO
        )
    assert (photo.filename, photo.mime_type, sheet.is_pdf) == ("atelier.png", "image/png", True)
    with database.session() as session:
        files = activity_files(session, volunteer, activity_id)
        assert [(f.role, f.filename) for f in files] == [
            (AttachmentRole.PHOTO, "atelier.png"),
            (AttachmentRole.PHOTO, "copie.png"),
            (AttachmentRole.ATTENDANCE_SHEET, "feuille.pdf"),
        ]
        assert read_activity_file(session, volunteer, sheet.id).data == PDF
        blobs = session.scalars(
            sa.select(Attachment.blob_id).where(
                Attachment.id.in_([photo.attachment_id, again.attachment_id])
            )
        ).all()
        assert len(set(blobs)) == 1  # the same photo twice is stored once
        assert session.get(Attachment, photo.attachment_id).taken_on == DAY.date()
    with database.transaction() as session:
        remove_activity_file(session, volunteer, again.id)
    with database.session() as session:
        assert [f.id for f in activity_files(session, volunteer, activity_id)] == [
            photo.id,
            sheet.id,
        ]
        assert session.get(Attachment, again.attachment_id) is not None  # unlinked, kept
        actions = session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity == "activity_attachment")
            .order_by(AuditEntry.id)
        ).all()
        assert actions == ["attach_file", "attach_file", "attach_file", "remove_file"]


@pytest.mark.parametrize(
    ("data", "name", "role", "fr"),
    [
        (PDF, "photo.pdf", AttachmentRole.PHOTO, "JPEG ou PNG"),
        (PDF, "photo.png", AttachmentRole.PHOTO, "JPEG ou PNG"),  # named as an image, is not
        (b"GIF89a....", "feuille.gif", AttachmentRole.ATTENDANCE_SHEET, "PDF, JPEG ou PNG"),
        (b"", "feuille.pdf", AttachmentRole.ATTENDANCE_SHEET, "vide"),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused(
    database: Database, data: bytes, name: str, role: AttachmentRole, fr: str
) -> None:
    activity_id = _log(database, CLI_ACTOR)
    with database.transaction() as session, speaking("fr"):
        with pytest.raises(ValidationError) as refused:
            attach_activity_file(session, CLI_ACTOR, activity_id, data, name, role)
        assert refused.value.field == "attachments"
        assert fr in str(refused.value)
        assert activity_files(session, CLI_ACTOR, activity_id) == []


def test_a_volunteer_attaches_to_and_removes_from_only_their_own_activity(
    database: Database,
) -> None:
    volunteer, other = _volunteers(database)
    theirs = _log(database, other)
    with database.transaction() as session:
        kept = attach_activity_file(session, other, theirs, png(), "a.png", AttachmentRole.PHOTO)
    with database.transaction() as session, speaking("fr"):
        with pytest.raises(PermissionDenied):
            attach_activity_file(session, volunteer, theirs, png(), "b.png", AttachmentRole.PHOTO)
        with pytest.raises(PermissionDenied):
            remove_activity_file(session, volunteer, kept.id)
    with database.transaction() as session:  # the manager (here the CLI's admin) may
        remove_activity_file(session, CLI_ACTOR, kept.id)
        assert activity_files(session, volunteer, theirs) == []
    reader = Actor(user_id=None, login="tresorier", role=Role.TREASURER)
    with database.transaction() as session, pytest.raises(PermissionDenied):
        attach_activity_file(session, reader, theirs, png(), "c.png", AttachmentRole.PHOTO)
