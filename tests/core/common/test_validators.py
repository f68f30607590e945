"""Validators of typed values: table-driven cases and property tests."""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal

import phonenumbers
import pytest
from babel.numbers import format_currency
from hypothesis import given
from hypothesis import strategies as st

from nassij_desktop.core.common import validators
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.validators import _clean as clean_typed
from nassij_desktop.core.common.validators import (
    cin_looks_unusual,
    iban_from_rib,
    normalise_cin,
    normalise_phone,
    parse_date,
    parse_money,
    rib_from_iban,
    validate_email,
    validate_iban_ma,
    validate_rib,
)

VALID_RIB = "001810007800020110620318"
VALID_IBAN = "MA64001810007800020110620318"


def rejects(function, text, *, field, contains, **kwargs) -> ValidationError:
    """Assert `function(text, field=field)` raises a ValidationError on `field` whose message
    names the problem (contains every fragment of `contains`, case-insensitive)."""
    with pytest.raises(ValidationError) as caught:
        function(text, field=field, **kwargs)
    error = caught.value
    assert error.field == field
    for fragment in (contains,) if isinstance(contains, str) else contains:
        assert fragment.lower() in str(error).lower(), str(error)
    return error


def rib_key(first_22: str) -> str:
    """Independent of the module: key = 97 − ((first 22 digits × 100) mod 97)."""
    return str(97 - (int(first_22) * 100) % 97).zfill(2)


# --- CIN ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "unusual"),
    [
        ("AB123456", "AB123456", False),
        ("ab123456", "AB123456", False),
        (" ab 12 34 56 ", "AB123456", False),
        ("BE-123456", "BE123456", False),
        ("A12345", "A12345", False),
        ("J123456", "J123456", False),
        ("E12345678", "E12345678", False),  # residence card
        ("\u200fab١٢٣٤٥٦", "AB123456", False),  # bidi mark and Arabic-Indic digits
        ("ABC12345", "ABC12345", True),
        ("AB1234", "AB1234", True),
        ("123456", "123456", True),
        ("AB1234567", "AB1234567", True),
        ("A123456789", "A123456789", True),
    ],
)
def test_normalise_cin(text, expected, unusual):
    assert normalise_cin(text) == expected
    assert cin_looks_unusual(text) is unusual


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        ("", "enter"),
        ("   ", "enter"),
        ("AB/123456", "letters and digits"),
        ("AB_123456", "letters and digits"),
        ("ب123456", "letters and digits"),
        ("A" * 21, "too long"),
    ],
)
def test_normalise_cin_rejects_garbage(text, contains):
    rejects(normalise_cin, text, field="cin", contains=contains)
    assert cin_looks_unusual(text) is True


def test_field_name_is_passed_on():
    for function in (normalise_cin, validate_rib, validate_iban_ma, normalise_phone):
        rejects(function, "", field="president_x", contains="enter")
    rejects(validate_email, "", field="president_x", contains="enter")
    rejects(parse_date, "", field="president_x", contains="enter")


# --- RIB and IBAN ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        VALID_RIB,
        "001 810 0078000201106203 18",
        "001-810-0078000201106203-18",
        " 0018 1000 7800 0201 1062 0318 ",
        "٠٠١٨١٠٠٠٧٨٠٠٠٢٠١١٠٦٢٠٣١٨",
    ],
)
def test_validate_rib_accepts(text):
    assert validate_rib(text) == VALID_RIB


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        ("", "enter the rib"),
        ("00181000780002011062031", ("24 digits", "23")),
        ("0018100078000201106203180", ("24 digits", "25")),
        ("00181000780002011062031A", "only digits"),
        ("001810007800020110620318.", "only digits"),
        ("001810007800020110620319", "key"),
        ("101810007800020110620318", "key"),
        ("000000000000000000000000", "key"),  # key 00 is never computed (97 instead)
    ],
)
def test_validate_rib_rejects(text, contains):
    rejects(validate_rib, text, field="rib", contains=contains)


@given(st.text(alphabet="0123456789", min_size=22, max_size=22))
def test_rib_with_computed_key_is_valid(first_22):
    rib = first_22 + rib_key(first_22)
    assert validate_rib(rib) == rib
    assert rib_from_iban(iban_from_rib(rib)) == rib


