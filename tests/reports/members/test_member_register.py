"""The member register as PDF, read back: order, direction, filters, identity numbers, fonts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fontTools.ttLib import TTFont
from PIL import Image

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.models import Gender, Member, MemberStatus, MemberStatusChange
from nassij_desktop.core.members.services import MemberData, change_member_status, create_member
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.reports.engine import letterhead_from_association
from nassij_desktop.reports.engine.fonts import BIDI_CONTROLS, FONT_DIR
from nassij_desktop.reports.members.member_register import (
    build_member_register_data,
    member_register_report,
    register_row,
    register_title,
    summary_rows,
)
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database

ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
SECRETARY = Actor(user_id=None, login="secretary", role=Role.SECRETARY)
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)
VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)


def _produce(demo: Database, folder: Path, lang: str, actor: Actor = CLI_ACTOR, **kw: Any) -> Path:
    name = "-".join([lang, actor.login, *(f"{k}{v}" for k, v in sorted(kw.items()))])
    out = folder / f"{name}.pdf"
    with demo.session() as session:
        result = member_register_report(
            session,
            actor,
            ReportRequest(lang=lang, out=out, **kw),  # type: ignore[arg-type]
        )
    assert result.path == out and result.pages >= 1
    return out


@pytest.fixture(scope="module")
def registers(demo: Database, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("registers")
    return {lang: _produce(demo, folder, lang) for lang in ("ar", "fr")}


@pytest.fixture(scope="module")
def resigned_register(demo: Database, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The French register of the members who resigned, read by two tests."""
    return _produce(demo, tmp_path_factory.mktemp("resigned"), "fr", status="resigned")


@pytest.fixture(scope="module")
def members(demo: Database) -> list[Member]:
    with demo.session() as session:
        found = list(session.scalars(sa.select(Member).order_by(Member.number)))
        session.expunge_all()
    return found


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _line_with(lines: list[list[Any]], logical: str) -> list[Any]:
    for line in lines:
        if any(w.logical == logical for w in line):
            return line
    raise AssertionError(f"no line holds {logical!r}")


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_names_of_the_association_and_members_read_in_logical_order(
    lang: str, registers: dict[str, Path], members: list[Member], pdf_text: Callable
) -> None:
    text = pdf_text(registers[lang])
    assert "جمعية الأمل للتنمية" in text
    assert "Association Al Amal" in text
    for member in members[:5] + members[-5:]:
        # First name first, as the members table shows them (core.common.names).
        assert f"{member.first_name_ar} {member.last_name_ar}" in text
        assert f"{member.first_name_lat} {member.last_name_lat}" in text
        assert member.number in text


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_word_of_every_arabic_name_can_be_searched(
    lang: str, demo: Database, registers: dict[str, Path], pdf_text: Callable
) -> None:
    """Issue 12: poppler-based viewers read "الز ياني", "فوز ية", "العضو ية" in Amiri, so a
    member could not be found by searching the PDF for her name."""
    text = pdf_text(registers[lang], layout=False)
    words = set(text.split())
    with demo.session() as session:
        names = [row.name_ar for row in build_member_register_data(session).rows]
    assert len(names) > 50
    missing = {word for name in names for word in name.split() if word not in words}
    assert not missing
    # The letterhead's "البريد الإلكتروني: …" (poppler may glue the address to it).
    assert "البريد الإلكتروني" in text
    if lang == "ar":
        assert "العضوية" in words  # the heading "رقم العضوية"


def test_the_arabic_title_starts_on_the_right(
    demo: Database, registers: dict[str, Path], pdf_lines: Callable
) -> None:
    with demo.session() as session:
        data = build_member_register_data(session)
    title = register_title(data, "ar").split()
    assert ARABIC_LETTER.search(title[0]), "the Arabic register has an Arabic title"
    line = _line_with(pdf_lines(registers["ar"], 1), title[0])
    right_to_left = [w.logical for w in sorted(line, key=lambda w: -w.x_min)]
    assert right_to_left == title


def _headers(lang: str, identity: bool = True) -> list[str]:
    names = ["Name in Arabic", "Name in Latin letters"]
    msgids = [
        "Member no.",
        *(names if lang == "ar" else reversed(names)),
        "Category",
        "Join date",
        "Status",
        "City",
        "Phone",
        *(["CIN no."] if identity else []),
    ]
    return [translate_in(lang, m) for m in msgids]


