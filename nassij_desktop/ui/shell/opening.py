"""Opening an association file from the screen: lock, open, migrate, and say plainly what
went wrong (missing, damaged, newer, in use) instead of raising."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from PySide6.QtWidgets import QMessageBox, QWidget

from nassij_desktop.core.association.services import has_association
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.storage import Database, encryption, lockfile, open_database, server
from nassij_desktop.storage import errors as storage_errors
from nassij_desktop.storage.damage import (
    diagnose_damage,
    is_damage_error,
    suggested_recovery_path,
)
from nassij_desktop.storage.database import read_only_message
from nassij_desktop.storage.lockfile import FileLock, FileLocked
from nassij_desktop.storage.recover import recover
from nassij_desktop.storage.schema_rescue import looks_like_sqlite
from nassij_desktop.ui.common import dialogs
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_save_path

log = logging.getLogger(__name__)


@dataclass
class OpenedFile:
    database: Database
    lock: FileLock | None
    # A protected file: the user name and password that unlocked it, to sign in with.
    credentials: tuple[str, str] | None = None

    @property
    def path(self) -> Path:
        assert self.database.path is not None
        return self.database.path

    @property
    def on_server(self) -> bool:
        """A shared database on a PostgreSQL server (no file, no lock file)."""
        return self.database.path is None

    def close(self) -> None:
        self.database.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _take_lock(path: Path, parent: QWidget | None) -> FileLock | None:
    try:
        return lockfile.acquire(path)
    except FileLocked as exc:
        if not exc.can_override:
            dialogs.show_error(
                parent,
                _("{reason} Close Nassij Desktop there, then open the file again.").format(
                    reason=str(exc)
                ),
                _("File in use"),
            )
            return None
        if not dialogs.confirm(
            parent,
            _("File in use"),
            str(exc),
            _("Open anyway"),
            details=_(
                "Open it anyway only if nobody is working on this file right now: two people "
                "writing to one file at the same time lose each other's changes."
            ),
            warning=True,
        ):
            return None
        return lockfile.acquire(path, force=True)


def open_association_file(path: Path, parent: QWidget | None = None) -> OpenedFile | None:
    """The opened file, or None after telling the user why it could not be opened."""
    path = Path(path).expanduser().resolve()
    if not path.exists():
        dialogs.show_error(
            parent,
            storage_errors.DatabaseMissing(
                _("The file {path} does not exist.").format(path=isolate(str(path), "ltr"))
            ),
        )
        return None
    if path.is_dir():
        dialogs.show_error(
            parent,
            storage_errors.NotADatabase(
                _("{path} is a folder, not an association file.").format(
                    path=isolate(str(path), "ltr")
                )
            ),
        )
        return None
    lock = _take_lock(path, parent)
    if lock is None:
        return None
    credentials: tuple[str, str] | None = None
    try:
        if encryption.is_encrypted(path) and encryption.known_key(path) is None:
            encryption.read_keys(path)  # a damaged keys file is said before asking
            from nassij_desktop.ui.access.login import unlock_file

            credentials = unlock_file(path, parent)
            if credentials is None:
                lock.release()
                return None
        with dialogs.busy():
            database = open_database(path, create=False)
    except NassijError as exc:
        lock.release()
        if _is_damaged(exc, path):
            return _offer_recovery(path, parent)
        dialogs.show_error(parent, exc)
        return None
    opened = OpenedFile(database, lock, credentials)
    try:
        with database.session() as session:
            empty = not has_association(session)
    except sa.exc.DBAPIError as exc:  # a damaged page met on the first read
        opened.close()
        if not is_damage_error(exc):
            raise
        return _offer_recovery(path, parent)
    if empty:
        opened.close()
        dialogs.show_error(
            parent,
            storage_errors.NotAnAssociationFile(
                _("{path} holds no association yet. Create a new association instead.").format(
                    path=isolate(str(path), "ltr")
                )
            ),
        )
        return None
    if database.last_backup is not None:
        dialogs.show_info(
            parent,
            _(
                "The file was updated for this version of Nassij Desktop. "
                "A copy of it as it was is kept in {path}."
            ).format(path=isolate(str(database.last_backup), "ltr")),
        )
    if database.read_only:
        dialogs.show_info(parent, read_only_message(path))
    log.info("opened %s%s", path, " read-only" if database.read_only else "")
    return opened


@dataclass(frozen=True)
class CreateOnServer:
    """An empty shared database whose user chose to create a new association in it (the
    password, if one was typed, in `url`)."""

    url: sa.URL


def open_server_database(
    url: sa.URL, parent: QWidget | None = None
) -> OpenedFile | CreateOnServer | None:
    """The shared database at `url` (a PostgreSQL server), opened and updated as a file is
    (a pg_dump copy first, storage/server.py), or None after saying why it could not be.
    A password this computer does not have (or that the server refuses) is asked for, and
    kept in the keyring when the user says so, once it worked. A database that holds no
    association yet offers to create one: `CreateOnServer` when accepted."""
    remember: str | None = None  # the password typed, to keep once the server took it
    database: Database | None = None  # None: no table, or no association in it
    while True:
        try:
            with dialogs.busy():
                database = open_database(url, create=False)
            break
        except storage_errors.DatabaseEmpty:
            break  # nothing is made in it before the user chooses to create an association
        except storage_errors.ServerPasswordNeeded as exc:
            from nassij_desktop.ui.startup.password_dialog import ask_server_password

            log.info(
                "%s: %s",
                server.safe_text(url),
                "password refused" if exc.refused else "no password",
            )
            answer = ask_server_password(url, refused=exc.refused, parent=parent)
            if answer is None:
                return None
            password, keep = answer
            url = url.set(password=password)
            remember = password if keep else None
        except NassijError as exc:
            dialogs.show_error(parent, exc)
            return None
    if remember is not None:
        try:
            server.remember_password(url, remember)
        except NassijError as exc:  # opened all the same; asked again next time
            dialogs.show_warning(parent, str(exc))
    if database is not None:
        with database.session() as session:
            holds_one = has_association(session)
        if not holds_one:  # the tables without an association: as a database without any
            database.close()
            database = None
    if database is None:
        if dialogs.confirm(
            parent,
            _("Nassij Desktop"),
            _("The shared database ({place}) holds no association yet.").format(
                place=server.place_text(url)
            ),
            _("Create a new association in this database"),
        ):
            return CreateOnServer(url)
        return None
    opened = OpenedFile(database, None)
    if database.last_backup is not None:
        dialogs.show_info(
            parent,
            _(
                "The shared database was updated for this version of Nassij Desktop. A copy "
                "of it as it was (pg_dump) is kept in {path}."
            ).format(path=isolate(str(database.last_backup), "ltr")),
        )
    log.info("opened %s", server.safe_text(url))
    return opened


# --- a damaged file ---------------------------------------------------------------------------


def _is_damaged(error: NassijError, path: Path) -> bool:
    """A SQLite file SQLite cannot read whole (its first page may be what is damaged)."""
    if isinstance(error, storage_errors.DatabaseDamaged):
        return True
    return isinstance(error, storage_errors.NotADatabase) and looks_like_sqlite(path)


def _offer_recovery(path: Path, parent: QWidget | None) -> OpenedFile | None:
    """Say what can still be read of a damaged file and offer to save it into a new file,
    which is then opened. The damaged file itself is never written."""
    shown = isolate(str(path), "ltr")
    with dialogs.busy():
        diagnosis = diagnose_damage(path)
    if not diagnosis.recoverable:
        dialogs.show_error(
            parent,
            storage_errors.DatabaseDamaged(
                _("{path} is damaged. {summary}").format(path=shown, summary=diagnosis.summary())
            ),
            _("Damaged file"),
        )
        return None
    if not dialogs.confirm(
        parent,
        _("Damaged file"),
        _("{path} is damaged. {summary}").format(path=shown, summary=diagnosis.summary()),
        _("Recover into a new file…"),
        details=_(
            "Recovery copies everything that can still be read into a new file, which is then "
            "opened. The damaged file is left exactly as it is: keep it, a specialist may save "
            "more of it."
        ),
        warning=True,
    ):
        return None
    target = ask_save_path(
        parent, FileKind.ASSOCIATION, _("Recover into a new file"), suggested_recovery_path(path)
    )
    if target is None:
        return None
    try:
        with dialogs.busy():
            report = recover(path, target)
    except NassijError as exc:
        dialogs.show_error(parent, exc, _("Recovery failed"))
        return None
    log.info("recovered %s into %s (sound: %s)", path, report.target, report.ok)
    new_file = isolate(str(report.target), "ltr")
    if report.ok:
        text = _("What could be read was saved into {path}. The new file is sound; it opens now.")
    else:
        text = _(
            "What could be read was saved into {path}, but the new file still has problems "
            "(see the details). It opens now so that you can see what it holds."
        )
    box = dialogs.message_box(
        parent,
        QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Warning,
        _("File recovered"),
        text.format(path=new_file),
    )
    box.setDetailedText("\n".join(report.lines()))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()
    return open_association_file(report.target, parent)
