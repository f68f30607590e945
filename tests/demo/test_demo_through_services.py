"""The demo writes its donations through the services: audited, numbered without gaps, the
audit chain whole; and the profession list it draws from is core's, shared with the reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.audit import AuditEntry, verify_audit_chain
from nassij_desktop.core.donations.models import Donation
from nassij_desktop.core.members.models import Gender
from nassij_desktop.core.members.professions import profession_label, profession_name, professions
from nassij_desktop.demo.builder import build_demo
from nassij_desktop.i18n import set_language
from nassij_desktop.storage import check, open_database

TODAY = dt.date(2026, 10, 2)


def test_donations_are_audited_numbered_and_the_chain_is_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NASSIJ_DATA_DIR", str(tmp_path / "data"))
    set_language("fr")
    database = open_database(tmp_path / "demo.sqlite")
    try:
        build_demo(database, members=60, seed=5, today=TODAY)
        assert check(database).ok
        with database.session() as session:
            assert verify_audit_chain(session) is None
            donations = list(session.scalars(sa.select(Donation)))
            assert donations and any(d.cancelled for d in donations)
            audited = {
                (entry.action, entry.entity_id)
                for entry in session.scalars(
                    sa.select(AuditEntry).where(AuditEntry.entity == "donation")
                )
            }
            for donation in donations:
                assert ("create", donation.id) in audited
                assert donation.cancelled == (("cancel", donation.id) in audited)
            by_year: dict[str, list[int]] = {}
            for donation in donations:
                year, number = donation.receipt_number.split("-")
                by_year.setdefault(year, []).append(int(number))
            for numbers in by_year.values():
                assert sorted(numbers) == list(range(1, len(numbers) + 1))
            received = sorted(donations, key=lambda d: d.receipt_number)
            assert [d.received_on for d in received] == sorted(d.received_on for d in received)
    finally:
        database.close()


def test_the_reports_read_professions_from_core() -> None:
    teacher = next(p for p in professions().values() if "(e)" in p.fr)
    feminine = profession_label(teacher, Gender.FEMALE, "fr")
    assert feminine != profession_label(teacher, Gender.MALE, "fr")
    assert profession_name(feminine, "ar") == profession_label(teacher, Gender.FEMALE, "ar")
