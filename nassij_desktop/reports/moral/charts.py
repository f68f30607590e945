"""Bar charts drawn as vector graphics on the report's canvas (no image, no matplotlib): a
value axis with its ticks and grid, one bar per category with its value above it, the
categories' labels below and both axes' titles.

In Arabic the chart is mirrored: the value axis stands on the right and the categories run
from right to left (January rightmost), as the text reads; figures stay in Latin digits.
Labels are drawn through the canvas's shaped runs (HarfBuzz), so Arabic is joined.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from nassij_desktop.i18n.formatting import format_number
from nassij_desktop.reports.engine import ReportDocument
from nassij_desktop.reports.engine.canvas import Canvas

BAR_FILL = (46, 111, 142)  # the documents' blue-grey, darker than the tables' headings
GRID_GREY = 215
AXIS_GREY = 90
LABEL_PT = 7.0
VALUE_PT = 6.5
TITLE_PT = 8.0
AXIS_WIDTH = 13.0  # mm for the value axis's tick labels
TICKS = 4  # grid lines above zero


@dataclass(frozen=True)
class BarChart:
    """What one chart shows: a title, the categories in reading order and their values."""

    title: str
    value_axis: str  # what the bars count ("Beneficiaries")
    category_axis: str  # what the categories are ("Month")
    labels: tuple[str, ...]
    values: tuple[int, ...]


def nice_step(largest: int, ticks: int = TICKS) -> int:
    """The grid step: 1, 2, 2.5 or 5 times a power of ten, whole, so that `ticks` steps
    reach `largest`."""
    if largest <= ticks:
        return 1
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step >= raw and step == int(step):
            return int(step)
    return int(10 * power)


def _text(
    canvas: Canvas,
    text: str,
    x: float,
    baseline: float,
    *,
    size: float,
    align: str = "C",
    bold: bool = False,
    grey: int = 0,
) -> None:
    """One line at `x` (its centre, left or right edge by `align`) on `baseline`."""
    run = canvas.shaped_run(canvas.normalize_text(text), bold=bold, size_pt=size)
    if run is None:  # mixed directions: fpdf2's own line, in a cell around the point
        arabic = any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)
        before = (canvas.text_shaping or {}).get("direction")
        canvas.set_text_shaping(True, direction="rtl" if arabic else "ltr")
        try:
            with canvas.local_context(text_color=grey, font_size_pt=size):
                width = canvas.get_string_width(text) + 2 * canvas.c_margin
                left = {"C": x - width / 2, "L": x, "R": x - width}[align]
                height = size / canvas.k * 1.2
                # fpdf2's baseline in a cell: its middle plus 0.3 × the font size
                canvas.set_xy(left, baseline - height / 2 - 0.3 * size / canvas.k - 0.4)
                canvas.cell(width, height, text, align="C")
        finally:
            canvas.set_text_shaping(True, direction=str(before.value).lower() if before else None)
        return
    left = {"C": x - run.width / 2, "L": x, "R": x - run.width}[align]
    canvas.draw_run(run, left, baseline, grey)


def draw_bar_chart(
    doc: ReportDocument, chart: BarChart, *, left: float, top: float, width: float, height: float
) -> None:
    """`chart` in the box (millimetres from the page's top left); the caller keeps the box
    on one page."""
    c = doc.canvas
    rtl = doc.rtl
    _text(c, chart.title, left + width / 2, top + 4, size=TITLE_PT, bold=True)
    plot_top = top + 13  # the title, then the value axis's title above the axis
    plot_bottom = top + height - 12  # the categories' labels, then the axis's title
    plot_left = left + (0 if rtl else AXIS_WIDTH)
    plot_right = left + width - (AXIS_WIDTH if rtl else 0)
    plot_height = plot_bottom - plot_top
    step = nice_step(max(chart.values, default=0))
    top_value = step * max(1, math.ceil(max(chart.values, default=0) / step))
    axis_x = plot_right if rtl else plot_left
    tick_x = axis_x + 1.5 if rtl else axis_x - 1.5
    lang = doc.lang

    with c.local_context(line_width=0.2):
        for index in range(top_value // step + 1):
            y = plot_bottom - plot_height * index * step / top_value
            c.set_draw_color(GRID_GREY if index else AXIS_GREY)
            c.line(plot_left, y, plot_right, y)
            _text(
                c,
                format_number(index * step, lang),
                tick_x,
                y + 1,
                size=VALUE_PT,
                align="L" if rtl else "R",
                grey=AXIS_GREY,
            )
        c.set_draw_color(AXIS_GREY)
        c.line(axis_x, plot_top, axis_x, plot_bottom)
    _text(
        c,
        chart.value_axis,
        axis_x,
        plot_top - 3,
        size=LABEL_PT,
        align="R" if rtl else "L",
        grey=AXIS_GREY,
    )

    count = max(1, len(chart.labels))
    slot = (plot_right - plot_left) / count
    bar = slot * 0.62
    for index, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        # Reading order to drawing order: the first category rightmost in Arabic.
        position = count - 1 - index if rtl else index
        centre = plot_left + slot * (position + 0.5)
        bar_height = plot_height * value / top_value
        if bar_height > 0:
            with c.local_context(fill_color=BAR_FILL):
                c.rect(centre - bar / 2, plot_bottom - bar_height, bar, bar_height, style="F")
        _text(c, format_number(value, lang), centre, plot_bottom - bar_height - 1, size=VALUE_PT)
        _text(c, label, centre, plot_bottom + 4, size=LABEL_PT)
    _text(
        c,
        chart.category_axis,
        left + width / 2 + (-AXIS_WIDTH / 2 if rtl else AXIS_WIDTH / 2),
        plot_bottom + 9.5,
        size=LABEL_PT,
        grey=AXIS_GREY,
    )


def draw_charts(doc: ReportDocument, rows: Sequence[Sequence[BarChart]], height: float) -> None:
    """Rows of charts, side by side in reading order (the first rightmost in Arabic), each
    row kept on one page, the text going on below the last."""
    c = doc.canvas
    gap = 8.0
    for row in rows:
        if c.y + height > c.page_break_trigger:
            doc.new_page()
        top = c.y
        width = (c.epw - gap * (len(row) - 1)) / len(row)
        ordered = list(reversed(row)) if doc.rtl else list(row)
        for index, chart in enumerate(ordered):
            left = c.l_margin + index * (width + gap)
            draw_bar_chart(doc, chart, left=left, top=top, width=width, height=height)
        c.set_xy(c.l_margin, top + height + 3)
