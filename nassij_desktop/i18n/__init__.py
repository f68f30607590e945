"""Translation and locale formatting, free of Qt so that screens, PDFs and the CLI share them.

Message ids are English; Arabic and French catalogs live in `translations/` and are compiled
into `nassij_desktop/locale/` at build time.
"""

from nassij_desktop.i18n.catalog import (
    FEMININE,
    LANGUAGES,
    N_,
    NG_,
    _,
    current_language,
    is_rtl,
    ngettext,
    pgettext,
    pgettext_in,
    set_language,
    speaking,
    translate_in,
)

__all__ = [
    "FEMININE",
    "LANGUAGES",
    "NG_",
    "N_",
    "_",
    "current_language",
    "is_rtl",
    "ngettext",
    "pgettext",
    "pgettext_in",
    "set_language",
    "speaking",
    "translate_in",
]
