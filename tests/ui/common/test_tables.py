"""A cell's text is drawn in its own direction in every table, so a long one is cut at its
own end: a French title in the Arabic window keeps its beginning with the "…" at the right,
an Arabic one keeps its beginning with the "…" at the left, in either window."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QPaintDevice, QPaintEngine, QPaintEngineState, QPainter, QTextItem
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

import nassij_desktop
from nassij_desktop.ui.common.lazy_model import Align, Column
from nassij_desktop.ui.funding.tables import RecordTable

pytestmark = [pytest.mark.gui]

FRENCH = "Demande de financement pour la formation numérique des jeunes de Tiznit"
ARABIC = "طلب تمويل لتكوين الشباب في المجال الرقمي بمدينة تيزنيت"
ELLIPSIS = "…"


class _Recorder(QPaintEngine):
    """Keeps each run of text a painter draws: where, its text (in reading order) and whether
    it reads right to left."""

    def __init__(self) -> None:
        super().__init__(QPaintEngine.PaintEngineFeature.AllFeatures)
        self.runs: list[tuple[float, float, str, bool]] = []

    def begin(self, device: QPaintDevice) -> bool:
        return True

    def end(self) -> bool:
        return True

    def updateState(self, state: QPaintEngineState) -> None:  # noqa: N802 - Qt override
        pass

    def drawPixmap(self, *args: object) -> None:  # noqa: N802 - Qt override
        pass

    def drawTextItem(self, point: QPointF, item: QTextItem) -> None:  # noqa: N802
        rtl = bool(item.renderFlags() & QTextItem.RenderFlag.RightToLeft)
        self.runs.append((point.y(), point.x(), item.text(), rtl))

    def type(self) -> QPaintEngine.Type:
        return QPaintEngine.Type.User


class _Page(QPaintDevice):
    def __init__(self) -> None:
        super().__init__()
        self.engine = _Recorder()

    def paintEngine(self) -> QPaintEngine:  # noqa: N802 - Qt override
        return self.engine

    def metric(self, metric: QPaintDevice.PaintDeviceMetric) -> int:
        known = QPaintDevice.PaintDeviceMetric
        sizes = {known.PdmWidth: 800, known.PdmHeight: 100, known.PdmDepth: 32}
        if metric in (known.PdmDevicePixelRatio, known.PdmNumColors):
            return 1
        if metric == known.PdmDevicePixelRatioScaled:
            return int(QPaintDevice.devicePixelRatioFScale())
        return sizes.get(metric, 96)


@dataclass(frozen=True)
class Request:
    title: str
    amount: str


COLUMNS = [
    Column("title", "Request", lambda r: r.title, width=150, stretch=True),
    Column("latin", "Latin", lambda r: r.title, Align.LATIN, width=150),
    Column("amount", "Amount", lambda r: r.amount, Align.NUMBER, width=100),
]


@dataclass(frozen=True)
class Line:
    """A line of a cell as the reader sees it: its characters at its left and right edges,
    and its text in reading order."""

    left: str
    right: str
    text: str


def drawn(qtbot, direction: Qt.LayoutDirection, title: str, column: int = 0) -> list[Line]:
    """The lines the table draws for `title` in a narrow column (it wraps a cell's words)."""
    table: RecordTable[Request] = RecordTable("requests", COLUMNS)
    qtbot.addWidget(table)
    table.setLayoutDirection(direction)
    table.set_rows([Request(title, "12\u202f500,00")])
    index = table.model().index(0, column)
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    option.rect = QRect(0, 0, 130, 30)
    page = _Page()
    painter = QPainter(page)
    table.itemDelegateForIndex(index).paint(painter, option, index)
    painter.end()
    lines = []
    for y in sorted({run[0] for run in page.engine.runs}):
        runs = sorted((x, text, rtl) for top, x, text, rtl in page.engine.runs if top == y)
        (_, first, first_rtl), (_, last, last_rtl) = runs[0], runs[-1]
        reading = [text for _x, text, rtl in (runs[::-1] if runs[0][2] else runs)]
        lines.append(
            Line(
                first[-1] if first_rtl else first[0],
                last[0] if last_rtl else last[-1],
                "".join(reading),
            )
        )
    return lines


def test_a_french_title_in_the_arabic_window_keeps_its_beginning(qtbot) -> None:
    lines = drawn(qtbot, Qt.LayoutDirection.RightToLeft, FRENCH)
    assert len(lines) == 1, "cut where the room ends, not wrapped at the last whole word"
    assert lines[-1].right == ELLIPSIS, f"the … at the right, where it goes on: {lines}"
    assert lines[0].left == "D" and lines[0].text.startswith("Demande de"), lines
    assert ELLIPSIS not in "".join(line.text for line in lines[:-1])


def test_an_arabic_title_keeps_its_beginning_in_either_window(qtbot) -> None:
    for direction in (Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight):
        lines = drawn(qtbot, direction, ARABIC)
        assert lines[-1].left == ELLIPSIS, f"the … at the left, where it goes on: {lines}"
        assert lines[0].right == "ط" and lines[0].text.startswith("طلب تمويل"), lines
        assert ELLIPSIS not in "".join(line.text for line in lines[:-1])


def test_a_french_title_in_a_latin_column_keeps_its_beginning(qtbot) -> None:
    lines = drawn(qtbot, Qt.LayoutDirection.RightToLeft, FRENCH, column=1)
    assert lines[-1].right == ELLIPSIS and lines[0].text.startswith("Demande de"), lines


def test_a_cell_stays_on_the_side_its_column_puts_it(qtbot) -> None:
    """A short French title in the Arabic window still stands at the right of its cell, as
    the Arabic ones above and below it; a figure keeps its column's side."""
    table: RecordTable[Request] = RecordTable("requests", COLUMNS)
    qtbot.addWidget(table)
    table.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    table.set_rows([Request("Court", "12\u202f500,00")])
    delegate = table.itemDelegate()
    for column, side in ((0, Qt.AlignmentFlag.AlignRight), (2, Qt.AlignmentFlag.AlignLeft)):
        option = QStyleOptionViewItem()
        table.initViewItemOption(option)
        delegate.initStyleOption(option, table.model().index(0, column))
        drawn_at = QStyle.visualAlignment(option.direction, option.displayAlignment)
        assert drawn_at & side, (column, option.displayAlignment)
    option = QStyleOptionViewItem()
    table.initViewItemOption(option)
    delegate.initStyleOption(option, table.model().index(0, 0))
    assert option.direction == Qt.LayoutDirection.LeftToRight


TABLE = re.compile(r"\b(QTableWidget|QTableView|QTreeWidget|QTreeView)\(")
DELEGATE = re.compile(r"setItemDelegate\((ScriptDelegate|AttendanceDelegate)\(")


def test_every_table_of_the_application_draws_its_cells_in_their_direction() -> None:
    """Each module that makes a table or a tree installs ScriptDelegate (or its subclass)
    on each of them (the file dialog's own tree excepted: Qt's)."""
    ui = Path(nassij_desktop.__file__).parent / "ui"
    missing = []
    for path in sorted(ui.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        made = len(TABLE.findall(source))
        if made and path.name != "file_dialogs.py" and len(DELEGATE.findall(source)) < made:
            missing.append(path.relative_to(ui).as_posix())
    assert missing == []


def test_a_fixed_column_is_never_narrower_than_its_title_in_the_language_shown(qtbot) -> None:
    # The activities' "Volunteer hours" column is sized for its figures; in French its title,
    # "Heures de bénévolat", was cut to "eures de bénévolat". A switch of language refits.
    from nassij_desktop.i18n import set_language
    from nassij_desktop.ui.activities.columns import activity_columns

    columns = activity_columns(lambda _id: "")
    hours = next(i for i, c in enumerate(columns) if c.key == "hours")
    table: RecordTable[Request] = RecordTable("activities", columns)
    qtbot.addWidget(table)
    header = table.horizontalHeader()
    assert header.sectionSize(hours) == columns[hours].width  # the English title fits
    set_language("fr")
    table.retranslate()
    assert header.sectionSize(hours) >= header.sectionSizeHint(hours)
    assert header.sectionSizeHint(hours) > columns[hours].width  # the test's point: it did not
