"""Fundraising campaigns: recording the authorisation, linking gifts, closing with totals taken
from the gifts (early only by an administrator, with a reason), the report's due date, the
declaration before a distribution of aid in kind; permissions and the audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.errors import Conflict, PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.donations.campaign_models import CampaignAuthority, CampaignStatus
from nassij_desktop.core.donations.campaigns import (
    CampaignData,
    ClosingData,
    DistributionData,
    campaign_gifts,
    campaign_reports_due,
    close_campaign,
    create_campaign,
    declare_distribution,
    file_campaign_report,
    get_campaign,
    gift_candidates,
    link_gift,
    list_campaigns,
    list_distributions,
    report_due_date,
)
from nassij_desktop.core.donations.services import (
    DonationData,
    cancel_donation,
    record_donation,
)
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.storage import Database

TREASURER = Actor(user_id=None, login="treasurer", role=Role.TREASURER)
SECRETARY = Actor(user_id=None, login="secretary", role=Role.SECRETARY)
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)
START, END = dt.date(2025, 3, 1), dt.date(2025, 3, 31)


def _campaign(**changes: object) -> CampaignData:
    values: dict[str, object] = {
        "authorisation_number": "2025/417",
        "authorised_on": dt.date(2025, 2, 10),
        "authority": CampaignAuthority.GOVERNOR,
        "starts_on": START,
        "ends_on": END,
        "purpose": Bilingual("قفة رمضان للأسر المعوزة", "Paniers du Ramadan"),
        "bank_account": "Banque Populaire 181 810 21211 1234567 8",
    }
    values.update(changes)
    return CampaignData(**values)  # type: ignore[arg-type]


def _gift(
    database: Database,
    day: dt.date,
    amount: str,
    *,
    in_kind: bool = False,
    donor: str = "Karim Alaoui",
) -> int:
    data = DonationData(donor_name=donor, amount=Decimal(amount), received_on=day)
    if in_kind:
        data.method = None
        data.in_kind = True
        data.in_kind_description = "200 kg de farine"
        data.in_kind_account = "6111"
    else:
        data.method = PaymentMethod.CASH
    with database.transaction() as session:
        return record_donation(session, TREASURER, data).id


def _audited(database: Database, entity: str) -> list[str]:
    with database.session() as session:
        return list(
            session.scalars(
                sa.select(AuditEntry.action)
                .where(AuditEntry.entity == entity)
                .order_by(AuditEntry.id)
            )
        )


def test_a_campaign_is_recorded_open_with_its_report_due_thirty_days_after_its_end(
    database: Database,
) -> None:
    with database.transaction() as session:
        record = create_campaign(session, TREASURER, _campaign())
    assert record.status is CampaignStatus.OPEN
    assert record.report_due_on == dt.date(2025, 4, 30)
    assert record.purpose.fr == "Paniers du Ramadan"
    assert record.total_collected == Decimal("0.00") and record.remainder is None
    with database.session() as session:
        assert [c.id for c in list_campaigns(session, VIEWER)] == [record.id]
        assert list_campaigns(session, VIEWER, CampaignStatus.CLOSED) == []
    assert _audited(database, "fundraising_campaign") == ["create"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"authorisation_number": "  "}, "authorisation_number", "number of the campaign's"),
        ({"starts_on": dt.date(2025, 2, 1)}, "starts_on", "before the date of its authorisation"),
        ({"ends_on": dt.date(2025, 2, 28)}, "ends_on", "end before it starts"),
        ({"purpose": None}, "purpose", "purpose of the campaign"),
        ({"bank_account": None}, "bank_account", "bank account"),
        ({"authority": "caid"}, "authority", "authority that authorised"),
        ({"authorised_on": clock.today() + dt.timedelta(days=1)}, "authorised_on", "future"),
    ],
)
def test_each_field_of_a_campaign_is_checked(
    database: Database, changes: dict[str, object], field: str, message: str
) -> None:
    with database.transaction() as session, pytest.raises(ValidationError) as raised:
        create_campaign(session, TREASURER, _campaign(**changes))
    assert raised.value.field == field
    assert message in raised.value.message


def test_gifts_linked_are_totalled_money_and_in_kind_apart_and_fixed_at_closing(
    database: Database,
) -> None:
    cash = _gift(database, dt.date(2025, 3, 5), "1500.00")
    flour = _gift(database, dt.date(2025, 3, 12), "2400.00", in_kind=True)
    cancelled = _gift(database, dt.date(2025, 3, 20), "300.00")
    late = _gift(database, dt.date(2025, 4, 2), "100.00")
    with database.transaction() as session:
        campaign = create_campaign(session, TREASURER, _campaign())
        for gift in (cash, flour, cancelled):
            link_gift(session, TREASURER, campaign.id, gift)
        cancel_donation(session, TREASURER, cancelled, "Chèque sans provision", END)
        with pytest.raises(ValidationError, match="not received during the campaign's period"):
            link_gift(session, TREASURER, campaign.id, late)
        with pytest.raises(Conflict, match="already counted in the campaign 2025/417"):
            link_gift(session, TREASURER, campaign.id, cash)
    with database.session() as session:
        running = get_campaign(session, VIEWER, campaign.id)
        assert (running.cash_collected, running.in_kind_collected) == (
            Decimal("1500.00"),
            Decimal("2400.00"),
        )
        assert running.gift_count == 2
        assert len(campaign_gifts(session, VIEWER, campaign.id)) == 3  # the cancelled one shown
    with database.transaction() as session:
        closed = close_campaign(
            session,
            TREASURER,
            campaign.id,
            ClosingData(
                amount_used=Decimal("3500.00"),
                uses=Bilingual(fr="120 paniers distribués à Sidi Moumen"),
                remainder_destination=Bilingual(ar="يرحل إلى حملة السنة المقبلة"),
                closed_on=dt.date(2025, 4, 3),
            ),
        )
    assert closed.status is CampaignStatus.CLOSED
    assert closed.total_collected == Decimal("3900.00")
    assert closed.remainder == Decimal("400.00")
    assert closed.report_due_on == dt.date(2025, 4, 30)
    assert closed.forced_close_reason is None
    # A gift cancelled after the closing does not change what the closing declared.
    with database.transaction() as session:
        cancel_donation(session, TREASURER, cash, "Erreur de saisie", dt.date(2025, 4, 5))
        assert get_campaign(session, VIEWER, campaign.id).cash_collected == Decimal("1500.00")
        with pytest.raises(Conflict, match="The campaign 2025/417 is closed"):
            link_gift(session, TREASURER, campaign.id, late)
    assert _audited(database, "campaign_gift") == ["create"] * 3
    assert _audited(database, "fundraising_campaign") == ["create", "close"]


def test_closing_checks_the_use_and_the_remainder(database: Database) -> None:
    gift = _gift(database, dt.date(2025, 3, 5), "1000.00")
    with database.transaction() as session:
        campaign = create_campaign(session, TREASURER, _campaign())
        link_gift(session, TREASURER, campaign.id, gift)
    cases = [
        (ClosingData(Decimal("1000.01"), uses="x"), "amount_used", "cannot exceed"),
        (ClosingData(Decimal("-1")), "amount_used", "zero or more"),
        (ClosingData(Decimal("1.001")), "amount_used", "2 decimals"),
        (ClosingData(Decimal("600.00")), "uses", "used for"),
        (ClosingData(Decimal("600.00"), uses="Paniers"), "remainder_destination", "remainder"),
    ]
    for data, field, message in cases:
        data.closed_on = dt.date(2025, 4, 1)
        with database.transaction() as session, pytest.raises(ValidationError) as raised:
            close_campaign(session, TREASURER, campaign.id, data)
        assert (raised.value.field, message in raised.value.message) == (field, True)
    with database.transaction() as session:
        closed = close_campaign(
            session,
            TREASURER,
            campaign.id,
            ClosingData(Decimal("1000.00"), uses="Paniers", closed_on=dt.date(2025, 4, 1)),
        )
    assert closed.remainder == Decimal("0.00") and not closed.remainder_destination


def test_closing_before_the_end_needs_an_administrator_and_a_reason(database: Database) -> None:
    with database.transaction() as session:
        campaign = create_campaign(session, TREASURER, _campaign())
    early = ClosingData(Decimal("0"), closed_on=dt.date(2025, 3, 20))
    with database.transaction() as session, pytest.raises(ValidationError) as raised:
        close_campaign(session, CLI_ACTOR, campaign.id, early)
    assert raised.value.field == "closed_on"
    assert "runs until 31/03/2025" in raised.value.message
    early.force_reason = "Objectif atteint, arrêt demandé par le bureau"
    with database.transaction() as session, pytest.raises(PermissionDenied):
        close_campaign(session, TREASURER, campaign.id, early)
    with database.transaction() as session:
        closed = close_campaign(session, CLI_ACTOR, campaign.id, early)
    assert closed.forced_close_reason == "Objectif atteint, arrêt demandé par le bureau"
    # Closed early, the report is due 30 days after the day it closed.
    assert closed.report_due_on == dt.date(2025, 4, 19) == report_due_date(END, closed.closed_on)


def test_the_report_is_filed_once_closed(database: Database) -> None:
    with database.transaction() as session:
        campaign = create_campaign(session, TREASURER, _campaign())
        with pytest.raises(Conflict, match="once the campaign is closed"):
            file_campaign_report(session, TREASURER, campaign.id, dt.date(2025, 4, 10))
        close_campaign(session, TREASURER, campaign.id, ClosingData(Decimal("0"), closed_on=END))
        with pytest.raises(ValidationError, match="before the campaign closed"):
            file_campaign_report(session, TREASURER, campaign.id, dt.date(2025, 3, 30))
        filed = file_campaign_report(session, TREASURER, campaign.id, dt.date(2025, 4, 20))
    assert filed.report_filed_on == dt.date(2025, 4, 20)


def test_a_distribution_in_kind_is_declared_before_with_beneficiaries_counted(
    database: Database,
) -> None:
    with database.transaction() as session:
        campaign = create_campaign(session, TREASURER, _campaign())
        data = DistributionData(
            declared_on=dt.date(2025, 3, 20),
            distribution_on=dt.date(2025, 3, 28),
            place="Salle communale de Sidi Moumen",
            nature="Paniers alimentaires",
            quantity="120 paniers",
            beneficiaries=120,
            campaign_id=campaign.id,
            declared_to="Caïdat de Sidi Moumen",
        )
        declared = declare_distribution(session, TREASURER, data)
    assert declared.beneficiaries == 120
    with database.session() as session:
        assert list_distributions(session, VIEWER, campaign.id) == [declared]
    for change, field in (
        ({"distribution_on": dt.date(2025, 3, 19)}, "distribution_on"),
        ({"place": " "}, "place"),
        ({"nature": ""}, "nature"),
        ({"quantity": ""}, "quantity"),
        ({"beneficiaries": 0}, "beneficiaries"),
    ):
        wrong = DistributionData(**{**data.__dict__, **change})  # type: ignore[arg-type]
        with database.transaction() as session, pytest.raises(ValidationError) as raised:
            declare_distribution(session, TREASURER, wrong)
        assert raised.value.field == field
    assert _audited(database, "aid_distribution") == ["create"]


def test_the_secretary_and_viewer_read_campaigns_but_do_not_write_them(
    database: Database,
) -> None:
    with database.transaction() as session:
        campaign = create_campaign(session, TREASURER, _campaign())
    with database.transaction() as session:
        for actor in (SECRETARY, VIEWER):
            assert get_campaign(session, actor, campaign.id).id == campaign.id
            with pytest.raises(PermissionDenied):
                create_campaign(session, actor, _campaign())
            with pytest.raises(PermissionDenied):
                close_campaign(session, actor, campaign.id, ClosingData(Decimal("0")))
    volunteer = Actor(user_id=None, login="v", role=Role.VOLUNTEER)
    with database.session() as session, pytest.raises(PermissionDenied):
        list_campaigns(session, volunteer)


def test_the_reports_due_are_those_of_campaigns_ended_or_closed_and_not_filed(
    database: Database,
) -> None:
    with database.transaction() as session:
        ended = create_campaign(session, TREASURER, _campaign())
        running = create_campaign(
            session,
            TREASURER,
            _campaign(authorisation_number="2025/500", ends_on=dt.date(2025, 6, 30)),
        )
    with database.session() as session:
        assert campaign_reports_due(session, VIEWER, dt.date(2025, 3, 31)) == []
        due = campaign_reports_due(session, VIEWER, dt.date(2025, 4, 1))
        assert [(r.id, r.report_due_on) for r in due] == [(ended.id, dt.date(2025, 4, 30))]
    with database.transaction() as session:
        close_campaign(session, TREASURER, ended.id, ClosingData(Decimal("0"), closed_on=END))
        close_campaign(
            session,
            CLI_ACTOR,
            running.id,
            ClosingData(Decimal("0"), closed_on=dt.date(2025, 4, 5), force_reason="Arrêt"),
        )
        file_campaign_report(session, TREASURER, ended.id, dt.date(2025, 4, 10))
    with database.session() as session:
        due = campaign_reports_due(session, VIEWER, dt.date(2025, 4, 10))
        # Closed early on 5 April: its report is due 30 days later, not after 30 June.
        assert [(r.id, r.report_due_on) for r in due] == [(running.id, dt.date(2025, 5, 5))]


def test_the_gifts_offered_to_link_are_those_of_the_period_free_and_found_by_what_is_typed(
    database: Database,
) -> None:
    with database.transaction() as session:
        campaign = create_campaign(session, TREASURER, _campaign()).id
        other = create_campaign(session, TREASURER, _campaign(authorisation_number="2025/9")).id
    linked = _gift(database, dt.date(2025, 3, 2), "100")
    elsewhere = _gift(database, dt.date(2025, 3, 3), "200")
    free = _gift(database, dt.date(2025, 3, 4), "300", donor="أحمد الإدريسي")
    latest = _gift(database, dt.date(2025, 3, 20), "400", donor="Fatima Zahra Bennani")
    cancelled = _gift(database, dt.date(2025, 3, 5), "500")
    _gift(database, dt.date(2025, 4, 2), "600")  # after the period
    with database.transaction() as session:
        link_gift(session, TREASURER, campaign, linked)
        link_gift(session, TREASURER, other, elsewhere)
        cancel_donation(session, TREASURER, cancelled, "erreur de saisie")
    with database.session() as session:
        assert [d.id for d in gift_candidates(session, VIEWER, campaign)] == [latest, free]
        # Found by the donor's name in either script (hamza and case folded), or receipt.
        assert [d.id for d in gift_candidates(session, VIEWER, campaign, "احمد")] == [free]
        assert [d.id for d in gift_candidates(session, VIEWER, campaign, "BENNANI fat")] == [latest]
        receipt = gift_candidates(session, VIEWER, campaign, "zahra")[0].receipt_number
        assert [d.id for d in gift_candidates(session, VIEWER, campaign, receipt)] == [latest]
        assert [d.id for d in gift_candidates(session, VIEWER, campaign, limit=1)] == [latest]
        with pytest.raises(PermissionDenied):
            gift_candidates(session, Actor(user_id=None, login="v", role=Role.VOLUNTEER), campaign)
