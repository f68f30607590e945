"""Migration 0020 on a file at 0019: the change counters start empty and each write bumps its
domain's (in the writing transaction); going down removes the table and every trigger."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.storage import migrate


def _triggers(connection: sa.Connection) -> set[str]:
    rows = connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'change_%'"
    )
    return {name for (name,) in rows}


def test_counters_up_and_down(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0019")
        connection.exec_driver_sql(
            "INSERT INTO setting (id, key, value, created_at, updated_at, version) "
            "VALUES (1, 'quorum', '0.5', '2025-01-01', '2025-01-01', 1)"
        )
        command.upgrade(migrate.alembic_config(connection), "0020")
        assert connection.exec_driver_sql("SELECT * FROM change_counter").all() == []
        assert len(_triggers(connection)) == 3 * 49
        connection.exec_driver_sql("UPDATE setting SET value = '0.6'")
        connection.exec_driver_sql("UPDATE setting SET value = '0.5'")
        connection.exec_driver_sql("UPDATE member SET city = 'Tiznit'")  # no row: no bump
        connection.exec_driver_sql("DELETE FROM setting")
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT domain, counter FROM change_counter")
        counters = dict(rows.all())
    assert counters == {"settings": 3}
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0019")
        assert _triggers(connection) == set()
        assert "change_counter" not in sa.inspect(connection).get_table_names()
    engine.dispose()
