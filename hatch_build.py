"""Compile the gettext catalogs (translations/*.po) into the package at build time.

The .mo files are build products and are never committed.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as a plain script by `make catalogs`
    BuildHookInterface = object  # type: ignore[assignment,misc]


def compile_catalogs(root: Path) -> list[Path]:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted((root / "translations").glob("*/LC_MESSAGES/*.po")):
        lang = po_path.parent.parent.name
        out = root / "nassij_desktop" / "locale" / lang / "LC_MESSAGES" / (po_path.stem + ".mo")
        out.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=lang)
        compiled = io.BytesIO()
        write_mo(compiled, catalog, use_fuzzy=False)
        # Replaced whole, and only when it changed: a program of the test run (or the running
        # application) may be reading the catalog while `make package` compiles it again.
        if not out.exists() or out.read_bytes() != compiled.getvalue():
            partial = out.with_name(f".{out.name}.partial")
            partial.write_bytes(compiled.getvalue())
            os.replace(partial, out)
        written.append(out)
    return written


class CatalogBuildHook(BuildHookInterface):  # type: ignore[misc,valid-type]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        compile_catalogs(Path(self.root))


if __name__ == "__main__":
    for path in compile_catalogs(Path(__file__).resolve().parent):
        print(f"compiled {path}")
