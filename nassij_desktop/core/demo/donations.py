"""The demo's donations with their receipts: local companies, a foundation, members, and a
gift in kind each year; one of them cancelled. Scheduled on the builder's timeline so that
each entry is posted in date order through its ledger (journal numbers follow the dates, the
cash and bank balances stay known) and each receipt is numbered in date order."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Protocol

from sqlalchemy.orm import Session

from nassij_desktop.core.association.numbering import next_number
from nassij_desktop.core.books.models import JournalEntry
from nassij_desktop.core.books.services import LineSpec
from nassij_desktop.core.demo.content import Text, pick
from nassij_desktop.core.demo.ledger import Ledger
from nassij_desktop.core.demo.people import DemoMember
from nassij_desktop.core.donations.models import Donation, DonorKind
from nassij_desktop.core.donations.services import RECEIPT_SERIES
from nassij_desktop.core.members.models import PaymentMethod


class _Builder(Protocol):
    """What the demo builder offers this module (kept structural: the builder imports us)."""

    session: Session
    rng: random.Random
    lang: str
    today: dt.date
    books_start: dt.date
    people: list[DemoMember]
    ledger: Ledger
    cash: str
    bank: str
    donations: str

    def event(self, day: dt.date, action: Callable[[], None], order: int = 2) -> None: ...


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
LABEL: Text = ("هبة {receipt} — {donor}", "Don {receipt} — {donor}")
CANCEL_LABEL: Text = ("إلغاء وصل الهبة {receipt}", "Annulation du reçu de don {receipt}")
CANCEL_REASON: Text = ("شيك بدون رصيد", "Chèque sans provision")


def schedule_donations(builder: _Builder) -> None:
    """Put a few recorded donations a year on the builder's timeline (before it is run)."""
    # Seeded from the builder's state without drawing from it: the rest of the demo is unchanged.
    rng = random.Random(hash(builder.rng.getstate()))
    lang = builder.lang
    for year in range(builder.books_start.year, builder.today.year + 1):
        start = dt.date(year, 1, 1)

        def day(low: int, high: int, start: dt.date = start) -> dt.date:
            return start + dt.timedelta(days=rng.randrange(low, high))

        name, ice, address = rng.choice(COMPANIES)
        gifts: list[Donation] = [
            Donation(
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
            Donation(
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
            member = rng.choice([p for p in builder.people if p.active_on(when)] or builder.people)
            gifts.append(
                Donation(
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
            Donation(
                donor_kind=DonorKind.COMPANY,
                donor_name=pick(name, lang),
                donor_identity=ice,
                donor_address=pick(address, lang),
                amount=value,
                in_kind=True,
                in_kind_description=pick(description, lang),
                received_on=day(200, 330),
            )
        )
        for gift in gifts:
            debit = account if gift.in_kind else None
            builder.event(gift.received_on, partial(_receive, builder, gift, debit))
        if year == builder.today.year:  # this year's company cheque bounced, a week later
            bounced = gifts[0]
            on = bounced.received_on + dt.timedelta(days=7)
            builder.event(on, partial(_cancel, builder, bounced, on))


def _receive(builder: _Builder, gift: Donation, in_kind_account: str | None) -> None:
    session, lang = builder.session, builder.lang
    year = gift.received_on.year
    gift.receipt_number = f"{year}-{next_number(session, RECEIPT_SERIES, year):05d}"
    if gift.in_kind:
        journal, debit = "OD", in_kind_account or "6125"
    elif gift.method is PaymentMethod.CASH:
        journal, debit = "CA", builder.cash
    else:
        journal, debit = "BQ", builder.bank
    label = pick(LABEL, lang).format(receipt=gift.receipt_number, donor=gift.donor_name)[:300]
    lines = [
        LineSpec(account=debit, debit=gift.amount, label=label),
        LineSpec(account=builder.donations, credit=gift.amount, label=label),
    ]
    entry = builder.ledger.post(gift.received_on, journal, label, lines, gift.receipt_number)
    gift.journal_entry_id = entry.id
    gift.cancelled = False
    session.add(gift)


def _cancel(builder: _Builder, gift: Donation, on: dt.date) -> None:
    if gift.journal_entry_id is None:  # not received by the demo's today
        return
    session, lang = builder.session, builder.lang
    original = session.get(JournalEntry, gift.journal_entry_id)
    assert original is not None
    label = pick(CANCEL_LABEL, lang).format(receipt=gift.receipt_number)
    reversed_lines = [
        LineSpec(account=line.account.number, debit=line.credit, credit=line.debit, label=label)
        for line in original.lines
    ]
    entry = builder.ledger.post(
        on, original.journal.code, label, reversed_lines, gift.receipt_number
    )
    entry.reverses_id = gift.journal_entry_id
    gift.cancelled = True
    gift.cancelled_on = on
    gift.cancel_reason = pick(CANCEL_REASON, lang)
    gift.cancel_entry_id = entry.id
