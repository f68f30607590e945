"""A member's nationality as a reader sees it, never as the code it is stored as.

The member's nationality is stored as an ISO 3166 alpha-2 code ("MA"). A Moroccan reads as the
adjective in the person's gender (مغربي/مغربية, Marocain/Marocaine: `core.common.gendered`);
another nationality as the country's name in the reader's language (CLDR, through Babel:
فرنسا, France), CLDR having no adjectives of nationality. The member form's list, the board
list and the other documents share this.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.i18n import NG_, current_language
from nassij_desktop.i18n.formatting import LOCALES

MOROCCO = "MA"
MOROCCAN = NG_("Moroccan")
# CLDR territories that are not a country of nationality (groupings, unknown, pseudo-regions).
NOT_NATIONALITIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})


@cache
def _countries(lang: str) -> dict[str, str]:
    """Two-letter code → the country's name in `lang`, by name."""
    names = Locale.parse(LOCALES[lang]).territories
    countries = {
        code: str(name)
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_NATIONALITIES
    }
    return dict(sorted(countries.items(), key=lambda item: item[1].casefold()))


def nationality_name(code: str | None, gender: str | None, lang: str | None = None) -> str:
    """ "مغربية" / "Marocaine" for a Moroccan woman; the country's name for the others; an
    unknown code as it is (only the command line can store one)."""
    lang = lang or current_language()
    code = (code or MOROCCO).upper()
    if code == MOROCCO:
        return gendered(MOROCCAN, gender, lang)
    return _countries(lang).get(code, code)


def nationality_choices(gender: str | None, lang: str | None = None) -> list[tuple[str, str]]:
    """(code, label) of every nationality, Moroccan first, then the countries by name."""
    lang = lang or current_language()
    others = [(code, name) for code, name in _countries(lang).items() if code != MOROCCO]
    return [(MOROCCO, nationality_name(MOROCCO, gender, lang)), *others]
