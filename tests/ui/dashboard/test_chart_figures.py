"""The dashboard charts' figures read as the rest of the application writes them: Latin
digits grouped by three as the language groups them, the value axis at round values."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QGraphicsTextItem, QWidget

from nassij_desktop.i18n.formatting import SHORT_MONTH_NAMES, format_number, plain_text
from nassij_desktop.ui.dashboard.charts import Bars, bar_chart, nice_axis, number_locale

pytestmark = [pytest.mark.gui]


def drawn_texts(qtbot, lang: str, bars: list[Bars], *, labels: bool) -> list[str]:
    """The texts the chart's scene draws (axis labels, the figures over the bars, titles)."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(920, 300)
    categories = list(SHORT_MONTH_NAMES[lang])[: len(bars[0].values)]
    view = bar_chart("chart", "Chart", categories, bars, parent, lang=lang, labels=labels)
    view.resize(900, 280)
    parent.show()
    qtbot.waitExposed(parent)

    def texts() -> list[str]:
        # The chart's labels are rich text: their plain text gives the narrow no-break space
        # of a French group as a space.
        # PySide6 6.11 hands some of them out as plain QGraphicsItem (Qt Charts' own label
        # classes): their QObject side tells what they are.
        items = (i.toGraphicsObject() or i for i in view.scene().items())
        return [
            i.toPlainText().replace(" ", "\u202f")
            for i in items
            if isinstance(i, QGraphicsTextItem)
        ]

    qtbot.waitUntil(lambda: "0" in texts(), timeout=3000)
    return texts()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", ["0", *(f"{n}00\u202f000" for n in range(1, 6))]),
        ("ar", ["0", "100.000", "200.000", "300.000", "400.000", "500.000"]),
    ],
)
def test_the_value_axis_reads_grouped_round_figures(qtbot, lang: str, expected: list[str]) -> None:
    bars = [Bars("Income", [12_000, 460_000, 35_000]), Bars("Expenses", [1_000, 300_000, 0])]
    texts = drawn_texts(qtbot, lang, bars, labels=False)
    figures = [t for t in texts if t and t[0].isdigit()]
    assert sorted(figures) == sorted(expected)
    assert [format_number(n, lang) for n in range(0, 500_001, 100_000)] == expected
    assert all(c in "0123456789.\u202f" for t in figures for c in t), "Latin digits only"


@pytest.mark.parametrize(("lang", "figure"), [("fr", "45\u202f000"), ("ar", "45.000")])
def test_the_figures_over_the_bars_are_grouped(qtbot, lang: str, figure: str) -> None:
    texts = drawn_texts(qtbot, lang, [Bars("Dues", [45_000, 62_000])], labels=True)
    assert figure in texts and format_number(62_000, lang) in texts
    assert "45000" not in texts


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_chart_locale_writes_numbers_as_format_number(lang: str) -> None:
    locale = number_locale(lang)
    for value in (0, 7, 999, 1_000, 12_500, 400_000, 1_234_567, 20_000_000):
        assert plain_text(locale.toString(float(value), "f", 0)) == format_number(value, lang)


@pytest.mark.parametrize(
    ("top", "axis"),
    [
        (0, (1.0, 2)),
        (1, (1.0, 2)),
        (1.15, (2.0, 3)),  # one member: 0, 1, 2 — never 0.5
        (7, (8.0, 5)),
        (12, (15.0, 4)),
        (95, (100.0, 6)),
        (460_000, (500_000.0, 6)),
        (529_000, (600_000.0, 4)),
        (400_000, (400_000.0, 5)),
        (3_300_000, (4_000_000.0, 5)),
    ],
)
def test_the_value_axis_stops_at_round_values(top: float, axis: tuple[float, int]) -> None:
    maximum, ticks = axis
    assert nice_axis(top) == axis
    step = maximum / (ticks - 1)
    assert step == int(step) and str(int(step)).strip("0") in {"1", "2", "5"}
