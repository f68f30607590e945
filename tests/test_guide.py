"""Where the user guide is and how its chapters are listed (nassij_desktop/guide.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nassij_desktop.guide import chapter, chapters, guide_root, heading_anchor
from tests.tiny_guide import make_guide


def test_chapters_in_order_with_titles_and_the_other_language_for_a_missing_one(
    tmp_path: Path,
) -> None:
    root = make_guide(tmp_path)
    (root / "fr" / "notes.md").write_text("# Pas un chapitre\n", encoding="utf-8")
    listed = chapters("ar", root)
    assert [(c.key, c.title, c.lang) for c in listed] == [
        ("01-installing", "Installer Nassij", "fr"),  # no Arabic one yet: the French
        ("03-members", "الأعضاء", "ar"),
        ("05-books", "المحاسبة", "ar"),
    ]
    assert [c.title for c in chapters("fr", root)] == [
        "Installer Nassij",
        "Les membres",
        "La comptabilité",
    ]
    members = chapter("03-members", "fr", root)
    assert members is not None and members.path == root / "fr" / "03-members.md"
    assert chapter("99-nothing", "fr", root) is None


def test_the_guide_is_found_in_the_override_else_the_resources_else_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NASSIJ_GUIDE_DIR", str(tmp_path))
    assert guide_root() == tmp_path
    monkeypatch.delenv("NASSIJ_GUIDE_DIR")
    root = guide_root()
    assert root.parts[-2:] in (("docs", "guide"), ("resources", "guide"))
    assert (root / "fr").is_dir() and (root / "ar").is_dir()


def test_heading_anchors_are_githubs() -> None:
    assert heading_anchor("Le journal") == "le-journal"
    assert heading_anchor("Sauvegardes : où, quand ?") == "sauvegardes--où-quand-"
    assert heading_anchor("اليومية") == "اليومية"
