"""What every page needs: the open database and who is using it."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.storage import Database


class ContextSignals(QObject):
    """Application-wide notifications a page may listen to."""

    data_changed = Signal(str)  # a domain name ("members", "governance", …) after a write
    actor_changed = Signal()  # after a login as someone else


@dataclass
class AppContext:
    database: Database
    actor: Actor
    user_name: str = ""
    signals: ContextSignals = field(default_factory=ContextSignals)

    def can(self, permission: Permission) -> bool:
        return self.actor.can(permission)
