"""The Funding page on a real file: a funder and a request made in the dialogs, moved through
the pipeline to the agreement, a tranche planned and received into the books; only the allowed
statuses offered; refusals under their field; the page hidden from a volunteer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nassij_desktop.core.books.models import JournalEntry
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.funding.models import FunderKind, RequestStatus
from nassij_desktop.core.funding.services import (
    FunderData,
    RequestData,
    add_tranche,
    change_funding_request_status,
    create_funder,
    create_funding_request,
    get_funding_request,
)
from nassij_desktop.core.funding.usual_documents import DOCUMENTS_BY_KIND
from nassij_desktop.i18n.formatting import format_amount, format_date, plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.funding.checklist_dialog import ChecklistDialog
from nassij_desktop.ui.funding.funder_dialog import FunderDialog
from nassij_desktop.ui.funding.page import FundingPage
from nassij_desktop.ui.funding.request_dialog import RequestDialog
from nassij_desktop.ui.funding.status_dialog import StatusDialog
from nassij_desktop.ui.funding.tranche_dialogs import PlanTrancheDialog, ReceiveTrancheDialog
from nassij_desktop.ui.shell.navigation import visible_pages

pytestmark = [pytest.mark.gui]
LTR, RTL = Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft

ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)
SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
VIEWER = Actor(user_id=None, login="auditeur", role=Role.VIEWER)
VOLUNTEER = Actor(user_id=None, login="youssef", role=Role.VOLUNTEER)
TODAY = clock.today()
S = RequestStatus


@pytest.fixture
def open_page(qtbot: QtBot) -> Callable[..., FundingPage]:
    def make(database: Database, actor: Actor = ADMIN) -> FundingPage:
        page = FundingPage(AppContext(database, actor))
        qtbot.addWidget(page)
        page.resize(1280, 800)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make


def _request(database: Database, status: RequestStatus = S.DRAFT) -> int:
    """A request of the INDH, drafted, submitted and decided today as far as `status`."""
    with database.transaction() as session:
        funder = create_funder(
            session,
            SECRETARY,
            FunderData(name_fr="Initiative nationale", acronym="INDH", kind=FunderKind.INDH),
        )
        request = create_funding_request(
            session,
            SECRETARY,
            RequestData(
                funder_id=funder.id, title="Alphabétisation", amount_requested=Decimal(80000)
            ),
        )
        path = {
            S.DRAFT: [],
            S.SUBMITTED: [S.SUBMITTED],
            S.GRANTED: [S.SUBMITTED, S.GRANTED],
            S.REJECTED: [S.SUBMITTED, S.REJECTED],
        }[status]
        for step in path:
            change_funding_request_status(
                session,
                SECRETARY,
                request.id,
                step,
                TODAY,
                amount_granted=Decimal(60000) if step is S.GRANTED else None,
            )
        return request.id


def _offered(dialog: StatusDialog) -> list[str]:
    return [str(dialog.status.itemData(i)) for i in range(dialog.status.count())]


def test_a_request_goes_from_the_dialogs_to_a_tranche_in_the_books(
    qtbot: QtBot, database: Database, open_page: Callable[..., FundingPage]
) -> None:
    page = open_page(database)
    # A funder, in its dialog: a foreign NGO is foreign funding unless told otherwise.
    page.tabs.setCurrentWidget(page.funders)
    dialog = page.funders.add_funder()
    assert isinstance(dialog, FunderDialog)
    dialog.name_fr.setText("Initiative nationale pour le développement humain")
    dialog.name_ar.setText("المبادرة الوطنية للتنمية البشرية")
    dialog.acronym.setText("INDH")
    dialog.kind.select(FunderKind.FOREIGN_NGO.value)
    assert dialog.foreign.isChecked()
    dialog.kind.select(FunderKind.INDH.value)
    assert not dialog.foreign.isChecked()
    dialog.contact_name.setText("Mme Naima Alaoui")
    dialog.phone.setText("0522 45 67 89")
    assert dialog.save()
    funders = page.funders.table.rows()
    assert [f.acronym for f in funders] == ["INDH"] and not funders[0].foreign
    assert "Naima Alaoui" in plain_text(page.funders.table.table_model.index(0, 4).data())

    # A request, in its dialog.
    page.tabs.setCurrentWidget(page.requests)
    tab = page.requests
    form = tab.new_request()
    assert isinstance(form, RequestDialog)
    assert form.funder.currentData() == funders[0].id
    form.title.setText("Alphabétisation des femmes rurales")
    form.amount.setText("120 000,00")
    assert form.save()
    request = tab.table.selected()
    assert request is not None and request.status is S.DRAFT
    assert request.amount_requested == Decimal("120000.00")

    # Through the pipeline: submitted, granted (the convention flag), agreement signed.
    steps: list[tuple[RequestStatus, Callable[[StatusDialog], None]]] = [
        (S.SUBMITTED, lambda d: None),
        (S.UNDER_REVIEW, lambda d: None),
        (S.GRANTED, lambda d: d.amount_granted.setText("100 000")),
        (S.AGREEMENT_SIGNED, lambda d: d.agreement_number.setText("CONV-2026/017")),
    ]
    for status, fill in steps:
        status_dialog = tab.change_status()
        assert isinstance(status_dialog, StatusDialog)
        status_dialog.status.select(status.value)
        assert status_dialog.form.isRowVisible(status_dialog._rows["amount_granted"]) is (
            status is S.GRANTED
        )
        fill(status_dialog)
        if status is S.GRANTED:
            assert status_dialog.convention.isVisibleTo(status_dialog)
            assert "7/2003" in plain_text(status_dialog.convention.text())
        assert status_dialog.save(), status_dialog.errors.messages()
    request = tab.table.selected()
    assert request is not None and request.status is S.AGREEMENT_SIGNED
    assert request.agreement_number == "CONV-2026/017" and request.agreement_date == TODAY
    detail = tab.detail
    assert [h.to_status for h in request.history] == [
        S.DRAFT,
        S.SUBMITTED,
        S.UNDER_REVIEW,
        S.GRANTED,
        S.AGREEMENT_SIGNED,
    ]
    assert detail.history.table_model.rowCount() == 5
    assert detail.convention.isVisibleTo(page) and "7/2003" in plain_text(detail.convention.text())
    assert "CONV-2026/017" in plain_text(detail.values["agreement"].text())

    # A tranche planned, then received: the receipt is in the books.
    plan = tab.plan_tranche()
    assert isinstance(plan, PlanTrancheDialog)
    plan.expected_amount.setText("60 000")
    plan.expected_on.set_date(TODAY)
    assert plan.save(), plan.errors.messages()
    assert [t.expected_amount for t in detail.tranches.rows()] == [Decimal("60000.00")]
    # The tranche expected is the request's next deadline, in the pipeline and its file.
    assert tab.deadlines[request.id] == TODAY
    assert plain_text(tab.table.table_model.index(0, 6).data()) == format_date(TODAY)
    assert plain_text(detail.values["deadline"].text()) == format_date(TODAY)
    assert tab.receive_button.isEnabled()
    receive = tab.receive_tranche()
    assert isinstance(receive, ReceiveTrancheDialog)
    assert "books" in receive.books_note.text()
    assert receive.save(), receive.errors.messages()
    assert receive.entry is not None and plain_text(receive.entry).startswith("BQ ")
    assert receive.posted.isVisibleTo(receive)
    assert plain_text(receive.entry) in plain_text(receive.posted.text())
    receive.save()  # the button now closes
    tranche = detail.tranches.rows()[0]
    assert tranche.received_on == TODAY and tranche.journal_entry_id is not None
    assert plain_text(detail.tranches.table_model.index(0, 5).data()) == plain_text(receive.entry)
    with database.session() as session:
        entry = session.get(JournalEntry, tranche.journal_entry_id)
        assert entry is not None and entry.reference == "CONV-2026/017"
        assert plain_text(receive.entry) == f"BQ {entry.number}"
        assert {(ln.account.number, ln.debit, ln.credit) for ln in entry.lines} == {
            ("5141", Decimal("60000.00"), Decimal("0.00")),
            ("71611", Decimal("0.00"), Decimal("60000.00")),
        }
        assert get_funding_request(session, ADMIN, request.id).received_mad == Decimal("60000")
    assert not tab.receive_button.isEnabled(), "nothing left to receive"

    # The funder's years: what was asked of it and what it paid.
    page.tabs.setCurrentWidget(page.funders)
    assert page.funders.table.select_where(lambda f: f.acronym == "INDH")
    years = page.funders.history.rows()
    assert [(y.year, y.requests, y.requested, y.granted, y.received) for y in years] == [
        (TODAY.year, 1, Decimal("120000"), Decimal("100000"), Decimal("60000"))
    ]


def test_only_the_allowed_next_statuses_are_offered(
    database: Database, open_page: Callable[..., FundingPage]
) -> None:
    draft = _request(database)
    granted = _request(database, S.GRANTED)
    rejected = _request(database, S.REJECTED)
    page = open_page(database)
    tab = page.requests
    assert tab.select_request(draft)
    dialog = tab.change_status()
    assert isinstance(dialog, StatusDialog)
    assert _offered(dialog) == [S.SUBMITTED, S.WITHDRAWN]
    dialog.reject()
    assert tab.select_request(granted)
    dialog = tab.change_status()
    assert isinstance(dialog, StatusDialog)
    assert _offered(dialog) == [S.WITHDRAWN, S.AGREEMENT_SIGNED, S.IN_PROGRESS]
    assert S.CLOSED.value not in _offered(dialog) and S.DRAFT.value not in _offered(dialog)
    dialog.reject()
    # A rejected request is final: nothing to offer, the button is off.
    assert tab.select_request(rejected)
    assert not tab.status_button.isEnabled()
    final = StatusDialog(tab.context, tab.table.selected(), tab)  # type: ignore[arg-type]
    assert _offered(final) == [] and not final.save_button.isEnabled()
    final.deleteLater()
    # The status filter shows the pipeline one status at a time.
    tab.status_filter.select(S.GRANTED.value)
    assert [r.id for r in tab.table.rows()] == [granted]


def test_refusals_appear_under_their_field(
    database: Database, open_page: Callable[..., FundingPage]
) -> None:
    page = open_page(database)
    funder = page.funders.add_funder()
    assert isinstance(funder, FunderDialog)
    assert not funder.save()
    assert set(funder.errors.messages()) == {"name_fr"}
    funder.name_fr.setText("Fondation X")
    funder.email.setText("not an address")
    assert not funder.save()
    assert set(funder.errors.messages()) == {"email"}
    funder.reject()

    granted = _request(database, S.GRANTED)
    page.refresh()
    tab = page.requests
    form = tab.new_request()
    assert isinstance(form, RequestDialog)
    form.amount.setText("12,5,0")
    assert not form.save()
    assert set(form.errors.messages()) == {"amount_requested"}
    form.amount.setText("5000")
    assert not form.save()
    assert set(form.errors.messages()) == {"title"}
    form.reject()

    assert tab.select_request(granted)
    dialog = tab.change_status()
    assert isinstance(dialog, StatusDialog)
    dialog.status.select(S.AGREEMENT_SIGNED.value)
    assert not dialog.save()
    assert set(dialog.errors.messages()) == {"agreement_number"}
    dialog.agreement_number.setText("C-1")
    dialog.changed_on.set_date(TODAY + dt.timedelta(days=3))
    assert not dialog.save()
    assert set(dialog.errors.messages()) == {"changed_on"}
    dialog.reject()

    plan = tab.plan_tranche()
    assert isinstance(plan, PlanTrancheDialog)
    plan.expected_amount.setText("60 000,01")  # more than granted
    assert not plan.save()
    messages = plan.errors.messages()
    assert set(messages) == {"expected_amount"} and "granted" in messages["expected_amount"]


def test_the_checklist_starts_from_the_funders_usual_file_and_is_kept(
    database: Database, open_page: Callable[..., FundingPage]
) -> None:
    request_id = _request(database, S.SUBMITTED)
    page = open_page(database)
    tab = page.requests
    assert tab.select_request(request_id)
    dialog = tab.edit_checklist()
    assert isinstance(dialog, ChecklistDialog)
    usual = DOCUMENTS_BY_KIND[FunderKind.INDH]  # the funder's kind
    assert dialog.table.rowCount() == len(usual) == 12
    dialog.set_provided(1, True)
    dialog.set_provided(7, True)
    assert dialog.save()
    documents = tab.detail.checklist.rows()
    assert [d.provided for d in documents].count(True) == 2
    assert documents[1].label == "Statutes" and documents[1].required
    assert tab.detail.tabs.tabText(2) == "Checklist (2/12)"
    # Emptied labels are refused, naming the row.
    again = tab.edit_checklist()
    assert isinstance(again, ChecklistDialog)
    item = again.table.item(3, 0)
    assert item is not None
    item.setText("  ")
    assert not again.save()
    assert "4" in again.errors.messages()[""]
    # The usual documents come back once each: only the one removed is added again.
    item.setText("Procès-verbal de la dernière assemblée générale")  # the minutes, in French
    again.table.setCurrentCell(0, 0)
    again.remove_selected()
    assert again.add_usual() == 1
    assert again.table.rowCount() == 12
    assert again.add_usual() == 0


def test_readers_read_and_a_volunteer_does_not_see_the_page(
    database: Database, open_page: Callable[..., FundingPage]
) -> None:
    assert "funding" not in {spec.key for spec in visible_pages(VOLUNTEER)}
    assert "funding" in {spec.key for spec in visible_pages(VIEWER)}
    request_id = _request(database, S.GRANTED)
    with database.transaction() as session:
        add_tranche(session, SECRETARY, request_id, Decimal(20000), TODAY)
    page = open_page(database, VIEWER)
    tab = page.requests
    assert tab.table.table_model.rowCount() == 1
    tab.table.select_where(lambda r: True)
    assert tab.detail.file is not None
    for button in (
        tab.new_button,
        tab.status_button,
        tab.checklist_button,
        tab.plan_button,
        tab.receive_button,
        page.funders.add_button,
    ):
        assert not button.isEnabled(), button.objectName()
    # A secretary manages requests, but receiving money is the treasurer's act.
    secretary_page = open_page(database, SECRETARY)
    secretary_tab = secretary_page.requests
    secretary_tab.table.select_where(lambda r: True)
    assert secretary_tab.plan_button.isEnabled()
    assert secretary_tab.selected_tranche() is not None
    assert not secretary_tab.receive_button.isEnabled()


def test_figures_and_latin_text_read_left_to_right_in_the_arabic_forms(
    qtbot: QtBot, database: Database, open_page: Callable[..., FundingPage]
) -> None:
    granted = _request(database, S.GRANTED)
    with database.transaction() as session:
        add_tranche(session, SECRETARY, granted, Decimal(20000), TODAY)
    apply_language("ar")
    page = open_page(database)
    assert page.layoutDirection() == RTL
    funder = page.funders.add_funder()
    assert isinstance(funder, FunderDialog)
    for editor in (funder.name_fr, funder.acronym, funder.phone, funder.email):
        assert editor.layoutDirection() == LTR, editor.objectName()
    assert funder.name_ar.layoutDirection() == RTL
    funder.reject()
    tab = page.requests
    assert tab.select_request(granted)
    form = tab.new_request()
    assert isinstance(form, RequestDialog)
    assert form.amount.layoutDirection() == LTR and form.deadline.layoutDirection() == LTR
    form.reject()
    status = tab.change_status()
    assert isinstance(status, StatusDialog)
    assert status.agreement_number.layoutDirection() == LTR
    status.reject()
    receive = tab.receive_tranche()
    assert isinstance(receive, ReceiveTrancheDialog)
    assert receive.amount_received.layoutDirection() == LTR
    assert receive.exchange_rate.layoutDirection() == LTR


def test_a_language_switch_renames_statuses_and_funders_in_place(
    database: Database, open_page: Callable[..., FundingPage]
) -> None:
    with database.transaction() as session:
        funder = create_funder(
            session,
            SECRETARY,
            FunderData(
                name_fr="Conseil de la Région Fès-Meknès",
                name_ar="مجلس جهة فاس مكناس",
                kind=FunderKind.REGION,
            ),
        )
        create_funding_request(
            session,
            SECRETARY,
            RequestData(
                funder_id=funder.id, title="Caravanes médicales", amount_requested=Decimal(9000)
            ),
        )
    apply_language("fr")
    page = open_page(database)
    detail = page.requests.detail
    assert plain_text(detail.values["funder"].text()) == "Conseil de la Région Fès-Meknès"
    assert plain_text(detail.values["status"].text()) == "Brouillon"
    apply_language("ar")
    assert plain_text(detail.values["funder"].text()) == "مجلس جهة فاس مكناس"
    assert plain_text(detail.values["status"].text()) == "مسودة"
    assert page.tabs.tabText(1) == "الممولون"
    status_column = page.requests.table.table_model.index(0, 3).data()
    assert plain_text(status_column) == "مسودة"


def test_a_draft_is_edited_and_a_submitted_request_keeps_what_was_asked(
    database: Database, open_page: Callable[..., FundingPage]
) -> None:
    draft = _request(database)
    submitted = _request(database, S.SUBMITTED)
    page = open_page(database)
    tab = page.requests
    assert tab.select_request(draft)
    form = tab.edit_request()
    assert isinstance(form, RequestDialog)
    assert form.title.text() == "Alphabétisation" and form.amount.text() == format_amount(
        Decimal(80000)
    )
    form.title.setText("Alphabétisation des femmes")
    form.amount.setText("85 000")
    assert form.save(), form.errors.messages()
    request = tab.table.selected()
    assert request is not None and request.id == draft
    assert request.title == "Alphabétisation des femmes"
    assert request.amount_requested == Decimal("85000.00")
    assert tab.select_request(submitted)
    form = tab.edit_request()
    assert isinstance(form, RequestDialog)
    form.amount.setText("90 000")
    assert not form.save()
    assert set(form.errors.messages()) == {"amount_requested"}
    form.amount.setText("80 000")
    form.report_due_on.set_date(TODAY + dt.timedelta(days=90))
    assert form.save(), form.errors.messages()
    with database.session() as session:
        kept = get_funding_request(session, ADMIN, submitted)
    assert kept.report_due_on == TODAY + dt.timedelta(days=90)
    assert kept.amount_requested == Decimal("80000.00")
