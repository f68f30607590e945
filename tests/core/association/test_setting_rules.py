"""Settings are read back only within what the code can work with: a crafted value is refused
with a sentence naming the setting, never used (a 50-million-digit member number)."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from nassij_desktop.core.association.models import Setting
from nassij_desktop.core.association.settings import (
    DEFAULTS,
    RULES,
    InvalidSetting,
    autolock_minutes,
    change_setting,
    get_setting,
    invalid_settings,
    parse_setting,
    set_setting,
)
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import Database


def test_every_default_has_a_rule_and_passes_it() -> None:
    assert set(DEFAULTS) <= set(RULES)
    for key, value in DEFAULTS.items():
        assert parse_setting(key, json.dumps(value)) == value


@pytest.mark.parametrize(
    ("key", "accepted", "refused"),
    [
        ("members.number_width", [1, 12], [0, 13, 50_000_000, True, 6.0, "6", None]),
        ("dates.hijri_offset_days", [-2, 0, 2], [-3, 3, 1.5]),
        ("security.autolock_minutes", [0, 240], [-1, 241]),
        ("governance.declaration_days", [1, 365], [0, 366, [30]]),
        ("funding.sgg_declaration_days", [1, 365], [0, 10_000]),
        ("governance.max_proxies_per_holder", [0, 20], [-1, 21]),
        ("posting.cash", ["5161", "5161000001"], ["516", "51610000011", 5161, "51a1", "", " 5161"]),
        ("demo", [{"seed": 1}], [[1], "demo"]),
    ],
)
def test_each_setting_accepts_its_range_and_refuses_the_rest(
    key: str, accepted: list[object], refused: list[object]
) -> None:
    for value in accepted:
        assert parse_setting(key, json.dumps(value)) == value
    for value in refused:
        with pytest.raises(InvalidSetting) as caught:
            parse_setting(key, json.dumps(value))
        assert caught.value.key == key
        assert key in str(caught.value) and json.dumps(value)[:40] in str(caught.value)


@pytest.mark.parametrize("raw", ["{not json", "[" * 100_000, "NaN]"])
def test_unreadable_text_is_refused_with_a_short_sentence(raw: str) -> None:
    with pytest.raises(InvalidSetting) as caught:
        parse_setting("members.number_width", raw)
    assert "readable JSON text" in str(caught.value)
    assert len(str(caught.value)) < 400  # the bad value is shortened, not pasted whole


def test_a_blob_in_the_setting_table_is_refused(database: Database) -> None:
    with database.transaction() as session:
        session.execute(
            sa.update(Setting)
            .where(Setting.key == "posting.bank")
            .values(value=sa.literal(b"\x00\x01", sa.LargeBinary))
        )
    with database.session() as session, pytest.raises(InvalidSetting, match=r"posting\.bank"):
        get_setting(session, "posting.bank")


def test_set_setting_never_stores_what_could_not_be_read_back(database: Database) -> None:
    with pytest.raises(InvalidSetting), database.transaction() as session:
        set_setting(session, "members.number_width", 50_000_000)
    with database.session() as session:
        assert get_setting(session, "members.number_width") == DEFAULTS["members.number_width"]


def test_the_settings_screen_repairs_a_crafted_value(database: Database) -> None:
    with database.transaction() as session:
        session.execute(
            sa.update(Setting).where(Setting.key == "security.autolock_minutes").values(value="x")
        )
    with database.session() as session:
        problems = invalid_settings(session)
        # The window still locks when idle, with the default delay, until the value is fixed.
        assert autolock_minutes(session) == DEFAULTS["security.autolock_minutes"]
        with pytest.raises(InvalidSetting):
            get_setting(session, "security.autolock_minutes")
    assert len(problems) == 1 and "security.autolock_minutes" in problems[0]

    with database.transaction() as session:
        assert change_setting(session, CLI_ACTOR, "security.autolock_minutes", 15) == 15
    with database.session() as session:
        assert get_setting(session, "security.autolock_minutes") == 15
        assert invalid_settings(session) == []
        last = session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last is not None and last.entity == "setting"
    assert json.loads(last.after or "") == {"security.autolock_minutes": 15}
