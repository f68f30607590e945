"""The demo's fundraising campaigns (law 18-18): last year's Ramadan food baskets, authorised
by the governor, its gifts in money and in kind, the distribution declared before it took
place, closed with its remainder carried to school support and its report filed; and this
year's back-to-school appeal, authorised by the wali, still open with its first gifts.

Written through the services on the books' timeline (its gifts are donations, posted in date
order like the others): this phase only puts the events on the timeline, which `write_books`
runs."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from functools import partial

from nassij_desktop.core.books.treasury import find_treasury_account
from nassij_desktop.core.donations.campaign_models import CampaignAuthority
from nassij_desktop.core.donations.campaigns import (
    CampaignData,
    ClosingData,
    DistributionData,
    close_campaign,
    create_campaign,
    declare_distribution,
    file_campaign_report,
    get_campaign,
    link_gift,
)
from nassij_desktop.core.donations.models import DonorKind
from nassij_desktop.core.donations.services import DonationData, record_donation
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.demo.content import Text
from nassij_desktop.demo.context import DemoContext

RAMADAN: Text = (
    "قفة رمضان لفائدة الأسر المعوزة بمدينة {city}",
    "Paniers du Ramadan pour les familles démunies {de_city}",
)
SCHOOL: Text = (
    "الدخول المدرسي: محافظ وأدوات مدرسية لتلاميذ العالم القروي",
    "Rentrée scolaire : cartables et fournitures pour les élèves du monde rural",
)
RAMADAN_USES: Text = (
    "اقتناء وتوزيع 180 قفة مواد غذائية (دقيق، زيت، سكر، شاي، قطاني) على الأسر المعوزة",
    "Achat et distribution de 180 paniers (farine, huile, sucre, thé, légumineuses) "
    "aux familles démunies",
)
RAMADAN_REMAINDER: Text = (
    "يرصد الباقي لبرنامج الدعم المدرسي بقرار من المكتب المسير",
    "Le reliquat est affecté au programme de soutien scolaire, par décision du bureau",
)
FLOUR: Text = ("50 كيس دقيق من 25 كلغ", "50 sacs de farine de 25 kg")
MILL: Text = ("مطاحن سوس", "Moulins du Souss SA")
DISTRIBUTION_PLACE: Text = ("دار الشباب بمدينة {city}", "Maison des jeunes {de_city}")
DISTRIBUTION_NATURE: Text = ("قفف مواد غذائية", "Paniers de denrées alimentaires")
DISTRIBUTION_QUANTITY: Text = ("180 قفة", "180 paniers")
DECLARED_TO: Text = ("باشوية {city}", "Pachalik {de_city}")


def schedule_campaigns(demo: DemoContext) -> None:
    """Put both campaigns and their gifts on the books' timeline (before it is run)."""
    # Seeded from the demo's state without drawing from it: the rest of the demo is unchanged.
    # Its integers only (see donations.schedule_donations: None's hash is its address).
    rng = random.Random(hash(demo.rng.getstate()[1]) + 1818)
    ids: dict[str, int] = {}
    year = demo.today.year - 1
    start = dt.date(year, 3, 1)
    end = start + dt.timedelta(days=29)
    ramadan = CampaignData(
        authorisation_number=f"{year}/{rng.randrange(100, 999)}",
        authorised_on=start - dt.timedelta(days=18),
        authority=CampaignAuthority.GOVERNOR,
        starts_on=start,
        ends_on=end,
        purpose=demo.both(RAMADAN, **demo.seat_pairs),
    )
    demo.event(ramadan.authorised_on, partial(_create, demo, "ramadan", ramadan, ids))
    for day in sorted(start + dt.timedelta(days=rng.randrange(28)) for _n in range(9)):
        demo.event(day, partial(_gift, demo, "ramadan", ids, _money_gift(demo, rng, day)))
    flour_day = start + dt.timedelta(days=10)
    flour = DonationData(
        donor_kind=DonorKind.COMPANY,
        donor_name=demo.t(MILL),
        donor_identity="002187346000021",
        amount=Decimal("9500.00"),
        method=None,
        in_kind=True,
        in_kind_description=demo.t(FLOUR),
        in_kind_account="6125",
        received_on=flour_day,
    )
    demo.event(flour_day, partial(_gift, demo, "ramadan", ids, flour))
    declared = end - dt.timedelta(days=9)
    demo.event(declared, partial(_declare, demo, ids, declared, end - dt.timedelta(days=2)))
    demo.event(end + dt.timedelta(days=4), partial(_close, demo, ids, end + dt.timedelta(days=4)))
    demo.event(end + dt.timedelta(days=21), partial(_file, demo, ids, end + dt.timedelta(days=21)))

    open_start = max(demo.today - dt.timedelta(days=20), demo.books_start)
    school = CampaignData(
        authorisation_number=f"{demo.today.year}/{rng.randrange(100, 999)}",
        authorised_on=open_start - dt.timedelta(days=12),
        authority=CampaignAuthority.WALI,
        starts_on=open_start,
        ends_on=open_start + dt.timedelta(days=60),
        purpose=demo.both(SCHOOL),
    )
    created_on = max(school.authorised_on, demo.books_start)
    demo.event(created_on, partial(_create, demo, "school", school, ids))
    for days in (2, 9, 15):
        day = open_start + dt.timedelta(days=days)
        if day <= demo.today:
            demo.event(day, partial(_gift, demo, "school", ids, _money_gift(demo, rng, day)))


