"""Why a database could not be opened or written, in words the user can act on."""

from __future__ import annotations

from nassij_desktop.core.common.errors import NassijError


class DatabaseOpenError(NassijError):
    pass


class DatabaseMissing(DatabaseOpenError):
    pass


class DatabaseEmpty(DatabaseOpenError):
    """A zero-byte file, or a server's database without a table: only `init` and the
    assistant may make an association of it."""


class NotADatabase(DatabaseOpenError):
    pass


class DatabaseDamaged(NotADatabase):
    """A SQLite file whose pages cannot all be read: `check` diagnoses, `recover` salvages."""


class NotAnAssociationFile(DatabaseOpenError):
    pass


class DatabaseTooNew(DatabaseOpenError):
    pass


class ServerPasswordNeeded(DatabaseOpenError):
    """A server database that asks for a password this computer does not have (`refused`:
    one was given, and the server said it is wrong): the window and the CLI ask for it."""

    def __init__(self, message: str, *, refused: bool) -> None:
        super().__init__(message)
        self.refused = refused


class ServerRightsMissing(DatabaseOpenError):
    """The server's role may not create or alter the tables (the daily role of the set-up
    guide): the association is created, or the structure updated, by the database's owner."""


class DatabaseLocked(DatabaseOpenError):
    pass


class DatabaseReadOnly(DatabaseOpenError):
    pass


class MigrationFailed(DatabaseOpenError):
    pass


class DiskFull(NassijError):
    pass


class StorageFailure(NassijError):
    """An operating-system or SQLite failure told in a sentence (permission, I/O error…)."""
