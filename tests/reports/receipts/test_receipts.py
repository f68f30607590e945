"""Dues and donation receipts, read back from the PDF: what they say, in which order, with
which fonts, for whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont

from nassij_desktop.core.association.services import get_association, update_association
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.donations.models import DonorKind
from nassij_desktop.core.donations.services import DonationData, cancel_donation, record_donation
from nassij_desktop.core.members.models import Gender, PaymentMethod
from nassij_desktop.core.members.services import (
    MemberData,
    create_member,
    get_member,
    record_dues,
    update_member,
)
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.amount_words import amount_in_words
from nassij_desktop.i18n.formatting import format_money
from nassij_desktop.reports.engine.fonts import BIDI_CONTROLS, FONT_DIR
from nassij_desktop.reports.receipts.donation_receipt import donation_receipt_report
from nassij_desktop.reports.receipts.dues_receipt import dues_receipt_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database, open_database
from tests.shared_files import copy_of

GIFT = Decimal("12500.50")
DUES = Decimal("150")
DECREE = "2.18.456"
PUBLIC_UTILITY = "The association is recognised of public utility by decree no. {decree}."
VOLUNTEER = Actor(user_id=None, login="benevole", role=Role.VOLUNTEER)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _write_records(database: Database) -> dict[str, int]:
    day = clock.today() - dt.timedelta(days=3)
    with database.transaction() as session:
        member = create_member(
            session,
            CLI_ACTOR,
            MemberData(
                first_name_ar="سعاد",
                last_name_ar="الناصري",
                first_name_lat="Souad",
                last_name_lat="Nassiri",
            ),
        )
        dues = record_dues(session, CLI_ACTOR, member.id, day.year, DUES, day, PaymentMethod.CASH)
        gift = record_donation(
            session,
            CLI_ACTOR,
            DonationData(
                donor_name="Société Argan Atlas SARL",
                amount=GIFT,
                received_on=day,
                donor_kind=DonorKind.COMPANY,
                donor_identity="001525478000063",
                method=PaymentMethod.CHEQUE,
                payment_reference="4471023",
                purpose="Paniers du Ramadan",
            ),
        )
        arabic = record_donation(
            session,
            CLI_ACTOR,
            DonationData(donor_name="أحمد بن علي", amount=Decimal("2000"), received_on=day),
        )
    return {"member": member.id, "dues": dues.id, "gift": gift.id, "arabic": arabic.id}


@pytest.fixture
def records(database: Database) -> dict[str, int]:
    return _write_records(database)


Receipt = Callable[[str, str, str], Path]


@pytest.fixture(scope="module")
def receipt(
    association_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Receipt]:
    """`receipt(kind, lang, record)`: the receipt of one of the records above, in a file of
    the module that no test changes, drawn once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("receipts")
    database = open_database(copy_of(association_template, folder, "association.sqlite"))
    written = _write_records(database)
    drawn: dict[tuple[str, str, str], Path] = {}

    def draw(kind: str, lang: str, record: str) -> Path:
        if (kind, lang, record) not in drawn:
            out = folder / f"{kind}-{lang}-{record}.pdf"
            drawn[kind, lang, record] = _receipt(database, kind, lang, written[record], out)
        return drawn[kind, lang, record]

    yield draw
    database.close()


def _receipt(database: Database, kind: str, lang: str, record_id: int, out: Path) -> Path:
    report = {"dues": dues_receipt_report, "donation": donation_receipt_report}[kind]
    with database.session() as session:
        result = report(session, CLI_ACTOR, ReportRequest(lang=lang, out=out, record_id=record_id))  # type: ignore[arg-type]
    assert result.pages == 1
    return result.path


