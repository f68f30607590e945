"""What day and what time it is: every date and instant the program takes from the computer's
clock comes from here (ruff's DTZ rules refuse `date.today()` and `datetime.now()` elsewhere).

`NASSIJ_TODAY=YYYY-MM-DD` makes that day today, the time of day still the computer's. The tests
set it once for a whole run (tests/conftest.py), and every process they start inherits it: the
day a test module computed when it was imported stays the program's day when the run goes on
past midnight, as every date it expects was computed from it; tools/guide_screenshots.py
sets it to its demo's day while it takes the guide's pictures. A value that is not a date is
ignored (and logged), the computer's calendar is then the calendar.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from functools import lru_cache

VARIABLE = "NASSIJ_TODAY"

log = logging.getLogger(__name__)


def today() -> dt.date:
    """Today, on this computer's calendar."""
    return now().date()


def now(tz: dt.tzinfo | None = None) -> dt.datetime:
    """Now: local and naive, or in `tz` as `datetime.now(tz)` gives it."""
    local = dt.datetime.now()
    day = _pinned_day(os.environ.get(VARIABLE, ""))
    if day is not None:
        local += day - local.date()
    return local if tz is None else local.astimezone(tz)


def utcnow() -> dt.datetime:
    """Naive UTC: SQLite has no time zones, so every stored instant is UTC by convention."""
    return now(dt.UTC).replace(tzinfo=None)


@lru_cache(maxsize=4)
def _pinned_day(text: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        log.warning(
            "%s=%r is not a date (YYYY-MM-DD): the computer's calendar is used", VARIABLE, text
        )
        return None
