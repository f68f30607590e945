"""Every document is declared once, in reports/kinds.py: a document module that is not declared,
a declared document that does not come out as a PDF, an option the request cannot carry, or a
declared permission that disagrees with what the document itself checks, fails here."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import nassij_desktop.reports
from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.reports.kinds import REPORT_KINDS, OptionType, all_options, produce_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database, open_database
from tests.shared_files import shared_demo
from tests.tiny_guide import make_guide


def _document_functions() -> set[tuple[str, str]]:
    """(module, function) of every `<doc>_report(session, actor, request) -> ReportResult`
    defined in a module of reports/."""
    found = set()
    prefix = "nassij_desktop.reports."
    for info in pkgutil.walk_packages(nassij_desktop.reports.__path__, prefix):
        if info.ispkg:
            continue
        module = importlib.import_module(info.name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            returns = inspect.signature(function).return_annotation
            if returns in ("ReportResult", nassij_desktop.reports.request.ReportResult):
                found.add((info.name.removeprefix(prefix), name))
    return found


def test_every_document_module_is_declared_and_every_declaration_has_its_module() -> None:
    declared = {(kind.module, kind.function) for kind in REPORT_KINDS.values()}
    found = _document_functions()
    found.discard(("kinds", "produce_report"))  # the entry point, not a document
    assert found == declared


def test_each_option_is_a_request_field_and_declared_once() -> None:
    request_fields = {field.name for field in dataclasses.fields(ReportRequest)}
    options = [option for option, _kinds in all_options()]
    assert [o.field for o in options if o.field not in request_fields] == []
    for attribute in ("field", "flag"):
        values = [getattr(option, attribute) for option in options]
        assert len(values) == len(set(values)), attribute
    for option in options:
        if option.type in (OptionType.LANGUAGE, OptionType.CHOICE):
            assert option.choices, option.field
    for kind in REPORT_KINDS.values():
        assert kind.options[0].type is OptionType.LANGUAGE, kind.name  # every document has one
        assert len({o.field for o in kind.options}) == len(kind.options), kind.name


@pytest.fixture(autouse=True)
def tiny_guide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user guide's PDF from a small guide: the real one (24 pages) costs seconds each
    time, and tests/reports/guide renders it."""
    monkeypatch.setenv("NASSIJ_GUIDE_DIR", str(make_guide(tmp_path / "guide")))


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_demo(tmp_path_factory, members=30, seed=5, today=dt.date(2026, 4, 20))


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    database = open_database(path, backup_dir=tmp_path)
    yield database
    database.close()


@pytest.mark.parametrize("name", list(REPORT_KINDS))
def test_every_declared_document_comes_out_as_a_pdf(
    name: str, demo: Database, tmp_path: Path
) -> None:
    out = tmp_path / f"{name}.pdf"
    with demo.session() as session:
        result = produce_report(session, CLI_ACTOR, name, ReportRequest(lang="fr", out=out))
    assert result.path == out and result.pages >= 1
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("role", [role for role in Role if role is not Role.ADMIN])
def test_a_refusal_of_the_declared_permission_comes_first_and_the_document_agrees(
    role: Role, demo: Database, tmp_path: Path
) -> None:
    """Refused by the declaration: refused before anything is written, and the document's
    own check refuses as well (the declaration is not looser than the document)."""
    actor = Actor(user_id=None, login=role.value, role=role)
    refused = [kind for kind in REPORT_KINDS.values() if not kind.allows(actor)]
    for kind in refused:
        out = tmp_path / f"{kind.name}.pdf"
        request = ReportRequest(lang="fr", out=out)
        with demo.session() as session:
            with pytest.raises(PermissionDenied):
                produce_report(session, actor, kind.name, request)
            assert not out.exists()
            with pytest.raises(PermissionDenied):
                kind.load()(session, actor, request)


def test_what_the_declaration_allows_the_document_allows(demo: Database, tmp_path: Path) -> None:
    """The volunteer, the narrowest role, gets every document its declaration allows (the
    declaration is not stricter than the document); the others are rendered above as admin."""
    actor = Actor(user_id=None, login="benevole", role=Role.VOLUNTEER)
    allowed = [kind.name for kind in REPORT_KINDS.values() if kind.allows(actor)]
    assert allowed, "the test needs a document a volunteer may produce"
    for name in allowed:
        out = tmp_path / f"{name}.pdf"
        with demo.session() as session:
            produce_report(session, actor, name, ReportRequest(lang="fr", out=out))
        assert out.read_bytes().startswith(b"%PDF-"), name
