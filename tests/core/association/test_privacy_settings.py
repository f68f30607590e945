"""The privacy settings (CNDP receipt, contact for requests): checked by `change_setting`,
which refuses a bad value by its field and stores nothing; read back whole by
`privacy_settings`; a value crafted in the file is named by `invalid_settings`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from nassij_desktop.core.association.models import Setting
from nassij_desktop.core.association.settings import (
    DEFAULTS,
    change_setting,
    get_setting,
    invalid_settings,
    privacy_settings,
)
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.storage import Database


def test_privacy_settings_are_cleaned_stored_and_read(database: Database) -> None:
    with database.transaction() as session:
        defaults = privacy_settings(session)
        assert (defaults.cndp_number, defaults.cndp_date, defaults.contact_email) == ("", None, "")
        assert change_setting(session, CLI_ACTOR, "privacy.cndp_number", " D-GC-12/2021 ") == (
            "D-GC-12/2021"
        )
        assert change_setting(session, CLI_ACTOR, "privacy.cndp_date", "5/1/2021") == "2021-01-05"
        change_setting(session, CLI_ACTOR, "privacy.contact_address", "زنقة 5، تيزنيت")
        change_setting(session, CLI_ACTOR, "privacy.contact_email", "Secretariat@Example.MA")
        read = privacy_settings(session)
    assert read.cndp_number == "D-GC-12/2021" and read.cndp_date == dt.date(2021, 1, 5)
    assert read.contact_address == "زنقة 5، تيزنيت"
    assert read.contact_email == "Secretariat@example.ma"
    with database.transaction() as session:  # emptied again: the documents leave a blank
        assert change_setting(session, CLI_ACTOR, "privacy.cndp_number", "") == ""
        assert change_setting(session, CLI_ACTOR, "privacy.cndp_date", "") == ""
        assert privacy_settings(session).cndp_date is None


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("privacy.cndp_number", "رقم 12"),  # Arabic letters: not as the receipt prints it
        ("privacy.cndp_number", "D" * 41),
        ("privacy.cndp_date", "31/02/2021"),
        ("privacy.cndp_date", (clock.today() + dt.timedelta(days=1)).strftime("%d/%m/%Y")),
        ("privacy.cndp_kind", "permit"),
        ("privacy.contact_email", "secretariat at example.ma"),
        ("privacy.contact_name", "x" * 121),
    ],
)
def test_a_bad_value_is_refused_by_its_field(database: Database, key: str, value: str) -> None:
    with database.session() as session:
        with pytest.raises(ValidationError) as refused:
            change_setting(session, CLI_ACTOR, key, value)
        assert refused.value.field == key
        assert get_setting(session, key) == DEFAULTS[key]  # nothing stored


def test_only_who_may_change_the_association(database: Database) -> None:
    with database.session() as session, pytest.raises(PermissionDenied):
        change_setting(session, Actor(None, "t", Role.TREASURER), "privacy.cndp_number", "D-1")


def test_a_crafted_value_is_named_by_check(database: Database) -> None:
    with database.transaction() as session:
        for key, value in (("privacy.cndp_date", "2021-02-31"), ("privacy.cndp_number", "x\ny")):
            row = session.scalars(sa.select(Setting).where(Setting.key == key)).one()
            row.value = json.dumps(value)
    with database.session() as session:
        problems = invalid_settings(session)
        assert any("privacy.cndp_date" in p for p in problems)
        assert any("privacy.cndp_number" in p for p in problems)
        # The documents and the screen still open, on the defaults.
        assert privacy_settings(session).cndp_date is None
