"""What a write changed, as a typed set (after Anki's OpChanges).

A screen runs a write and broadcasts the set of `Change` it made; each page declares the
changes that concern it and refreshes only for those. The names carry no Qt, so a service or
a command can name them too.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable


class Change(enum.StrEnum):
    """One kind of record a write may have changed."""

    MEMBERS = "members"  # the register: a member, a status, a category
    DUES = "dues"  # a dues payment (and its receipt)
    DONATIONS = "donations"
    GOVERNANCE = "governance"  # board terms, assemblies, declarations
    ASSOCIATION = "association"  # the association's profile
    SETTINGS = "settings"  # settings kept in the file (lock delay, Hijri offset)
    USERS = "users"  # accounts and roles
    BOOKS = "books"  # journal entries, accounts, fiscal years
    FUNDING = "funding"
    ACTIVITIES = "activities"


Changes = frozenset[Change]

EVERYTHING: Changes = frozenset(Change)


def changes(*kinds: Change | Iterable[Change]) -> Changes:
    """The set of what changed: `changes(Change.DUES, Change.BOOKS)`, or of sets joined."""
    out: set[Change] = set()
    for kind in kinds:
        if isinstance(kind, Change):
            out.add(kind)
        else:
            out.update(kind)
    return frozenset(out)


__all__ = ["EVERYTHING", "Change", "Changes", "changes"]
