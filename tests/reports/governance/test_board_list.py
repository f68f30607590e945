"""The board list for the local authority, read back from the PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NotFound, PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.board_data import board_missing_data
from nassij_desktop.core.governance.models import BoardRole, BoardSeat, BoardTerm
from nassij_desktop.core.members.models import Member
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.reports.governance.board_list import board_list_report, build_board_list_data
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database

KIND = "board-list"
VOLUNTEER = Actor(user_id=None, login="v", role=Role.VOLUNTEER)
VIEWER = Actor(user_id=None, login="w", role=Role.VIEWER)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _held_seats(database: Database) -> list[tuple[str, Member]]:
    """(role code, member) of the seats of the running term held today, from the tables."""
    today = clock.today()
    with database.session() as session:
        rows = session.execute(
            sa.select(BoardRole.code, Member)
            .join(BoardSeat, BoardSeat.role_id == BoardRole.id)
            .join(Member, Member.id == BoardSeat.member_id)
            .join(BoardTerm, BoardTerm.id == BoardSeat.term_id)
            .where(BoardTerm.ends_on.is_(None))
            .where(sa.or_(BoardSeat.ends_on.is_(None), BoardSeat.ends_on > today))
            .order_by(BoardRole.position)
        ).all()
        session.expunge_all()
    return [(code, member) for code, member in rows]


def _listed(member: Member, lang: str) -> str:
    if lang == "ar":
        return f"{member.last_name_ar} {member.first_name_ar}"
    return f"{member.last_name_lat} {member.first_name_lat}"


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_association_and_every_board_member_read_in_logical_order(
    lang: str, module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    path = module_document(KIND, lang)
    text = pdf_text(path)
    with demo_database.session() as session:
        data = build_board_list_data(session)
    association = data.frame.association
    assert association.name_ar in text
    assert _squeeze(association.name_fr) in _squeeze(text)
    seats = _held_seats(demo_database)
    assert len(seats) == len(data.seats) >= 7
    for _code, member in seats:
        # Squeezed: poppler splits some Arabic words in two ("الز ياني").
        assert _squeeze(_listed(member, lang)) in _squeeze(text), _listed(member, lang)
        assert member.id_number and member.id_number in text
    title = translate_in(lang, "List of the members of the association's board")
    assert title in text


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_word_of_the_arabic_names_can_be_searched(
    lang: str, module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    """Issue 12: poppler-based viewers split Amiri's words after ر, ز, و ("الز ياني")."""
    text = pdf_text(module_document(KIND, lang), layout=False)
    words = set(text.split())
    names = [f"{m.last_name_ar} {m.first_name_ar}" for _code, m in _held_seats(demo_database)]
    assert not {word for name in names for word in name.split() if word not in words}
    # The letterhead's "البريد الإلكتروني: …" (poppler may glue the address to it).
    assert "البريد الإلكتروني" in text


