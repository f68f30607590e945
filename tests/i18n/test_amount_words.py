"""Amounts in words, as printed on receipts: known values, and rules over every value."""

from __future__ import annotations

import random
import re
from decimal import Decimal

import pytest

from nassij_desktop.i18n.amount_words import amount_in_words

FRENCH = {
    "0": "zéro dirham",
    "1": "un dirham",
    "2": "deux dirhams",
    "3": "trois dirhams",
    "10": "dix dirhams",
    "11": "onze dirhams",
    "12": "douze dirhams",
    "17": "dix-sept dirhams",
    "20": "vingt dirhams",
    "21": "vingt et un dirhams",
    "22": "vingt-deux dirhams",
    "70": "soixante-dix dirhams",
    "71": "soixante et onze dirhams",
    "72": "soixante-douze dirhams",
    "80": "quatre-vingts dirhams",
    "81": "quatre-vingt-un dirhams",
    "90": "quatre-vingt-dix dirhams",
    "91": "quatre-vingt-onze dirhams",
    "99": "quatre-vingt-dix-neuf dirhams",
    "100": "cent dirhams",
    "101": "cent un dirhams",
    "180": "cent quatre-vingts dirhams",
    "200": "deux cents dirhams",
    "201": "deux cent un dirhams",
    "1000": "mille dirhams",
    "1001": "mille un dirhams",
    "2000": "deux mille dirhams",
    "3000": "trois mille dirhams",
    "21000": "vingt et un mille dirhams",
    "80000": "quatre-vingt mille dirhams",
    "200000": "deux cent mille dirhams",
    "1000000": "un million de dirhams",
    "2000000": "deux millions de dirhams",
    "80000000": "quatre-vingts millions de dirhams",
    "1000500": "un million cinq cents dirhams",
    "0.01": "un centime",
    "0.50": "cinquante centimes",
    "1.01": "un dirham et un centime",
    "12500.50": "douze mille cinq cents dirhams et cinquante centimes",
    "999999999.99": (
        "neuf cent quatre-vingt-dix-neuf millions neuf cent quatre-vingt-dix-neuf mille "
        "neuf cent quatre-vingt-dix-neuf dirhams et quatre-vingt-dix-neuf centimes"
    ),
}

ARABIC = {
    "0": "صفر درهم",
    "1": "درهم واحد",
    "2": "درهمان",
    "3": "ثلاثة دراهم",
    "10": "عشرة دراهم",
    "11": "أحد عشر درهما",
    "12": "اثنا عشر درهما",
    "15": "خمسة عشر درهما",
    "20": "عشرون درهما",
    "21": "واحد وعشرون درهما",
    "70": "سبعون درهما",
    "71": "واحد وسبعون درهما",
    "80": "ثمانون درهما",
    "81": "واحد وثمانون درهما",
    "90": "تسعون درهما",
    "91": "واحد وتسعون درهما",
    "100": "مائة درهم",
    "101": "مائة درهم ودرهم",
    "102": "مائة درهم ودرهمان",
    "103": "مائة وثلاثة دراهم",
    "200": "مائتا درهم",
    "250": "مائتان وخمسون درهما",
    "300": "ثلاثمائة درهم",
    "1000": "ألف درهم",
    "1001": "ألف درهم ودرهم",
    "2000": "ألفا درهم",
    "2500": "ألفان وخمسمائة درهم",
    "3000": "ثلاثة آلاف درهم",
    "11000": "أحد عشر ألف درهم",
    "101000": "مائة ألف وألف درهم",
    "200000": "مائتا ألف درهم",
    "1000000": "مليون درهم",
    "2000000": "مليونا درهم",
    "3000000": "ثلاثة ملايين درهم",
    "0.01": "سنتيم واحد",
    "0.50": "خمسون سنتيما",
    "1.02": "درهم واحد وسنتيمان",
    "5.05": "خمسة دراهم وخمسة سنتيمات",
    "12500.50": "اثنا عشر ألفا وخمسمائة درهم وخمسون سنتيما",
    "999999999.99": (
        "تسعمائة وتسعة وتسعون مليونا وتسعمائة وتسعة وتسعون ألفا وتسعمائة وتسعة وتسعون درهما"
        " وتسعة وتسعون سنتيما"
    ),
}

