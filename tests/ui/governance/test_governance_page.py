"""The board and assemblies screen, driven through its widgets on a real association file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.models import Attendance, DeclarationKind
from nassij_desktop.core.governance.records import AssemblyState
from nassij_desktop.core.governance.services import (
    AssemblyData,
    SeatChoice,
    convene_assembly,
    current_board,
    elect_board,
    get_assembly,
    list_assemblies,
    open_session,
    record_attendance,
    record_declaration_due,
)
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_date, list_item, plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.governance.attendance_delegate import HolderEditor, PresenceEditor
from nassij_desktop.ui.governance.attendance_model import HOLDER, PRESENCE, PresenceFilter
from nassij_desktop.ui.governance.convene_dialog import ConveneDialog
from nassij_desktop.ui.governance.documents_dialog import DocumentsDialog
from nassij_desktop.ui.governance.elect_dialog import ElectDialog
from nassij_desktop.ui.governance.page import GovernancePage

pytestmark = [pytest.mark.gui]

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
VIEWER = Actor(user_id=None, login="visitor", role=Role.VIEWER)
TODAY = clock.today()
PEOPLE = [
    ("Alaoui", "Sara", "العلوي", "سارة"),
    ("Bennani", "Omar", "بناني", "عمر"),
    ("Chraibi", "Nadia", "الشرايبي", "نادية"),
    ("Daoudi", "Youssef", "الداودي", "يوسف"),
    ("El Fassi", "Hind", "الفاسي", "هند"),
]


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


@pytest.fixture
def members(database: Database) -> list[int]:
    with database.transaction() as session:
        return [
            create_member(
                session,
                CLI_ACTOR,
                MemberData(
                    last_name_lat=last,
                    first_name_lat=first,
                    last_name_ar=last_ar,
                    first_name_ar=first_ar,
                    join_date=dt.date(2021, 3, 1),
                ),
            ).id
            for last, first, last_ar, first_ar in PEOPLE
        ]


@pytest.fixture
def in_session(database: Database, members: list[int]) -> int:
    with database.transaction() as session:
        summary = convene_assembly(
            session,
            SECRETARY,
            AssemblyData(
                held_on=TODAY,
                starts_at=dt.time(15, 0),
                place="Maison des jeunes, Tiznit",
                convened_on=TODAY - dt.timedelta(days=15),
                agenda=["Moral report", "Financial report", "Election of the board"],
            ),
        )
        open_session(session, SECRETARY, summary.id)
    return summary.id


@pytest.fixture
def open_page(qtbot, database: Database) -> Callable[..., GovernancePage]:
    def make(actor: Actor = SECRETARY) -> GovernancePage:
        page = GovernancePage(AppContext(database, actor))
        qtbot.addWidget(page)
        page.resize(1280, 760)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make


def accept_next_message_box(qtbot) -> None:
    """Click the accepting button of the message box about to open (a confirmation)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            accept = next(
                b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
            )
            accept.click()
        else:
            QTimer.singleShot(20, click)

    QTimer.singleShot(0, click)


def test_convening_from_the_dialog_writes_the_assembly_and_its_agenda(
    qtbot, database: Database, open_page
) -> None:
    page = open_page()
    qtbot.mouseClick(page.convene_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ConveneDialog)
    qtbot.keyClicks(dialog.place.fr, "Salle communale")
    for title in ("Financial report", "Moral report", "Misc"):
        qtbot.keyClicks(dialog.item_text.fr, title)
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)  # "Misc", selected
    dialog.agenda.setCurrentRow(1)
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert [t.fr for t in dialog.titles()] == ["Moral report", "Financial report"]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with database.session() as session:
        [assembly] = list_assemblies(session, SECRETARY)
        detail = get_assembly(session, SECRETARY, assembly.id)
    assert assembly.state is AssemblyState.CONVENED and assembly.place.fr == "Salle communale"
    assert [i.title.fr for i in detail.agenda] == ["Moral report", "Financial report"]
    assert page.panel.detail is not None and page.panel.detail.summary.id == assembly.id
    assert page.assembly_table.rowCount() == 1
    assert plain_text(page.panel.agenda.item(0).text()) == "1. Moral report"
    assert page.panel.open_button.isVisible() and not page.panel.close_button.isVisible()