def test_the_other_script_stands_beside_the_name(
    module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    _code, member = _held_seats(demo_database)[0]
    assert _listed(member, "fr") in pdf_text(module_document(KIND, "ar"))
    assert _listed(member, "ar") in pdf_text(module_document(KIND, "fr"))


def test_the_rows_follow_the_order_of_the_roles(
    module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    text = pdf_text(module_document(KIND, "fr"))
    seats = _held_seats(demo_database)  # by role position
    first_of_role = dict(reversed(seats))
    positions = [text.index(_listed(m, "fr")) for m in reversed(first_of_role.values())]
    assert positions == sorted(positions)
    first = _held_seats(demo_database)[0]
    assert first[0] == "president"


def test_a_replaced_seat_lists_the_new_holder_only(
    module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    with demo_database.session() as session:
        ended = session.execute(
            sa.select(Member)
            .join(BoardSeat, BoardSeat.member_id == Member.id)
            .join(BoardTerm, BoardTerm.id == BoardSeat.term_id)
            .where(BoardTerm.ends_on.is_(None), BoardSeat.ends_on.is_not(None))
        ).scalar_one()
        left = _listed(ended, "fr")
    held = {_listed(m, "fr") for _c, m in _held_seats(demo_database)}
    assert left not in held, "the demo's replaced deputy treasurer holds no other seat"
    assert left not in pdf_text(module_document(KIND, "fr"))


def test_the_arabic_title_starts_on_the_right(
    module_document: Callable, pdf_lines: Callable
) -> None:
    title = translate_in("ar", "List of the members of the association's board")
    first = title.split()[0]
    line = next(
        ln
        for ln in pdf_lines(module_document(KIND, "ar"), 1)
        if any(w.logical == first for w in ln)
    )
    assert [w.logical for w in sorted(line, key=lambda w: -w.x_min)] == title.split()


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_table_header_reads_in_the_document_s_direction(
    lang: str, module_document: Callable, pdf_words: Callable
) -> None:
    headers = [
        "Name and first name",
        "Date and place of birth",
        "Nationality",
        "Profession",
        "Address",
        "Role on the board",
        "CIN no.",
    ]
    first_words = [translate_in(lang, h).split()[0] for h in headers]
    words = pdf_words(module_document(KIND, lang), 1)
    # Headers wrap to one or two lines, centred in the row: take the row's band.
    anchor = next(w for w in words if w.logical == first_words[0])
    middle = (anchor.y_min + anchor.y_max) / 2
    band = [w for w in words if abs((w.y_min + w.y_max) / 2 - middle) < 10]
    xs = [next(w.x_min for w in band if w.logical == word) for word in first_words]
    assert xs == sorted(xs, reverse=lang == "ar"), "the first column starts on the reading side"


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_list_is_landscape_with_embedded_fonts(
    lang: str, module_document: Callable, pdf_fonts: Callable, pdf_page_size: Callable
) -> None:
    path = module_document(KIND, lang)
    width, height = pdf_page_size(path)
    assert width > height
    fonts = pdf_fonts(path)
    assert fonts
    assert all(f.embedded and f.subset and f.unicode for f in fonts), fonts


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_character_has_a_glyph(
    lang: str,
    module_document: Callable,
    demo_database: Database,
    pdf_text: Callable,
    assert_glyphs: Callable,
) -> None:
    with demo_database.session() as session:
        data = build_board_list_data(session)
    assert_glyphs(data, pdf_text(module_document(KIND, lang)))


def test_the_president_signs_with_a_stamp_zone(
    module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    text = pdf_text(module_document(KIND, "ar"))
    code, president = _held_seats(demo_database)[0]
    assert code == "president"
    assert f"{president.first_name_ar} {president.last_name_ar}" in text
    assert translate_in("ar", "Signature and stamp") in text


def test_an_ended_term_lists_its_board_on_its_last_day(
    demo: Database, write_document: Callable, tmp_path: Path, pdf_text: Callable
) -> None:
    with demo.session() as session:
        first = session.scalars(sa.select(BoardTerm).order_by(BoardTerm.starts_on)).first()
        assert first is not None and first.ends_on is not None
        members = [session.get(Member, s.member_id) for s in first.seats]
        data = build_board_list_data(session, first.id)
        assert {s.person.member_id for s in data.seats} == {m.id for m in members if m}
        names = [_listed(m, "fr") for m in members if m]
    text = pdf_text(write_document(demo, KIND, "fr", tmp_path / "old.pdf", record_id=first.id))
    assert all(name in text for name in names)


def test_a_volunteer_may_not_print_it(demo_database: Database, tmp_path: Path) -> None:
    with demo_database.session() as session, pytest.raises(PermissionDenied):
        board_list_report(session, VOLUNTEER, ReportRequest(lang="ar", out=tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_a_viewer_may_not_print_identity_numbers(demo_database: Database, tmp_path: Path) -> None:
    with demo_database.session() as session, pytest.raises(PermissionDenied):
        board_list_report(session, VIEWER, ReportRequest(lang="fr", out=tmp_path / "x.pdf"))


def test_an_unknown_term_or_no_board_is_not_found(
    demo_database: Database, database: Database, tmp_path: Path
) -> None:
    from nassij_desktop.core.common.permissions import CLI_ACTOR

    request = ReportRequest(lang="fr", out=tmp_path / "x.pdf", record_id=999)
    with demo_database.session() as session, pytest.raises(NotFound):
        board_list_report(session, CLI_ACTOR, request)
    with database.session() as session, pytest.raises(NotFound):
        board_list_report(session, CLI_ACTOR, ReportRequest(lang="ar", out=tmp_path / "y.pdf"))


def test_the_command_line_writes_the_list(
    demo: Database,
    tmp_path: Path,
    pdf_page_count: Callable,
    cli_env: dict[str, str],
    nassij: Callable[..., Any],
) -> None:
    assert demo.path is not None
    out = tmp_path / "x.pdf"
    command = ["--db", str(demo.path)]
    command += ["report", KIND, "--lang", "ar", "--out", str(out), "--allow-incomplete"]
    result = nassij(*command, env=cli_env)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert pdf_page_count(out) >= 1


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_term_of_office_gives_its_end_from_the_statutes(
    lang: str, module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    # "Durée du mandat : Depuis le …" gave no end: a running term ends the day before the
    # same date four years on (the default term length of setting governance.term_years).
    with demo_database.session() as session:
        data = build_board_list_data(session)
    assert data.ends_on is None
    start = data.starts_on
    end = start.replace(year=start.year + 4) - dt.timedelta(days=1)
    assert data.ends_on_expected == end
    expected = translate_in(lang, "From {start} to {end}").format(
        start=format_date(start, lang), end=format_date(end, lang)
    )
    assert _squeeze(expected) in _squeeze(pdf_text(module_document(KIND, lang)))


def test_each_language_prints_the_address_in_its_own_script(
    module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    with demo_database.session() as session:
        data = build_board_list_data(session)
    person = next(s.person for s in data.seats if s.person.address and s.person.address_ar)
    arabic, french = (_squeeze(pdf_text(module_document(KIND, lang))) for lang in ("ar", "fr"))
    street_ar = person.address_ar.split("،")[1]  # "زنقة …": poppler keeps its words whole
    street_fr = person.address.split(",")[1]
    assert _squeeze(street_ar) in arabic and _squeeze(street_ar) not in french
    assert _squeeze(street_fr) in french and _squeeze(street_fr) not in arabic


def test_missing_article_5_data_is_listed_per_board_member(demo: Database) -> None:
    with demo.transaction() as session:
        seat = build_board_list_data(session).president
        assert seat is not None
        member = session.get(Member, seat.person.member_id)
        assert member is not None
        member.address, member.address_ar, member.id_number = None, None, None
        member.city = "Erfoud"  # a city alone is not an address
    with demo.session() as session:
        gaps = board_missing_data(session, CLI_ACTOR)
        with pytest.raises(PermissionDenied):
            board_missing_data(session, VIEWER)
    mine = next(g for g in gaps if g.person.member_id == seat.person.member_id)
    assert mine.fields == ("id_number", "address")
    assert mine.roles("fr") == seat.title("fr")
    assert translate_in("fr", "address") in mine.sentence("fr")
    assert all(g.fields for g in gaps)  # only the people who lack something
