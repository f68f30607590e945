"""The user guide as a PDF: a contents page with each chapter's page, the Markdown drawn
(headings, bold, lists, pictures, tables), Arabic shaped and in logical order."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from nassij_desktop.reports.guide.markdown import (
    Heading,
    Image,
    ListItem,
    Paragraph,
    Table,
    inline,
    parse,
)
from nassij_desktop.reports.guide.user_guide import build_user_guide_data, render_user_guide
from tests.tiny_guide import make_guide


def _text(pdf: Path, *pages: int) -> str:
    arguments = ["pdftotext", "-layout"]
    if pages:
        arguments += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run(
        [*arguments, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_markdown_subset_is_read_into_blocks() -> None:
    source = (
        "# Titre\n\nUn **mot** en *italique*, `nassij report`, [un lien](05-books.md).\n"
        "suite du paragraphe\n\n![La page](images/x.png)\n\n- un\n  suite\n  - deux\n1. trois\n\n"
        "| A | B |\n|---|:-:|\n| 1 | **2** |\n\n## Fin\n"
    )
    blocks = parse(source)
    assert blocks == [
        Heading(1, "Titre"),
        Paragraph(
            "Un **mot** en italique, \u2066nassij report\u2069, un lien. suite du paragraphe"
        ),
        Image("images/x.png", "La page"),
        ListItem("•", "un suite", 0),
        ListItem("•", "deux", 1),
        ListItem("1.", "trois", 0),
        Table(("A", "B"), (("1", "2"),)),
        Heading(2, "Fin"),
    ]
    assert inline("Fichier → Exporter") == "Fichier › Exporter"


@pytest.mark.parametrize(
    ("lang", "titles", "words"),
    [
        ("fr", ["Installer Nassij", "Les membres", "La comptabilité"], ["adhérents", "Banque"]),
        ("ar", ["Installer Nassij", "الأعضاء", "المحاسبة"], ["قائمة المنخرطين", "البنك"]),
    ],
)
def test_the_guide_pdf_has_its_contents_page_and_its_chapters_in_logical_order(
    tmp_path: Path, lang: str, titles: list[str], words: list[str]
) -> None:
    root = make_guide(tmp_path / "guide")
    out = tmp_path / f"guide-{lang}.pdf"
    data = build_user_guide_data(lang, root)  # type: ignore[arg-type]
    pages = render_user_guide(data, lang, out)  # type: ignore[arg-type]
    assert pages >= 4  # contents, then each chapter on its own page(s)
    contents = _text(out, 1)
    for title in titles:
        assert title in contents
    # Each chapter's title opens the page the contents give for it.
    for line in contents.splitlines():
        for title in titles:
            if title in line:
                (number,) = re.findall(r"\b\d+\b", line.replace(title, ""))
                assert int(number) > 1 and title in _text(out, int(number))
    whole = _text(out)
    for word in words:
        assert word in whole
    assert "**" not in whole and "`" not in whole
    if lang == "ar":
        assert "docs/guide" in whole  # the code span isolated, whole, left to right
