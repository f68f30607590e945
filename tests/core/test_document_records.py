"""The records a document can be about: the latest first, at most `limit`, found by what is
typed (normalised like the members search), behind the document's own permission."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.document_records import (
    find_donations,
    find_dues_payments,
    recent_assemblies,
    recent_terms,
)
from nassij_desktop.core.donations.models import Donation
from nassij_desktop.core.governance.models import AssemblyStatus, GeneralAssembly
from nassij_desktop.core.members.models import DuesPayment, Member
from nassij_desktop.storage import Database
from tests.core.conftest import DemoDatabase

VOLUNTEER = Actor(user_id=None, login="benevole", role=Role.VOLUNTEER)
# A letter as typed without its hamza or dots: what the search must still find.
PLAIN_FORMS = {"أ": "ا", "إ": "ا", "ة": "ه", "ي": "ى"}


@pytest.fixture
def demo(demo_database: DemoDatabase) -> Database:
    return demo_database(members=60, seed=5, today=dt.date(2025, 6, 15))


def test_the_latest_first_and_never_more_than_the_limit(demo: Database) -> None:
    with demo.session() as session:
        dues = find_dues_payments(session, CLI_ACTOR, limit=5)
        all_dues = session.scalar(sa.select(sa.func.count()).select_from(DuesPayment))
        latest_paid = session.scalar(sa.select(sa.func.max(DuesPayment.paid_on)))
        donations = find_donations(session, CLI_ACTOR, limit=2)
        assemblies = recent_assemblies(session, CLI_ACTOR)
        held = session.scalars(
            sa.select(GeneralAssembly.id).where(GeneralAssembly.status != AssemblyStatus.CANCELLED)
        ).all()
        terms = recent_terms(session, CLI_ACTOR)
    assert all_dues is not None and all_dues > 5 and len(dues) == 5
    assert dues[0].paid_on == latest_paid
    assert [d.paid_on for d in dues] == sorted((d.paid_on for d in dues), reverse=True)
    assert len(donations) == 2 and donations[0].received_on >= donations[1].received_on
    assert {a.id for a in assemblies} == set(held)
    assert terms and terms[0].starts_on == max(t.starts_on for t in terms)


def test_a_receipt_is_found_by_its_number_with_or_without_the_hyphen(demo: Database) -> None:
    with demo.session() as session:
        oldest = session.scalars(sa.select(DuesPayment).order_by(DuesPayment.paid_on)).first()
        assert oldest is not None and "-" in oldest.receipt_number
        for typed in (oldest.receipt_number, oldest.receipt_number.replace("-", "")):
            found = find_dues_payments(session, CLI_ACTOR, typed)
            assert [d.id for d in found] == [oldest.id]


def test_a_member_s_arabic_name_typed_without_hamza_finds_the_receipts(demo: Database) -> None:
    with demo.session() as session:
        rows = session.execute(
            sa.select(DuesPayment.id, Member.id.label("member_id"), Member.last_name_ar)
            .join(Member)
            .order_by(DuesPayment.id)
        ).all()
        payment_id, name = next(
            (row.id, row.last_name_ar)
            for row in rows
            if row.last_name_ar and any(c in row.last_name_ar for c in PLAIN_FORMS)
        )
        typed = "".join(PLAIN_FORMS.get(c, c) for c in name)
        assert typed != name
        found = {d.id for d in find_dues_payments(session, CLI_ACTOR, typed, limit=len(rows))}
    assert payment_id in found
    # Only the receipts of members of that family name (written either way).
    same_name = {row.id for row in rows if row.last_name_ar == name}
    assert same_name <= found and len(found) < len(rows)


def test_a_donor_is_found_by_a_word_of_the_name_in_any_case(demo: Database) -> None:
    with demo.session() as session:
        donation = session.scalars(sa.select(Donation).order_by(Donation.id)).first()
        assert donation is not None
        word = max(donation.donor_name.split(), key=len)
        found = find_donations(session, CLI_ACTOR, word.upper(), limit=1000)
    assert donation.id in {d.id for d in found}
    assert all(word.lower() in d.donor_name.lower() for d in found)


def test_each_list_asks_for_the_permission_of_its_document(demo: Database) -> None:
    with demo.session() as session:
        # Volunteers see the register, not the amounts paid: neither the dues receipts...
        with pytest.raises(PermissionDenied):
            find_dues_payments(session, VOLUNTEER)
        with pytest.raises(PermissionDenied):
            find_donations(session, VOLUNTEER)
        with pytest.raises(PermissionDenied):
            recent_assemblies(session, VOLUNTEER)
        with pytest.raises(PermissionDenied):
            recent_terms(session, VOLUNTEER)


@pytest.mark.parametrize(
    ("role", "may_read"),
    [
        (Role.SECRETARY, True),  # records dues
        (Role.TREASURER, True),
        (Role.VIEWER, True),  # reads the finances
        (Role.VOLUNTEER, False),
    ],
)
def test_the_dues_receipts_listed_are_those_the_role_may_print(
    demo: Database, tmp_path: Path, role: Role, may_read: bool
) -> None:
    """The list offers a receipt only to a role the dues receipt itself would print it for."""
    from nassij_desktop.reports.kinds import produce_report
    from nassij_desktop.reports.request import ReportRequest

    actor = Actor(user_id=None, login="someone", role=role)
    request = ReportRequest(lang="fr", out=tmp_path / "receipt.pdf")
    with demo.session() as session:
        if may_read:
            assert find_dues_payments(session, actor, limit=1)
            produce_report(session, actor, "dues-receipt", request)
        else:
            with pytest.raises(PermissionDenied):
                find_dues_payments(session, actor, limit=1)
            with pytest.raises(PermissionDenied):
                produce_report(session, actor, "dues-receipt", request)
