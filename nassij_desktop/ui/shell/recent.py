"""The files recently opened on this computer, most recent first (in app_settings).

A shared database on a server is remembered by its URL without the password
(`postgresql+psycopg://user@host:port/db`, storage/server.py): a `str`, where a file is a
`Path`."""

from __future__ import annotations

from pathlib import Path

from nassij_desktop.storage import server
from nassij_desktop.ui.common.preferences import app_settings

MAX_RECENT = 8
_KEY = "files/recent"

Recent = Path | str  # a file, or a server database's URL (no password)


def recent_entry(value: str) -> Recent:
    """A stored (or menu's) text as a file or a server URL."""
    return server.without_password(value) if server.is_server_url(value) else Path(value)


def recent_files() -> list[Recent]:
    value = app_settings().value(_KEY, [])
    if isinstance(value, str):  # QSettings gives a lone string for a one-item list
        value = [value]
    if not isinstance(value, list):  # a damaged settings file: no recent files
        return []
    return [recent_entry(str(v)) for v in value if v]


def _store(files: list[Recent]) -> None:
    settings = app_settings()
    settings.setValue(_KEY, [str(p) for p in files[:MAX_RECENT]])
    settings.sync()


def _key(entry: Recent) -> Recent:
    return Path(entry).resolve() if isinstance(entry, Path) else server.without_password(entry)


def add_recent(entry: Recent) -> None:
    entry = _key(entry)
    _store([entry, *(p for p in recent_files() if p != entry)])


def remove_recent(entry: Recent) -> None:
    entry = _key(entry)
    _store([p for p in recent_files() if p != entry])


def last_file() -> Recent | None:
    files = recent_files()
    return files[0] if files else None
