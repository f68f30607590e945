"""The books' documents read back with pdftotext, on the hand-computed years of
tests/core/books/statement_books.py: every figure printed is the statements' figure, the
financial report agrees with the trial balance, Arabic words come out whole and in logical
order, and a table that runs over several pages repeats its header."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from nassij_desktop.core.books.budgets import set_budget
from nassij_desktop.core.books.services import LineSpec, post_entry
from nassij_desktop.core.books.statements import StatementKind, statement_rows, trial_balance
from nassij_desktop.core.books.years import close_year
from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.i18n.formatting import format_amount
from nassij_desktop.reports.kinds import produce_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database
from tests.core.books.statement_books import D, post, post_two_years

VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)
VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)
SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " "})


@pytest.fixture
def books(database: Database) -> Database:
    with database.transaction() as session:
        post_two_years(session)
        set_budget(session, CLI_ACTOR, 2025, {"6125": D("1000"), "7186": D("1200")})
    return database


def _produce(
    books: Database, kind: str, tmp_path: Path, lang: str = "fr", **options: object
) -> Path:
    out = tmp_path / f"{kind}-{lang}.pdf"
    with books.session() as session:
        produce_report(session, VIEWER, kind, ReportRequest(lang=lang, out=out, **options))  # type: ignore[arg-type]
    return out


def _plain(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text.translate(SPACES))


def _fr(value: Decimal) -> str:
    return format_amount(value, "fr").translate(SPACES)


def _line_with(text: str, label: str) -> str:
    return next(line for line in text.splitlines() if label in line)


def test_financial_report_agrees_with_the_trial_balance_and_the_statements(
    books: Database, tmp_path: Path, pdf_text: Callable[..., str]
) -> None:
    path = _produce(books, "financial", tmp_path, year=2025, comment="Une année calme.")
    text = _plain(pdf_text(path))
    with books.session() as session:
        balance = trial_balance(session, VIEWER, 2025)
        cpc = statement_rows(session, VIEWER, StatementKind.CPC, 2025)
        bilan = statement_rows(session, VIEWER, StatementKind.BILAN, 2025)
    # The year's result from the trial balance's own rows: income less charges.
    moved = {r.account: r.current.credit - r.current.debit for r in balance.rows}
    result = sum((v for a, v in moved.items() if a[:1] in "67"), Decimal("0.00"))
    assert result == D("1500")
    result_line = _line_with(text, "Résultat net")
    assert _fr(result) in result_line and _fr(D("15500")) in result_line  # 2024 beside it
    # The trial balance's totals are printed, and the bilan's totals are the statement's.
    assert _fr(balance.total.debit) in _line_with(text, "Total des débits")
    assert _fr(balance.total.closing_debit) in _line_with(text, "Soldes débiteurs de clôture")
    for row in bilan.totals:
        if row.code in ("TA", "TP"):
            assert _fr(row.values[2]) in _line_with(text, row.label_fr), row.code
    for row in cpc.rows:
        if row.level.value == "line" and row.values[0]:
            assert _fr(row.values[0]) in _line_with(text, row.label_fr), row.code
    assert "Une année calme." in text
    # ETIC: dues and donations of the year; budget vs actual with its variance.
    assert _fr(D("900")) in _line_with(text, "7186")
    assert _fr(D("3000")) in _line_with(text, "7187")
    budget_line = _line_with(text, " 6125 ")
    assert all(_fr(D(v)) in budget_line for v in ("1000", "700", "-300"))


def test_a_report_of_a_year_not_closed_says_it_is_provisional(
    books: Database, tmp_path: Path, pdf_text: Callable[..., str]
) -> None:
    # Printed before the closing, the report must not pass for the final one; once the year
    # is closed, it no longer says so.
    before = _plain(pdf_text(_produce(books, "financial", tmp_path, year=2024)))
    assert "Provisoire : l'exercice 2024 n'est pas clôturé" in before
    assert "Non clôturés" in _line_with(before, "État des comptes")
    with books.transaction() as session:
        close_year(session, CLI_ACTOR, 2024)
    after = _plain(pdf_text(_produce(books, "financial", tmp_path, year=2024)))
    assert "Provisoire" not in after and "Clôturés : chiffres définitifs" in _line_with(
        after, "État des comptes"
    )
    arabic = pdf_text(_produce(books, "financial", tmp_path, lang="ar", year=2025), layout=False)
    assert "مؤقت" in arabic and "لم تُقفَل بعد" in arabic


def test_financial_report_in_arabic_reads_in_logical_order(
    books: Database,
    tmp_path: Path,
    pdf_text: Callable[..., str],
    pdf_words: Callable[[Path, int], list],
) -> None:
    path = _produce(books, "financial", tmp_path, lang="ar", year=2025)
    words = {word.logical for word in pdf_words(path, 1)}
    assert {"التقرير", "المالي", "السنوي"} <= words
    text = pdf_text(path, layout=False)
    assert format_amount(D("1500"), "ar") in text  # 1.500,00: Latin digits, Arabic grouping
    assert "حرر في تيزنيت" in text  # the seat's city in Arabic, not "Tiznit"


def test_trial_balance_prints_every_account_and_figure(
    books: Database, tmp_path: Path, pdf_text: Callable[..., str]
) -> None:
    path = _produce(books, "trial-balance", tmp_path, year=2025)
    text = _plain(pdf_text(path))
    with books.session() as session:
        balance = trial_balance(session, VIEWER, 2025)
    for row in balance.rows:
        line = _line_with(text, f" {row.account} ")
        figures = (row.current.closing_debit, row.current.closing_credit)
        assert all(_fr(v) in line for v in figures if v), row.account
    total = _line_with(text, "Total")
    assert _fr(balance.total.debit) in total and _fr(balance.total.closing_debit) in total


def test_a_long_ledger_and_journal_repeat_their_header_on_every_page(
    books: Database,
    tmp_path: Path,
    pdf_text: Callable[..., str],
    pdf_page_count: Callable[[Path], int],
) -> None:
    with books.transaction() as session:
        for day in range(1, 29):
            for month in range(1, 13):
                post(
                    session,
                    "CA",
                    f"2025-{month:02d}-{day:02d}",
                    f"Ticket {month}-{day}",
                    ("6125", "1.5", "D"),
                    ("5161", "1.5", "C"),
                )
    for kind in ("ledger", "journal"):
        path = _produce(books, kind, tmp_path, year=2025)
        pages = pdf_page_count(path)
        assert pages >= 3, kind
        for page in range(1, pages + 1):
            header = _plain(pdf_text(path, page))
            assert re.search(r"Date .*Débit .*Crédit", header), (kind, page)
    ledger = _plain(pdf_text(_produce(books, "ledger", tmp_path, year=2025, account="6125")))
    # 336 tickets of 1,50 and the 700,00 of supplies.
    assert _fr(D("1204")) in _line_with(ledger, "Totaux et solde de clôture du compte 6125")
    assert "5161" not in ledger


def test_public_aid_account_lists_each_agreement_with_its_vouchers(
    database: Database, tmp_path: Path, pdf_text: Callable[..., str]
) -> None:
    from tests.reports.books.aid_books import post_aid_year

    funder_id = post_aid_year(database)
    path = _produce(database, "public-aid", tmp_path, year=2025)
    text = _plain(pdf_text(path))
    assert "CONV-2025-7" in text and "15 mars 2026" in text
    assert _fr(D("50000")) in _line_with(text, "VIR-1")
    assert "FAC-118" in text and _fr(D("12000")) in text
    summary = _line_with(text, "CONV-2025-7")
    assert all(_fr(D(v)) in summary for v in ("50000", "12000", "38000"))
    # A foreign funder's grant is not public aid; asked for by id, it is shown.
    assert "Foundation" not in text
    alone = _plain(
        pdf_text(_produce(database, "public-aid", tmp_path, year=2025, funder=str(funder_id)))
    )
    assert "CONV-2025-7" in alone
    by_acronym = _plain(
        pdf_text(_produce(database, "public-aid", tmp_path, year=2025, funder="mj"))
    )
    assert "CONV-2025-7" in by_acronym
    # The next year starts from what was left: 38 000,00 brought forward, 2 000,00 spent.
    with database.transaction() as session:
        post_entry(
            session,
            CLI_ACTOR,
            journal="BQ",
            entry_date=dt.date(2026, 1, 20),
            label="Goûter",
            reference="FAC-201",
            lines=[
                LineSpec(
                    "6125", debit=D("2000"), funder_id=funder_id, agreement_number="CONV-2025-7"
                ),
                LineSpec("5141", credit=D("2000")),
            ],
        )
    next_year = _plain(pdf_text(_produce(database, "public-aid", tmp_path, year=2026)))
    summary = _line_with(next_year, "CONV-2025-7")
    assert all(_fr(D(v)) in summary for v in ("38000", "2000", "36000")), summary


def test_refusals(books: Database, tmp_path: Path) -> None:
    out = tmp_path / "refused.pdf"
    with books.session() as session:
        with pytest.raises(PermissionDenied):
            produce_report(session, VOLUNTEER, "financial", ReportRequest(lang="fr", out=out))
        with pytest.raises(ValidationError):
            produce_report(
                session,
                VIEWER,
                "ledger",
                ReportRequest(lang="fr", out=out, year=2025, account="99"),
            )
        with pytest.raises(ValidationError):
            produce_report(
                session, VIEWER, "public-aid", ReportRequest(lang="fr", out=out, funder="nobody")
            )
    assert not out.exists()
