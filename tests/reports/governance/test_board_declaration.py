"""The covering letter of a board change to the local authority, read back from the PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from nassij_desktop.core.association.authorities import AuthorityKind
from nassij_desktop.core.common.errors import Conflict, PermissionDenied
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.governance.history import JOINED, LEFT, ROLE_CHANGED
from nassij_desktop.core.governance.models import (
    AuthorityDeclaration,
    BoardSeat,
    BoardTerm,
    GeneralAssembly,
)
from nassij_desktop.core.members.models import Member
from nassij_desktop.i18n import _, translate_in
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.reports.governance.board_declaration import (
    board_declaration_report,
    build_board_declaration_data,
)
from nassij_desktop.reports.governance.layout import of_place
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database

KIND = "board-declaration"
VOLUNTEER = Actor(user_id=None, login="v", role=Role.VOLUNTEER)


def _squeeze(text: str) -> str:
    """Without spaces and full stops: poppler splits some Arabic words in two and sets a
    sentence's last full stop before a number that ends an Arabic line."""
    return "".join(text.split()).replace(".", "")


def _name(member: Member, lang: str) -> str:
    if lang == "ar":
        return f"{member.first_name_ar} {member.last_name_ar}"
    return f"{member.first_name_lat} {member.last_name_lat}"


