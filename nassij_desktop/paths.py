"""Where the application keeps its files, computed in one place.

`NASSIJ_DATA_DIR` overrides everything (tests point it at a temporary folder).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "NassijDesktop"
DEFAULT_DATABASE_NAME = "association.sqlite"
RESOURCES = Path(__file__).resolve().parent / "resources"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def data_dir() -> Path:
    override = os.environ.get("NASSIJ_DATA_DIR")
    base = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    base.mkdir(parents=True, exist_ok=True)
    return base


def config_dir() -> Path:
    override = os.environ.get("NASSIJ_DATA_DIR")
    base = (
        Path(override) / "config"
        if override
        else Path(platformdirs.user_config_dir(APP_NAME, False))
    )
    base.mkdir(parents=True, exist_ok=True)
    return base


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> Path:
    return data_dir() / DEFAULT_DATABASE_NAME


def resource(*parts: str) -> Path:
    return RESOURCES.joinpath(*parts)
