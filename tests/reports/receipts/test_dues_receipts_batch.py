"""The receipts of a bulk dues run in one PDF, read back: one page per member, in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.output_files import OutputPathRefused
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.bulk_dues import BulkDuesResult, record_dues_bulk
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.core.members.services import MemberData, register_members
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.amount_words import amount_in_words
from nassij_desktop.reports.receipts.dues_receipts_batch import dues_receipts_batch
from nassij_desktop.storage import Database

DAY = dt.date(2026, 11, 2)
VOLUNTEER = Actor(user_id=None, login="benevole", role=Role.VOLUNTEER)
PEOPLE = [
    ("سعاد", "الناصري", "Souad", "Nassiri"),
    ("أحمد", "بن علي", "Ahmed", "Benali"),
    ("", "", "Claire", "Martin"),
]


@pytest.fixture
def run(database: Database) -> BulkDuesResult:
    with database.transaction() as session:
        register_members(
            session,
            CLI_ACTOR,
            [
                MemberData(
                    first_name_ar=a or None,
                    last_name_ar=b or None,
                    first_name_lat=c,
                    last_name_lat=d,
                    join_date=dt.date(2025, 1, 1),
                )
                for a, b, c, d in PEOPLE
            ],
        )
        return record_dues_bulk(
            session, CLI_ACTOR, 2026, paid_on=DAY, method=PaymentMethod.CASH, category="active"
        )


def _squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_one_receipt_per_member_page_by_page(
    lang: str,
    database: Database,
    run: BulkDuesResult,
    tmp_path: Path,
    pdf_text: Callable,
    pdf_page_count: Callable,
    render_png: Callable,
) -> None:
    out = tmp_path / f"receipts-{lang}.pdf"
    with database.session() as session:
        result = dues_receipts_batch(session, CLI_ACTOR, run.payment_ids, lang, out)
    assert result.path == out.resolve() and result.pages == 3
    assert pdf_page_count(out) == 3
    names = (
        ["سعاد الناصري", "أحمد بن علي", "Claire Martin"]
        if lang == "ar"
        else ["Souad Nassiri", "Ahmed Benali", "Claire Martin"]
    )
    words = _squeeze(amount_in_words(Decimal("100"), lang))
    for page, (dues, name) in enumerate(zip(run.recorded, names, strict=True), start=1):
        text = pdf_text(out, page)
        # The receipt and its stub both carry the number; another page's shows only in the
        # footer's "receipts … to …" (the first and the last).
        ends = {run.recorded[0].receipt_number, run.recorded[-1].receipt_number}
        assert text.count(dues.receipt_number) >= 2 + (dues.receipt_number in ends), text
        for other in (d.receipt_number for d in run.recorded if d is not dues):
            assert text.count(other) == (other in ends), other
        assert name in text  # Arabic names read in logical order
        assert words in _squeeze(text)
        assert _squeeze(translate_in(lang, "Dues for the year {year}").format(year=2026)) in (
            _squeeze(text)
        )
    if lang == "ar":
        assert "مائة درهم" in pdf_text(out, 1)
    shots = Path("/tmp/shots/bulk-dues")
    shots.mkdir(parents=True, exist_ok=True)
    for page in (1, 3):
        render_png(out, page, shots / f"receipts-{lang}-{page}.png")


def test_the_batch_is_refused_to_a_volunteer_and_over_the_open_file(
    database: Database, run: BulkDuesResult, tmp_path: Path
) -> None:
    with database.session() as session:
        with pytest.raises(PermissionDenied):
            dues_receipts_batch(session, VOLUNTEER, run.payment_ids, "fr", tmp_path / "r.pdf")
        with pytest.raises(OutputPathRefused):
            dues_receipts_batch(session, CLI_ACTOR, run.payment_ids, "fr", database.path)
