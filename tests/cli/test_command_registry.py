"""Every command is declared once in cli/registry.py: `--help` lists it without importing the
database layer, and a command a module registers cannot be missing from the registry."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from pathlib import Path

import nassij_desktop.cli
from nassij_desktop.cli.registry import COMMANDS


def test_the_registry_and_the_modules_declare_the_same_commands() -> None:
    folder = Path(nassij_desktop.cli.__file__).parent
    modules = {p.stem for p in folder.glob("*_command*.py")}
    assert modules == {spec.module for spec in COMMANDS}
    for module_name in modules:
        parser = argparse.ArgumentParser()
        commands = parser.add_subparsers(dest="command")
        importlib.import_module(f"nassij_desktop.cli.{module_name}").register(commands)
        registered = set(commands.choices)
        declared = {spec.name for spec in COMMANDS if spec.module == module_name}
        assert registered == declared, module_name


def test_help_and_version_do_not_load_the_database_layer() -> None:
    probe = (
        "import sys\n"
        "from nassij_desktop.cli import main\n"
        "try:\n"
        "    main([sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'alembic', 'fpdf'))))\n"
    )
    for flag in ("--help", "--version"):
        result = subprocess.run(
            [sys.executable, "-c", probe, flag], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip().splitlines()[-1] == "[]", flag