def test_a_convocation_without_place_or_agenda_shows_the_message_by_the_field(
    qtbot, database: Database, open_page
) -> None:
    page = open_page()
    dialog = page.convene()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # The place's message is under its two editors (the one label of the place and its
    # languages, `place_ar` and `place_fr`).
    assert dialog.errors.messages() == dict.fromkeys(
        ("place", "place_ar", "place_fr"), "Give the place of the assembly, in Arabic or in French."
    )
    assert dialog.errors.label("place").isVisible()
    qtbot.keyClicks(dialog.place.fr, "Salle communale")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert set(dialog.errors.messages()) == {"agenda", "agenda_ar", "agenda_fr"}
    assert dialog.isVisible()
    with database.session() as session:
        assert list_assemblies(session, SECRETARY) == []


def cell_text(panel, member_id: int, column: int) -> str:  # type: ignore[no-untyped-def]
    model = panel.attendance_model
    return str(model.index(model.row_of(member_id), column).data() or "")


def test_attendance_updates_the_quorum_as_it_is_taken(
    qtbot, database: Database, open_page, members: list[int], in_session: int
) -> None:
    page = open_page()
    panel = page.panel
    page.tabs.setCurrentIndex(1)
    panel.tabs.setCurrentIndex(1)
    assert panel.attendance_model.rowCount() == 5
    assert "Voting members: 5" in panel.quorum_label.text()
    assert "quorum not reached" in panel.quorum_label.text()
    a, b, c = members[:3]
    panel.set_presence(a, Attendance.PRESENT)
    panel.set_presence(b, Attendance.PRESENT)
    assert "present: 2" in panel.quorum_label.text()
    assert cell_text(panel, a, PRESENCE) == "Present"
    # Represented: choose the kind, then the holder among those present, in the line's search.
    panel.set_presence(c, Attendance.PROXY)
    assert cell_text(panel, c, HOLDER) == "Choose the proxy holder"
    holders = panel.edit_holder(c)
    assert holders is not None
    assert {holders.choices.person(i).id for i in range(holders.choices.rowCount())} == {a, b}
    holders.choose(a)
    assert "represented: 1" in panel.quorum_label.text()
    assert "quorum reached" in panel.quorum_label.text()
    assert cell_text(panel, c, HOLDER) == list_item(  # the name and number isolated
        "Sara Alaoui", panel.attendance_model.line_of(a).member.number
    )
    # The statutes' one proxy per holder: refused, said, and the line goes back.
    d = members[3]
    panel.set_presence(d, Attendance.PROXY)
    panel.choose_holder(d, a)
    assert panel.attendance_message.isVisible()
    assert "as many proxies as the statutes allow (1)" in panel.attendance_message.text()
    assert panel.presence_of(d) is None and cell_text(panel, d, PRESENCE) == "—"
    with database.session() as session:
        detail = get_assembly(session, SECRETARY, in_session)
    by_member = {line.member.id: line for line in detail.attendance}
    assert by_member[a].attendance is Attendance.PRESENT
    assert by_member[c].attendance is Attendance.PROXY
    assert by_member[c].proxy_holder is not None and by_member[c].proxy_holder.id == a
    assert by_member[d].attendance is None
    assert (detail.quorum.present, detail.quorum.represented) == (2, 1)


