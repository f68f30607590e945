"""The documents page: every document listed, options per document, a PDF produced, and a
refusal shown as a message rather than a traceback."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.governance.models import BoardRole, BoardSeat, BoardTerm
from nassij_desktop.core.members.models import DuesPayment, Member
from nassij_desktop.reports.kinds import REPORT_KINDS
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.access.credentials import check_credentials
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.documents.page import DocumentsPage, is_available
from tests.shared_files import shared_demo

pytestmark = [pytest.mark.gui]
TODAY = dt.date(2025, 6, 15)
WAIT_MS = 60_000  # a bound for a loaded machine; every wait polls


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_demo(tmp_path_factory, members=60, seed=5, today=TODAY)


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    database = open_database(path)
    yield database
    database.close()


def _page(qtbot: QtBot, database: Database, actor: Actor) -> DocumentsPage:
    page = DocumentsPage(AppContext(database, actor))
    qtbot.addWidget(page)
    page.resize(900, 560)
    page.show()
    return page


@pytest.fixture
def admin_page(qtbot: QtBot, demo: Database) -> DocumentsPage:
    return _page(qtbot, demo, check_credentials(demo, "admin", "demo-password").actor)


def test_lists_every_document_with_its_options(admin_page: DocumentsPage) -> None:
    page = admin_page
    labels = [page.kinds.item(row).text() for row in range(page.kinds.count())]
    assert len(labels) == len(REPORT_KINDS)
    assert labels[0] == "Board list"
    page.select_kind("member-register")
    assert page.form.isRowVisible(page.year) and page.form.isRowVisible(page.status)
    assert not page.form.isRowVisible(page.record)
    page.select_kind("assembly-minutes")
    assert page.form.isRowVisible(page.record) and not page.form.isRowVisible(page.year)
    assert page.record.itemData(0) is None  # "the latest" first
    assert page.record.count() > 1  # the demo's assemblies
    page.select_kind("dues-receipt")
    assert page.record.count() > 1
    assert page.lang.currentData() in {"ar", "fr"}


def _complete_everyone(database: Database) -> None:
    """Every member gets the article-5 data the demo left out (some addresses, professions)."""
    assert database.path is not None
    with contextlib.closing(sqlite3.connect(database.path)) as connection, connection:
        connection.execute(
            "UPDATE member SET address = coalesce(address, '1, rue Atlas'), "
            "profession = coalesce(profession, 'Enseignant'), "
            "birth_place = coalesce(birth_place, 'Tiznit'), "
            "birth_date = coalesce(birth_date, '1980-01-01'), "
            "id_number = coalesce(id_number, 'JE12345')"
        )


def test_produces_the_board_list_for_a_chosen_term_on_a_worker(
    qtbot: QtBot, ticks, admin_page: DocumentsPage, demo: Database, tmp_path: Path
) -> None:
    assert is_available(REPORT_KINDS["board-list"])
    page = admin_page
    page.select_kind("board-list")
    assert page.record.count() >= 2
    page.record.setCurrentIndex(1)
    page.lang.setCurrentIndex(page.lang.findData("fr"))
    request = page.request(tmp_path / "x.pdf")
    assert request.lang == "fr" and request.record_id == page.record.itemData(1)
    assert demo.path is not None
    _complete_everyone(demo)  # nothing for the list to ask about first
    # Another program is saving (it holds the write lock) the whole time: a document only
    # reads, on its worker thread, so it comes out all the same and nobody waits.
    with contextlib.closing(sqlite3.connect(demo.path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        operation = page.produce(tmp_path / "bureau")
        assert operation is not None
        assert not page.create_button.isEnabled()
        qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
        other.execute("ROLLBACK")
    path = page.last_path
    assert path == tmp_path / "bureau.pdf"
    assert page.create_button.isEnabled()
    assert path.read_bytes().startswith(b"%PDF")
    # The file name is isolated (LRI … PDI) so it reads left to right in an Arabic sentence.
    assert page.done.text().startswith("\u200eCreated: \u2066bureau.pdf\u2069 — pages: ")
    assert not page.message.isVisible()


def test_a_refusal_is_a_message_not_a_traceback(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    volunteer = check_credentials(demo, "benevole", "demo-password").actor
    assert volunteer.role is Role.VOLUNTEER
    page = _page(qtbot, demo, volunteer)
    page.select_kind("board-list")
    operation = page.produce(tmp_path / "board.pdf")
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    assert page.last_path is None
    assert page.message.isVisible()
    assert page.message.text().startswith("\u200eYour role (Volunteer) does not allow you to")
    assert not (tmp_path / "board.pdf").exists()


def test_page_opens_on_a_file_without_records(qtbot: QtBot, database: Database) -> None:
    page = _page(qtbot, database, Actor(user_id=None, login="owner", role=Role.ADMIN))
    page.select_kind("donation-receipt")
    assert page.record.count() == 1  # only "the latest"
    assert page.lang.currentData() == "ar"  # the association's default language


def _listed(page: DocumentsPage) -> list[tuple[int | None, str]]:
    return [(page.record.itemData(i), page.record.itemText(i)) for i in range(page.record.count())]


def test_a_receipt_is_found_by_its_number_or_the_member_s_name(
    qtbot: QtBot, admin_page: DocumentsPage, demo: Database
) -> None:
    page = admin_page
    page.select_kind("assembly-minutes")
    assert not page.form.isRowVisible(page.record_search)  # a handful: no search
    page.select_kind("dues-receipt")
    assert page.form.isRowVisible(page.record_search)
    latest = _listed(page)
    assert latest[0][0] is None and len(latest) > 2
    with demo.session() as session:
        [oldest] = session.execute(
            select(DuesPayment.id, DuesPayment.receipt_number, Member.last_name_lat)
            .join(Member, Member.id == DuesPayment.member_id)
            .order_by(DuesPayment.paid_on, DuesPayment.id)
            .limit(1)
        ).all()
    # Typed, found after a short pause: the receipt, chosen at once.
    qtbot.keyClicks(page.record_search, oldest.receipt_number)
    qtbot.waitUntil(lambda: [i for i, _t in _listed(page)] == [None, oldest.id], timeout=10_000)
    assert page.record.currentData() == oldest.id
    # A family name, in other letter case: only that member's receipts.
    page.record_search.setText(oldest.last_name_lat.upper())
    page.search_records()
    found = _listed(page)[1:]
    assert oldest.id in {i for i, _t in found}
    assert all(oldest.last_name_lat.lower() in text.lower() for _i, text in found)
    # Another document, another search: the box starts empty.
    page.select_kind("donation-receipt")
    assert page.record_search.text() == ""


def test_typing_drops_the_matching_receipts_under_the_box_and_a_click_chooses_one(
    qtbot: QtBot, admin_page: DocumentsPage, demo: Database
) -> None:
    """Type to filter: what is typed is looked for by the service (not among the records
    already loaded), the matches drop down under the box, a click on one chooses it."""
    page = admin_page
    page.select_kind("dues-receipt")
    with demo.session() as session:
        [(receipt_id, member_id, family)] = session.execute(
            select(DuesPayment.id, Member.id, Member.last_name_lat)
            .join(Member, Member.id == DuesPayment.member_id)
            .order_by(DuesPayment.paid_on, DuesPayment.id)
            .limit(1)
        ).all()
        theirs = set(
            session.scalars(select(DuesPayment.id).where(DuesPayment.member_id == member_id))
        )
    page.record_search.setFocus()
    qtbot.waitUntil(page.record_search.hasFocus)
    qtbot.keyClicks(page.record_search, family.lower())
    completer = page.record_search.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible, timeout=10_000)
    model = completer.completionModel()
    shown = {model.index(row, 0).data(Qt.ItemDataRole.UserRole) for row in range(model.rowCount())}
    assert theirs <= shown, "the member's receipts are among the matches"
    assert all(family.lower() in model.index(r, 0).data().lower() for r in range(model.rowCount()))
    row = next(
        r
        for r in range(model.rowCount())
        if model.index(r, 0).data(Qt.ItemDataRole.UserRole) == receipt_id
    )
    popup.setCurrentIndex(model.index(row, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.record.currentData() == receipt_id)
    qtbot.waitUntil(lambda: page.record_search.text() == family.lower())  # what was typed


def test_a_role_that_may_not_read_donations_is_offered_only_the_latest(
    qtbot: QtBot, demo: Database
) -> None:
    volunteer = check_credentials(demo, "benevole", "demo-password").actor
    page = _page(qtbot, demo, volunteer)
    page.select_kind("donation-receipt")
    assert _listed(page) == [(None, "The latest")]


def test_create_pdf_shows_the_document_in_the_app(qtbot: QtBot, admin_page: DocumentsPage) -> None:
    """ "Create PDF…" asked where to save, then handed the file to an external viewer (none
    installed: nothing seen). Now the donation receipt is produced, then shown in the app."""
    page = admin_page
    page.select_kind("donation-receipt")
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview is not None, timeout=WAIT_MS)
    preview = page.preview
    assert preview is not None
    assert preview.path.name.startswith("donation-receipt-")
    assert preview.document.pageCount() == 1
    assert page.create_button.isEnabled()
    folder = preview.path.parent
    preview.reject()
    qtbot.waitUntil(lambda: not folder.exists())


def test_the_membership_form_is_blank_or_filled_in_for_a_member_found_by_name(
    qtbot: QtBot, admin_page: DocumentsPage, demo: Database
) -> None:
    page = admin_page
    page.select_kind("membership-form")
    assert page.form.isRowVisible(page.record_search) and page.form.isRowVisible(page.record)
    assert _listed(page)[0] == (None, "Blank form")  # no member chosen: a blank form
    assert page.description.text() == "Without a choice of member, the form is printed blank."
    with demo.session() as session:
        member = session.scalars(select(Member).order_by(Member.id.desc()).limit(1)).one()
    qtbot.keyClicks(page.record_search, member.last_name_lat.lower())
    qtbot.waitUntil(lambda: member.id in {i for i, _t in _listed(page)}, timeout=10_000)
    page.record.setCurrentIndex(page.record.findData(member.id))
    assert page.request(Path("x.pdf")).record_id == member.id
    label = page.record.currentText()
    assert member.number in label and member.last_name_lat in label


def test_missing_board_data_is_listed_before_the_board_list_is_made(
    qtbot: QtBot, modal, admin_page: DocumentsPage, demo: Database, tmp_path: Path
) -> None:
    # The president's address is just a city: the list would print it without a word.
    with demo.transaction() as session:
        president = session.scalars(
            select(Member)
            .join(BoardSeat, BoardSeat.member_id == Member.id)
            .join(BoardRole, BoardRole.id == BoardSeat.role_id)
            .join(BoardTerm, BoardTerm.id == BoardSeat.term_id)
            .where(BoardRole.code == "president", BoardTerm.ends_on.is_(None))
            .where(BoardSeat.ends_on.is_(None))
        ).one()
        president.address = president.address_ar = None
        name = f"{president.first_name_lat} {president.last_name_lat}"
    listed: list[str] = []

    def read_then(button: str):  # type: ignore[no-untyped-def]
        def handler(widget) -> None:  # type: ignore[no-untyped-def]
            listed.append(widget.informativeText())
            next(b for b in widget.buttons() if b.text().replace("&", "") == button).click()

        return handler

    page = admin_page
    page.select_kind("board-list")
    page.lang.setCurrentIndex(page.lang.findData("fr"))
    modal.then(read_then("Cancel"))
    assert page.produce(tmp_path / "not-made") is None  # the user chose not to
    assert not (tmp_path / "not-made.pdf").exists()
    assert page.create_button.isEnabled()
    assert modal.seen[0][0] == "Incomplete data"
    line = next(x for x in listed[0].splitlines() if name in x)
    assert ("address" in line and "President" in line) or "Présiden" in line
    modal.then(read_then("Make it anyway"))
    operation = page.produce(tmp_path / "made")
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    assert (tmp_path / "made.pdf").read_bytes().startswith(b"%PDF")


def test_a_declaration_for_a_past_term_is_refused_on_screen(
    qtbot: QtBot, admin_page: DocumentsPage, demo: Database, tmp_path: Path
) -> None:
    with demo.session() as session:
        past = session.scalars(select(BoardTerm.id).where(BoardTerm.ends_on.is_not(None))).first()
    assert past is not None
    page = admin_page
    page.select_kind("board-declaration")
    page.record.setCurrentIndex(page.record.findData(past))
    operation = page.produce(tmp_path / "old-letter")
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    assert page.message.isVisible()
    assert "can no longer be declared" in page.message.text()
    assert not (tmp_path / "old-letter.pdf").exists()


def _enabled(page: DocumentsPage) -> dict[str, bool]:
    return {
        page.kinds.item(row).data(Qt.ItemDataRole.UserRole): bool(
            page.kinds.item(row).flags() & Qt.ItemFlag.ItemIsEnabled
        )
        for row in range(page.kinds.count())
    }


def test_the_documents_a_role_may_not_make_are_greyed_with_the_roles_that_make_them(
    qtbot: QtBot, demo: Database, admin_page: DocumentsPage
) -> None:
    assert all(_enabled(admin_page).values())
    assert not any(admin_page.kinds.item(row).toolTip() for row in range(admin_page.kinds.count()))
    volunteer = check_credentials(demo, "benevole", "demo-password").actor
    page = _page(qtbot, demo, volunteer)
    enabled = _enabled(page)
    # Exactly what the report registry lets a volunteer make, and nothing else.
    assert enabled == {name: kind.allows(volunteer) for name, kind in REPORT_KINDS.items()}
    assert enabled["member-register"] and enabled["user-guide"]
    assert not enabled["board-declaration"] and not enabled["donation-receipt"]
    row = list(REPORT_KINDS).index("board-declaration")
    assert (
        page.kinds.item(row).text()
        == "Declaration to the local authority (founding, renewal, change)"
    )
    assert page.kinds.item(row).toolTip() == (
        "Your role (Volunteer) cannot make this document. "
        "Made by: Administrator, Secretary, Treasurer."
    )
    # The page opens on a document the volunteer may make, ready to be created.
    current = page.current_kind()
    assert current is not None and enabled[current]
    assert page.create_button.isEnabled()
