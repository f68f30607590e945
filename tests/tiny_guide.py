"""A small user guide in a temporary folder, laid out as docs/guide is (tests of the guide's
window and PDF that need no real chapter)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

CHAPTERS = {
    "fr": {
        "01-installing": "# Installer Nassij\n\nTéléchargez `nassij-setup.exe`.\n",
        "03-members": (
            "# Les membres\n\n"
            "La page **Membres** liste les *adhérents*.\n\n"
            "![La page Membres](images/members-page.png)\n\n"
            "- Cliquez sur **Nouveau membre…**\n"
            "- Remplissez la fiche\n\n"
            "Voir [les comptes](05-books.md#le-journal).\n"
        ),
        "05-books": (
            "# La comptabilité\n\n## Les comptes\n\n" + "Un texte.\n\n" * 40 + "## Le journal\n\n"
            "| Compte | Libellé |\n|---|---|\n| 5141 | Banque |\n"
        ),
    },
    "ar": {
        "03-members": (
            "# الأعضاء\n\n"
            "تعرض صفحة **الأعضاء** قائمة المنخرطين، والملف `docs/guide` بالفرنسية.\n\n"
            "![صفحة الأعضاء](images/members-page.png)\n\n"
            "1. انقروا على **عضو جديد…**\n"
            "2. املؤوا البطاقة\n\n"
            "انظر [الحسابات](05-books.md#اليومية).\n"
        ),
        "05-books": (
            "# المحاسبة\n\n## الحسابات\n\n" + "نص.\n\n" * 40 + "## اليومية\n\n"
            "| الحساب | البيان |\n|---|---|\n| 5141 | البنك |\n"
        ),
    },
}


def make_guide(root: Path) -> Path:
    """The guide under `root` (returned): French chapters 01, 03, 05; Arabic 03 and 05 (01
    missing: read in French); a screenshot in each language."""
    for lang, chapters in CHAPTERS.items():
        folder = root / lang
        (folder / "images").mkdir(parents=True)
        for key, text in chapters.items():
            (folder / f"{key}.md").write_text(text, encoding="utf-8")
        Image.new("RGB", (683, 400), (40, 90, 160)).save(folder / "images" / "members-page.png")
    return root
