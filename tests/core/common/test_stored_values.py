"""Only a failure to convert a stored value becomes the "cannot read" sentence; the same
exception types raised anywhere else stay bugs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.common.stored_values import (
    describe_invalid_stored_value,
    invalid_stored_values,
)
from nassij_desktop.core.members.models import Member
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.core.models import metadata
from nassij_desktop.storage import Database


def _raised(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as exc:
        return exc


@pytest.mark.parametrize(
    "error",
    [ValueError("invalid literal for int()"), LookupError("x"), KeyError("status"), TypeError()],
)
def test_the_same_exceptions_raised_by_our_own_code_are_not_described(
    error: BaseException,
) -> None:
    assert describe_invalid_stored_value(_raised(error)) is None


def test_a_status_read_through_the_orm_is_described_with_its_value(database: Database) -> None:
    with database.transaction() as session:
        create_member(session, CLI_ACTOR, MemberData(first_name_ar="سعاد", last_name_ar="الناصري"))
    with database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE member SET status = 'zombie'")
    with database.session() as session, pytest.raises(LookupError) as caught:
        session.scalars(sa.select(Member)).all()
    sentence = describe_invalid_stored_value(caught.value)
    assert sentence is not None
    assert "cannot read" in sentence and "zombie" in sentence

    with database.engine.connect() as connection:
        problems = invalid_stored_values(connection, metadata)
    assert len(problems) == 1 and "status" in problems[0]


def test_a_file_written_by_the_application_holds_no_unreadable_value(database: Database) -> None:
    with database.engine.connect() as connection:
        assert invalid_stored_values(connection, metadata) == []
