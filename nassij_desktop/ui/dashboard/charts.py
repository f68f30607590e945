"""The dashboard's charts (QtCharts): members by status, the year's dues collected against
expected, income and expenses by month of the current fiscal year, beneficiaries by month.

The dashboard imports this module only after its first paint: QtCharts is a start-up cost the
first window does not pay. Each figure comes from a core read service counted in SQL, and only
for who may read its domain (a volunteer sees no books). Colours come from the application's
palette (its highlight, and the opposite hue for a second series; text and grid in the
palette's text colours). In Arabic the month axis runs right to left and the value axis
stands on the right. The figures on the value axis and over the bars read as the rest of the
application writes them (`i18n.formatting`): Latin digits, as Morocco writes them, grouped by
three as the language does (400.000 in Arabic, 400 000 in French), the axis ticks at round
values (0, 100 000, 200 000…; whole counts for members).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from math import ceil, floor, log10

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QWidget

from nassij_desktop.core.activities.summary import beneficiaries_by_month
from nassij_desktop.core.books.statements.monthly import (
    MonthlyResult,
    income_and_expenses_by_month,
)
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.members.dues import DuesYear, dues_of_year
from nassij_desktop.core.members.models import STATUS_LABELS, MemberStatus
from nassij_desktop.core.members.search import count_members_by_status
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import SHORT_MONTH_NAMES, is_right_to_left
from nassij_desktop.ui.common.context import AppContext

CHART_HEIGHT = 240
TICKS = 5  # at most this many steps up the value axis

# The Qt locale whose figures are those of `i18n.formatting` for each language (Latin digits;
# the group separator of GROUP_SEPARATORS: "." in Arabic as ar_MA, U+202F in French as fr_FR —
# Qt's fr_MA groups with "."); tests/ui/dashboard checks them against `format_number`.
_NUMBER_LOCALES = {
    "ar": (QLocale.Language.Arabic, QLocale.Country.Morocco),
    "fr": (QLocale.Language.French, QLocale.Country.France),
    "en": (QLocale.Language.English, QLocale.Country.UnitedKingdom),
}


def number_locale(lang: str) -> QLocale:
    """The locale a chart writes its figures in (Latin digits, grouped as the language)."""
    language, country = _NUMBER_LOCALES[lang]
    return QLocale(language, country)


def nice_axis(top: float, ticks: int = TICKS) -> tuple[float, int]:
    """The top of a value axis from 0 showing `top`, and its number of tick marks: steps of 1,
    2 or 5 times a power of ten (whole numbers, never below 1), at most `ticks` of them."""
    if top <= 0:
        return 1.0, 2
    rough = top / ticks
    power = 10.0 ** floor(log10(rough))
    step = next((m * power for m in (1, 2, 5, 10) if m * power >= rough and m * power >= 1), 1.0)
    steps = max(1, ceil(round(top / step, 9)))
    return steps * step, steps + 1


@dataclass(frozen=True)
class Figures:
    """What the charts show; None: the actor may not read that domain (no chart)."""

    year: int
    statuses: tuple[tuple[MemberStatus, int], ...] | None
    dues: DuesYear | None
    monthly: MonthlyResult | None
    beneficiaries: tuple[int, ...] | None


def read_figures(context: AppContext, today: dt.date) -> Iterator[Figures]:
    """The figures, one domain at a time, each read in its own session: the caller reads
    one step per turn of the event loop, so the window answers between them (at a hundred
    thousand members a step takes a few tenths of a second). The last one is complete."""
    actor, can = context.actor, context.can
    figures = Figures(today.year, None, None, None, None)
    if can(Permission.MEMBERS_READ):
        with context.database.session() as session:
            counts = count_members_by_status(session, actor)
        statuses = tuple(
            (status, count)
            for status, count in counts.items()
            if count or status is MemberStatus.ACTIVE
        )
        figures = replace(figures, statuses=statuses)
        yield figures
        if can(Permission.DUES_WRITE) or can(Permission.BOOKS_READ):
            with context.database.session() as session:
                figures = replace(figures, dues=dues_of_year(session, actor, today.year))
            yield figures
    if can(Permission.BOOKS_READ):
        with context.database.session() as session:
            figures = replace(figures, monthly=income_and_expenses_by_month(session, actor, today))
        yield figures
    if can(Permission.ACTIVITIES_READ):
        with context.database.session() as session:
            beneficiaries = beneficiaries_by_month(session, actor, today.year)
        figures = replace(figures, beneficiaries=beneficiaries)
    yield figures


def _colours() -> tuple[QColor, QColor, QColor, QColor]:
    """The first and second series' colours, the text's and the grid's."""
    palette = QGuiApplication.palette()
    first = palette.color(QPalette.ColorRole.Highlight)
    hue = first.hsvHue()
    second = QColor.fromHsv(
        (hue + 180) % 360 if hue >= 0 else 30, max(first.hsvSaturation(), 140), first.value()
    )
    text = palette.color(QPalette.ColorRole.WindowText)
    grid = palette.color(QPalette.ColorRole.Mid)
    return first, second, text, grid