@given(
    st.text(alphabet="0123456789", min_size=22, max_size=22),
    st.integers(min_value=0, max_value=23),
    st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_change_of_a_rib_is_rejected(first_22, position, shift):
    rib = first_22 + rib_key(first_22)
    changed = rib[:position] + str((int(rib[position]) + shift) % 10) + rib[position + 1 :]
    with pytest.raises(ValidationError):
        validate_rib(changed)


@given(
    st.text(alphabet="0123456789", min_size=22, max_size=22),
    st.integers(min_value=4, max_value=27),
    st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_change_of_an_iban_is_rejected(first_22, position, shift):
    iban = iban_from_rib(first_22 + rib_key(first_22))
    assert validate_iban_ma(iban) == iban
    changed = iban[:position] + str((int(iban[position]) + shift) % 10) + iban[position + 1 :]
    with pytest.raises(ValidationError):
        validate_iban_ma(changed)


@pytest.mark.parametrize(
    "text",
    [
        VALID_IBAN,
        "MA64 0018 1000 7800 0201 1062 0318",
        "ma64 0018 1000 7800 0201 1062 0318",
        " Ma64-001810007800020110620318 ",
    ],
)
def test_validate_iban_ma_accepts(text):
    assert validate_iban_ma(text) == VALID_IBAN
    assert rib_from_iban(text) == VALID_RIB


def test_iban_from_rib():
    assert iban_from_rib(VALID_RIB) == VALID_IBAN
    assert iban_from_rib("0018 1000 7800 0201 1062 0318") == VALID_IBAN
    rejects(iban_from_rib, "001810007800020110620319", field="rib", contains="key")


def test_iban_with_valid_check_digits_around_a_bad_rib_is_rejected():
    bad_rib = "001810007800020110620319"
    check = 98 - int(bad_rib + "221000") % 97  # M = 22, A = 10
    iban = f"MA{check:02d}{bad_rib}"
    rejects(validate_iban_ma, iban, field="iban", contains=("RIB", "key"))


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        ("", "enter the iban"),
        ("FR7630006000011234567890189", "starts with MA"),
        ("MA64 0018 1000 7800 0201 1062 031", ("28 characters", "27")),
        ("MA6400181000780002011062031800", ("28 characters", "30")),
        ("MA6X001810007800020110620318", "only digits"),
        ("MA65001810007800020110620318", "check digits"),
        ("MA64001810007800020110620381", "check digits"),  # swapped last digits
    ],
)
def test_validate_iban_ma_rejects(text, contains):
    rejects(validate_iban_ma, text, field="iban", contains=contains)


# --- phone -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06 12 34 56 78", "+212612345678"),
        ("0612345678", "+212612345678"),
        ("06-12-34-56-78", "+212612345678"),
        ("06.12.34.56.78", "+212612345678"),
        ("+212 6 12 34 56 78", "+212612345678"),
        ("+212 (0)6 12 34 56 78", "+212612345678"),
        ("00212612345678", "+212612345678"),
        ("07 12 34 56 78", "+212712345678"),
        ("05 22 12 34 56", "+212522123456"),
        ("٠٦١٢٣٤٥٦٧٨", "+212612345678"),
        ("\u200e+212 6 12 34 56 78\u200e", "+212612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("+1 650 253 0000", "+16502530000"),
    ],
)
def test_normalise_phone_accepts(text, expected):
    assert normalise_phone(text) == expected


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        ("", "enter a phone"),
        ("06 12 34 56 7", "not valid"),
        ("06 12 34 56 789", "not valid"),
        ("612", "not valid"),
        ("+999 123456789", "not valid"),
        ("06 12 AB 56 78", "only digits"),
        ("06 12 34 56 78 +", "only digits"),
        ("tel: 0612345678", "only digits"),
    ],
)
def test_normalise_phone_rejects(text, contains):
    rejects(normalise_phone, text, field="phone", contains=contains)


PHONE_CASES = [
    "06 12 34 56 78", "0612345678", "06-12-34-56-78", "06.12.34.56.78", "+212 6 12 34 56 78",
    "+212 (0)6 12 34 56 78", "00212612345678", "07 12 34 56 78", "05 22 12 34 56",
    "٠٦١٢٣٤٥٦٧٨", "\u200e+212 6 12 34 56 78\u200e", "+33 6 12 34 56 78", "0033 6 12 34 56 78",
    "+1 650 253 0000", "06 12 34 56 7", "06 12 34 56 789", "612", "+999 123456789",
    "+212612345678", "+212512345678", "0012345678", "08 12 34 56 78", "01 23 45 67 89",
]  # fmt: skip


