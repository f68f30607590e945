"""Hijri dates by the tabular Islamic calendar, with an offset the association can set.

The tabular (arithmetic, "civil" or Kuwaiti) calendar alternates 30- and 29-day months and adds
a day to the last month in 11 years of every 30 (years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26 and
29 of the cycle), counting from 1 Muharram 1 AH = Friday 16 July 622 (Julian). It needs no table
and no package, and is exact for any date, but it is a calculation, not an observation: Morocco
starts its months on the sighting of the crescent announced by the Ministry of Habous, so the
official date can differ from this one by a day (rarely two). `offset_days` is that correction,
set once in the association's settings and adjusted when the Ministry announces a month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from nassij_desktop.i18n import N_, translate_in

# 1 Muharram 1 AH, civil epoch, as a proleptic Gregorian ordinal (= 16 July 622 Julian).
EPOCH = dt.date(622, 7, 19).toordinal()

MONTHS = (
    N_("Muharram"),
    N_("Safar"),
    N_("Rabi al-Awwal"),
    N_("Rabi al-Thani"),
    N_("Jumada al-Ula"),
    N_("Jumada al-Akhira"),
    N_("Rajab"),
    N_("Shaban"),
    N_("Ramadan"),
    N_("Shawwal"),
    N_("Dhu al-Qada"),
    N_("Dhu al-Hijja"),
)


@dataclass(frozen=True, order=True)
class HijriDate:
    year: int
    month: int  # 1 = Muharram … 12 = Dhu al-Hijja
    day: int

    def month_name(self, lang: str) -> str:
        return translate_in(lang, MONTHS[self.month - 1])


def _days_before_year(year: int) -> int:
    return (year - 1) * 354 + (3 + 11 * year) // 30


def _days_before_month(month: int) -> int:
    return (59 * (month - 1) + 1) // 2  # 0, 30, 59, 89, … (30 and 29 days alternating)


def hijri_to_ordinal(date: HijriDate) -> int:
    return EPOCH - 1 + _days_before_year(date.year) + _days_before_month(date.month) + date.day


def to_hijri(day: dt.date, offset_days: int = 0) -> HijriDate:
    """The tabular Hijri date of a Gregorian `day`, moved by `offset_days` (+1: a day later)."""
    ordinal = day.toordinal() + offset_days
    if ordinal < EPOCH:
        raise ValueError(f"{day} is before the Hijri epoch")
    year = (30 * (ordinal - EPOCH) + 10646) // 10631
    while hijri_to_ordinal(HijriDate(year + 1, 1, 1)) <= ordinal:
        year += 1
    while hijri_to_ordinal(HijriDate(year, 1, 1)) > ordinal:
        year -= 1
    month = 12
    while hijri_to_ordinal(HijriDate(year, month, 1)) > ordinal:
        month -= 1
    return HijriDate(year, month, ordinal - hijri_to_ordinal(HijriDate(year, month, 1)) + 1)


def format_hijri(date: HijriDate, lang: str) -> str:
    """14 صفر 1448 هـ / 14 Safar 1448 H — Latin digits, as Morocco writes them."""
    return translate_in(lang, "{day} {month} {year} AH").format(
        day=date.day, month=date.month_name(lang), year=date.year
    )