def _header_xs(lines: list[list[Any]], headers: list[str]) -> list[float]:
    """The middle of each header, from the words of the header row's band (a header may wrap
    on two lines, and poppler may cut an Arabic word in two) that belong to it alone."""
    squeezed = [_squeeze(header) for header in headers]
    anchor = max(headers[2].split(), key=len)  # a word no title or data line has
    reference = _line_with(lines, anchor)[0].y_max
    band = [w for line in lines for w in line if abs(w.y_max - reference) < 12]
    xs = []
    for index, header in enumerate(squeezed):
        own = [
            (w.x_min + w.x_max) / 2
            for w in band
            if w.logical in header
            and not any(w.logical in other for i, other in enumerate(squeezed) if i != index)
        ]
        assert own, f"header {headers[index]!r} not found"
        xs.append(sum(own) / len(own))
    return xs


@pytest.mark.parametrize("page", [1, 2])
def test_the_arabic_header_is_mirrored_and_repeated(
    page: int, registers: dict[str, Path], pdf_lines: Callable, pdf_page_count: Callable
) -> None:
    assert pdf_page_count(registers["ar"]) >= 2
    xs = _header_xs(pdf_lines(registers["ar"], page), _headers("ar"))
    assert xs == sorted(xs, reverse=True), "the first column must be the rightmost"


@pytest.mark.parametrize("page", [1, 2])
def test_the_french_header_reads_left_to_right_and_repeats(
    page: int, registers: dict[str, Path], pdf_lines: Callable
) -> None:
    xs = _header_xs(pdf_lines(registers["fr"], page), _headers("fr"))
    assert xs == sorted(xs)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_register_is_landscape_and_lists_every_member_once_in_order(
    lang: str,
    registers: dict[str, Path],
    members: list[Member],
    pdf_page_size: Callable,
    pdf_page_count: Callable,
    pdf_text: Callable,
    pdf_lines: Callable,
) -> None:
    width, height = pdf_page_size(registers[lang])
    assert (round(width), round(height)) == (842, 595)
    text = pdf_text(registers[lang], layout=False)
    positions = [text.index(member.number) for member in members]
    assert positions == sorted(positions)
    pages = pdf_page_count(registers[lang])
    assert pages >= 2
    # The count comes first, under its heading, before the first row: at the end it fell
    # alone on a last page with no heading.
    label = _squeeze(translate_in(lang, "Members listed"))
    summary = [
        line
        for line in pdf_lines(registers[lang], 1)
        if label in _squeeze(" ".join(w.logical for w in (line[::-1] if lang == "ar" else line)))
    ]
    assert summary and str(len(members)) in [word.logical for word in summary[0]]
    first_page = _squeeze(pdf_text(registers[lang], 1, layout=False))
    heading = first_page.index(_squeeze(translate_in(lang, "Summary by status")))
    assert heading < first_page.index(label) < first_page.index(members[0].number)
    assert label not in _squeeze(pdf_text(registers[lang], pages, layout=False))


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_summary_counts_each_status(lang: str, demo: Database) -> None:
    with demo.session() as session:
        data = build_member_register_data(session)
        expected = dict(
            session.execute(sa.select(Member.status, sa.func.count()).group_by(Member.status)).all()
        )
        # The rows are read from the session as they are iterated.
        assert dict(data.counts()) == expected
        summary = dict(summary_rows(data, lang))
    for status, count in expected.items():
        label = translate_in(
            lang,
            {
                "active": "Active",
                "suspended": "Suspended",
                "resigned": "Resigned",
                "deceased": "Deceased",
                "excluded": "Excluded",
            }[status.value],
        )
        assert summary[label] == str(count)


def test_a_status_filter_lists_only_that_status(
    resigned_register: Path, members: list[Member], pdf_text: Callable
) -> None:
    resigned = [m.number for m in members if m.status is MemberStatus.RESIGNED]
    others = [m.number for m in members if m.status is not MemberStatus.RESIGNED]
    assert resigned and others
    text = pdf_text(resigned_register)
    assert all(number in text for number in resigned)
    assert not any(number in text for number in others)
    title = translate_in("fr", "Member register (status: {status})")
    assert _squeeze(title.format(status=translate_in("fr", "Resigned"))) in _squeeze(text)


