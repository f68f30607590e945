"""Every document, declared once, and the one entry point the CLI and the screens call.

A `ReportKind` says everything the rest of the program needs to know about a document: its
CLI name, its translated title, who may produce it (`access`, checked by `produce_report`
before anything is read), the record it is about (`about`), its options (each with a type,
a default and a translated label) and the module and function that build it. From this one
declaration follow

- the arguments of `nassij report KIND` (`cli/reports.py`),
- the form of the Documents page (`ui/documents/fields.py`), and
- the permission check (`produce_report`).

Adding a document is one declaration in `REPORT_KINDS` plus its module: `build_<doc>_data(
session, …)`, `render_<doc>(data, lang, path)` and `<doc>_report(session, actor, request) ->
ReportResult`. The modules are imported on first use so that the CLI starts fast and a screen
that prints one receipt does not load every document. Tests in tests/reports/ fail when a
document module is not declared here or a declared one does not produce a PDF.

`produce_report` is also where the chosen file is guarded: never the open association file or
its working files, never a folder or a device; and the document is drawn into a temporary file
that replaces the target only once it is complete.
"""

from __future__ import annotations

import dataclasses
import enum
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.output_files import (
    atomic_output,
    check_output_path,
    protected_paths,
)
from nassij_desktop.core.common.permissions import Actor, Permission, Role
from nassij_desktop.core.members.models import STATUS_LABELS, MemberStatus
from nassij_desktop.core.members.records import require_dues_read
from nassij_desktop.i18n import N_
from nassij_desktop.reports.request import ReportRequest, ReportResult

if TYPE_CHECKING:  # the governance documents' type only: a book report need not load governance
    from nassij_desktop.core.governance.board_data import MissingData

ReportFunction = Callable[[Session, Actor, ReportRequest], ReportResult]
GapsFunction = Callable[[Session, Actor, ReportRequest], "list[MissingData]"]
AccessCheck = Callable[[Actor], None]  # raises PermissionDenied


class OptionType(enum.Enum):
    """How an option is typed: on the command line and in the Documents page's form."""

    LANGUAGE = "language"  # "ar" or "fr": a combo box
    YEAR = "year"  # an int: a spin box that starts at the current year
    DATE = "date"  # a datetime.date (YYYY-MM-DD on the command line): a DateEdit
    CHOICE = "choice"  # one of `choices` (None: no filter): a combo box
    RECORD = "record"  # the id of one record of the kind's `about` sort: the record picker
    MEMBERS = "members"  # member ids; repeated on the command line, chosen on the Members page
    TEXT = "text"  # free text: a line edit; the document checks it


class RecordSort(enum.StrEnum):
    """What a document is about: one record of that sort (the latest when none is chosen)."""

    TERM = "term"
    ASSEMBLY = "assembly"
    DUES = "dues"
    DONATION = "donation"
    MEMBERS = "members"  # several members (every active one when none is chosen)
    MEMBER = "member"  # one member (a blank form when none is chosen)
    AGREEMENT = "agreement"  # a funding request with a signed agreement
    FOREIGN_FUNDING = "foreign_funding"  # a declaration of a foreign receipt to the SGG
    CAMPAIGN = "campaign"  # a fundraising campaign
    FUNDING_REQUEST = "funding_request"  # any funding request


YEAR_RANGE = (1958, 2200)  # the Dahir on associations dates from 1958


@dataclass(frozen=True)
class ReportOption:
    """One option of a document. `field` is the ReportRequest field it fills (a test checks
    that it exists); the same field means the same option in every document that has it."""

    field: str
    type: OptionType
    flag: str  # on the command line
    label: str  # N_-marked: the form's label
    help: str  # N_-marked: the command line's help
    default: str | int | None = None  # None: no value (the latest record, no filter…)
    choices: tuple[tuple[str | None, str], ...] = ()  # CHOICE: (value, N_-marked label)


