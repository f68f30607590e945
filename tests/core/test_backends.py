"""The rule of tests/core/conftest.py, checked: a service test that opens a database runs on
both backends. A test (or a fixture) under tests/core that calls `open_database` itself takes
`backend` (or `database`, `demo_database`, which take it), or is marked `sqlite_only` with its
reason; otherwise it would run on SQLite alone, and nothing would say so."""

from __future__ import annotations

import ast
from pathlib import Path

CORE_TESTS = Path(__file__).resolve().parent
PARAMETRISED = {"backend", "database", "demo_database"}


def _calls_open_database(function: ast.AST) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            called = node.func
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name == "open_database":
                return True
    return False


def _marked_sqlite_only(decorators: list[ast.expr]) -> bool:
    return any("sqlite_only" in ast.unparse(decorator) for decorator in decorators)


def _single_backend_functions(path: Path, root: Path = CORE_TESTS) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module_marked = any(
        isinstance(node, ast.Assign)
        and any(getattr(target, "id", "") == "pytestmark" for target in node.targets)
        and "sqlite_only" in ast.unparse(node.value)
        for node in tree.body
    )
    found = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not _calls_open_database(node):
            continue
        parameters = {argument.arg for argument in node.args.args + node.args.kwonlyargs}
        if parameters & PARAMETRISED or module_marked or _marked_sqlite_only(node.decorator_list):
            continue
        found.append(f"{path.relative_to(root)}::{node.name}")
    return found


def test_every_test_that_opens_a_database_runs_on_both_backends_or_says_why_not() -> None:
    modules = [p for p in sorted(CORE_TESTS.rglob("*.py")) if p.name != "conftest.py"]
    found = [name for path in modules for name in _single_backend_functions(path)]
    assert not found, (
        "these open a SQLite file of their own: take `database`/`demo_database` (both "
        "backends), or mark them @pytest.mark.sqlite_only(reason): " + ", ".join(found)
    )


def test_the_check_sees_a_test_with_a_file_of_its_own(tmp_path: Path) -> None:
    module = tmp_path / "test_probe.py"
    module.write_text(
        "def test_own_file(tmp_path):\n"
        "    database = open_database(tmp_path / 'a.sqlite')\n"
        "def test_both(database):\n"
        "    other = open_database(database.url)\n"
        "@pytest.mark.sqlite_only('a PRAGMA')\n"
        "def test_marked(tmp_path):\n"
        "    storage.open_database(tmp_path / 'b.sqlite')\n",
        encoding="utf-8",
    )
    assert _single_backend_functions(module, tmp_path) == ["test_probe.py::test_own_file"]
