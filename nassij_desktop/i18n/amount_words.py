"""Amounts written in words, as receipts and cheques carry them next to the figures.

    amount_in_words(Decimal("12500.50"), "ar")
    → "اثنا عشر ألفا وخمسمائة درهم وخمسون سنتيما"
    amount_in_words(Decimal("12500.50"), "fr")
    → "douze mille cinq cents dirhams et cinquante centimes"

French follows the traditional rules (not the 1990 reform): hyphens only between tens and
units below one hundred, "et" without hyphens ("vingt et un", "soixante et onze"), "vingt" and
"cent" take an s when multiplied and last ("quatre-vingts", "deux cents", but "quatre-vingt
mille", "deux cent un"), "mille" never does, "million" is a noun ("deux millions de dirhams").

Arabic is Modern Standard Arabic in the nominative, as on Moroccan receipts. The counted noun
(درهم, سنتيم, and ألف/مليون/مليار as counted nouns themselves) takes the form its number
governs: 1 درهم واحد, 2 درهمان, 3–10 دراهم (plural), 11–99 درهما (singular accusative),
hundreds and scales درهم (singular genitive, the number in construct: مائتا درهم, ألفا درهم,
اثنا عشر ألف درهم). A last part of one or two after a hundred or a scale repeats the noun, as
in ألف ليلة وليلة: 101 is مائة درهم ودرهم, 1 002 is ألف درهم ودرهمان. Hundreds are spelled
مائة, مائتان, ثلاثمائة… as Moroccan administrations write them.

No Qt, no Babel: plain tables, so reports and the CLI use it alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

MAX_AMOUNT = Decimal("999999999999.99")
MAX_CENTIMES = 99999999999999
WordsLang = Literal["ar", "fr", "en"]


def amount_in_words(amount: Decimal | int, lang: WordsLang, currency: str = "MAD") -> str:
    """`amount` (>= 0, at most two decimals, below a thousand billions) in words in `lang`."""
    value = Decimal(amount)
    if value < 0 or value > MAX_AMOUNT:
        raise ValueError(f"amount out of range for words: {amount!r}")
    centimes = value.scaleb(2)
    if centimes != centimes.to_integral_value():
        raise ValueError(f"amount {amount!r} has fractions of a centime")
    return centimes_in_words(int(centimes), lang, currency)


def centimes_in_words(centimes: int, lang: WordsLang, currency: str = "MAD") -> str:
    """An amount of integer `centimes` (>= 0, below a thousand billion dirhams) in words in
    `lang`. Integers only: i18n stands alone, below the core's money helpers."""
    if currency != "MAD":
        raise ValueError(f"amounts in words are only written in dirhams, not {currency!r}")
    if not 0 <= centimes <= MAX_CENTIMES:
        raise ValueError(f"amount out of range for words: {centimes!r} centimes")
    dirhams, rest = divmod(centimes, 100)
    writer = {"ar": _arabic, "fr": _french, "en": _english}.get(lang)
    if writer is None:
        raise ValueError(f"unsupported language for amounts in words: {lang!r}")
    return writer(dirhams, rest)


def _groups(number: int) -> list[tuple[int, int]]:
    """(count, power of a thousand) for each non-zero group, highest first; units are power 0."""
    out = []
    power = 0
    while number:
        number, count = divmod(number, 1000)
        if count:
            out.append((count, power))
        power += 1
    return out[::-1]


# --------------------------------------------------------------------------- French

_FR_UNITS = [
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
]
_FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}
_FR_SCALES = {2: "million", 3: "milliard"}


