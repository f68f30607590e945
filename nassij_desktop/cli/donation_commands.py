"""`donation` commands (being written)."""

from __future__ import annotations

from typing import Any


def register(commands: Any) -> None:
    """Add the sub-commands to the `nassij` parser."""