@dataclass(frozen=True)
class Bars:
    label: str
    values: Sequence[float]


def bar_chart(
    name: str,
    title: str,
    categories: Sequence[str],
    bars: Sequence[Bars],
    parent: QWidget,
    *,
    lang: str,
    labels: bool = False,
    wide: bool = False,
) -> QChartView:
    """A bar chart in the palette's colours, its categories running in the reading
    direction (right to left in Arabic, the value axis on the right). `wide`: the chart
    takes a whole row (twelve months' names do not fit in half of one)."""
    first, second, text, grid = _colours()
    rtl = is_right_to_left(lang)
    # Qt reverses no bar axis (`setReverse` is for lines and points): in Arabic the
    # categories and their values are given from the last, so the first stands at the right.
    order = slice(None, None, -1) if rtl else slice(None)
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleBrush(text)
    font = chart.titleFont()
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setBackgroundVisible(False)
    chart.setMargins(QMargins(4, 4, 4, 4))
    # Figures grouped as the language groups them, in Latin digits (see `number_locale`):
    # the value axis's ticks and the figures over the bars.
    chart.setLocale(number_locale(lang))
    chart.setLocalizeNumbers(True)
    chart.legend().setVisible(len(bars) > 1)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setLabelColor(text)
    series = QBarSeries()
    bar_sets = []
    for index, bar in enumerate(bars):
        bar_set = QBarSet(bar.label)
        bar_set.append([float(v) for v in bar.values][order])
        colour = first if index == 0 else second
        bar_set.setColor(colour)
        bar_set.setBorderColor(colour)
        bar_set.setLabelColor(text)
        bar_sets.append(bar_set)
    for bar_set in bar_sets[order]:  # the first set at the right of each group in Arabic
        series.append(bar_set)
    if labels:
        series.setLabelsVisible(True)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(12)  # significant digits: whole figures, never 4.5e+04
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append(list(categories)[order])
    axis_x.setLabelsColor(text)
    axis_x.setTruncateLabels(False)  # "Démissionnaire" whole, not "Démis…"
    axis_x.setGridLineVisible(False)
    axis_y = QValueAxis()
    top = max((float(v) for bar in bars for v in bar.values), default=0.0)
    maximum, ticks = nice_axis(top * (1.15 if labels else 1.0))  # room for the figures
    axis_y.setRange(0, maximum)
    axis_y.setTickCount(ticks)
    axis_y.setLabelFormat("%.0f")  # with localised numbers: grouped, Latin digits
    axis_y.setLabelsColor(text)
    axis_y.setGridLineColor(grid)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    view = QChartView(chart, parent)
    view.setObjectName(name)
    # The chart mirrors itself (reversed axis); a mirrored view would mirror it back.
    view.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(CHART_HEIGHT)
    view.setStyleSheet("background: transparent")
    view.setProperty("wide", wide)
    return view


def _money(value: Decimal) -> float:
    return float(value.quantize(Decimal(1)))  # whole dirhams: a chart, not the books


def make_charts(figures: Figures, parent: QWidget, lang: str) -> list[QChartView]:
    """The charts the figures allow, in reading order."""
    views = []
    if figures.statuses is not None:
        views.append(
            bar_chart(
                "members_chart",
                _("Members by status"),
                [_(STATUS_LABELS[status]) for status, _count in figures.statuses],
                [Bars(_("Members"), [count for _status, count in figures.statuses])],
                parent,
                lang=lang,
                labels=True,
            )
        )
    if figures.dues is not None:
        views.append(
            bar_chart(
                "dues_chart",
                _("Dues {year}, in dirhams").format(year=figures.dues.year),
                [_("Collected"), _("Expected")],
                [Bars(_("Dues"), [_money(figures.dues.collected), _money(figures.dues.expected)])],
                parent,
                lang=lang,
                labels=True,
            )
        )
    if figures.monthly is not None:
        months = figures.monthly.months
        views.append(
            bar_chart(
                "books_chart",
                _("Income and expenses {year}, in dirhams").format(year=figures.monthly.label),
                [SHORT_MONTH_NAMES[lang][m.month - 1] for m in months],
                [
                    Bars(_("Income"), [_money(m.income) for m in months]),
                    Bars(_("Expenses"), [_money(m.expenses) for m in months]),
                ],
                parent,
                lang=lang,
                wide=True,
            )
        )
    if figures.beneficiaries is not None:
        views.append(
            bar_chart(
                "beneficiaries_chart",
                _("Beneficiaries by month {year}").format(year=figures.year),
                list(SHORT_MONTH_NAMES[lang]),
                [Bars(_("Beneficiaries"), figures.beneficiaries)],
                parent,
                lang=lang,
                wide=True,
            )
        )
    return views