def _mid_term_change(database: Database) -> tuple[Member, Member, GeneralAssembly]:
    """The demo's deputy treasurer who resigned, their successor, and the assembly that day."""
    with database.session() as session:
        ended = session.scalars(
            sa.select(BoardSeat)
            .join(BoardTerm, BoardTerm.id == BoardSeat.term_id)
            .where(BoardTerm.ends_on.is_(None), BoardSeat.ends_on.is_not(None))
        ).one()
        changed_on = ended.ends_on + dt.timedelta(days=1)  # ends_on is the last day held
        successor = session.scalars(
            sa.select(BoardSeat).where(
                BoardSeat.term_id == ended.term_id, BoardSeat.starts_on == changed_on
            )
        ).one()
        assembly = session.scalars(
            sa.select(GeneralAssembly).where(GeneralAssembly.held_on == changed_on)
        ).one()
        left, joined = (
            session.get(Member, ended.member_id),
            session.get(Member, successor.member_id),
        )
        session.expunge_all()
    assert left is not None and joined is not None
    return left, joined, assembly


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_letter_names_the_association_the_authority_and_the_change(
    lang: str, module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    text = _squeeze(pdf_text(module_document(KIND, lang)))  # poppler splits some Arabic words
    with demo_database.session() as session:
        data = build_board_declaration_data(session)
    association = data.frame.association
    assert _squeeze(association.name_ar) in text
    assert _squeeze(association.name(lang)) in text
    assert association.receipt_number in text
    # The demo's authority is the pachalik of its seat: the letter goes to the pacha, never
    # to a caïd, and the greeting and the closing name him too.
    assert data.authority.kind is AuthorityKind.PACHALIK
    pacha = translate_in(lang, "To Mr. the Pacha {of_place}")
    assert _squeeze(pacha.format(of_place=of_place(association.seat_commune(lang), lang))) in text
    closing = "Please accept, Mr. Pacha, the assurance of our highest regard."
    assert _squeeze(translate_in(lang, closing)) in text
    assert "Caïd" not in text and "القائد" not in text and "قائد" not in text
    assert "1-58-376" in text or "158376" in text
    left, joined, assembly = _mid_term_change(demo_database)
    for member in (left, joined):
        assert _squeeze(_name(member, lang)) in text
    for label in ("Joined the board", "Left the board"):
        assert _squeeze(translate_in(lang, label)) in text
    assert _squeeze(format_date(assembly.held_on, lang, "long")) in text
    # It asks the authority for the filing receipt, and tells it no internal reminder.
    asked = translate_in(lang, "We kindly ask you to deliver us the receipt of this filing.")
    assert _squeeze(asked) in text
    assert _squeeze(format_date(data.deadline, lang, "long")) not in text


def test_a_changed_seat_is_declared_as_a_change_during_the_term(
    demo_database: Database,
) -> None:
    left, joined, assembly = _mid_term_change(demo_database)
    with demo_database.session() as session:
        data = build_board_declaration_data(session)
    assert not data.renewal
    assert data.changed_on == assembly.held_on
    assert data.assembly is not None and data.assembly.id == assembly.id
    changes = {(c.kind, c.person.member_id) for c in data.changes}
    assert changes == {(LEFT, left.id), (JOINED, joined.id)}
    joined_change = next(c for c in data.changes if c.kind == JOINED)
    assert joined_change.role_after("fr") == next(
        c.role_before("fr") for c in data.changes if c.kind == LEFT
    )


def test_the_deadline_is_the_recorded_one_month_after_the_assembly(
    module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    _left, _joined, assembly = _mid_term_change(demo_database)
    with demo_database.session() as session:
        due = session.scalar(
            sa.select(AuthorityDeclaration.due_on).where(
                AuthorityDeclaration.assembly_id == assembly.id
            )
        )
        data = build_board_declaration_data(session)
    assert due == assembly.held_on + dt.timedelta(days=30)
    assert data.deadline == due
    # The deadline is the association's reminder (the dashboard), not a line of the letter.
    for lang in ("ar", "fr"):
        text = _squeeze(pdf_text(module_document(KIND, lang)))
        assert _squeeze(format_date(due, lang, "long")) not in text


def test_a_renewal_is_compared_with_the_previous_term(
    demo: Database, write_document: Callable, tmp_path: Path, pdf_text: Callable
) -> None:
    # Undo the mid-term change: the running term is then declared as the renewal it was.
    with demo.transaction() as session:
        term = session.scalars(sa.select(BoardTerm).where(BoardTerm.ends_on.is_(None))).one()
        for seat in list(term.seats):
            if seat.starts_on > term.starts_on:
                term.seats.remove(seat)
            elif seat.ends_on is not None:
                seat.ends_on = None
        session.execute(sa.delete(AuthorityDeclaration))  # the deadline is then counted
        elected_on = session.get(GeneralAssembly, term.elected_by_id).held_on  # type: ignore[union-attr]
    with demo.session() as session:
        data = build_board_declaration_data(session)
    assert data.renewal
    assert data.assembly is not None and data.assembly.held_on == elected_on
    assert data.deadline == elected_on + dt.timedelta(days=30)
    kinds = {c.kind for c in data.changes}
    assert kinds == {JOINED, LEFT, ROLE_CHANGED}  # the demo's vice-president became president
    moved = next(c for c in data.changes if c.kind == ROLE_CHANGED and c.role_after("fr"))
    path = write_document(demo, KIND, "fr", tmp_path / "renewal.pdf")
    text = _squeeze(pdf_text(path, layout=False))  # a cell's wrapped lines kept together
    assert _squeeze(translate_in("fr", "Changed role")) in text
    assert _squeeze(moved.person.name("fr")) in text
    subject = translate_in("fr", "Declaration of the renewal of the association's board")
    assert _squeeze(subject) in text


def test_the_declarant_is_the_president_with_their_cin(
    module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    with demo_database.session() as session:
        president = build_board_declaration_data(session).president
    assert president is not None and president.role_code == "president"
    for lang in ("ar", "fr"):
        text = _squeeze(pdf_text(module_document(KIND, lang)))
        assert _squeeze(president.person.name(lang)) in text
        assert president.person.id_number in text


def test_the_arabic_title_starts_on_the_right(
    module_document: Callable, pdf_lines: Callable
) -> None:
    title = translate_in("ar", "Declaration to the local authority")
    lines = pdf_lines(module_document(KIND, "ar"), 1)
    line = next(ln for ln in lines if any(w.logical == title.split()[0] for w in ln))
    assert [w.logical for w in sorted(line, key=lambda w: -w.x_min)] == title.split()


def test_the_arabic_table_of_changes_is_mirrored(
    module_document: Callable, pdf_lines: Callable
) -> None:
    headers = [translate_in("ar", h) for h in ("Full name", "Change", "Previous role")]
    lines = pdf_lines(module_document(KIND, "ar"), 1)
    first_words = [h.split()[0] for h in headers]
    line = next(ln for ln in lines if set(first_words) <= {w.logical for w in ln})
    xs = [next(w.x_min for w in line if w.logical == word) for word in first_words]
    assert xs == sorted(xs, reverse=True)


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
    fonts = pdf_fonts(path)
    assert fonts and all(f.embedded and f.unicode for f in fonts), fonts
    with demo_database.session() as session:
        data = build_board_declaration_data(session)
    assert_glyphs(data, pdf_text(path))


def test_a_volunteer_may_not_print_it(demo_database: Database, tmp_path: Path) -> None:
    request = ReportRequest(lang="fr", out=tmp_path / "x.pdf")
    with demo_database.session() as session, pytest.raises(PermissionDenied):
        board_declaration_report(session, VOLUNTEER, request)
    assert not request.out.exists()


def test_the_command_line_writes_the_letter(
    demo: Database,
    tmp_path: Path,
    pdf_text: Callable,
    cli_env: dict[str, str],
    nassij: Callable[..., Any],
) -> None:
    assert demo.path is not None
    out = tmp_path / "letter.pdf"
    command = ["--db", str(demo.path)]
    command += ["report", KIND, "--lang", "fr", "--out", str(out), "--allow-incomplete"]
    result = nassij(*command, env=cli_env)
    assert result.returncode == 0, result.stderr
    assert "1-58-376" in pdf_text(out)


def _first_term_id(database: Database) -> int:
    with database.session() as session:
        return session.scalars(sa.select(BoardTerm.id).order_by(BoardTerm.starts_on)).first()


def test_a_term_that_has_ended_is_refused_not_declared(demo_database: Database) -> None:
    # The founding board of the demo left office years ago: a "renewal" with all founders
    # "joined", signed today by the former president, is refused with a sentence.
    term_id = _first_term_id(demo_database)
    with demo_database.session() as session, pytest.raises(Conflict) as refused:
        build_board_declaration_data(session, term_id)
    assert "can no longer be declared" in str(refused.value)


def _blank_president(database: Database) -> Member:
    """The current president loses the address and the profession the list needs."""
    with database.transaction() as session:
        president = build_board_declaration_data(session).president
        assert president is not None
        member = session.get(Member, president.person.member_id)
        assert member is not None
        member.address = member.address_ar = member.profession = None
        session.flush()
        session.expunge(member)
    return member


def test_the_command_line_lists_missing_data_and_stops_unless_allowed(
    demo: Database,
    tmp_path: Path,
    pdf_text: Callable,
    cli_env: dict[str, str],
    nassij: Callable[..., Any],
) -> None:
    assert demo.path is not None
    president = _blank_president(demo)
    out = tmp_path / "letter.pdf"
    command = ["--db", str(demo.path), "report", KIND, "--lang", "fr", "--out", str(out)]
    stopped = nassij(*command, env=cli_env)
    assert stopped.returncode == 1
    assert not out.exists()
    line = next(x for x in stopped.stderr.splitlines() if president.last_name_lat in x)
    assert _("address") in line and _("profession") in line
    assert "--allow-incomplete" in stopped.stderr
    allowed = nassij(*command, "--allow-incomplete", env=cli_env)
    assert allowed.returncode == 0, allowed.stderr
    assert president.last_name_lat in allowed.stderr  # still said, on stderr
    assert "1-58-376" in pdf_text(out)


def test_the_command_line_refuses_a_past_term(
    demo: Database, tmp_path: Path, cli_env: dict[str, str], nassij: Callable[..., Any]
) -> None:
    assert demo.path is not None
    out = tmp_path / "old.pdf"
    command = ["--db", str(demo.path), "report", KIND, "--id", str(_first_term_id(demo))]
    result = nassij(*command, "--lang", "fr", "--out", str(out), "--allow-incomplete", env=cli_env)
    assert result.returncode == 1
    assert "can no longer be declared" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
