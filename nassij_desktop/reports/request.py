"""What a caller asks of a document and what it gets back; shared by every document module."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from nassij_desktop.core.common.progress import Progress

Lang = Literal["ar", "fr"]


@dataclass(frozen=True)
class ReportRequest:
    """One document to produce.

    `record_id` names the record a document is about (a board term, an assembly, a dues
    payment, a donation); `member_ids` selects members for cards; `status` filters the register
    and `order` orders it (None: by member number; "name": by name). `account`, `funder` and
    `comment` are the books' documents' (see their fields).
    A document that needs a record and gets none takes the latest one. `progress`, when the
    screen gives one, is told how far a long document has got (`progress.step(done, total)`
    between chunks, which also raises Cancelled when the user cancelled).

    The fields but `out` and `progress` are filled from the options a document declares
    (`reports.kinds`, `ReportOption.field`); a new sort of option adds its field here.
    """

    lang: Lang
    out: Path
    year: int | None = None
    record_id: int | None = None
    status: str | None = None
    order: str | None = None
    member_ids: tuple[int, ...] = field(default_factory=tuple)
    account: str | None = None  # an account number (the ledger of one account)
    as_of: dt.date | None = None  # the day of a document at a date (a bank reconciliation)
    funder: str | None = None  # a funder's id (the account of the public aid of one funder)
    comment: str | None = None  # the treasurer's commentary (the financial report)
    progress: Progress | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ReportResult:
    path: Path
    pages: int
