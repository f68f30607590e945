"""What a command needs: the database (opened on first use) and the acting user."""

from __future__ import annotations

from pathlib import Path

from nassij_desktop import paths
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor
from nassij_desktop.storage import Database, open_database


class CommandContext:
    def __init__(self, db: str | None) -> None:
        self.target: str | Path = db or paths.default_database()
        self.actor: Actor = CLI_ACTOR
        self._database: Database | None = None

    def database(self, *, create: bool = False) -> Database:
        if self._database is None:
            self._database = open_database(self.target, create=create)
        return self._database

    def close(self) -> None:
        if self._database is not None:
            self._database.close()
            self._database = None
