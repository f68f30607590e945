"""`build_demo()`: a believable Moroccan association in a new, empty file.

Members, their status history and their dues (with a numbered receipt and a journal entry
each) are written in bulk with SQLAlchemy Core, so that a demo of 100 000 members takes
seconds; everything else goes through the domain services (`create_association`,
`create_user`, `post_entry`…) or the ORM. All of it in one transaction: a failure leaves the
file as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, Decimal
from functools import partial

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.activities.models import (
    Activity,
    ActivityKind,
    BeneficiaryCount,
    Programme,
    VolunteerTime,
)
from nassij_desktop.core.association import settings
from nassij_desktop.core.association.models import Counter
from nassij_desktop.core.association.regions import regions
from nassij_desktop.core.association.services import (
    AssociationProfile,
    create_association,
    has_association,
)
from nassij_desktop.core.books.models import (
    Account,
    AnalyticKind,
    AnalyticTag,
    Budget,
    BudgetAmount,
    Journal,
    TreasuryAccount,
    TreasuryKind,
)
from nassij_desktop.core.books.services import LineSpec
from nassij_desktop.core.common import audit
from nassij_desktop.core.common.errors import Conflict, ValidationError
from nassij_desktop.core.common.money import CENT, ZERO, quantize
from nassij_desktop.core.common.permissions import CLI_ACTOR, Role
from nassij_desktop.core.common.progress import NO_PROGRESS, Progress
from nassij_desktop.core.common.validators import normalise_phone
from nassij_desktop.core.demo import content
from nassij_desktop.core.demo import donations as demo_donations
from nassij_desktop.core.demo.content import Text, pick
from nassij_desktop.core.demo.ledger import BulkInsert, Ledger
from nassij_desktop.core.demo.people import (
    City,
    DemoMember,
    cities,
    generate_dues,
    generate_members,
    profession_label,
    professions,
)
from nassij_desktop.core.funding.models import (
    BudgetLine,
    ForeignFundingDeclaration,
    Funder,
    FundingRequest,
    Project,
    RequestDocument,
    RequestStatus,
    RequestStatusChange,
    Tranche,
)
from nassij_desktop.core.governance.models import (
    AgendaItem,
    AssemblyAttendance,
    AssemblyKind,
    AssemblyStatus,
    Attendance,
    AuthorityDeclaration,
    BoardRole,
    BoardSeat,
    BoardTerm,
    DeclarationKind,
    GeneralAssembly,
    Resolution,
)
from nassij_desktop.core.members.models import (
    IdentityDocument,
    Member,
    MemberCategory,
    MemberStatus,
    MemberStatusChange,
)
from nassij_desktop.core.members.search import merge_search_indexes
from nassij_desktop.core.members.services import member_search_text
from nassij_desktop.core.users.models import User
from nassij_desktop.core.users.services import create_user
from nassij_desktop.i18n import _, current_language
from nassij_desktop.storage.database import Database

DEMO_PASSWORD = "demo-password"  # public on purpose: demo files only
MIN_MEMBERS = 30
FOUNDERS = 15
ATTENDANCE_SAMPLE = 200
OFFICER_ROLES = (
    "president",
    "vice_president",
    "secretary_general",
    "deputy_secretary",
    "treasurer",
    "deputy_treasurer",
)
_LANDLINE_PREFIX = {
    "01": "539",
    "02": "536",
    "03": "535",
    "04": "537",
    "05": "523",
    "06": "522",
    "07": "524",
    "08": "535",
    "09": "528",
    "10": "528",
    "11": "528",
    "12": "528",
}
_ROUND_100 = Decimal("100")
_S = RequestStatus
_PATHS = {
    _S.DRAFT: (_S.DRAFT,),
    _S.SUBMITTED: (_S.DRAFT, _S.SUBMITTED),
    _S.UNDER_REVIEW: (_S.DRAFT, _S.SUBMITTED, _S.UNDER_REVIEW),
    _S.GRANTED: (_S.DRAFT, _S.SUBMITTED, _S.UNDER_REVIEW, _S.GRANTED),
    _S.AGREEMENT_SIGNED: (_S.DRAFT, _S.SUBMITTED, _S.UNDER_REVIEW, _S.GRANTED, _S.AGREEMENT_SIGNED),
    _S.IN_PROGRESS: (
        _S.DRAFT,
        _S.SUBMITTED,
        _S.UNDER_REVIEW,
        _S.GRANTED,
        _S.AGREEMENT_SIGNED,
        _S.IN_PROGRESS,
    ),
    _S.CLOSED: (
        _S.DRAFT,
        _S.SUBMITTED,
        _S.UNDER_REVIEW,
        _S.GRANTED,
        _S.AGREEMENT_SIGNED,
        _S.IN_PROGRESS,
        _S.CLOSED,
    ),
    _S.REJECTED: (_S.DRAFT, _S.SUBMITTED, _S.UNDER_REVIEW, _S.REJECTED),
    _S.WITHDRAWN: (_S.DRAFT, _S.SUBMITTED, _S.WITHDRAWN),
}
_GRANTED = frozenset({_S.GRANTED, _S.AGREEMENT_SIGNED, _S.IN_PROGRESS, _S.CLOSED})


@dataclass(frozen=True)
class DemoSummary:
    members: int
    entries: int
    assemblies: int
    activities: int
    requests: int


def build_demo(
    database: Database,
    *,
    members: int = 300,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill a new, empty file with a believable demo association, in one transaction.

    The same `seed` gives the same association; every date is counted back from `today`
    (default: the real date), so tests can pin it. It holds `members` members with their
    status history and dues, the board and general assemblies, a year of activities, funders
    and requests in every status, and the books of the previous and the current fiscal year.

    Two user accounts are created, both with the password "demo-password": "admin"
    (administrator) and "benevole" (volunteer). The password is public: a demo file is for
    trying the application, never for real records (its "demo" setting says it is one).

    Refused (Conflict) on a file that already holds an association or members. `progress`
    counts the phases; cancelling it rolls the whole transaction back.
    """
    if members < MIN_MEMBERS:
        raise ValidationError(
            "members", _("A demo needs at least {count} members.").format(count=MIN_MEMBERS)
        )
    with database.transaction() as session, _roomy_page_cache(session):
        builder = _DemoBuilder(session, random.Random(seed), today or dt.date.today(), members)
        summary = builder.build(seed, progress or NO_PROGRESS)
        merge_search_indexes(session)  # written all at once: merged, the search is faster
        return summary


