"""An assembly's texts in Arabic and French from the command line: set with --…-ar/--…-fr
(or one text, in the language of its script), listed with both for a program, shown in the
interface's language with the other below it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nassij_desktop.core.common import clock


def test_texts_are_set_and_shown_in_both_languages(
    tmp_path: Path, nassij: Callable[..., Any]
) -> None:
    def ok(*args: str) -> str:
        result = nassij("--db", db, *args)
        assert result.returncode == 0, result.stderr
        return str(result.stdout)

    db = str(tmp_path / "assoc.sqlite")
    ok("init", "--name-ar", "جمعية الأمل", "--name-fr", "Association Al Amal")
    today = clock.today().strftime("%d/%m/%Y")
    ok(
        "assembly", "convene", "--date", today, "--place-ar", "دار الشباب",
        "--place-fr", "Maison des jeunes", "--item-ar", "التقرير الأدبي",
        "--item-fr", "Rapport moral", "--item-ar", "مختلفات", "--item-fr", "",
        "--item-ar", "", "--item-fr", "Élection du bureau",
    )  # fmt: skip
    [row] = json.loads(ok("assembly", "list", "--format", "json"))
    assert (row["place_ar"], row["place_fr"]) == ("دار الشباب", "Maison des jeunes")
    ok("assembly", "open", "1")
    ok(
        "assembly", "resolve", "1", "--text-ar", "صودق على التقرير الأدبي",
        "--text-fr", "Le rapport moral est approuvé", "--for", "0",
    )  # fmt: skip
    ok("assembly", "resolve", "1", "قرار بالعربية وحدها", "--for", "0")
    ok(
        "assembly", "minutes", "1", "--discussion-ar", "1=نوقش التقرير",
        "--discussion-fr", "1=Le rapport a été discuté", "--notes-fr", "Seconde convocation",
    )  # fmt: skip
    ok("assembly", "minutes", "1", "--discussion-fr", "3=Une seule liste")  # item 1 is kept

    arabic = ok("--lang", "ar", "assembly", "show", "1").splitlines()
    french = ok("--lang", "fr", "assembly", "show", "1").splitlines()
    # Each text in the reader's language, the other language under it.
    assert arabic[1:3] == ["المكان: دار الشباب", "  [fr] Maison des jeunes"]
    assert french[1:3] == ["Lieu : Maison des jeunes", "  [ar] دار الشباب"]
    assert "  1. التقرير الأدبي" in arabic and "       [fr] Rapport moral" in arabic
    assert "       نوقش التقرير" in arabic
    assert "  2. مختلفات" in french  # no French: the Arabic, and nothing under it
    assert "  3. Élection du bureau" in arabic and "       Une seule liste" in arabic
    assert any(line.startswith("  2. قرار بالعربية وحدها") for line in french)
    assert "ملاحظات: Seconde convocation" in arabic

    mixed = nassij("--db", db, "assembly", "convene", "--date", today, "--place", "Salle",
                   "--item", "Bilan", "--item-fr", "Divers")  # fmt: skip
    assert mixed.returncode == 1 and "--…-ar/--…-fr" in mixed.stderr
    refused = nassij("--db", db, "--lang", "fr", "assembly", "convene", "--date", today,
                     "--item", "Bilan")  # fmt: skip
    assert refused.returncode == 1
    assert "Indiquez le lieu de l'assemblée, en arabe ou en français." in refused.stderr
    assert "Traceback" not in refused.stderr
    both = nassij("--db", db, "assembly", "convene", "--date", today, "--place", "Salle",
                  "--place-ar", "قاعة", "--item", "Bilan")  # fmt: skip
    assert both.returncode == 1 and "--…-ar/--…-fr" in both.stderr
    bad = nassij("--db", db, "assembly", "minutes", "1", "--discussion-fr", "9=Rien")
    assert bad.returncode == 1 and "ITEM=TEXT" in bad.stderr
