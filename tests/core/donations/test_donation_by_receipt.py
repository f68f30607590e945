"""A donation found by its receipt number (the CLI's way of naming one), behind the finances'
permission."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nassij_desktop.core.common.errors import NotFound, PermissionDenied
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.donations.models import DonorKind
from nassij_desktop.core.donations.services import (
    DonationData,
    donation_by_receipt,
    get_donation,
    record_donation,
)
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.storage import Database

TREASURER = Actor(user_id=None, login="treasurer", role=Role.TREASURER)
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)
VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)
SECRETARY = Actor(user_id=None, login="secretary", role=Role.SECRETARY)


def test_a_donation_is_found_by_its_receipt_by_whoever_reads_the_finances(
    database: Database,
) -> None:
    gift = DonationData(
        donor_name="Hassan Amrani",
        amount=Decimal("500.00"),
        received_on=dt.date(2025, 3, 14),
        donor_kind=DonorKind.PERSON,
        method=PaymentMethod.CASH,
    )
    with database.transaction() as session:
        recorded = record_donation(session, TREASURER, gift)
    with database.session() as session:
        typed = f"  {recorded.receipt_number} "
        assert donation_by_receipt(session, VIEWER, typed) == get_donation(
            session, TREASURER, recorded.id
        )
        with pytest.raises(NotFound, match="No donation has the receipt 1999-00001"):
            donation_by_receipt(session, TREASURER, "1999-00001")
        # The secretary reads the books (and so their donations); a volunteer does not.
        assert donation_by_receipt(session, SECRETARY, recorded.receipt_number).id == recorded.id
        with pytest.raises(PermissionDenied):
            donation_by_receipt(session, VOLUNTEER, recorded.receipt_number)
