"""The program's clock (core/common/clock.py): `NASSIJ_TODAY` makes a day today for everything
the program dates and checks, the time of day still the computer's. The test run sets it once
(tests/conftest.py), so a run that goes on past midnight keeps the day its modules computed."""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from decimal import Decimal
from pathlib import Path

import pytest

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.core.members.services import MemberData, create_member, record_dues
from nassij_desktop.storage import Database

PINNED = dt.date(2031, 3, 14)  # years after any real day this suite runs on


def test_the_run_has_one_day_that_every_process_it_starts_inherits() -> None:
    assert os.environ[clock.VARIABLE] == clock.today().isoformat()


def test_a_pinned_day_is_the_day_the_services_date_and_check_against(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(clock.VARIABLE, PINNED.isoformat())
    with database.transaction() as session:
        member = create_member(
            session, CLI_ACTOR, MemberData(last_name_lat="Alaoui", first_name_lat="Salma")
        )
        assert member.join_date == PINNED  # joined today, as nothing else was said
        with pytest.raises(ValidationError) as refused:
            record_dues(
                session, CLI_ACTOR, member.id, 2031, Decimal("100"),
                PINNED + dt.timedelta(days=1), PaymentMethod.CASH,
            )  # fmt: skip
        assert refused.value.field == "paid_on"  # tomorrow is still in the future
        record_dues(session, CLI_ACTOR, member.id, 2031, Decimal("100"), PINNED, PaymentMethod.CASH)


def test_without_the_variable_the_pinned_day_is_in_the_future_again(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(clock.VARIABLE)
    with database.transaction() as session:
        member = create_member(
            session, CLI_ACTOR, MemberData(last_name_lat="Alaoui", first_name_lat="Salma")
        )
        assert member.join_date < PINNED
        with pytest.raises(ValidationError):
            record_dues(
                session, CLI_ACTOR, member.id, 2031, Decimal("100"), PINNED, PaymentMethod.CASH
            )


def test_the_time_of_day_keeps_running_on_a_pinned_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.VARIABLE, PINNED.isoformat())
    before = dt.datetime.fromtimestamp(time.time())
    now, utc = clock.now(), clock.utcnow()
    after = dt.datetime.fromtimestamp(time.time())
    assert now.date() == PINNED
    assert before.time() <= now.time() <= after.time() or before.date() != after.date()
    # The stored instants (naive UTC) move with it: the same instant, seen from UTC.
    offset = dt.datetime.now(dt.UTC).astimezone().utcoffset()  # the computer's time zone
    assert abs(now - offset - utc) < dt.timedelta(seconds=1)  # type: ignore[operator]


def test_a_value_that_is_not_a_date_leaves_the_computers_calendar(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    real = dt.datetime.fromtimestamp(time.time()).date()
    monkeypatch.setenv(clock.VARIABLE, "14/03/2031")
    with caplog.at_level(logging.WARNING, logger=clock.__name__):
        day = clock.today()
    assert day in {real, real + dt.timedelta(days=1)}
    assert "14/03/2031" in caplog.text


def test_nothing_reads_the_calendar_around_the_clock() -> None:
    """ruff's DTZ rules keep Python's `date.today()` and `datetime.now()` to clock.py; Qt's own
    current date is checked here (a test that typed QDate.currentDate() into a form dated it a
    day after the program's today once a run went past midnight)."""
    root = Path(__file__).resolve().parents[3]
    readers = ("QDate.currentDate", "QDateTime.currentDateTime", "QDateTime.currentSecsSince")
    found = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("nassij_desktop", "tests", "tools", "benchmarks")
        for path in sorted((root / folder).rglob("*.py"))
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(reader in line for reader in readers)
    ]
    assert found == []