@contextlib.contextmanager
def _roomy_page_cache(session: Session) -> Iterator[None]:
    """SQLite keeps 2 MB of pages by default: the random index inserts of a large demo would
    go back and forth to the disk. A larger cache for this transaction only."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    connection = session.connection()
    before = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    connection.exec_driver_sql("PRAGMA cache_size = -262144")  # KiB: 256 MiB at most
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {before}")


def _saturday_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - 5) % 7)


def _rib(rng: random.Random, bank: str) -> str:
    first_22 = f"{bank}{rng.randrange(100, 1000)}{rng.randrange(10**15, 10**16)}"
    return f"{first_22}{97 - (int(first_22) * 100) % 97:02d}"  # LEGAL.md: whole RIB ≡ 0 mod 97


def _whole(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("1")).quantize(CENT)


@dataclass
class _Event:
    day: dt.date
    order: int  # 0 opening, 1 dues receipts, 2 other entries, 3 end of day (cash deposit)
    action: Callable[[], None]


@dataclass
class _Timeline:
    """The dates of a request; each tranche is (expected on, share, received on or None)."""

    draft: dt.date
    submitted: dt.date | None = None
    review: dt.date | None = None
    decided: dt.date | None = None
    agreement: dt.date | None = None
    started: dt.date | None = None
    closed: dt.date | None = None
    withdrawn: dt.date | None = None
    starts: dt.date | None = None
    ends: dt.date | None = None
    tranches: tuple[tuple[dt.date, Decimal, dt.date | None], ...] = field(default=())

    def on(self, status: RequestStatus) -> dt.date:
        day = {
            _S.DRAFT: self.draft,
            _S.SUBMITTED: self.submitted,
            _S.UNDER_REVIEW: self.review,
            _S.GRANTED: self.decided,
            _S.AGREEMENT_SIGNED: self.agreement,
            _S.IN_PROGRESS: self.started,
            _S.CLOSED: self.closed,
            _S.REJECTED: self.decided,
            _S.WITHDRAWN: self.withdrawn,
        }[status]
        assert day is not None
        return day


@dataclass
class _Request:
    row: FundingRequest
    funder: Funder
    tag_id: int | None
    project_code: str | None
    programme: str | None
    rate: Decimal | None  # MAD per unit of the request's currency


class _DemoBuilder:
    def __init__(self, session: Session, rng: random.Random, today: dt.date, count: int) -> None:
        self.session = session
        self.rng = rng
        self.today = today
        self.count = count
        self.lang = "ar" if current_language() == "ar" else "fr"
        self.actor = CLI_ACTOR
        self.books_start = dt.date(today.year - 1, 1, 1)
        self.founded = dt.date(today.year - 13, 3, 1) + dt.timedelta(days=rng.randrange(90))
        self.events: list[_Event] = []
        self.people: list[DemoMember] = []
        self.requests: list[_Request] = []
        self.assemblies = 0
        self.activities = 0

    def t(self, text: Text, **values: object) -> str:
        result = pick(text, self.lang)
        return result.format(**values) if values else result

    def at(self, fraction: float) -> dt.date:
        """A day at `fraction` of the way from the start of the books to today."""
        return self.books_start + dt.timedelta(
            days=int((self.today - self.books_start).days * fraction)
        )

    def event(self, day: dt.date, action: Callable[[], None], order: int = 2) -> None:
        if self.books_start <= day <= self.today:
            self.events.append(_Event(day, order, action))

    # --- the whole ---------------------------------------------------------------------------

    def build(self, seed: int, progress: Progress) -> DemoSummary:
        session = self.session
        if has_association(session) or session.scalar(sa.select(sa.func.count(Member.id))):
            raise Conflict(
                _(
                    "This file already holds an association or members: a demo can only "
                    "fill a new, empty file."
                )
            )
        phases: tuple[Callable[[], None], ...] = (
            self._association,
            self._members,
            self._users,
            self._governance,
            self._funding,
            self._activities,
            self._books,
            partial(self._finish, seed),
        )
        for done, phase in enumerate(phases):
            progress.step(done, len(phases))  # a cancel here rolls the transaction back
            phase()
        session.flush()
        progress.step(len(phases), len(phases))
        return DemoSummary(
            members=len(self.people),
            entries=self.ledger.entries,
            assemblies=self.assemblies,
            activities=self.activities,
            requests=len(self.requests),
        )

    # --- association -------------------------------------------------------------------------

    def _landline(self, city: City) -> str:
        prefix = _LANDLINE_PREFIX.get(city.region_code, "537")
        while True:
            try:
                return normalise_phone(f"0{prefix}{self.rng.randrange(10**6):06d}")
            except ValidationError:
                continue

    def _association(self) -> None:
        rng, lang = self.rng, self.lang
        self.seat = seat = rng.choice(cities())
        number, street, quarter = (
            rng.randint(3, 120),
            rng.choice(content.STREETS),
            rng.choice(content.QUARTERS),
        )
        bank_code, bank_name = content.BANK
        city = seat.name(lang)
        self.seat_names = {"city": city, "de_city": content.de(city)}
        self.association = create_association(
            self.session,
            self.actor,
            AssociationProfile(
                name_ar=content.ASSOCIATION_NAME[0],
                name_fr=content.ASSOCIATION_NAME[1],
                acronym=content.ASSOCIATION_ACRONYM,
                purpose_ar=content.ASSOCIATION_PURPOSE[0],
                purpose_fr=content.ASSOCIATION_PURPOSE[1],
                address_ar=f"{content.address(number, street, quarter, 'ar')}، {seat.name_ar}",
                address_fr=f"{content.address(number, street, quarter, 'fr')}, {seat.name_fr}",
                city=seat.name(lang),
                region_code=seat.region_code,
                province=seat.province(lang),
                commune=seat.name(lang),
                phone=self._landline(seat),
                email="contact@alamal.example.org",
                founded_on=self.founded,
                receipt_number=f"{rng.randint(12, 180)}/{self.founded.year}",
                receipt_date=self.founded + dt.timedelta(days=rng.randint(40, 58)),
                rib=_rib(rng, bank_code),
                bank_name=bank_name,
                fiscal_year_start_month=1,
                default_language=lang,
            ),
        )

    # --- members -----------------------------------------------------------------------------

    def _members(self) -> None:
        session, rng, lang = self.session, self.rng, self.lang
        people = generate_members(
            rng, self.today, self.founded, self.seat, lang, self.count, FOUNDERS
        )
        width = int(settings.get_setting(session, "members.number_width"))
        for index, person in enumerate(people, start=1):
            person.number = str(index).zfill(width)
        self.categories = {c.code: c for c in session.scalars(sa.select(MemberCategory))}
        labels: dict[tuple[str, str], str] = {}
        all_professions = professions()
        consent_scope = self.t(content.CONSENT_SCOPE)

        def rows() -> Iterator[tuple[object, ...]]:
            for p in people:
                key = (p.profession, p.gender.value)
                label = labels.get(key)
                if label is None:
                    label = labels[key] = profession_label(
                        all_professions[p.profession], p.gender, lang
                    )
                yield (
                    p.number,
                    p.last.ar,
                    p.first.ar,
                    p.last.lat,
                    p.first.lat,
                    p.gender,
                    p.birth_date,
                    p.birth_place.name(lang),
                    "MA",
                    IdentityDocument.CIN,
                    p.id_number,
                    label,
                    p.address,
                    p.city.name(lang),
                    p.phone,
                    p.email,
                    p.join_date,
                    p.status,
                    p.status_since,
                    self.categories[p.category].id,
                    p.join_date if p.consent else None,
                    consent_scope if p.consent else None,
                    member_search_text(
                        p.first.ar, p.last.ar, p.first.lat, p.last.lat, p.number, p.phone, p.email
                    ),
                )

        BulkInsert(
            session,
            Member.__table__,
            (
                "number",
                "last_name_ar",
                "first_name_ar",
                "last_name_lat",
                "first_name_lat",
                "gender",
                "birth_date",
                "birth_place",
                "nationality",
                "id_document",
                "id_number",
                "profession",
                "address",
                "city",
                "phone",
                "email",
                "join_date",
                "status",
                "status_since",
                "category_id",
                "consent_date",
                "consent_scope",
                "search_text",
            ),
        ).insert(rows())
        ids = dict(session.execute(sa.select(Member.number, Member.id)).all())
        for person in people:
            person.id = ids[person.number]
        joined = _("Joined")  # the reason create_member gives

        def changes() -> Iterator[tuple[object, ...]]:
            for p in people:
                yield (p.id, None, MemberStatus.ACTIVE, p.join_date, joined)
                if p.status is not MemberStatus.ACTIVE:
                    reason = self.t(p.reason) if p.reason else None
                    yield (p.id, MemberStatus.ACTIVE, p.status, p.status_since, reason)

        BulkInsert(
            session,
            MemberStatusChange.__table__,
            ("member_id", "from_status", "to_status", "effective_on", "reason"),
        ).insert(changes())
        self.people = people

    def _users(self) -> None:
        session = self.session
        self.admin = create_user(
            session,
            self.actor,
            "admin",
            self.t(content.ADMIN_NAME),
            DEMO_PASSWORD,
            Role.ADMIN,
            language=self.lang,
        )
        helper = next(
            p
            for p in self.people[FOUNDERS:]
            if p.status is MemberStatus.ACTIVE and p.age_on(self.today) >= 18
        )
        self.volunteer = create_user(
            session,
            self.actor,
            "benevole",
            helper.name(self.lang),
            DEMO_PASSWORD,
            Role.VOLUNTEER,
            language=self.lang,
        )
        user = session.get(User, self.volunteer.id)
        assert user is not None
        user.member_id = helper.id

    # --- governance --------------------------------------------------------------------------

    def _voters(self, day: dt.date) -> list[DemoMember]:
        voting = {code for code, category in self.categories.items() if category.votes}
        return [p for p in self.people if p.category in voting and p.active_on(day)]

    def _assembly(
        self,
        kind: AssemblyKind,
        held_on: dt.date,
        agenda: tuple[content.AgendaSpec, ...],
        chair: DemoMember,
        secretary: DemoMember,
        board: list[DemoMember],
        *,
        quorum: int = 50,
        attendees: list[DemoMember] | None = None,
        year: int | None = None,
    ) -> GeneralAssembly:
        rng = self.rng
        voters = self._voters(held_on)
        if attendees is None:
            sample = rng.sample(voters, min(len(voters), ATTENDANCE_SAMPLE))
            chosen = {p.id for p in sample}
            sample += [p for p in board if p.id not in chosen]
        else:
            sample = attendees
        must_attend = {p.id for p in board} | {chair.id, secretary.id}
        presence: dict[int, Attendance] = {}
        for person in sample:
            roll = 0.0 if attendees is not None or person.id in must_attend else rng.random()
            presence[person.id] = (
                Attendance.PRESENT
                if roll < 0.55
                else Attendance.PROXY
                if roll < 0.65
                else Attendance.EXCUSED
                if roll < 0.75
                else Attendance.ABSENT
            )
        present = [i for i, a in presence.items() if a is Attendance.PRESENT]
        represented = sum(
            1
            for a in presence.values()
            if a is not Attendance.ABSENT and a is not Attendance.EXCUSED
        )
        reached = represented * 100 >= quorum * max(len(voters), 1)
        assembly = GeneralAssembly(
            kind=kind,
            status=AssemblyStatus.HELD,
            convened_on=held_on
            - dt.timedelta(days=21 if kind is AssemblyKind.EXTRAORDINARY else 15),
            held_on=held_on,
            starts_at=dt.time(10, 0) if kind is not AssemblyKind.ORDINARY else dt.time(15, 0),
            place=self.t(content.ASSEMBLY_PLACE, **self.seat_names),
            quorum_percent=quorum,
            quorum_reached=reached,
            chair_member_id=chair.id,
            secretary_member_id=secretary.id,
            notes=None if reached else self.t(content.SECOND_CALL),
        )
        for person_id, attendance in presence.items():
            holder = None
            if attendance is Attendance.PROXY:
                holder = rng.choice([i for i in present if i != person_id])
            assembly.attendance.append(
                AssemblyAttendance(
                    member_id=person_id, attendance=attendance, proxy_holder_id=holder
                )
            )
        for position, (title, discussion, _resolution) in enumerate(agenda, start=1):
            assembly.agenda.append(
                AgendaItem(
                    position=position,
                    title=self.t(title, year=year),
                    discussion=self.t(discussion, year=year) if discussion else None,
                )
            )
        self.session.add(assembly)
        self.session.flush()
        position = 0
        for item, (_title, _discussion, resolution) in zip(assembly.agenda, agenda, strict=True):
            if resolution is None:
                continue
            position += 1
            against = rng.randint(0, represented // 25) if attendees is None else 0
            abstain = rng.randint(0, max(represented // 12, 1)) if attendees is None else 0
            votes_for = max(represented - against - abstain, 0)
            assembly.resolutions.append(
                Resolution(
                    agenda_item_id=item.id,
                    position=position,
                    text=self.t(resolution, year=year),
                    votes_for=votes_for,
                    votes_against=against,
                    votes_abstain=abstain,
                    adopted=votes_for > against,
                )
            )
        self.assemblies += 1
        return assembly

    def _seat_holders(
        self, people: list[DemoMember], with_advisers: int
    ) -> dict[str, list[DemoMember]]:
        holders = {role: [person] for role, person in zip(OFFICER_ROLES, people, strict=False)}
        holders["adviser"] = people[len(OFFICER_ROLES) : len(OFFICER_ROLES) + with_advisers]
        return holders

    def _term(
        self,
        starts_on: dt.date,
        ends_on: dt.date | None,
        elected_by: GeneralAssembly,
        holders: dict[str, list[DemoMember]],
    ) -> BoardTerm:
        term = BoardTerm(starts_on=starts_on, ends_on=ends_on, elected_by_id=elected_by.id)
        for code, people in holders.items():
            for person in people:
                term.seats.append(
                    BoardSeat(
                        role_id=self.roles[code].id,
                        member_id=person.id,
                        starts_on=starts_on,
                        ends_on=ends_on,
                    )
                )
        self.session.add(term)
        self.session.flush()
        return term

    def _governance(self) -> None:
        session, rng, today = self.session, self.rng, self.today
        self.roles = {r.code: r for r in session.scalars(sa.select(BoardRole))}
        founders = self.people[:FOUNDERS]
        renewal = _saturday_before(today - dt.timedelta(days=365 + rng.randrange(20)))
        extraordinary = _saturday_before(today - dt.timedelta(days=175 + rng.randrange(15)))
        recent = _saturday_before(today - dt.timedelta(days=18))

        first_board = rng.sample(founders, len(OFFICER_ROLES) + 2)
        first = self._seat_holders(first_board, 2)
        constitutive = self._assembly(
            AssemblyKind.CONSTITUTIVE,
            self.founded,
            content.CONSTITUTIVE_AGENDA,
            first["president"][0],
            first["secretary_general"][0],
            first_board,
            attendees=founders,
        )
        # A term's and a seat's `ends_on` is the last day held (core.governance.board).
        first_term = self._term(self.founded, renewal - dt.timedelta(days=1), constitutive, first)

        # The new board keeps the vice-president (now president) and the treasurer.
        kept = [first["vice_president"][0], first["treasurer"][0]]
        kept_ids = {p.id for p in kept}
        candidates = [
            p
            for p in self._voters(renewal)
            if p.status is MemberStatus.ACTIVE
            and p.id not in kept_ids
            and p.category != "honorary"
            and (renewal - p.join_date).days > 365
            and p.age_on(renewal) >= 21
        ]
        others = rng.sample(candidates, len(OFFICER_ROLES) - 2 + 3 + 1)
        new_board = [kept[0], others[0], others[1], others[2], kept[1], others[3], *others[4:7]]
        current = self._seat_holders(new_board, 3)
        renewal_assembly = self._assembly(
            AssemblyKind.ORDINARY,
            renewal,
            content.RENEWAL_AGENDA,
            first["president"][0],
            first["secretary_general"][0],
            first_board + new_board,
            year=renewal.year - 1,
        )
        current_term = self._term(renewal, None, renewal_assembly, current)

        board_now = [*new_board, others[7]]
        extraordinary_assembly = self._assembly(
            AssemblyKind.EXTRAORDINARY,
            extraordinary,
            content.EXTRAORDINARY_AGENDA,
            current["president"][0],
            current["secretary_general"][0],
            new_board,
            quorum=66,
        )
        recent_assembly = self._assembly(
            AssemblyKind.ORDINARY,
            recent,
            content.RECENT_AGENDA,
            current["president"][0],
            current["secretary_general"][0],
            board_now,
            year=today.year - 1,
        )
        # The deputy treasurer resigned from the board; the recent assembly replaced them.
        leaving = next(
            s for s in current_term.seats if s.role_id == self.roles["deputy_treasurer"].id
        )
        leaving.ends_on = recent - dt.timedelta(days=1)
        current_term.seats.append(
            BoardSeat(
                role_id=self.roles["deputy_treasurer"].id,
                member_id=others[7].id,
                starts_on=recent,
                ends_on=None,
            )
        )
        self.board = board_now

        delay = dt.timedelta(days=int(settings.get_setting(session, "governance.declaration_days")))
        authority = self.t(content.AUTHORITY, **self.seat_names)
        notes = self.t(content.DECLARATION_NOTES)
        declarations = [
            AuthorityDeclaration(
                kind=DeclarationKind.CREATION,
                filed_on=self.founded + dt.timedelta(days=4),
                authority=authority,
                receipt_number=self.association.receipt_number,
                receipt_date=self.association.receipt_date,
                assembly_id=constitutive.id,
                board_term_id=first_term.id,
            ),
            AuthorityDeclaration(
                kind=DeclarationKind.BOARD_CHANGE,
                due_on=renewal + delay,
                filed_on=renewal + dt.timedelta(days=11),
                authority=authority,
                receipt_number=f"{rng.randint(100, 900)}/{renewal.year}",
                receipt_date=renewal + dt.timedelta(days=47),
                assembly_id=renewal_assembly.id,
                board_term_id=current_term.id,
                notes=notes,
            ),
            AuthorityDeclaration(
                kind=DeclarationKind.STATUTES_CHANGE,
                due_on=extraordinary + delay,
                filed_on=extraordinary + dt.timedelta(days=16),
                authority=authority,
                receipt_number=f"{rng.randint(100, 900)}/{extraordinary.year}",
                receipt_date=extraordinary + dt.timedelta(days=52),
                assembly_id=extraordinary_assembly.id,
            ),
            # Filed within the month after the recent assembly: still to do.
            AuthorityDeclaration(
                kind=DeclarationKind.BOARD_CHANGE,
                due_on=recent + delay,
                authority=authority,
                assembly_id=recent_assembly.id,
                board_term_id=current_term.id,
                notes=notes,
            ),
        ]
        session.add_all(declarations)
        session.flush()

    # --- funding -----------------------------------------------------------------------------

    def _timeline(self, status: RequestStatus, foreign: bool) -> _Timeline:
        """Dates of a request in `status`, counted back from today or placed in the books."""
        today, at, days = self.today, self.at, dt.timedelta
        share = Decimal
        if status is _S.CLOSED:
            return _Timeline(
                draft=self.books_start - days(95),
                submitted=self.books_start - days(70),
                review=self.books_start - days(45),
                decided=at(0.04),
                agreement=at(0.07),
                started=at(0.08),
                closed=at(0.82),
                starts=at(0.08),
                ends=at(0.72),
                tranches=((at(0.08), share("0.6"), at(0.09)), (at(0.45), share("0.4"), at(0.46))),
            )
        if status is _S.IN_PROGRESS and not foreign:
            return _Timeline(
                draft=at(0.14),
                submitted=at(0.18),
                review=at(0.22),
                decided=at(0.3),
                agreement=at(0.34),
                started=at(0.36),
                starts=at(0.36),
                ends=today + days(200),
                tranches=(
                    (at(0.38), share("0.4"), at(0.39)),
                    (at(0.78), share("0.4"), at(0.8)),
                    (today + days(60), share("0.2"), None),
                ),
            )
        if status is _S.IN_PROGRESS:  # the second tranche arrived lately: SGG declaration due
            return _Timeline(
                draft=at(0.26),
                submitted=at(0.3),
                review=at(0.36),
                decided=at(0.5),
                agreement=at(0.54),
                started=at(0.56),
                starts=at(0.56),
                ends=today + days(420),
                tranches=(
                    (at(0.58), share("0.5"), at(0.6)),
                    (today - days(22), share("0.3"), today - days(20)),
                    (today + days(150), share("0.2"), None),
                ),
            )
        if status is _S.AGREEMENT_SIGNED:
            return _Timeline(
                draft=today - days(165),
                submitted=today - days(140),
                review=today - days(110),
                decided=today - days(60),
                agreement=today - days(25),
                starts=today + days(30),
                ends=today + days(395),
                tranches=(
                    (today + days(20), share("0.6"), None),
                    (today + days(200), share("0.4"), None),
                ),
            )
        if status is _S.GRANTED:
            return _Timeline(
                draft=today - days(175),
                submitted=today - days(150),
                review=today - days(120),
                decided=today - days(40),
                agreement=today - days(40),
                starts=today + days(60),
                ends=today + days(300),
                tranches=(
                    (today + days(45), share("0.5"), None),
                    (today + days(180), share("0.5"), None),
                ),
            )
        if status is _S.UNDER_REVIEW:
            return _Timeline(
                draft=today - days(95), submitted=today - days(70), review=today - days(50)
            )
        if status is _S.SUBMITTED:
            return _Timeline(draft=today - days(40), submitted=today - days(15))
        if status is _S.REJECTED:
            return _Timeline(
                draft=today - days(325),
                submitted=today - days(300),
                review=today - days(260),
                decided=today - days(200),
            )
        if status is _S.WITHDRAWN:
            return _Timeline(
                draft=today - days(265), submitted=today - days(240), withdrawn=today - days(180)
            )
        return _Timeline(draft=today - days(10))

    def _funding(self) -> None:
        session, rng = self.session, self.rng
        region = next(r for r in regions() if r.code == self.seat.region_code)
        seat = self.seat
        funders: dict[str, tuple[Funder, content.FunderSpec]] = {}
        for spec in content.FUNDERS:
            values_ar = {
                "province": seat.province_ar,
                "region": region.name_ar,
                "city": seat.name_ar,
            }
            values_fr = {
                "province": seat.province_fr,
                "region": region.name_fr,
                "city": seat.name_fr,
                "de_province": content.de(seat.province_fr),
                "de_city": content.de(seat.name_fr),
            }
            funder = Funder(
                name_ar=spec.name[0].format(**values_ar),
                name_fr=spec.name[1].format(**values_fr),
                acronym=spec.acronym,
                kind=spec.kind,
                country=spec.country,
                foreign=spec.foreign,
            )
            session.add(funder)
            funders[spec.key] = (funder, spec)
        self.accounts = dict(session.execute(sa.select(Account.number, Account.id)).all())
        projects: dict[str, tuple[Project, content.ProjectSpec]] = {}
        for spec in content.PROJECTS:
            tag = AnalyticTag(
                code=spec.code,
                label_ar=spec.name[0],
                label_fr=spec.name[1],
                kind=AnalyticKind.PROJECT,
            )
            session.add(tag)
            session.flush()
            project = Project(
                code=spec.code,
                name_ar=spec.name[0],
                name_fr=spec.name[1],
                analytic_tag_id=tag.id,
            )
            session.add(project)
            projects[spec.key] = (project, spec)
        session.flush()
        delay = dt.timedelta(
            days=int(settings.get_setting(session, "funding.sgg_declaration_days"))
        )
        for spec in content.REQUESTS:
            funder, funder_spec = funders[spec.funder]
            project, project_spec = projects[spec.project] if spec.project else (None, None)
            dates = self._timeline(spec.status, funder_spec.foreign)
            rate = None
            if spec.currency != "MAD":
                rate = Decimal("10.65") + Decimal(rng.randrange(0, 3000)) / 10000
            request = FundingRequest(
                funder_id=funder.id,
                project_id=project.id if project else None,
                title=self.t(spec.title),
                status=spec.status,
                currency=spec.currency,
                amount_requested=ZERO,
                submitted_on=dates.submitted,
                decided_on=dates.decided,
                deadline=(
                    dates.submitted + dt.timedelta(days=3)
                    if dates.submitted
                    else self.today + dt.timedelta(days=35)
                ),
            )
            if dates.submitted:
                number = len(self.requests) + 1
                request.reference = (
                    f"{content.ASSOCIATION_ACRONYM}-{dates.submitted.year}-{number:02d}"
                )
            total = ZERO
            for position, (label, account, quantity, unit, part) in enumerate(
                content.BUDGETS[spec.budget], start=1
            ):
                unit_cost = _whole(unit)  # in the request's currency
                amount = unit_cost * quantity
                funded = _whole(amount * part)
                total += funded
                request.budget_lines.append(
                    BudgetLine(
                        position=position,
                        label=self.t(label),
                        quantity=quantity,
                        unit_cost=unit_cost,
                        amount=amount,
                        funded_by_request=funded,
                        account_id=self.accounts[account],
                    )
                )
            request.amount_requested = total
            if spec.status in _GRANTED:
                assert dates.agreement and dates.starts and dates.ends
                request.amount_granted = (
                    total
                    if spec.status is not _S.GRANTED
                    else (
                        (total * Decimal("0.9") / _ROUND_100).to_integral_value() * _ROUND_100
                    ).quantize(CENT)
                )
                request.agreement_date = dates.agreement
                request.agreement_number = funder_spec.agreement.format(
                    year=dates.agreement.year, n=rng.randint(1, 400)
                )
                request.starts_on, request.ends_on = dates.starts, dates.ends
                request.report_due_on = dates.ends + dt.timedelta(days=60)
                if project is not None and project.starts_on is None:
                    project.starts_on, project.ends_on = dates.starts, dates.ends
            if spec.status in content.REQUEST_NOTES:
                request.notes = self.t(content.REQUEST_NOTES[spec.status])
            previous = None
            for status in _PATHS[spec.status]:
                request.history.append(
                    RequestStatusChange(
                        from_status=previous,
                        to_status=status,
                        changed_on=dates.on(status),
                        recorded_by_id=self.admin.id,
                    )
                )
                previous = status
            for position, (label, required) in enumerate(content.DOCUMENTS, start=1):
                request.documents.append(
                    RequestDocument(
                        position=position,
                        label=self.t(label),
                        required=required,
                        provided=spec.status is not _S.DRAFT or position <= 4,
                    )
                )
            session.add(request)
            session.flush()
            tracked = _Request(
                request,
                funder,
                project.analytic_tag_id if project else None,
                project_spec.code if project_spec else None,
                project_spec.programme if project_spec else None,
                rate,
            )
            self.requests.append(tracked)
            if dates.tranches:
                self._tranches(tracked, dates.tranches, delay)

    def _tranches(
        self,
        tracked: _Request,
        plan: tuple[tuple[dt.date, Decimal, dt.date | None], ...],
        delay: dt.timedelta,
    ) -> None:
        rng, request = self.rng, tracked.row
        granted = request.amount_granted or ZERO
        left = granted
        for number, (expected_on, share, received_on) in enumerate(plan, start=1):
            amount = left if number == len(plan) else _whole(granted * share)
            left -= amount
            tranche = Tranche(
                number=number,
                expected_on=expected_on,
                expected_amount=amount,
                currency=request.currency,
            )
            request.tranches.append(tranche)
            if received_on is None:
                continue
            rate = tracked.rate
            if rate is not None:
                rate += Decimal(rng.randrange(-400, 400)) / 10000
            tranche.received_on = received_on
            tranche.amount_received = amount
            tranche.exchange_rate = rate
            tranche.amount_mad = quantize(amount * rate) if rate else amount
            self.session.flush()
            if tracked.funder.foreign:  # declared to the SGG, except the latest receipt
                filed = received_on + dt.timedelta(days=25) <= self.today
                self.session.add(
                    ForeignFundingDeclaration(
                        tranche_id=tranche.id,
                        due_on=received_on + delay,
                        declared_on=(
                            received_on + dt.timedelta(days=rng.randint(9, 20)) if filed else None
                        ),
                        reference=(
                            f"SGG/{received_on.year}/{rng.randint(1000, 9999)}" if filed else None
                        ),
                        purpose=self.t(content.SGG_PURPOSE, project=request.title),
                    )
                )
            self.event(received_on, partial(self._receive, tranche, tracked))
            next_received = next(
                (later[2] for later in plan[number:] if later[2] is not None), None
            )
            until = min(d for d in (next_received, request.ends_on, self.today) if d is not None)
            self._plan_spending(tracked, tranche, received_on, until, share)

    def _aid_line(self, tracked: _Request, account: str, **amount: Decimal) -> LineSpec:
        """A line of public or foreign aid: it names the donor, the kind of aid, the project
        and the agreement (Head of Government's circular, 2022)."""
        request = tracked.row
        return LineSpec(
            account=account,
            analytic_tag_id=tracked.tag_id,
            funder_id=tracked.funder.id,
            aid_kind=self.t(content.AID_KIND),
            agreement_number=request.agreement_number,
            agreement_date=request.agreement_date,
            **amount,
        )

    def _receive(self, tranche: Tranche, tracked: _Request) -> None:
        amount = tranche.amount_mad or ZERO
        label = self.t(
            content.TRANCHE_LABEL,
            n=tranche.number,
            funder=tracked.funder.acronym or tracked.funder.name_fr,
        )
        assert tranche.received_on is not None
        entry = self.ledger.post(
            tranche.received_on,
            "BQ",
            label,
            [
                replace(self._aid_line(tracked, self.bank, debit=amount), label=label),
                replace(self._aid_line(tracked, "7161", credit=amount), label=label),
            ],
            reference=tracked.row.agreement_number,
        )
        tranche.journal_entry_id = entry.id

    def _plan_spending(
        self, tracked: _Request, tranche: Tranche, start: dt.date, until: dt.date, share: Decimal
    ) -> None:
        rng = self.rng
        span = (until - start).days
        if span < 10:
            return
        rate = tranche.exchange_rate or Decimal(1)
        numbers = {i: n for n, i in self.accounts.items()}
        for line in tracked.row.budget_lines:
            account = numbers[line.account_id]
            spend = line.funded_by_request * share * rate * Decimal(rng.randint(80, 100)) / 100
            parts = rng.randint(1, 3)
            label = self.t(content.PROJECT_EXPENSE, label=line.label, project=tracked.project_code)
            for part in range(parts):
                amount = _whole(spend / parts)
                day = start + dt.timedelta(days=7 + (span - 7) * part // parts + rng.randrange(5))
                if amount > 0:
                    prefer = "cash" if amount < 600 else "bank"
                    self.event(
                        min(day, until),
                        partial(
                            self._pay,
                            min(day, until),
                            account,
                            amount,
                            label[:300],
                            prefer,
                            tracked,
                        ),
                    )

    # --- activities --------------------------------------------------------------------------

    def _activities(self) -> None:
        session, rng, lang, today = self.session, self.rng, self.lang, self.today
        programmes = {}
        for spec in content.PROGRAMMES:
            programme = Programme(code=spec.code, name_ar=spec.name[0], name_fr=spec.name[1])
            session.add(programme)
            programmes[spec.code] = programme
        session.flush()
        active = [
            p
            for p in self.people
            if p.status is MemberStatus.ACTIVE
            and (today - p.join_date).days > 60
            and p.age_on(today) >= 16
        ]
        pool = self.board + rng.sample(active, min(len(active), 20))
        pool = list({p.id: p for p in pool}.values())
        region_cities = [c for c in cities() if c.region_code == self.seat.region_code]
        running = [
            r for r in self.requests if r.row.status in {_S.IN_PROGRESS, _S.CLOSED} and r.programme
        ]
        weights = [0.3 if s.kind is ActivityKind.MEETING else 1.0 for s in content.ACTIVITIES]
        count = rng.randint(40, 60)
        for _index in range(count):
            spec = rng.choices(content.ACTIVITIES, weights=weights)[0]
            day = today - dt.timedelta(days=rng.randint(1, 364))
            starts = dt.datetime.combine(
                day, dt.time(rng.choice((9, 10, 14, 15)), rng.choice((0, 30)))
            )
            city = self.seat if rng.random() < 0.7 else rng.choice(region_cities)
            linked = next(
                (
                    r
                    for r in running
                    if r.programme == spec.programme
                    and r.row.starts_on
                    and r.row.ends_on
                    and r.row.starts_on <= day <= r.row.ends_on
                ),
                None,
            )
            if linked is not None and rng.random() < 0.3:
                linked = None
            activity = Activity(
                title=self.t(spec.title),
                programme_id=programmes[spec.programme].id if spec.programme else None,
                kind=spec.kind,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=spec.hours),
                place=self.t(rng.choice(content.PLACES)),
                commune=city.name(lang),
                province=city.province(lang),
                region_code=city.region_code,
                description=self.t(content.ACTIVITY_DESCRIPTION),
                project_id=linked.row.project_id if linked else None,
                funding_request_id=linked.row.id if linked else None,
                logged_by_id=self.volunteer.id if rng.random() < 0.8 else self.admin.id,
            )
            if spec.people[1]:
                cells = [(g, a) for g in spec.genders for a in spec.ages]
                weights_cells = [rng.random() + 0.2 for _ in cells]
                total = rng.randint(*spec.people)
                scale = total / sum(weights_cells)
                for (gender, age), weight in zip(cells, weights_cells, strict=True):
                    number = round(weight * scale)
                    if number:
                        activity.beneficiaries.append(
                            BeneficiaryCount(gender=gender, age_group=age, count=number)
                        )
            for person in rng.sample(pool, min(len(pool), rng.randint(2, 5))):
                activity.volunteers.append(
                    VolunteerTime(member_id=person.id, minutes=rng.choice(range(60, 481, 30)))
                )
            session.add(activity)
            self.activities += 1
            if linked is None and spec.kind is not ActivityKind.MEETING:
                self._activity_costs(day, spec)
        session.flush()

    def _activity_costs(self, day: dt.date, spec: content.ActivitySpec) -> None:
        """Transport, and supplies for those that need them, paid by the association."""
        rng, title = self.rng, self.t(spec.title)
        transport = Decimal(rng.choice((150, 200, 250, 300, 400, 600)))
        label = self.t(content.ACTIVITY_TRANSPORT, title=title)[:300]
        self.event(day, partial(self._pay, day, "6142", transport, label, "cash"))
        if spec.kind in {ActivityKind.DISTRIBUTION, ActivityKind.TRAINING, ActivityKind.CULTURAL}:
            supplies = Decimal(rng.randrange(300, 2500, 10))
            label = self.t(content.ACTIVITY_SUPPLIES, title=title)[:300]
            prefer = "cash" if supplies < 1000 else "bank"
            self.event(day, partial(self._pay, day, "6125", supplies, label, prefer))

    # --- books -------------------------------------------------------------------------------

    def _pay(
        self,
        day: dt.date,
        account: str,
        amount: Decimal,
        label: str,
        prefer: str,
        funded: _Request | None = None,
    ) -> None:
        """An expense, from the cash box or the bank, skipped if neither can pay it."""
        ledger = self.ledger
        source = self.cash if prefer == "cash" else self.bank
        if not ledger.can_pay(source, amount):
            source = self.bank if source == self.cash else self.cash
            if not ledger.can_pay(source, amount):
                return
        debit = LineSpec(account=account, debit=amount)
        if funded:  # public aid: the line names the donor, project, agreement (2022 circular)
            debit = self._aid_line(funded, account, debit=amount)
        debit = replace(debit, label=label)
        ledger.post(
            day,
            "CA" if source == self.cash else "BQ",
            label,
            [debit, LineSpec(account=source, credit=amount, label=label)],
        )

    def _open(self, day: dt.date) -> None:
        ledger, label = self.ledger, self.t(content.OPENING, year=day.year)
        if day == self.books_start:
            bank = Decimal(self.rng.randrange(55_000, 75_000, 100))
            cash = Decimal(self.rng.randrange(800, 2_500, 10))
            self.fund = bank + cash
            ledger.post(
                day,
                "AN",
                label,
                [
                    LineSpec(account=self.bank, debit=bank, label=label),
                    LineSpec(account=self.cash, debit=cash, label=label),
                    LineSpec(account="1111", credit=self.fund, label=label),
                ],
            )
            return
        # The balances carried over; the fund stays, the years' results are carried forward.
        bank, cash = ledger.balance[self.bank], ledger.balance[self.cash]
        result = bank + cash - self.fund
        lines = [LineSpec(account="1111", credit=self.fund, label=label)]
        for account, amount in ((self.bank, bank), (self.cash, cash)):
            if amount > 0:
                lines.append(LineSpec(account=account, debit=amount, label=label))
            elif amount < 0:
                lines.append(LineSpec(account=account, credit=-amount, label=label))
        if result > 0:
            lines.append(LineSpec(account="1161", credit=result, label=label))
        elif result < 0:
            lines.append(LineSpec(account="1169", debit=-result, label=label))
        ledger.post(day, "AN", label, lines, restate=True)

    def _deposit(self, day: dt.date) -> None:
        cash = self.ledger.balance[self.cash]
        if cash <= 3000:
            return
        amount = ((cash - 1000) // 100 * 100).quantize(CENT)
        label = self.t(content.DEPOSIT)
        self.ledger.post(
            day,
            "CA",
            label,
            [
                LineSpec(account=self.bank, debit=amount, label=label),
                LineSpec(account=self.cash, credit=amount, label=label),
            ],
        )

    def _donation(self, day: dt.date, amount: Decimal, donor: str, cash: bool) -> None:
        label = self.t(content.DONATION, name=donor)
        treasury = self.cash if cash else self.bank
        self.ledger.post(
            day,
            "CA" if cash else "BQ",
            label,
            [
                LineSpec(account=treasury, debit=amount, label=label),
                LineSpec(account=self.donations, credit=amount, label=label),
            ],
        )

    def _books(self) -> None:
        session, rng, today = self.session, self.rng, self.today
        get = settings.get_setting
        self.bank, self.cash = str(get(session, "posting.bank")), str(get(session, "posting.cash"))
        self.donations = str(get(session, "posting.donations_income"))
        journals = dict(session.execute(sa.select(Journal.code, Journal.id)).all())
        session.add_all(
            [
                TreasuryAccount(
                    name=self.t(content.TREASURY_BANK, bank=content.BANK[1]),
                    kind=TreasuryKind.BANK,
                    account_id=self.accounts[self.bank],
                    journal_id=journals["BQ"],
                    bank_name=content.BANK[1],
                    rib=self.association.rib,
                ),
                TreasuryAccount(
                    name=self.t(content.TREASURY_CASH),
                    kind=TreasuryKind.CASH,
                    account_id=self.accounts[self.cash],
                    journal_id=journals["CA"],
                ),
            ]
        )
        self.ledger = ledger = Ledger(
            session,
            self.actor,
            start_month=self.association.fiscal_year_start_month,
            bank=self.bank,
            cash=self.cash,
            dues_income=str(get(session, "posting.dues_income")),
            dues_label=_("Dues {year} — member {number}"),
        )
        for year in range(self.books_start.year, today.year + 1):
            self.event(dt.date(year, 1, 1), partial(self._open, dt.date(year, 1, 1)), order=0)
            for text, account, month, day, amount, prefer in content.YEARLY:
                when = dt.date(year, month, day)
                self.event(when, partial(self._pay, when, account, amount, self.t(text), prefer))
            for _n in range(rng.randint(6, 10)):
                when = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
                donor = rng.choice(self.people).name(self.lang)
                amount = Decimal(rng.choice((200, 300, 500, 500, 1000, 1000, 2000, 5000)))
                cash = rng.random() < 0.6
                self.event(when, partial(self._donation, when, amount, donor, cash))
            for month in range(1, 13):
                if dt.date(year, month, 1) > today:
                    break
                for text, account, day, amount, prefer in content.MONTHLY:
                    when = dt.date(year, month, day)
                    label = self.t(text, month=f"{month:02d}/{year}")
                    self.event(when, partial(self._pay, when, account, amount, label, prefer))
                month_end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
                self.event(
                    min(month_end, today), partial(self._deposit, min(month_end, today)), order=3
                )
        dues = generate_dues(
            rng,
            self.people,
            range(self.books_start.year, today.year + 1),
            today,
            {code: c.default_dues for code, c in self.categories.items()},
        )
        demo_donations.schedule_donations(self)
        self.events.sort(key=lambda e: (e.day, e.order))
        index = 0
        for event in self.events:
            while index < len(dues) and (dues[index].paid_on, 1) < (event.day, event.order):
                ledger.dues(dues[index])
                index += 1
            event.action()
        for payment in dues[index:]:
            ledger.dues(payment)
        ledger.flush()
        self.dues_count = len(dues)

    # --- finishing touches -------------------------------------------------------------------

    def _finish(self, seed: int) -> None:
        session, ledger, today = self.session, self.ledger, self.today
        # The numbering services carry on after the demo's last member and receipt.
        session.add(Counter(series="member", year=0, last_value=len(self.people)))
        for year, last in sorted(ledger.receipts.items()):
            session.add(Counter(series="dues_receipt", year=year, last_value=last))
        # This year's budget: last year's actual income and expenses, plus 5 %.
        last_year = ledger.year_key(today) - 1
        amounts = {
            account: (abs(flow) * Decimal("1.05") / _ROUND_100).to_integral_value(ROUND_CEILING)
            * _ROUND_100
            for (year, account), flow in ledger.flows.items()
            if year == last_year and account[:1] in {"6", "7"} and flow
        }
        budget = Budget(
            fiscal_year_id=ledger.fiscal_year(today).id,
            name=self.t(content.BUDGET_NAME, year=today.year),
        )
        budget.lines = [
            BudgetAmount(account_id=self.accounts[a], amount=m.quantize(CENT))
            for a, m in sorted(amounts.items())
        ]
        session.add(budget)
        for tracked in self.requests:
            if tracked.row.status is not _S.IN_PROGRESS or tracked.tag_id is None:
                continue
            per_account: dict[int, Decimal] = defaultdict(lambda: ZERO)
            for line in tracked.row.budget_lines:
                per_account[line.account_id or 0] += line.funded_by_request * (tracked.rate or 1)
            session.add(
                Budget(
                    fiscal_year_id=ledger.fiscal_year(today).id,
                    analytic_tag_id=tracked.tag_id,
                    name=f"{self.t(content.BUDGET_NAME, year=today.year)} — {tracked.project_code}",
                    lines=[
                        BudgetAmount(account_id=a, amount=_whole(m)) for a, m in per_account.items()
                    ],
                )
            )
        settings.set_setting(
            session,
            "demo",
            {
                "seed": seed,
                "members": len(self.people),
                "today": today.isoformat(),
                "logins": ["admin", "benevole"],
            },
        )
        audit.record(
            session,
            self.actor,
            "demo",
            "association",
            self.association.id,
            after={
                "seed": seed,
                "members": len(self.people),
                "dues": self.dues_count,
                "entries": ledger.entries,
                "today": today.isoformat(),
            },
        )
