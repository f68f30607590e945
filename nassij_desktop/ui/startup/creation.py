"""Creating the files the first-run assistant offers: a new association, or a demo.

No Qt here: the assistant collects the values, these functions write them through the
services in one transaction. A failure leaves no half-made file behind.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from nassij_desktop import paths
from nassij_desktop.core.association.services import (
    AssociationProfile,
    create_association,
    set_association_logo,
)
from nassij_desktop.core.common.errors import Conflict, ValidationError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.core.users.services import create_user
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.storage import open_database

DEMO_MEMBERS = 300
LOGO_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"})


@dataclass
class NewAssociation:
    path: Path
    profile: AssociationProfile
    admin_login: str
    admin_name: str
    admin_password: str
    logo: Path | None = None
    language: str | None = None


def _remove_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()


def create_association_file(request: NewAssociation) -> Path:
    """Write a new file holding the association, its logo and its administrator account.

    Refused (Conflict) if a file already exists at the path: nothing is ever overwritten.
    """
    path = Path(request.path).expanduser().resolve()
    if path.exists():
        raise Conflict(
            _("A file already exists at {path}. Choose another name.").format(
                path=isolate(str(path), "ltr")
            )
        )
    logo_bytes: bytes | None = None
    if request.logo is not None:
        if request.logo.suffix.lower() not in LOGO_SUFFIXES:
            raise ValidationError("logo", _("The logo must be an image (PNG or JPEG)."))
        try:
            logo_bytes = request.logo.read_bytes()
        except OSError as exc:
            raise ValidationError(
                "logo", _("The logo could not be read: {reason}").format(reason=exc.strerror)
            ) from exc
    database = open_database(path, create=True)
    try:
        with database.transaction() as session:
            # The first account of a file may be created by anyone, and is the administrator;
            # it then creates the association, so the audit log names a person from the start.
            admin = create_user(
                session,
                Actor(user_id=None, login="setup", role=Role.ADMIN),
                request.admin_login,
                request.admin_name,
                request.admin_password,
                Role.ADMIN,
                language=request.language,
            )
            actor = Actor(user_id=admin.id, login=admin.login, role=Role.ADMIN)
            create_association(session, actor, request.profile)
            if logo_bytes is not None and request.logo is not None:
                set_association_logo(session, actor, logo_bytes, request.logo.name)
    except BaseException:
        database.close()
        _remove_file(path)
        raise
    database.close()
    return path


def demo_path() -> Path:
    """A new file name for a demo in the data folder (never an existing file)."""
    folder = paths.data_dir()
    candidate = folder / "demo-association.sqlite"
    number = 2
    while candidate.exists():
        candidate = folder / f"demo-association-{number}.sqlite"
        number += 1
    return candidate


def create_demo_file(
    path: Path | None = None, members: int = DEMO_MEMBERS, progress: Progress | None = None
) -> Path:
    """Write a demo association in a new file; cancelled (`progress`) or failed, no file is
    left behind."""
    from nassij_desktop.core.demo.builder import build_demo  # heavy: only when asked

    path = path or demo_path()
    database = open_database(path, create=True)
    try:
        build_demo(database, members=members, progress=progress)
    except BaseException:
        database.close()
        _remove_file(path)
        raise
    database.close()
    return path
