"""Composition root of the desktop application: paths → language → QApplication → the shell
(last file or first-run assistant, login, main window)."""

from __future__ import annotations


def main() -> int:
    from nassij_desktop.ui.shell.application import run

    return run()
