"""Numbers, money and dates formatted in one place (Babel), so a figure reads the same on a
screen, in a PDF and in the CLI.

Morocco writes Latin digits in both languages. Locales: ar_MA (12.500,00 د.م., Moroccan month
names such as يوليوز and غشت), fr_MA (12 500,00 MAD). Group separators are no-break spaces
(U+202F in French) so a figure never breaks across lines, and the Arabic forms carry
right-to-left marks so the currency stays on the correct side inside Arabic text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as babel_format_percent

from nassij_desktop.i18n.catalog import current_language

LOCALES = {"ar": "ar_MA", "fr": "fr_MA", "en": "en_GB"}
CURRENCY_SYMBOLS = {"ar": "د.م.", "fr": "MAD", "en": "MAD"}
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


def locale_for(lang: str | None = None) -> str:
    return LOCALES[lang or current_language()]


def format_amount(amount: Decimal | int, lang: str | None = None) -> str:
    """12 500,00 / 12.500,00 — two decimals, grouped, no currency."""
    return format_decimal(Decimal(amount), format="#,##0.00", locale=locale_for(lang))


def format_money(amount: Decimal | int, lang: str | None = None, currency: str = "MAD") -> str:
    """12 500,00 MAD / 12.500,00 د.م. — the whole figure kept together by no-break spaces."""
    lang = lang or current_language()
    if currency == "MAD":
        symbol = CURRENCY_SYMBOLS[lang]
        figure = format_amount(amount, lang)
        if lang == "ar":
            return f"\u200f{figure}\u00a0{symbol}\u200f"
        return f"{figure}\u00a0{symbol}"
    return format_currency(Decimal(amount), currency, locale=locale_for(lang)).replace(
        " ", "\u00a0"
    )


def format_number(value: int | Decimal, lang: str | None = None) -> str:
    return format_decimal(value, locale=locale_for(lang))


def format_percent(value: float, lang: str | None = None) -> str:
    """125 % / 125% — a ratio (1.25) as a whole percentage."""
    return babel_format_percent(value, locale=locale_for(lang))


def format_date(
    value: dt.date | None, lang: str | None = None, style: Literal["short", "long"] = "short"
) -> str:
    """05/07/2026 (short, every language) or 5 يوليوز 2026 / 5 juillet 2026 (long)."""
    if value is None:
        return ""
    pattern = "dd/MM/y" if style == "short" else "d MMMM y"
    return babel_format_date(value, pattern, locale=locale_for(lang))


def isolate(text: str, direction: Literal["ltr", "rtl", "auto"] = "auto") -> str:
    """Wrap a run (a path, a reference, a French name) so it keeps its own direction inside
    text of the other direction."""
    opener = {"ltr": LRI, "rtl": RLI, "auto": FSI}[direction]
    return f"{opener}{text}{PDI}"
