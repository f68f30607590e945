"""A small gettext wrapper: `_`, `N_`, `ngettext`, `pgettext`, and the current language.

Class-level labels are marked with `N_()` and translated with `_()` when shown, so a language
switch at runtime retranslates them.

A label said of one person ("Active", "Present", "Chair of the meeting") is marked with `NG_()`
instead: English has one word, Arabic and French two (نشيط/نشيطة, Actif/Active). Its msgid
carries the masculine form, which is also the form lists and filters use; tools/catalogs.py
extracts it a second time with the msgctxt `FEMININE` for the feminine form.
`core/common/gendered.py::gendered` picks the form for a person.
"""

from __future__ import annotations

import gettext
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from nassij_desktop.paths import LOCALE_DIR

DOMAIN = "nassij"
LANGUAGES: dict[str, str] = {"ar": "العربية", "fr": "Français", "en": "English"}
RTL_LANGUAGES = frozenset({"ar"})
DEFAULT_LANGUAGE = "ar"
FEMININE = "feminine"  # the msgctxt of the feminine form of an `NG_` label

log = logging.getLogger(__name__)
_current = (
    os.environ.get("NASSIJ_LANG", "en") if os.environ.get("NASSIJ_LANG") in LANGUAGES else "en"
)


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])
    except OSError:
        log.warning("no compiled catalog for %r in %s; showing English", lang, LOCALE_DIR)
        return gettext.NullTranslations()


def set_language(lang: str) -> None:
    """Make `lang` the language of every later `_()` call."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang!r}")
    _current = lang


def current_language() -> str:
    return _current


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """`lang` for the `_()` calls inside the block, the language before it afterwards: for
    data written in the association's language by a process that speaks another."""
    before = _current
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def is_rtl(lang: str | None = None) -> bool:
    return (lang or _current) in RTL_LANGUAGES


def _(message: str) -> str:
    return _translations(_current).gettext(message)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext name
    """Mark a string for extraction without translating it yet."""
    return message


def NG_(message: str) -> str:  # noqa: N802 - named like N_
    """Mark a label said of one person: extracted with its feminine form (msgctxt
    `FEMININE`), translated when shown by `core.common.gendered.gendered`."""
    return message


def pgettext(context: str, message: str) -> str:
    return _translations(_current).pgettext(context, message)


def pgettext_in(lang: str, context: str, message: str) -> str:
    """`pgettext` into a given language without changing the current one."""
    return _translations(lang).pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations(_current).ngettext(singular, plural, n)


def translate_in(lang: str, message: str) -> str:
    """Translate into a given language without changing the current one (bilingual papers)."""
    return _translations(lang).gettext(message)
