"""Build the application's icon font: the Material Design Icons glyphs it uses, subset.

    pip install qtawesome   # only to find the full font; the application does not need it
    python tools/icon_font.py

Writes nassij_desktop/resources/icons/icons.ttf (a few kilobytes instead of 1.3 MB, loaded in
a millisecond at start-up) and icons.json (name → code point). ui/common/icons.py names the
glyph of each icon; a name used there and missing here fails tests/ui/test_icons.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import qtawesome  # type: ignore[import-untyped]
from fontTools import subset

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "nassij_desktop" / "resources" / "icons"
SOURCE = "materialdesignicons6-webfont-6.9.96"
GLYPHS = (
    "view-dashboard-outline",
    "account-group-outline",
    "account-tie-outline",
    "hand-heart-outline",
    "hand-coin-outline",
    "book-open-variant",
    "file-document-multiple-outline",
    "cog-outline",
    "account-key-outline",
    "file-plus-outline",
    "folder-open-outline",
    "content-save-all-outline",
    "backup-restore",
    "exit-to-app",
    "information-outline",
    "arrow-left",
    "arrow-right",
    "alert-outline",
    "history",
)


def main() -> None:
    fonts = Path(qtawesome.__file__).parent / "fonts"
    charmap = json.loads(
        (fonts / f"{SOURCE.replace('webfont', 'webfont-charmap')}.json").read_text()
    )
    codes = {name: int(charmap[name], 16) for name in GLYPHS}
    OUT.mkdir(parents=True, exist_ok=True)
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    font = subset.load_font(str(fonts / f"{SOURCE}.ttf"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes.values())
    subsetter.subset(font)
    subset.save_font(font, str(OUT / "icons.ttf"), options)
    (OUT / "icons.json").write_text(json.dumps(codes, indent=1, sort_keys=True) + "\n")
    print(f"{len(codes)} glyphs → {OUT / 'icons.ttf'} ({(OUT / 'icons.ttf').stat().st_size} bytes)")


if __name__ == "__main__":
    main()