def test_a_resolution_typed_in_the_form_is_recorded_and_listed(
    qtbot, database: Database, open_page, members: list[int], in_session: int
) -> None:
    page = open_page()
    page.tabs.setCurrentIndex(1)
    panel = page.panel
    panel.tabs.setCurrentIndex(2)
    assert panel.resolution_form.isVisible()
    for member_id in members[:4]:
        panel.set_presence(member_id, Attendance.PRESENT)
    qtbot.keyClicks(panel.resolution_text.fr, "The moral report is approved")
    panel.votes_for.setValue(3)
    panel.votes_against.setValue(1)
    qtbot.mouseClick(panel.add_resolution_button, Qt.MouseButton.LeftButton)
    assert panel.resolutions.rowCount() == 1
    assert panel.resolutions.item(0, 5).text() == "Adopted"
    # More votes than members present: the message is under the votes.
    qtbot.keyClicks(panel.resolution_text.fr, "Too many")
    panel.votes_for.setValue(9)
    qtbot.mouseClick(panel.add_resolution_button, Qt.MouseButton.LeftButton)
    assert "votes_for" in panel.resolution_errors.messages()
    with database.session() as session:
        [resolution] = get_assembly(session, SECRETARY, in_session).resolutions
    assert (resolution.text.fr, resolution.votes_for, resolution.adopted) == (
        "The moral report is approved",
        3,
        True,
    )


def test_electing_the_board_then_closing_offers_the_documents_and_the_deadline(
    qtbot, database: Database, open_page, members: list[int], in_session: int, tmp_path: Path
) -> None:
    page = open_page()
    page.tabs.setCurrentIndex(1)
    assert page.panel.elect_button.isVisible()
    qtbot.mouseClick(page.panel.elect_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, ElectDialog)
    # Seats left empty are simply not filled; a president is required.
    qtbot.keyClicks(dialog.picker("treasurer").search, "bennani")
    dialog.picker("treasurer").apply_search()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.messages() == {"president": "Elect at least the president."}
    for role, name in (("president", "العلوي"), ("secretary_general", "Chraibi")):
        picker = dialog.picker(role)
        picker.search.insert(name)  # QTest cannot type Arabic letters as key events
        qtbot.waitUntil(lambda p=picker: p.choice.count() == 1, timeout=10_000)
    qtbot.mouseClick(dialog.seats["adviser"].more_button, Qt.MouseButton.LeftButton)
    for index, name in enumerate(("Daoudi", "Fassi")):
        picker = dialog.picker("adviser", index)
        qtbot.keyClicks(picker.search, name)
        picker.apply_search()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    documents = page.dialog
    assert isinstance(documents, DocumentsDialog)
    due = TODAY + dt.timedelta(days=30)
    assert documents.deadline.isVisible()
    assert str(due.year) in documents.deadline.text()
    with database.session() as session:
        board = current_board(session, SECRETARY, TODAY)
    assert board is not None
    assert [(s.role.code, s.member.id) for s in board.seats] == [
        ("president", members[0]),
        ("secretary_general", members[2]),
        ("treasurer", members[1]),
        ("adviser", members[3]),
        ("adviser", members[4]),
    ]
    assert page.board_table.rowCount() == 5
    assert page.board_table.item(0, 1).text() == "Sara Alaoui"
    assert not page.panel.elect_button.isVisible()
    # The members were typed with their names only: the list lacks their article-5 data,
    # which a confirmation lists before the document is made anyway.
    accept_next_message_box(qtbot)
    operation = documents.save("board-list", board.id, tmp_path / "bureau")  # on a worker
    assert operation is not None and not operation.done
    qtbot.waitUntil(lambda: operation.done, timeout=60_000)
    out = documents.last_path
    assert out is not None and out.suffix == ".pdf" and out.stat().st_size > 1000
    # The buttons show the document in the app: the board list, produced, then previewed.
    accept_next_message_box(qtbot)
    qtbot.mouseClick(documents.board_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: documents.preview is not None, timeout=60_000)
    assert documents.preview.document.pageCount() >= 1
    assert documents.preview.path.name == "board-list.pdf"
    documents.preview.reject()
    documents.close()

    accept_next_message_box(qtbot)
    assert page.close_assembly()
    with database.session() as session:
        assert list_assemblies(session, SECRETARY)[0].state is AssemblyState.CLOSED
    assert not page.panel.close_button.isVisible()
    assert page.panel.edit_presence(members[0]) is None  # the record is final


