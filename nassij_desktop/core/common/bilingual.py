"""Free text typed in Arabic and/or French: one rule for screens, documents and the command line.

The governance record (an assembly's place, agenda, discussions, resolutions and remarks)
keeps each text in both languages, either of which may be missing: `Bilingual(ar, fr)`. A
reader of a language gets the text in that language, else the other one (`text_in`, the one
function screens, documents and the CLI call), so an Arabic document never mixes in French
text that has an Arabic version.

A text given as one string (an older file, a script) goes into the language of its script:
Arabic letters make it Arabic, anything else French (`language_of`, `as_bilingual`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, overload

from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.validators import TextKind, clean_text

__all__ = [
    "LANGUAGES",
    "Bilingual",
    "BilingualColumns",
    "as_bilingual",
    "clean_bilingual",
    "language_of",
    "text_in",
]

LANGUAGES = ("ar", "fr")

# Arabic letters (Arabic, Supplement, Extended-A, Presentation Forms-A and -B): not the
# Arabic-Indic digits nor the Arabic comma, which French text pasted from Arabic may carry.
_ARABIC_LETTER = re.compile(
    "[\u0620-\u064a\u066e-\u06d3\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]"
)


def language_of(text: str) -> str:
    """ "ar" for a text holding an Arabic letter, "fr" otherwise."""
    return "ar" if _ARABIC_LETTER.search(text) else "fr"


def text_in(lang: str, ar: str | None, fr: str | None) -> str:
    """The text for a reader of `lang`: the Arabic for an Arabic reader, else the French;
    the other language when the reader's is missing; "" when both are."""
    if lang == "ar":
        return ar or fr or ""
    return fr or ar or ""


@dataclass(frozen=True)
class Bilingual:
    """A text in Arabic and/or French (None: not written in that language)."""

    ar: str | None = None
    fr: str | None = None

    def __bool__(self) -> bool:
        return bool(self.ar or self.fr)

    def text(self, lang: str) -> str:
        """`text_in(lang, …)`: the reader's language, else the other."""
        return text_in(lang, self.ar, self.fr)

    def get(self, lang: str) -> str | None:
        """The text in exactly `lang` (no fallback), for an editor of that language."""
        return self.ar if lang == "ar" else self.fr

    def pair(self) -> list[str | None]:
        """[ar, fr]: what the audit log keeps."""
        return [self.ar, self.fr]


def as_bilingual(value: Bilingual | str | None) -> Bilingual:
    """A `Bilingual` as it is; one string in the language of its script; None as empty."""
    if isinstance(value, Bilingual):
        return value
    if value is None or not value.strip():
        return Bilingual()
    return Bilingual(ar=value) if language_of(value) == "ar" else Bilingual(fr=value)


def clean_bilingual(
    value: Bilingual | str | None,
    *,
    field: str,
    kind: TextKind = TextKind.TEXT,
    max_length: int | None = None,
    required: str | None = None,
    row: int | None = None,
) -> Bilingual:
    """Each language cleaned by `clean_text` (a text too long is refused on `field_ar` or
    `field_fr`); `required`: the message refusing a text given in neither language (on
    `field`, at `row` when given)."""
    texts = as_bilingual(value)
    cleaned = {}
    for lang in LANGUAGES:
        try:
            cleaned[lang] = clean_text(
                texts.get(lang), field=f"{field}_{lang}", kind=kind, max_length=max_length
            )
        except ValidationError as error:
            raise ValidationError(error.field, error.message, row=row) from None
    result = Bilingual(**cleaned)
    if required is not None and not result:
        raise ValidationError(field, required, row=row)
    return result


class BilingualColumns:
    """A model's `Bilingual` attribute over its two columns: `place = BilingualColumns()`
    reads and writes `place_ar` and `place_fr`."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.ar, self.fr = f"{name}_ar", f"{name}_fr"

    @overload
    def __get__(self, row: None, owner: type) -> BilingualColumns: ...

    @overload
    def __get__(self, row: object, owner: type) -> Bilingual: ...

    def __get__(self, row: object | None, owner: type) -> Any:
        if row is None:
            return self
        return Bilingual(getattr(row, self.ar), getattr(row, self.fr))

    def __set__(self, row: object, value: Bilingual) -> None:
        setattr(row, self.ar, value.ar)
        setattr(row, self.fr, value.fr)
