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
