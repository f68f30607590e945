"""Regenerate the pictures of the README (docs/*.png) from a fixed demo association.

    python tools/doc_images.py

The Arabic board list and membership cards come straight from the `nassij report` documents
(first page, pdftoppm); the two screens are copies of what the screenshot tests saved in
tests/gui/screens: run first
`NASSIJ_SCREENS_DIR=tests/gui/screens QT_QPA_PLATFORM=offscreen pytest tests/ui`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SCREENS = ROOT / "tests" / "gui" / "screens"


def nassij(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "nassij_desktop", *args], check=True)


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "demo.sqlite")
        nassij("--db", db, "demo", "--members", "150", "--seed", "3")
        for kind, name in (("board-list", "board-list-ar"), ("member-card", "member-cards-ar")):
            pdf = Path(folder) / f"{name}.pdf"
            nassij("--db", db, "report", kind, "--lang", "ar", "--out", str(pdf))
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "55",
                    "-png",
                    "-singlefile",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    pdf,
                    DOCS / name,
                ],
                check=True,
            )
    for source, target in (
        ("ar-members.png", "members-ar.png"),
        ("assembly-fr.png", "assembly-fr.png"),
    ):
        if (SCREENS / source).exists():
            shutil.copyfile(SCREENS / source, DOCS / target)
        else:
            print(f"missing {SCREENS / source}: run the screen tests first", file=sys.stderr)


if __name__ == "__main__":
    main()
