"""Creating the association on a server set up as docs/shared-mode.md says (section 2, its
SQL run here as written): the daily role `nassij_app` is refused with one sentence naming the
owner's role, before anything is written (the window's check, `init`, `migrate-to`, an
upgrade); the owner creates it in ONE transaction (a failing administrator leaves the database
empty); then the daily role, through the default privileges alone, opens it and writes."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import Database, errors, migrate, open_database, server
from nassij_desktop.storage.creation import OwnerAccount, create_association_file
from nassij_desktop.storage.transfer import copy_association
from tests.conftest import Nassij
from tests.postgres import as_role, guide_database, run_sql, table_names

PROFILE = AssociationProfile(name_ar="جمعية النور", name_fr="Association Annour")


@pytest.fixture
def guide_db(postgres_url: str) -> Iterator[str]:
    """The database and its two roles, made by the guide's SQL; its URL (superuser)."""
    with guide_database(postgres_url, "guide_db") as url:
        yield url


def test_the_daily_role_is_refused_and_the_owner_creates_in_one_transaction(
    guide_db: str, database: Database, nassij: Nassij
) -> None:
    app, owner = as_role(guide_db, "nassij_app"), as_role(guide_db, "nassij_owner")
    # The daily role: said before the association's details are asked, and nothing written.
    found = server.check_server(app)
    assert found.state == "empty" and not found.can_create
    assert found.refusal is not None and "nassij_owner" in found.refusal
    assert "may not create tables" in found.message
    for attempt in (
        lambda: create_association_file(app, PROFILE),
        lambda: open_database(app),
        lambda: copy_association(database, app, actor=Actor(None, "admin", Role.ADMIN)),
    ):
        with pytest.raises(errors.ServerRightsMissing) as refused:
            attempt()
        assert str(refused.value) == found.refusal
    result = nassij("--db", app, "init", "--name-ar", "جمعية", "--name-fr", "Asso")
    plain = re.sub("[\u2066-\u2069]", "", found.refusal)  # a terminal gets no marks
    assert result.returncode != 0 and plain in result.stderr, result
    assert "permission denied" not in result.stderr + result.stdout
    assert table_names(guide_db) == []

    # The owner: an administrator refused after the migrations leaves the database empty.
    with pytest.raises(ValidationError):
        create_association_file(owner, PROFILE, OwnerAccount("admin", "Karima", "short"))
    assert table_names(guide_db) == []
    created = create_association_file(
        owner, PROFILE, OwnerAccount("admin", "Karima Idrissi", "first-admin-password")
    )
    assert created.owner is not None

    # The daily role works in it through the guide's default privileges alone.
    daily = open_database(app)
    try:
        admin = Actor(created.owner.id, "admin", Role.ADMIN)
        with daily.transaction() as session:
            member = create_member(
                session, admin, MemberData(last_name_lat="Alami", first_name_lat="Sara")
            )
        assert member.id
    finally:
        daily.close()

    # An upgrade the daily role may not run: the same kind of sentence, never the driver's.
    previous = migrate.revisions_in_order()[-2]
    run_sql(owner, [f"UPDATE alembic_version SET version_num = '{previous}'"])
    with pytest.raises(errors.ServerRightsMissing) as refused:
        open_database(app)
    assert "must be updated" in str(refused.value) and "nassij_owner" in str(refused.value)
    assert server.check_server(app).refusal == str(refused.value)
    assert server.check_server(owner).refusal is None  # the owner may update it
