"""The layout files: every shipped model reads, takes every account of the chart, and a file
dropped in its place changes the statement without a change of code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nassij_desktop import paths
from nassij_desktop.core.books.chart import read_chart
from nassij_desktop.core.books.layouts import (
    LayoutError,
    LayoutStatement,
    LineKind,
    StatementModel,
    parse_layout,
    read_layout,
)
from nassij_desktop.core.books.statements.selection import period_balances, resolve_year
from nassij_desktop.core.books.statements.synthesis import build_statement
from nassij_desktop.storage import Database
from tests.core.books.statement_books import D, post_two_years

HEADER = "code,kind,side,accounts,formula,label_ar,label_fr\n"


@pytest.mark.parametrize("model", list(StatementModel))
def test_every_account_of_the_chart_has_its_line(model: StatementModel) -> None:
    cpc = read_layout(model, LayoutStatement.CPC)
    bilan = read_layout(model, LayoutStatement.BILAN)
    for row in read_chart():
        if row.account_class in (6, 7):
            assert cpc.line_of(row.number) is not None, row.number
        elif 1 <= row.account_class <= 5:
            assert bilan.line_of(row.number) is not None, row.number
    assert bilan.token_line("@result") is not None
    assert bilan.token_line("@prior_result") is not None
    for layout in (cpc, bilan):
        assert all(line.label_ar and line.label_fr for line in layout.lines)
        assert layout.lines[-1].kind is LineKind.TOTAL


def test_longest_prefix_wins() -> None:
    layout = read_layout(StatementModel.NORMAL, LayoutStatement.CPC)
    assert [layout.line_of(n) for n in ("7186", "7188", "713", "6193", "6131", "6999")] == [
        "I3",
        "I6",
        "I6",
        "II7",
        "II3",
        "II6",
    ]
    bilan = read_layout(StatementModel.NORMAL, LayoutStatement.BILAN)
    assert [bilan.line_of(n) for n in ("2835", "5141", "5541", "1181", "1319")] == [
        "AI3",
        "AT1",
        "PT1",
        "PF5",
        "PF7",
    ]


def test_a_layout_dropped_in_changes_the_statement(database: Database, tmp_path: Path) -> None:
    folder = tmp_path / "statements"
    shutil.copytree(paths.resource("statements"), folder)
    (folder / "simplified" / "cpc.csv").write_text(
        HEADER
        + "P,line,credit,7,,العائدات,Produits\n"
        + "C,line,debit,6,,التكاليف,Charges\n"
        + "R,total,,,P-C,النتيجة,Résultat\n",
        encoding="utf-8",
    )
    layout = read_layout(StatementModel.SIMPLIFIED, LayoutStatement.CPC, folder)
    with database.transaction() as session:
        post_two_years(session)
    with database.session() as session:
        period = resolve_year(session, 2025)
        previous = resolve_year(session, 2024)
        statement = build_statement(layout, *period_balances(session, period, previous))
    assert [(ln.code, ln.current, ln.previous) for ln in statement.lines] == [
        ("P", D("3950"), D("21500")),
        ("C", D("2450"), D("6000")),
        ("R", D("1500"), D("15500")),
    ]


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ("A,line,debit,5,,أ,A\nA,line,debit,4,,ب,B\n", "used twice"),
        ("A,line,,5,,أ,A\n", "needs a side"),
        ("A,line,debit,5x,,أ,A\n", "not an account prefix: 5x"),
        ("T,total,,,A+B,أ,A\n", "not above it: A B"),
        ("A,line,debit,5,,أ,A\nB,line,credit,5,,ب,B\n", "5 feeds both A and B"),
        ("A,line,debit,@result,,أ,A\nB,line,credit,@result,,ب,B\n", "@result feeds both"),
        ("A,sum,debit,5,,أ,A\n", "unreadable row"),
    ],
)
def test_a_broken_layout_is_refused_with_its_line(tmp_path: Path, rows: str, reason: str) -> None:
    path = tmp_path / "cpc.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(LayoutError, match=reason) as error:
        parse_layout(path, StatementModel.NORMAL, LayoutStatement.CPC)
    assert str(path) in str(error.value)