LANGUAGE = ReportOption(
    "lang",
    OptionType.LANGUAGE,
    "--lang",
    N_("Language of the document:"),
    N_("document language"),
    default="ar",  # the form starts at the association's default language
    choices=(("ar", N_("Arabic")), ("fr", N_("French"))),
)
RECORD = ReportOption(
    "record_id",
    OptionType.RECORD,
    "--id",
    N_("Concerning:"),
    N_("record the document is about (default: the latest)"),
)
MEMBERS = ReportOption(
    "member_ids",
    OptionType.MEMBERS,
    "--member",
    N_("Members:"),
    N_("member number; repeat for several (cards: every active member by default)"),
)
YEAR = ReportOption("year", OptionType.YEAR, "--year", N_("Year:"), N_("year"))
MEMBER_STATUS = ReportOption(
    "status",
    OptionType.CHOICE,
    "--status",
    N_("Members:"),
    N_("member status"),
    choices=((None, N_("All members")), *((s.value, STATUS_LABELS[s]) for s in MemberStatus)),
)

MEMBER_ORDER = ReportOption(
    "order",
    OptionType.CHOICE,
    "--order",
    N_("Order:"),
    N_("order of the members: by member number (default), or name"),
    choices=((None, N_("By member number")), ("name", N_("By name"))),
)

ACCOUNT = ReportOption(
    "account",
    OptionType.TEXT,
    "--account",
    N_("Account (empty: every account):"),
    N_("account number (default: every account)"),
)


AS_OF = ReportOption(
    "as_of",
    OptionType.DATE,
    "--date",
    N_("On:"),
    N_("the day, DD/MM/YYYY (default: today)"),
)
FUNDER = ReportOption(
    "funder",
    OptionType.TEXT,
    "--funder",
    N_("Funder (empty: every public funder):"),
    N_("funder id or acronym (default: every public funder)"),
)
COMMENT = ReportOption(
    "comment",
    OptionType.TEXT,
    "--comment",
    N_("Commentary:"),
    N_("the treasurer's commentary on the year"),
)


def needs(*permissions: Permission) -> AccessCheck:
    """An access check: every one of `permissions`."""

    def check(actor: Actor) -> None:
        for permission in permissions:
            actor.require(permission)

    return check


@dataclass(frozen=True)
class ReportKind:
    name: str  # on the command line, in file names
    label: str  # N_-marked title; translate with _() when shown
    module: str  # under nassij_desktop.reports
    function: str  # `<doc>_report(session, actor, request) -> ReportResult`
    access: AccessCheck
    about: RecordSort | None = None
    extra: tuple[ReportOption, ...] = ()  # besides the language and the record
    reports_progress: bool = False  # tells request.progress how far it got (can be cancelled)
    # A function of the module, `(session, actor, request) -> list[MissingData]`: what the
    # register lacks for the document to be whole (article-5 data of the board), asked before
    # it is produced: the screen lists it in a confirmation, the CLI on stderr.
    gaps: str | None = None
    # The language the Documents page, the assembly's documents and `nassij report` start at
    # for this document (None: the association's, and Arabic on the command line): "ar" for
    # papers to the authorities (the administration's language, LEGAL.md).
    default_lang: str | None = None

    @property
    def options(self) -> tuple[ReportOption, ...]:
        """Every option, in the form's order: language, the record, then the others."""
        record = (
            () if self.about is None else (MEMBERS if self.about is RecordSort.MEMBERS else RECORD,)
        )
        return (LANGUAGE, *record, *self.extra)

    def allows(self, actor: Actor) -> bool:
        try:
            self.access(actor)
        except PermissionDenied:
            return False
        return True

    def roles(self) -> tuple[Role, ...]:
        """The roles that may make it (the screens name them to whoever may not)."""
        return tuple(
            role for role in Role if self.allows(Actor(user_id=None, login=role.value, role=role))
        )

    def load_gaps(self) -> GapsFunction | None:
        if self.gaps is None:
            return None
        module = importlib.import_module(f"nassij_desktop.reports.{self.module}")
        function: GapsFunction = getattr(module, self.gaps)
        return function

    def load(self) -> ReportFunction:
        module = importlib.import_module(f"nassij_desktop.reports.{self.module}")
        function: ReportFunction = getattr(module, self.function)
        return function


