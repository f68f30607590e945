"""The account of the use of public aid says which vouchers have their scan in the file:
"attached" on the line of FAC-118 once its scan is attached, on no other line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from nassij_desktop.core.books.models import JournalEntry
from nassij_desktop.core.books.vouchers import attach_voucher
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.funding.public_aid import public_aid_account
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database
from tests.core.books.voucher_files import pdf_bytes
from tests.reports.books.aid_books import post_aid_year

VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)


def _line_with(text: str, word: str) -> str:
    return next(line for line in text.splitlines() if word in line)


def test_the_lines_with_a_scanned_voucher_say_so(
    database: Database, tmp_path: Path, pdf_text: Callable[..., str]
) -> None:
    post_aid_year(database)
    with database.transaction() as session:
        invoice = session.scalars(
            sa.select(JournalEntry.id).where(JournalEntry.reference == "FAC-118")
        ).one()
        attach_voucher(session, CLI_ACTOR, invoice, pdf_bytes(1), "FAC-118.pdf")
    with database.session() as session:
        account = public_aid_account(session, VIEWER, 2025)
        (agreement,) = account.agreements
        assert [v.scanned for v in agreement.received] == [False]
        assert [v.scanned for v in agreement.spent] == [True]
        for lang, word in (("fr", "joint"), ("ar", "مرفق")):
            out = tmp_path / f"aid-{lang}.pdf"
            produce_report(
                session, VIEWER, "public-aid", ReportRequest(lang=lang, out=out, year=2025)
            )
            text = re.sub(r"[ \t]+", " ", pdf_text(out))
            assert word in _line_with(text, "FAC-118"), lang
            assert word not in _line_with(text, "VIR-1"), lang
