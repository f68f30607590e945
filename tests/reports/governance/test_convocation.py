"""The convocation to a general assembly and its proxy form, read back from the PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from nassij_desktop.core.association.settings import set_setting
from nassij_desktop.core.common.errors import Conflict, PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.models import AssemblyKind
from nassij_desktop.core.governance.services import (
    AssemblyData,
    cancel_assembly,
    convene_assembly,
)
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.reports.governance.convocation import (
    build_convocation_data,
    convocation_report,
)
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database

KIND = "assembly-convocation"
VOLUNTEER = Actor(user_id=None, login="v", role=Role.VOLUNTEER)
DEMO_DAY = dt.date(2026, 5, 10)  # the demo's day (conftest.py)
HELD_ON = DEMO_DAY + dt.timedelta(days=26)
AGENDA = ["Modification de l'article 7 des statuts", "تحديد مبلغ واجب الانخراط"]


def _squeeze(text: str) -> str:
    """Without spaces, full stops, colons, commas and brackets: poppler splits some Arabic
    words, moves punctuation next to a number or a Latin run inside Arabic text, and leaves
    out the vowel marks (shadda, damma)."""
    squeezed = "".join(text.split()).translate(str.maketrans("", "", ".،,:()%"))
    return "".join(c for c in squeezed if not "\u064b" <= c <= "\u0652")  # vowel marks


def _convene(database: Database, **changes: Any) -> int:
    data = AssemblyData(
        kind=AssemblyKind.EXTRAORDINARY,
        held_on=HELD_ON,
        starts_at=dt.time(16, 30),
        place="Dar Chabab Erfoud",
        convened_on=DEMO_DAY,
        quorum=Fraction(2, 3),
        agenda=list(AGENDA),
    )
    for name, value in changes.items():
        setattr(data, name, value)
    with database.transaction() as session:
        return convene_assembly(session, CLI_ACTOR, data).id


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_convocation_of_the_assembly_just_convened(
    lang: str, demo: Database, write_document: Callable, tmp_path: Path, pdf_text: Callable
) -> None:
    assembly_id = _convene(demo)
    with demo.session() as session:
        data = build_convocation_data(session)  # the latest convened: this one
    assert data.assembly.id == assembly_id
    assert data.president is not None
    path = write_document(demo, KIND, lang, tmp_path / f"convocation-{lang}.pdf")
    text = _squeeze(pdf_text(path))
    kind = translate_in(lang, "Extraordinary general assembly")
    expected = [
        translate_in(lang, "Convocation to the general assembly"),
        kind,
        translate_in(lang, "To the members of the association"),
        format_date(HELD_ON, lang, "long"),
        "16:30" if lang == "ar" else "16 h 30",
        "Dar Chabab Erfoud",
        *AGENDA,
        # The quorum of the record, in words, and what follows when it is not reached.
        "الثلثان" if lang == "ar" else "les deux tiers",
        "2/3",
        translate_in(
            lang,
            "If this quorum is not reached, the members will be convened again"
            " to a second meeting, which will deliberate validly whatever the number"
            " of members present or represented.",
        ),
        # Signed by the president of the board on the day of the convocation.
        data.president.person.name(lang),
        format_date(DEMO_DAY, lang, "long"),
        # The proxy form to detach.
        translate_in(lang, "To detach and hand to the proxy holder"),
        translate_in(lang, "Proxy form"),
        translate_in(lang, "Proxy holder (a member entitled to vote)"),
        translate_in(lang, "preceded by the words “Good for proxy”"),
    ]
    for phrase in expected:
        assert _squeeze(phrase) in text, phrase
    # The proxy names the assembly: its kind inside the sentence, and its date.
    proxy = translate_in(
        lang,
        "I give the member named above proxy to represent me at the {assembly} of {date}, "
        "and to take part and vote in my name on every item of its agenda.",
    ).format(
        assembly=kind.lower() if lang == "fr" else kind, date=format_date(HELD_ON, lang, "long")
    )
    assert _squeeze(proxy) in text


def test_without_proxies_there_is_no_proxy_form(
    demo: Database, write_document: Callable, tmp_path: Path, pdf_text: Callable
) -> None:
    _convene(demo)
    with demo.transaction() as session:
        set_setting(session, "governance.max_proxies_per_holder", 0)
    text = pdf_text(write_document(demo, KIND, "fr", tmp_path / "c.pdf"))
    assert translate_in("fr", "Members may not be represented by proxy at this assembly.") in text
    assert translate_in("fr", "To detach and hand to the proxy holder") not in text
    assert translate_in("fr", "Proxy holder (a member entitled to vote)") not in text


def test_a_quorum_of_none_is_said_so(
    demo: Database, write_document: Callable, tmp_path: Path, pdf_text: Callable
) -> None:
    _convene(demo, quorum=Fraction(0))
    text = " ".join(pdf_text(write_document(demo, KIND, "fr", tmp_path / "c.pdf")).split())
    rule = "The assembly deliberates validly whatever the number of members present or represented."
    assert translate_in("fr", rule) in text
    assert "Si ce quorum" not in text


def test_without_a_convened_assembly_the_latest_one_is_taken(
    module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    with demo_database.session() as session:
        data = build_convocation_data(session)
    text = pdf_text(module_document(KIND, "fr"))
    assert format_date(data.assembly.held_on, "fr", "long") in text


def test_a_cancelled_assembly_has_no_convocation(demo: Database, tmp_path: Path) -> None:
    assembly_id = _convene(demo)
    with demo.transaction() as session:
        cancel_assembly(session, CLI_ACTOR, assembly_id)
    with demo.session() as session, pytest.raises(Conflict):
        convocation_report(
            session, CLI_ACTOR, ReportRequest("fr", tmp_path / "x.pdf", record_id=assembly_id)
        )


def test_a_volunteer_may_not_print_it(demo_database: Database, tmp_path: Path) -> None:
    with demo_database.session() as session, pytest.raises(PermissionDenied):
        convocation_report(session, VOLUNTEER, ReportRequest("ar", tmp_path / "v.pdf"))


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
        data = build_convocation_data(session)
    assert_glyphs(data, pdf_text(path))


def test_the_command_line_writes_it(
    demo: Database,
    tmp_path: Path,
    pdf_page_count: Callable,
    cli_env: dict[str, str],
    nassij: Callable[..., Any],
) -> None:
    assembly_id = _convene(demo)
    assert demo.path is not None
    out = tmp_path / "convocation.pdf"
    command = ["--db", str(demo.path), "report", KIND, "--lang", "ar"]
    result = nassij(*command, "--id", str(assembly_id), "--out", str(out), env=cli_env)
    assert result.returncode == 0, result.stderr
    assert pdf_page_count(out) >= 1
