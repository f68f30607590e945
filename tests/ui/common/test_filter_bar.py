"""The shared filter bar: its search waits for the last key, its combos and dates say each change
once, its count and labels follow the language, and in Arabic it reads from the right."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.i18n import N_, ngettext
from nassij_desktop.i18n.formatting import format_number
from nassij_desktop.ui.common.filter_bar import (
    Clear,
    Combo,
    Count,
    FilterBar,
    Period,
    Search,
    Widget,
    action_rows,
)
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.members.fields import fixed, translated


def entries(count: int) -> str:
    return ngettext("{count} entry", "{count} entries", count).format(count=format_number(count))


def make_bar(qtbot: QtBot) -> tuple[QWidget, FilterBar, list[str]]:
    page = QWidget()
    qtbot.addWidget(page)
    extra = QPushButton("extra", page)
    bar = FilterBar(
        page,
        [
            Search("words", N_("Record number"), stretch=2, delay_ms=120),
            Combo("kind", label=N_("Status"), stretch=1),
            Period("from", "to"),
            Clear("clear", N_("All dates")),
            Widget(extra, spacing=12),
        ],
        count=Count("count", entries),
        stretch=True,
    )
    bar.combo("kind").set_choices(
        [(None, translated(N_("All"))), ("a", fixed("A")), ("b", fixed("B"))]
    )
    said: list[str] = []
    bar.changed.connect(lambda: said.append("changed"))
    bar.down_pressed.connect(lambda: said.append("down"))
    layout = QVBoxLayout(page)
    layout.addWidget(bar)
    layout.addWidget(bar.count_label)
    page.resize(900, 80)
    return page, bar, said


def test_search_waits_for_the_last_key_and_enter_applies_it_at_once(qtbot: QtBot) -> None:
    page, bar, said = make_bar(qtbot)
    page.show()
    search = bar.search_edit()
    qtbot.keyClicks(search, "12")
    assert said == []  # each key restarts the delay: nothing yet
    assert bar.pending()
    qtbot.waitUntil(lambda: said == ["changed"], timeout=2000)
    assert bar.text() == "12"
    qtbot.keyClicks(search, "3")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert said == ["changed", "changed"]  # Enter: at once, and the pending one dropped
    assert not bar.pending()
    qtbot.keyClicks(search, "4")
    qtbot.keyClick(search, Qt.Key.Key_Down)  # on to the results: the search applied first
    assert said[-2:] == ["changed", "down"]


def test_combos_dates_and_clear(qtbot: QtBot) -> None:
    _page, bar, said = make_bar(qtbot)
    kind = bar.combo("kind")
    kind.select("b")
    assert said == ["changed"] and kind.currentData() == "b"
    start, end = bar.period()
    start.set_date(dt.date(2026, 1, 1))
    start.editingFinished.emit()
    assert said == ["changed", "changed"]
    bar.search_edit().setText("x")
    # The clear button empties the period only; the combo and the words stay.
    assert bar.clear_button is not None
    bar.clear_button.click()
    assert start.date("start") is None and kind.currentData() == "b"
    assert said[-1] == "changed" and not bar.pending()
    # clear() empties everything, silently: the caller applies the filters once.
    count = len(said)
    end.set_date(dt.date(2026, 2, 1))
    bar.clear()
    assert kind.currentData() is None and bar.text() == "" and end.date("end") is None
    assert len(said) == count and not bar.pending()
    # A date that cannot be read is left out of the period, and said.
    start.setText("31/02/2026")
    end.set_date(dt.date(2026, 3, 1))
    refusals: list[str] = []
    assert bar.dates(("start", "end"), refusals.append) == (None, dt.date(2026, 3, 1))
    assert len(refusals) == 1 and refusals[0]


def test_count_and_labels_follow_the_language(qtbot: QtBot, qapp: QApplication) -> None:
    _page, bar, _said = make_bar(qtbot)
    try:
        apply_language("fr", qapp)
        bar.retranslate()
        bar.set_count(3)
        assert bar.count_label.text() == "3 entrées"
        assert bar.clear_button is not None and bar.clear_button.text() == "Toutes les dates"
        assert (bar.from_label.text(), bar.to_label.text()) == ("Du", "au")
        assert bar.combo("kind").itemText(0) == "Tous"
        assert bar.search_edit().placeholderText() == "N° de fiche"
        apply_language("ar", qapp)
        bar.retranslate()
        bar.set_count(1)
        assert bar.count_label.text() == "عملية واحدة"
        bar.set_count(3)
        assert bar.count_label.text() == "3 عمليات"  # Latin digits, the Arabic plural
        assert bar.clear_button.text() == "كل التواريخ"
        assert bar.from_label.text() == "من" and bar.to_label.text() == "إلى"
        assert bar.search_edit().placeholderText() == "رقم العنصر"
        assert bar.combo("kind").itemText(0) == "الكل"
    finally:
        apply_language("en", qapp)


def test_mirrored_in_arabic(qtbot: QtBot, qapp: QApplication) -> None:
    """The first field declared stands at the start of the line: left in French, right in
    Arabic; the action rows likewise."""
    try:
        for language, first_is_left in (("fr", True), ("ar", False)):
            apply_language(language, qapp)
            page, bar, _said = make_bar(qtbot)
            buttons = [QPushButton(text, page) for text in ("one", "two", "three")]
            rows = action_rows([buttons[:2], buttons[2:]])
            layout = page.layout()
            assert isinstance(layout, QVBoxLayout)
            layout.addLayout(rows)
            page.resize(900, 160)
            page.show()
            qtbot.waitExposed(page)
            search, kind = bar.search_edit(), bar.combo("kind")
            assert (search.x() < kind.x()) is first_is_left, language
            assert (buttons[0].x() < buttons[1].x()) is first_is_left, language
            assert buttons[2].y() > buttons[0].y()  # the second group: a row of its own
            start, end = bar.period()
            assert (start.x() < end.x()) is first_is_left, language
            page.close()
    finally:
        apply_language("en", qapp)