def test_a_viewer_sees_the_assembly_but_cannot_convene_or_take_attendance(
    qtbot, database: Database, open_page, members: list[int], in_session: int
) -> None:
    page = open_page(VIEWER)
    page.tabs.setCurrentIndex(1)
    assert page.assembly_table.isVisible()
    assert not page.convene_button.isVisible()
    panel = page.panel
    assert panel.detail is not None and panel.detail.summary.id == in_session
    assert not any(
        b.isVisible() for b in (panel.open_button, panel.elect_button, panel.close_button)
    )
    assert not panel.resolution_form.isVisible()
    assert panel.edit_presence(members[0]) is None
    dialog = page.convene()  # even if reached, the service refuses
    qtbot.keyClicks(dialog.place.fr, "Salle")
    qtbot.keyClicks(dialog.item_text.fr, "Item")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "does not allow you" in dialog.errors.messages()[""]
    with database.session() as session:
        assert len(list_assemblies(session, SECRETARY)) == 1


def test_the_screen_follows_a_language_switch_and_mirrors_in_arabic(
    qtbot,
    qapp: QApplication,
    database: Database,
    open_page,
    members: list[int],
    in_session: int,
    screens_dir: Path,
) -> None:
    page = open_page()
    page.tabs.setCurrentIndex(1)
    page.panel.tabs.setCurrentIndex(1)
    page.panel.set_presence(members[0], Attendance.PRESENT)
    for lang in ("fr", "ar"):
        apply_language(lang, qapp)
        assert page.isRightToLeft() is (lang == "ar")
        # Every string is set again from the catalog of the new language, without a restart.
        assert page.title() == translate_in(lang, "Board and assemblies")
        assert page.panel.tabs.tabText(1) == translate_in(lang, "Attendance")
        assert page.convene_button.text() == translate_in(lang, "Convene an assembly…")
        assert cell_text(page.panel, members[0], PRESENCE) == translate_in(lang, "Present")
        assert page.panel.attendance_model.headerData(
            PRESENCE, Qt.Orientation.Horizontal
        ) == translate_in(lang, "Attendance")
        qapp.processEvents()  # lay out the new texts before the picture
        page.grab().save(str(screens_dir / f"assembly-{lang}.png"))
        page.tabs.setCurrentIndex(0)
        page.grab().save(str(screens_dir / f"board-{lang}.png"))
        page.tabs.setCurrentIndex(1)


def test_the_attendance_sheet_is_searched_in_both_scripts_and_filtered_by_attendance(
    qtbot, database: Database, open_page, members: list[int], in_session: int
) -> None:
    page = open_page()
    page.tabs.setCurrentIndex(1)
    panel = page.panel
    panel.tabs.setCurrentIndex(1)
    model = panel.attendance_model
    a, b = members[:2]
    panel.set_presence(a, Attendance.PRESENT)

    def shown() -> set[int]:
        return {model.line(row).member.id for row in range(model.rowCount())}

    # Typed: found after the short pause, as in the members search.
    qtbot.keyClicks(panel.attendance_search, "bennani")
    qtbot.waitUntil(lambda: shown() == {b}, timeout=10_000)
    # Arabic without its hamza or with a final alef maqsura finds the name all the same.
    panel.attendance_search.setText("العلوى")
    panel.apply_attendance_filter()
    assert shown() == {a}
    number = model.line_of(members[3]).member.number
    panel.attendance_search.setText(number)
    panel.apply_attendance_filter()
    assert shown() == {members[3]}
    panel.attendance_search.clear()
    panel.attendance_filter.setCurrentIndex(panel.attendance_filter.findData("present"))
    assert shown() == {a}
    panel.attendance_filter.setCurrentIndex(panel.attendance_filter.findData("not_recorded"))
    assert shown() == set(members) - {a}
    # A line changed under a filter stays on show until the filter is applied again.
    panel.set_presence(b, Attendance.ABSENT)
    assert b in shown() and cell_text(panel, b, PRESENCE) == "Absent"
    panel.apply_attendance_filter()
    assert b not in shown()
    panel.attendance_filter.setCurrentIndex(panel.attendance_filter.findData(PresenceFilter.ALL))
    assert shown() == set(members)
    # The quorum counts every line, whatever is on show.
    assert "present: 1" in panel.quorum_label.text()


