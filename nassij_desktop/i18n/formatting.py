"""Numbers, money and dates formatted in one place, as CLDR says (checked against Babel), so a
figure reads the same on a screen, in a PDF and in the CLI.

Morocco writes Latin digits in both languages. Locales: ar_MA (12.500,00 د.م., Moroccan month
names such as يوليوز and غشت), fr_MA (12 500,00 MAD). Group separators are no-break spaces
(U+202F in French) so a figure never breaks across lines, and the Arabic forms carry
right-to-left marks so the currency stays on the correct side inside Arabic text.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Literal

from nassij_desktop.i18n.catalog import current_language

LOCALES = {"ar": "ar_MA", "fr": "fr_MA", "en": "en_GB"}
CURRENCY_SYMBOLS = {"ar": "د.م.", "fr": "MAD", "en": "MAD"}
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRM, RLM = "\u200e", "\u200f"
RIGHT_TO_LEFT_LANGUAGES = frozenset({"ar"})

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


# CLDR's abbreviated months where the full names do not fit under twelve bars (the Arabic
# ones are short already).
SHORT_MONTH_NAMES = {
    "ar": MONTH_NAMES["ar"],
    "fr": (
        "janv.", "févr.", "mars", "avr.", "mai", "juin",
        "juil.", "août", "sept.", "oct.", "nov.", "déc.",
    ),
    "en": (
        "Jan", "Feb", "Mar", "Apr", "May", "Jun",
        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
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
    text of the other direction: LRI for a path or a number (a path holding an Arabic folder
    name still reads from its root), FSI for a name (its first letter decides)."""
    opener = {"ltr": LRI, "rtl": RLI, "auto": FSI}[direction]
    return f"{opener}{text}{PDI}"


# --- text on screen: one helper for every message and list item ------------------------------
#
# A line of text takes the direction of its first strong letter, and the neutral characters at
# the edge of a run of the other direction (the "/" that starts a path, the "." of a file name,
# the spaces between the digit groups of a phone number) take the direction of the sentence
# around them: "تم الحفظ: /home/…/pv.pdf" read "home/…/pv.pdf/". `bidi_text` gives a message,
# whatever it is made of, the direction of the interface's language and isolates (LRI/RLI … PDI)
# each run of the other direction — a path, a number, a Latin name in Arabic; an Arabic name in
# French — with its neutral edges; `list_item` builds the label of a row ("Claire Martin —
# 000002") so that every row of a list reads in the same order, whatever script its name is in.
# Values a caller isolated itself (`isolate`) are kept as they are.

_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_ARABIC_LETTER = (
    "\u0621-\u063a\u0641-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc"
)
# A left-to-right run inside right-to-left text: it starts with a letter, a digit or what starts
# a path or a phone number, and ends with a letter, a digit or a path separator; between them
# anything but a right-to-left letter or a line break.
_LTR_RUN = re.compile(
    rf"[{_LATIN}0-9/\\~+][{_LATIN}0-9 \u00a0\u202f/\\~+._\-:@'’()#&,;%=?!*]*"
    rf"(?<=[{_LATIN}0-9/\\])"
)
# An Arabic run inside left-to-right text: Arabic letters, their marks, tatweel and the spaces
# between words; a number written after it belongs to the sentence, not to the name.
_RTL_RUN = re.compile(
    rf"[{_ARABIC_LETTER}][{_ARABIC_LETTER}\u064b-\u065f\u0670\u0640 \u00a0'’.\-]*"
    rf"(?<=[{_ARABIC_LETTER}\u064b-\u065f\u0670])"
)
_DIGIT_GROUP_SPACE = re.compile(r"(?<=\d) (?=\d)")
_LATIN_LETTER = re.compile(f"[{_LATIN}]")
_ARABIC = re.compile(f"[{_ARABIC_LETTER}]")
_MARKUP = re.compile(r"<[A-Za-z/][^>]*>")
_OPENERS = frozenset((LRI, RLI, FSI))
_CONTROLS = str.maketrans("", "", "".join((LRI, RLI, FSI, PDI, LRM, RLM)))


