"""The report engine, read back from the PDF: order, direction, fonts, tables, pages."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fontTools.subset import Subsetter
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw

from nassij_desktop.core.association.services import get_association, update_association
from nassij_desktop.core.attachments.services import store_attachment
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_amount, format_date, format_money, isolate
from nassij_desktop.reports.engine import (
    Column,
    HijriDate,
    Letterhead,
    ReportDocument,
    SignatureBlock,
    fonts,
    format_hijri,
    letterhead_from_association,
    to_hijri,
)
from nassij_desktop.reports.engine.canvas import Canvas
from nassij_desktop.reports.engine.fonts import BIDI_CONTROLS, FONT_DIR, LATIN_FAMILY, font_chain
from nassij_desktop.storage import Database

GENERATED = dt.date(2026, 8, 5)
REFERENCE = "NSJ/2026/0012"
NAME_AR = "جمعية الأمل للتنمية"


def _logo() -> bytes:
    image = Image.new("RGB", (120, 120), "white")
    ImageDraw.Draw(image).ellipse((5, 5, 115, 115), fill=(30, 110, 60))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


LETTERHEAD = Letterhead(
    name_ar=NAME_AR,
    name_fr="Association Al Amal pour le développement",
    address_ar="حي النهضة، زنقة 12، رقم 5، تزنيت",
    address_fr="Quartier Nahda, rue 12, n° 5, Tiznit",
    city="Tiznit",
    receipt_number="12/2023",
    phone="0528 86 12 34",
    email="contact@alamal.ma",
    logo=_logo(),
)


@dataclass(frozen=True)
class Content:
    """Everything a test document says, in one language."""

    title: str
    heading: str
    subheading: str
    paragraph: str
    key_values: list[tuple[str, str]]
    columns: list[Column]
    rows: list[list[str]]
    totals: list[str]
    place: str
    signatures: list[SignatureBlock]

    def strings(self) -> list[str]:
        """Every string handed to the engine, for the glyph coverage check."""
        texts = [self.title, self.heading, self.subheading, self.paragraph, self.place]
        texts += [t for pair in self.key_values for t in pair]
        texts += [c.header for c in self.columns] + [t for r in self.rows for t in r]
        texts += self.totals + [t for s in self.signatures for t in (s.role, s.name)]
        texts += [str(getattr(LETTERHEAD, f.name)) for f in fields(LETTERHEAD) if f.name != "logo"]
        return texts


ARABIC = Content(
    title="التقرير الأدبي والمالي لسنة 2025",
    heading="أولا: تقديم الجمعية",
    subheading="ثانيا: لائحة المستفيدين",
    paragraph=(
        f"تأسست {NAME_AR} سنة 2009 بمدينة تزنيت، وبلغت مداخيلها "
        + format_money(Decimal("12500"), "ar")
        + " خلال سنة 2025 بدعم من "
        + isolate("Fondation Orient-Occident (FOO)", "ltr")
        + "، لفائدة 245 مستفيدا [منهم 130 امرأة] – انعقد الجمع العام يوم "
        + format_date(dt.date(2026, 3, 14), "ar")
        + "."
    ),
    key_values=[
        ("الرئيس", "أحمد بن علي (Ahmed Ben Ali)"),
        ("أمين المال", "Fatima Zahra El Idrissi."),
        ("مجموع المداخيل", format_money(Decimal("1234567.89"), "ar")),
        ("رقم الحساب", "011 810 0000 1234 5678 9012 34"),
    ],
    columns=[
        Column("الرقم", 0.6, "center"),
        Column("الاسم الكامل", 3),
        Column("المدينة", 1.5),
        Column("المبلغ", 1.6, "end"),
    ],
    rows=[
        [
            str(i),
            f"مستفيد رقم {i} من دوار آيت باها"
            + (" — اسم طويل جدا يمتد على أكثر من سطر واحد داخل الخلية" if i == 3 else ""),
            "تزنيت",
            format_amount(Decimal(i * 100), "ar"),
        ]
        for i in range(1, 61)
    ],
    totals=["", "المجموع", "", format_amount(Decimal(183000), "ar")],
    place="تزنيت",
    signatures=[
        SignatureBlock("الرئيس", "أحمد بن علي"),
        SignatureBlock("أمين المال", "فاطمة الزهراء الإدريسي"),
    ],
)

FRENCH = Content(
    title="Rapport moral et financier 2025",
    heading="1. Présentation de l'association",
    subheading="2. Liste des bénéficiaires",
    paragraph=(
        f"L'association Al Amal pour le développement ({isolate(NAME_AR)}), créée en 2009, "
        f"a perçu {format_money(Decimal('12500'), 'fr')} en 2025 — soit 245 bénéficiaires "
        f"[dont 130 femmes]. Assemblée générale du {format_date(dt.date(2026, 3, 14), 'fr')}."
    ),
    key_values=[
        ("Président", "Ahmed Ben Ali (أحمد بن علي)"),
        ("Trésorière", "Fatima Zahra El Idrissi"),
        ("Total des recettes", format_money(Decimal("1234567.89"), "fr")),
        ("RIB", "011 810 0000 1234 5678 9012 34"),
    ],
    columns=[
        Column("N°", 0.6, "center"),
        Column("Nom complet", 3),
        Column("Ville", 1.5),
        Column("Montant", 1.6, "end"),
    ],
    rows=[
        [
            str(i),
            f"Bénéficiaire n° {i} du douar Aït Baha"
            + (
                " — un nom très long qui s'étend sur plus d'une ligne de la cellule"
                if i == 3
                else ""
            ),
            "Tiznit",
            format_amount(Decimal(i * 100), "fr"),
        ]
        for i in range(1, 61)
    ],
    totals=["", "Total", "", format_amount(Decimal(183000), "fr")],
    place="Tiznit",
    signatures=[
        SignatureBlock("Le Président", "Ahmed Ben Ali"),
        SignatureBlock("La Trésorière", "Fatima Zahra El Idrissi"),
    ],
)

CONTENT = {"ar": ARABIC, "fr": FRENCH}


def build(lang: str, path: Path, content: Content) -> ReportDocument:
    doc = ReportDocument(
        lang,  # type: ignore[arg-type]
        LETTERHEAD,
        title=content.title,
        reference=REFERENCE,
        hijri=True,
        generated_on=GENERATED,
    )
    doc.heading(content.heading)
    doc.paragraph(content.paragraph)
    doc.key_values(content.key_values)
    doc.heading(content.subheading, level=2)
    doc.table(content.columns, content.rows, totals=content.totals)
    doc.date_line(place=content.place)
    doc.signatures(content.signatures)
    doc.save(path)
    return doc


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    paths = {}
    for lang, content in CONTENT.items():
        paths[lang] = folder / f"{lang}.pdf"
        build(lang, paths[lang], content)
    return paths


# Words and lines come from tests/reports/conftest.py (Word: text, x_min, …, logical).
Line = list[Any]


def _line_with(lines: list[Line], logical: str) -> Line:
    for line in lines:
        if any(w.logical == logical for w in line):
            return line
    raise AssertionError(f"no line holds {logical!r}")


def _squeeze(text: str) -> str:
    return "".join(text.split())


def _bare(word: str) -> str:
    """A word without the punctuation poppler glues to it ("،Fondation", ".14/03/2026")."""
    return word.strip(".,،:")


# --------------------------------------------------------------------------- pages and fonts


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_document_has_three_a4_pages(
    lang: str, documents: dict[str, Path], pdf_page_count: Callable, pdf_page_size: Callable
) -> None:
    assert pdf_page_count(documents[lang]) == 3
    width, height = pdf_page_size(documents[lang])
    assert (round(width), round(height)) == (595, 842)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_font_is_embedded(lang: str, documents: dict[str, Path], pdf_fonts: Callable) -> None:
    fonts = pdf_fonts(documents[lang])
    assert fonts
    assert all(f.embedded and f.unicode for f in fonts), fonts
    names = {f.name.split("+")[-1] for f in fonts}
    assert {"NotoNaskhArabic", "NotoNaskhArabicBold", "NotoSans", "NotoSansBold"} <= names


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_character_of_the_content_has_a_glyph(
    lang: str, documents: dict[str, Path], pdf_text: Callable
) -> None:
    covered: set[int] = set()
    for path in FONT_DIR.glob("*.ttf"):
        with TTFont(path, lazy=True) as font:
            covered |= set(font.getBestCmap())
    fixed = [
        translate_in(lang, msg)
        for msg in ("Final receipt no. {number}", "Page {page} of {pages}", "Signature and stamp")
    ]
    characters = {c for text in CONTENT[lang].strings() + fixed for c in text}
    missing = {c for c in characters - BIDI_CONTROLS if ord(c) not in covered}
    assert not missing, [f"U+{ord(c):04X}" for c in missing]
    assert "\ufffd" not in pdf_text(documents[lang])


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_bidi_controls_steer_the_order_but_are_not_in_the_pdf(
    lang: str, documents: dict[str, Path], pdf_text: Callable
) -> None:
    assert any(c in BIDI_CONTROLS for c in CONTENT[lang].paragraph + str(CONTENT[lang].key_values))
    text = pdf_text(documents[lang], layout=False)  # poppler's own U+202A-C marks removed
    assert not set(text) & BIDI_CONTROLS


def test_a_damaged_logo_is_left_out(
    tmp_path: Path, pdf_text: Callable, caplog: pytest.LogCaptureFixture
) -> None:
    head = Letterhead(name_ar=NAME_AR, name_fr="Al Amal", logo=b"not an image")
    with caplog.at_level(logging.WARNING):
        doc = ReportDocument("fr", head, title="Test", generated_on=GENERATED)
    doc.paragraph("Le texte {nb} tel quel")
    doc.save(tmp_path / "nologo.pdf")
    assert "logo" in caplog.text
    assert "{nb}" in pdf_text(tmp_path / "nologo.pdf")


def test_the_font_chain_starts_with_the_language_s_own_family() -> None:
    assert font_chain("ar") == ("notonaskharabic", "notosans", "amiri", "notosanstifinagh")
    assert font_chain("fr") == ("notosans", "notonaskharabic", "amiri", "notosanstifinagh")


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_punctuation_and_spaces_all_have_a_glyph(
    lang: str, tmp_path: Path, pdf_text: Callable, caplog: pytest.LogCaptureFixture
) -> None:
    signs = "« » – — / ( ) [ ] № ° % ، ؟ ⵜⴰⵎⴰⵣⵉⵖⵜ"
    text = f"{NAME_AR} 12\u00a0500\u202f000 {signs} Tiznit"
    doc = ReportDocument(lang, LETTERHEAD, title="Test", generated_on=GENERATED)  # type: ignore[arg-type]
    with caplog.at_level(logging.WARNING):
        doc.paragraph(text)
        doc.save(tmp_path / "signs.pdf")
    assert not caplog.records
    extracted = pdf_text(tmp_path / "signs.pdf", layout=False)
    assert "\ufffd" not in extracted
    assert all(sign in extracted for sign in ("№", "°", "«", "—", "ⵜⴰⵎⴰⵣⵉⵖⵜ"))


def test_a_character_no_font_has_is_shown_and_logged(
    tmp_path: Path, pdf_text: Callable, caplog: pytest.LogCaptureFixture
) -> None:
    doc = ReportDocument("fr", LETTERHEAD, title="Test", generated_on=GENERATED)
    with caplog.at_level(logging.WARNING):
        doc.paragraph("Smile \U0001f600 please")
    doc.save(tmp_path / "emoji.pdf")
    assert "U+1F600" in caplog.text
    assert "Smile \ufffd please" in pdf_text(tmp_path / "emoji.pdf")


def test_a_document_is_the_same_whatever_was_made_before_or_beside_it(tmp_path: Path) -> None:
    """The fonts are read once a process and shared (engine/fonts.py): the glyphs one document
    uses never end up in another's fonts, made after it or at the same time in another thread
    (the application makes a preview in the background while the user works)."""
    alone = tmp_path / "alone.pdf"
    build("fr", alone, FRENCH)
    arabic = tmp_path / "arabic.pdf"
    build("ar", arabic, ARABIC)
    after = tmp_path / "after.pdf"
    build("fr", after, FRENCH)
    assert after.read_bytes() == alone.read_bytes()

    side = [(lang, tmp_path / f"side-{n}-{lang}.pdf") for n in range(2) for lang in ("fr", "ar")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda job: build(job[0], job[1], CONTENT[job[0]]), side))
    for lang, path in side:
        assert path.read_bytes() == (alone if lang == "fr" else arabic).read_bytes(), path.name


def test_only_the_fonts_a_document_uses_are_embedded(
    tmp_path: Path, pdf_fonts: Callable, pdf_text: Callable
) -> None:
    canvas = Canvas("fr", "portrait", lambda: None)
    canvas.add_page()
    canvas.set_font(LATIN_FAMILY, size=12)
    canvas.cell(text="Assemblée générale ordinaire")
    canvas.output(tmp_path / "latin.pdf")
    assert [f.name.split("+")[-1] for f in pdf_fonts(tmp_path / "latin.pdf")] == ["NotoSans"]
    assert "Assemblée générale ordinaire" in pdf_text(tmp_path / "latin.pdf")


# --------------------------------------------------------------------------- reading order


def test_arabic_extracts_in_logical_order(documents: dict[str, Path], pdf_text: Callable) -> None:
    text = pdf_text(documents["ar"])
    for name in (NAME_AR, ARABIC.title, "أحمد بن علي", "فاطمة الزهراء الإدريسي", "المجموع"):
        assert name in text


def test_arabic_inside_french_extracts_in_logical_order(
    documents: dict[str, Path], pdf_text: Callable
) -> None:
    text = pdf_text(documents["fr"])
    assert NAME_AR in next(line for line in text.splitlines() if "L'association" in line)
    assert "Rapport moral et financier 2025" in text


def test_an_arabic_title_starts_on_the_right(
    documents: dict[str, Path], pdf_lines: Callable
) -> None:
    line = _line_with(pdf_lines(documents["ar"], 1), "التقرير")
    right_to_left = [w.logical for w in sorted(line, key=lambda w: -w.x_min)]
    assert right_to_left == ARABIC.title.split()


def test_a_french_title_starts_on_the_left(documents: dict[str, Path], pdf_lines: Callable) -> None:
    line = _line_with(pdf_lines(documents["fr"], 1), "Rapport")
    assert [w.text for w in line] == FRENCH.title.split()


def test_money_and_dates_stay_in_one_run_inside_arabic(
    documents: dict[str, Path], pdf_lines: Callable
) -> None:
    lines = pdf_lines(documents["ar"], 1)
    line = _line_with(lines, "12.500,00")
    figure = next(i for i, w in enumerate(line) if w.text == "12.500,00")
    assert line[figure - 1].logical == "د.م."  # the currency follows, to its left
    assert any(_bare(w.text) == "14/03/2026" for line in lines for w in line)
    assert any(w.text == "1.234.567,89" for line in lines for w in line)


def test_a_latin_run_inside_arabic_keeps_its_order(
    documents: dict[str, Path], pdf_lines: Callable
) -> None:
    # Poppler's box of a word with an Arabic glyph (the comma glued to "Fondation") reaches
    # lower than a Latin word's: a wider tolerance keeps the line together.
    lines = pdf_lines(documents["ar"], 1, tolerance=5)
    line = next([_bare(w.text) for w in ws] for ws in lines if "(FOO)" in [w.text for w in ws])
    start = line.index("Fondation")
    assert line[start : start + 3] == ["Fondation", "Orient-Occident", "(FOO)"]


def test_a_phone_number_reads_left_to_right_in_the_arabic_letterhead(
    documents: dict[str, Path], pdf_lines: Callable
) -> None:
    for line in pdf_lines(documents["ar"], 1):
        # The Arabic half of the letterhead is the right one (the French half's line may be
        # at the same height).
        texts = [w.text for w in line if w.x_min > 595 / 2]
        if "0528" in texts:
            start = texts.index("0528")
            assert texts[start : start + 4] == ["0528", "86", "12", "34"]
            return
    raise AssertionError("no Arabic phone line")


# --------------------------------------------------------------------------- tables and blocks


def _header_positions(line: Line, headers: list[str]) -> list[float]:
    first_words = [h.split()[0] for h in headers]
    return [next(w.x_min for w in line if w.logical == word) for word in first_words]


@pytest.mark.parametrize("page", [1, 2])
def test_table_header_is_mirrored_in_arabic_and_repeated(
    page: int, documents: dict[str, Path], pdf_lines: Callable
) -> None:
    headers = [c.header for c in ARABIC.columns]
    line = _line_with(pdf_lines(documents["ar"], page), "المدينة")
    xs = _header_positions(line, headers)
    assert xs == sorted(xs, reverse=True), "the first column must be the rightmost"


@pytest.mark.parametrize("page", [1, 2])
def test_table_header_reads_left_to_right_in_french_and_repeats(
    page: int, documents: dict[str, Path], pdf_lines: Callable
) -> None:
    headers = [c.header for c in FRENCH.columns]
    xs = _header_positions(_line_with(pdf_lines(documents["fr"], page), "Ville"), headers)
    assert xs == sorted(xs)


def test_rows_are_cut_between_pages_not_inside_and_totals_come_last(
    documents: dict[str, Path], pdf_text: Callable
) -> None:
    numbers = []
    for page in (1, 2, 3):
        text = pdf_text(documents["ar"], page)
        numbers += [i for i in range(1, 61) if f"مستفيدرقم{i}من" in _squeeze(text)]
    assert sorted(numbers) == list(range(1, 61))
    last_page = pdf_text(documents["ar"], 3)
    assert last_page.index("183.000,00") > last_page.index("6.000,00")
    assert "المجموع" in last_page


def test_long_cells_wrap_inside_their_column(
    documents: dict[str, Path], pdf_lines: Callable
) -> None:
    lines = pdf_lines(documents["fr"], 1)
    wrapped = _line_with(lines, "cellule")  # the end of row 3's name, on a second line
    number = _line_with(lines, "Ville")
    name_column = next(w.x_min for w in number if w.text == "Nom")
    assert min(w.x_min for w in wrapped) >= name_column - 1


def test_key_value_labels_are_on_the_reading_side(
    documents: dict[str, Path], pdf_lines: Callable
) -> None:
    ar = _line_with(pdf_lines(documents["ar"], 1), "الحساب")
    assert max(ar, key=lambda w: w.x_max).logical == "رقم"  # label on the right
    fr = _line_with(pdf_lines(documents["fr"], 1), "RIB")
    assert fr[0].text == "RIB"


def test_signatures_start_on_the_reading_side(
    documents: dict[str, Path], pdf_lines: Callable
) -> None:
    ar = _line_with(pdf_lines(documents["ar"], 3), "المال")
    president = next(w for w in ar if w.logical == "الرئيس")
    treasurer = next(w for w in ar if w.logical == "المال")
    assert president.x_min > treasurer.x_min
    fr = _line_with(pdf_lines(documents["fr"], 3), "Président")
    assert [w.text for w in fr][:2] == ["Le", "Président"]


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_page_has_its_letterhead_and_numbered_footer(
    lang: str, documents: dict[str, Path], pdf_text: Callable
) -> None:
    receipt = translate_in(lang, "Final receipt no. {number}").format(number="12/2023")
    for page in (1, 2, 3):
        text = _squeeze(pdf_text(documents[lang], page, layout=False))
        footer = translate_in(lang, "Page {page} of {pages}").format(page=page, pages=3)
        assert _squeeze(footer) in text
        assert REFERENCE in text
        assert NAME_AR in pdf_text(documents[lang], page)
        assert "AssociationAlAmal" in text
        assert _squeeze(receipt.replace("12/2023", "")) in text


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_date_line_carries_the_hijri_date(
    lang: str, documents: dict[str, Path], pdf_lines: Callable
) -> None:
    words = [{_bare(w.logical) for w in line} for line in pdf_lines(documents[lang], 3)]
    date = set(format_date(GENERATED, lang, "long").split())
    hijri = set(format_hijri(to_hijri(GENERATED), lang).split())
    assert any(date <= line for line in words), date
    assert any(hijri <= line for line in words), hijri


def test_pages_render_to_png(
    documents: dict[str, Path], render_png: Callable, tmp_path: Path
) -> None:
    for lang in ("ar", "fr"):
        png = render_png(documents[lang], 1, tmp_path / f"{lang}-1.png")
        with Image.open(png) as image:
            width, height = image.size
            assert (round(width / 10), round(height / 10)) == (50, 70)  # A4 at 60 dpi


def test_landscape_pages(tmp_path: Path, pdf_page_size: Callable) -> None:
    doc = ReportDocument("ar", LETTERHEAD, title="جدول", orientation="landscape")
    doc.table([Column("أ"), Column("ب")], [["1", "2"]])
    width, height = pdf_page_size(doc.save(tmp_path / "wide.pdf"))
    assert width > height


def test_a_row_must_have_one_cell_per_column(tmp_path: Path) -> None:
    doc = ReportDocument("fr", LETTERHEAD, title="Test")
    with pytest.raises(ValueError, match="row 1 has 1 cells for 2 columns"):
        doc.table([Column("A"), Column("B")], [["1", "2"], ["3"]])


# --------------------------------------------------------------------------- Hijri and letterhead


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2000, 1, 1), HijriDate(1420, 9, 24)),
        (dt.date(2023, 3, 23), HijriDate(1444, 9, 1)),  # 1 Ramadan 1444 in Morocco
        (dt.date(2024, 7, 8), HijriDate(1446, 1, 1)),  # 1 Muharram 1446 in Morocco
        (dt.date(2026, 8, 5), HijriDate(1448, 2, 20)),
    ],
)
def test_tabular_hijri_dates(day: dt.date, expected: HijriDate) -> None:
    assert to_hijri(day) == expected


def test_the_hijri_offset_follows_the_moroccan_announcement() -> None:
    # Ramadan 1446 began on 2 March 2025 in Morocco, a day after the tabular calendar.
    assert to_hijri(dt.date(2025, 3, 2)) == HijriDate(1446, 9, 2)
    assert to_hijri(dt.date(2025, 3, 2), offset_days=-1) == HijriDate(1446, 9, 1)


def test_hijri_dates_are_written_in_both_languages() -> None:
    date = HijriDate(1448, 2, 20)
    for lang in ("ar", "fr"):
        text = format_hijri(date, lang)
        assert text.startswith("20 ") and "1448" in text
        assert translate_in(lang, "Safar") in text


def test_letterhead_from_the_association_profile(database: Database) -> None:
    logo = _logo()
    with database.transaction() as session:
        association = get_association(session)
        update_association(
            session,
            CLI_ACTOR,
            association.version,
            address_ar="حي النهضة، تزنيت",
            address_fr="Quartier Nahda, Tiznit",
            receipt_number="12/2023",
        )
        association.logo_attachment_id = store_attachment(session, logo, "logo.png").id
    with database.session() as session:
        head = letterhead_from_association(session)
    assert head.name_ar == NAME_AR
    assert head.name_fr == "Association Al Amal pour le développement"
    assert (head.address_ar, head.receipt_number, head.city) == (
        "حي النهضة، تزنيت",
        "12/2023",
        "Tiznit",
    )
    assert head.logo == logo


def test_letterhead_without_a_logo(database: Database) -> None:
    with database.session() as session:
        assert letterhead_from_association(session).logo is None


def test_a_document_writes_nothing_to_the_log_at_info_level(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The font library reports every table it subsets at INFO: ~150 lines a PDF that pushed
    real errors out of the rotating log (the application logs INFO)."""
    with caplog.at_level(logging.INFO):
        doc = ReportDocument("ar", LETTERHEAD, title="اختبار", generated_on=GENERATED)
        doc.paragraph(f"{NAME_AR} — Tiznit 12 500")
        doc.save(tmp_path / "quiet.pdf")
    assert [r.name for r in caplog.records if r.levelno < logging.WARNING] == []


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_one_line_text_drawn_by_the_lean_path_looks_as_fpdf2_draws_it(
    lang: str,
    documents: dict[str, Path],
    render_png: Callable,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Headings, one-line paragraphs, the date line and one-line key-value rows skip fpdf2's
    line breaking (which measures a line once per character) and its table; the page must be
    the same, pixel for pixel, as when every text goes through `multi_cell` and `table`."""
    monkeypatch.setattr(ReportDocument, "_write_line", lambda *_args, **_kwargs: False)
    monkeypatch.setattr(ReportDocument, "_lean_key_values", lambda *_args, **_kwargs: False)
    slow = tmp_path / f"{lang}-multi-cell.pdf"
    build(lang, slow, CONTENT[lang])
    for page in (1, 3):
        lean = render_png(documents[lang], page, tmp_path / f"lean-{page}.png")
        plain = render_png(slow, page, tmp_path / f"plain-{page}.png")
        with Image.open(lean) as drawn, Image.open(plain) as expected:
            assert ImageChops.difference(drawn, expected).getbbox() is None, f"page {page}"


PLAIN_KEY_VALUES = {
    "ar": [("الجمعية", "جمعية الأمل للتنمية"), ("السنة المالية", "2025"), ("العملة", "الدرهم")],
    "fr": [("Association", "Association Al Amal"), ("Exercice", "2025"), ("Monnaie", "Dirham")],
}


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_key_values_drawn_by_the_lean_path_look_as_fpdf2_s_table_draws_them(
    lang: str, render_png: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows of one-line labels and values skip fpdf2's table (which lays each cell out twice):
    the page is the same, pixel for pixel, as fpdf2's."""

    def page(name: str) -> Path:
        doc = ReportDocument(lang, LETTERHEAD, title="T", generated_on=GENERATED)  # type: ignore[arg-type]
        doc.key_values(PLAIN_KEY_VALUES[lang], label_share=0.3)
        doc.paragraph(CONTENT[lang].paragraph)
        return render_png(doc.save(tmp_path / f"{name}.pdf"), 1, tmp_path / f"{name}.png")

    taken: list[bool] = []
    lean_key_values = ReportDocument._lean_key_values

    def spy(self: ReportDocument, *args: Any) -> bool:
        taken.append(lean_key_values(self, *args))
        return taken[-1]

    monkeypatch.setattr(ReportDocument, "_lean_key_values", spy)
    lean = page("lean")
    assert taken and all(taken)  # the lean path drew the rows
    monkeypatch.setattr(ReportDocument, "_lean_key_values", lambda *_args: False)
    plain = page("plain")
    with Image.open(lean) as drawn, Image.open(plain) as expected:
        assert ImageChops.difference(drawn, expected).getbbox() is None


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_fonts_are_cut_to_the_drawn_glyphs_before_fonttools_subsets_them(
    lang: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    render_png: Callable[[Path, int, Path], Path],
    pdf_text: Callable[[Path], str],
) -> None:
    """HarfBuzz cuts each font down to the glyphs the document drew, then fpdf2's fontTools
    subsetting runs on that (engine/fonts.py, `_with_used_glyphs`): fontTools sees a few dozen
    glyphs rather than thousands, and the pages and their text are those of fontTools alone."""
    seen: list[int] = []
    subset = Subsetter.subset

    def counted(subsetter: Subsetter, font: TTFont) -> None:
        seen.append(font["maxp"].numGlyphs)
        subset(subsetter, font)

    monkeypatch.setattr(Subsetter, "subset", counted)
    cut = build(lang, tmp_path / "cut.pdf", CONTENT[lang])
    assert seen and max(seen) < 300  # Noto Sans has 3 317 glyphs, Noto Naskh Arabic 1 602

    monkeypatch.setattr(fonts, "_with_used_glyphs", lambda font: fonts._output_data(font.ttffile))
    build(lang, tmp_path / "whole.pdf", CONTENT[lang])
    assert min(seen[len(seen) // 2 :]) > 1000  # fontTools on the whole fonts
    assert pdf_text(tmp_path / "cut.pdf") == pdf_text(tmp_path / "whole.pdf")
    for page in range(1, cut.page_count + 1):
        ours = Image.open(render_png(tmp_path / "cut.pdf", page, tmp_path / f"cut-{page}"))
        theirs = Image.open(render_png(tmp_path / "whole.pdf", page, tmp_path / f"whole-{page}"))
        assert ImageChops.difference(ours.convert("RGB"), theirs.convert("RGB")).getbbox() is None
