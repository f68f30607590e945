"""Composition root of the desktop application (placeholder window until the shell lands)."""

from __future__ import annotations


def main() -> int:
    from nassij_desktop.ui.launcher import run

    return run()
