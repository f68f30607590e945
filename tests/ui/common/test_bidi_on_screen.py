"""Paths, numbers and names read in their own order on screen, in Arabic (i18n.formatting's
`bidi_text`/`list_item`, used by Feedback, the errors under a field, message boxes and the
pickers). The check is Qt's own layout of the text: where each character is drawn."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import FSI, LRI, PDI, RLM, bidi_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.governance.widgets import MemberPicker

pytestmark = [pytest.mark.gui]
ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)
PATH = "/home/amina/Documents/pv.pdf"


@pytest.fixture
def arabic(qapp: QApplication) -> Iterator[None]:
    apply_language("ar", qapp)
    yield
    apply_language("en", qapp)


def drawn_x(label: QLabel, text: str) -> list[float]:
    """The x where Qt draws each character of `text` in `label` (its font, its direction)."""
    layout = QTextLayout(text, label.font())
    option = QTextOption()
    option.setTextDirection(label.layoutDirection())
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    xs = []
    for index in range(len(text)):
        runs = layout.glyphRuns(index, 1)
        xs.append(min(run.boundingRect().left() for run in runs) if runs else float("nan"))
    return xs


def test_a_saved_path_reads_from_its_root_in_an_arabic_feedback_line(
    qtbot: QtBot, arabic: None
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    feedback = Feedback(parent, "message")
    feedback.say(lambda: _("Saved: {path}").format(path=PATH))
    text = feedback.text()
    assert text.startswith(RLM) and f"{LRI}{PATH}{PDI}" in text
    xs = drawn_x(feedback, text)
    start = text.index(PATH)
    path_x = xs[start : start + len(PATH)]
    # Left to right inside the path: "/" first, "f" of ".pdf" last, nothing out of place...
    assert path_x == sorted(path_x), "the path is drawn in its own order"
    # ...and the whole path to the left of the Arabic words that say it was saved.
    arabic_x = [x for x, char in zip(xs, text, strict=True) if "\u0600" <= char <= "\u06ff"]
    assert max(path_x) < min(arabic_x)


def test_the_same_message_without_the_helper_is_scrambled(qtbot: QtBot, arabic: None) -> None:
    """What the reviewer saw: the leading slash drawn after the file name."""
    label = QLabel()
    qtbot.addWidget(label)
    text = _("Saved: {path}").format(path=PATH)
    xs = drawn_x(label, text)
    start = text.index(PATH)
    assert xs[start] > xs[start + len(PATH) - 1], "unisolated, '/' lands at the right end"


def test_an_error_under_a_field_isolates_the_phone_example_and_wraps(
    qtbot: QtBot, arabic: None
) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    errors = FieldErrors(error_label(box))
    label = errors.wrap("phone", QLabel(box)).findChild(QLabel, "error_phone")
    assert label is not None and label.wordWrap()
    errors.show(ValidationError("phone", "اكتبه على شكل 06 12 34 56 78، أو مثل gmail.com."))
    assert f"{LRI}06\u00a012\u00a034\u00a056\u00a078{PDI}" in label.text()
    assert f"{LRI}gmail.com{PDI}" in label.text()
    assert errors.messages()["phone"].startswith("اكتبه"), "the message as the service said it"


def test_a_proxy_and_election_picker_lists_latin_and_arabic_names_the_same_way(
    qtbot: QtBot, database: Database, arabic: None
) -> None:
    with database.transaction() as session:
        for data in (
            MemberData(last_name_lat="Martin", first_name_lat="Claire"),
            MemberData(last_name_ar="بن علي", first_name_ar="أحمد"),
        ):
            create_member(session, ADMIN, data)
    picker = MemberPicker(AppContext(database, ADMIN))
    qtbot.addWidget(picker)
    picker.search.setText("0000")
    picker.apply_search()
    items = [picker.choice.itemText(i) for i in range(picker.choice.count())]
    assert len(items) == 2
    for item in items:
        # Right to left like the window, the name isolated, then the number isolated.
        assert item.startswith(f"{RLM}{FSI}") and item.endswith(
            f"{PDI} — {FSI}00000{item[-2]}{PDI}"
        )
    latin = next(i for i in items if "Claire" in i)
    label = QLabel()
    label.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    qtbot.addWidget(label)
    xs = drawn_x(label, latin)
    # The name on the right (where an Arabic name is), the number on the left.
    assert min(xs[latin.index("Claire") :][:13]) > max(xs[latin.index("00000") :][:6])
    assert bidi_text(latin) == latin
