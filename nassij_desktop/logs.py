"""Log files readable by their owner only.

A log holds file paths and, in a traceback, fragments of what a user was doing: it is created
0600 in a 0700 folder, whatever the umask. SQL parameters never reach it (the engines hide them).
"""

from __future__ import annotations

import logging
import os
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path

from nassij_desktop import paths


def private_log_path(name: str) -> Path:
    folder = paths.log_dir()
    os.chmod(folder, 0o700)
    target = folder / name
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    os.chmod(target, 0o600)  # an older version created it 0644
    return target


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose every file, the rotated ones too, is created 0600."""

    def _open(self) -> TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        # Appending, as the descriptor is opened (a rotating handler always appends).
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def file_handler(name: str, level: int = logging.INFO) -> logging.Handler:
    handler = PrivateRotatingFileHandler(
        private_log_path(name), maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler
