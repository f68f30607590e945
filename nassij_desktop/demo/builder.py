"""`build_demo()`: a believable Moroccan association in a new, empty file.

The phases (association, members, users, governance, funding, activities, books, finishing
touches) each live in their own module of this package; this one runs them in order, in one
transaction, counting them on `progress`. A failure or a cancel leaves the file as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association import settings
from nassij_desktop.core.association.authorities import AuthorityKind
from nassij_desktop.core.association.services import AssociationProfile, has_association
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import Conflict, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.common.progress import NO_PROGRESS, Progress
from nassij_desktop.core.common.validators import normalise_phone
from nassij_desktop.core.members.models import Member
from nassij_desktop.core.members.search import merge_search_indexes
from nassij_desktop.demo import content
from nassij_desktop.demo.activities import write_activities
from nassij_desktop.demo.books import write_books, write_budgets
from nassij_desktop.demo.campaigns import schedule_campaigns
from nassij_desktop.demo.context import DemoContext
from nassij_desktop.demo.funding import write_funding
from nassij_desktop.demo.governance import write_governance
from nassij_desktop.demo.members import DEMO_PASSWORD, write_members, write_users
from nassij_desktop.demo.people import City, cities
from nassij_desktop.i18n import _, current_language, ngettext, speaking
from nassij_desktop.storage.database import Database

__all__ = ["DEMO_PASSWORD", "MIN_MEMBERS", "DemoSummary", "build_demo"]

MIN_MEMBERS = 30
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
            "members",
            ngettext(
                "A demo needs at least {count} member.",
                "A demo needs at least {count} members.",
                MIN_MEMBERS,
            ).format(count=MIN_MEMBERS),
        )
    with database.transaction() as session, _roomy_page_cache(session):
        _require_empty(session)
        lang = "ar" if current_language() == "ar" else "fr"
        rng = random.Random(seed)
        demo = DemoContext(session, CLI_ACTOR, rng, today or clock.today(), members, lang)
        # What the services write in words (a dues entry's label…) is in the association's
        # language, as when its treasurer records it, whatever this process speaks.
        with speaking(lang):
            summary = _build(demo, seed, progress or NO_PROGRESS)
        merge_search_indexes(session)  # written all at once: merged, the search is faster
        return summary


def _require_empty(session: Session) -> None:
    if has_association(session) or session.scalar(sa.select(sa.func.count(Member.id))):
        raise Conflict(
            _(
                "This file already holds an association or members: a demo can only "
                "fill a new, empty file."
            )
        )


def _build(demo: DemoContext, seed: int, progress: Progress) -> DemoSummary:
    session = demo.session
    phases: tuple[Callable[[DemoContext], None], ...] = (
        _association,
        write_members,
        write_users,
        write_governance,
        write_funding,
        write_activities,
        schedule_campaigns,  # on the books' timeline, which write_books runs
        write_books,
        partial(_finish, seed=seed),
    )
    for done, phase in enumerate(phases):
        progress.step(done, len(phases))  # a cancel here rolls the transaction back
        phase(demo)
    session.flush()
    progress.step(len(phases), len(phases))
    return DemoSummary(
        members=len(demo.people),
        entries=demo.ledger.entries,
        assemblies=demo.assemblies,
        activities=demo.activities,
        requests=len(demo.requests),
    )


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


def _rib(rng: random.Random, bank: str) -> str:
    first_22 = f"{bank}{rng.randrange(100, 1000)}{rng.randrange(10**15, 10**16)}"
    return f"{first_22}{97 - (int(first_22) * 100) % 97:02d}"  # LEGAL.md: whole RIB ≡ 0 mod 97


def _landline(demo: DemoContext, city: City) -> str:
    prefix = _LANDLINE_PREFIX.get(city.region_code, "537")
    while True:
        try:
            return normalise_phone(f"0{prefix}{demo.rng.randrange(10**6):06d}")
        except ValidationError:
            continue


def _association(demo: DemoContext) -> None:
    rng, lang = demo.rng, demo.lang
    demo.seat = seat = rng.choice(cities())
    number, street, quarter = (
        rng.randint(3, 120),
        rng.choice(content.STREETS),
        rng.choice(content.QUARTERS),
    )
    bank_code, bank_name = content.BANK
    city = seat.name(lang)
    demo.seat_names = {"city": city, "de_city": content.de(city)}
    demo.seat_pairs = {
        "city": (seat.name("ar"), seat.name("fr")),
        "de_city": (seat.name("ar"), content.de(seat.name("fr"))),
    }
    demo.association = create_association(
        demo.session,
        demo.actor,
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
            # The demo files its declarations with the pachalik of its seat (content.AUTHORITY).
            authority_kind=AuthorityKind.PACHALIK,
            authority_place=seat.name(lang),
            phone=_landline(demo, seat),
            email="contact@alamal.example.org",
            founded_on=demo.founded,
            receipt_number=f"{rng.randint(12, 180)}/{demo.founded.year}",
            receipt_date=demo.founded + dt.timedelta(days=rng.randint(40, 58)),
            rib=_rib(rng, bank_code),
            bank_name=bank_name,
            fiscal_year_start_month=1,
            default_language=lang,
        ),
    )


def _finish(demo: DemoContext, *, seed: int) -> None:
    ledger, today = demo.ledger, demo.today
    write_budgets(demo)
    settings.mark_demo_file(
        demo.session,
        demo.actor,
        {
            "seed": seed,
            "members": len(demo.people),
            "dues": demo.dues_count,
            "entries": ledger.entries,
            "today": today.isoformat(),
            "logins": ["admin", "benevole"],
        },
    )
