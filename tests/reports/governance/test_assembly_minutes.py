"""The minutes of a general assembly, read back from the PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.errors import NotFound, PermissionDenied
from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.models import (
    AgendaItem,
    AssemblyAttendance,
    AssemblyKind,
    AssemblyStatus,
    Attendance,
    BoardTerm,
    GeneralAssembly,
    Resolution,
)
from nassij_desktop.core.governance.records import SECRETARY_LABEL
from nassij_desktop.core.members.models import Member
from nassij_desktop.i18n import translate_in
from nassij_desktop.reports.governance.assembly_minutes import (
    CLOSING,
    REPRESENTED_BY,
    assembly_minutes_report,
    build_assembly_minutes_data,
)
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database

KIND = "assembly-minutes"
VOLUNTEER = Actor(user_id=None, login="v", role=Role.VOLUNTEER)
VIEWER = Actor(user_id=None, login="w", role=Role.VIEWER)


def _squeeze(text: str) -> str:
    """Without spaces, full stops, commas, percent signs and brackets: poppler splits some
    Arabic words and moves the punctuation next to a number inside Arabic text ("50%" comes
    out "%50", "(1/2)" comes out "( )1/2")."""
    return "".join(text.split()).translate(str.maketrans("", "", ".،%()"))


def _latest(database: Database) -> GeneralAssembly:
    with database.session() as session:
        assembly = session.scalars(
            sa.select(GeneralAssembly)
            .where(GeneralAssembly.status == AssemblyStatus.HELD)
            .order_by(GeneralAssembly.held_on.desc())
        ).first()
        assert assembly is not None
        assembly.attendance, assembly.resolutions, assembly.agenda  # noqa: B018 - load them
        session.expunge_all()
    return assembly


def _name(member_id: int, database: Database, lang: str) -> str:
    with database.session() as session:
        member = session.get(Member, member_id)
        assert member is not None
        if lang == "ar":
            return f"{member.first_name_ar} {member.last_name_ar}"
        return f"{member.first_name_lat} {member.last_name_lat}"


def test_the_latest_held_assembly_is_the_default(demo_database: Database) -> None:
    with demo_database.session() as session:
        data = build_assembly_minutes_data(session)
    assert data.assembly.id == _latest(demo_database).id


def test_attendance_is_counted_from_the_register(demo_database: Database) -> None:
    assembly = _latest(demo_database)
    with demo_database.session() as session:
        data = build_assembly_minutes_data(session)
    marks = [row.attendance for row in assembly.attendance]
    assert data.present == marks.count(Attendance.PRESENT)
    assert data.represented == marks.count(Attendance.PROXY) > 0
    assert data.excused == marks.count(Attendance.EXCUSED)
    assert data.present + data.represented + data.excused + data.absent == data.voting_members
    # The roll: a line per voting member, whether recorded or not, in each reader's order.
    for lang in ("ar", "fr"):
        voting = [line for line in data.attendance(lang) if line.voting]
        assert len(voting) == data.voting_members
        assert len({line.person.id for line in voting}) == data.voting_members
    # The demo recorded whether the quorum was reached from the same count.
    share = assembly.quorum
    needed = -(-data.voting_members * share.numerator // share.denominator)
    assert data.quorum_needed == needed
    assert data.quorum_reached is assembly.quorum_reached
    assert data.quorum_reached is (data.present + data.represented >= needed)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_minutes_show_the_counts_and_the_quorum(
    lang: str, module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    with demo_database.session() as session:
        data = build_assembly_minutes_data(session)
    text = _squeeze(pdf_text(module_document(KIND, lang), 1))
    needed = translate_in(lang, "{count}, i.e. {quorum} of the members entitled to vote")
    assert data.quorum == Fraction(1, 2)  # the demo's latest assembly: one half
    words = {"ar": "النصف (1/2)", "fr": "la moitié (1/2)"}[lang]
    assert _squeeze(needed.format(count=data.quorum_needed, quorum=words)) in text
    assert _squeeze(translate_in(lang, "Reached" if data.quorum_reached else "Not reached")) in text
    for label, value in (
        ("Members entitled to vote", data.voting_members),
        ("Members present", data.present),
        ("Represented by proxy", data.represented),
        ("Present or represented", data.present + data.represented),
    ):
        assert _squeeze(translate_in(lang, label)) in text
        assert str(value) in text


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_each_resolution_shows_its_votes_in_reading_order(
    lang: str, module_document: Callable, demo_database: Database, pdf_lines: Callable
) -> None:
    resolutions = _latest(demo_database).resolutions
    assert resolutions
    path = module_document(KIND, lang)
    numbers_by_line = [
        [w.text for w in line if w.text.isdigit()]
        for page in (1, 2)
        for line in pdf_lines(path, page)
    ]
    for r in resolutions:
        votes = [str(r.votes_for), str(r.votes_against), str(r.votes_abstain)]
        if lang == "ar":
            votes.reverse()  # "for" is the rightmost of the three
        assert any(
            line[i : i + 3] == votes for line in numbers_by_line for i in range(len(line))
        ), (r.position, votes)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_chair_secretary_and_the_board_change_are_named(
    lang: str, module_document: Callable, demo_database: Database, pdf_text: Callable
) -> None:
    assembly = _latest(demo_database)
    text = _squeeze(pdf_text(module_document(KIND, lang)))
    assert assembly.chair_member_id and assembly.secretary_member_id
    for member_id in (assembly.chair_member_id, assembly.secretary_member_id):
        assert _squeeze(_name(member_id, demo_database, lang)) in text
    with demo_database.session() as session:
        data = build_assembly_minutes_data(session)
    assert data.board_changes, "the demo's latest assembly replaced the deputy treasurer"
    for change in data.board_changes:
        assert _squeeze(change.person.name(lang)) in text
    assert data.chair is not None and data.secretary is not None
    # Said in the chair's and the secretary's gender (core.common.gendered).
    assert _squeeze(gendered(CLOSING, data.chair.gender, lang)) in text
    assert _squeeze(gendered(SECRETARY_LABEL, data.secretary.gender, lang)) in text


def test_a_long_attendance_list_goes_to_an_annex_after_the_signatures(
    module_document: Callable, pdf_text: Callable, pdf_page_count: Callable
) -> None:
    path = module_document(KIND, "fr")
    pages = [pdf_text(path, page) for page in range(1, pdf_page_count(path) + 1)]
    annex = translate_in("fr", "Annex: attendance list")
    signed = next(i for i, p in enumerate(pages) if "Signature et cachet" in p or "Signature" in p)
    annexed = next(i for i, p in enumerate(pages) if annex in p)
    assert annexed > signed
    assert translate_in("fr", "The attendance list is annexed to these minutes.") in pages[0]


def test_a_short_attendance_list_stays_in_the_body(
    demo: Database, write_document: Callable, tmp_path: Path, pdf_text: Callable
) -> None:
    with demo.transaction() as session:
        members = session.scalars(sa.select(Member).order_by(Member.id).limit(3)).all()
        # An association of three members on the day: the roll of its voting members is short.
        session.execute(
            sa.update(Member)
            .where(Member.id.not_in([m.id for m in members]))
            .values(join_date=dt.date(2026, 5, 10))
        )
        for member in members:
            member.join_date = min(member.join_date, dt.date(2026, 5, 1))
        assembly = GeneralAssembly(
            kind=AssemblyKind.EXTRAORDINARY,
            status=AssemblyStatus.HELD,
            held_on=dt.date(2026, 5, 9),
            place_fr="Salle polyvalente",
            quorum=Fraction(0),
            chair_member_id=members[0].id,
            secretary_member_id=members[1].id,
        )
        assembly.attendance = [
            AssemblyAttendance(member_id=members[0].id, attendance=Attendance.PRESENT),
            AssemblyAttendance(member_id=members[1].id, attendance=Attendance.PRESENT),
            AssemblyAttendance(
                member_id=members[2].id,
                attendance=Attendance.PROXY,
                proxy_holder_id=members[0].id,
            ),
        ]
        assembly.agenda = [AgendaItem(position=1, title_fr="Dissolution de la section locale")]
        assembly.resolutions = [
            Resolution(position=1, text_fr="Rejet", votes_for=1, votes_against=2, adopted=False)
        ]
        session.add(assembly)
        session.flush()
        assembly_id = assembly.id
        proxy = f"{members[0].first_name_lat} {members[0].last_name_lat}"
        session.expunge_all()
    path = write_document(demo, KIND, "fr", tmp_path / "short.pdf", record_id=assembly_id)
    text = pdf_text(path)
    assert translate_in("fr", "Annex: attendance list") not in text
    assert translate_in("fr", "Attendance list") in text
    represented = gendered(REPRESENTED_BY, members[2].gender, "fr").format(name=proxy)
    assert " ".join(represented.split()) in " ".join(text.split())
    assert translate_in("fr", "Rejected") in text


def test_figures_typed_in_arabic_minutes_stay_whole_and_in_order(
    demo: Database, write_document: Callable, tmp_path: Path, pdf_text: Callable
) -> None:
    """Issue 12: "245 800,50" typed in a resolution came out "800,50 245", and "198 420,00"
    broke across two lines of a discussion."""
    with demo.transaction() as session:
        members = session.scalars(sa.select(Member).order_by(Member.id).limit(2)).all()
        assembly = GeneralAssembly(
            kind=AssemblyKind.ORDINARY,
            status=AssemblyStatus.HELD,
            held_on=dt.date(2026, 5, 9),
            place_ar="دار الشباب",
            quorum=Fraction(0),
            chair_member_id=members[0].id,
            secretary_member_id=members[1].id,
        )
        assembly.attendance = [
            AssemblyAttendance(member_id=m.id, attendance=Attendance.PRESENT) for m in members
        ]
        assembly.agenda = [
            AgendaItem(
                position=1,
                title_ar="التقرير المالي",
                discussion_ar="عرض أمين المال المداخيل وقدرها 245 800,50 درهم، والمصاريف وقدرها "
                "198 420,00 درهم، وناقش الأعضاء أبواب الصرف بابا بابا قبل المرور إلى التصويت.",
            )
        ]
        assembly.resolutions = [
            Resolution(
                position=1,
                text_ar="المصادقة على ميزانية قدرها 245 800,50 درهم منها 198 420,00 درهم للأنشطة",
                votes_for=2,
                adopted=True,
            )
        ]
        session.add(assembly)
        session.flush()
        assembly_id = assembly.id
    path = write_document(demo, KIND, "ar", tmp_path / "figures.pdf", record_id=assembly_id)
    text = pdf_text(path, layout=False)
    for figure in ("245 800,50", "198 420,00"):
        assert text.count(figure) == 2, text


def test_the_assembly_that_elected_a_board_lists_it(
    demo_database: Database, write_document: Callable, tmp_path: Path, pdf_text: Callable
) -> None:
    with demo_database.session() as session:
        term = session.scalars(sa.select(BoardTerm).where(BoardTerm.ends_on.is_(None))).one()
        elected_by = term.elected_by_id
        data = build_assembly_minutes_data(session, elected_by)
        holders = {s.member_id for s in term.seats if s.starts_on == term.starts_on}
    assert {s.person.member_id for s in data.elected_board} == holders
    assert not data.board_changes
    path = write_document(demo_database, KIND, "ar", tmp_path / "renewal.pdf", record_id=elected_by)
    text = _squeeze(pdf_text(path))
    assert _squeeze(translate_in("ar", "Board elected by the assembly")) in text
    for seat in data.elected_board:
        assert _squeeze(seat.person.name("ar")) in text


def test_the_arabic_title_starts_on_the_right(
    module_document: Callable, demo_database: Database, pdf_lines: Callable
) -> None:
    with demo_database.session() as session:
        data = build_assembly_minutes_data(session)
    first = translate_in("ar", "Minutes of {assembly}").split()[0]
    assert first == "محضر"
    line = next(ln for ln in pdf_lines(module_document(KIND, "ar"), 1) if ln[-1].logical == first)
    assert max(line, key=lambda w: w.x_max).logical == first
    assert data.assembly.kind_label("ar").split()[0] in [w.logical for w in line]


def test_the_arabic_resolution_table_is_mirrored(
    module_document: Callable, pdf_words: Callable
) -> None:
    headers = [translate_in("ar", h) for h in ("Resolution", "For", "Against", "Abstentions")]
    words = [w for page in (1, 2) for w in pdf_words(module_document(KIND, "ar"), page)]
    anchor = next(w for w in words if w.logical == headers[0])
    band = [w for w in words if abs(w.y_max - anchor.y_max) < 3 and w.y_min >= anchor.y_min - 3]
    xs = [next(w.x_min for w in band if w.logical == h) for h in headers]
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
        data = build_assembly_minutes_data(session)
    assert_glyphs(data, pdf_text(path))


def test_a_volunteer_may_not_print_the_minutes_but_a_viewer_may(
    demo_database: Database, tmp_path: Path
) -> None:
    with demo_database.session() as session:
        with pytest.raises(PermissionDenied):
            assembly_minutes_report(
                session, VOLUNTEER, ReportRequest(lang="ar", out=tmp_path / "v.pdf")
            )
        result = assembly_minutes_report(
            session, VIEWER, ReportRequest(lang="ar", out=tmp_path / "w.pdf")
        )
    assert result.pages >= 1 and result.path.exists()


def test_no_held_assembly_means_nothing_to_print(database: Database, tmp_path: Path) -> None:
    with database.session() as session, pytest.raises(NotFound):
        assembly_minutes_report(session, CLI_ACTOR, ReportRequest(lang="fr", out=tmp_path / "x"))


def test_the_command_line_writes_the_minutes(
    demo: Database,
    tmp_path: Path,
    pdf_page_count: Callable,
    cli_env: dict[str, str],
    nassij: Callable[..., Any],
) -> None:
    assert demo.path is not None
    out = tmp_path / "minutes.pdf"
    command = ["--db", str(demo.path)]
    command += ["report", KIND, "--lang", "ar", "--out", str(out), "--id", "1"]
    result = nassij(*command, env=cli_env)
    assert result.returncode == 0, result.stderr
    assert pdf_page_count(out) >= 1


def _bare(word: str) -> str:
    """Without Arabic vowel marks."""
    return "".join(c for c in word if not "\u064b" <= c <= "\u0652")


def _annex_tokens(pages: list[str], lang: str) -> list[str]:
    """The words of the annex's roll of voting members: the pages from the annex's heading
    on, up to the list of members without a vote if there is one."""

    def key(text: str) -> str:  # poppler moves a colon next to Arabic words
        return _squeeze(text).replace(":", "")

    first = next(
        i
        for i, page in enumerate(pages)
        if key(translate_in(lang, "Annex: attendance list")) in key(page)
    )
    tokens = "\n".join(pages[first:]).split()
    others = translate_in(lang, "Also recorded, without a vote").split()[0]
    return tokens[: tokens.index(others)] if others in tokens else tokens


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_annex_lists_every_voting_member_and_agrees_with_the_counts(
    lang: str,
    module_document: Callable,
    demo_database: Database,
    pdf_text: Callable,
    pdf_page_count: Callable,
) -> None:
    """Issue 12, item 29: the annex listed only the members recorded (202 of 259), and had
    no column to sign."""
    with demo_database.session() as session:
        data = build_assembly_minutes_data(session)
    path = module_document(KIND, lang)
    pages = [pdf_text(path, page) for page in range(1, pdf_page_count(path) + 1)]
    tokens = _annex_tokens(pages, lang)
    assert translate_in(lang, "Signature") in tokens
    # A row per voting member: each member number (six digits) once.
    numbers = [t for t in tokens if len(t) == 6 and t.isdigit()]
    assert len(numbers) == len(set(numbers)) == data.voting_members
    # Each attendance, said in the member's gender, as often as the minutes count it.

    def said(label: str) -> int:
        # Poppler leaves out the shadda of ممثَّل.
        forms = {_bare(gendered(label, gender, lang).split()[0]) for gender in ("m", "f")}
        return sum(_bare(token) in forms for token in tokens)

    assert said("Present") == data.present
    assert said("Excused") == data.excused
    assert said("Absent") == data.absent
    assert said(REPRESENTED_BY) == data.represented
