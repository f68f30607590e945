"""A person's name for the reader: one rule, and the phone number as people write it."""

from __future__ import annotations

import pytest

from nassij_desktop.core.common.names import (
    display_name,
    has_arabic,
    in_sentence,
    join_names,
    other_script_name,
    reader_name,
)
from nassij_desktop.core.common.validators import national_phone, normalise_phone
from nassij_desktop.i18n.formatting import LRI, PDI, RLI

BOTH = ("أحمد", "العلوي", "Ahmed", "Alaoui")
ARABIC_ONLY = ("أحمد", "العلوي", None, None)
LATIN_ONLY = (None, None, "Ahmed", "Alaoui")


@pytest.mark.parametrize(
    ("lang", "names", "expected"),
    [
        ("ar", BOTH, "أحمد العلوي"),
        ("fr", BOTH, "Ahmed Alaoui"),
        ("en", BOTH, "Ahmed Alaoui"),
        ("ar", LATIN_ONLY, "Ahmed Alaoui"),  # Arabic reader: Latin when there is no Arabic
        ("fr", ARABIC_ONLY, "أحمد العلوي"),  # French reader: Arabic when there is no Latin
        ("fr", (None, "العلوي", "", "Alaoui"), "Alaoui"),  # one part of a name is a name
        ("ar", (None, None, None, None), ""),
    ],
)
def test_the_reader_s_script_first_then_the_other(
    lang: str, names: tuple[str | None, ...], expected: str
) -> None:
    assert display_name(lang, *names) == expected


def test_registers_put_the_family_name_first() -> None:
    assert display_name("ar", *BOTH, family_first=True) == "العلوي أحمد"
    assert display_name("fr", *BOTH, family_first=True) == "Alaoui Ahmed"
    assert join_names("Ahmed", None, family_first=True) == "Ahmed"
    assert join_names(None, None) == ""


def test_a_name_of_the_other_script_is_isolated_only_when_asked() -> None:
    assert display_name("ar", *LATIN_ONLY) == "Ahmed Alaoui"
    assert display_name("ar", *LATIN_ONLY, isolated=True) == f"{LRI}Ahmed Alaoui{PDI}"
    assert display_name("fr", *ARABIC_ONLY, isolated=True) == f"{RLI}أحمد العلوي{PDI}"
    # A name in the reader's own script needs no isolation.
    assert display_name("ar", *BOTH, isolated=True) == "أحمد العلوي"
    assert display_name("fr", *BOTH, isolated=True) == "Ahmed Alaoui"
    assert in_sentence("", "ar") == ""


def test_the_other_script_is_named_only_when_both_are_known() -> None:
    assert other_script_name("ar", "العلوي أحمد", "Alaoui Ahmed") == "Alaoui Ahmed"
    assert other_script_name("fr", "العلوي أحمد", "Alaoui Ahmed") == "العلوي أحمد"
    assert other_script_name("fr", "العلوي أحمد", "") == ""  # it would repeat the name
    assert reader_name("fr", "جمعية", "") == "جمعية"


def test_arabic_letters_in_every_block_are_recognised() -> None:
    assert has_arabic("Ahmed أحمد")
    assert has_arabic("\ufefb")  # lam-alef, presentation form B
    assert not has_arabic("Ahmed Alaoui 12")


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("0612345678", "06 12 34 56 78"),
        ("+212 5 28 86 12 34", "05 28 86 12 34"),
        ("+33 6 12 34 56 78", "+33612345678"),
    ],
)
def test_a_stored_phone_reads_as_people_write_it(typed: str, shown: str) -> None:
    assert national_phone(normalise_phone(typed)) == shown
    assert national_phone(None) == ""