P = Permission
REPORT_KINDS: dict[str, ReportKind] = {
    kind.name: kind
    for kind in (
        ReportKind(
            "board-list",
            N_("Board list"),
            "governance.board_list",
            "board_list_report",
            needs(P.GOVERNANCE_READ, P.MEMBERS_IDENTITY),
            about=RecordSort.TERM,
            gaps="board_list_gaps",
            default_lang="ar",  # filed with the local authority (LEGAL.md)
        ),
        ReportKind(
            "board-declaration",
            N_("Declaration to the local authority (founding, renewal, change)"),
            "governance.board_declaration",
            "board_declaration_report",
            needs(P.GOVERNANCE_READ, P.MEMBERS_IDENTITY),
            about=RecordSort.TERM,
            gaps="board_declaration_gaps",
            default_lang="ar",  # filed with the local authority (LEGAL.md)
        ),
        ReportKind(
            "assembly-minutes",
            N_("Minutes of a general assembly"),
            "governance.assembly_minutes",
            "assembly_minutes_report",
            needs(P.GOVERNANCE_READ),
            about=RecordSort.ASSEMBLY,
            default_lang="ar",  # filed with the local authority (LEGAL.md)
        ),
        ReportKind(
            "statutes-declaration",
            N_("Statutes change declaration"),
            "governance.statutes_declaration",
            "statutes_declaration_report",
            needs(P.GOVERNANCE_READ, P.MEMBERS_IDENTITY),
            about=RecordSort.ASSEMBLY,
            default_lang="ar",  # filed with the local authority (LEGAL.md)
        ),
        ReportKind(
            "assembly-convocation",
            N_("Convocation to a general assembly"),
            "governance.convocation",
            "convocation_report",
            needs(P.GOVERNANCE_READ),
            about=RecordSort.ASSEMBLY,
        ),
        ReportKind(
            "attendance-sheet",
            N_("Attendance sheet of a general assembly"),
            "governance.attendance_sheet",
            "attendance_sheet_report",
            needs(P.GOVERNANCE_READ),
            about=RecordSort.ASSEMBLY,
        ),
        ReportKind(
            "member-register",
            N_("Member register"),
            "members.member_register",
            "member_register_report",
            needs(P.MEMBERS_READ),
            extra=(YEAR, MEMBER_STATUS, MEMBER_ORDER),
            reports_progress=True,
        ),
        ReportKind(
            "member-card",
            N_("Membership cards"),
            "members.member_cards",
            "member_cards_report",
            needs(P.MEMBERS_READ),
            about=RecordSort.MEMBERS,
            extra=(YEAR,),
        ),
        ReportKind(
            "membership-form",
            N_("Membership application form"),
            "members.membership_form",
            "membership_form_report",
            needs(P.MEMBERS_READ),
            about=RecordSort.MEMBER,
        ),
        ReportKind(
            "personal-data",
            N_("Personal data held about a member (law 09-08)"),
            "privacy.personal_data",
            "personal_data_report",
            needs(P.PRIVACY_MANAGE),
            about=RecordSort.MEMBER,
        ),
        ReportKind(
            "privacy-notice",
            N_("Privacy notice (law 09-08)"),
            "privacy.notice",
            "privacy_notice_report",
            needs(),  # the association's own notice: nothing about one person
        ),
        ReportKind(
            "consent-form",
            N_("Consent form (photos, contact, funders)"),
            "privacy.consent_form",
            "consent_form_report",
            needs(P.MEMBERS_READ),
            about=RecordSort.MEMBERS,  # --member NUMBER: filled in; none: a blank form
        ),
        ReportKind(
            "dues-receipt",
            N_("Dues receipt"),
            "receipts.dues_receipt",
            "dues_receipt_report",
            require_dues_read,
            about=RecordSort.DUES,
        ),
        ReportKind(
            "donation-receipt",
            N_("Donation receipt"),
            "receipts.donation_receipt",
            "donation_receipt_report",
            needs(P.BOOKS_READ),
            about=RecordSort.DONATION,
        ),
        ReportKind(
            "reconciliation",
            N_("Bank reconciliation statement"),
            "books.reconciliation",
            "reconciliation_report",
            needs(P.BOOKS_READ),
            extra=(ACCOUNT, AS_OF),
        ),
        ReportKind(
            "financial",
            N_("Annual financial report"),
            "books.financial_report",
            "financial_report",
            needs(P.BOOKS_READ),
            extra=(YEAR, COMMENT),
        ),
        ReportKind(
            "public-aid",
            N_("Account of the use of public aid"),
            "books.public_aid",
            "public_aid_report",
            needs(P.BOOKS_READ),
            extra=(YEAR, FUNDER),
        ),
        ReportKind(
            "trial-balance",
            N_("Trial balance"),
            "books.trial_balance",
            "trial_balance_report",
            needs(P.BOOKS_READ),
            extra=(YEAR,),
        ),
        ReportKind(
            "ledger",
            N_("General ledger"),
            "books.ledger",
            "ledger_report",
            needs(P.BOOKS_READ),
            extra=(YEAR, ACCOUNT),
        ),
        ReportKind(
            "journal",
            N_("Journal"),
            "books.journal",
            "journal_report",
            needs(P.BOOKS_READ),
            extra=(YEAR,),
        ),
        ReportKind(
            "volunteering",
            N_("Volunteering attestation"),
            "activities.volunteering",
            "volunteering_report",
            needs(P.ACTIVITIES_READ, P.MEMBERS_READ),
            about=RecordSort.MEMBERS,  # one member: --member NUMBER
            extra=(YEAR,),
        ),
        ReportKind(
            "agreement",
            N_("Financial report of an agreement"),
            "funding.agreement",
            "agreement_report",
            needs(P.FUNDING_READ, P.BOOKS_READ),
            about=RecordSort.AGREEMENT,
        ),
        ReportKind(
            "funding-pack",
            N_("Funding application pack"),
            "funding.pack",
            "funding_pack_report",
            needs(P.FUNDING_READ),
            about=RecordSort.FUNDING_REQUEST,
        ),
        ReportKind(
            "foreign-funding",
            N_("Declaration of foreign funding to the SGG"),
            "funding.foreign_funding",
            "foreign_funding_report",
            needs(P.FUNDING_READ),
            about=RecordSort.FOREIGN_FUNDING,
            default_lang="ar",
        ),
        ReportKind(
            "campaign",
            N_("Report on a fundraising campaign"),
            "campaigns.campaign_report",
            "campaign_report",
            needs(P.BOOKS_READ),
            about=RecordSort.CAMPAIGN,
        ),
        ReportKind(
            "user-guide",
            N_("User guide"),
            "guide.user_guide",
            "user_guide_report",
            needs(),  # the program's guide: nothing of the file in it
        ),
        ReportKind(
            "activity",
            N_("Moral report (activities of the year)"),
            "moral.moral_report",
            "moral_report",
            needs(P.ACTIVITIES_READ, P.MEMBERS_READ, P.GOVERNANCE_READ, P.FUNDING_READ),
            extra=(YEAR,),
        ),
    )
}


