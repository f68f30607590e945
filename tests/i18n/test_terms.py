"""One word for one thing: a label and the same label with a colon read the same. The
assistant said "اسم الدخول" where the login window said "اسم المستخدم"."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
SEPARATORS = ": \u00a0\u202f"


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_label_reads_the_same_with_or_without_its_colon(lang: str) -> None:
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "nassij.po", "rb") as po:
        catalog = read_po(po)
    strings = {m.id: m.string for m in catalog if isinstance(m.id, str) and not m.context}
    differing = [
        (msgid, strings[msgid[:-1]], text)
        for msgid, text in strings.items()
        if msgid.endswith(":")
        and msgid[:-1] in strings
        and text
        and strings[msgid[:-1]]
        and text.rstrip(SEPARATORS).strip() != strings[msgid[:-1]].strip()
    ]
    assert differing == []
