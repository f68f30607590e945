"""An entry's third party and payment (method, reference) are data: the quick forms, dues,
donations and subsidy tranches write them on the entry (a cheque needs its number), the
seal covers them, and the FEC file names the third party in CompAuxNum/CompAuxLib and the
payment reference on the treasury lines, read back from a real exported file."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from nassij_desktop.core.books.entries import get_entry
from nassij_desktop.core.books.entry_list import EntryFilter, count_entries
from nassij_desktop.core.books.exports import FecOptions, parse_columns, write_fec
from nassij_desktop.core.books.models import JournalEntry, PaymentMethod, TreasuryKind
from nassij_desktop.core.books.quick_entries import (
    MoneyMovement,
    SubsidyTranche,
    record_expense,
    record_receipt,
    record_subsidy_tranche,
)
from nassij_desktop.core.books.services import EntryParties, create_treasury_account
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.donations.models import DonorKind
from nassij_desktop.core.donations.services import DonationData, record_donation
from nassij_desktop.core.funding.models import Funder, FunderKind
from nassij_desktop.core.members import models as members
from nassij_desktop.core.members.services import (
    DuesData,
    MemberData,
    create_member,
    record_dues,
    record_dues_batch,
)
from nassij_desktop.storage import Database, check

DAY = dt.date(2025, 3, 14)
TREASURER = Actor(user_id=None, login="treasurer", role=Role.TREASURER)
SECRETARY = Actor(user_id=None, login="secretary", role=Role.SECRETARY)


@pytest.fixture
def ids(database: Database) -> dict[str, int]:
    with database.transaction() as session:
        bank = create_treasury_account(session, CLI_ACTOR, "Banque", TreasuryKind.BANK, "5141")
        cash = create_treasury_account(session, CLI_ACTOR, "Caisse", TreasuryKind.CASH, "5161")
        funder = Funder(name_fr="Commune de Fès", name_ar="جماعة فاس", kind=FunderKind.COMMUNE)
        session.add(funder)
        session.flush()
        member = create_member(
            session,
            CLI_ACTOR,
            MemberData(
                last_name_lat="Alaoui",
                first_name_lat="Salma",
                last_name_ar="العلوي",
                first_name_ar="سلمى",
                category_code="active",
                join_date=dt.date(2020, 1, 10),
            ),
        )
        return {"bank": bank.id, "cash": cash.id, "funder": funder.id, "member": member.id}


def _expense(ids: dict[str, int], **changes: object) -> MoneyMovement:
    data = MoneyMovement(
        entry_date=DAY,
        amount="1 250,00",
        account="6125",
        treasury_id=ids["bank"],
        label="Fournitures de l'atelier",
        voucher="FAC-118",
        third_party="Librairie Atlas",
        payment_method=PaymentMethod.CHEQUE,
        payment_reference="4471203",
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def _parties(database: Database, entry_id: int) -> EntryParties:
    with database.session() as session:
        return get_entry(session, CLI_ACTOR, entry_id).parties


def test_a_quick_entry_keeps_its_third_party_and_payment(
    database: Database, ids: dict[str, int]
) -> None:
    with database.transaction() as session:
        paid = record_expense(session, TREASURER, _expense(ids))
        received = record_receipt(
            session,
            TREASURER,
            MoneyMovement(
                DAY, "300", "71861", ids["cash"], "Droits d'adhésion", "R-7", "Club Amal"
            ),
        )
    assert _parties(database, paid.entry_id) == EntryParties(
        "Librairie Atlas", None, PaymentMethod.CHEQUE, "4471203"
    )
    assert _parties(database, received.entry_id) == EntryParties("Club Amal")
    assert check(database).ok


@pytest.mark.parametrize("reference", [None, "   "])
def test_a_cheque_without_its_number_is_refused_on_the_reference(
    database: Database, ids: dict[str, int], reference: str | None
) -> None:
    with database.transaction() as session, pytest.raises(ValidationError) as refused:
        record_expense(session, TREASURER, _expense(ids, payment_reference=reference))
    assert refused.value.field == "payment_reference"
    assert str(refused.value) == "Give the cheque number."


def test_a_third_party_too_long_is_refused_on_its_field(
    database: Database, ids: dict[str, int]
) -> None:
    with database.transaction() as session, pytest.raises(ValidationError) as refused:
        record_expense(session, TREASURER, _expense(ids, third_party="x" * 201))
    assert refused.value.field == "third_party"


def test_a_subsidy_tranche_names_its_funder_as_third_party(
    database: Database, ids: dict[str, int]
) -> None:
    with database.transaction() as session:
        tranche = record_subsidy_tranche(
            session,
            TREASURER,
            SubsidyTranche(
                DAY, "50 000", "71611", ids["bank"], "Subvention, tranche 1", "CONV-7",
                ids["funder"], "subvention", "CONV-2025-7", dt.date(2025, 1, 15),
                payment_method=PaymentMethod.TRANSFER, payment_reference="VIR 88812",
            ),
        )  # fmt: skip
    assert _parties(database, tranche.entry_id) == EntryParties(
        "Commune de Fès", None, PaymentMethod.TRANSFER, "VIR 88812"
    )


def test_dues_and_donations_name_the_payer_and_post_to_the_sub_accounts(
    database: Database, ids: dict[str, int]
) -> None:
    with database.transaction() as session:
        dues = record_dues(
            session,
            SECRETARY,
            ids["member"],
            2025,
            Decimal("150"),
            DAY,
            members.PaymentMethod.MOBILE,
        )
        gift = record_donation(
            session,
            TREASURER,
            DonationData(
                donor_name="Société Atlas Argan SARL",
                amount=Decimal("2000"),
                received_on=DAY,
                donor_kind=DonorKind.COMPANY,
                donor_identity="001 525 478 000 063",
                method=members.PaymentMethod.CHEQUE,
                payment_reference="CHQ 4471023",
            ),
        )
        number = session.get(members.Member, ids["member"])
        assert number is not None
        entries = {
            key: session.get(JournalEntry, entry_id)
            for key, entry_id in (("dues", dues.journal_entry_id), ("gift", gift.journal_entry_id))
        }
        credited = {
            key: [ln.account.number for ln in entry.lines if ln.credit]
            for key, entry in entries.items()
            if entry is not None
        }
        assert credited == {"dues": ["71862"], "gift": ["71871"]}
        member_number = number.number
    # A mobile payment is one of the books' "other" methods.
    assert _parties(database, dues.journal_entry_id or 0) == EntryParties(
        "Salma Alaoui", member_number, PaymentMethod.OTHER, None
    )
    assert _parties(database, gift.journal_entry_id or 0) == EntryParties(
        "Société Atlas Argan SARL", None, PaymentMethod.CHEQUE, "CHQ 4471023"
    )
    assert check(database).ok


def _exported(database: Database, path: Path, options: FecOptions) -> list[list[str]]:
    with database.session() as session, path.open("w", encoding="utf-8", newline="") as stream:
        write_fec(session, CLI_ACTOR, 2025, stream, options)
    return [line.split("\t") for line in path.read_bytes().decode("utf-8").split("\r\n")[:-1]]


def test_the_fec_file_names_the_third_party_and_the_payment(
    database: Database, ids: dict[str, int], tmp_path: Path
) -> None:
    with database.transaction() as session:
        record_dues(
            session, SECRETARY, ids["member"], 2025, Decimal("150"), DAY, members.PaymentMethod.CASH
        )
        record_expense(session, TREASURER, _expense(ids, label="Fournitures"))
        number = session.get(members.Member, ids["member"])
        assert number is not None
        member_number = number.number
    rows = _exported(database, tmp_path / "2025.fec", FecOptions())
    header, lines = rows[0], rows[1:]
    assert len(header) == 18 and all(len(row) == 18 for row in lines)
    column = {name: header.index(name) for name in header}
    seen = [
        (
            row[column["CompteNum"]],
            row[column["CompAuxNum"]],
            row[column["CompAuxLib"]],
            row[column["EcritureLib"]],
        )
        for row in lines
    ]
    assert seen == [  # the journal's order: BQ, then CA
        ("6125", "", "Librairie Atlas", "Fournitures — Librairie Atlas"),
        # The treasury line says the cheque's number (the quick form's label has it already).
        ("5141", "", "Librairie Atlas", "Fournitures — Librairie Atlas — cheque 4471203"),
        ("5161", member_number, "Salma Alaoui", f"Dues 2025 — member {member_number}"),
        ("71862", member_number, "Salma Alaoui", f"Dues 2025 — member {member_number}"),
    ]
    chosen = parse_columns("EcritureNum,CompteNum,ModeRglt,NumRglt")
    extra = _exported(database, tmp_path / "extra.fec", FecOptions(columns=chosen))
    assert extra == [
        ["EcritureNum", "CompteNum", "ModeRglt", "NumRglt"],
        ["1", "6125", "cheque", "4471203"],
        ["1", "5141", "cheque", "4471203"],
        ["1", "5161", "cash", ""],
        ["1", "71862", "cash", ""],
    ]


def test_a_payment_reference_missing_from_the_label_is_added_on_the_treasury_line(
    database: Database, ids: dict[str, int], tmp_path: Path
) -> None:
    with database.transaction() as session:
        record_donation(
            session,
            TREASURER,
            DonationData(
                donor_name="Fatima Zahra",
                amount=Decimal("500"),
                received_on=DAY,
                donor_kind=DonorKind.PERSON,
                method=members.PaymentMethod.TRANSFER,
                payment_reference="VIR 1234",
            ),
        )
    rows = _exported(database, tmp_path / "2025.fec", FecOptions())
    labels = {row[4]: (row[7], row[10]) for row in rows[1:]}
    assert labels["5141"] == ("Fatima Zahra", "Donation 2025-00001 — Fatima Zahra — VIR 1234")
    assert labels["71871"] == ("Fatima Zahra", "Donation 2025-00001 — Fatima Zahra")


def test_the_entries_are_found_by_third_party_and_cheque_number(
    database: Database, ids: dict[str, int]
) -> None:
    with database.transaction() as session:
        record_expense(session, TREASURER, _expense(ids))
        record_expense(session, TREASURER, _expense(ids, third_party="Imprimerie du Sud",
                                                     payment_reference="5512"))  # fmt: skip
    with database.session() as session:
        found = {
            text: count_entries(session, CLI_ACTOR, EntryFilter(text=text))
            for text in ("atlas", "4471203", "imprimerie", "9999")
        }
    assert found == {"atlas": 1, "4471203": 1, "imprimerie": 1, "9999": 0}


def test_dues_recorded_in_a_batch_name_each_member(database: Database, ids: dict[str, int]) -> None:
    with database.transaction() as session:
        other = create_member(
            session,
            CLI_ACTOR,
            MemberData(
                last_name_ar="الفاسي",
                first_name_ar="يوسف",
                category_code="active",
                join_date=dt.date(2021, 5, 2),
            ),
        )
        records = record_dues_batch(
            session,
            SECRETARY,
            [
                DuesData(ids["member"], 2025, Decimal("150"), DAY, members.PaymentMethod.CASH),
                DuesData(other.id, 2025, Decimal("150"), DAY, members.PaymentMethod.TRANSFER),
            ],
        )
    parties = [_parties(database, r.journal_entry_id or 0) for r in records]
    # A member known only by their Arabic name is named so.
    assert [(p.third_party, p.payment_method) for p in parties] == [
        ("Salma Alaoui", PaymentMethod.CASH),
        ("يوسف الفاسي", PaymentMethod.TRANSFER),
    ]
    assert all(p.third_party_code for p in parties)
    assert check(database).ok
