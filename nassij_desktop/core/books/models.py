import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nassij_desktop.core.common.base import Entity, enum_column


class AccountKind(enum.StrEnum):
    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    INCOME = "income"
    EXPENSE = "expense"
    CONTRA = "contra"
    OFF_BALANCE = "off_balance"


class FiscalYearStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # nothing written; an administrator may reopen it, with a reason
    LOCKED = "locked"  # nothing written, never reopened


class EntryState(enum.StrEnum):
    DRAFT = "draft"  # no number, may be edited or deleted
    VALIDATED = "validated"  # numbered, sealed in the chain, never edited: reversed


class JournalKind(enum.StrEnum):
    CASH = "cash"
    BANK = "bank"
    GENERAL = "general"
    OPENING = "opening"


class TreasuryKind(enum.StrEnum):
    BANK = "bank"
    CASH = "cash"


class PaymentMethod(enum.StrEnum):
    """How the money of an entry moved (its payment reference: the cheque's number, the
    transfer's reference)."""

    CASH = "cash"
    CHEQUE = "cheque"
    TRANSFER = "transfer"
    CARD = "card"
    DIRECT_DEBIT = "direct_debit"
    OTHER = "other"


class AnalyticKind(enum.StrEnum):
    PROJECT = "project"
    FUNDING = "funding"
    OTHER = "other"


class Account(Entity):
    __tablename__ = "account"

    number: Mapped[str] = mapped_column(sa.String(12), unique=True)
    label_fr: Mapped[str] = mapped_column(sa.String(200))
    label_ar: Mapped[str] = mapped_column(sa.String(200))
    account_class: Mapped[int]
    kind: Mapped[AccountKind] = mapped_column(enum_column(AccountKind))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account.id"))
    active: Mapped[bool] = mapped_column(default=True)
    source: Mapped[str | None] = mapped_column(sa.String(200))
    # The application's own divisionary accounts (dues, donations, subsidies by origin…),
    # added under their CGNC parent: not the CGNC's, so statements and exports can tell.
    extension: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    __table_args__ = (sa.CheckConstraint("account_class BETWEEN 0 AND 9", name="account_class"),)


class FiscalYear(Entity):
    __tablename__ = "fiscal_year"

    label: Mapped[str] = mapped_column(sa.String(40), unique=True)
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    status: Mapped[FiscalYearStatus] = mapped_column(
        enum_column(FiscalYearStatus), default=FiscalYearStatus.OPEN
    )
    closed_at: Mapped[dt.datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    __table_args__ = (sa.CheckConstraint("ends_on > starts_on", name="dates"),)

    @property
    def writable(self) -> bool:
        return self.status is FiscalYearStatus.OPEN


class Journal(Entity):
    __tablename__ = "journal"

    code: Mapped[str] = mapped_column(sa.String(8), unique=True)
    name_ar: Mapped[str] = mapped_column(sa.String(120))
    name_fr: Mapped[str] = mapped_column(sa.String(120))
    kind: Mapped[JournalKind] = mapped_column(enum_column(JournalKind))


class TreasuryAccount(Entity):
    """A bank account or a cash box, tied to its ledger account and journal."""

    __tablename__ = "treasury_account"

    name: Mapped[str] = mapped_column(sa.String(120))
    kind: Mapped[TreasuryKind] = mapped_column(enum_column(TreasuryKind))
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("account.id"))
    journal_id: Mapped[int] = mapped_column(sa.ForeignKey("journal.id"))
    bank_name: Mapped[str | None] = mapped_column(sa.String(120))
    rib: Mapped[str | None] = mapped_column(sa.String(24))
    active: Mapped[bool] = mapped_column(default=True)


class AnalyticTag(Entity):
    """A project or funding line that entries are tagged with (budget vs actual per funder)."""

    __tablename__ = "analytic_tag"

    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    label_ar: Mapped[str] = mapped_column(sa.String(200))
    label_fr: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[AnalyticKind] = mapped_column(enum_column(AnalyticKind))
    active: Mapped[bool] = mapped_column(default=True)


