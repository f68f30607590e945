"""A label said of one person, in that person's grammatical gender: one rule for screens,
documents and the command line.

English has one word where Arabic and French have two: a woman is نشيطة / Active, حاضرة /
Présente, رئيسة الجلسة / Présidente de séance, "adhérente n°". Such labels are marked `NG_()`
(nassij_desktop/i18n): the msgid is the masculine form, which lists, filters and counts use
too, and the catalogs hold the feminine form under the msgctxt "feminine". A person whose
gender is not recorded gets the masculine form, the grammatical default of both languages.

The board's roles are stored labels, not messages: `core/governance/roles.py::role_title`
genders them with the same rule.
"""

from __future__ import annotations

from nassij_desktop.i18n import FEMININE, current_language, pgettext_in, translate_in

__all__ = ["FEMALE", "gendered", "is_female"]

# The value `core.members.models.Gender.FEMALE` stores; common sits below members, so the value
# is named here and a test checks the two agree.
FEMALE = "f"


def is_female(gender: str | None) -> bool:
    """`gender`: a `Gender` (a str enum) or its stored value, or None when not recorded."""
    return gender == FEMALE


def gendered(message: str, gender: str | None, lang: str | None = None) -> str:
    """The `NG_` label `message` said of a person of `gender`, in `lang` (by default the
    interface's language): "Active" → نشيطة for a woman, نشيط for a man or when unknown."""
    lang = lang or current_language()
    if is_female(gender):
        return pgettext_in(lang, FEMININE, message)
    return translate_in(lang, message)
