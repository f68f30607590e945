"""The board's roles as a new file ships them, and a role's title for the person holding it.

Roles are stored labels (`BoardRole.label_ar`, `label_fr`, `label_en`) that an association may
rename, not messages of the catalogs. A shipped label held by a woman reads in the feminine
(الرئيسة, Présidente, Trésorière); a label the association typed itself is shown as typed.
Screens, documents and the command line all call `role_title` (the rule for labels that are
messages is `core/common/gendered.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from nassij_desktop.core.common.gendered import is_female


@dataclass(frozen=True)
class ShippedRole:
    code: str
    label_ar: str
    label_fr: str
    label_en: str
    max_holders: int | None  # None: any number
    feminine_ar: str
    feminine_fr: str


BOARD_ROLES = (
    ShippedRole("president", "الرئيس", "Président", "President", 1, "الرئيسة", "Présidente"),
    ShippedRole(
        "vice_president",
        "نائب الرئيس",
        "Vice-président",
        "Vice-president",
        1,
        "نائبة الرئيس",
        "Vice-présidente",
    ),
    ShippedRole(
        "secretary_general",
        "الكاتب العام",
        "Secrétaire général",
        "Secretary general",
        1,
        "الكاتبة العامة",
        "Secrétaire générale",
    ),
    ShippedRole(
        "deputy_secretary",
        "نائب الكاتب العام",
        "Secrétaire général adjoint",
        "Deputy secretary",
        1,
        "نائبة الكاتب العام",
        "Secrétaire générale adjointe",
    ),
    ShippedRole(
        "treasurer", "أمين المال", "Trésorier", "Treasurer", 1, "أمينة المال", "Trésorière"
    ),
    ShippedRole(
        "deputy_treasurer",
        "نائب أمين المال",
        "Trésorier adjoint",
        "Deputy treasurer",
        1,
        "نائبة أمين المال",
        "Trésorière adjointe",
    ),
    ShippedRole("adviser", "مستشار", "Conseiller", "Adviser", None, "مستشارة", "Conseillère"),
)

# Every shipped label, Arabic and French, to its feminine form.
FEMININE_TITLES = {
    masculine: feminine
    for role in BOARD_ROLES
    for masculine, feminine in (
        (role.label_ar, role.feminine_ar),
        (role.label_fr, role.feminine_fr),
    )
}


def role_title(label: str, gender: str | None) -> str:
    """The role `label` (in any language) as held by a person of `gender`: a shipped label in
    the feminine for a woman, any other label as it is."""
    if is_female(gender):
        return FEMININE_TITLES.get(label.strip(), label)
    return label
