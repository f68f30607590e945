"""The chart of accounts, editable within its classes: sub-accounts added under a parent,
labels renamed, accounts deactivated (refused in new entries), an unused account deleted — a
used one never. And the statement model (normal, simplified, super-simplified) the books keep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.association_terms import (
    STATEMENT_MODEL_SETTING,
    statement_model,
    store_statement_model,
)
from nassij_desktop.core.books.models import (
    Account,
    AccountKind,
    BudgetAmount,
    JournalLine,
    TreasuryAccount,
)
from nassij_desktop.core.common import audit, conflicts
from nassij_desktop.core.common.conflicts import locked
from nassij_desktop.core.common.errors import Conflict, NotFound, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.validators import clean_text, column_length
from nassij_desktop.i18n import N_, _

STATEMENT_MODEL_LABELS = {
    "normal": N_("normal model"),
    "simplified": N_("simplified model"),
    "super_simplified": N_("super-simplified model"),
}
_NUMBER = re.compile(r"[0-9]{2,12}")


@dataclass(frozen=True)
class AccountRecord:
    id: int
    number: str
    label_ar: str
    label_fr: str
    account_class: int
    kind: AccountKind
    parent: str | None
    active: bool
    extension: bool  # the application's own account, not the CGNC's
    used: bool  # entry lines, treasury accounts or budgets refer to it
    version: int = 0  # what a rename opened (core/common/conflicts.py)

    def label(self, lang: str) -> str:
        return self.label_ar if lang == "ar" else self.label_fr


def _used_ids(session: Session) -> set[int]:
    used: set[int] = set()
    for column in (JournalLine.account_id, TreasuryAccount.account_id, BudgetAmount.account_id):
        used.update(session.scalars(sa.select(column).distinct()))
    return used


def _record(account: Account, parents: dict[int, str], used: set[int]) -> AccountRecord:
    return AccountRecord(
        account.id,
        account.number,
        account.label_ar,
        account.label_fr,
        account.account_class,
        account.kind,
        parents.get(account.parent_id) if account.parent_id else None,
        account.active,
        account.extension,
        account.id in used,
        account.version,
    )


def list_accounts(
    session: Session, actor: Actor, *, account_class: int | None = None
) -> list[AccountRecord]:
    """The chart, in number order (of one class when asked)."""
    actor.require(Permission.BOOKS_READ)
    query = sa.select(Account).order_by(Account.number)
    if account_class is not None:
        query = query.where(Account.account_class == account_class)
    accounts = list(session.scalars(query))
    parents = dict(session.execute(sa.select(Account.id, Account.number)).all())
    used = _used_ids(session)
    return [_record(a, parents, used) for a in accounts]


def _account(session: Session, number: str) -> Account:
    account = session.scalar(sa.select(Account).where(Account.number == number.strip()))
    if account is None:
        raise NotFound(_("The account {account} is not in the chart.").format(account=number))
    return account


def _labels(label_ar: str | None, label_fr: str | None) -> dict[str, str]:
    labels = {}
    for field, value in (("label_ar", label_ar), ("label_fr", label_fr)):
        text = clean_text(value, field=field, max_length=column_length(getattr(Account, field)))
        if not text:
            raise ValidationError(field, _("Give the name in Arabic and in French."))
        labels[field] = text
    return labels


def _one(session: Session, account: Account) -> AccountRecord:
    parents = dict(session.execute(sa.select(Account.id, Account.number)).all())
    return _record(account, parents, _used_ids(session))


def add_account(
    session: Session, actor: Actor, number: str, label_ar: str, label_fr: str
) -> AccountRecord:
    """A sub-account under the account whose number is the longest prefix of `number`: it
    stays in its parent's class and takes its kind."""
    actor.require(Permission.BOOKS_WRITE)
    number = (number or "").strip()
    if not _NUMBER.fullmatch(number):
        raise ValidationError("number", _("An account number is made of 2 to 12 digits."))
    if session.scalar(sa.select(Account.id).where(Account.number == number)):
        raise Conflict(_("The account {account} is already in the chart.").format(account=number))
    prefixes = [number[:n] for n in range(len(number) - 1, 0, -1)]
    parent = session.scalar(
        sa.select(Account)
        .where(Account.number.in_(prefixes))
        .order_by(sa.func.length(Account.number).desc())
        .limit(1)
    )
    if parent is None:
        raise ValidationError(
            "number",
            _(
                "The account {account} has no parent in the chart: its number must start with "
                "the number of an existing account of its class."
            ).format(account=number),
        )
    labels = _labels(label_ar, label_fr)
    account = Account(
        number=number,
        account_class=parent.account_class,
        kind=parent.kind,
        parent_id=parent.id,
        active=True,
        extension=True,
        source=None,
        **labels,
    )
    session.add(account)
    audit.log_write(session, actor, "create", account, snapshot=audit.snapshot)
    return _one(session, account)


