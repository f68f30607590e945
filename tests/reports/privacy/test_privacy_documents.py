"""The privacy notice and the consent form (law 09-08), read back with pdftotext in Arabic
and French: the CNDP number and date, the retention years and the contact of the settings;
a blank to fill, never "None", when the association has no CNDP number yet; the consent form
filled in for `--member N`, blank otherwise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from nassij_desktop.core.association.settings import change_setting
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.members.membership_form import BLANK
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database
from tests.conftest import Nassij
from tests.support import add_members

RECEIPT_DAY = dt.date(2020, 3, 15)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_notice_prints_the_cndp_number_retention_and_contact(
    database: Database, tmp_path: Path, pdf_text: Callable[..., str], lang: str
) -> None:
    out = tmp_path / f"notice-{lang}.pdf"
    with database.transaction() as session:
        for key, value in (
            ("privacy.cndp_kind", "authorisation"),
            ("privacy.cndp_number", "A-GC-258/2019"),
            ("privacy.cndp_date", "15/03/2020"),
            ("privacy.retention_years", "7"),
            ("privacy.contact_name", "Naima Idrissi"),
            ("privacy.contact_email", "Donnees@AlAmal.ma"),
        ):
            change_setting(session, CLI_ACTOR, key, value)
        request = ReportRequest(lang=lang, out=out)  # type: ignore[arg-type]
        result = produce_report(session, CLI_ACTOR, "privacy-notice", request)
    assert result.pages >= 1
    text = _flat(pdf_text(out, layout=False))
    assert "A-GC-258/2019" in text
    assert format_date(RECEIPT_DAY, lang) in text
    assert "Naima Idrissi" in text and "Donnees@alamal.ma" in text  # the domain lower-cased
    assert "None" not in text
    if lang == "fr":
        assert "7 ans après leur départ" in text
        assert "Autorisation" in text and "loi n° 09-08" in text
    else:
        # poppler moves the spaces around a number inside Arabic: compared without them
        assert "و7سنواتبعدمغادرتهم" in text.replace(" ", "")
        assert "الترخيص" in text and "09.08" in text


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_without_a_cndp_number_the_notice_leaves_a_line_to_fill(
    database: Database, tmp_path: Path, pdf_text: Callable[..., str], lang: str
) -> None:
    out = tmp_path / "notice.pdf"
    with database.session() as session:
        produce_report(session, CLI_ACTOR, "privacy-notice", ReportRequest(lang=lang, out=out))  # type: ignore[arg-type]
    lines = pdf_text(out).splitlines()
    label = "Numéro du récépissé de la CNDP" if lang == "fr" else "رقم وصل اللجنة الوطنية"
    number_line = next(line for line in lines if label in line)
    assert BLANK in number_line
    text = pdf_text(out, layout=False)
    assert "None" not in text
    # The default contact: the board, at the seat (the profile's city).
    assert ("Le bureau de l'association" if lang == "fr" else "مكتب الجمعية") in text
    assert ("5ansaprès" if lang == "fr" else "و5سنواتبعد") in "".join(text.split())


def test_the_consent_form_is_filled_for_a_member_and_blank_otherwise(
    database: Database, tmp_path: Path, nassij: Nassij, pdf_text: Callable[..., str]
) -> None:
    path = str(database.path)
    database.close()
    add_members(path, 2)
    filled, blank = tmp_path / "filled.pdf", tmp_path / "blank.pdf"
    result = nassij("--db", path, "report", "consent-form", "--member", "000002",
                    "--lang", "fr", "--out", str(filled))  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = _flat(pdf_text(filled, layout=False))
    assert "2 Member" in text and "000002" in text
    assert "Formulaire de consentement" in text and "Oui" in text and "Non" in text
    assert "rapport moral" in text and "bailleurs de fonds" in text
    result = nassij("--db", path, "report", "consent-form", "--lang", "ar",
                    "--out", str(blank))  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = _flat(pdf_text(blank, layout=False))
    assert "استمارة الموافقة" in text and "000002" not in text and BLANK in text
    assert "None" not in text
