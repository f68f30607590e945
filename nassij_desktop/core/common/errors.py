"""Domain errors. Each carries a message already translated for the user.

A user can act on every one of these; anything else that escapes a service is a bug.
"""

from __future__ import annotations


class NassijError(Exception):
    """An error the user can understand and fix; `str(error)` is the translated message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(NassijError):
    """A value the user typed is not acceptable. `field` names it (a model attribute name)."""

    def __init__(self, field: str, message: str, *, row: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.row = row


class PermissionDenied(NassijError):
    pass


class NotFound(NassijError):
    pass


class StaleVersion(NassijError):
    """Someone else saved this record after it was opened here."""


class Conflict(NassijError):
    """The change contradicts existing data (a duplicate number, a closed year…)."""


class ConflictError(StaleVersion):
    """Someone else saved this record while it was being edited here.

    Carries what is stored now, so that the editor can show both versions side by side:
    `current` (column name → stored value), `version` (the stored version, the one to pass as
    `expected_version` to save over it knowingly, or `overwrite=True`), and the last change
    when the audit log knows it: `user` (login), `at` (naive UTC), `computer` (None when
    unknown). `entity` is the table's name, `entity_id` the row's id.
    """

    def __init__(
        self,
        message: str,
        *,
        entity: str,
        entity_id: int,
        version: int,
        current: dict[str, object],
        user: str | None = None,
        at: object = None,
        computer: str | None = None,
    ) -> None:
        super().__init__(message)
        self.entity = entity
        self.entity_id = entity_id
        self.version = version
        self.current = current
        self.user = user
        self.at = at
        self.computer = computer