def test_a_click_opens_the_list_of_one_line_and_represented_asks_for_the_holder(
    qtbot, database: Database, open_page, members: list[int], in_session: int
) -> None:
    page = open_page()
    page.tabs.setCurrentIndex(1)
    panel = page.panel
    panel.tabs.setCurrentIndex(1)
    view, model = panel.attendance, panel.attendance_model
    a, b = members[:2]

    def click(member_id: int, column: int):  # type: ignore[no-untyped-def]
        index = model.index(model.row_of(member_id), column)
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
        )
        return index

    index = click(a, PRESENCE)
    qtbot.waitUntil(lambda: isinstance(view.indexWidget(index), PresenceEditor), timeout=10_000)
    editor = view.indexWidget(index)
    qtbot.waitUntil(lambda: editor.view().isVisible(), timeout=10_000)  # the list opens at once
    assert [editor.itemData(i) for i in range(editor.count())] == [
        "present",
        "proxy",
        "excused",
        "absent",
    ]
    editor.choose(Attendance.PRESENT)
    qtbot.waitUntil(lambda: view.indexWidget(index) is None, timeout=10_000)
    with database.session() as session:
        lines = {
            line.member.id: line for line in get_assembly(session, SECRETARY, in_session).attendance
        }
    assert lines[a].attendance is Attendance.PRESENT
    # Only one line has an editor at a time: the others are painted, not built.
    assert len(view.viewport().findChildren(PresenceEditor)) <= 1

    # Represented: the holder search of the same line opens by itself.
    index = click(b, PRESENCE)
    qtbot.waitUntil(lambda: isinstance(view.indexWidget(index), PresenceEditor), timeout=10_000)
    view.indexWidget(index).choose(Attendance.PROXY)
    holder_index = model.index(model.row_of(b), HOLDER)
    qtbot.waitUntil(
        lambda: isinstance(view.indexWidget(holder_index), HolderEditor), timeout=10_000
    )
    holder = view.indexWidget(holder_index)
    assert "quorum" in panel.quorum_label.text() and "represented: 0" in panel.quorum_label.text()
    qtbot.keyClicks(holder, "alaoui")
    assert holder.choices.rowCount() == 1 and holder.choices.person(0).id == a
    popup = holder.completer_.popup()
    qtbot.waitUntil(popup.isVisible, timeout=10_000)
    popup.setCurrentIndex(popup.model().index(0, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "represented: 1" in panel.quorum_label.text(), timeout=10_000)
    with database.session() as session:
        lines = {
            line.member.id: line for line in get_assembly(session, SECRETARY, in_session).attendance
        }
    assert lines[b].attendance is Attendance.PROXY
    assert lines[b].proxy_holder is not None and lines[b].proxy_holder.id == a


def test_choosing_an_assembly_reads_its_sheet_once(
    qtbot, database: Database, open_page, members: list[int], in_session: int
) -> None:
    with database.transaction() as session:
        later = convene_assembly(
            session,
            SECRETARY,
            AssemblyData(
                held_on=TODAY + dt.timedelta(days=30),
                place="Salle communale",
                convened_on=TODAY,
                agenda=["Statutes"],
            ),
        )
    page = open_page()
    page.tabs.setCurrentIndex(1)
    loads: list[int] = []
    page.panel.attendance_model.modelReset.connect(lambda: loads.append(1))
    page.select_assembly(in_session)
    assert page.panel.detail is not None and page.panel.detail.summary.id == in_session
    assert len(loads) == 1
    # Chosen in the list, as a click does.
    row = next(i for i, a in enumerate(page.assemblies) if a.id == later.id)
    page.assembly_table.selectRow(row)
    assert page.panel.detail.summary.id == later.id
    assert len(loads) == 2


def test_the_board_tab_says_how_a_board_comes_and_shows_one_not_yet_in_office(
    database: Database, members: list[int], open_page
) -> None:
    """A board elected at an assembly dated in the future was "no board recorded" on the Board
    tab while the terms list called it running (such files exist from before the rule that
    an assembly opens on its day)."""
    page = open_page()
    assert "general assembly" in page.board_title.text(), "how a board comes"
    later = TODAY + dt.timedelta(days=14)
    with database.transaction() as session:
        assembly = convene_assembly(
            session,
            SECRETARY,
            AssemblyData(held_on=later, convened_on=TODAY, place="Siège", agenda=["Election"]),
        ).id
        open_session(session, SECRETARY, assembly, today=later)
        for member_id in members[:2]:
            record_attendance(session, SECRETARY, assembly, member_id, Attendance.PRESENT)
        elect_board(session, SECRETARY, assembly, [SeatChoice("president", members[0])])
    page.refresh(reread=True)
    assert "in office from" in page.board_title.text()
    assert page.board_table.rowCount() == 1
    assert page.terms_tree.topLevelItem(0).text(2).endswith("upcoming")


def test_a_convened_assembly_offers_its_convocation_and_attendance_sheet(
    qtbot, database: Database, open_page, members: list[int]
) -> None:
    """Before the assembly: the convocation (with its proxy form) and the sheet to sign; no
    minutes yet, no board papers."""
    with database.transaction() as session:
        convene_assembly(
            session,
            SECRETARY,
            AssemblyData(
                held_on=TODAY + dt.timedelta(days=20),
                starts_at=dt.time(15, 0),
                place="Maison des jeunes, Tiznit",
                convened_on=TODAY,
                agenda=["Moral report"],
            ),
        )
    page = open_page()
    page.tabs.setCurrentIndex(1)
    panel = page.panel
    assert panel.detail is not None and panel.detail.summary.state is AssemblyState.CONVENED
    assert panel.documents_button.isVisible()
    qtbot.mouseClick(panel.documents_button, Qt.MouseButton.LeftButton)
    documents = page.dialog
    assert isinstance(documents, DocumentsDialog)
    shown = [b for b in documents.findChildren(QPushButton) if b.isVisible()]
    assert documents.convocation_button in shown and documents.sheet_button in shown
    assert not any(
        b.isVisible()
        for b in (
            documents.minutes_button,
            documents.board_button,
            documents.letter_button,
            documents.statutes_button,
        )
    )
    for button, name in (
        (documents.convocation_button, "assembly-convocation.pdf"),
        (documents.sheet_button, "attendance-sheet.pdf"),
    ):
        documents.preview = None
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: documents.preview is not None, timeout=60_000)
        assert documents.preview.path.name == name
        assert documents.preview.document.pageCount() >= 1
        documents.preview.reject()
    documents.close()


def test_an_assembly_that_changed_the_statutes_offers_its_declaration(
    qtbot, database: Database, open_page, in_session: int
) -> None:
    with database.transaction() as session:
        due = record_declaration_due(
            session, SECRETARY, in_session, DeclarationKind.STATUTES_CHANGE
        ).due_on
    assert due is not None
    page = open_page()
    page.tabs.setCurrentIndex(1)
    documents = page.documents()
    assert documents is not None
    assert documents.statutes_button.isVisible() and documents.minutes_button.isVisible()
    assert not documents.letter_button.isVisible()  # no board was elected
    assert documents.deadline.text() == (
        "Declare the change of the statutes to the local authority before {date}."
    ).format(date=format_date(due, "en", "long"))
    documents.close()
