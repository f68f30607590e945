"""Which income account a subsidy is credited to: the CGNC's 7161, divided by who gives it
into the application's sub-accounts 71611–71615, so that the statements, the ETIC notes and
the public-aid account read the origin of the money from the books.

The funder's kinds belong to core/funding, which the books do not import: they are named here
by their stored values, and a test keeps the two lists in step."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from nassij_desktop.core.books.models import Account

OPERATING_SUBSIDIES = "7161"  # Subventions d'exploitation reçues de l'exercice

ACCOUNT_BY_FUNDER_KIND: Mapping[str, str] = {
    "state": "71611",
    "indh": "71611",  # the national initiative is a state programme
    "region": "71612",
    "province": "71612",
    "commune": "71612",
    "public_body": "71613",
    "moroccan_private": "71614",
    "individual": "71614",
    "foreign_government": "71615",
    "international_organisation": "71615",
    "foreign_ngo": "71615",
}


def subsidy_accounts(session: Session) -> dict[str, str]:
    """Funder kind → the account its subsidies are credited to: the sub-account when the chart
    has it active and detailed, 7161 itself otherwise (a chart edited by its accountant)."""
    child = aliased(Account)
    usable = set(
        session.scalars(
            sa.select(Account.number).where(
                Account.number.in_(set(ACCOUNT_BY_FUNDER_KIND.values())),
                Account.active,
                ~sa.exists().where(child.parent_id == Account.id),
            )
        )
    )
    return {
        kind: number if number in usable else OPERATING_SUBSIDIES
        for kind, number in ACCOUNT_BY_FUNDER_KIND.items()
    }


def subsidy_account(session: Session, funder_kind: str | None) -> str:
    return subsidy_accounts(session).get(funder_kind or "", OPERATING_SUBSIDIES)


__all__ = ["ACCOUNT_BY_FUNDER_KIND", "OPERATING_SUBSIDIES", "subsidy_account", "subsidy_accounts"]