def _fr_below_100(n: int, last: bool) -> str:
    """`last`: nothing numeral follows, so "quatre-vingts" keeps its s."""
    if n < 17:
        return _FR_UNITS[n]
    if n < 20:
        return "dix-" + _FR_UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens == 7:
        return "soixante et onze" if unit == 1 else "soixante-" + _fr_below_100(10 + unit, last)
    if tens == 8:
        if unit == 0:
            return "quatre-vingts" if last else "quatre-vingt"
        return "quatre-vingt-" + _FR_UNITS[unit]
    if tens == 9:
        return "quatre-vingt-" + _fr_below_100(10 + unit, last)
    word = _FR_TENS[tens]
    if unit == 0:
        return word
    return f"{word} et un" if unit == 1 else f"{word}-{_FR_UNITS[unit]}"


def _fr_below_1000(n: int, last: bool) -> str:
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        if hundreds == 1:
            words.append("cent")
        else:
            words.append(_FR_UNITS[hundreds] + (" cents" if rest == 0 and last else " cent"))
    if rest:
        words.append(_fr_below_100(rest, last))
    return " ".join(words)


def _fr_number(number: int) -> str:
    if number == 0:
        return "zéro"
    words = []
    for count, power in _groups(number):
        if power == 0:
            words.append(_fr_below_1000(count, last=True))
        elif power == 1:
            # "mille" is an adjective numeral: invariable, and "vingt"/"cent" before it too.
            words.append("mille" if count == 1 else _fr_below_1000(count, last=False) + " mille")
        else:
            noun = _FR_SCALES[power] + ("s" if count > 1 else "")
            words.append(f"{_fr_below_1000(count, last=True)} {noun}")
    return " ".join(words)


def _french(dirhams: int, centimes: int) -> str:
    parts = []
    if dirhams or not centimes:
        noun = "dirham" if dirhams <= 1 else "dirhams"
        # "un million de dirhams", but "un million cinq cents dirhams".
        of = "de " if dirhams and dirhams % 1_000_000 == 0 else ""
        parts.append(f"{_fr_number(dirhams)} {of}{noun}")
    if centimes:
        parts.append(f"{_fr_number(centimes)} centime{'s' if centimes > 1 else ''}")
    return " et ".join(parts)


# --------------------------------------------------------------------------- English

_EN_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_SCALES = {1: "thousand", 2: "million", 3: "billion"}


def _en_below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    words = [f"{_EN_UNITS[hundreds]} hundred"] if hundreds else []
    if rest:
        if hundreds:
            words.append("and")
        if rest < 20:
            words.append(_EN_UNITS[rest])
        else:
            tens, unit = divmod(rest, 10)
            words.append(_EN_TENS[tens] + (f"-{_EN_UNITS[unit]}" if unit else ""))
    return " ".join(words)


def _en_number(number: int) -> str:
    if number == 0:
        return "zero"
    words = []
    groups = _groups(number)
    for count, power in groups:
        if power == 0 and count < 100 and len(groups) > 1:
            words.append("and")  # British usage: "one thousand and one"
        words.append(_en_below_1000(count) + (f" {_EN_SCALES[power]}" if power else ""))
    return " ".join(words)


def _english(dirhams: int, centimes: int) -> str:
    parts = []
    if dirhams or not centimes:
        parts.append(f"{_en_number(dirhams)} dirham{'' if dirhams == 1 else 's'}")
    if centimes:
        parts.append(f"{_en_number(centimes)} centime{'' if centimes == 1 else 's'}")
    return " and ".join(parts)


# --------------------------------------------------------------------------- Arabic


@dataclass(frozen=True)
class _Noun:
    """The forms of a counted masculine noun."""

    singular: str  # درهم — after 1, after hundreds and scales (genitive)
    dual: str  # درهمان
    dual_construct: str  # ألفا (before another noun: ألفا درهم)
    plural: str  # دراهم — after 3 to 10
    accusative: str  # درهما — after 11 to 99


