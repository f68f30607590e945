"""Opening an association file from the screen: lock, open, migrate, and say plainly what
went wrong (missing, damaged, newer, in use) instead of raising."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QWidget

from nassij_desktop.core.association.services import has_association
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.storage import Database, lockfile, open_database
from nassij_desktop.storage import errors as storage_errors
from nassij_desktop.storage.lockfile import FileLock, FileLocked
from nassij_desktop.ui.common import dialogs

log = logging.getLogger(__name__)


@dataclass
class OpenedFile:
    database: Database
    lock: FileLock | None

    @property
    def path(self) -> Path:
        assert self.database.path is not None
        return self.database.path

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
    try:
        with dialogs.busy():
            database = open_database(path, create=False)
    except NassijError as exc:
        lock.release()
        dialogs.show_error(parent, exc)
        return None
    opened = OpenedFile(database, lock)
    with database.session() as session:
        empty = not has_association(session)
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
    log.info("opened %s", path)
    return opened
