"""The financial report of an agreement (`report agreement --id N`) agrees with the books: its
received and spent are those the account of the use of public aid finds year by year for the
funder and the agreement, its received those of the tranches, each budget line's actual the
sum of the expenses the treasurer labelled with that line; and the paper says it, with every
voucher, in French and in Arabic (whole words, Arabic in reading order)."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.books.models import Account, FiscalYear
from nassij_desktop.core.books.services import LineSpec, post_entry
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import Conflict, PermissionDenied
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.funding.agreement_account import (
    AgreementAccount,
    _Budgeted,
    agreement_account,
    budget_line_of,
)
from nassij_desktop.core.funding.public_aid import AidVoucher, public_aid_account
from nassij_desktop.core.funding.services import (
    FundingRequestRecord,
    list_funding_requests,
    list_tranches,
)
from nassij_desktop.core.governance.history import board_member_on
from nassij_desktop.i18n.formatting import format_amount
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database, open_database
from tests.reports.conftest import Word
from tests.reports.funding.conftest import DEMO_DAY

SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " "})
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)


def _agreements(database: Database) -> list[FundingRequestRecord]:
    with database.session() as session:
        return [r for r in list_funding_requests(session, VIEWER) if r.agreement_number]


def _from_public_aid(
    database: Database, request: FundingRequestRecord
) -> tuple[list[AidVoucher], list[AidVoucher]]:
    """The agreement's lines as the account of the use of public aid reads them, year by
    year (the funder asked for by id, public or foreign)."""
    received: list[AidVoucher] = []
    spent: list[AidVoucher] = []
    with database.session() as session:
        years = session.scalars(sa.select(FiscalYear.label).order_by(FiscalYear.starts_on))
        for year in list(years):
            account = public_aid_account(session, VIEWER, year, funder_id=request.funder_id)
            for agreement in account.agreements:
                if agreement.agreement_number == request.agreement_number:
                    received += agreement.received
                    spent += agreement.spent
    return received, spent


def _account(database: Database, request_id: int) -> AgreementAccount:
    with database.session() as session:
        return agreement_account(session, VIEWER, request_id)


def _total(vouchers: list[AidVoucher]) -> Decimal:
    return sum((v.amount for v in vouchers), ZERO)


def test_the_demo_has_agreements_with_money_received_and_spent(funding_demo: Database) -> None:
    accounts = [_account(funding_demo, r.id) for r in _agreements(funding_demo)]
    assert len(accounts) >= 3
    assert any(a.currency != "MAD" and a.total_spent for a in accounts)  # the EU's, in euros
    assert any(a.currency == "MAD" and a.total_spent for a in accounts)


def test_received_and_spent_are_the_books(funding_demo: Database) -> None:
    for request in _agreements(funding_demo):
        account = _account(funding_demo, request.id)
        received, spent = _from_public_aid(funding_demo, request)
        assert account.total_received == _total(received), request.agreement_number
        assert account.total_spent == _total(spent), request.agreement_number
        assert account.balance == _total(received) - _total(spent)
        assert sorted(v.reference or "" for line in account.lines for v in line.vouchers) == (
            sorted(v.reference or "" for v in spent)
        )
        with funding_demo.session() as session:
            tranches = list_tranches(session, VIEWER, request.id)
        assert account.total_received == sum((t.amount_mad or ZERO for t in tranches), ZERO)


def test_each_budget_line_gets_the_expenses_labelled_with_it(funding_demo: Database) -> None:
    """The demo's treasurer labels each expense "<budget line> — <project>"; two lines of the
    sewing workshop's budget share account 6122 and still get each their own."""
    shared = 0
    for request in _agreements(funding_demo):
        account = _account(funding_demo, request.id)
        _received, spent = _from_public_aid(funding_demo, request)
        by_label: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for voucher in spent:
            by_label[voucher.label.rsplit(" — ", 1)[0]] += voucher.amount
        budget = [line for line in account.lines if line.position is not None]
        assert {line.label: line.actual for line in budget if line.actual} == dict(by_label)
        accounts = [line.account for line in budget]
        shared += sum(1 for line in budget if accounts.count(line.account) > 1 and line.actual)
        for line in budget:
            if account.currency == "MAD":
                assert line.budget_mad == line.budget
    assert shared >= 2


def test_attribution_by_account_then_label() -> None:
    budget = [
        _Budgeted(1, "Machines", "6122"),
        _Budgeted(2, "Tissus et fils", "6122"),
        _Budgeted(3, "Formatrice", "613"),
        _Budgeted(4, "Honoraires d'avocat", "6136"),
        _Budgeted(5, "Divers", None),
    ]
    assert budget_line_of("6122", "Tissus et fils — PRJ", budget) == 2
    assert budget_line_of("6122", "Achat de fournitures", budget) == 1  # the first of 6122
    assert budget_line_of("61221", "Machines — PRJ", budget) == 1  # a sub-account
    assert budget_line_of("6133", "Formatrice — PRJ", budget) == 3
    assert budget_line_of("6136", "Formatrice", budget) == 4  # the longest account wins
    assert budget_line_of("6171", "Divers — PRJ", budget) == 5  # no account: by its label
    assert budget_line_of("6171", "Salaires", budget) is None  # outside the budget


def test_a_request_without_agreement_and_a_reader_without_the_books_are_refused(
    funding_demo: Database,
) -> None:
    with funding_demo.session() as session:
        pending = [r for r in list_funding_requests(session, VIEWER) if not r.agreement_number]
        assert pending
        with pytest.raises(Conflict):
            agreement_account(session, VIEWER, pending[0].id)
        volunteer = Actor(user_id=None, login="benevole", role=Role.VOLUNTEER)
        with pytest.raises(PermissionDenied):
            agreement_account(session, volunteer, _agreements(funding_demo)[0].id)