def _public_utility(database: Database) -> None:
    with database.transaction() as session:
        association = get_association(session)
        update_association(
            session,
            CLI_ACTOR,
            association.version,
            public_utility=True,
            public_utility_decree=DECREE,
        )


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_donation_receipt_says_who_gave_how_much_in_figures_and_words(
    lang: str, receipt: Receipt, pdf_text: Callable
) -> None:
    path = receipt("donation", lang, "gift")
    text = _squeeze(pdf_text(path, layout=False))
    year = clock.today() - dt.timedelta(days=3)
    for expected in (
        f"{year.year}-00001",
        "SociétéArganAtlasSARL",
        "001525478000063",
        "4471023",
        "PaniersduRamadan",
        _squeeze(format_money(GIFT, lang)).replace("\u200f", ""),
        _squeeze(amount_in_words(GIFT, lang)),
        _squeeze(translate_in(lang, "Amount in words")),
        _squeeze(translate_in(lang, "ICE no.")),  # a company's number is its ICE
    ):
        assert expected in text, expected
    assert _squeeze(translate_in(lang, "Identity no.")) not in text
    assert "\ufffd" not in text
    assert _squeeze(translate_in(lang, PUBLIC_UTILITY).split("{")[0]) not in text


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_decree_is_stated_only_for_a_public_utility_association(
    lang: str, database: Database, records: dict[str, int], tmp_path: Path, pdf_text: Callable
) -> None:
    _public_utility(database)
    path = _receipt(database, "donation", lang, records["gift"], tmp_path / "r.pdf")
    text = _squeeze(pdf_text(path, layout=False))
    assert _squeeze(translate_in(lang, PUBLIC_UTILITY).split("{")[0]) in text
    assert DECREE in text


def test_an_arabic_donor_and_amount_read_in_logical_order(
    receipt: Receipt, pdf_text: Callable
) -> None:
    text = pdf_text(receipt("donation", "ar", "arabic"))
    assert "أحمد بن علي" in text
    assert "ألفا درهم" in text
    french = pdf_text(receipt("donation", "fr", "arabic"))
    assert "أحمد بن علي" in french and "deux mille dirhams" in french


def test_the_arabic_title_starts_on_the_right(receipt: Receipt, pdf_lines: Callable) -> None:
    path = receipt("donation", "ar", "gift")
    title = translate_in("ar", "Donation receipt no. {number}").split("{")[0].split()
    line = next(ln for ln in pdf_lines(path, 1) if any(w.logical == title[0] for w in ln))
    rightmost = max(line, key=lambda w: w.x_max)
    assert rightmost.logical == title[0]
    number = next(w for w in line if w.text.endswith("-00001"))
    assert number.text.startswith(str((clock.today() - dt.timedelta(days=3)).year))


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_dues_receipt_names_the_member_the_year_and_the_amount(
    lang: str, receipt: Receipt, pdf_text: Callable
) -> None:
    path = receipt("dues", lang, "dues")
    text = _squeeze(pdf_text(path, layout=False))
    year = (clock.today() - dt.timedelta(days=3)).year
    name = "سعادالناصري" if lang == "ar" else "SouadNassiri"
    for expected in (
        name,
        "000001",
        f"{year}-00001",
        _squeeze(amount_in_words(DUES, lang)),
        _squeeze(translate_in(lang, "Dues for the year {year}").format(year=year)),
    ):
        assert expected in text, expected


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_cancelled_donation_is_stamped_in_both_languages(
    lang: str, database: Database, records: dict[str, int], tmp_path: Path, pdf_text: Callable
) -> None:
    with database.transaction() as session:
        cancel_donation(session, CLI_ACTOR, records["gift"], "Chèque sans provision")
    path = _receipt(database, "donation", lang, records["gift"], tmp_path / "c.pdf")
    text = pdf_text(path, layout=False)
    assert translate_in("fr", "CANCELLED") in text
    assert translate_in("ar", "CANCELLED") in text
    assert "Chèque sans provision" in text


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_fonts_are_embedded_and_cover_every_character(
    lang: str, receipt: Receipt, pdf_fonts: Callable, pdf_text: Callable
) -> None:
    path = receipt("donation", lang, "arabic")
    fonts = pdf_fonts(path)
    assert fonts and all(f.embedded and f.unicode for f in fonts)
    covered: set[int] = set()
    for font in FONT_DIR.glob("*.ttf"):
        with TTFont(font, lazy=True) as ttf:
            covered |= set(ttf.getBestCmap())
    texts = [amount_in_words(Decimal(v), lang) for v in ("12500.50", "999999999.99", "1.02")]
    texts += [
        translate_in(lang, m)
        for m in (
            "Donation receipt no. {number}",
            "Dues receipt no. {number}",
            "Stub of receipt no. {number}",
            "Amount in words",
            "Received from",
            PUBLIC_UTILITY,
            "CANCELLED",
        )
    ]
    missing = {c for c in "".join(texts) if ord(c) not in covered} - BIDI_CONTROLS
    assert not missing, [f"U+{ord(c):04X}" for c in missing]
    assert "\ufffd" not in pdf_text(path)