# The first strong character of a text, as the Unicode bidirectional algorithm finds a
# paragraph's direction (rule P2): a letter, or a mark (LRM, RLM) a caller put first; what an
# isolate holds does not count (see `text_direction`).
_FIRST_STRONG = re.compile(rf"(?P<ltr>[{_LATIN}{LRM}])|[{_ARABIC_LETTER}{RLM}]")
_ISOLATED = re.compile(f"[{LRI}{RLI}{FSI}][^{LRI}{RLI}{FSI}{PDI}]*(?:{PDI}|$)")


def text_direction(text: str) -> Literal["ltr", "rtl"] | None:
    """The direction a text reads in by itself — that of its first letter (Latin: "ltr";
    Arabic: "rtl") or first mark — or None when it has none (a number, a date)."""
    if LRI in text or RLI in text or FSI in text:
        previous = None
        while previous != text:  # innermost isolates first
            previous, text = text, _ISOLATED.sub("", text)
    match = _FIRST_STRONG.search(text)
    if match is None:
        return None
    return "ltr" if match.lastgroup == "ltr" else "rtl"


def is_right_to_left(lang: str | None = None) -> bool:
    return (lang or current_language()) in RIGHT_TO_LEFT_LANGUAGES


def _isolate_runs(text: str, right_to_left: bool) -> str:
    """Isolate the runs of the other direction in the parts of `text` no one isolated yet."""
    pattern = _LTR_RUN if right_to_left else _RTL_RUN
    opener = LRI if right_to_left else RLI

    def isolated(match: re.Match[str]) -> str:
        return f"{opener}{match.group()}{PDI}"

    out: list[str] = []
    depth, start = 0, 0
    for index, char in enumerate(text):
        if char in _OPENERS:
            if depth == 0:
                out.append(pattern.sub(isolated, text[start:index]))
                start = index
            depth += 1
        elif char == PDI and depth:
            depth -= 1
            if depth == 0:
                out.append(text[start : index + 1])
                start = index + 1
    out.append(text[start:] if depth else pattern.sub(isolated, text[start:]))
    return "".join(out)


def bidi_text(text: str, lang: str | None = None) -> str:
    """`text` as it must read in the direction of `lang` (the interface's language): the
    language's mark first, so the line reads in that direction even when it starts with a
    Latin name or a number, and every run of the other direction isolated. For every message
    a screen shows (feedback lines, errors under a field, message boxes). Rich text is left
    alone; calling it twice changes nothing."""
    if not text or _MARKUP.search(text):
        return text
    right_to_left = is_right_to_left(lang)
    mark = RLM if right_to_left else LRM
    body = text[1:] if text[0] in (LRM, RLM) else text
    body = _DIGIT_GROUP_SPACE.sub("\u00a0", body)  # "06 12 34 56 78" never breaks
    own, other = (_ARABIC, _LATIN_LETTER) if right_to_left else (_LATIN_LETTER, _ARABIC)
    if body[:1] not in _OPENERS and not own.search(body) and other.search(body):
        # Wholly in the other script (a French resolution in an Arabic window): one run,
        # its final full stop included.
        return f"{mark}{LRI if right_to_left else RLI}{body}{PDI}"
    return mark + _isolate_runs(body, right_to_left)


def list_item(*parts: str, separator: str = " — ", lang: str | None = None) -> str:
    """The label of a row in a list or a combo box ("Claire Martin — 000002", "أحمد بن علي —
    000003", a receipt "R-2026-00012 · name · amount"): each part isolated (a name in its own
    direction, a number left to right), in the order of the interface's language, so every
    row of the list reads the same way whatever script its name is written in."""
    mark = RLM if is_right_to_left(lang) else LRM
    return mark + separator.join(
        part if part[:1] in _OPENERS else isolate(part) for part in parts if part
    )


def plain_text(text: str) -> str:
    """`text` without its direction marks and isolates (to compare what a reader sees)."""
    return text.translate(_CONTROLS)
