"""The member register's streamed query on PostgreSQL: the same order as on SQLite, read
through a server-side cursor a few rows at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.reports.members.member_register import (
    build_member_register_data,
    number_key,
    render_member_register,
)
from nassij_desktop.storage import Database, open_database

# Widths that changed over the years, a value written twice, numbers that are not all digits.
NUMBERS = ["100", "99", "0099", "000101", "7", "2024-015", "A12", "0", "1000", "010"]


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Database]:
    database = open_database(postgres_url)
    yield database
    database.close()
    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:  # leave an empty database for the next test
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()


def test_the_register_streams_in_number_order_on_postgresql(pg: Database, tmp_path: Path) -> None:
    with pg.transaction() as session:
        create_association(
            session, CLI_ACTOR, AssociationProfile(name_ar="جمعية الأمل", name_fr="Al Amal")
        )
        for index, number in enumerate(NUMBERS):
            data = MemberData(last_name_lat="Tazi", first_name_lat=f"Membre {index}")
            create_member(session, CLI_ACTOR, data, number=number)
    expected = sorted(NUMBERS, key=number_key)
    assert expected[:4] == ["0", "7", "010", "0099"]
    with pg.session() as session:
        data = build_member_register_data(session, fetch_rows=3)
        assert [row.number for row in data.rows] == expected
        for_a_year = build_member_register_data(session, year=2020, fetch_rows=3)
        assert [row.number for row in for_a_year.rows] == []  # all joined today
        pages = render_member_register(data, "fr", tmp_path / "register.pdf")
    assert pages == 1
