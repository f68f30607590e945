"""The accountant's general entry on the Treasury page, in French and in Arabic: three lines
typed with the keyboard only and kept as a draft, found with the "draft" filter, edited,
validated (then numbered); a refusal that names its line; who sees the draft's actions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.books.entries import EntryForm, get_entry, record_entry
from nassij_desktop.core.books.entry_list import EntryFilter, Reconciled, count_entries
from nassij_desktop.core.books.models import EntryState, TreasuryKind
from nassij_desktop.core.books.services import (
    EntryData,
    LineSpec,
    create_treasury_account,
    post_entries,
)
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import format_amount, plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.books.general_entry_dialog import GeneralEntryDialog
from nassij_desktop.ui.books.page import BooksPage
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.form_errors import ERROR_STYLE
from nassij_desktop.ui.common.language import apply_language
from tests.ui.conftest import ModalAnswerer

TREASURER = Actor(user_id=None, login="khadija", role=Role.TREASURER)
VIEWER = Actor(user_id=None, login="auditeur", role=Role.VIEWER)
TODAY = clock.today()


@pytest.fixture
def books(database: Database) -> Database:
    """A bank, a cash box, and one validated entry of the bank (not reconciled)."""
    with database.transaction() as session:
        create_treasury_account(session, CLI_ACTOR, "Banque Populaire", TreasuryKind.BANK, "5141")
        create_treasury_account(session, CLI_ACTOR, "Caisse", TreasuryKind.CASH, "5161")
        post_entries(
            session,
            CLI_ACTOR,
            [
                EntryData(
                    "BQ",
                    TODAY,
                    "Cotisation",
                    [LineSpec("5141", debit=Decimal(300)), LineSpec("7186", credit=Decimal(300))],
                    "R-1",
                )
            ],
        )
    return database


@pytest.fixture
def open_page(qtbot: QtBot) -> Callable[..., BooksPage]:
    def make(database: Database, actor: Actor = TREASURER) -> BooksPage:
        page = BooksPage(AppContext(database, actor))
        qtbot.addWidget(page)
        page.resize(1280, 760)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make


@pytest.fixture(params=["fr", "ar"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_language(request.param, qapp)
    yield request.param
    apply_language("en", qapp)


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _type(text: str) -> None:
    QTest.keyClicks(_focused(), text)


def _key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(_focused(), key, modifier)


def _tab(times: int = 1) -> None:
    for _i in range(times):
        _key(Qt.Key.Key_Tab)


def _opened(qtbot: QtBot, open_dialog: Callable[[], GeneralEntryDialog]) -> GeneralEntryDialog:
    dialog = open_dialog()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: _focused_in(dialog))
    return dialog


def _focused_in(dialog: QWidget) -> bool:
    widget = QApplication.focusWidget()
    return widget is not None and widget.window() is dialog


def _type_line(account: str, debit: str, credit: str, label: str) -> None:
    """Account, debit, credit, line label, then Tab to the next line's account."""
    for text in (account, debit, credit, label):
        if text:
            _type(text)
        _tab()


def _leave(widget: QWidget) -> None:
    """A modal dialog the test drives itself."""


def _shoot(widget: QWidget, name: str, screens_dir: Path) -> None:
    widget.grab().save(str(screens_dir / name))


def test_a_three_line_draft_typed_found_edited_and_validated(
    qtbot: QtBot,
    books: Database,
    open_page: Callable[..., BooksPage],
    language: str,
    modal: ModalAnswerer,
    screens_dir: Path,
) -> None:
    page = open_page(books)
    assert page.general_action in page.more_menu.actions()
    # The entry dialogs are window-modal: the answerer leaves them to the keyboard here.
    modal.then(_leave)
    dialog = _opened(qtbot, page.new_general_entry)
    qtbot.waitUntil(lambda: not modal.handlers)
    assert isinstance(_focused(), DateEdit) and dialog.date.date() == TODAY
    _tab()  # the journal: OD, already chosen
    assert _focused() is dialog.journal and dialog.journal.currentData() == "OD"
    _tab()
    _type("Frais de la sortie du 12 mars")
    _tab()
    _type("PC-2026-07")
    _tab(9)  # third party, payment, project, funder, kind of aid, agreement: left empty
    assert _focused() is dialog.line_row(1).account
    _type_line("6142", "400", "", "Transport du groupe")
    assert _focused() is dialog.line_row(2).account
    _type_line("6147", "25,50", "", "")
    # A third line appeared as the second was typed in; the totals follow each keystroke.
    assert _focused() is dialog.line_row(3).account
    assert dialog.totals() == (
        format_amount(Decimal("425.50")),
        format_amount(0),
        format_amount(Decimal("425.50")),
    )
    _type("5141")
    _tab(2)
    _type("425,50")
    assert dialog.totals()[2] == format_amount(0)
    _key(Qt.Key.Key_Return)  # Enter keeps a draft
    qtbot.waitUntil(lambda: not dialog.isVisible())
    record = dialog.record
    assert record is not None and record.state is EntryState.DRAFT and record.code is None
    assert [(ln.account, ln.debit, ln.credit) for ln in record.lines] == [
        ("6142", Decimal("400.00"), Decimal(0)),
        ("6147", Decimal("25.50"), Decimal(0)),
        ("5141", Decimal(0), Decimal("425.50")),
    ]
    assert record.lines[0].label == "Transport du groupe" and record.lines[1].label is None

    # The "draft" filter shows it alone; "validated" the other entry; "not reconciled" both.
    page.filters.state.select(EntryState.DRAFT)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row(0) is not None and page.model.row(0).id == record.id  # type: ignore[union-attr]
    page.select_row(0)
    assert page.draft_actions.isVisible() and not page.reverse_button.isEnabled()
    _shoot(page, f"page-draft-{language}.png", screens_dir)

    # Edited: the dialog comes loaded with its lines; the second line's amount is changed.
    modal.then(_leave)
    editor = page.edit_current_draft()
    assert editor is not None
    qtbot.waitExposed(editor)
    qtbot.waitUntil(lambda: not modal.handlers)
    assert [row.typed().account for row in editor.rows] == ["6142", "6147", "5141", ""]
    assert editor.line_row(2).account.text().startswith("6147 — ")
    _shoot(editor, f"general-entry-edit-{language}.png", screens_dir)
    editor.line_row(2).debit.setText("30")
    editor.line_row(3).credit.setText("430")
    assert editor.save()
    with books.session() as session:
        assert get_entry(session, TREASURER, record.id).total == Decimal("430.00")
    qtbot.waitUntil(
        lambda: (
            page.detail.detail is not None and page.detail.detail.total_debit == Decimal("430.00")
        )
    )

    # Validated (after the question), numbered the first of the OD journal: no more actions.
    modal.press(_("Validate"))
    validated = page.draft_actions.validate()
    assert validated is not None and validated.number == 1
    assert validated.code == f"OD-{TODAY.year}-1"
    page.filters.state.select(EntryState.VALIDATED)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.select_entry(record.id)
    assert "OD 1" in plain_text(page.detail.heading.text())
    assert not page.draft_actions.isVisible() and page.reverse_button.isEnabled()
    page.filters.state.select(EntryState.DRAFT)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    page.filters.state.select(None)
    page.filters.reconciled.select(Reconciled.NO)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)  # both touch the bank, none cleared
    page.filters.reconciled.select(Reconciled.YES)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)


