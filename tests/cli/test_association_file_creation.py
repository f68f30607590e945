"""A new association file is made one way (`storage.creation.create_association_file`), by the
first-run assistant and by `nassij init` alike: the association with its reference lists, the
owner's administrator account, the logo, in one transaction; nothing written over a file that
holds anything, nothing left behind by a failure."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from nassij_desktop.cli import main
from nassij_desktop.core.association.models import Association
from nassij_desktop.core.association.services import (
    AssociationProfile,
    clean_profile,
    get_association,
)
from nassij_desktop.core.attachments.models import Attachment
from nassij_desktop.core.books.models import Account
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import Conflict, ValidationError
from nassij_desktop.core.common.permissions import Role
from nassij_desktop.core.members.models import MemberCategory
from nassij_desktop.core.users.models import User
from nassij_desktop.storage import check, open_database
from nassij_desktop.storage.creation import OwnerAccount, create_association_file
from nassij_desktop.ui.startup.creation import NewAssociation
from nassij_desktop.ui.startup.creation import create_association_file as assistant_creates

PASSWORD = "s3cret-pass"
PROFILE = AssociationProfile(name_ar="جمعية الأمل", name_fr="Association Al Amal", city="Tiznit")


@dataclass(frozen=True)
class Made:
    names: tuple[str, str]
    accounts: list[tuple[str, Role, str | None]]
    logo: tuple[str, str] | None
    first_audit: tuple[str, str]  # who created the association: login, entity
    has_chart: bool
    has_categories: bool
    sound: bool


def made(path: Path) -> Made:
    database = open_database(path, create=False)
    try:
        with database.session() as session:
            association = session.scalars(sa.select(Association)).one()
            logo = None
            if association.logo_attachment_id is not None:
                attachment = session.get(Attachment, association.logo_attachment_id)
                assert attachment is not None
                logo = (attachment.filename, attachment.mime_type)
            created_by = session.execute(
                sa.select(AuditEntry.login, AuditEntry.entity).where(
                    AuditEntry.entity == "association", AuditEntry.action == "create"
                )
            ).one()
            result = Made(
                names=(association.name_ar, association.name_fr),
                accounts=[
                    (u.login, u.role, u.language)
                    for u in session.scalars(sa.select(User).order_by(User.id))
                ],
                logo=logo,
                first_audit=(created_by.login, created_by.entity),
                has_chart=bool(session.scalar(sa.select(sa.func.count(Account.id)))),
                has_categories=bool(session.scalar(sa.select(sa.func.count(MemberCategory.id)))),
                sound=False,
            )
        report = check(database)
    finally:
        database.close()
    return Made(**{**result.__dict__, "sound": report.ok})


def png(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 60)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def nassij(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_file_holds_the_association_its_owner_and_its_logo(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    owner = OwnerAccount("amina", "Amina Tazi", PASSWORD, language="fr")
    created = create_association_file(path, PROFILE, owner, logo=png(tmp_path / "logo.png"))
    assert created.path == path.resolve()
    assert created.owner is not None and created.owner.role is Role.ADMIN
    assert made(path) == Made(
        names=("جمعية الأمل", "Association Al Amal"),
        accounts=[("amina", Role.ADMIN, "fr")],
        logo=("logo.png", "image/png"),
        first_audit=("amina", "association"),  # the owner, named from the start
        has_chart=True,
        has_categories=True,
        sound=True,
    )


def test_the_assistant_and_init_make_the_same_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    logo = png(tmp_path / "logo.png")
    by_assistant = assistant_creates(
        NewAssociation(tmp_path / "assistant.sqlite", PROFILE, "amina", "amina", PASSWORD, logo)
    )
    monkeypatch.setenv("NASSIJ_ADMIN_PASSWORD", PASSWORD)
    by_init = tmp_path / "init.sqlite"
    code, out, err = nassij(
        capsys, "--db", str(by_init), "init", "--name-ar", PROFILE.name_ar,
        "--name-fr", PROFILE.name_fr, "--city", "Tiznit", "--admin-login", "amina",
        "--logo", str(logo),
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith("Created Association Al Amal in")
    assert made(by_assistant) == made(by_init)


def test_without_an_owner_the_command_line_creates_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plain.sqlite"
    code, _out, err = nassij(
        capsys, "--db", str(path), "init", "--name-ar", "جمعية", "--name-fr", "Asso"
    )
    assert code == 0, err
    shown = made(path)
    assert shown.accounts == [] and shown.first_audit == ("cli", "association")
    assert shown.has_chart and shown.sound


def test_a_file_that_holds_anything_is_never_written_over(tmp_path: Path) -> None:
    taken = tmp_path / "taken.sqlite"
    taken.write_bytes(b"a file someone keeps")
    with pytest.raises(Conflict, match="A file already exists at"):
        create_association_file(taken, PROFILE)
    assert taken.read_bytes() == b"a file someone keeps"
    empty = tmp_path / "empty.sqlite"
    empty.touch()  # an empty file may be filled (`init` on a file made by `touch`)
    create_association_file(empty, PROFILE)
    assert made(empty).names == ("جمعية الأمل", "Association Al Amal")
    with pytest.raises(Conflict):  # and then it holds something
        create_association_file(empty, PROFILE)


@pytest.mark.parametrize("existed", [False, True])
def test_a_failure_leaves_nothing_behind(tmp_path: Path, existed: bool) -> None:
    path = tmp_path / "new.sqlite"
    if existed:
        path.touch()
    short = OwnerAccount("amina", "Amina Tazi", "short")  # refused inside the transaction
    with pytest.raises(ValidationError) as refused:
        create_association_file(path, PROFILE, short)
    assert refused.value.field == "password"
    assert sorted(p.name for p in tmp_path.iterdir()) == (["new.sqlite"] if existed else [])
    if existed:
        assert path.stat().st_size == 0


def test_a_logo_of_another_type_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gif = tmp_path / "logo.gif"
    Image.new("RGB", (8, 8)).save(gif, format="GIF")
    path = tmp_path / "new.sqlite"
    with pytest.raises(ValidationError, match="PNG or JPEG") as refused:
        create_association_file(path, PROFILE, logo=gif)
    assert refused.value.field == "logo"
    code, _out, err = nassij(
        capsys, "--db", str(path), "init", "--name-ar", "جمعية", "--name-fr", "Asso",
        "--logo", str(gif),
    )  # fmt: skip
    assert code == 1 and "The logo must be a PNG or JPEG image." in err
    assert not path.exists()


def test_init_names_the_local_authority_and_refuses_an_unknown_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "caidat.sqlite"
    code, _out, err = nassij(
        capsys, "--db", str(path), "init", "--name-ar", "جمعية", "--name-fr", "Asso",
        "--commune", "Tafraout", "--authority-kind", "caidat", "--authority-place", "Ammeln",
    )  # fmt: skip
    assert code == 0, err
    database = open_database(path)
    try:
        with database.session() as session:
            association = get_association(session)
            assert (association.authority_kind, association.authority_place) == (
                "caidat",
                "Ammeln",
            )
            assert association.commune == "Tafraout"
    finally:
        database.close()
    # The profile's service names the field and the kinds it knows (the screens send it too).
    with pytest.raises(ValidationError) as refused:
        clean_profile({"authority_kind": "mairie"})
    assert refused.value.field == "authority_kind"
    assert "pachalik" in str(refused.value)
