"""The letter declaring a change of the statutes to the local authority, read back from the
PDF. The demo's extraordinary assembly changed the statutes and owes that declaration
(`record_declaration_due`, kind statutes_change)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.errors import NotFound, PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.models import (
    AssemblyKind,
    AuthorityDeclaration,
    DeclarationKind,
    GeneralAssembly,
)
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.reports.governance.statutes_declaration import (
    build_statutes_declaration_data,
    statutes_declaration_report,
)
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database

KIND = "statutes-declaration"
VIEWER = Actor(user_id=None, login="w", role=Role.VIEWER)  # governance read, no identity
SECRETARY = Actor(user_id=None, login="s", role=Role.SECRETARY)


def _squeeze(text: str) -> str:
    squeezed = "".join(text.split()).translate(str.maketrans("", "", ".،,:()"))
    return "".join(c for c in squeezed if not "\u064b" <= c <= "\u0652")


def _extraordinary(database: Database) -> GeneralAssembly:
    with database.session() as session:
        assembly = session.scalars(
            sa.select(GeneralAssembly)
            .join(AuthorityDeclaration, AuthorityDeclaration.assembly_id == GeneralAssembly.id)
            .where(AuthorityDeclaration.kind == DeclarationKind.STATUTES_CHANGE)
        ).one()
        assembly.resolutions  # noqa: B018 - load them
        session.expunge_all()
    return assembly


def test_the_declaration_is_the_extraordinary_assemblys(demo_database: Database) -> None:
    assembly = _extraordinary(demo_database)
    assert assembly.kind is AssemblyKind.EXTRAORDINARY
    with demo_database.session() as session:
        data = build_statutes_declaration_data(session)
        chosen = build_statutes_declaration_data(session, assembly.id)
    assert data == chosen
    assert data.assembly.id == assembly.id
    assert data.adopted == tuple(r.text for r in assembly.resolutions if r.adopted)
    assert data.president is not None


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_letter_says_what_changed_who_declares_and_asks_for_the_receipt(
    lang: str, module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    with demo_database.session() as session:
        data = build_statutes_declaration_data(session)
    assert data.president is not None
    text = _squeeze(pdf_text(module_document(KIND, lang)))
    held_on = format_date(data.assembly.held_on, lang, "long")
    for phrase in [
        translate_in(lang, "Declaration of a change of the association's statutes"),
        translate_in(lang, "the amendment of its statutes"),
        translate_in(lang, "Extraordinary general assembly").split()[-1],
        held_on,
        translate_in(lang, "The amended statutes, in three signed copies"),
        translate_in(lang, "We kindly ask you to deliver us the receipt of this filing."),
        data.president.person.name(lang),
        data.president.person.id_number,  # the declarant's CIN
        *(text.text(lang) for text in data.adopted),
    ]:
        assert _squeeze(phrase) in text, phrase


def test_the_arabic_letter_carries_the_hijri_date(
    module_document: Callable, pdf_text: Callable
) -> None:
    assert "الموافق" in pdf_text(module_document(KIND, "ar"))


def test_an_assembly_that_changed_no_statutes_has_no_such_letter(
    demo_database: Database, tmp_path: Path
) -> None:
    extraordinary = _extraordinary(demo_database)
    with demo_database.session() as session:
        other = session.scalars(
            sa.select(GeneralAssembly.id).where(GeneralAssembly.id != extraordinary.id)
        ).first()
        with pytest.raises(NotFound, match="statutes"):
            statutes_declaration_report(
                session, CLI_ACTOR, ReportRequest("fr", tmp_path / "x.pdf", record_id=other)
            )


def test_it_prints_a_cin_so_it_needs_the_identity_right(
    demo_database: Database, tmp_path: Path
) -> None:
    with demo_database.session() as session:
        with pytest.raises(PermissionDenied):
            statutes_declaration_report(session, VIEWER, ReportRequest("fr", tmp_path / "v.pdf"))
        result = statutes_declaration_report(
            session, SECRETARY, ReportRequest("fr", tmp_path / "s.pdf")
        )
    assert result.pages >= 1


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_fonts_are_embedded_and_every_character_has_a_glyph(
    lang: str,
    module_document: Callable,
    demo_database: Database,
    pdf_fonts: Callable,
    pdf_text: Callable,
    assert_glyphs: Callable,
) -> None:
    path = module_document(KIND, lang)
    assert all(f.embedded and f.unicode for f in pdf_fonts(path))
    with demo_database.session() as session:
        data = build_statutes_declaration_data(session)
    assert_glyphs(data, pdf_text(path))
