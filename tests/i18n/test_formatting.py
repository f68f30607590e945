from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nassij_desktop.i18n import set_language
from nassij_desktop.i18n.formatting import format_amount, format_date, format_money, isolate


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "12\u202f500,50\u00a0MAD"),
        ("ar", "\u200f12.500,50\u00a0د.م.\u200f"),
        ("en", "12,500.50\u00a0MAD"),
    ],
)
def test_money_reads_the_moroccan_way_and_never_breaks(lang: str, expected: str) -> None:
    assert format_money(Decimal("12500.50"), lang) == expected
    assert " " not in format_money(Decimal("1234567.89"), lang)  # only no-break spaces


def test_money_uses_latin_digits_in_arabic() -> None:
    text = format_money(Decimal("1234567.89"), "ar")
    assert all(not "\u0660" <= c <= "\u0669" for c in text)
    assert "1.234.567,89" in text


def test_the_current_language_is_the_default() -> None:
    set_language("fr")
    assert format_amount(Decimal("-5")) == "-5,00"


def test_dates_short_and_long_with_moroccan_month_names() -> None:
    day = dt.date(2026, 8, 5)
    assert format_date(day, "ar") == "05/08/2026"
    assert format_date(day, "ar", "long") == "5 غشت 2026"
    assert format_date(day, "fr", "long") == "5 août 2026"
    assert format_date(None, "fr") == ""


def test_isolate_wraps_a_run() -> None:
    assert isolate("C:\\dossier", "ltr") == "\u2066C:\\dossier\u2069"


# The three locales' separators, percent patterns and month names are written out in
# formatting.py so that the window's first figure does not load Babel's locale data: they
# must say exactly what Babel says, over values a treasurer meets (negatives, rounding
# halves, millions, centimes).
SWEEP = [
    Decimal(text)
    for text in (
        "0", "1", "-1", "7", "999", "1000", "-1000", "12500.5", "1234567.891", "0.005",
        "0.015", "2.5", "-2.675", "999999.995", "1000000", "-0.4", "123456789012.345",
        "3.14159", "0.0005", "100",
    )
]  # fmt: skip


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_figures_and_dates_say_what_babel_says(lang: str) -> None:
    from babel.dates import format_date as babel_date
    from babel.numbers import format_decimal
    from babel.numbers import format_percent as babel_percent

    from nassij_desktop.i18n.formatting import LOCALES, format_number, format_percent

    locale = LOCALES[lang]
    for value in SWEEP:
        assert format_amount(value, lang) == format_decimal(value, "#,##0.00", locale=locale)
        assert format_number(value, lang) == format_decimal(value, locale=locale)
        assert format_percent(float(value) / 7, lang) == babel_percent(
            float(value) / 7, locale=locale
        )
    for month in range(1, 13):
        day = dt.date(2026, month, 3 + month)
        assert format_date(day, lang) == babel_date(day, "dd/MM/y", locale=locale)
        assert format_date(day, lang, "long") == babel_date(day, "d MMMM y", locale=locale)
