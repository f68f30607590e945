"""Arabic words copied and searched whole in poppler-based viewers (issue 12).

In Amiri, `pdftotext` read "الشر يف", "العضو ية", "الز ياني", "الإ لكتروني": its kerning after
the letters that do not join on the left opened gaps that poppler takes for spaces. The engine
now sets Arabic in Noto Naskh Arabic, without the ligature "لله" (extracted "اهلل") nor mark
positioning (a vowel mark given to the next word).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from nassij_desktop.reports.engine import Column, Letterhead, ReportDocument

HEAD = Letterhead(name_ar="جمعية الأمل", name_fr="Association Al Amal")
WORDS = "الشريف التعريف طريقة العضوية الزياني زكرياء فوزية بوزيان ثريا الإلكتروني عبد الله"
VOCALISED = "يُستدعى الأعضاء الممثَّلين"


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_arabic_words_are_extracted_whole_wherever_they_are_drawn(
    lang: str, tmp_path: Path, pdf_text: Callable
) -> None:
    doc = ReportDocument(lang, HEAD, title="Test", generated_on=dt.date(2026, 8, 5))  # type: ignore[arg-type]
    doc.paragraph(WORDS)
    doc.paragraph(VOCALISED)
    doc.table([Column("Text")], [[WORDS]])
    doc.key_values([("الاسم", WORDS)])
    doc.listing([Column("Text")], [[WORDS]])
    doc.listing([Column("Text")], [[word] for word in WORDS.split()])
    text = pdf_text(doc.save(tmp_path / f"{lang}.pdf"), layout=False)
    words = text.split()
    for word in WORDS.split():
        assert words.count(word) >= 5, word  # paragraph, table, key/value, listings
    assert "اهلل" not in text
    # Marks in canonical order: HarfBuzz draws the shadda before the fatha.
    normal = {unicodedata.normalize("NFC", word) for word in words}
    for word in VOCALISED.split():
        assert word in normal, word