def rename_account(
    session: Session,
    actor: Actor,
    number: str,
    label_ar: str,
    label_fr: str,
    *,
    expected_version: int | None = None,
    overwrite: bool = False,
) -> AccountRecord:
    """New names for an account. Refused over a newer save (`ConflictError`) unless
    `overwrite` (core/common/conflicts.py)."""
    actor.require(Permission.BOOKS_WRITE)
    account = locked(session, Account, _account(session, number).id, _("account"))
    overwriting = conflicts.check_version(account, expected_version, overwrite=overwrite)
    labels = _labels(label_ar, label_fr)
    before = {"label_ar": account.label_ar, "label_fr": account.label_fr}
    account.label_ar, account.label_fr = labels["label_ar"], labels["label_fr"]
    action = conflicts.OVERWRITE_ACTION if overwriting else "update"
    audit.log_write(session, actor, action, account, before=before, after=labels)
    return _one(session, account)


def set_account_active(
    session: Session,
    actor: Actor,
    number: str,
    active: bool,
    *,
    expected_version: int | None = None,
    overwrite: bool = False,
) -> AccountRecord:
    """Deactivate an account (used or not: its entries stay, new entries refuse it), or
    activate it again. Refused over a newer save (`ConflictError`) unless `overwrite`."""
    actor.require(Permission.BOOKS_WRITE)
    account = locked(session, Account, _account(session, number).id, _("account"))
    overwriting = conflicts.check_version(account, expected_version, overwrite=overwrite)
    if account.active != active:
        account.active = active
        audit.log_write(
            session,
            actor,
            conflicts.OVERWRITE_ACTION if overwriting else "activate" if active else "deactivate",
            account,
            before={"active": not active},
            after={"active": active},
        )
    return _one(session, account)


def delete_account(session: Session, actor: Actor, number: str) -> None:
    """Delete an account nothing refers to; a used account is only ever deactivated."""
    actor.require(Permission.BOOKS_WRITE)
    account = _account(session, number)
    if account.id in _used_ids(session):
        raise Conflict(
            _(
                "The account {account} is used by entries, a treasury account or a budget: "
                "it cannot be deleted. Deactivate it instead."
            ).format(account=account.number)
        )
    if session.scalar(sa.select(Account.id).where(Account.parent_id == account.id).limit(1)):
        raise Conflict(
            _("The account {account} has sub-accounts: delete them first.").format(
                account=account.number
            )
        )
    before = audit.snapshot(account)
    account_id = account.id
    session.delete(account)
    session.flush()
    audit.record(session, actor, "delete", "account", account_id, before=before)


def set_statement_model(session: Session, actor: Actor, model: str) -> str:
    """The CNC model the statements follow (avis n° 23, 2023), by level of operating income."""
    actor.require(Permission.BOOKS_WRITE)
    if model not in STATEMENT_MODEL_LABELS:
        raise ValidationError(
            "statement_model",
            _("Choose the normal, simplified or super-simplified model."),
        )
    before = statement_model(session)
    if model != before:
        setting_id = store_statement_model(session, model)
        audit.record(
            session,
            actor,
            "update",
            "setting",
            setting_id,
            before={STATEMENT_MODEL_SETTING: before},
            after={STATEMENT_MODEL_SETTING: model},
        )
    return model
