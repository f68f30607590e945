"""The schema guard's reference (storage/schema_head.json) is what the migrations build, and
the guard tells layout from meaning."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.storage import migrate
from nassij_desktop.storage.schema_guard import (
    SNAPSHOT_COMMAND,
    build_snapshot,
    load_snapshot,
    normalise_sql,
    unexpected_objects,
)


def test_the_committed_snapshot_is_what_the_migrations_build() -> None:
    built, committed = build_snapshot(), load_snapshot()
    assert built == committed, (
        "storage/schema_head.json is out of date with the migrations: run "
        f"`{SNAPSHOT_COMMAND}` and commit the file"
    )
    assert committed["revision"] == migrate.head_revision()
    kinds = {o["type"] for o in committed["objects"]}
    assert kinds == {"table", "index", "trigger"}  # the migrations make no view
    assert {"member_fts", "member_fts_data", "member_fts_prefix_idx"} <= {
        o["name"] for o in committed["objects"]
    }


def test_a_file_at_an_older_revision_is_compared_by_name(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0005")
    try:
        with engine.connect() as connection:
            assert unexpected_objects(connection) == []  # audit_log lacks `hash`: not a change
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "CREATE TRIGGER spy AFTER UPDATE ON member BEGIN SELECT 1; END"
            )
        with engine.connect() as connection:
            assert unexpected_objects(connection) == [
                "unknown trigger \u2066spy\u2069 on table \u2066member\u2069"
            ]
    finally:
        engine.dispose()


def test_a_new_empty_file_has_nothing_to_compare(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'new.sqlite'}")
    try:
        with engine.connect() as connection:
            assert unexpected_objects(connection) == []
    finally:
        engine.dispose()


def test_layout_case_and_quotes_are_not_changes_but_a_literal_or_a_constraint_is() -> None:
    original = (
        'CREATE TABLE donation (\n\tid INTEGER NOT NULL, \n\tamount BIGINT NOT NULL, \n\t"kind" '
        "VARCHAR(24), CONSTRAINT ck_donation_positive_amount CHECK (amount > 0), "
        "CHECK (kind IN ('person', 'company')))"
    )
    relaid = (
        'create table "donation"(id integer not null,amount bigint not null,kind varchar(24),'
        "constraint ck_donation_positive_amount check(amount>0),"
        "check(kind in('person','company')))"
    )
    assert normalise_sql(original) == normalise_sql(relaid)
    assert normalise_sql(original) != normalise_sql(original.replace("'person'", "'Person'"))
    assert normalise_sql(original) != normalise_sql(
        original.replace("CONSTRAINT ck_donation_positive_amount CHECK (amount > 0), ", "")
    )
