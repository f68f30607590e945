"""What every page needs: the open database and who is using it."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from nassij_desktop.core.common.changes import Change, Changes, changes
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.storage import Database


class Request(enum.Enum):
    """What one page may ask of another through `ContextSignals.go_to`: the page to show
    (its key in ui/shell/navigation.py) and the task to open there, which that page's
    `Page.fulfil` carries out. A member, not a method name: a renamed method or page breaks
    the type check, not the button."""

    ADD_MEMBER = ("members", "add_member")  # the dashboard's "Add the first member…"
    # The dashboard's list of what is due, each line to where it is dealt with:
    SHOW_ASSEMBLY = ("governance", "show_assembly")
    SHOW_FUNDING_REQUEST = ("funding", "show_request")
    CAMPAIGN_REPORT = ("documents", "campaign")  # the document kind to make
    PUBLIC_AID_ACCOUNT = ("documents", "public-aid")

    def __init__(self, page: str, task: str) -> None:
        self.page = page
        self.task = task


@dataclass(frozen=True)
class Visit:
    """A `Request` about one record (an assembly, a funding request): what `go_to` carries
    when the page is to show that record."""

    request: Request
    target_id: int | None = None


class ContextSignals(QObject):
    """Application-wide notifications a page may listen to."""

    #: the frozenset[Change] of what a write changed, once per write (`AppContext.announce`)
    data_changed = Signal(object)
    actor_changed = Signal()  # after a login as someone else
    #: a `Request` or a `Visit`: a page asks the window to show another page at a task
    go_to = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        #: while `data_changed` is delivered: the widget that made the write, if it said so
        #: (after Anki's `initiator`): a page that reloads after its own writes skips those.
        self.initiator: QObject | None = None


@dataclass
class AppContext:
    database: Database
    actor: Actor
    user_name: str = ""
    signals: ContextSignals = field(default_factory=ContextSignals)

    def can(self, permission: Permission) -> bool:
        return self.actor.can(permission)

    def announce(
        self, *kinds: Change | Iterable[Change], initiator: QObject | None = None
    ) -> Changes:
        """Tell every page what a write changed (one signal for the whole set); nothing is
        sent for an empty set. `initiator`: the widget that wrote, while the signal runs."""
        changed = changes(*kinds)
        if changed:
            previous, self.signals.initiator = self.signals.initiator, initiator
            try:
                self.signals.data_changed.emit(changed)
            finally:
                self.signals.initiator = previous
        return changed

    def initiated_within(self, widget: QWidget) -> bool:
        """Whether the change being announced was made by `widget` or a widget (a dialog
        included) it holds."""
        current = self.signals.initiator
        while current is not None:
            if current is widget:
                return True
            current = current.parent()
        return False


def concerns(changed: object, wanted: Iterable[Change]) -> bool:
    """Whether a `data_changed` set names one of the changes a page cares about."""
    return isinstance(changed, frozenset | set) and not changed.isdisjoint(wanted)