def test_a_volunteer_may_print_no_receipt(
    database: Database, records: dict[str, int], tmp_path: Path
) -> None:
    with database.session() as session:
        for report, record in ((dues_receipt_report, "dues"), (donation_receipt_report, "gift")):
            request = ReportRequest(lang="ar", out=tmp_path / "x.pdf", record_id=records[record])
            with pytest.raises(PermissionDenied):
                report(session, VOLUNTEER, request)
    assert not (tmp_path / "x.pdf").exists()


def test_without_an_id_the_latest_donation_is_printed(
    database: Database, records: dict[str, int], tmp_path: Path, pdf_text: Callable
) -> None:
    with database.session() as session:
        donation_receipt_report(
            session, CLI_ACTOR, ReportRequest(lang="fr", out=tmp_path / "l.pdf")
        )
    assert "أحمد بن علي" in pdf_text(tmp_path / "l.pdf")


def test_the_cli_writes_a_donation_receipt(
    database: Database, records: dict[str, int], tmp_path: Path, nassij: Callable[..., Any]
) -> None:
    assert database.path is not None
    out = tmp_path / "r.pdf"
    result = nassij(
        "--db", str(database.path), "report", "donation-receipt", "--lang", "ar", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("lang", "woman", "man"),
    [
        ("ar", "العضوة رقم", "العضو رقم"),
        ("fr", "adhérente n°", "adhérent n°"),
    ],
)
def test_a_woman_s_dues_receipt_says_adherente(
    lang: str,
    woman: str,
    man: str,
    database: Database,
    records: dict[str, int],
    tmp_path: Path,
    pdf_text: Callable,
) -> None:
    """Souad's receipt names her "adhérente n°" once her gender is recorded; a member whose
    gender is not recorded keeps the masculine, the grammatical default."""
    before = _squeeze(
        pdf_text(_receipt(database, "dues", lang, records["dues"], tmp_path / "m.pdf"))
    )
    assert _squeeze(man) in before
    with database.transaction() as session:
        member = get_member(session, CLI_ACTOR, records["member"])
        update_member(session, CLI_ACTOR, member.id, member.version, gender=Gender.FEMALE)
    path = _receipt(database, "dues", lang, records["dues"], tmp_path / "f.pdf")
    text = _squeeze(pdf_text(path))
    assert _squeeze(woman) in text, text
    assert text.count(_squeeze(woman)) == 2  # the receipt and its stub


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_gift_in_kind_shows_its_estimated_value_not_an_amount_paid(
    lang: str, database: Database, tmp_path: Path, pdf_text: Callable
) -> None:
    with database.transaction() as session:
        gift = record_donation(
            session,
            CLI_ACTOR,
            DonationData(
                donor_name="Mohamed Tazi",
                amount=Decimal("3500"),
                received_on=clock.today(),
                in_kind=True,
                in_kind_description="Deux ordinateurs portables",
                in_kind_account="2355",  # computer equipment
            ),
        )
    text = _squeeze(pdf_text(_receipt(database, "donation", lang, gift.id, tmp_path / "k.pdf")))
    assert _squeeze(translate_in(lang, "Estimated value")) in text
    assert _squeeze(translate_in(lang, "Amount in words")) not in text
    assert _squeeze(translate_in(lang, "In kind")) in text