def _money_gift(demo: DemoContext, rng: random.Random, day: dt.date) -> DonationData:
    person = rng.choice(demo.people)
    method = rng.choice((PaymentMethod.TRANSFER, PaymentMethod.TRANSFER, PaymentMethod.CHEQUE))
    return DonationData(
        donor_kind=DonorKind.PERSON,
        donor_name=person.name(demo.lang),
        amount=Decimal(rng.choice((200, 300, 500, 500, 1000, 1500, 2000))),
        method=method,
        payment_reference=f"{rng.randrange(10**6, 10**7)}",
        received_on=day,
    )


def _create(demo: DemoContext, key: str, data: CampaignData, ids: dict[str, int]) -> None:
    bank = find_treasury_account(demo.session, demo.actor, demo.bank)
    data.treasury_account_id = bank.id
    ids[key] = create_campaign(demo.session, demo.actor, data).id


def _gift(demo: DemoContext, key: str, ids: dict[str, int], gift: DonationData) -> None:
    assert gift.received_on is not None
    debit = gift.in_kind_account if gift.in_kind else demo.bank
    record = demo.ledger.external(
        gift.received_on,
        gift.amount,
        debit or demo.bank,
        demo.donations,
        lambda: record_donation(demo.session, demo.actor, gift),
    )
    link_gift(demo.session, demo.actor, ids[key], record.id)


def _declare(
    demo: DemoContext, ids: dict[str, int], declared_on: dt.date, distribution_on: dt.date
) -> None:
    declare_distribution(
        demo.session,
        demo.actor,
        DistributionData(
            declared_on=declared_on,
            distribution_on=distribution_on,
            place=demo.t(DISTRIBUTION_PLACE, **demo.seat_names),
            nature=demo.t(DISTRIBUTION_NATURE),
            quantity=demo.t(DISTRIBUTION_QUANTITY),
            beneficiaries=180,
            campaign_id=ids["ramadan"],
            declared_to=demo.t(DECLARED_TO, **demo.seat_names),
        ),
    )


def _close(demo: DemoContext, ids: dict[str, int], on: dt.date) -> None:
    campaign = get_campaign(demo.session, demo.actor, ids["ramadan"])
    # About nine tenths used; the rest carried to school support.
    used = (campaign.total_collected * Decimal("0.9")).quantize(Decimal("1"))
    close_campaign(
        demo.session,
        demo.actor,
        ids["ramadan"],
        ClosingData(
            amount_used=used,
            uses=demo.both(RAMADAN_USES),
            remainder_destination=demo.both(RAMADAN_REMAINDER),
            closed_on=on,
        ),
    )


def _file(demo: DemoContext, ids: dict[str, int], on: dt.date) -> None:
    file_campaign_report(demo.session, demo.actor, ids["ramadan"], on)
