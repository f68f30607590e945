"""The demo's donations with their receipts: local companies, a foundation, members, and a
gift in kind each year; one of them cancelled. Written through `record_donation` and
`cancel_donation`, on the books' timeline so that each entry is posted in date order (journal
numbers follow the dates, the cash and bank balances stay known) and each receipt is numbered
in date order."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from functools import partial

from nassij_desktop.core.donations.models import DonorKind
from nassij_desktop.core.donations.services import (
    DonationData,
    DonationRecord,
    cancel_donation,
    record_donation,
)
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.demo.content import Text, pick
from nassij_desktop.demo.context import DemoContext

# name, ICE (15 digits), address
COMPANIES: tuple[tuple[Text, str, Text], ...] = (
    (
        ("شركة أركان الأطلس ش.م.م", "Société Argan Atlas SARL"),
        "001525478000063",
        ("المنطقة الصناعية، أكادير", "Zone industrielle, Agadir"),
    ),
    (
        ("مطاحن سوس", "Moulins du Souss SA"),
        "002187346000021",
        ("شارع الحسن الثاني، إنزكان", "Avenue Hassan II, Inezgane"),
    ),
    (
        ("صيدلية النور", "Pharmacie Annour"),
        "003364892000045",
        ("حي النهضة، تزنيت", "Quartier Nahda, Tiznit"),
    ),
)
ORGANISATIONS: tuple[Text, ...] = (
    ("مؤسسة الخير للتضامن", "Fondation Al Khayr pour la solidarité"),
    ("تعاونية تيفاوين النسوية", "Coopérative féminine Tifawin"),
)
PURPOSES: tuple[Text, ...] = (
    ("قفة رمضان", "Paniers du Ramadan"),
    ("الدعم المدرسي", "Soutien scolaire"),
    ("محو الأمية لفائدة النساء", "Alphabétisation des femmes"),
    ("", ""),
)
IN_KIND: tuple[tuple[Text, str, Decimal], ...] = (
    (
        ("3 حواسيب محمولة للقسم الرقمي", "3 ordinateurs portables pour la salle numérique"),
        "2355",
        Decimal("10500.00"),
    ),
    (
        ("40 قفة مواد غذائية (دقيق، زيت، سكر)", "40 paniers de denrées (farine, huile, sucre)"),
        "6125",
        Decimal("12000.00"),
    ),
)
# Why the company's gift was cancelled, as its payment failed: a cheque bounced, a transfer
# was sent back by the bank.
CANCEL_REASONS: dict[PaymentMethod | None, Text] = {
    PaymentMethod.CHEQUE: ("شيك بدون رصيد", "Chèque sans provision"),
    PaymentMethod.TRANSFER: (
        "تحويل أرجعه البنك: حساب المتبرع مغلق",
        "Virement rejeté par la banque : compte du donateur clôturé",
    ),
}


def schedule_donations(demo: DemoContext) -> None:
    """Put a few recorded donations a year on the books' timeline (before it is run)."""
    # Seeded from the demo's state without drawing from it: the rest of the demo is unchanged.
    # Its integers only: the whole state holds None, whose hash (Python 3.11) is its address,
    # so the same seed gave other donations in another process.
    rng = random.Random(hash(demo.rng.getstate()[1]))
    for year in range(demo.books_start.year, demo.today.year + 1):
        gifts = _gifts_of_year(demo, rng, year)
        received: dict[int, DonationRecord] = {}
        for index, gift in enumerate(gifts):
            assert gift.received_on is not None
            demo.event(gift.received_on, partial(_receive, demo, gift, received, index))
        if year == demo.today.year:  # this year's company payment failed, a week later
            assert gifts[0].received_on is not None
            on = gifts[0].received_on + dt.timedelta(days=7)
            demo.event(on, partial(_cancel, demo, received, on))


def _gifts_of_year(demo: DemoContext, rng: random.Random, year: int) -> list[DonationData]:
    lang, start = demo.lang, dt.date(year, 1, 1)

    def day(low: int, high: int) -> dt.date:
        return start + dt.timedelta(days=rng.randrange(low, high))

    name, ice, address = rng.choice(COMPANIES)
    gifts = [
        DonationData(
            donor_kind=DonorKind.COMPANY,
            donor_name=pick(name, lang),
            donor_identity=ice,
            donor_address=pick(address, lang),
            amount=Decimal(rng.choice((5000, 7500, 10000, 15000))),
            method=rng.choice((PaymentMethod.CHEQUE, PaymentMethod.TRANSFER)),
            payment_reference=f"{rng.randrange(10**6, 10**7)}",
            purpose=pick(rng.choice(PURPOSES), lang) or None,
            received_on=day(30, 200),
        ),
        DonationData(
            donor_kind=DonorKind.ORGANISATION,
            donor_name=pick(rng.choice(ORGANISATIONS), lang),
            amount=Decimal(rng.choice((3000, 4000, 6000))),
            method=PaymentMethod.TRANSFER,
            payment_reference=f"VIR-{year}-{rng.randrange(1000, 9999)}",
            purpose=pick(PURPOSES[0], lang),
            received_on=day(60, 90),
        ),
    ]
    for _n in range(2):
        when = day(1, 330)
        member = rng.choice([p for p in demo.people if p.active_on(when)] or demo.people)
        gifts.append(
            DonationData(
                donor_kind=DonorKind.PERSON,
                donor_name=member.first.ar + " " + member.last.ar
                if lang == "ar"
                else member.first.lat + " " + member.last.lat,
                donor_identity=member.id_number,
                donor_address=member.address,
                member_id=member.id,
                amount=Decimal(rng.choice((300, 500, 1000))),
                method=PaymentMethod.CASH,
                received_on=when,
            )
        )
    description, account, value = IN_KIND[year % len(IN_KIND)]
    gifts.append(
        DonationData(
            donor_kind=DonorKind.COMPANY,
            donor_name=pick(name, lang),
            donor_identity=ice,
            donor_address=pick(address, lang),
            amount=value,
            method=None,
            in_kind=True,
            in_kind_description=pick(description, lang),
            in_kind_account=account,
            received_on=day(200, 330),
        )
    )
    return gifts


def _receive(
    demo: DemoContext, gift: DonationData, received: dict[int, DonationRecord], index: int
) -> None:
    if gift.in_kind:
        debit = gift.in_kind_account or "6125"
    else:
        debit = demo.cash if gift.method is PaymentMethod.CASH else demo.bank
    assert gift.received_on is not None
    record = demo.ledger.external(
        gift.received_on,
        gift.amount,
        debit,
        demo.donations,
        lambda: record_donation(demo.session, demo.actor, gift),
    )
    received[index] = record


def _cancel(demo: DemoContext, received: dict[int, DonationRecord], on: dt.date) -> None:
    gift = received.get(0)
    if gift is None:  # not received by the demo's today
        return
    debit = demo.bank  # the bounced gift was a cheque or a transfer
    demo.ledger.external(
        on,
        gift.amount,
        demo.donations,
        debit,
        lambda: cancel_donation(
            demo.session, demo.actor, gift.id, pick(CANCEL_REASONS[gift.method], demo.lang), on
        ),
    )
