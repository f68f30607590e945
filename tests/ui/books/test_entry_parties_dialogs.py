"""The quick forms' third party and payment: a cheque without its number is refused beside
the payment reference; once saved, the entry's detail says the third party and the payment,
in French and in Arabic; the transfer and subsidy forms offer the payment method too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nassij_desktop.core.books.models import Account, JournalLine, PaymentMethod, TreasuryKind
from nassij_desktop.core.books.services import create_treasury_account
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.funding.models import FunderKind
from nassij_desktop.core.funding.services import FunderData, create_funder
from nassij_desktop.i18n.formatting import plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.books.page import BooksPage
from nassij_desktop.ui.books.quick_dialogs import ExpenseDialog, SubsidyDialog, TransferDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language

TREASURER = Actor(user_id=None, login="khadija", role=Role.TREASURER)
SHOTS = "/tmp/shots"


@pytest.fixture(params=["fr", "ar"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_language(request.param, qapp)
    yield request.param
    apply_language("en", qapp)


@pytest.fixture
def page(database: Database, qtbot: QtBot) -> BooksPage:
    with database.transaction() as session:
        create_treasury_account(session, CLI_ACTOR, "Banque Populaire", TreasuryKind.BANK, "5141")
        create_treasury_account(session, CLI_ACTOR, "Caisse", TreasuryKind.CASH, "5161")
    shown = BooksPage(AppContext(database, TREASURER))
    qtbot.addWidget(shown)
    shown.resize(1280, 760)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def test_a_cheque_needs_its_number_and_the_detail_names_the_third_party(
    qtbot: QtBot, page: BooksPage, language: str
) -> None:
    dialog = page.new_expense()
    assert isinstance(dialog, ExpenseDialog)
    qtbot.waitExposed(dialog)
    dialog.amount.setText("1 250,00")
    dialog.account.set_account("6125")
    dialog.label.setText("Fournitures de l'atelier")
    dialog.voucher.setText("FAC-118")
    dialog.third_party.setText("Librairie Atlas")
    dialog.method.select(PaymentMethod.CHEQUE)
    assert not dialog.save()
    assert list(dialog.errors.messages()) == ["payment_reference"]
    dialog.grab().save(f"{SHOTS}/fields-expense-{language}.png")
    dialog.payment_reference.setText("4471203")
    assert dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.model.rowCount() == 1
    page.select_row(0)
    detail = page.detail.detail
    assert detail is not None
    assert (detail.third_party, detail.payment_method, detail.payment_reference) == (
        "Librairie Atlas",
        PaymentMethod.CHEQUE,
        "4471203",
    )
    heading = plain_text(page.detail.heading.text())
    expected = {
        "fr": ("Tiers : Librairie Atlas", "Paiement : Chèque 4471203"),
        "ar": ("الطرف المقابل: Librairie Atlas", "الأداء: شيك 4471203"),
    }[language]
    assert all(text in heading for text in expected), heading
    label = page.detail.heading
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    page.grab().save(f"{SHOTS}/fields-detail-{language}.png")


def test_the_transfer_and_subsidy_forms_offer_the_payment_method(
    qtbot: QtBot, page: BooksPage, language: str
) -> None:
    transfer = page.new_transfer()
    assert isinstance(transfer, TransferDialog)
    qtbot.waitExposed(transfer)
    assert transfer.method.currentData() is None
    transfer.grab().save(f"{SHOTS}/fields-transfer-{language}.png")
    transfer.reject()
    subsidy = page.new_subsidy()
    assert isinstance(subsidy, SubsidyDialog)
    qtbot.waitExposed(subsidy)
    assert subsidy.method.currentData() == PaymentMethod.TRANSFER
    assert subsidy.method.count() == len(PaymentMethod) + 1  # and "(none)"
    texts = [subsidy.method.itemText(i) for i in range(subsidy.method.count())]
    assert texts[-1] == {"fr": "Autre", "ar": "أخرى"}[language]
    subsidy.grab().save(f"{SHOTS}/fields-subsidy-{language}.png")
    subsidy.reject()


def test_the_funder_chosen_proposes_its_operating_grant_account_and_the_tranche_posts_there(
    qtbot: QtBot, database: Database, page: BooksPage, language: str
) -> None:
    with database.transaction() as session:
        commune = create_funder(
            session, CLI_ACTOR, FunderData(name_fr="Commune de Tiznit", kind=FunderKind.COMMUNE)
        )
    page.refresh()  # as when the funding page announces a change
    subsidy = page.new_subsidy()
    assert isinstance(subsidy, SubsidyDialog)
    qtbot.waitExposed(subsidy)
    assert subsidy.account.account() == ""  # no funder yet: nothing proposed
    subsidy.funder.setCurrentIndex(subsidy.funder.findData(commune.id))
    assert subsidy.account.account() == "71612"  # the territorial authorities' grants
    subsidy.amount.setText("40 000,00")
    subsidy.aid_kind.setText("Subvention de fonctionnement")
    subsidy.agreement_number.setText("CONV-TZ-2026/04")
    subsidy.agreement_date.set_date(clock.today())
    subsidy.label.setText("Tranche 1")
    subsidy.voucher.setText("AV-2026-04")
    assert subsidy.save(), list(subsidy.errors.messages())
    with database.session() as session:
        numbers = set(session.scalars(sa.select(Account.number).join(JournalLine)))
    assert numbers == {"5141", "71612"}
