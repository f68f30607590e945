"""Every command is declared once in cli/registry.py: `--help` lists it without importing the
database layer, and a command a module registers cannot be missing from the registry. Every
document declared in reports/kinds.py is listed by `nassij report --help`."""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

import nassij_desktop.cli
from nassij_desktop.cli import main
from nassij_desktop.cli.registry import COMMANDS
from nassij_desktop.i18n import _, set_language, translate_in
from nassij_desktop.reports.kinds import REPORT_KINDS, all_options


def test_the_registry_and_the_modules_declare_the_same_commands() -> None:
    folder = Path(nassij_desktop.cli.__file__).parent
    # A command module is one that registers sub-commands; the others (context, output,
    # registry) serve them.
    modules = {
        p.stem
        for p in folder.glob("*.py")
        if hasattr(importlib.import_module(f"nassij_desktop.cli.{p.stem}"), "register")
    }
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


def test_every_module_that_registers_commands_is_in_the_registry() -> None:
    """Whatever its file name: a module of cli/ with a `register(commands)` is a command
    module, and the registry names it."""
    folder = Path(nassij_desktop.cli.__file__).parent
    registering = set()
    for path in folder.glob("*.py"):
        if path.stem == "__init__":
            continue
        module = importlib.import_module(f"nassij_desktop.cli.{path.stem}")
        if callable(getattr(module, "register", None)):
            registering.add(path.stem)
    assert registering == {spec.module for spec in COMMANDS}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_report_help_lists_every_document_and_every_option(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", lang, "report", "--help"])
    assert exit_.value.code == 0
    set_language(lang)
    try:
        shown = capsys.readouterr().out
        for name, kind in REPORT_KINDS.items():
            assert f"  {name}" in shown and _(kind.label) in shown, name
        for option, _kinds in all_options():
            assert option.flag in shown, option.flag
    finally:
        set_language("en")


def test_a_members_list_does_not_load_the_document_engine(demo_file) -> None:  # type: ignore[no-untyped-def]
    """fpdf, fontTools and PIL cost a good half second to import: a list of members through
    the normal path (a filter) loads none of them, nor Alembic on a file at the head."""
    probe = (
        "import sys\n"
        "from nassij_desktop.cli import main\n"
        "argv = ['--db', sys.argv[1], 'members', 'list', '--status', 'active']\n"
        "try:\n"
        "    main([*argv, '--format', 'json'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "heavy = ('fpdf', 'fontTools', 'PIL', 'openpyxl', 'alembic')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    path = demo_file(members=60, seed=3)
    env = {**os.environ, "NASSIJ_USER": "admin", "NASSIJ_USER_PASSWORD": "demo-password"}
    result = subprocess.run(
        [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_help_in_one_process_follows_each_call_s_language_and_default_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`main` called again and again in one process (a script, the tests) builds each parser
    once, yet every call's help is in its own language and names the default file of its
    own data folder."""
    monkeypatch.setenv("COLUMNS", "400")  # no line of the help wrapped
    shown = {}
    for folder, lang in (("one", "fr"), ("one", "ar"), ("two", "fr"), ("one", "fr")):
        monkeypatch.setenv("NASSIJ_DATA_DIR", str(tmp_path / folder))
        with pytest.raises(SystemExit) as exit_:
            main(["--lang", lang, "--help"])
        assert exit_.value.code == 0
        shown[folder, lang] = capsys.readouterr().out
        assert str(tmp_path / folder) in shown[folder, lang]
    assert translate_in("fr", "language of the messages") in shown["one", "fr"]
    assert translate_in("ar", "language of the messages") in shown["one", "ar"]
    assert shown["one", "fr"] != shown["two", "fr"]
