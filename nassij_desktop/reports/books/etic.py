"""The ETIC notes a small association's financial report needs (état des informations
complémentaires): subsidies received per funder and agreement, dues, donations, foreign
funds, and contributions in kind — each summed by SQLite from the year's validated lines, the
opening entries left out, on the accounts (by their number's prefix) and the funder tags of
the lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import (
    Account,
    Journal,
    JournalEntry,
    JournalKind,
    JournalLine,
)
from nassij_desktop.core.books.statements.selection import (
    CREDIT,
    DEBIT,
    Period,
    cents,
    counted_lines,
)
from nassij_desktop.core.common.bilingual import text_in
from nassij_desktop.core.funding.models import Funder, FunderKind

# Subsidies: operating (7161) and investment (1311) grants.
SUBSIDY_ACCOUNTS = ("7161", "1311")
DUES_ACCOUNTS = ("7186",)
DONATION_ACCOUNTS = ("7187", "7586")
IN_KIND_ACCOUNTS = ("0811",)  # off the balance sheet, valued in class 0
FOREIGN_KINDS = (
    FunderKind.FOREIGN_GOVERNMENT,
    FunderKind.INTERNATIONAL_ORGANISATION,
    FunderKind.FOREIGN_NGO,
)


@dataclass(frozen=True)
class SubsidyNote:
    funder_ar: str
    funder_fr: str
    agreement_number: str
    agreement_date: dt.date | None
    foreign: bool
    amount: Decimal

    def funder(self, lang: str) -> str:
        return text_in(lang, self.funder_ar, self.funder_fr)


@dataclass(frozen=True)
class AccountNote:
    account: str
    label_ar: str
    label_fr: str
    amount: Decimal

    def label(self, lang: str) -> str:
        return text_in(lang, self.label_ar, self.label_fr)


@dataclass(frozen=True)
class EticNotes:
    subsidies: tuple[SubsidyNote, ...]  # by funder, then agreement; "" funder: not named
    dues: tuple[AccountNote, ...]
    donations: tuple[AccountNote, ...]
    in_kind: tuple[AccountNote, ...]

    @property
    def foreign(self) -> tuple[SubsidyNote, ...]:
        return tuple(note for note in self.subsidies if note.foreign)


def _prefixed(prefixes: tuple[str, ...]) -> sa.ColumnElement[bool]:
    return sa.or_(*(Account.number.like(f"{prefix}%") for prefix in prefixes))


def _year_lines(period: Period, *columns: Any) -> sa.Select[Any]:
    return (
        counted_lines(*columns, since=period.starts_on, until=period.ends_on)
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .join(Account, Account.id == JournalLine.account_id)
        .where(Journal.kind != JournalKind.OPENING)
    )


def _accounts(
    session: Session, period: Period, prefixes: tuple[str, ...], *, debit_side: bool = False
) -> tuple[AccountNote, ...]:
    net = sa.func.sum(DEBIT - CREDIT) if debit_side else sa.func.sum(CREDIT - DEBIT)
    query = (
        _year_lines(period, Account.number, Account.label_ar, Account.label_fr, net)
        .where(_prefixed(prefixes))
        .group_by(Account.number, Account.label_ar, Account.label_fr)
        .order_by(Account.number)
    )
    return tuple(
        AccountNote(number, label_ar, label_fr, cents(int(total or 0)))
        for number, label_ar, label_fr, total in session.execute(query).all()
        if total
    )


def build_etic_notes(session: Session, period: Period) -> EticNotes:
    foreign = sa.or_(Funder.foreign, Funder.kind.in_([kind.value for kind in FOREIGN_KINDS]))
    agreement = sa.func.coalesce(JournalLine.agreement_number, "")
    query = (
        _year_lines(
            period,
            sa.func.coalesce(Funder.name_ar, Funder.name_fr, ""),
            sa.func.coalesce(Funder.name_fr, ""),
            agreement,
            sa.func.max(JournalLine.agreement_date),
            sa.func.coalesce(sa.func.max(sa.case((foreign, 1), else_=0)), 0),
            sa.func.sum(CREDIT - DEBIT),
        )
        .outerjoin(Funder, Funder.id == JournalLine.funder_id)
        .where(_prefixed(SUBSIDY_ACCOUNTS))
        .group_by(JournalLine.funder_id, agreement)
        .order_by(sa.func.coalesce(Funder.name_fr, "~"), agreement)
    )
    subsidies = tuple(
        SubsidyNote(name_ar, name_fr, number, date, bool(is_foreign), cents(int(total or 0)))
        for name_ar, name_fr, number, date, is_foreign, total in session.execute(query).all()
        if total
    )
    return EticNotes(
        subsidies,
        _accounts(session, period, DUES_ACCOUNTS),
        _accounts(session, period, DONATION_ACCOUNTS),
        _accounts(session, period, IN_KIND_ACCOUNTS, debit_side=True),
    )
