"""Text typed or pasted by a person: what `clean_text` keeps, what it removes, what it refuses;
member numbers; the search box's clean-up of its query."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.textnorm import normalise_query
from nassij_desktop.core.common.validators import (
    FREE_TEXT_MAX_LENGTH,
    TextKind,
    clean_text,
    validate_email,
    validate_member_number,
)

C0_C1 = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]}
BIDI_OVERRIDES = set("\u202a\u202b\u202c\u202d\u202e")
ISOLATES_AND_MARKS = set("\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
NASTY = sorted(
    C0_C1
    | BIDI_OVERRIDES
    | ISOLATES_AND_MARKS
    | set("\u200b\u200c\u200d\u2060\ufeff\u00ad\u2028\u2029\ud800\udfff")
)

# Any text, with the characters that matter here much more often than chance would give
# them (lone surrogates included: undecodable command-line bytes arrive as such).
any_text = st.lists(
    st.one_of(
        st.characters(exclude_categories=()),
        st.sampled_from(NASTY),
        st.sampled_from(["\x1b[31m", "\x1b]8;;http://x\x07", "\r\n", "  "]),
    ),
    max_size=40,
).map("".join)


def _is_surrogate(char: str) -> bool:
    return 0xD800 <= ord(char) <= 0xDFFF


@settings(max_examples=400)
@given(text=any_text, kind=st.sampled_from(list(TextKind)))
def test_cleaned_text_holds_no_control_override_or_surrogate(text: str, kind: TextKind) -> None:
    value = clean_text(text, field="notes", kind=kind)
    if value is None:
        return
    allowed_controls = {"\n", "\t"} if kind is TextKind.TEXT else set()
    assert not (set(value) & C0_C1) - allowed_controls
    assert not set(value) & BIDI_OVERRIDES
    assert not any(_is_surrogate(c) for c in value)
    assert value == value.strip()
    form = "NFKC" if kind is TextKind.NAME else "NFC"
    assert unicodedata.is_normalized(form, value)
    if kind is TextKind.NAME:
        assert not any(unicodedata.category(c) == "Cf" for c in value)
    else:
        # Isolates kept in free text are balanced on each line: nothing leaks past it.
        for line in value.split("\n"):
            depth = 0
            for char in line:
                depth += char in "\u2066\u2067\u2068"
                depth -= char == "\u2069"
                assert depth >= 0
            assert depth == 0
    # Cleaning is stable: what was stored comes back unchanged when saved again.
    assert clean_text(value, field="notes", kind=kind) == value


ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآؤئةى"
HARAKAT = "\u064e\u064f\u0650\u0651\u0652\u064b\u064c\u064d"  # fatha … shadda, sukun, tanwin
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêëàâäîïôöûüùçÉÈÀÇÎÔœæ"

arabic_word = st.builds(
    lambda letters, marks: "".join(
        letter + mark for letter, mark in zip(letters, marks + [""] * len(letters), strict=False)
    ),
    st.lists(st.sampled_from(ARABIC_LETTERS), min_size=1, max_size=8),
    st.lists(st.sampled_from(["", *HARAKAT]), max_size=8),
)
latin_word = st.text(st.sampled_from(LATIN), min_size=1, max_size=10)
joined_word = st.builds(
    lambda a, sep, b: a + sep + b,
    st.one_of(arabic_word, latin_word),
    st.sampled_from(["-", "'", "’", "ʼ"]),
    st.one_of(arabic_word, latin_word),
)
plain_name = st.lists(st.one_of(arabic_word, latin_word, joined_word), min_size=1, max_size=4).map(
    " ".join
)


@settings(max_examples=300)
@given(name=plain_name.map(lambda n: unicodedata.normalize("NFC", n)))
def test_plain_arabic_and_french_names_pass_unchanged(name: str) -> None:
    for kind in TextKind:
        assert clean_text(name, field="last_name_lat", kind=kind) == name


@pytest.mark.parametrize(
    "name",
    [
        "أحمد بن علي",
        "إبراهيم آيت الحاج",
        "مُؤْمِن",
        "عائشة الزَّهراء",
        "فاطمة-الزهراء",
        "Hélène Lefèvre",
        "Aït Ben Haddou",
        "N'Diaye",
        "O’Brien",
        "Noël Françoise-Œuvray",
    ],
)
def test_names_as_written_on_a_cin_pass_unchanged(name: str) -> None:
    name = unicodedata.normalize("NFC", name)
    assert clean_text(name, field="last_name_ar") == name


def test_what_pasting_brings_along_is_removed_without_a_word() -> None:
    assert clean_text("\u200f\ufeffأحمد\u200b  \u202eبن علي\u202c ", field="x") == "أحمد بن علي"
    assert clean_text("Ben\x00Ali\x1b[31m \x1b]8;;http://x\x07Said\x1b]8;;\x07", field="x") == (
        "BenAli Said"
    )
    assert clean_text("Ben\tAli\r\nSaid", field="x") == "Ben Ali Said"
    # A decomposed accent (macOS pastes e + U+0301) is stored composed; ﻻ from a PDF is لا.
    assert clean_text("He\u0301le\u0300ne", field="x") == "Hélène"
    assert clean_text("ﻻلة", field="x") == "لالة"
    assert clean_text(" \x00\x1b\u202e ", field="x") is None
    assert clean_text(None, field="x") is None


def test_free_text_keeps_its_lines_tabs_and_bidi_isolates() -> None:
    text = "Ordre du jour :\r\n\t1. \u2067التقرير الأدبي\u2069 \r\n2. Budget \u200f\x00\x07"
    assert clean_text(text, field="notes", kind=TextKind.TEXT) == (
        "Ordre du jour :\n\t1. \u2067التقرير الأدبي\u2069\n2. Budget \u200f"
    )
    # On one line, isolates stay but are closed; overrides never stay.
    assert clean_text("Salle \u2067قاعة\u202e", field="place", kind=TextKind.LINE) == (
        "Salle \u2067قاعة\u2069"
    )
    assert clean_text("Salle \u2067قاعة", field="place", kind=TextKind.NAME) == "Salle قاعة"


def test_a_value_too_long_is_refused_with_the_name_of_its_field() -> None:
    assert clean_text("ب" * 120, field="last_name_ar", max_length=120) == "ب" * 120
    with pytest.raises(ValidationError) as caught:
        clean_text("ب" * 121, field="last_name_ar", max_length=120)
    assert caught.value.field == "last_name_ar"
    assert "Family name (Arabic)" in str(caught.value)
    assert "120" in str(caught.value)
    # Invisible characters do not count: they are gone before the length is measured.
    assert clean_text("\u200f" * 50 + "ب" * 120, field="last_name_ar", max_length=120)
    with pytest.raises(ValidationError) as caught:
        clean_text("x" * (FREE_TEXT_MAX_LENGTH + 1), field="notes", kind=TextKind.TEXT)
    assert "Notes" in str(caught.value)


def test_email_loses_what_is_invisible_and_keeps_refusing_spaces() -> None:
    assert validate_email("ali\x00@example.ma\n") == "ali@example.ma"
    assert validate_email("\u202eali\x1b[31m@Example.MA") == "ali@example.ma"
    with pytest.raises(ValidationError, match="spaces"):
        validate_email("ali\t@example.ma")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2024-015", "2024-015"),
        (" A/12 ", "A/12"),
        ("3.14", "3.14"),
        ("٢٠٢٤-١٥", "2024-15"),
        ("000\x00127", "000127"),
        ("1" * 20, "1" * 20),
    ],
)
def test_member_numbers_accepted(typed: str, stored: str) -> None:
    assert validate_member_number(typed) == stored


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("   ", "Enter the member number"),
        ("\x00\x1b", "Enter the member number"),
        ("../../etc", "only letters and digits"),
        ("a..b", "only letters and digits"),
        (".hidden", "only letters and digits"),
        ("12-", "only letters and digits"),
        ("12 34", "only letters and digits"),
        ("12_34", "only letters and digits"),
        ("1" * 21, "at most 20"),
        ("9" * 500, "at most 20"),
    ],
)
def test_member_numbers_refused(typed: str, says: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_member_number(typed, field="number")
    assert caught.value.field == "number"
    assert says in str(caught.value)


def test_the_search_box_drops_what_no_name_holds() -> None:
    assert normalise_query("\x00") == []
    assert normalise_query("\x00\x1b\u202e\u200b \x07") == []
    assert normalise_query("ah\x00med\x1b ben\u202eali") == ["ahmed", "benali"]
    assert normalise_query("أحمد\tبن\nعلي") == ["احمد", "بن", "علي"]


@settings(max_examples=200)
@given(text=any_text)
def test_no_query_token_holds_a_control_character(text: str) -> None:
    for token in normalise_query(text):
        assert not set(token) & (C0_C1 | BIDI_OVERRIDES)
        assert not any(_is_surrogate(c) for c in token)
