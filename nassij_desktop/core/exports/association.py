"""The whole association: one sheet per entity, as an XLSX workbook or a folder of CSV files.

Sheets (keys, also the CSV files' names): members, dues, donations, board, assemblies,
accounts, journal_entries, journal_lines, funders, requests, tranches, activities. Each is
read from SQLite as it is written, and only when the actor may read its domain (a volunteer
gets the members and the activities); the register's identity data, and a donor's identity,
are masked for a role that may not see members' identity numbers.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.activities.labels import ACTIVITY_KIND_LABELS
from nassij_desktop.core.activities.models import Activity
from nassij_desktop.core.books.models import (
    Account,
    FiscalYear,
    Journal,
    JournalEntry,
    JournalLine,
)
from nassij_desktop.core.books.quick_entries import PAYMENT_METHOD_LABELS as ENTRY_METHODS
from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.donations.models import DONOR_KIND_LABELS, Donation
from nassij_desktop.core.exports.members import members_sheet
from nassij_desktop.core.exports.tables import Rows, Sheet, batched
from nassij_desktop.core.exports.writers import write_csv_file, write_xlsx_file
from nassij_desktop.core.funding.models import (
    FUNDER_KIND_LABELS,
    REQUEST_STATUS_LABELS,
    Funder,
    FundingRequest,
    Tranche,
)
from nassij_desktop.core.governance.models import (
    ASSEMBLY_KIND_LABELS,
    BoardRole,
    BoardSeat,
    BoardTerm,
    GeneralAssembly,
)
from nassij_desktop.core.members.models import PAYMENT_METHOD_LABELS, DuesPayment, Member
from nassij_desktop.core.members.records import MASK
from nassij_desktop.i18n import N_, _


def _needs(permission: Permission) -> Callable[[Actor], bool]:
    return lambda actor: actor.can(permission)


def _may_read_dues(actor: Actor) -> bool:
    """As `members.records.require_dues_read`: the register, and the dues or the books."""
    return actor.can(Permission.MEMBERS_READ) and (
        actor.can(Permission.DUES_WRITE) or actor.can(Permission.BOOKS_READ)
    )


def _dues(session: Session, actor: Actor, lang: str) -> Rows:
    stmt = (
        sa.select(
            Member.number,
            DuesPayment.year,
            DuesPayment.amount,
            DuesPayment.paid_on,
            DuesPayment.method,
            DuesPayment.receipt_number,
        )
        .join(Member, DuesPayment.member_id == Member.id)
        .order_by(DuesPayment.paid_on, DuesPayment.id)
    )
    return batched(session, stmt)


def _donations(session: Session, actor: Actor, lang: str) -> Rows:
    stmt = sa.select(
        Donation.receipt_number,
        Donation.received_on,
        Donation.donor_kind,
        Donation.donor_name,
        Donation.donor_identity,
        Donation.donor_address,
        Donation.amount,
        Donation.method,
        Donation.payment_reference,
        Donation.in_kind,
        Donation.in_kind_description,
        Donation.purpose,
        Donation.cancelled,
        Donation.cancelled_on,
    ).order_by(Donation.received_on, Donation.id)
    masked = not actor.can(Permission.MEMBERS_IDENTITY)
    for row in batched(session, stmt):
        if masked and row[4]:
            row = (*row[:4], MASK, *row[5:])
        yield row


def _board(session: Session, actor: Actor, lang: str) -> Rows:
    label = BoardRole.label_ar if lang == "ar" else BoardRole.label_fr
    stmt = (
        sa.select(
            BoardTerm.starts_on,
            BoardTerm.ends_on,
            label,
            Member.number,
            Member.last_name_lat,
            Member.first_name_lat,
            Member.last_name_ar,
            Member.first_name_ar,
            BoardSeat.starts_on,
            BoardSeat.ends_on,
        )
        .join(BoardTerm, BoardSeat.term_id == BoardTerm.id)
        .join(BoardRole, BoardSeat.role_id == BoardRole.id)
        .join(Member, BoardSeat.member_id == Member.id)
        .order_by(BoardTerm.starts_on, BoardRole.position, BoardSeat.starts_on, BoardSeat.id)
    )
    return batched(session, stmt)


def _assemblies(session: Session, actor: Actor, lang: str) -> Rows:
    place = GeneralAssembly.place_ar if lang == "ar" else GeneralAssembly.place_fr
    other = GeneralAssembly.place_fr if lang == "ar" else GeneralAssembly.place_ar
    stmt = sa.select(
        GeneralAssembly.kind,
        GeneralAssembly.status,
        GeneralAssembly.convened_on,
        GeneralAssembly.held_on,
        sa.func.coalesce(place, other),
        GeneralAssembly.quorum_numerator.concat("/").concat(GeneralAssembly.quorum_denominator),
        GeneralAssembly.quorum_reached,
    ).order_by(GeneralAssembly.held_on, GeneralAssembly.id)
    return batched(session, stmt)


def _accounts(session: Session, actor: Actor, lang: str) -> Rows:
    stmt = sa.select(
        Account.number,
        Account.label_ar if lang == "ar" else Account.label_fr,
        Account.account_class,
        Account.kind,
        Account.active,
    ).order_by(Account.number)
    return batched(session, stmt)


def _entries(session: Session, actor: Actor, lang: str) -> Rows:
    stmt = (
        sa.select(
            JournalEntry.id,
            FiscalYear.label,
            Journal.code,
            JournalEntry.number,
            JournalEntry.state,
            JournalEntry.entry_date,
            JournalEntry.label,
            JournalEntry.reference,
            JournalEntry.third_party,
            JournalEntry.payment_method,
            JournalEntry.payment_reference,
            JournalEntry.reverses_id,
        )
        .join(FiscalYear, JournalEntry.fiscal_year_id == FiscalYear.id)
        .join(Journal, JournalEntry.journal_id == Journal.id)
        .order_by(JournalEntry.entry_date, JournalEntry.id)
    )
    return batched(session, stmt)


def _lines(session: Session, actor: Actor, lang: str) -> Rows:
    stmt = (
        sa.select(
            JournalLine.entry_id,
            JournalEntry.entry_date,
            Account.number,
            sa.func.coalesce(JournalLine.label, JournalEntry.label),
            JournalLine.debit,
            JournalLine.credit,
            JournalLine.agreement_number,
        )
        .join(JournalEntry, JournalLine.entry_id == JournalEntry.id)
        .join(Account, JournalLine.account_id == Account.id)
        .order_by(JournalEntry.entry_date, JournalLine.entry_id, JournalLine.position)
    )
    return batched(session, stmt)


def _funders(session: Session, actor: Actor, lang: str) -> Rows:
    stmt = sa.select(
        Funder.id,
        Funder.name_fr,
        Funder.name_ar,
        Funder.acronym,
        Funder.kind,
        Funder.country,
        Funder.foreign,
        Funder.contact_name,
        Funder.phone,
        Funder.email,
    ).order_by(Funder.name_fr, Funder.id)
    return batched(session, stmt)


def _requests(session: Session, actor: Actor, lang: str) -> Rows:
    stmt = (
        sa.select(
            FundingRequest.id,
            FundingRequest.reference,
            FundingRequest.title,
            Funder.name_fr,
            FundingRequest.status,
            FundingRequest.currency,
            FundingRequest.amount_requested,
            FundingRequest.amount_granted,
            FundingRequest.submitted_on,
            FundingRequest.decided_on,
            FundingRequest.agreement_number,
            FundingRequest.starts_on,
            FundingRequest.ends_on,
        )
        .join(Funder, FundingRequest.funder_id == Funder.id)
        .order_by(FundingRequest.id)
    )
    return batched(session, stmt)


def _tranches(session: Session, actor: Actor, lang: str) -> Rows:
    stmt = (
        sa.select(
            Tranche.request_id,
            FundingRequest.title,
            Tranche.number,
            Tranche.expected_on,
            Tranche.expected_amount,
            Tranche.received_on,
            Tranche.currency,
            Tranche.amount_received,
            Tranche.amount_mad,
        )
        .join(FundingRequest, Tranche.request_id == FundingRequest.id)
        .order_by(Tranche.request_id, Tranche.number)
    )
    return batched(session, stmt)


def _activities(session: Session, actor: Actor, lang: str) -> Rows:
    stmt = sa.select(
        Activity.id,
        Activity.title,
        Activity.kind,
        Activity.starts_at,
        Activity.ends_at,
        Activity.place,
        Activity.commune,
        Activity.province,
        Activity.partners,
        Activity.cost,
    ).order_by(Activity.starts_at, Activity.id)
    for row in batched(session, stmt):
        # Days as date cells (the time of day is not the export's business).
        yield (*row[:3], row[3].date(), row[4].date() if row[4] else None, *row[5:])


SHEETS: tuple[Sheet, ...] = (
    members_sheet(),
    Sheet(
        "dues",
        N_("Dues"),
        (
            N_("Member number"),
            N_("Year"),
            N_("Amount"),
            N_("Paid on"),
            N_("Payment method"),
            N_("Receipt no."),
        ),
        _may_read_dues,
        _dues,
        {4: PAYMENT_METHOD_LABELS},
    ),
    Sheet(
        "donations",
        N_("Donations"),
        (
            N_("Receipt no."),
            N_("Received on"),
            N_("Donor kind"),
            N_("Donor"),
            N_("Donor's identity number"),
            N_("Donor's address"),
            N_("Amount"),
            N_("Payment method"),
            N_("Payment reference"),
            N_("In kind"),
            N_("Description of the gift in kind"),
            N_("Purpose"),
            N_("Cancelled"),
            N_("Cancelled on"),
        ),
        _needs(Permission.BOOKS_READ),
        _donations,
        {2: DONOR_KIND_LABELS, 7: PAYMENT_METHOD_LABELS},
    ),
    Sheet(
        "board",
        N_("Board"),
        (
            N_("Term from"),
            N_("Term until"),
            N_("Role"),
            N_("Member number"),
            N_("Last name (Latin script)"),
            N_("First name (Latin script)"),
            N_("Last name (Arabic script)"),
            N_("First name (Arabic script)"),
            N_("Held from"),
            N_("Held until"),
        ),
        _needs(Permission.GOVERNANCE_READ),
        _board,
    ),
    Sheet(
        "assemblies",
        N_("Assemblies"),
        (
            N_("Kind"),
            N_("Status"),
            N_("Convened on"),
            N_("Held on"),
            N_("Place"),
            N_("Quorum"),
            N_("Quorum reached"),
        ),
        _needs(Permission.GOVERNANCE_READ),
        _assemblies,
        {0: ASSEMBLY_KIND_LABELS},
    ),
    Sheet(
        "accounts",
        N_("Accounts"),
        (N_("Account"), N_("Label"), N_("Class"), N_("Kind"), N_("Active")),
        _needs(Permission.BOOKS_READ),
        _accounts,
    ),
    Sheet(
        "journal_entries",
        N_("Journal entries"),
        (
            N_("Entry"),
            N_("Fiscal year"),
            N_("Journal"),
            N_("Number"),
            N_("State"),
            N_("Date"),
            N_("Label"),
            N_("Reference"),
            N_("Third party"),
            N_("Payment method"),
            N_("Payment reference"),
            N_("Reverses entry"),
        ),
        _needs(Permission.BOOKS_READ),
        _entries,
        {9: ENTRY_METHODS},
    ),
    Sheet(
        "journal_lines",
        N_("Entry lines"),
        (
            N_("Entry"),
            N_("Date"),
            N_("Account"),
            N_("Label"),
            N_("Debit"),
            N_("Credit"),
            N_("Agreement number"),
        ),
        _needs(Permission.BOOKS_READ),
        _lines,
    ),
    Sheet(
        "funders",
        N_("Funders"),
        (
            N_("Funder"),
            N_("Name (French)"),
            N_("Name (Arabic)"),
            N_("Acronym"),
            N_("Kind"),
            N_("Country"),
            N_("Foreign"),
            N_("Contact"),
            N_("Phone"),
            N_("E-mail"),
        ),
        _needs(Permission.FUNDING_READ),
        _funders,
        {4: FUNDER_KIND_LABELS},
    ),
    Sheet(
        "requests",
        N_("Funding requests"),
        (
            N_("Request"),
            N_("Reference"),
            N_("Title"),
            N_("Funder"),
            N_("Status"),
            N_("Currency"),
            N_("Amount requested"),
            N_("Amount granted"),
            N_("Submitted on"),
            N_("Decided on"),
            N_("Agreement number"),
            N_("From"),
            N_("Until"),
        ),
        _needs(Permission.FUNDING_READ),
        _requests,
        {4: REQUEST_STATUS_LABELS},
    ),
    Sheet(
        "tranches",
        N_("Tranches"),
        (
            N_("Request"),
            N_("Title"),
            N_("Tranche"),
            N_("Expected on"),
            N_("Amount expected"),
            N_("Received on"),
            N_("Currency"),
            N_("Amount received"),
            N_("Amount in MAD"),
        ),
        _needs(Permission.FUNDING_READ),
        _tranches,
    ),
    Sheet(
        "activities",
        N_("Activities"),
        (
            N_("Activity"),
            N_("Title"),
            N_("Kind"),
            N_("From"),
            N_("Until"),
            N_("Place"),
            N_("Commune"),
            N_("Province"),
            N_("Partners"),
            N_("Cost"),
        ),
        _needs(Permission.ACTIVITIES_READ),
        _activities,
        {2: ACTIVITY_KIND_LABELS},
    ),
)


def readable_sheets(actor: Actor) -> list[Sheet]:
    """The sheets `actor` may read; refused when none."""
    sheets = [s for s in SHEETS if s.may(actor)]
    if not sheets:
        raise PermissionDenied(_("Your role does not allow you to read any of this data."))
    return sheets


def export_association_xlsx(
    session: Session, actor: Actor, path: Path, *, lang: str = "fr"
) -> dict[str, int]:
    """Write every sheet `actor` may read to `path` (the caller's temporary file); return the
    row count of each sheet by its key."""
    return write_xlsx_file(session, actor, readable_sheets(actor), path, lang)


def export_association_csv(
    session: Session, actor: Actor, folder: Path, *, lang: str = "fr"
) -> dict[str, int]:
    """Write each sheet `actor` may read to `folder/<key>.csv` (UTF-8 with a BOM), each file
    written beside its name and renamed into place; return the row count by key."""
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for sheet in readable_sheets(actor):
        target = folder / f"{sheet.key}.csv"
        temporary = folder / f".{sheet.key}.csv.part"
        try:
            counts[sheet.key] = write_csv_file(session, actor, sheet, temporary, lang)
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
    return counts