def _document(database: Database, request_id: int, lang: str, out: Path) -> None:
    with database.session() as session:
        produce_report(
            session,
            VIEWER,
            "agreement",
            ReportRequest(lang=lang, out=out, record_id=request_id),  # type: ignore[arg-type]
        )


def _words(text: str) -> set[str]:
    return set(text.translate(SPACES).split())


def _has(text: str, phrase: str) -> bool:
    """`phrase` in `text` as whole words (spaces of every width made one)."""
    flat = re.sub(r"\s+", " ", text.translate(SPACES))
    phrase = re.sub(r"\s+", " ", phrase.translate(SPACES))
    return re.search(rf"(?<!\S){re.escape(phrase)}(?!\S)", flat) is not None


def _euro_request(database: Database) -> FundingRequestRecord:
    return next(r for r in _agreements(database) if r.currency == "EUR" and r.received_mad)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_paper_gives_the_figures_of_the_books_and_every_voucher(
    funding_demo: Database, tmp_path: Path, lang: str, pdf_text: Callable[..., str]
) -> None:
    for request in (_euro_request(funding_demo), _agreements(funding_demo)[-1]):
        account = _account(funding_demo, request.id)
        out = tmp_path / f"agreement-{request.id}-{lang}.pdf"
        _document(funding_demo, request.id, lang, out)
        text = pdf_text(out, layout=False)
        assert _has(text, request.agreement_number or "")
        for figure in (account.total_received, account.total_spent, account.balance):
            assert _has(text, format_amount(figure, lang)), (lang, figure)
        # The co-funding: the project's cost less what this funder is asked for.
        assert account.co_funding == account.total_cost - account.total_budget
        if account.co_funding:
            for figure in (account.total_cost, account.co_funding):
                assert _has(text, format_amount(figure, lang)), (lang, figure)
        for line in account.lines:
            assert _has(text, format_amount(line.actual, lang)), line.label
            for voucher in line.vouchers:
                assert _has(text, voucher.reference or ""), voucher
                assert voucher.reference and re.fullmatch(r"PJ-\d{4}-\d{4}", voucher.reference)
        words = _words(text)
        title = {"fr": "Rapport financier de la convention de partenariat",
                 "ar": "التقرير المالي لاتفاقية الشراكة"}[lang]  # fmt: skip
        assert set(title.split()) <= words
        with funding_demo.session() as session:
            for role in ("president", "treasurer"):
                seat = board_member_on(session, clock.today(), role)  # signed today
                assert seat is not None
                assert _has(text, seat.person.name(lang)), role
                assert _has(text, seat.title(lang)), role


def test_the_arabic_title_reads_in_order(
    funding_demo: Database, tmp_path: Path, pdf_lines: Callable[..., list[list[Word]]]
) -> None:
    request = _euro_request(funding_demo)
    out = tmp_path / "agreement-ar.pdf"
    _document(funding_demo, request.id, "ar", out)
    title = "التقرير المالي لاتفاقية الشراكة"
    lines = pdf_lines(out, 1)
    line = next(ln for ln in lines if any(w.logical == title.split()[0] for w in ln))
    # Right to left: the first word of the title is the rightmost.
    assert [w.logical for w in sorted(line, key=lambda w: -w.x_min)] == title.split()


def test_an_expense_on_an_account_outside_the_budget_is_shown_apart(
    demo_copy: Path, tmp_path: Path, pdf_text: Callable[..., str]
) -> None:
    """A draft does not count; once validated, an expense under the agreement on an account
    no budget line names is counted, under "outside the budget lines", with its voucher."""
    database = open_database(demo_copy, backup_dir=tmp_path)
    try:
        request = _euro_request(database)
        before = _account(database, request.id)
        budgeted = {line.account for line in before.lines}
        with database.transaction() as session:
            account = session.scalars(
                sa.select(Account.number)
                .where(Account.number.like("61%"), Account.number.not_in(budgeted))
                .where(sa.func.length(Account.number) == 4)
                .order_by(Account.number)
            ).first()
            assert account is not None
            tags = {
                "funder_id": request.funder_id,
                "agreement_number": request.agreement_number,
                "agreement_date": request.agreement_date,
            }
            for reference, draft in (("PJ-2026-9998", True), ("PJ-2026-9999", False)):
                post_entry(
                    session,
                    CLI_ACTOR,
                    journal="BQ",
                    entry_date=DEMO_DAY - dt.timedelta(days=3),
                    label="Frais imprévus",
                    reference=reference,
                    draft=draft,
                    lines=[
                        LineSpec(account, debit=Decimal("750"), **tags),  # type: ignore[arg-type]
                        LineSpec("5141", credit=Decimal("750")),
                    ],
                )
        after = _account(database, request.id)
        outside = after.lines[-1]
        assert outside.position is None and outside.actual == Decimal("750.00")
        assert [v.reference for v in outside.vouchers] == ["PJ-2026-9999"]
        assert after.total_spent == before.total_spent + Decimal("750.00")
        out = tmp_path / "agreement-fr.pdf"
        with database.session() as session:
            produce_report(
                session, VIEWER, "agreement",
                ReportRequest(lang="fr", out=out, record_id=request.id),
            )  # fmt: skip
        text = pdf_text(out, layout=False)
        assert _has(text, "Hors lignes budgétaires")
        assert _has(text, "PJ-2026-9999") and not _has(text, "PJ-2026-9998")
    finally:
        database.close()
