"""Why a database could not be opened, in words the user can act on."""

from __future__ import annotations

from nassij_desktop.core.common.errors import NassijError


class DatabaseOpenError(NassijError):
    pass


class DatabaseMissing(DatabaseOpenError):
    pass


class NotADatabase(DatabaseOpenError):
    pass


class NotAnAssociationFile(DatabaseOpenError):
    pass


class DatabaseTooNew(DatabaseOpenError):
    pass


class DatabaseLocked(DatabaseOpenError):
    pass


class DatabaseReadOnly(DatabaseOpenError):
    pass


class MigrationFailed(DatabaseOpenError):
    pass
