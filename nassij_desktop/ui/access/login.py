"""Login dialog (being written): for now the file's owner acts as administrator."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.storage import Database


def login(database: Database, parent: QWidget | None = None) -> tuple[Actor, str] | None:
    """Ask for a login and password; the actor and the user's display name, or None if cancelled.

    A file without any user account opens as its owner (administrator), like the CLI.
    """
    return Actor(user_id=None, login="owner", role=Role.ADMIN), ""