def all_options() -> Iterator[tuple[ReportOption, list[ReportKind]]]:
    """Each option once (by field, in declaration order) with the documents that take it."""
    users: dict[ReportOption, list[ReportKind]] = {}
    for kind in REPORT_KINDS.values():
        for option in kind.options:
            users.setdefault(option, []).append(kind)
    yield from users.items()


def produce_report(
    session: Session, actor: Actor, kind: str, request: ReportRequest
) -> ReportResult:
    """Write the document `kind` to `request.out`; raises a translated NassijError on refusal
    (first of all PermissionDenied when the kind's `access` refuses the actor).

    The result's path is the file written (`request.out` with symlinks followed). A refused or
    failed document leaves no partial file and leaves an older file at that path untouched.
    """
    declared = REPORT_KINDS[kind]
    declared.access(actor)
    produce = declared.load()
    target = check_output_path(request.out, protected=_open_database_files(session))
    with atomic_output(target) as temporary:
        result = produce(session, actor, dataclasses.replace(request, out=temporary))
    return dataclasses.replace(result, path=target)


def report_gaps(
    session: Session, actor: Actor, kind: str, request: ReportRequest
) -> list[MissingData]:
    """What the register lacks for document `kind` to be whole (empty for a document that
    asks nothing of it); refused as the document would be (permission, a past term…)."""
    declared = REPORT_KINDS[kind]
    declared.access(actor)
    check = declared.load_gaps()
    return [] if check is None else check(session, actor, request)


def _open_database_files(session: Session) -> set[Path]:
    """The files of the SQLite database this session reads (none for a server database)."""
    url = session.get_bind().engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return set()
    return protected_paths(Path(url.database))
