"""This computer's preferences (language, recent files, window geometry, the folder last used
for each kind of file), not the file's.

An INI file in the config folder, so that tests (NASSIJ_DATA_DIR) never touch the real ones
and a user can read it. Settings that belong to the association live in the database.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from nassij_desktop import paths
from nassij_desktop.i18n import LANGUAGES
from nassij_desktop.i18n.catalog import DEFAULT_LANGUAGE


def app_settings() -> QSettings:
    return QSettings(str(paths.config_dir() / "nassij-desktop.ini"), QSettings.Format.IniFormat)


def saved_language() -> str:
    value = str(app_settings().value("ui/language", DEFAULT_LANGUAGE))
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def save_language(lang: str) -> None:
    settings = app_settings()
    settings.setValue("ui/language", lang)
    settings.sync()


def last_folder(kind: str) -> Path | None:
    """The folder where a file of `kind` was last saved or opened (file_dialogs.FileKind)."""
    value = app_settings().value(f"folders/{kind}")
    return Path(value) if isinstance(value, str) and value else None


def save_last_folder(kind: str, folder: Path) -> None:
    settings = app_settings()
    settings.setValue(f"folders/{kind}", str(folder))
    settings.sync()


def last_run_version() -> str | None:
    """The version that last showed its window on this computer (None: never, a first install)."""
    value = app_settings().value("app/last-version")
    return value if isinstance(value, str) and value else None


def save_last_run_version(version: str) -> None:
    settings = app_settings()
    settings.setValue("app/last-version", version)
    settings.sync()
