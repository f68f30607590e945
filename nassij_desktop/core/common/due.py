"""One thing due on a date, whatever domain owes it: the line of the dashboard's list of what is
due (declarations to the local authority and to the SGG, funding requests and their reports,
tranches expected, campaign reports, the account of public aid, the next assembly).

Each domain turns its own dates into `DueItem`s (its wording marked `N_()`, so the list says
each thing in its own words in either language); `core/due.py` gathers them, each source
behind its permission, and sorts them by date.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from nassij_desktop.core.common.bilingual import Bilingual

__all__ = ["DueArea", "DueItem"]


class DueArea(enum.StrEnum):
    """Where the thing due is dealt with: the window takes the user there."""

    GOVERNANCE = "governance"  # declarations to the local authority
    ASSEMBLIES = "assemblies"
    FUNDING = "funding"  # requests, tranches, SGG declarations
    DOCUMENTS = "documents"  # a report to make: a campaign's, the public-aid account


@dataclass(frozen=True)
class DueItem:
    """A dated thing to do. `wording` and `overdue_wording` are untranslated messages (marked
    `N_()`) with the fields `{subject}` and `{date}`; `subject` is a name in both languages,
    or, when `subject_is_message`, an untranslated message itself (a kind of declaration)."""

    kind: str  # the source, e.g. "sgg_declaration": tests and the widgets' names
    area: DueArea
    due_on: dt.date
    overdue: bool
    target_id: int | None  # the record it is about (declaration, request, tranche, campaign)
    wording: str
    overdue_wording: str
    subject: Bilingual
    subject_is_message: bool = False
    #: the record the window opens for it when not `target_id` (a tranche's request)
    opens_id: int | None = None

    @property
    def shown_id(self) -> int | None:
        return self.opens_id if self.opens_id is not None else self.target_id

    @property
    def key(self) -> str:
        """A name unique in the list (the kind and the record)."""
        return f"{self.kind}_{self.target_id if self.target_id is not None else self.due_on}"