def test_an_unknown_status_is_refused_with_the_valid_values(demo: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as error:
        _produce(demo, tmp_path, "fr", status="gone")
    assert error.value.field == "status"
    assert all(status.value in str(error.value) for status in MemberStatus)


def test_a_year_to_come_is_refused(demo: Database, tmp_path: Path) -> None:
    """`--year 2030` gave "Register … of the year 2030 — as of 2 December 2026"."""
    later = clock.today().year + 1
    with pytest.raises(ValidationError) as error:
        _produce(demo, tmp_path, "fr", year=later)
    assert error.value.field == "year" and str(later) in str(error.value)
    assert not list(tmp_path.glob("*.pdf"))


def test_a_year_keeps_the_members_of_that_year(
    demo: Database,
    members: list[Member],
    registers: dict[str, Path],
    tmp_path: Path,
    pdf_text: Callable,
) -> None:
    year = 2024
    with demo.session() as session:
        left_before = set(
            session.scalars(
                sa.select(MemberStatusChange.member_id).where(
                    MemberStatusChange.to_status.in_(
                        [MemberStatus.RESIGNED, MemberStatus.EXCLUDED, MemberStatus.DECEASED]
                    ),
                    MemberStatusChange.effective_on < dt.date(year, 1, 1),
                )
            )
        )
    late = [m for m in members if m.join_date.year > year]
    gone = [m for m in members if m.id in left_before]
    kept = [m for m in members if m.join_date.year <= year and m.id not in left_before]
    assert late and kept
    text = pdf_text(_produce(demo, tmp_path, "ar", year=year))
    assert not any(m.number in text for m in late + gone)
    assert all(m.number in text for m in kept)
    title = translate_in("ar", "Member register for {year}").format(year=year)
    assert _squeeze(title) in _squeeze(text)
    assert late[0].number in pdf_text(registers["ar"])  # the register of today


def test_a_member_who_left_during_the_year_is_still_in_its_register(demo: Database) -> None:
    with demo.session() as session:
        change = session.scalars(
            sa.select(MemberStatusChange).where(
                MemberStatusChange.to_status == MemberStatus.RESIGNED
            )
        ).first()
        assert change is not None
        year, number = change.effective_on.year, change.member.number
        before = build_member_register_data(session, year=year - 1)
        during = build_member_register_data(session, year=year)
        after = build_member_register_data(session, year=year + 1)
        row = next(r for r in during.rows if r.number == number)
        assert row.status is MemberStatus.RESIGNED  # as on 31 December (or today)
        assert number not in {r.number for r in after.rows}
        joined = change.member.join_date.year
        assert (number in {r.number for r in before.rows}) == (joined <= year - 1)


@pytest.mark.parametrize(
    ("actor", "shown"), [(VIEWER, False), (VOLUNTEER, False), (SECRETARY, True)]
)
def test_identity_numbers_only_for_roles_that_may_see_them(
    actor: Actor,
    shown: bool,
    demo: Database,
    members: list[Member],
    tmp_path: Path,
    pdf_text: Callable,
) -> None:
    text = pdf_text(_produce(demo, tmp_path, "fr", actor))
    with_cin = [m.id_number for m in members if m.id_number]
    assert with_cin
    assert any(cin in text for cin in with_cin) is shown
    assert (translate_in("fr", "CIN no.") in text) is shown


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_font_is_embedded_and_every_character_has_a_glyph(
    lang: str,
    demo: Database,
    registers: dict[str, Path],
    pdf_fonts: Callable,
    pdf_text: Callable,
) -> None:
    fonts = pdf_fonts(registers[lang])
    assert fonts and all(f.embedded and f.unicode for f in fonts), fonts
    covered: set[int] = set()
    for path in FONT_DIR.glob("*.ttf"):
        with TTFont(path, lazy=True) as font:
            covered |= set(font.getBestCmap())
    with demo.session() as session:
        data = build_member_register_data(session, with_identity=True)
        head = letterhead_from_association(session)
        strings = [
            register_title(data, lang),
            *(text for row in summary_rows(data, lang) for text in row),
            *_headers(lang),
        ]
        strings += [cell for row in data.rows for cell in register_row(row, lang, True)]
    strings += [head.name_ar, head.name_fr, head.address_ar or "", head.address_fr or ""]
    missing = {c for text in strings for c in text} - BIDI_CONTROLS
    assert not [f"U+{ord(c):04X}" for c in missing if ord(c) not in covered and c != "\n"]
    assert "\ufffd" not in pdf_text(registers[lang])


def test_the_first_pages_render(
    registers: dict[str, Path], render_png: Callable, tmp_path: Path
) -> None:
    for lang, path in registers.items():
        png = render_png(path, 1, tmp_path / f"register-{lang}.png")
        with Image.open(png) as image:
            assert image.width > image.height


@pytest.mark.parametrize(("lang", "city"), [("ar", "زاكورة"), ("fr", "Zagora")])
def test_a_known_city_is_written_in_the_documents_script(
    lang: str, city: str, database: Database, tmp_path: Path, pdf_text: Callable
) -> None:
    with database.transaction() as session:
        create_member(
            session,
            CLI_ACTOR,
            MemberData(last_name_lat="Tazi", first_name_lat="Amna", city="Zagora"),
        )
    text = pdf_text(_produce(database, tmp_path, lang))
    assert city in text


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("ar", ["نشيطة", "مشطب عليها", "مستقيل"]),
        ("fr", ["Active", "Radiée", "Démissionnaire"]),
    ],
)
def test_each_status_is_said_in_the_member_s_gender(
    lang: str, expected: list[str], database: Database, tmp_path: Path, pdf_text: Callable
) -> None:
    """A woman active, a woman struck off, a man who resigned: the register says each status
    as the members table does (core.common.gendered), not in one form for all."""
    day = dt.date(2025, 6, 1)
    people = [
        ("ليلى", "الحسني", "Leila", "Hassani", Gender.FEMALE, None),
        ("خديجة", "الوزاني", "Khadija", "Ouazzani", Gender.FEMALE, MemberStatus.EXCLUDED),
        ("يوسف", "الداودي", "Youssef", "Daoudi", Gender.MALE, MemberStatus.RESIGNED),
    ]
    with database.transaction() as session:
        for first_ar, last_ar, first_lat, last_lat, gender, status in people:
            member = create_member(
                session,
                CLI_ACTOR,
                MemberData(
                    first_name_ar=first_ar,
                    last_name_ar=last_ar,
                    first_name_lat=first_lat,
                    last_name_lat=last_lat,
                    gender=gender,
                    join_date=dt.date(2020, 1, 15),
                ),
            )
            if status is not None:
                change_member_status(session, CLI_ACTOR, member.id, status, day, "Bureau")
    text = pdf_text(_produce(database, tmp_path, lang))
    lines = [line for line in text.splitlines() if "Hassani" in line or "Ouazzani" in line]
    lines += [line for line in text.splitlines() if "Daoudi" in line]
    assert len(lines) == 3
    for line, status in zip(lines, expected, strict=True):
        assert status in line, (line, status)
    assert "مطرود" not in text


def test_a_register_of_members_who_left_says_when_each_left(
    demo: Database,
    members: list[Member],
    resigned_register: Path,
    tmp_path: Path,
    pdf_text: Callable,
) -> None:
    gone = {MemberStatus.RESIGNED, MemberStatus.EXCLUDED, MemberStatus.DECEASED}
    resigned = [m for m in members if m.status is MemberStatus.RESIGNED]
    assert resigned
    text = pdf_text(resigned_register)
    header = _squeeze(pdf_text(resigned_register, layout=False))  # a header cell on two lines
    assert _squeeze(translate_in("fr", "Left on")) in header
    for member in resigned:
        row = next(line for line in text.splitlines() if member.number in line)
        assert format_date(member.status_since, "fr") in row, row
    # Only members still in the association: no such column.
    active_path = _produce(demo, tmp_path, "fr", status="active")
    active = pdf_text(active_path)
    assert _squeeze(translate_in("fr", "Left on")) not in _squeeze(active)
    assert _squeeze(translate_in("fr", "Left on")) not in _squeeze(
        pdf_text(active_path, layout=False)
    )
    assert not any(m.status in gone for m in members if m.number in active)
