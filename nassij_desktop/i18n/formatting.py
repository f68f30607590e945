"""Numbers, money and dates formatted in one place, as CLDR says (checked against Babel), so a
figure reads the same on a screen, in a PDF and in the CLI.

Morocco writes Latin digits in both languages. Locales: ar_MA (12.500,00 د.م., Moroccan month
names such as يوليوز and غشت), fr_MA (12 500,00 MAD). Group separators are no-break spaces
(U+202F in French) so a figure never breaks across lines, and the Arabic forms carry
right-to-left marks so the currency stays on the correct side inside Arabic text.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Literal

from nassij_desktop.i18n.catalog import current_language

LOCALES = {"ar": "ar_MA", "fr": "fr_MA", "en": "en_GB"}
CURRENCY_SYMBOLS = {"ar": "د.م.", "fr": "MAD", "en": "MAD"}
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"

# What CLDR (through Babel) says of the three locales for the figures and dates printed here,
# written out: loading Babel's locale data costs a tenth of a second on the window's first
# figure. tests/i18n/test_formatting.py checks every entry, and sweeps of values, against
# Babel; Babel itself is still used for any other currency.
DECIMAL_SEPARATORS = {"ar": ",", "fr": ",", "en": "."}
GROUP_SEPARATORS = {"ar": ".", "fr": "\u202f", "en": ","}
PERCENT_PATTERNS = {"ar": "{}%", "fr": "{}\u00a0%", "en": "{}%"}
MONTH_NAMES = {
    "ar": (
        "يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
        "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip


def locale_for(lang: str | None = None) -> str:
    return LOCALES[lang or current_language()]


def _figure(value: Decimal, lang: str, *, places: int, keep_zeros: bool) -> str:
    """`value` rounded half-even to `places` decimals, its digits grouped by three (the
    patterns #,##0.00 with `keep_zeros`, #,##0.### without)."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    if not keep_zeros:
        fraction = fraction.rstrip("0")
    groups: list[str] = []
    while len(whole) > 3:
        whole, group = whole[:-3], whole[-3:]
        groups.insert(0, group)
    integer = GROUP_SEPARATORS[lang].join([whole, *groups])
    return sign + integer + (DECIMAL_SEPARATORS[lang] + fraction if fraction else "")


def format_amount(amount: Decimal | int, lang: str | None = None) -> str:
    """12 500,00 / 12.500,00 — two decimals, grouped, no currency."""
    return _figure(Decimal(amount), lang or current_language(), places=2, keep_zeros=True)


def format_money(amount: Decimal | int, lang: str | None = None, currency: str = "MAD") -> str:
    """12 500,00 MAD / 12.500,00 د.م. — the whole figure kept together by no-break spaces."""
    lang = lang or current_language()
    if currency == "MAD":
        symbol = CURRENCY_SYMBOLS[lang]
        figure = format_amount(amount, lang)
        if lang == "ar":
            return f"\u200f{figure}\u00a0{symbol}\u200f"
        return f"{figure}\u00a0{symbol}"
    from babel.numbers import format_currency

    return format_currency(Decimal(amount), currency, locale=locale_for(lang)).replace(
        " ", "\u00a0"
    )


def format_number(value: int | Decimal, lang: str | None = None) -> str:
    """1 234 / 1.234 / 1,234 — grouped, up to three decimals."""
    return _figure(Decimal(value), lang or current_language(), places=3, keep_zeros=False)


def format_percent(value: float, lang: str | None = None) -> str:
    """125 % / 125% — a ratio (1.25) as a whole percentage."""
    lang = lang or current_language()
    figure = _figure(Decimal(str(value)) * 100, lang, places=0, keep_zeros=False)
    return PERCENT_PATTERNS[lang].format(figure)


def format_date(
    value: dt.date | None, lang: str | None = None, style: Literal["short", "long"] = "short"
) -> str:
    """05/07/2026 (short, every language) or 5 يوليوز 2026 / 5 juillet 2026 (long)."""
    if value is None:
        return ""
    if style == "short":
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return f"{value.day} {MONTH_NAMES[lang or current_language()][value.month - 1]} {value.year}"


def isolate(text: str, direction: Literal["ltr", "rtl", "auto"] = "auto") -> str:
    """Wrap a run (a path, a reference, a French name) so it keeps its own direction inside
    text of the other direction."""
    opener = {"ltr": LRI, "rtl": RLI, "auto": FSI}[direction]
    return f"{opener}{text}{PDI}"
