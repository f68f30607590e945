"""One version number: pyproject.toml's, read back by the package, the CLI and the About box."""

from __future__ import annotations

import re
from pathlib import Path

import nassij_desktop
from nassij_desktop.licences import bundled_distributions, bundled_libraries, normalise

ROOT = Path(__file__).resolve().parents[1]


def pyproject_version() -> str:
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    found = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    assert found is not None
    return found.group(1)


def test_the_package_version_is_pyprojects() -> None:
    assert nassij_desktop.__version__ == pyproject_version()


def test_the_application_licence_is_shipped_at_the_root_and_in_the_package() -> None:
    root = (ROOT / "LICENSE").read_text("utf-8")
    packaged = (ROOT / "nassij_desktop" / "resources" / "licences" / "GPL-3.0.txt").read_text()
    assert "GNU GENERAL PUBLIC LICENSE" in root and "Version 3, 29 June 2007" in root
    assert root == packaged


def test_the_closure_holds_the_requirements_and_the_bundled_groups_not_the_tests() -> None:
    names = [normalise(dist.name) for dist in bundled_distributions()]
    assert names[0] == "nassij-desktop"
    # A direct requirement, one of its own (alembic → mako), and the postgres group with the
    # extra psycopg[binary] asks for.
    for needed in ("sqlalchemy", "alembic", "mako", "fpdf2", "pyside6-essentials", "shiboken6"):
        assert needed in names, needed
    assert {"psycopg", "psycopg-binary"} <= set(names)
    # The `test` group is not bundled.
    for left_out in ("pytest", "pytest-qt", "hypothesis", "mypy", "ruff"):
        assert left_out not in names, left_out
    assert len(names) == len(set(names))


def test_every_library_has_a_version_and_a_licence() -> None:
    libraries = bundled_libraries()
    assert libraries and all(library.version for library in libraries)
    assert all(library.licence for library in libraries), [
        library.name for library in libraries if not library.licence
    ]
    alembic = next(library for library in libraries if normalise(library.name) == "alembic")
    assert alembic.licence == "MIT" and "Permission is hereby granted" in alembic.text
