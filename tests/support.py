"""What tests share besides fixtures: types and constants a test module imports (a
conftest is pytest's to load, never imported by name)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol

#: the administrator's password of the association files the UI tests make
ADMIN_PASSWORD = "s3cret-pass"


class DemoFile(Protocol):
    def __call__(
        self, *, members: int, seed: int, today: dt.date | None = None, name: str = "demo.sqlite"
    ) -> Path: ...
