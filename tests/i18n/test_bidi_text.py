"""One helper for text on screen (i18n.formatting.bidi_text, list_item): a path, a number or a
Latin name inside an Arabic message, an Arabic name inside a French one, keeps its own order.
"تم الحفظ: /home/…/pv.pdf" used to read "home/…/pv.pdf/" and "Claire Martin — 000002" ran the
other way from the Arabic rows of the same picker."""

from __future__ import annotations

import pytest

from nassij_desktop.i18n.formatting import (
    FSI,
    LRI,
    LRM,
    PDI,
    RLI,
    RLM,
    bidi_text,
    format_money,
    isolate,
    list_item,
    plain_text,
    text_direction,
)


def test_a_path_in_an_arabic_message_is_isolated_whole_with_its_leading_slash() -> None:
    shown = bidi_text("تم الحفظ: /home/amina/Documents/pv.pdf.", "ar")
    assert shown == f"{RLM}تم الحفظ: {LRI}/home/amina/Documents/pv.pdf{PDI}."
    assert plain_text(shown) == "تم الحفظ: /home/amina/Documents/pv.pdf."


def test_numbers_and_latin_words_in_arabic_are_isolated_and_a_phone_stays_on_one_line() -> None:
    shown = bidi_text("اكتبه على شكل 06 12 34 56 78، مثل gmail.com أو example.ma.", "ar")
    assert f"{LRI}06\u00a012\u00a034\u00a056\u00a078{PDI}،" in shown
    assert f"{LRI}gmail.com{PDI} أو {LRI}example.ma{PDI}." in shown
    assert shown.startswith(RLM)


def test_an_arabic_name_in_a_french_message_is_isolated_and_the_line_reads_left_to_right() -> None:
    shown = bidi_text("Adhérent أحمد بن علي (000003) ajouté.", "fr")
    assert shown == f"{LRM}Adhérent {RLI}أحمد بن علي{PDI} (000003) ajouté."


def test_a_text_wholly_in_the_other_script_is_one_run_with_its_full_stop() -> None:
    resolution = "L'assemblée approuve le rapport moral de l'année 2025."
    assert bidi_text(resolution, "ar") == f"{RLM}{LRI}{resolution}{PDI}"
    assert bidi_text("وافق الجمع العام.", "fr") == f"{LRM}{RLI}وافق الجمع العام.{PDI}"
    assert bidi_text(resolution, "fr") == f"{LRM}{resolution}", "its own script: left alone"
    phone = bidi_text("sous la forme 06 12 34 56 78.", "fr")
    assert phone == f"{LRM}sous la forme 06\u00a012\u00a034\u00a056\u00a078."


def test_what_the_caller_isolated_is_kept_and_twice_is_once() -> None:
    path = isolate("/home/أحمد/pv.pdf", "ltr")  # an Arabic folder: only the caller knows
    once = bidi_text(f"تم الحفظ: {path}", "ar")
    assert once == f"{RLM}تم الحفظ: {path}"
    assert bidi_text(once, "ar") == once
    money = bidi_text(f"المبلغ {format_money(12500, 'ar')}", "ar")
    assert f"{LRI}12.500,00{PDI}" in money


def test_rich_text_and_empty_text_are_left_alone() -> None:
    assert bidi_text("", "ar") == ""
    assert bidi_text("<b>Claire</b> حاضرة", "ar") == "<b>Claire</b> حاضرة"


def test_a_list_item_reads_in_the_interface_order_whatever_the_script_of_the_name() -> None:
    latin = list_item("Claire Martin", "000002", lang="ar")
    arabic = list_item("أحمد بن علي", "000003", lang="ar")
    assert latin == f"{RLM}{FSI}Claire Martin{PDI} — {FSI}000002{PDI}"
    assert arabic == f"{RLM}{FSI}أحمد بن علي{PDI} — {FSI}000003{PDI}"
    assert list_item("أحمد بن علي", "000003", lang="fr").startswith(LRM)
    assert (
        list_item("R-1", "", "x", separator=" · ", lang="fr") == f"{LRM}{FSI}R-1{PDI} · {FSI}x{PDI}"
    )


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Demande de financement", "ltr"),
        ("طلب تمويل", "rtl"),
        ("2026 — Élan", "ltr"),  # digits and punctuation are not letters
        ("12 500,00", None),
        ("", None),
        (RLM + "Claire Martin", "rtl"),  # a mark the caller put first decides
        (bidi_text("Claire Martin", "ar"), "rtl"),
        (LRI + "R-12" + PDI + " أحمد", "rtl"),  # what an isolate holds does not count
        (LRI + "a" + RLI + "b" + PDI + "c" + PDI + " أحمد", "rtl"),  # nor nested ones
        (LRI + "unterminated", None),  # an isolate left open runs to the end
    ],
)
def test_a_text_reads_in_the_direction_of_its_first_letter(
    text: str, direction: str | None
) -> None:
    assert text_direction(text) == direction