_DIRHAM = _Noun("درهم", "درهمان", "درهما", "دراهم", "درهما")
_CENTIME = _Noun("سنتيم", "سنتيمان", "سنتيما", "سنتيمات", "سنتيما")
_AR_SCALES = {
    1: _Noun("ألف", "ألفان", "ألفا", "آلاف", "ألفا"),
    2: _Noun("مليون", "مليونان", "مليونا", "ملايين", "مليونا"),
    3: _Noun("مليار", "ملياران", "مليارا", "ملايير", "مليارا"),
}
# With a masculine counted noun, 3 to 10 take the form ending in taa marbuta.
_AR_UNITS = ("", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة")
_AR_TENS = ("", "عشرة", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون")
_AR_HUNDREDS = (
    "",
    "مائة",
    "مائتان",
    "ثلاثمائة",
    "أربعمائة",
    "خمسمائة",
    "ستمائة",
    "سبعمائة",
    "ثمانمائة",
    "تسعمائة",
)
_AND = " و"


def _ar_number(n: int) -> str:
    """3 to 99, before a masculine counted noun."""
    if n <= 10:
        return _AR_UNITS[n] if n < 10 else _AR_TENS[1]
    if n == 11:
        return "أحد عشر"
    if n == 12:
        return "اثنا عشر"
    tens, unit = divmod(n, 10)
    if tens == 1:
        return f"{_AR_UNITS[unit]} عشر"
    if unit == 0:
        return _AR_TENS[tens]
    return f"{_AR_UNITS[unit]}{_AND}{_AR_TENS[tens]}"


def _ar_hundreds(h: int, construct: bool) -> str:
    """مائتان loses its nun before the noun it counts: مائتا درهم."""
    return "مائتا" if h == 2 and construct else _AR_HUNDREDS[h]


def _ar_small(n: int, noun: _Noun, construct: bool) -> str:
    """1 to 99 and the noun they count; `construct`: another noun follows (ألف درهم)."""
    if n == 1:
        return noun.singular
    if n == 2:
        return noun.dual_construct if construct else noun.dual
    if n <= 10:
        return f"{_ar_number(n)} {noun.plural}"
    return f"{_ar_number(n)} {noun.singular if construct else noun.accusative}"


def _ar_counted(n: int, noun: _Noun, construct: bool) -> str:
    """1 to 999 and the noun they count."""
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return _ar_small(n, noun, construct)
    if rest == 0:
        return f"{_ar_hundreds(hundreds, True)} {noun.singular}"
    if rest <= 2:  # مائة درهم ودرهم, as ألف ليلة وليلة
        head = f"{_ar_hundreds(hundreds, True)} {noun.singular}"
        return f"{head}{_AND}{_ar_small(rest, noun, construct)}"
    return f"{_ar_hundreds(hundreds, False)}{_AND}{_ar_small(rest, noun, construct)}"


def _ar_amount(n: int, noun: _Noun) -> str:
    """A whole number of `noun` (n >= 1)."""
    if n == 1:
        return f"{noun.singular} واحد"
    groups = _groups(n)
    units = n % 1000
    scales = [(count, power) for count, power in groups if power]
    if units in (0, 1, 2) and scales:
        # The last scale counts the noun directly (ثلاثة آلاف درهم, ألفا درهم); a last one or
        # two is added after it (ألف درهم ودرهم).
        parts = [
            _ar_counted(count, _AR_SCALES[power], construct=i == len(scales) - 1)
            for i, (count, power) in enumerate(scales)
        ]
        text = f"{_AND.join(parts)} {noun.singular}"
        if units:
            text += _AND + (noun.singular if units == 1 else noun.dual)
        return text
    parts = [_ar_counted(count, _AR_SCALES[power], construct=False) for count, power in scales]
    parts.append(_ar_counted(units, noun, construct=False))
    return _AND.join(parts)


def _arabic(dirhams: int, centimes: int) -> str:
    parts = []
    if dirhams:
        parts.append(_ar_amount(dirhams, _DIRHAM))
    elif not centimes:
        parts.append(f"صفر {_DIRHAM.singular}")
    if centimes:
        parts.append(_ar_amount(centimes, _CENTIME))
    return _AND.join(parts)
