"""The moral report's partners, cost and highlights in pictures, read back with poppler on
the demo association (whose volunteers attached a few photos): the partners of the year with
their activities, the year's cost as the summary sums it, and at most PHOTO_HIGHLIGHTS
photos, each scaled once to a small JPEG."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from nassij_desktop.core.activities.summary import PHOTO_HIGHLIGHTS, ActivityLine, activity_year
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.i18n.formatting import format_amount
from nassij_desktop.reports.moral.moral_report import PHOTO_PIXELS, partner_names, scaled_photo
from nassij_desktop.storage import Database
from tests.reports.moral.conftest import YEAR

SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " "})


def _plain(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.translate(SPACES))


def _images(pdf: Path) -> list[tuple[int, int, str]]:
    """(width, height, encoding) of each image in the PDF, from `pdfimages -list`."""
    listed = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [(int(f[3]), int(f[4]), f[8]) for f in (line.split() for line in listed)]


def test_french_report_names_the_partners_the_cost_and_shows_the_photos(
    moral_demo: Database, moral_pdf: Callable[[str], Path], pdf_text: Callable[..., str]
) -> None:
    pdf = moral_pdf("fr")
    text = _plain(pdf_text(pdf))
    with moral_demo.session() as session:
        year = activity_year(session, CLI_ACTOR, YEAR)
    lines = [a for p in year.programmes for a in p.activities]
    partners = partner_names(lines)
    assert partners and year.cost > 0 and year.photos  # the demo logs all three
    assert "Partenaires des activités" in text
    for name, count in partners:
        assert re.search(rf"{re.escape(name)} +{count}\b", text), name
    cost = format_amount(year.cost, "fr").translate(SPACES)
    assert cost in next(line for line in text.splitlines() if "Coût des activités" in line)
    assert "En images" in text
    shown = _images(pdf)
    assert len(shown) == len(year.photos) <= PHOTO_HIGHLIGHTS
    assert all(max(w, h) <= PHOTO_PIXELS and enc == "jpeg" for w, h, enc in shown)
    # Each photo's caption: its activity's title.
    for highlight in year.photos:
        assert highlight.line.title.split()[0] in text


def test_arabic_report_has_the_partners_and_the_pictures(
    moral_pdf: Callable[[str], Path], pdf_text: Callable[..., str]
) -> None:
    pdf = moral_pdf("ar")
    text = pdf_text(pdf)
    assert "شركاء الأنشطة" in text and "بالصور" in text and "كلفة الأنشطة" in text
    assert _images(pdf)


def test_a_large_photo_is_scaled_and_a_damaged_one_left_out() -> None:
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), "olive").save(out, "JPEG", quality=90)
    scaled = scaled_photo(out.getvalue())
    assert scaled is not None
    with Image.open(io.BytesIO(scaled)) as image:
        assert image.format == "JPEG" and image.size == (PHOTO_PIXELS, PHOTO_PIXELS * 3 // 4)
    assert scaled_photo(b"\x89PNG\r\n\x1a\nnot really") is None
    assert scaled_photo(b"") is None


def test_partners_are_counted_once_per_activity_whatever_the_separator() -> None:
    def line(partners: str | None) -> ActivityLine:
        return ActivityLine(1, "t", None, None, None, None, 0, 0, partners)  # type: ignore[arg-type]

    found = partner_names(
        [line("Commune, INDH"), line("commune ; Entraide nationale، INDH, INDH"), line(None)]
    )
    assert found == [("Commune", 2), ("INDH", 2), ("Entraide nationale", 1)]