class JournalEntry(Entity):
    __tablename__ = "journal_entry"

    fiscal_year_id: Mapped[int] = mapped_column(sa.ForeignKey("fiscal_year.id"))
    journal_id: Mapped[int] = mapped_column(sa.ForeignKey("journal.id"))
    # Gap-free per journal and fiscal year, given at validation: a draft has none.
    number: Mapped[int | None]
    state: Mapped[EntryState] = mapped_column(
        enum_column(EntryState), default=EntryState.VALIDATED, server_default="validated"
    )
    entry_date: Mapped[dt.date]
    label: Mapped[str] = mapped_column(sa.String(300))
    reference: Mapped[str | None] = mapped_column(sa.String(60))  # invoice, receipt, cheque…
    # Who paid or was paid (a member, a donor, a supplier), as the FEC's CompAuxLib names
    # it, with their number when the association has one (a member's: CompAuxNum); how the
    # money moved and its reference (cheque number, transfer reference). Migration 0014.
    third_party: Mapped[str | None] = mapped_column(sa.String(200))
    third_party_code: Mapped[str | None] = mapped_column(sa.String(40))
    payment_method: Mapped[PaymentMethod | None] = mapped_column(enum_column(PaymentMethod))
    payment_reference: Mapped[str | None] = mapped_column(sa.String(60))
    voucher_attachment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("attachment.id", ondelete="SET NULL")
    )
    # Entries are never deleted (vouchers of public money are kept 10 years): they are
    # reversed by a later entry, which points back here.
    reverses_id: Mapped[int | None] = mapped_column(sa.ForeignKey("journal_entry.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    validated_at: Mapped[dt.datetime | None]
    validated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    # Tamper evidence (core/books/chain.py): each validated entry's seal covers its content
    # and the seal of the entry validated before it (chain_index − 1).
    chain_index: Mapped[int | None] = mapped_column(unique=True)
    previous_hash: Mapped[str | None] = mapped_column(sa.String(64))
    content_hash: Mapped[str | None] = mapped_column(sa.String(64))
    # Which canonical text the seal was made of (chain.SEAL_VERSIONS): 1 for the entries
    # sealed before migration 0014, which keep their seal; 2 covers line labels and the
    # third party and payment too. The posting services set chain.SEAL_VERSION.
    seal_version: Mapped[int] = mapped_column(server_default="1")

    journal: Mapped[Journal] = relationship(lazy="joined")
    lines: Mapped[list["JournalLine"]] = relationship(
        back_populates="entry", order_by="JournalLine.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.UniqueConstraint("fiscal_year_id", "journal_id", "number"),
        sa.Index("ix_journal_entry_entry_date", "entry_date"),
        sa.Index("ix_journal_entry_reverses_id", "reverses_id"),
        # A validated entry is numbered and sealed; a draft is neither.
        sa.CheckConstraint(
            "(state = 'validated' AND number IS NOT NULL AND chain_index IS NOT NULL "
            "AND content_hash IS NOT NULL) OR (state = 'draft' AND number IS NULL "
            "AND chain_index IS NULL)",
            name="state_number",
        ),
    )


class JournalLine(Entity):
    __tablename__ = "journal_line"

    entry_id: Mapped[int] = mapped_column(
        sa.ForeignKey("journal_entry.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("account.id"), index=True)
    label: Mapped[str | None] = mapped_column(sa.String(300))
    debit: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    credit: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    analytic_tag_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("analytic_tag.id"), index=True
    )
    # What the Head of Government's 2022 circular asks each entry of public aid to name.
    funder_id: Mapped[int | None] = mapped_column(sa.ForeignKey("funder.id"), index=True)
    aid_kind: Mapped[str | None] = mapped_column(sa.String(60))
    agreement_number: Mapped[str | None] = mapped_column(sa.String(60))
    agreement_date: Mapped[dt.date | None]
    voucher_attachment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("attachment.id", ondelete="SET NULL")
    )

    entry: Mapped[JournalEntry] = relationship(back_populates="lines")
    account: Mapped[Account] = relationship(lazy="joined")

    __table_args__ = (
        # A line is a debit or a credit, never both, never negative, never empty.
        sa.CheckConstraint(
            "debit >= 0 AND credit >= 0 AND ((debit = 0) <> (credit = 0))", name="one_side"
        ),
    )


class Budget(Entity):
    """A year's budget, for the whole association (no tag) or for one project/funding tag."""

    __tablename__ = "budget"

    fiscal_year_id: Mapped[int] = mapped_column(sa.ForeignKey("fiscal_year.id"))
    analytic_tag_id: Mapped[int | None] = mapped_column(sa.ForeignKey("analytic_tag.id"))
    name: Mapped[str] = mapped_column(sa.String(200))

    lines: Mapped[list["BudgetAmount"]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (sa.UniqueConstraint("fiscal_year_id", "analytic_tag_id", "name"),)


class BudgetAmount(Entity):
    __tablename__ = "budget_amount"

    budget_id: Mapped[int] = mapped_column(sa.ForeignKey("budget.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("account.id"))
    amount: Mapped[Decimal]

    __table_args__ = (sa.UniqueConstraint("budget_id", "account_id"),)


class BankStatement(Entity):
    """A bank statement file imported for a bank account (core/books/reconciliation.py)."""

    __tablename__ = "bank_statement"

    treasury_account_id: Mapped[int] = mapped_column(
        sa.ForeignKey("treasury_account.id"), index=True
    )
    file_name: Mapped[str] = mapped_column(sa.String(260))
    imported_at: Mapped[dt.datetime]
    imported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]

    lines: Mapped[list["BankStatementLine"]] = relationship(
        back_populates="statement",
        order_by="BankStatementLine.position",
        cascade="all, delete-orphan",
    )

    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="dates"),)


class BankStatementLine(Entity):
    """One line of a bank statement, in the bank's terms: a debit is money out of the account
    (a credit of the books' bank account), a credit money in. Matched to at most one journal
    line of the bank account, which it then clears."""

    __tablename__ = "bank_statement_line"

    statement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("bank_statement.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    line_date: Mapped[dt.date]
    label: Mapped[str] = mapped_column(sa.String(300))
    debit: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    credit: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    balance: Mapped[Decimal | None]
    journal_line_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("journal_line.id"), unique=True
    )

    statement: Mapped[BankStatement] = relationship(back_populates="lines")

    __table_args__ = (
        sa.UniqueConstraint("statement_id", "position"),
        sa.CheckConstraint(
            "debit >= 0 AND credit >= 0 AND ((debit = 0) <> (credit = 0))", name="one_side"
        ),
    )


class ClearedLine(Entity):
    """The cleared mark of a journal line of a bank account: seen on the bank's statement on
    `cleared_on`. Kept beside the line, not on it: a validated line is sealed and never
    written again (core/books/chain.py)."""

    __tablename__ = "cleared_line"

    journal_line_id: Mapped[int] = mapped_column(
        sa.ForeignKey("journal_line.id", ondelete="CASCADE"), unique=True
    )
    cleared_on: Mapped[dt.date]
    statement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("bank_statement.id", ondelete="SET NULL"), index=True
    )
    cleared_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
