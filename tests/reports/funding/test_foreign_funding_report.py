"""The declaration of a foreign receipt to the SGG (`report foreign-funding --id N`): Arabic by
default, French on request; the donor and its country, the amount in euros and in dirhams with
the rate, the day received, the purpose, the bank's account and the deadline are the tranche's
and the declaration's, as the services record them; the president signs; one page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.funding.foreign_declaration import (
    ForeignReceipt,
    foreign_receipt,
    recent_declarations,
)
from nassij_desktop.core.funding.services import list_funding_requests, list_tranches
from nassij_desktop.core.governance.history import board_member_on
from nassij_desktop.i18n.formatting import format_amount, format_date
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database
from tests.conftest import Nassij
from tests.reports.conftest import Word

SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " "})
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)
SIGN_IN = {"NASSIJ_USER": "admin", "NASSIJ_USER_PASSWORD": "demo-password"}
TITLE = {"ar": "التصريح بتلقي تمويل أجنبي", "fr": "Déclaration d'un financement étranger"}
COUNTRY = {"ar": "الاتحاد الأوروبي", "fr": "Union européenne"}


def _has(text: str, phrase: str) -> bool:
    flat = re.sub(r"\s+", " ", text.translate(SPACES))
    phrase = re.sub(r"\s+", " ", phrase.translate(SPACES))
    return re.search(rf"(?<!\S){re.escape(phrase)}(?!\S)", flat) is not None


def _receipts(database: Database) -> list[ForeignReceipt]:
    with database.session() as session:
        return [
            foreign_receipt(session, VIEWER, c.id) for c in recent_declarations(session, VIEWER)
        ]


def test_every_foreign_receipt_has_its_declaration_with_the_tranche_s_figures(
    funding_demo: Database,
) -> None:
    receipts = _receipts(funding_demo)
    assert len(receipts) >= 2
    assert any(r.declared_on is None for r in receipts)  # the latest: still to declare
    assert any(r.declared_on is not None for r in receipts)
    with funding_demo.session() as session:
        foreign = [r for r in list_funding_requests(session, VIEWER) if r.currency == "EUR"]
        tranches = {
            (t.received_on, t.amount_received): t
            for request in foreign
            for t in list_tranches(session, VIEWER, request.id)
            if t.received
        }
    for receipt in receipts:
        tranche = tranches[(receipt.received_on, receipt.amount)]
        assert (receipt.amount_mad, receipt.exchange_rate) == (
            tranche.amount_mad,
            tranche.exchange_rate,
        )
        assert receipt.due_on == tranche.declaration_due_on
        assert receipt.currency == "EUR" and receipt.donor_country == "EU"


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_declaration_says_the_receipt_on_one_page(
    funding_demo: Database,
    tmp_path: Path,
    lang: str,
    pdf_text: Callable[..., str],
    pdf_page_count: Callable[[Path], int],
) -> None:
    for receipt in _receipts(funding_demo):
        out = tmp_path / f"sgg-{receipt.declaration_id}-{lang}.pdf"
        with funding_demo.session() as session:
            request = ReportRequest(lang=lang, out=out, record_id=receipt.declaration_id)  # type: ignore[arg-type]
            produce_report(session, VIEWER, "foreign-funding", request)
            association = get_association(session)
            president = board_member_on(session, clock.today(), "president")
        assert pdf_page_count(out) == 1
        text = pdf_text(out, layout=False)
        assert set(TITLE[lang].split()) <= set(text.split())
        for phrase in (
            receipt.donor(lang),
            COUNTRY[lang],
            f"{format_amount(receipt.amount, lang)} EUR",
            f"{format_amount(receipt.amount_mad, lang)} MAD",
            f"{receipt.exchange_rate:.4f}".replace(".", ","),
            receipt.purpose,
            association.receipt_number or "",
            association.rib or "",
        ):
            assert _has(text, phrase), (lang, phrase)
        # A long date in Arabic: poppler sets the day's digits apart from the month's
        # letters ("3دجنبر"), so its words are looked for one by one.
        words = set(re.sub(r"(\d)(?=[^\d\s.,/])", r"\1 ", text.translate(SPACES)).split())
        for day in (receipt.received_on, receipt.due_on):
            assert set(format_date(day, lang, "long").split()) <= words, (lang, day)
        if receipt.declared_reference:
            assert _has(text, receipt.declared_reference)
        assert president is not None and _has(text, president.person.name(lang))


def test_arabic_by_default_french_on_request(
    demo_copy: Path, nassij: Nassij, tmp_path: Path, pdf_text: Callable[..., str]
) -> None:
    default = tmp_path / "default.pdf"
    result = nassij("--db", str(demo_copy), "report", "foreign-funding", "--out", str(default),
                    env=SIGN_IN)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert set(TITLE["ar"].split()) <= set(pdf_text(default, layout=False).split())
    french = tmp_path / "french.pdf"
    result = nassij("--db", str(demo_copy), "report", "foreign-funding", "--lang", "fr",
                    "--out", str(french), env=SIGN_IN)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert set(TITLE["fr"].split()) <= set(pdf_text(french, layout=False).split())


def test_the_arabic_title_reads_in_order(
    funding_demo: Database, tmp_path: Path, pdf_lines: Callable[..., list[list[Word]]]
) -> None:
    out = tmp_path / "sgg-ar.pdf"
    with funding_demo.session() as session:
        produce_report(session, VIEWER, "foreign-funding", ReportRequest(lang="ar", out=out))
    line = next(
        ln for ln in pdf_lines(out, 1) if any(w.logical == TITLE["ar"].split()[0] for w in ln)
    )
    assert [w.logical for w in sorted(line, key=lambda w: -w.x_min)] == TITLE["ar"].split()
