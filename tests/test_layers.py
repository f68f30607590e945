"""The layer rule: nothing outside nassij_desktop/ui imports Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nassij_desktop

PACKAGE = Path(nassij_desktop.__file__).parent


def _non_ui_modules() -> list[str]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = relative.parts
        if "ui" in parts[1:2] or "migrations" in parts or parts[-1] in {"__main__", "app"}:
            continue
        modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return modules


def test_core_reports_storage_and_cli_never_load_qt() -> None:
    modules = _non_ui_modules()
    assert "nassij_desktop.core.members.services" in modules
    assert "nassij_desktop.cli" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"Qt loaded outside ui/: {result.stdout}"


def test_the_check_itself_sees_qt_when_ui_is_imported() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import nassij_desktop.ui.shell.application, sys; print('PySide6' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "True"
