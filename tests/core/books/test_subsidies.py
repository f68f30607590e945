"""A subsidy is credited to the operating grants' sub-account of who gives it (71611–71615),
so that the books themselves say where public and foreign money came from."""

from __future__ import annotations

import sqlalchemy as sa

from nassij_desktop.core.books.models import Account
from nassij_desktop.core.books.quick_entries import quick_entry_choices
from nassij_desktop.core.books.subsidies import (
    ACCOUNT_BY_FUNDER_KIND,
    OPERATING_SUBSIDIES,
    subsidy_account,
)
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.funding.models import FunderKind
from nassij_desktop.core.funding.services import FunderData, create_funder
from nassij_desktop.storage import Database


def test_every_kind_of_funder_has_a_sub_account_of_7161_in_the_chart(database: Database) -> None:
    assert set(ACCOUNT_BY_FUNDER_KIND) == {kind.value for kind in FunderKind}
    with database.session() as session:
        parents = dict(
            session.execute(
                sa.select(Account.number, Account.parent_id).where(
                    Account.number.in_(set(ACCOUNT_BY_FUNDER_KIND.values()))
                )
            ).all()
        )
        parent_id = session.scalar(sa.select(Account.id).where(Account.number == "7161"))
        assert set(parents) == set(ACCOUNT_BY_FUNDER_KIND.values())
        assert set(parents.values()) == {parent_id}
        assert subsidy_account(session, FunderKind.COMMUNE) == "71612"
        assert subsidy_account(session, FunderKind.FOREIGN_GOVERNMENT) == "71615"


def test_a_deactivated_sub_account_sends_the_subsidy_to_7161_and_the_form_follows(
    database: Database,
) -> None:
    with database.transaction() as session:
        commune = create_funder(
            session,
            CLI_ACTOR,
            FunderData(name_fr="Commune de Tiznit", kind=FunderKind.COMMUNE),
        )
        state = create_funder(
            session,
            CLI_ACTOR,
            FunderData(name_fr="Ministère de la Jeunesse", kind=FunderKind.STATE),
        )
        choices = quick_entry_choices(session, CLI_ACTOR)
        assert choices.subsidy_accounts == {commune.id: "71612", state.id: "71611"}
        session.execute(sa.update(Account).where(Account.number == "71612").values(active=False))
        assert subsidy_account(session, FunderKind.COMMUNE) == OPERATING_SUBSIDIES
        assert quick_entry_choices(session, CLI_ACTOR).subsidy_accounts[commune.id] == "7161"