def _parsed(text: str) -> str | None:
    """What phonenumbers' own parsing makes of a cleaned number (None: not valid)."""
    try:
        number = phonenumbers.parse(clean_typed(text), "MA")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _normalised(text: str) -> str | None:
    try:
        return normalise_phone(text)
    except ValidationError:
        return None


@pytest.mark.parametrize("text", PHONE_CASES)
def test_normalise_phone_reads_as_phonenumbers_parses(text):
    """Its short cuts (a number already in E.164, a Moroccan number written nationally) and
    its memo give what parsing gives, on every case above; twice, the second from the memo."""
    assert _normalised(text) == _parsed(text)
    assert _normalised(text) == _parsed(text)


@given(
    st.from_regex(r"0[1-9][0-9]{8}", fullmatch=True),
    st.sampled_from(["", " ", ".", "-"]),
)
def test_a_national_number_reads_as_phonenumbers_parses(digits, separator):
    text = separator.join(digits[i : i + 2] for i in range(0, 10, 2))
    assert _normalised(text) == _parsed(text)


def test_moroccan_validity_is_phonenumbers_own():
    """The validity of a number of country code 212 told without phonenumbers' machinery is
    its `is_valid_number`: every start of four digits (five where the patterns look that
    far), with the lowest and highest digits after it, and one digit fewer or more."""
    starts = [f"{n:04d}" for n in range(10_000)] + [f"592{n:02d}" for n in range(100)]
    numbers = {
        start + tail * (length - len(start))
        for start in starts
        for tail in "09"
        for length in (8, 9, 10)
    }
    valid = validators._valid_moroccan()
    for national in sorted(numbers):
        number = phonenumbers.PhoneNumber(country_code=212, national_number=int(national))
        if national.startswith("0"):  # not a national significant number: parsing drops it
            continue
        assert valid(national) == phonenumbers.is_valid_number(number), national


# --- e-mail ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ahmed@example.ma", "ahmed@example.ma"),
        ("  Ahmed.Benali@Gmail.COM ", "Ahmed.Benali@gmail.com"),
        ("a+assoc@mail.example.org", "a+assoc@mail.example.org"),
        ("contact@jam3iya-atlas.ma", "contact@jam3iya-atlas.ma"),
    ],
)
def test_validate_email_accepts(text, expected):
    assert validate_email(text) == expected


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        ("", "enter an email"),
        ("ahmed example.ma", "spaces"),
        ("ahmed @example.ma", "spaces"),
        ("ahmed.example.ma", "exactly one @"),
        ("ahmed@@example.ma", "exactly one @"),
        ("a@b@example.ma", "exactly one @"),
        ("@example.ma", "before the @"),
        (".ahmed@example.ma", "before the @"),
        ("ahmed@", "after the @"),
        ("ahmed@example", "after the @"),
        ("ahmed@.ma", "after the @"),
        ("ahmed@example..ma", "after the @"),
        ("ahmed@example.ma.", "after the @"),
        ("ahmed@-example.ma", "after the @"),
        ("ahmed@example.m", "after the @"),
        ("ahmed@example_x.ma", "after the @"),
        ("ahmed@example.ma;ali@example.ma", ";"),
        ("<ahmed@example.ma>", "<"),
    ],
)
def test_validate_email_rejects(text, contains):
    rejects(validate_email, text, field="email", contains=contains)


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/03/2024", datetime.date(2024, 3, 15)),
        ("5/3/2024", datetime.date(2024, 3, 5)),
        ("15-03-2024", datetime.date(2024, 3, 15)),
        ("15.03.2024", datetime.date(2024, 3, 15)),
        ("2024-03-15", datetime.date(2024, 3, 15)),
        ("2024-3-5", datetime.date(2024, 3, 5)),
        (" 15 / 03 / 2024 ", datetime.date(2024, 3, 15)),
        ("15 /03/2024", datetime.date(2024, 3, 15)),
        ("2024 -03-15", datetime.date(2024, 3, 15)),
        ("15/03\u2003/2024", datetime.date(2024, 3, 15)),
        ("٢٩/٠٢/٢٠٢٤", datetime.date(2024, 2, 29)),
        ("31/12/1950", datetime.date(1950, 12, 31)),
    ],
)
def test_parse_date_accepts(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        ("", "enter a date"),
        ("31/02/2024", ("does not exist", "29 days")),
        ("29/02/2023", ("does not exist", "28 days")),
        ("31/04/2024", ("does not exist", "30 days")),
        ("00/01/2024", "does not exist"),
        ("15/13/2024", ("no month 13", "between 1 and 12")),
        ("15/00/2024", "no month 0"),
        ("2024-13-01", "no month 13"),
        ("01/01/0000", "year 0"),
        ("15/03/24", "4 digits"),
        ("15.03.24", "4 digits"),
        ("15/03/202", "4 digits"),
        ("15/03-2024", "day/month/year"),
        ("2024/03/15", "day/month/year"),
        ("15032024", "day/month/year"),
        ("15 mars 2024", "day/month/year"),
        ("15/03/20245", "day/month/year"),
        ("today", "day/month/year"),
    ],
)
def test_parse_date_rejects(text, contains):
    error = rejects(parse_date, text, field="date", contains=contains)
    if "day/month/year" in contains:
        assert "15/03/2024" in str(error)  # the expected format is shown