ENGLISH = {
    "0": "zero dirhams",
    "1": "one dirham",
    "21": "twenty-one dirhams",
    "101": "one hundred and one dirhams",
    "1001": "one thousand and one dirhams",
    "12500.50": "twelve thousand five hundred dirhams and fifty centimes",
}


@pytest.mark.parametrize(("amount", "words"), FRENCH.items())
def test_french_spelling(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount), "fr") == words


@pytest.mark.parametrize(("amount", "words"), ARABIC.items())
def test_arabic_spelling(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount), "ar") == words


@pytest.mark.parametrize(("amount", "words"), ENGLISH.items())
def test_english_spelling(amount: str, words: str) -> None:
    assert amount_in_words(Decimal(amount), "en") == words


def _samples(count: int = 3000) -> list[Decimal]:
    rng = random.Random(18)
    values = [Decimal(rng.randrange(0, 10 ** rng.randint(1, 11))) / 100 for _ in range(count)]
    return values + [Decimal(n) for n in range(1200)]


FRENCH_NUMERALS = {
    "zéro",
    "un",
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "onze",
    "douze",
    "treize",
    "quatorze",
    "quinze",
    "seize",
    "vingt",
    "vingts",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "cent",
    "cents",
    "mille",
    "million",
    "millions",
    "et",
}


def test_french_rules_hold_for_every_amount() -> None:
    for amount in _samples():
        text = amount_in_words(amount, "fr")
        words = re.split(r"[ -]", text)
        numerals = {w for w in words if w not in {"dirham", "dirhams", "centime", "centimes", "de"}}
        assert numerals <= FRENCH_NUMERALS, text
        assert "milles" not in text
        assert not re.search("(^|[^t] )un mille", text), text  # 1000 is "mille"
        # "vingts"/"cents" only when nothing numeral follows.
        for plural in re.finditer(r"\b(vingts|cents) (\w+)", text):
            assert plural[2] in {"dirhams", "millions", "centimes", "de", "et"}, text
        assert "et-" not in text and "-et" not in text
        dirhams = int(amount)
        if dirhams > 1:
            assert "dirhams" in text
        if amount != dirhams:
            assert text.endswith("centime" if amount % 1 == Decimal("0.01") else "centimes")


def test_arabic_rules_hold_for_every_amount() -> None:
    for amount in _samples():
        text = amount_in_words(amount, "ar")
        dirhams = int(amount)
        centimes = int((amount - dirhams) * 100)
        assert "  " not in text and text == text.strip()
        assert " و " not in text  # و is written joined to the next word
        if centimes:
            assert "سنتيم" in text, text
        last_two = dirhams % 100
        if dirhams and not centimes:
            last_word = text.split()[-1]
            if dirhams == 1:
                assert text == "درهم واحد"
            elif dirhams == 2:
                assert text == "درهمان"
            elif 3 <= last_two <= 10:
                assert last_word == "دراهم", text
            elif 11 <= last_two <= 99:
                assert last_word == "درهما", text
            elif last_two == 0:
                assert last_word == "درهم", text
            else:  # 101, 1002…: the noun is repeated after the round part
                assert last_word in {"ودرهم", "ودرهمان"}, text


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_out_of_range_amounts_are_refused(lang: str) -> None:
    with pytest.raises(ValueError, match="out of range"):
        amount_in_words(Decimal("-1"), lang)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="fractions of a centime"):
        amount_in_words(Decimal("1.005"), lang)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="out of range"):
        amount_in_words(Decimal("1000000000000"), lang)  # type: ignore[arg-type]


def test_only_dirhams_are_written() -> None:
    with pytest.raises(ValueError, match="only written in dirhams"):
        amount_in_words(Decimal(1), "fr", currency="EUR")
