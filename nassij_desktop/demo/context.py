"""What the demo's phases share: the session and actor, the random generator, the dates, the
people drawn so far, and the timeline of money movements that the books run in date order."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.money import CENT
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.demo.content import Text, pick

if TYPE_CHECKING:
    from nassij_desktop.core.association.models import Association
    from nassij_desktop.core.members.models import MemberCategory
    from nassij_desktop.core.members.services import StatusChange
    from nassij_desktop.core.users.services import UserRecord
    from nassij_desktop.demo.books import Ledger
    from nassij_desktop.demo.funding import TrackedRequest
    from nassij_desktop.demo.people import City, DemoMember


@dataclass
class Event:
    """Something the books write on `day`; `order`: 0 opening, 1 dues receipts, 2 other
    entries, 3 end of day (cash deposit)."""

    day: dt.date
    order: int
    action: Callable[[], None]


def side_seed(rng: random.Random, salt: int) -> int:
    """A seed from `rng`'s state, the same in every process: its integers only, since
    `hash(None)` (inside the state) changes from one process to the next on Python 3.11, and
    so did the demo's donations."""
    return hash(rng.getstate()[1]) + salt


def whole(amount: Decimal) -> Decimal:
    """An amount rounded to whole dirhams (prices and budgets of the demo are round)."""
    return amount.quantize(Decimal("1")).quantize(CENT)


class DemoContext:
    """The demo being built. Each phase (members, governance, funding…) reads what the phases
    before it left here and adds its own part."""

    # Left by the phases, in their order.
    seat: City
    seat_names: dict[str, str]
    seat_pairs: dict[str, Text]  # the same in Arabic and French, for `both`
    association: Association
    categories: dict[str, MemberCategory]
    admin: UserRecord
    volunteer: UserRecord
    board: list[DemoMember]
    accounts: dict[str, int]  # account number → id
    ledger: Ledger
    bank: str
    cash: str
    donations: str
    fund: Decimal
    dues_count: int

    def __init__(
        self,
        session: Session,
        actor: Actor,
        rng: random.Random,
        today: dt.date,
        count: int,
        lang: str,
    ) -> None:
        self.session = session
        self.actor = actor
        self.rng = rng
        self.today = today
        self.count = count
        self.lang = lang
        self.books_start = dt.date(today.year - 1, 1, 1)
        self.founded = dt.date(today.year - 13, 3, 1) + dt.timedelta(days=rng.randrange(90))
        self.events: list[Event] = []
        self.people: list[DemoMember] = []
        self.later_statuses: list[StatusChange] = []  # recorded on the books' timeline
        self.requests: list[TrackedRequest] = []
        self.assemblies = 0
        self.activities = 0

    @property
    def admin_actor(self) -> Actor:
        """The demo's administrator, signed in: what the funding's history records."""
        return Actor(self.admin.id, self.admin.login, self.admin.role)

    @property
    def volunteer_actor(self) -> Actor:
        """The demo's volunteer, signed in: who logs most activities."""
        return Actor(self.volunteer.id, self.volunteer.login, self.volunteer.role)

    def side_rng(self, salt: int) -> random.Random:
        """A generator seeded from the demo's state without drawing from it: the rest of the
        demo is unchanged."""
        return random.Random(side_seed(self.rng, salt))

    def t(self, text: Text, **values: object) -> str:
        """A demo text in the demo's language, with its values filled in."""
        result = pick(text, self.lang)
        return result.format(**values) if values else result

    def both(self, text: Text, **values: object) -> Bilingual:
        """A demo text in Arabic and in French, each with its values filled in (a value given
        as an (Arabic, French) pair in each language): for the texts the record keeps in both
        languages."""

        def filled(lang: str) -> str:
            result = pick(text, lang)
            if not values:
                return result
            return result.format(
                **{k: pick(v, lang) if isinstance(v, tuple) else v for k, v in values.items()}
            )

        return Bilingual(filled("ar"), filled("fr"))

    def at(self, fraction: float) -> dt.date:
        """A day at `fraction` of the way from the start of the books to today."""
        return self.books_start + dt.timedelta(
            days=int((self.today - self.books_start).days * fraction)
        )

    def event(self, day: dt.date, action: Callable[[], None], order: int = 2) -> None:
        """Put `action` on the books' timeline, if `day` falls within the books."""
        if self.books_start <= day <= self.today:
            self.events.append(Event(day, order, action))
