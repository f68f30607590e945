"""The membership application form, blank or filled in for a member, read back from the PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.errors import NotFound
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.models import Member
from nassij_desktop.core.members.records import MASK
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.reports.members.membership_form import (
    build_membership_form_data,
    membership_form_report,
)
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database

KIND = "membership-form"
VOLUNTEER = Actor(user_id=None, login="v", role=Role.VOLUNTEER)  # members read, no identity

LABELS = [
    "Family name (Arabic)",
    "First name (Arabic)",
    "Family name (Latin letters)",
    "First name (Latin letters)",
    "National identity card (CIN)",
    "Birth date",
    "Birth place",
    "Nationality",
    "Address",
    "Phone",
    "Email",
    "Profession",
    "Personal data (law 09-08)",
    "Commitment",
    "Signature of the applicant",
    "For the association",
    "Decision of the board",
    "Date of the decision",
    "Member no.",
]


def _squeeze(text: str) -> str:
    squeezed = "".join(text.split()).translate(str.maketrans("", "", ".،,:()"))
    return "".join(c for c in squeezed if not "\u064b" <= c <= "\u0652")


def _member(database: Database) -> Member:
    with database.session() as session:
        member = session.scalars(
            sa.select(Member)
            .where(Member.id_number.is_not(None), Member.birth_date.is_not(None))
            .order_by(Member.id)
        ).first()
        assert member is not None
        session.expunge_all()
    return member


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_blank_form_has_every_field_the_consent_and_the_associations_part(
    lang: str, module_document: Callable, pdf_text: Callable
) -> None:
    text = _squeeze(pdf_text(module_document(KIND, lang)))
    for label in LABELS:
        assert _squeeze(translate_in(lang, label)) in text, label
    # Law 09-08: the purpose, and the rights of access, rectification and opposition.
    assert ("0908" if lang == "ar" else "09-08") in text
    purpose = translate_in(lang, "Member register, dues and the association's messages")
    # (poppler breaks the lines of an Arabic paragraph out of order: its first words)
    purpose = purpose.lower() if lang == "fr" else " ".join(purpose.split()[:2])
    assert _squeeze(purpose) in text
    rights = {"ar": "التعرض", "fr": "d'opposition"}[lang]
    assert rights in text


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_members_form_is_filled_in_from_the_register(
    lang: str, demo: Database, write_document: Callable, tmp_path: Path, pdf_text: Callable
) -> None:
    member = _member(demo)
    path = write_document(demo, KIND, lang, tmp_path / "form.pdf", record_id=member.id)
    text = _squeeze(pdf_text(path))
    for value in (
        member.last_name_ar,
        member.first_name_ar,
        member.last_name_lat,
        member.first_name_lat,
        member.id_number,
        format_date(member.birth_date, lang),
        member.number,
        format_date(member.join_date, lang),
    ):
        assert value and _squeeze(value) in text, value


def test_a_role_without_the_identity_right_gets_the_identity_lines_blank(
    demo_database: Database, tmp_path: Path, pdf_text: Callable
) -> None:
    member = _member(demo_database)
    out = tmp_path / "v.pdf"
    with demo_database.session() as session:
        membership_form_report(session, VOLUNTEER, ReportRequest("fr", out, record_id=member.id))
    text = pdf_text(out)
    assert member.last_name_lat in text  # the names are the register's
    assert member.id_number not in text and MASK not in text
    assert format_date(member.birth_date, "fr") not in text


def test_an_unknown_member_is_refused(demo_database: Database, tmp_path: Path) -> None:
    with demo_database.session() as session, pytest.raises(NotFound):
        membership_form_report(
            session, CLI_ACTOR, ReportRequest("fr", tmp_path / "x.pdf", record_id=999_999)
        )


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_fonts_are_embedded_and_every_character_has_a_glyph(
    lang: str,
    demo_database: Database,
    tmp_path: Path,
    pdf_fonts: Callable,
    pdf_text: Callable,
    assert_glyphs: Callable,
    write_document: Callable,
) -> None:
    member = _member(demo_database)
    path = write_document(demo_database, KIND, lang, tmp_path / "f.pdf", record_id=member.id)
    assert all(f.embedded and f.unicode for f in pdf_fonts(path))
    with demo_database.session() as session:
        data = build_membership_form_data(session, CLI_ACTOR, member.id)
    assert_glyphs(data, pdf_text(path))


def test_the_command_line_writes_a_blank_form(
    demo: Database,
    tmp_path: Path,
    pdf_page_count: Callable,
    cli_env: dict[str, str],
    nassij: Callable[..., Any],
) -> None:
    assert demo.path is not None
    out = tmp_path / "adhesion.pdf"
    result = nassij(
        "--db", str(demo.path), "report", KIND, "--lang", "fr", "--out", str(out), env=cli_env
    )
    assert result.returncode == 0, result.stderr
    assert pdf_page_count(out) >= 1