@given(st.dates())
def test_date_round_trips(day):
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year:04d}") == day
    assert parse_date(f"{day.day}/{day.month}/{day.year:04d}") == day
    assert parse_date(day.isoformat()) == day


# --- money -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 500,00", "12500.00"),
        ("12500.00", "12500.00"),
        ("12.500,00 DH", "12500.00"),
        ("12 500 درهم", "12500.00"),
        ("12 500 دراهم", "12500.00"),
        ("12500", "12500.00"),
        ("12 500", "12500.00"),
        ("1.234.567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("1 234 567", "1234567.00"),
        ("1.234.567", "1234567.00"),
        ("1,234,567", "1234567.00"),
        ("0,5", "0.50"),
        (",5", "0.50"),
        ("12,5", "12.50"),
        ("12.05", "12.05"),
        ("د.م. 12.500,00", "12500.00"),
        ("12.500,00 د.م.", "12500.00"),
        ("MAD 100", "100.00"),
        ("mad100", "100.00"),
        ("100 dhs", "100.00"),
        ("100 Dhs.", "100.00"),
        ("100DH", "100.00"),
        ("100 dh", "100.00"),
        ("DH 100", "100.00"),
        ("12\u202f500,00", "12500.00"),
        ("12\u00a0500,00", "12500.00"),
        ("12\u202f500,00\u00a0MAD", "12500.00"),
        ("١٢٬٥٠٠٫٠٠", "12500.00"),
        ("١٢٥٠٠", "12500.00"),
        ("۱۲۵۰۰٫۵", "12500.50"),
        ("١٢٬٥٠٠", "12500.00"),  # U+066C is a thousands separator only: not ambiguous
        ("١٢٫٥٠٠", None),  # U+066B is a decimal separator only: 3 decimals
        ("\u200f12.500,00\u00a0د.م.\u200f", "12500.00"),  # babel ar_MA
        ("+100", "100.00"),
        ("-0,00", "0.00"),
        ("0", "0.00"),
        ("007", "7.00"),
    ],
)
def test_parse_money_accepts(text, expected):
    if expected is None:
        rejects(parse_money, text, field="amount", contains="2 decimals")
        return
    result = parse_money(text)
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -2
    assert not result.is_signed()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-,34", "-0.34"),
        ("-12 500,00", "-12500.00"),
        ("- 12 500,00 DH", "-12500.00"),
        ("\u2212150", "-150.00"),
        ("-MAD1,234,567.89", "-1234567.89"),  # babel en
        ("MAD -5", "-5.00"),
    ],
)
def test_parse_money_negative_when_allowed(text, expected):
    assert parse_money(text, allow_negative=True) == Decimal(expected)
    rejects(parse_money, text, field="amount", contains="negative")


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        ("", "enter an amount"),
        ("   ", "enter an amount"),
        ("DH", "not a valid amount"),
        ("-", "not a valid amount"),
        ("12.500", ("ambiguous", "12500", "12,50")),
        ("12,500", ("ambiguous", "12500")),
        ("1,000 DH", ("ambiguous", "1000")),
        ("0.500", "2 decimals"),
        ("12,505", "ambiguous"),
        ("1234,500", "2 decimals"),
        ("12,5000", "2 decimals"),
        ("12 500,000", "2 decimals"),
        ("12,345", "ambiguous"),
        ("12 50", "by three"),
        ("1 2345", "by three"),
        ("1234 567", "by three"),
        ("12.50.00", "by three"),
        ("1.234 567,89", "by three"),
        ("1.234,567,89", "not a valid amount"),
        ("1,234.567.89", "not a valid amount"),
        ("12,50 000", "not a valid amount"),
        ("12 ,50", "not a valid amount"),
        ("12,", "not a valid amount"),
        ("12.", "not a valid amount"),
        (".500.000", "not a valid amount"),
        ("abc", "not a valid amount"),
        ("nan", "not a valid amount"),
        ("NaN DH", "not a valid amount"),
        ("inf", "not a valid amount"),
        ("Infinity", "not a valid amount"),
        ("1e5", '"e"'),
        ("12 500 euros", '"e"'),
        ("100 DH DH", '"D"'),
        ("$100", '"$"'),
        ("12_500", '"_"'),
        ("12'500", "'"),
        ("--5", "one sign"),
        ("+-5", "one sign"),
        ("-5-", "one sign"),
        ("- DH -5", "one sign"),
        ("5-", "sign before"),
        ("12-500", "sign before"),
        ("9999999999999999", "too large"),
    ],
)
def test_parse_money_rejects(text, contains):
    rejects(parse_money, text, field="amount", contains=contains, allow_negative=True)