def test_a_refused_line_is_named_and_pointed_at(
    qtbot: QtBot,
    books: Database,
    open_page: Callable[..., BooksPage],
    language: str,
    screens_dir: Path,
) -> None:
    page = open_page(books)
    dialog = _opened(qtbot, page.new_general_entry)
    dialog.label.setText("Erreur de saisie")
    dialog.voucher.setText("PC-1")
    dialog.line_row(1).account.setText("6142")
    dialog.line_row(1).debit.setText("100")
    dialog.line_row(2).account.setText("9999")  # not in the chart
    dialog.line_row(2).credit.setText("100")
    assert not dialog.save(validate=True)
    message = dialog.errors.messages()["lines"]
    assert "2" in message and "9999" in message
    assert dialog.line_row(2).number.styleSheet() == ERROR_STYLE
    assert _focused() is dialog.line_row(2).account
    _shoot(dialog, f"general-entry-refused-{language}.png", screens_dir)
    # An amount that cannot be read names its line too, and an unbalanced entry is refused.
    dialog.line_row(2).account.setText("5141")
    dialog.line_row(1).debit.setText("12.500")
    assert not dialog.save()
    prefix = _("Line {n}: {problem}").format(n=1, problem="").strip()
    assert dialog.errors.messages()["lines"].startswith(prefix)
    dialog.line_row(1).debit.setText("150")
    assert not dialog.save()
    assert "150" in dialog.errors.messages()["lines"]
    assert dialog.isVisible()
    with books.session() as session:
        assert count_entries(session, TREASURER, EntryFilter()) == 1  # nothing written


def test_a_reader_sees_neither_the_general_entry_nor_the_draft_actions(
    qtbot: QtBot, books: Database, open_page: Callable[..., BooksPage]
) -> None:
    with books.transaction() as session:
        lines = [LineSpec("6142", debit=Decimal(5)), LineSpec("5161", credit=Decimal(5))]
        form = EntryForm("OD", TODAY, "Brouillon", "PC-9", lines)
        record_entry(session, TREASURER, form, draft=True)
    page = open_page(books, VIEWER)
    assert not page.more_button.isVisible()
    page.select_row(0)
    assert page.detail.detail is not None
    assert not page.draft_actions.isVisible()


def test_ctrl_enter_saves_and_validates_and_a_draft_is_deleted_after_the_question(
    qtbot: QtBot,
    books: Database,
    open_page: Callable[..., BooksPage],
    modal: ModalAnswerer,
) -> None:
    page = open_page(books)
    modal.then(_leave)
    dialog = _opened(qtbot, page.new_general_entry)
    qtbot.waitUntil(lambda: not modal.handlers)
    dialog.label.setText("Frais bancaires")
    dialog.voucher.setText("REL-03")
    dialog.line_row(1).account.setText("6147")
    dialog.line_row(1).debit.setText("12")
    dialog.line_row(2).account.setText("5141")
    dialog.line_row(2).credit.setText("12")
    dialog.line_row(2).credit.setFocus()
    _key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.record is not None and dialog.record.code == f"OD-{TODAY.year}-1"
    assert f"OD-{TODAY.year}-1" in plain_text(page.message.text())

    with books.transaction() as session:
        lines = [LineSpec("6142", debit=Decimal(5)), LineSpec("5161", credit=Decimal(5))]
        draft = record_entry(
            session, TREASURER, EntryForm("OD", TODAY, "Taxi", "PC-9", lines), draft=True
        )
    page.refresh()  # written outside the window: the list is read again
    assert page.select_entry(draft.id) and page.draft_actions.isVisible()
    modal.press(_("Cancel"))  # nothing deleted
    assert not page.draft_actions.delete()
    modal.press(_("Delete"))
    assert page.draft_actions.delete()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    with books.session() as session:
        assert count_entries(session, TREASURER, EntryFilter(state=EntryState.DRAFT)) == 0
