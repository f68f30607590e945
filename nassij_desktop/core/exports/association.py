"""The whole association: one sheet per entity, as an XLSX workbook or a folder of CSV files;
and `export_association`, the one service the command line and the window call to write it
(or the association's profile, `profile.py`) to a file the user chose.

Sheets (keys, also the CSV files' names): members, dues, donations, board, assemblies,
accounts, journal_entries, journal_lines, funders, requests, tranches, activities. Each is
read from SQLite as it is written, and only when the actor may read its domain (a volunteer
gets the members and the activities); the register's identity data, and a donor's identity,
are masked for a role that may not see members' identity numbers.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
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
from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.output_files import (
    atomic_output,
    check_output_path,
    protected_paths,
)
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.core.donations.models import DONOR_KIND_LABELS, Donation
from nassij_desktop.core.exports.members import members_sheet
from nassij_desktop.core.exports.profile import (
    DEFAULT_MAPPING,
    association_profile,
    load_mapping,
    write_profile_csv,
    write_profile_json,
)
from nassij_desktop.core.exports.tables import Cell, Rows, Sheet, batched
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
    return _write_csv_folder(session, actor, folder, readable_sheets(actor), lang, None).counts


# --- the service: what the command line and the window call ------------------------------------

PROGRESS_ROWS = 500  # rows written between two reports of the progress (and chances to cancel)


class ExportKind(enum.Enum):
    """What `export_association` writes."""

    XLSX = "xlsx"  # a workbook, a sheet per entity
    CSV_FOLDER = "csv_folder"  # a folder, a CSV file per entity (members.csv, dues.csv…)
    PROFILE_JSON = "profile_json"  # the association's profile for a portal
    PROFILE_CSV = "profile_csv"

    @property
    def is_profile(self) -> bool:
        return self in (ExportKind.PROFILE_JSON, ExportKind.PROFILE_CSV)


@dataclass(frozen=True)
class SheetCount:
    key: str  # members, dues… (the CSV file's name)
    name: str  # the sheet's N_-marked name: translate it where it is shown
    rows: int


@dataclass(frozen=True)
class AssociationExport:
    """What was written: the file (or the folder) and, but for the profile, each sheet's rows."""

    kind: ExportKind
    path: Path
    sheets: tuple[SheetCount, ...] = ()
    files: tuple[Path, ...] = ()  # the CSV files written in the folder

    @property
    def counts(self) -> dict[str, int]:
        return {sheet.key: sheet.rows for sheet in self.sheets}


def may_export_profile(actor: Actor) -> bool:
    """The profile names the board and the funding received."""
    return actor.can(Permission.GOVERNANCE_READ) and actor.can(Permission.FUNDING_READ)


def exportable_kinds(actor: Actor) -> list[ExportKind]:
    """What `actor` may export (the window shows only these)."""
    kinds = []
    if any(sheet.may(actor) for sheet in SHEETS):
        kinds += [ExportKind.XLSX, ExportKind.CSV_FOLDER]
    if may_export_profile(actor):
        kinds += [ExportKind.PROFILE_JSON, ExportKind.PROFILE_CSV]
    return kinds


def open_database_files(session: Session) -> set[Path]:
    """The association file this session reads and its working files (none for a server)."""
    url = session.get_bind().engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return set()
    return protected_paths(Path(url.database))


def export_association(
    session: Session,
    actor: Actor,
    target: Path | str,
    kind: ExportKind,
    *,
    lang: str = "fr",
    mapping: Path | None = None,
    protected: Collection[Path] = (),
    progress: Progress | None = None,
) -> AssociationExport:
    """Write the whole association (`XLSX`, `CSV_FOLDER`) or its profile (`PROFILE_JSON`,
    `PROFILE_CSV`, through the field mapping file `mapping`, else `DEFAULT_MAPPING`) to
    `target`, headers and labels in `lang`.

    Refused before anything is written: a role that may read none of it (PermissionDenied);
    a target that is the association file this session reads, one of its working files or
    one of `protected`, a folder given for a file, a file for a folder (ValidationError on
    "target"); an unreadable mapping (on "mapping"). A file is written beside its name and
    moved into place once whole: a failure, or Cancel through `progress`, leaves no half file
    and an older file as it was."""
    if kind.is_profile:
        actor.require(Permission.GOVERNANCE_READ)
        actor.require(Permission.FUNDING_READ)
        sheets: list[Sheet] = []
    else:
        sheets = readable_sheets(actor)
    guarded = open_database_files(session) | {Path(p) for p in protected}
    if kind is ExportKind.CSV_FOLDER:
        folder = _csv_folder(target)
        if folder.is_dir():  # never over the association file, were it named members.csv
            for sheet in sheets:
                check_output_path(folder / f"{sheet.key}.csv", protected=guarded, field="target")
        return _write_csv_folder(session, actor, folder, sheets, lang, progress)
    path = check_output_path(target, protected=guarded, field="target")
    if kind.is_profile:
        fields = load_mapping(mapping) if mapping is not None else DEFAULT_MAPPING
        _step(progress, 0, _("Reading the association's profile…"))
        profile = association_profile(session, actor)
        with atomic_output(path) as temporary:
            if kind is ExportKind.PROFILE_CSV:
                write_profile_csv(profile, fields, temporary, lang)
            else:
                write_profile_json(profile, fields, temporary)
        return AssociationExport(kind, path)
    with atomic_output(path) as temporary:
        counts = write_xlsx_file(
            session, actor, [_reporting(s, progress) for s in sheets], temporary, lang
        )
    return AssociationExport(kind, path, _counted(sheets, counts))


def _csv_folder(target: Path | str) -> Path:
    folder = Path(target).expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise ValidationError("target", _("{path} is not a folder.").format(path=folder))
    return folder


def _write_csv_folder(
    session: Session,
    actor: Actor,
    folder: Path,
    sheets: list[Sheet],
    lang: str,
    progress: Progress | None,
) -> AssociationExport:
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for sheet in sheets:
        with atomic_output(folder / f"{sheet.key}.csv") as temporary:
            counts[sheet.key] = write_csv_file(
                session, actor, _reporting(sheet, progress), temporary, lang
            )
    files = tuple(folder / f"{sheet.key}.csv" for sheet in sheets)
    return AssociationExport(ExportKind.CSV_FOLDER, folder, _counted(sheets, counts), files)


def _counted(sheets: list[Sheet], counts: dict[str, int]) -> tuple[SheetCount, ...]:
    return tuple(SheetCount(s.key, s.name, counts[s.key]) for s in sheets if s.key in counts)


def _step(progress: Progress | None, done: int, message: str) -> None:
    if progress is not None:
        progress.step(done, None, message)


def _reporting(sheet: Sheet, progress: Progress | None) -> Sheet:
    """`sheet`, its rows counted to `progress` as they are written (Cancel stops there)."""
    if progress is None:
        return sheet
    read = sheet.rows

    def rows(session: Session, actor: Actor, language: str) -> Iterator[Sequence[Cell]]:
        message = _("Writing the sheet “{sheet}”…").format(sheet=_(sheet.name))
        progress.step(0, None, message)
        for done, row in enumerate(read(session, actor, language), start=1):
            if done % PROGRESS_ROWS == 0:
                progress.step(done, None, message)
            yield row

    return dataclasses.replace(sheet, rows=rows)