def test_parse_money_field_name():
    rejects(parse_money, "12.500", field="budget", contains="ambiguous")


def _group(integer: int, separator: str) -> str:
    return f"{integer:,}".replace(",", separator)


def _arabic_indic(text: str, eastern: bool) -> str:
    digits = "۰۱۲۳۴۵۶۷۸۹" if eastern else "٠١٢٣٤٥٦٧٨٩"
    return text.translate(str.maketrans("0123456789", digits))


STYLES = [
    lambda i, c: f"{_group(i, ' ')},{c}",
    lambda i, c: f"{_group(i, chr(0xA0))},{c}",
    lambda i, c: f"{_group(i, chr(0x202F))},{c}",
    lambda i, c: f"{_group(i, chr(0x202F))},{c}\u00a0MAD",
    lambda i, c: f"{_group(i, ' ')},{c} درهم",
    lambda i, c: f"{_group(i, '.')},{c} DH",
    lambda i, c: f"د.م. {_group(i, '.')},{c}",
    lambda i, c: f"{i}.{c}",
    lambda i, c: f"{i},{c}",
    lambda i, c: f"{_group(i, ',')}.{c}",
    lambda i, c: f"{_group(i, ' ')}.{c} dhs",
    lambda i, c: _arabic_indic(f"{_group(i, chr(0x66C))}{chr(0x66B)}{c}", eastern=False),
    lambda i, c: _arabic_indic(f"{i}{chr(0x66B)}{c}", eastern=True),
    lambda i, c: _arabic_indic(f"{_group(i, '.')},{c} د.م.", eastern=False),
]

AMOUNTS = st.decimals(
    min_value=Decimal(-(10**9)), max_value=Decimal(10**9), places=2, allow_nan=False
)


@given(AMOUNTS, st.sampled_from(range(len(STYLES))))
def test_money_round_trips_in_every_accepted_style(amount, style):
    integer, cents = divmod(abs(amount) * 100, 100)
    text = STYLES[style](int(integer), f"{int(cents):02d}")
    if amount < 0:
        text = "-" + text
    assert parse_money(text, allow_negative=True) == amount


@given(AMOUNTS, st.sampled_from(["ar_MA", "fr_MA", "fr_FR", "en", "ar"]))
def test_money_round_trips_through_babel(amount, locale):
    text = format_currency(amount, "MAD", locale=locale)
    assert parse_money(text, allow_negative=True) == amount


ALL_VALIDATORS = [
    normalise_cin,
    cin_looks_unusual,
    validate_rib,
    validate_iban_ma,
    rib_from_iban,
    iban_from_rib,
    normalise_phone,
    validate_email,
    parse_date,
    parse_money,
]


@given(
    st.sampled_from(ALL_VALIDATORS),
    st.text(alphabet=st.sampled_from("0123456789.,-+/ @aAdDhHmM٫٬٠٩\u00a0\u202f")) | st.text(),
)
def test_any_text_is_either_accepted_or_refused_with_a_validation_error(function, text):
    with contextlib.suppress(ValidationError):
        function(text)
