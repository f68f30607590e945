"""A member found by number (the CLI's way of naming one), and the consent rule of law 09-08
held by the service, whatever screen or command writes the member."""

from __future__ import annotations

import datetime as dt

import pytest

from nassij_desktop.core.common.errors import NotFound, ValidationError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.records import MASK
from nassij_desktop.core.members.services import (
    MemberData,
    create_member,
    get_member,
    member_by_number,
    update_member,
)
from nassij_desktop.storage import Database

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
VOLUNTEER = Actor(user_id=None, login="youssef", role=Role.VOLUNTEER)
CONSENTED = dt.date(2024, 1, 10)


def omar(**changes: object) -> MemberData:
    values: dict[str, object] = {
        "last_name_lat": "Tazi",
        "first_name_lat": "Omar",
        "last_name_ar": "التازي",
        "first_name_ar": "عمر",
        "id_number": "JB123456",
    }
    values.update(changes)
    return MemberData(**values)  # type: ignore[arg-type]


def test_a_member_is_found_by_the_number_as_typed(database: Database) -> None:
    with database.transaction() as session:
        created = create_member(session, SECRETARY, omar(), number="0042")
    with database.session() as session:
        found = member_by_number(session, SECRETARY, " 0042 ")
        assert found == get_member(session, SECRETARY, created.id)
        with pytest.raises(NotFound, match="No member has the number 42"):
            member_by_number(session, SECRETARY, "42")


def test_the_member_found_is_what_the_role_may_see(database: Database) -> None:
    with database.transaction() as session:
        create_member(session, SECRETARY, omar(), number="7")
    with database.session() as session:
        assert member_by_number(session, SECRETARY, "7").id_number == "JB123456"
        seen = member_by_number(session, VOLUNTEER, "7")
    assert seen.id_number == MASK
    assert seen.name("ar") == "عمر التازي" and seen.name("fr") == "Omar Tazi"
    assert seen.name("fr", family_first=True) == "Tazi Omar"


def test_consent_given_needs_its_date(database: Database) -> None:
    with pytest.raises(ValidationError) as refused, database.transaction() as session:
        create_member(session, SECRETARY, omar(consent_scope="Register and dues"))
    assert refused.value.field == "consent_date"
    assert str(refused.value) == "Enter the date of the consent."


def test_consent_dated_or_not_given_is_accepted(database: Database) -> None:
    with database.transaction() as session:
        dated = create_member(
            session, SECRETARY, omar(consent_scope="Register", consent_date=CONSENTED)
        )
        without = create_member(session, SECRETARY, omar(id_number=None, first_name_lat="Ali"))
        only_date = create_member(
            session, SECRETARY, omar(id_number=None, first_name_lat="Sara", consent_date=CONSENTED)
        )
    assert (dated.consent_scope, dated.consent_date) == ("Register", CONSENTED)
    assert (without.consent_scope, without.consent_date) == (None, None)
    assert only_date.consent_date == CONSENTED


def test_an_edit_that_leaves_a_consent_without_its_date_is_refused(database: Database) -> None:
    with database.transaction() as session:
        member = create_member(
            session, SECRETARY, omar(consent_scope="Register", consent_date=CONSENTED)
        )
    with pytest.raises(ValidationError) as refused, database.transaction() as session:
        update_member(session, SECRETARY, member.id, member.version, consent_date=None)
    assert refused.value.field == "consent_date"
    with database.transaction() as session:  # withdrawn as a whole: accepted
        withdrawn = update_member(
            session, SECRETARY, member.id, member.version, consent_date=None, consent_scope=None
        )
    assert (withdrawn.consent_scope, withdrawn.consent_date) == (None, None)
