"""Messages with a count agree with it, in Arabic's six forms and French's two: "1 adhérents
ont payé", "(4 عضوا نشيطا)", "10 دقيقة", "2 صفحة" were on screen and paper."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from nassij_desktop.i18n import ngettext, set_language

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
PLACEHOLDER = re.compile(r"\{[a-z_]*(?::[^}]*)?\}")
# The forms that always say the figure: Arabic 3-10, x00-x02, 11-99 (the catalog's order);
# French "more than one".
FIGURE_FORMS = {"ar": (3, 4, 5), "fr": (1,)}


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_message_with_a_count_has_all_its_forms(lang: str) -> None:
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "nassij.po", "rb") as po:
        catalog = read_po(po)
    plurals = [m for m in catalog if m.id and isinstance(m.id, tuple)]
    assert len(plurals) >= 20
    for message in plurals:
        forms = message.string
        assert len(forms) == catalog.num_plurals and all(forms), message.id[0]
        wanted = set(PLACEHOLDER.findall(message.id[1]))
        for index, form in enumerate(forms):
            found = set(PLACEHOLDER.findall(form))
            assert found <= wanted, (message.id[0], index)
            if index in FIGURE_FORMS[lang]:
                assert found == wanted, (message.id[0], index)


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("fr", 1, "1 adhérent a payé"),
        ("fr", 0, "0 adhérent a payé"),
        ("fr", 2, "2 adhérents ont payé"),
        ("ar", 1, "أدى عضو واحد"),
        ("ar", 2, "أدى عضوان"),
        ("ar", 4, "أدى 4 أعضاء"),
        ("ar", 11, "أدى 11 عضوا"),
        ("ar", 100, "أدى 100 عضو"),
    ],
)
def test_the_dues_line_agrees_with_its_count(lang: str, count: int, expected: str) -> None:
    set_language(lang)
    text = ngettext(
        "{count} member has paid the dues of this year",
        "{count} members have paid the dues of this year",
        count,
    ).format(count=count)
    assert text.startswith(expected)


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "دقيقة"), (2, "دقيقتان"), (10, "دقائق"), (15, "دقيقة")]
)
def test_minutes_in_arabic(count: int, expected: str) -> None:
    set_language("ar")
    assert ngettext("minute", "minutes", count) == expected


def test_arabic_11_to_99_form_is_the_accusative_one() -> None:
    """The catalog's order puts x00-x02 (100, 200…: "عضو") before 11-99 ("عضوا"); 25 messages
    had the two swapped, so the members page said "240 عضو صُدّروا". The 11-99 form adds the
    accusative ending, so it is never the shorter of the two."""
    with open(TRANSLATIONS / "ar" / "LC_MESSAGES" / "nassij.po", "rb") as po:
        catalog = read_po(po)
    swapped = [
        m.id[0]
        for m in catalog
        if m.id and isinstance(m.id, tuple) and len(m.string[5]) < len(m.string[4])
    ]
    assert swapped == []


@pytest.mark.parametrize(
    ("count", "expected"), [(240, "240 عضوا"), (300, "300 عضو"), (5, "5 أعضاء")]
)
def test_the_export_message_agrees_in_arabic(count: int, expected: str) -> None:
    set_language("ar")
    text = ngettext(
        "{count} member exported to {path}", "{count} members exported to {path}", count
    ).format(count=count, path="x.xlsx")
    assert text.startswith(expected)
