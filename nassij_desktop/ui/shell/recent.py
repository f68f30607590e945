"""The files recently opened on this computer, most recent first (in app_settings)."""

from __future__ import annotations

from pathlib import Path

from nassij_desktop.ui.common.preferences import app_settings

MAX_RECENT = 8
_KEY = "files/recent"


def recent_files() -> list[Path]:
    value = app_settings().value(_KEY, [])
    if isinstance(value, str):  # QSettings gives a lone string for a one-item list
        value = [value]
    if not isinstance(value, list):  # a damaged settings file: no recent files
        return []
    return [Path(v) for v in value if v]


def _store(files: list[Path]) -> None:
    settings = app_settings()
    settings.setValue(_KEY, [str(p) for p in files[:MAX_RECENT]])
    settings.sync()


def add_recent(path: Path) -> None:
    path = Path(path).resolve()
    _store([path, *(p for p in recent_files() if p != path)])


def remove_recent(path: Path) -> None:
    path = Path(path).resolve()
    _store([p for p in recent_files() if p != path])


def last_file() -> Path | None:
    files = recent_files()
    return files[0] if files else None
