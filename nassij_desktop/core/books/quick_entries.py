"""The treasurer's quick entries: a receipt, an expense, a transfer between bank and cash, a
subsidy tranche, a salary. Each is a simple form over one balanced entry written by
`services.post_entry`, in the caller's transaction, in the journal of its treasury account.

Every refusal names its field (`amount`, `date`, `treasury`, `account`, `voucher`, `label`,
`funder`, `aid_kind`, `agreement_number`, `agreement_date`, `analytic_tag`…), so a form puts
it beside the editor. The third party and the payment method and reference are the entry's
own columns (sealed with it, exported to the FEC); the lines' labels still say them too, for
whoever reads the ledger (the treasury line carries the means of payment, as a bank
statement's line does). A cheque needs its number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from nassij_desktop.core.books.association_terms import fiscal_year_start_month
from nassij_desktop.core.books.models import (
    Account,
    AnalyticTag,
    FiscalYear,
    FiscalYearStatus,
    Journal,
    JournalEntry,
    JournalLine,
    PaymentMethod,
    TreasuryAccount,
    TreasuryKind,
)
from nassij_desktop.core.books.services import (
    NO_PARTIES,
    EntryParties,
    LineSpec,
    check_receipt_amount,
    post_entry,
)
from nassij_desktop.core.books.subsidies import OPERATING_SUBSIDIES, subsidy_accounts
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.validators import clean_text, column_length, parse_money
from nassij_desktop.i18n import N_, _

# Funders belong to the funding domain, above books: entries name them by id (see __init__).
_FUNDER = sa.table(
    "funder", sa.column("id"), sa.column("name_ar"), sa.column("name_fr"), sa.column("kind")
)

RECEIPT_CLASSES = (7,)  # income
EXPENSE_CLASSES = (6, 2)  # charges, and fixed assets bought
SUBSIDY_CLASSES = (7, 1)  # operating subsidies (716), investment subsidies (13)
# The usual accounts of a salary (CGNC): gross pay, income tax withheld, CNSS.
SALARY_EXPENSE = "6171"
SALARY_WITHHOLDING = "4452"
SALARY_CNSS = "4441"


PAYMENT_METHOD_LABELS = {
    PaymentMethod.CASH: N_("Cash"),
    PaymentMethod.CHEQUE: N_("Cheque"),
    PaymentMethod.TRANSFER: N_("Bank transfer"),
    PaymentMethod.CARD: N_("Card"),
    PaymentMethod.DIRECT_DEBIT: N_("Direct debit"),
    PaymentMethod.OTHER: N_("Other"),
}


@dataclass(frozen=True)
class AidTagging:
    """What a line of public or foreign money names (Head of Government's circular, 2022)."""

    analytic_tag_id: int | None = None
    funder_id: int | None = None
    aid_kind: str | None = None
    agreement_number: str | None = None
    agreement_date: dt.date | None = None


@dataclass(frozen=True)
class MoneyMovement:
    """A receipt or an expense as the form gives it: money in or out of `treasury_id`,
    against `account` (an income account, or a charge or fixed asset)."""

    entry_date: dt.date | None
    amount: Decimal | int | str
    account: str
    treasury_id: int | None
    label: str
    voucher: str
    third_party: str | None = None
    payment_method: PaymentMethod | None = None
    payment_reference: str | None = None
    tags: AidTagging = AidTagging()


@dataclass(frozen=True)
class Transfer:
    """Money moved between two treasury accounts (cash paid into the bank, a withdrawal)."""

    entry_date: dt.date | None
    amount: Decimal | int | str
    from_treasury_id: int | None
    to_treasury_id: int | None
    label: str
    voucher: str
    payment_reference: str | None = None
    payment_method: PaymentMethod | None = None


@dataclass(frozen=True)
class SubsidyTranche:
    """A tranche of a subsidy received into the bank: the funder, the kind of aid and the
    agreement are required (public money)."""

    entry_date: dt.date | None
    amount: Decimal | int | str
    account: str
    treasury_id: int | None
    label: str
    voucher: str
    funder_id: int | None
    aid_kind: str
    agreement_number: str
    agreement_date: dt.date | None
    analytic_tag_id: int | None = None
    payment_reference: str | None = None
    payment_method: PaymentMethod | None = None


@dataclass(frozen=True)
class Salary:
    """A month's pay: the gross salary is a charge, the income tax withheld and the CNSS share
    are owed to the State and the CNSS, the net is paid from `treasury_id`."""

    entry_date: dt.date | None
    gross: Decimal | int | str
    withholding: Decimal | int | str
    cnss: Decimal | int | str
    treasury_id: int | None
    employee: str
    voucher: str
    label: str = ""
    payment_method: PaymentMethod | None = None
    payment_reference: str | None = None
    expense_account: str = SALARY_EXPENSE
    withholding_account: str = SALARY_WITHHOLDING
    cnss_account: str = SALARY_CNSS
    tags: AidTagging = AidTagging()


@dataclass(frozen=True)
class QuickEntryRecord:
    """The entry a quick form wrote."""

    entry_id: int
    journal: str
    number: int
    entry_date: dt.date
    amount: Decimal  # total of the debits
    label: str
    voucher: str


@dataclass(frozen=True)
class _Treasury:
    id: int
    account: str
    journal: str
    kind: TreasuryKind


# --- checks: each names its field ------------------------------------------------------------


def _check_amount(amount: Decimal | int | str, field: str = "amount") -> Decimal:
    """An amount typed as people write it ("12 000,00", "12000.50") or given as a number."""
    if isinstance(amount, str):
        amount = parse_money(amount, field=field)
    return check_receipt_amount(amount, field=field)


def _check_zero_or_more(amount: Decimal | int | str, field: str) -> Decimal:
    if isinstance(amount, str):
        amount = parse_money(amount, field=field) if amount.strip() else ZERO
    if amount == 0:
        return ZERO
    return check_receipt_amount(amount, field=field)


def _check_date(session: Session, day: dt.date | None) -> dt.date:
    """A date inside a fiscal year that is open (a year the books have not opened yet is
    opened by `post_entry` on first use)."""
    if day is None:
        raise ValidationError("date", _("Enter a date."))
    year = session.scalar(
        sa.select(FiscalYear).where(FiscalYear.starts_on <= day, FiscalYear.ends_on >= day)
    )
    if year is not None and year.status is not FiscalYearStatus.OPEN:
        raise ValidationError(
            "date",
            _("The fiscal year {year} is closed; no entry can be added to it.").format(
                year=year.label
            ),
        )
    return day


def _check_treasury(
    session: Session, treasury_id: int | None, field: str = "treasury"
) -> _Treasury:
    row = None
    if treasury_id is not None:
        row = session.execute(
            sa.select(
                TreasuryAccount.id,
                Account.number,
                Journal.code,
                TreasuryAccount.kind,
                TreasuryAccount.active,
            )
            .join(Account, Account.id == TreasuryAccount.account_id)
            .join(Journal, Journal.id == TreasuryAccount.journal_id)
            .where(TreasuryAccount.id == treasury_id)
        ).one_or_none()
    if row is None:
        raise ValidationError(field, _("Choose the bank account or the cash box."))
    if not row.active:
        raise ValidationError(field, _("This treasury account is closed."))
    return _Treasury(row.id, row.number, row.code, row.kind)


def _check_account(
    session: Session, number: str, classes: Collection[int], field: str = "account"
) -> str:
    """An account of the chart, active, detailed (no sub-account under it), of `classes`."""
    number = (number or "").strip()
    if not number:
        raise ValidationError(field, _("Choose the account."))
    account = session.scalar(sa.select(Account).where(Account.number == number))
    if account is None:
        raise ValidationError(
            field, _("The account {account} is not in the chart.").format(account=number)
        )
    if not account.active:
        raise ValidationError(
            field, _("The account {account} is deactivated.").format(account=number)
        )
    if account.account_class not in classes:
        raise ValidationError(
            field,
            _("The account {account} is not of class {classes}.").format(
                account=number, classes=" / ".join(str(c) for c in classes)
            ),
        )
    if session.scalar(sa.select(sa.exists().where(Account.parent_id == account.id))):
        raise ValidationError(
            field,
            _("The account {account} has sub-accounts: choose one of them.").format(account=number),
        )
    return number


def _check_text(value: str | None, field: str, max_length: int | None, required: str) -> str:
    text = clean_text(value, field=field, max_length=max_length) or ""
    if not text:
        raise ValidationError(field, required)
    return text


def _optional_text(value: str | None, field: str, max_length: int | None) -> str | None:
    return clean_text(value, field=field, max_length=max_length)


def _check_voucher(value: str | None) -> str:
    return _check_text(
        value,
        "voucher",
        column_length(JournalEntry.reference),
        _("Give the voucher reference (receipt, invoice, statement…)."),
    )


def require_public_tags(
    funder_id: int | None,
    aid_kind: str | None,
    agreement_number: str | None,
    agreement_date: dt.date | None,
) -> None:
    """Public money names its funder, the kind of aid and the agreement's number and date
    (Head of Government's circular of 12 August 2022): refused on the first one missing."""
    if funder_id is None:
        raise ValidationError("funder", _("Choose the funder."))
    if not aid_kind:
        raise ValidationError("aid_kind", _("Give the kind of aid."))
    if not agreement_number:
        raise ValidationError("agreement_number", _("Give the agreement number."))
    if agreement_date is None:
        raise ValidationError("agreement_date", _("Give the agreement date."))


def _check_tags(session: Session, tags: AidTagging, *, public: bool = False) -> AidTagging:
    """The project tag and the funder exist; for public money (`public`) the funder, the kind
    of aid and the agreement's number and date are all required."""
    if tags.analytic_tag_id is not None and not session.scalar(
        sa.select(sa.exists().where(AnalyticTag.id == tags.analytic_tag_id))
    ):
        raise ValidationError("analytic_tag", _("Unknown project."))
    if tags.funder_id is not None and not session.scalar(
        sa.select(sa.exists().where(_FUNDER.c.id == tags.funder_id))
    ):
        raise ValidationError("funder", _("Unknown funder."))
    aid_kind = _optional_text(tags.aid_kind, "aid_kind", column_length(JournalLine.aid_kind))
    agreement = _optional_text(
        tags.agreement_number, "agreement_number", column_length(JournalLine.agreement_number)
    )
    if public:
        require_public_tags(tags.funder_id, aid_kind, agreement, tags.agreement_date)
    return AidTagging(
        tags.analytic_tag_id, tags.funder_id, aid_kind, agreement, tags.agreement_date
    )


def aid_tagging(
    session: Session,
    *,
    project: str | None = None,
    funder_id: int | None = None,
    aid_kind: str | None = None,
    agreement_number: str | None = None,
    agreement_date: dt.date | None = None,
) -> AidTagging:
    """The tags a command gives by name (the project's code), checked as the forms' are."""
    tag_id = None
    if project:
        tag_id = session.scalar(sa.select(AnalyticTag.id).where(AnalyticTag.code == project))
        if tag_id is None:
            raise ValidationError("project", _("There is no project {code}.").format(code=project))
    return _check_tags(
        session, AidTagging(tag_id, funder_id, aid_kind, agreement_number, agreement_date)
    )


_LINE_LABEL = column_length(JournalLine.label) or 300


def _line_label(*parts: str | None) -> str:
    return " — ".join(p for p in parts if p)[:_LINE_LABEL]


def _payment_text(method: PaymentMethod | None, reference: str | None) -> str | None:
    """How the money moved, as the treasury line keeps it ("cheque 1234567"): codes, not
    translated words, since the books are read in both languages."""
    parts = [method.value if method else None, reference]
    return " ".join(p for p in parts if p) or None


def _line(
    account: str, *, debit: Decimal = ZERO, credit: Decimal = ZERO, label: str, tags: AidTagging
) -> LineSpec:
    return LineSpec(
        account=account,
        debit=debit,
        credit=credit,
        label=label,
        analytic_tag_id=tags.analytic_tag_id,
        funder_id=tags.funder_id,
        aid_kind=tags.aid_kind,
        agreement_number=tags.agreement_number,
        agreement_date=tags.agreement_date,
    )


def _post(
    session: Session,
    actor: Actor,
    journal: str,
    day: dt.date,
    label: str,
    voucher: str,
    lines: Sequence[LineSpec],
    parties: EntryParties = NO_PARTIES,
) -> QuickEntryRecord:
    entry = post_entry(
        session,
        actor,
        journal=journal,
        entry_date=day,
        label=label,
        lines=lines,
        reference=voucher,
        fiscal_year_start_month=fiscal_year_start_month(session),
        parties=parties,
    )
    total = sum((line.debit for line in lines), ZERO)
    assert entry.number is not None  # posted validated, so numbered
    return QuickEntryRecord(entry.id, journal, entry.number, day, total, label, voucher)


def _checked_movement(
    session: Session, data: MoneyMovement, classes: Collection[int]
) -> tuple[Decimal, dt.date, _Treasury, str, str, str, AidTagging]:
    amount = _check_amount(data.amount)
    day = _check_date(session, data.entry_date)
    treasury = _check_treasury(session, data.treasury_id)
    account = _check_account(session, data.account, classes)
    label = _check_text(
        data.label, "label", column_length(JournalEntry.label), _("Give the label of the entry.")
    )
    voucher = _check_voucher(data.voucher)
    tags = _check_tags(session, data.tags)
    return amount, day, treasury, account, label, voucher, tags


def _third_party(value: str | None) -> str | None:
    return _optional_text(value, "third_party", column_length(JournalEntry.third_party))


def _payment_reference(value: str | None) -> str | None:
    return _optional_text(value, "payment_reference", column_length(JournalEntry.payment_reference))


def entry_parties(
    third_party: str | None, method: PaymentMethod | str | None, reference: str | None
) -> EntryParties:
    """The entry's third party and payment; a cheque is known by its number."""
    method = PaymentMethod(method) if method else None
    reference = _payment_reference(reference)
    if method is PaymentMethod.CHEQUE and not reference:
        raise ValidationError("payment_reference", _("Give the cheque number."))
    return EntryParties(_third_party(third_party), None, method, reference)


# --- the services ----------------------------------------------------------------------------


def record_receipt(session: Session, actor: Actor, data: MoneyMovement) -> QuickEntryRecord:
    """Money received into a bank account or the cash box: debit the treasury, credit the
    income account (class 7)."""
    actor.require(Permission.BOOKS_WRITE)
    amount, day, treasury, account, label, voucher, tags = _checked_movement(
        session, data, RECEIPT_CLASSES
    )
    parties = entry_parties(data.third_party, data.payment_method, data.payment_reference)
    third = parties.third_party
    payment = _payment_text(parties.payment_method, parties.payment_reference)
    lines = [
        _line(treasury.account, debit=amount, label=_line_label(label, third, payment), tags=tags),
        _line(account, credit=amount, label=_line_label(label, third), tags=tags),
    ]
    return _post(session, actor, treasury.journal, day, label, voucher, lines, parties)


def record_expense(session: Session, actor: Actor, data: MoneyMovement) -> QuickEntryRecord:
    """Money paid out of a bank account or the cash box: debit the charge (class 6) or the
    fixed asset bought (class 2), credit the treasury."""
    actor.require(Permission.BOOKS_WRITE)
    amount, day, treasury, account, label, voucher, tags = _checked_movement(
        session, data, EXPENSE_CLASSES
    )
    parties = entry_parties(data.third_party, data.payment_method, data.payment_reference)
    third = parties.third_party
    payment = _payment_text(parties.payment_method, parties.payment_reference)
    lines = [
        _line(account, debit=amount, label=_line_label(label, third), tags=tags),
        _line(treasury.account, credit=amount, label=_line_label(label, third, payment), tags=tags),
    ]
    return _post(session, actor, treasury.journal, day, label, voucher, lines, parties)


def record_transfer(session: Session, actor: Actor, data: Transfer) -> QuickEntryRecord:
    """Money moved from one treasury account to another (cash paid into the bank, a
    withdrawal), in the journal of the account it leaves."""
    actor.require(Permission.BOOKS_WRITE)
    amount = _check_amount(data.amount)
    day = _check_date(session, data.entry_date)
    source = _check_treasury(session, data.from_treasury_id, "from_treasury")
    target = _check_treasury(session, data.to_treasury_id, "to_treasury")
    if source.id == target.id or source.account == target.account:
        raise ValidationError(
            "to_treasury", _("Choose another account than the one the money leaves.")
        )
    label = _check_text(
        data.label, "label", column_length(JournalEntry.label), _("Give the label of the entry.")
    )
    voucher = _check_voucher(data.voucher)
    parties = entry_parties(None, data.payment_method, data.payment_reference)
    payment = parties.payment_reference
    none = AidTagging()
    lines = [
        _line(target.account, debit=amount, label=_line_label(label, payment), tags=none),
        _line(source.account, credit=amount, label=_line_label(label, payment), tags=none),
    ]
    return _post(session, actor, source.journal, day, label, voucher, lines, parties)


def record_subsidy_tranche(
    session: Session, actor: Actor, data: SubsidyTranche
) -> QuickEntryRecord:
    """A subsidy's tranche received into the bank: debit the bank, credit the subsidy account
    (716x, or 13x for an investment subsidy); both lines name the funder, the kind of aid and
    the agreement (required)."""
    actor.require(Permission.BOOKS_WRITE)
    amount = _check_amount(data.amount)
    day = _check_date(session, data.entry_date)
    treasury = _check_treasury(session, data.treasury_id)
    if treasury.kind is not TreasuryKind.BANK:
        raise ValidationError("treasury", _("A subsidy is received into a bank account."))
    account = _check_account(session, data.account, SUBSIDY_CLASSES)
    label = _check_text(
        data.label, "label", column_length(JournalEntry.label), _("Give the label of the entry.")
    )
    voucher = _check_voucher(data.voucher)
    tags = _check_tags(
        session,
        AidTagging(
            data.analytic_tag_id,
            data.funder_id,
            data.aid_kind,
            data.agreement_number,
            data.agreement_date,
        ),
        public=True,
    )
    # The funder is the third party, as the FEC names it.
    parties = entry_parties(
        _funder_name(session, tags.funder_id), data.payment_method, data.payment_reference
    )
    payment = parties.payment_reference
    lines = [
        _line(treasury.account, debit=amount, label=_line_label(label, payment), tags=tags),
        _line(account, credit=amount, label=label, tags=tags),
    ]
    return _post(session, actor, treasury.journal, day, label, voucher, lines, parties)


def _funder_name(session: Session, funder_id: int | None) -> str | None:
    row = session.execute(
        sa.select(_FUNDER.c.name_fr, _FUNDER.c.name_ar).where(_FUNDER.c.id == funder_id)
    ).first()
    return (row.name_fr or row.name_ar) if row else None


def record_salary(session: Session, actor: Actor, data: Salary) -> QuickEntryRecord:
    """A salary paid: debit the gross pay (6171), credit the income tax withheld (4452) and
    the CNSS share (4441) owed, credit the treasury with the net paid."""
    actor.require(Permission.BOOKS_WRITE)
    gross = _check_amount(data.gross, "gross")
    withholding = _check_zero_or_more(data.withholding, "withholding")
    cnss = _check_zero_or_more(data.cnss, "cnss")
    net = gross - withholding - cnss
    if net <= 0:
        raise ValidationError(
            "gross", _("The gross salary must be more than what is withheld from it.")
        )
    day = _check_date(session, data.entry_date)
    treasury = _check_treasury(session, data.treasury_id)
    expense = _check_account(session, data.expense_account, (6,), "expense_account")
    withheld_to = _check_account(session, data.withholding_account, (4,), "withholding_account")
    cnss_to = _check_account(session, data.cnss_account, (4,), "cnss_account")
    employee = _check_text(data.employee, "employee", 120, _("Give the name of the employee."))
    label = clean_text(
        data.label, field="label", max_length=column_length(JournalEntry.label)
    ) or _line_label(_("Salary"), employee)
    voucher = _check_voucher(data.voucher)
    tags = _check_tags(session, data.tags)
    parties = entry_parties(employee, data.payment_method, data.payment_reference)
    payment = _payment_text(parties.payment_method, parties.payment_reference)
    lines = [_line(expense, debit=gross, label=_line_label(label, employee), tags=tags)]
    if withholding:
        lines.append(_line(withheld_to, credit=withholding, label=label, tags=tags))
    if cnss:
        lines.append(_line(cnss_to, credit=cnss, label=label, tags=tags))
    lines.append(
        _line(treasury.account, credit=net, label=_line_label(label, employee, payment), tags=tags)
    )
    return _post(session, actor, treasury.journal, day, label, voucher, lines, parties)


# --- what the forms offer ----------------------------------------------------------------------


@dataclass(frozen=True)
class AccountChoice:
    number: str
    label_ar: str
    label_fr: str
    account_class: int

    def label(self, lang: str) -> str:
        return self.label_ar if lang == "ar" else self.label_fr


@dataclass(frozen=True)
class NamedChoice:
    id: int
    name_ar: str
    name_fr: str

    def name(self, lang: str) -> str:
        first, other = (
            (self.name_ar, self.name_fr) if lang == "ar" else (self.name_fr, self.name_ar)
        )
        return first or other


@dataclass(frozen=True)
class QuickEntryChoices:
    """What the quick forms offer: detailed active accounts by class, projects, funders."""

    accounts: tuple[AccountChoice, ...]
    projects: tuple[NamedChoice, ...]
    funders: tuple[NamedChoice, ...]
    # Funder id → the account its subsidies are credited to (core/books/subsidies.py).
    subsidy_accounts: Mapping[int, str] = field(default_factory=dict)

    def of_classes(self, classes: Collection[int]) -> list[AccountChoice]:
        return [a for a in self.accounts if a.account_class in classes]


def quick_entry_choices(session: Session, actor: Actor) -> QuickEntryChoices:
    actor.require(Permission.BOOKS_READ)
    # The parents listed once (no index on parent_id: a correlated EXISTS scans the chart
    # once per account, 20 ms on every opening of the Treasury page).
    child = aliased(Account)
    parents = sa.select(child.parent_id).where(child.parent_id.is_not(None))
    accounts = tuple(
        AccountChoice(r.number, r.label_ar, r.label_fr, r.account_class)
        for r in session.execute(
            sa.select(Account.number, Account.label_ar, Account.label_fr, Account.account_class)
            .where(Account.active, Account.id.not_in(parents))
            .order_by(Account.number)
        )
    )
    projects = tuple(
        NamedChoice(r.id, r.label_ar, r.label_fr)
        for r in session.execute(
            sa.select(AnalyticTag.id, AnalyticTag.label_ar, AnalyticTag.label_fr)
            .where(AnalyticTag.active)
            .order_by(AnalyticTag.code)
        )
    )
    rows = session.execute(
        sa.select(_FUNDER.c.id, _FUNDER.c.name_ar, _FUNDER.c.name_fr, _FUNDER.c.kind).order_by(
            _FUNDER.c.name_fr
        )
    ).all()
    funders = tuple(NamedChoice(r.id, r.name_ar or "", r.name_fr or "") for r in rows)
    by_kind = subsidy_accounts(session)
    credited = {r.id: by_kind.get(r.kind, OPERATING_SUBSIDIES) for r in rows}
    return QuickEntryChoices(accounts, projects, funders, credited)


__all__ = [
    "PAYMENT_METHOD_LABELS",
    "AccountChoice",
    "AidTagging",
    "MoneyMovement",
    "NamedChoice",
    "PaymentMethod",
    "QuickEntryChoices",
    "QuickEntryRecord",
    "Salary",
    "SubsidyTranche",
    "Transfer",
    "entry_parties",
    "quick_entry_choices",
    "record_expense",
    "record_receipt",
    "record_salary",
    "record_subsidy_tranche",
    "record_transfer",
    "require_public_tags",
]
