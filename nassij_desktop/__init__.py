"""Nassij Desktop: run a Moroccan association offline, in Arabic and French."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

DISTRIBUTION = "nassij-desktop"


def _version() -> str:
    """The one version number, `[project] version` in pyproject.toml: the installed metadata's
    (a wheel, an editable install, the bundle's copied metadata), else read from the source
    tree's pyproject.toml (running from a checkout that was never installed)."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        pass
    try:
        text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8")
    except OSError:
        return "0+unknown"
    found = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    return found.group(1) if found else "0+unknown"


__version__ = _version()
