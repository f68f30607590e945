"""Membership cards as PDF: ten to a page, both scripts, a QR code that holds the number."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from PIL import Image

from nassij_desktop.core.common.errors import NotFound
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.models import Member, MemberStatus
from nassij_desktop.i18n import translate_in
from nassij_desktop.reports.members.member_cards import (
    card_origin,
    member_cards_report,
    qr_box,
    qr_matrix,
)
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database

VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)
# A module of the QR code is 0.72 mm (21 mm for 29 modules): some 4 pixels at 150 dpi, so its
# centre, where it is read, lies 2 pixels inside it.
DPI = 150


def _cards(demo: Database, out: Path, lang: str, **kw: object) -> Path:
    with demo.session() as session:
        result = member_cards_report(
            session,
            VOLUNTEER,
            ReportRequest(lang=lang, out=out, **kw),  # type: ignore[arg-type]
        )
    assert result.path == out
    return out


@pytest.fixture(scope="module")
def active(demo: Database) -> list[Member]:
    with demo.session() as session:
        found = list(
            session.scalars(
                sa.select(Member)
                .where(Member.status == MemberStatus.ACTIVE)
                .order_by(Member.number)
            )
        )
        session.expunge_all()
    return found


@pytest.fixture(scope="module")
def cards(demo: Database, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cards")
    return {lang: _cards(demo, folder / f"{lang}.pdf", lang, year=2026) for lang in ("ar", "fr")}


def _numbers_on(text: str, members: list[Member]) -> list[str]:
    return [m.number for m in members if m.number in text]


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_ten_cards_a_page_for_every_active_member_in_number_order(
    lang: str,
    cards: dict[str, Path],
    active: list[Member],
    pdf_text: Callable,
    pdf_page_count: Callable,
    pdf_page_size: Callable,
) -> None:
    pages = pdf_page_count(cards[lang])
    assert pages == -(-len(active) // 10)
    assert tuple(round(v) for v in pdf_page_size(cards[lang])) == (595, 842)
    for page in range(1, pages + 1):
        expected = [m.number for m in active[(page - 1) * 10 : page * 10]]
        assert _numbers_on(pdf_text(cards[lang], page), active) == expected


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_card_says_what_it_is_and_names_the_member_in_both_scripts(
    lang: str, cards: dict[str, Path], active: list[Member], pdf_text: Callable
) -> None:
    text = pdf_text(cards[lang], 1)
    # Poppler may split an Arabic word after a letter that does not join ("بوز يان").
    squeezed = "".join(text.split())
    assert "جمعية الأمل للتنمية" in text
    assert "Association Al Amal" in text
    for code in ("ar", "fr"):
        assert "".join(translate_in(code, "Membership card").split()) in squeezed
    # Poppler puts the figure first when an Arabic line ends with one ("2026 صالحة لسنة"): the
    # line is checked for its words, not their order.
    label = translate_in(lang, "Valid for {year}").replace("{year}", "").strip()
    assert any(label in line and "2026" in line for line in text.splitlines())
    for member in active[:10]:
        assert f"{member.first_name_ar}{member.last_name_ar}".replace(" ", "") in squeezed
        assert f"{member.first_name_lat} {member.last_name_lat}" in text


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_font_is_embedded(lang: str, cards: dict[str, Path], pdf_fonts: Callable) -> None:
    fonts = pdf_fonts(cards[lang])
    assert fonts and all(f.embedded and f.unicode for f in fonts), fonts


def _dark_modules(grey: Image.Image, lang: str, index: int, size: int) -> list[list[bool]]:
    """The QR code of card `index` read back from the rendered page, module by module."""
    left, top, side = qr_box(lang, *card_origin(index, lang))  # type: ignore[arg-type]
    module = side / size
    px = DPI / 25.4
    return [
        [
            grey.getpixel(
                (
                    round((left + (c + 0.5) * module) * px),
                    round((top + (r + 0.5) * module) * px),
                )
            )
            < 128
            for c in range(size)
        ]
        for r in range(size)
    ]


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_qr_codes_hold_the_member_numbers_with_a_clear_quiet_zone(
    lang: str, cards: dict[str, Path], active: list[Member], tmp_path: Path
) -> None:
    # zbarimg is not installed here: the drawn modules are compared with segno's matrix for
    # the number (quiet zone included, so text or a logo over it would show).
    stem = tmp_path / f"{lang}-qr"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(DPI),
            "-f",
            "1",
            "-l",
            "1",
            "-gray",
            "-png",
            "-singlefile",
            str(cards[lang]),
            str(stem),
        ],
        check=True,
    )
    with Image.open(stem.with_suffix(".png")) as image:
        grey = image.convert("L")  # decoded once for the page's ten cards
    for index, member in enumerate(active[:10]):
        expected = qr_matrix(member.number)
        assert _dark_modules(grey, lang, index, len(expected)) == expected, member.number


def test_the_arabic_card_and_sheet_are_mirrored() -> None:
    # The first card of an Arabic sheet is at the top right (it was at the left).
    assert card_origin(0, "ar")[0] > card_origin(1, "ar")[0]
    assert card_origin(0, "fr")[0] < card_origin(1, "fr")[0]
    x, y = card_origin(0)
    assert qr_box("ar", x, y)[0] < x + 20  # QR code on the left of an Arabic card
    assert qr_box("fr", x, y)[0] > x + 50  # on the right of a French one


def test_cards_of_chosen_members(
    demo: Database, active: list[Member], tmp_path: Path, pdf_text: Callable
) -> None:
    chosen = [active[12], active[3]]
    path = _cards(demo, tmp_path / "two.pdf", "fr", member_ids=tuple(m.id for m in chosen))
    text = pdf_text(path)
    assert _numbers_on(text, active) == [active[3].number, active[12].number]


def test_an_unknown_member_is_refused(demo: Database, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        _cards(demo, tmp_path / "none.pdf", "fr", member_ids=(999_999,))


def test_a_file_without_members_gives_a_sentence_and_exit_1(
    database: Database, tmp_path: Path, nassij: Callable[..., Any]
) -> None:
    """An empty file used to give a PDF saying "no member" and exit 0."""
    out = tmp_path / "cards.pdf"
    done = nassij("--db", str(database.path), "report", "member-card", "--out", str(out))
    assert done.returncode == 1 and "no active member" in done.stderr
    assert not out.exists()


def test_the_command_line_writes_arabic_cards(
    demo: Database, tmp_path: Path, nassij: Callable[..., Any]
) -> None:
    out = tmp_path / "c.pdf"
    command = ["--db", str(demo.path), "report", "member-card", "--lang", "ar", "--out", str(out)]
    # The demo file has accounts: the command line signs in as its administrator.
    env = {"NASSIJ_USER": "admin", "NASSIJ_USER_PASSWORD": "demo-password"}
    done = nassij(*command, env=env)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 10_000
