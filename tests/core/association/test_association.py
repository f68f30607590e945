from __future__ import annotations

import pytest
import sqlalchemy as sa

from nassij_desktop.core.association.services import (
    AssociationProfile,
    get_association,
    update_association,
)
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.books.chart import load_chart, read_chart
from nassij_desktop.core.books.models import Account
from nassij_desktop.core.common.errors import Conflict, StaleVersion, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.models import BoardRole
from nassij_desktop.storage import Database


def test_a_new_association_starts_with_the_chart_roles_and_categories(database: Database) -> None:
    with database.session() as session:
        accounts = {a.number: a for a in session.scalars(sa.select(Account))}
        roles = list(session.scalars(sa.select(BoardRole.code).order_by(BoardRole.position)))
    assert len(accounts) >= 230
    assert accounts["5161"].label_fr == "Caisses" and accounts["5161"].label_ar
    assert accounts["6131"].parent_id == accounts["613"].id
    assert accounts["613"].parent_id == accounts["61"].id
    assert roles[0] == "president" and "treasurer" in roles


def test_every_account_hangs_under_its_longest_prefix_and_a_second_load_adds_none(
    database: Database,
) -> None:
    with database.transaction() as session:
        accounts = {a.number: a for a in session.scalars(sa.select(Account))}
        for number, account in accounts.items():
            prefixes = [number[:n] for n in range(len(number) - 1, 0, -1)]
            parent = next((accounts[p] for p in prefixes if p in accounts), None)
            assert account.parent_id == (parent.id if parent else None), number
        assert {row.number for row in read_chart()} <= accounts.keys()
        assert load_chart(session) == 0


def test_one_association_per_file(database: Database) -> None:
    with pytest.raises(Conflict), database.transaction() as session:
        create_association(session, CLI_ACTOR, AssociationProfile(name_ar="ب", name_fr="B"))


def test_profile_validation_names_the_field(database: Database) -> None:
    with database.session() as session:
        version = get_association(session).version
    cases = [
        ({"rib": "001810007800020110620319"}, "rib"),  # wrong key
        ({"region_code": "13"}, "region_code"),
        ({"fiscal_year_start_month": 13}, "fiscal_year_start_month"),
        ({"name_fr": "  "}, "name_fr"),
        ({"public_utility": True}, "public_utility_decree"),
    ]
    for changes, field in cases:
        with pytest.raises(ValidationError) as error, database.transaction() as session:
            update_association(session, CLI_ACTOR, version, **changes)
        assert error.value.field == field


def test_profile_update_with_a_valid_rib_and_a_stale_copy(database: Database) -> None:
    with database.session() as session:
        version = get_association(session).version
    with database.transaction() as session:
        updated = update_association(
            session, CLI_ACTOR, version, rib="0018 1000 7800 0201 1062 0318", phone="0528 86 12 34"
        )
        assert updated.rib == "001810007800020110620318"
        assert updated.phone == "+212528861234"
    with pytest.raises(StaleVersion), database.transaction() as session:
        update_association(session, CLI_ACTOR, version, city="Agadir")


def test_a_volunteer_cannot_edit_the_profile(database: Database) -> None:
    volunteer = Actor(user_id=None, login="v", role=Role.VOLUNTEER)
    from nassij_desktop.core.common.errors import PermissionDenied

    with pytest.raises(PermissionDenied), database.transaction() as session:
        update_association(session, volunteer, None, city="Agadir")
