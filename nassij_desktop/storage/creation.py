"""Creating a new association file: the one way the first-run assistant and `nassij init` do it.

A new file holds, from its first transaction, the association (with its chart of accounts and
reference lists), optionally its owner's administrator account and its logo. Either all of it
is written, or nothing is left behind: a failure removes the file it created (an empty file
that was there is left empty again). A file that holds anything is never written over.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.services import (
    AssociationProfile,
    check_logo_file,
    set_association_logo,
)
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.common.errors import Conflict, ValidationError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.common.progress import NO_PROGRESS, Progress
from nassij_desktop.core.users.services import UserRecord, create_user
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.storage import errors, migrate, server
from nassij_desktop.storage.database import create_engine_for, open_database, to_url
from nassij_desktop.storage.restore import WORKING_SUFFIXES

__all__ = [
    "SETUP_ACTOR",
    "CreatedFile",
    "OwnerAccount",
    "create_association_file",
    "discard_new_file",
]

# Who creates a file that has no accounts yet (the first account may be made by anyone).
SETUP_ACTOR = Actor(user_id=None, login="setup", role=Role.ADMIN)


@dataclass(frozen=True)
class OwnerAccount:
    """The first account of the file: always an administrator."""

    login: str
    full_name: str
    password: str
    language: str | None = None


@dataclass(frozen=True)
class CreatedFile:
    path: Path | None  # None for a server database
    name_ar: str
    name_fr: str
    owner: UserRecord | None


def create_association_file(
    target: str | Path | sa.URL,
    profile: AssociationProfile,
    owner: OwnerAccount | None = None,
    *,
    logo: Path | None = None,
    actor: Actor = SETUP_ACTOR,
    progress: Progress | None = None,
) -> CreatedFile:
    """Write a new file (or fill an empty one, or a server database given by its URL) with the
    association `profile`, its `owner`'s administrator account and its `logo`, in one
    transaction. With an owner, the account is made first and creates the association, so
    that the audit log names a person from the start; without one, `actor` creates it.

    On a server, the migrations, the account and the association are one transaction (a
    failure leaves the database as it was); `progress` says which step runs.

    Refused (Conflict) when the file exists and is not empty; ValidationError (field "logo")
    for a logo that is not a PNG or JPEG image or cannot be read.
    """
    path = _sqlite_path(target)
    existed = False
    if path is not None:
        path = path.expanduser().resolve()
        existed = path.is_file() and path.stat().st_size == 0
        if path.exists() and not existed:
            raise Conflict(
                _("A file already exists at {path}. Choose another name.").format(
                    path=isolate(str(path), "ltr")
                )
            )
    logo_bytes = _read_logo(logo) if logo is not None else None
    if path is None and server.is_server_url(to_url(target)):
        return _create_on_server(
            to_url(target), profile, owner, logo, logo_bytes, actor, progress or NO_PROGRESS
        )
    database = open_database(path if path is not None else target, create=True)
    try:
        with database.transaction() as session:
            created = _fill(session, path, profile, owner, logo, logo_bytes, actor)
    except BaseException:
        database.close()
        if path is not None:
            discard_new_file(path, keep_empty=existed)
        raise
    database.close()
    return created


def _fill(
    session: Session,
    path: Path | None,
    profile: AssociationProfile,
    owner: OwnerAccount | None,
    logo: Path | None,
    logo_bytes: bytes | None,
    actor: Actor,
) -> CreatedFile:
    """The administrator's account, the association and its logo, in `session`."""
    account = None
    if owner is not None:
        account = create_user(
            session,
            actor,
            owner.login,
            owner.full_name,
            owner.password,
            Role.ADMIN,
            language=owner.language,
        )
        actor = Actor(user_id=account.id, login=account.login, role=Role.ADMIN)
    association = create_association(session, actor, profile)
    if logo is not None and logo_bytes is not None:
        set_association_logo(session, actor, logo_bytes, logo.name)
    return CreatedFile(path, association.name_ar, association.name_fr, account)


def _create_on_server(
    url: sa.URL,
    profile: AssociationProfile,
    owner: OwnerAccount | None,
    logo: Path | None,
    logo_bytes: bytes | None,
    actor: Actor,
    progress: Progress,
) -> CreatedFile:
    """The structure (the migrations), the administrator and the association in ONE
    transaction on the server (PostgreSQL's DDL is transactional): a failure at any step,
    or a connection lost, leaves the database as it was. A role that may not create the
    tables is refused first, with the sentence naming the owner's role."""
    from alembic import command

    url = server.with_password(url)
    engine = create_engine_for(url)
    try:
        with engine.connect() as connection, connection.begin():
            state = migrate.schema_state(connection)
            if state.newer:
                raise errors.DatabaseTooNew(server.too_new_message(server=True))
            if state.foreign:
                tables = sorted(sa.inspect(connection).get_table_names())
                raise errors.NotAnAssociationFile(server.foreign_message(url, tables))
            if state.current != state.head:
                server.refuse_without_rights(connection, creating=state.current is None)
                progress.step(0, message=_("Creating the database's structure on the server…"))
                command.upgrade(migrate.alembic_config(connection), "head")
            progress.step(1, message=_("Creating the association and its administrator…"))
            with Session(bind=connection, expire_on_commit=False) as session:
                created = _fill(session, None, profile, owner, logo, logo_bytes, actor)
                session.flush()
            progress.check()
    except sa.exc.DBAPIError as exc:
        raise server.connection_error(url, exc) from exc
    finally:
        engine.dispose()
    return created


def _sqlite_path(target: str | Path | sa.URL) -> Path | None:
    url = to_url(target)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _read_logo(logo: Path) -> bytes:
    check_logo_file(logo.name)
    try:
        return logo.read_bytes()
    except OSError as exc:
        raise ValidationError(
            "logo", _("The logo could not be read: {reason}").format(reason=exc.strerror)
        ) from exc


def discard_new_file(path: Path, *, keep_empty: bool = False) -> None:
    """Undo a failed creation: remove the file and its working files (or empty it again)."""
    for suffix in WORKING_SUFFIXES:
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()
    with contextlib.suppress(OSError):
        if keep_empty:
            path.write_bytes(b"")
        else:
            path.unlink()
