"""Labels said of one person agree with that person's gender, in Arabic and in French: one
function for the messages (`gendered`), one for the board's stored roles (`role_title`), and
nationalities by name, never by code."""

from __future__ import annotations

import re

import pytest

from nassij_desktop.core.common.gendered import FEMALE, gendered
from nassij_desktop.core.governance.models import Attendance
from nassij_desktop.core.governance.records import (
    ATTENDANCE_LABELS,
    CHAIR_LABEL,
    SECRETARY_LABEL,
)
from nassij_desktop.core.governance.roles import BOARD_ROLES, role_title
from nassij_desktop.core.members.models import STATUS_LABELS, Gender, MemberStatus
from nassij_desktop.core.members.nationalities import nationality_choices, nationality_name
from nassij_desktop.i18n import translate_in

WOMAN, MAN = Gender.FEMALE, Gender.MALE


def test_the_value_common_names_is_the_one_members_store() -> None:
    assert Gender.FEMALE.value == FEMALE


@pytest.mark.parametrize(
    ("status", "lang", "man", "woman"),
    [
        (MemberStatus.ACTIVE, "ar", "نشيط", "نشيطة"),
        (MemberStatus.RESIGNED, "ar", "مستقيل", "مستقيلة"),
        (MemberStatus.EXCLUDED, "ar", "مشطب عليه", "مشطب عليها"),
        (MemberStatus.DECEASED, "ar", "متوفى", "متوفاة"),
        (MemberStatus.ACTIVE, "fr", "Actif", "Active"),
        (MemberStatus.EXCLUDED, "fr", "Radié", "Radiée"),
    ],
)
def test_a_status_agrees_with_the_member(
    status: MemberStatus, lang: str, man: str, woman: str
) -> None:
    assert gendered(STATUS_LABELS[status], MAN, lang) == man
    assert gendered(STATUS_LABELS[status], WOMAN, lang) == woman
    assert gendered(STATUS_LABELS[status], "f", lang) == woman  # the stored value works too
    # Gender not recorded: the masculine, which lists and filters use as well.
    assert (
        gendered(STATUS_LABELS[status], None, lang)
        == man
        == translate_in(lang, STATUS_LABELS[status])
    )


def test_an_excluded_member_is_struck_off_not_expelled() -> None:
    for gender in (MAN, WOMAN, None):
        assert "مطرود" not in gendered(STATUS_LABELS[MemberStatus.EXCLUDED], gender, "ar")


@pytest.mark.parametrize(
    ("label", "lang", "man", "woman"),
    [
        (ATTENDANCE_LABELS[Attendance.PRESENT], "ar", "حاضر", "حاضرة"),
        (ATTENDANCE_LABELS[Attendance.PRESENT], "fr", "Présent", "Présente"),
        (CHAIR_LABEL, "ar", "رئيس الجلسة", "رئيسة الجلسة"),
        (CHAIR_LABEL, "fr", "Président de séance", "Présidente de séance"),
        (SECRETARY_LABEL, "ar", "كاتب الجلسة", "كاتبة الجلسة"),
    ],
)
def test_attendance_and_the_officers_of_a_session(
    label: str, lang: str, man: str, woman: str
) -> None:
    assert gendered(label, MAN, lang) == man
    assert gendered(label, WOMAN, lang) == woman


@pytest.mark.parametrize(
    ("label", "woman"),
    [
        ("الرئيس", "الرئيسة"),
        ("الكاتب العام", "الكاتبة العامة"),
        ("أمين المال", "أمينة المال"),
        ("Président", "Présidente"),
        ("Trésorier", "Trésorière"),
        ("Secrétaire général adjoint", "Secrétaire générale adjointe"),
    ],
)
def test_a_shipped_role_held_by_a_woman_is_feminine(label: str, woman: str) -> None:
    assert role_title(label, WOMAN) == woman
    assert role_title(label, MAN) == label
    assert role_title(label, None) == label


def test_every_shipped_role_has_its_feminine_forms() -> None:
    for role in BOARD_ROLES:
        assert role_title(role.label_ar, WOMAN) != role.label_ar, role.code
        assert role_title(role.label_fr, WOMAN) != role.label_fr, role.code


def test_a_role_the_association_typed_is_shown_as_typed() -> None:
    assert role_title("Chargée de communication", WOMAN) == "Chargée de communication"


@pytest.mark.parametrize(
    ("lang", "man", "woman"), [("ar", "مغربي", "مغربية"), ("fr", "Marocain", "Marocaine")]
)
def test_a_moroccan_reads_as_the_adjective_in_their_gender(lang: str, man: str, woman: str) -> None:
    assert nationality_name("MA", MAN, lang) == man
    assert nationality_name("ma", WOMAN, lang) == woman
    assert nationality_name("FR", WOMAN, lang) == ("فرنسا" if lang == "ar" else "France")


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_no_nationality_is_offered_as_a_code(lang: str) -> None:
    choices = nationality_choices(WOMAN, lang)
    assert choices[0] == ("MA", nationality_name("MA", WOMAN, lang))
    assert len(choices) > 200
    codes = [code for code, _label in choices]
    assert len(codes) == len(set(codes))
    assert not [label for _code, label in choices if re.fullmatch(r"[A-Z]{2}", label)]
