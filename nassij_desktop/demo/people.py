"""Demo people and places: the name and place lists of resources/ (professions: the shared
list of core.members.professions), and members drawn from them, as plain values."""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import itertools
import random
import re
from dataclasses import dataclass
from functools import cache

from nassij_desktop import paths
from nassij_desktop.core.members.models import Gender, MemberStatus
from nassij_desktop.core.members.professions import professions
from nassij_desktop.demo import content

# --- resources -------------------------------------------------------------------------------


@dataclass(frozen=True)
class City:
    name_ar: str
    name_fr: str
    province_ar: str
    province_fr: str
    region_code: str

    def name(self, lang: str) -> str:
        return self.name_ar if lang == "ar" else self.name_fr

    def province(self, lang: str) -> str:
        return self.province_ar if lang == "ar" else self.province_fr


@dataclass(frozen=True)
class Name:
    ar: str
    lat: str


def _rows(*parts: str) -> list[dict[str, str]]:
    with paths.resource(*parts).open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


@cache
def cities() -> tuple[City, ...]:
    return tuple(City(**row) for row in _rows("places", "cities.csv"))


@cache
def first_names() -> dict[Gender, tuple[Name, ...]]:
    """First names by gender, in the order of the list (most common first)."""
    rows = _rows("names", "first_names.csv")
    return {
        gender: tuple(Name(r["name_ar"], r["name_lat"]) for r in rows if r["gender"] == gender)
        for gender in Gender
    }


@cache
def last_names() -> tuple[Name, ...]:
    return tuple(Name(r["name_ar"], r["name_lat"]) for r in _rows("names", "last_names.csv"))


# --- members ---------------------------------------------------------------------------------

# Letters of the national identity card by region of birth: plausible, not an official table.
_CIN_LETTERS = {
    "01": "KLR",
    "02": "FS",
    "03": "CDZ",
    "04": "AGQ",
    "05": "IM",
    "06": "BMNW",
    "07": "EHY",
    "08": "UP",
    "09": "J",
    "10": "J",
    "11": "SJ",
    "12": "SJ",
}
_MOBILE_PREFIXES = (
    "60",
    "61",
    "62",
    "63",
    "64",
    "65",
    "66",
    "67",
    "69",
    "70",
    "71",
    "76",
    "77",
    "78",
)
# Reserved example domains (RFC 2606): a demo must not hold anyone's real address.
_MAIL_DOMAINS = ("example.com", "example.org", "example.net")
_NOT_FOR_MEN = frozenset({"midwife", "homemaker"})
# Trades whose names in the list have no feminine form.
_NOT_FOR_WOMEN = frozenset(
    {"imam", "fisherman", "mason", "carpenter", "electrician", "plumber", "mechanic", "driver"}
)
_SLUG = re.compile(r"[^a-z]")


@dataclass(slots=True)
class DemoMember:
    """A generated member: what the builder writes, and what governance and dues draw on."""

    number: str
    gender: Gender
    first: Name
    last: Name
    birth_date: dt.date
    join_date: dt.date
    category: str
    status: MemberStatus
    status_since: dt.date
    reason: content.Text | None
    payer: float  # how likely the member pays the year's dues
    city: City
    birth_place: City
    profession: str
    id_number: str
    phone: str | None
    email: str | None
    address: str | None  # in the demo's language
    consent: bool
    address_pair: tuple[str, str] | None = None  # (Arabic, Latin letters)
    id: int = 0

    def active_on(self, day: dt.date) -> bool:
        if self.join_date > day:
            return False
        return self.status is MemberStatus.ACTIVE or self.status_since > day

    def age_on(self, day: dt.date) -> int:
        return (
            day.year
            - self.birth_date.year
            - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))
        )

    def name(self, lang: str) -> str:
        if lang == "ar":
            return f"{self.first.ar} {self.last.ar}"
        return f"{self.first.lat} {self.last.lat.upper()}"


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    span = max((end - start).days, 0)
    return start + dt.timedelta(days=int(rng.random() * (span + 1)))


def _weighted(rng: random.Random, items: tuple[Name, ...], cumulative: list[float]) -> Name:
    return items[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


class MemberFactory:
    """Draws members from the lists; one instance per demo (it keeps identity numbers and
    phones unique)."""

    def __init__(self, rng: random.Random, today: dt.date, seat: City, lang: str) -> None:
        self.rng = rng
        self.today = today
        self.seat = seat
        self.lang = lang
        self.cities = cities()
        self.region_cities = [c for c in self.cities if c.region_code == seat.region_code]
        names = first_names()
        self.first = {g: names[g] for g in Gender}
        # Common names first in the lists: weigh them so that a demo has many Mohamed and Fatima.
        self.first_weights = {
            g: list(itertools.accumulate(1 / (rank + 4) for rank in range(len(names[g]))))
            for g in Gender
        }
        self.last = last_names()
        self.last_weights = list(
            itertools.accumulate(1 / (rank + 10) for rank in range(len(self.last)))
        )
        self.professions = professions()
        self.working = {
            gender: tuple(
                code
                for code in self.professions
                if code not in {"pupil", "student", "retired", "homemaker"}
                and code not in (_NOT_FOR_MEN if gender is Gender.MALE else _NOT_FOR_WOMEN)
            )
            for gender in Gender
        }
        self.cin_seen: set[str] = set()
        self.phones_seen: set[str] = set()
        self.oldest_birth = dt.date(1950, 1, 1)
        self.youngest_birth = min(dt.date(2008, 12, 31), _add_years(today, -17))

    def _place(self, home: float, region: float) -> City:
        roll = self.rng.random()
        if roll < home:
            return self.seat
        if roll < home + region:
            return self.rng.choice(self.region_cities)
        return self.rng.choice(self.cities)

    def _cin(self, birth_place: City) -> str:
        rng = self.rng
        while True:
            letters = rng.choice(
                _CIN_LETTERS.get(birth_place.region_code, "ABCDEFGHIJKLMNPQRSTUVWXYZ")
            )
            if rng.random() < 0.45:
                letters += rng.choice("ABCDEHJKMNZ")
            digits = 6 if rng.random() < 0.8 else 5
            low = 10 ** (digits - 1)
            value = f"{letters}{low + int(rng.random() * 9 * low)}"
            if value not in self.cin_seen:
                self.cin_seen.add(value)
                return value

    def _phone(self) -> str:
        rng = self.rng
        while True:
            value = f"+212{rng.choice(_MOBILE_PREFIXES)}{int(rng.random() * 10**7):07d}"
            if value not in self.phones_seen:
                self.phones_seen.add(value)
                return value

    def _profession(self, gender: Gender, age: int) -> str:
        rng = self.rng
        if age < 19:
            return "pupil" if rng.random() < 0.7 else "student"
        if age < 26 and rng.random() < 0.55:
            return "student"
        if age >= 62 and rng.random() < 0.7:
            return "retired"
        if gender is Gender.FEMALE and rng.random() < 0.12:
            return "homemaker"
        return rng.choice(self.working[gender])

    def member(self, join_date: dt.date | None, *, founder: bool = False) -> DemoMember:
        rng, today = self.rng, self.today
        gender = Gender.FEMALE if rng.random() < 0.47 else Gender.MALE
        first = _weighted(rng, self.first[gender], self.first_weights[gender])
        last = _weighted(rng, self.last, self.last_weights)
        youngest = self.youngest_birth
        if founder and join_date is not None:  # founders were adults at the creation
            youngest = min(youngest, _add_years(join_date, -22))
        birth = _between(rng, self.oldest_birth, youngest)
        adult = _add_years(birth, 16)
        if join_date is None:
            start = max(_add_years(today, -12), adult)
            # More members joined in recent years than in the first ones.
            join_date = today - dt.timedelta(days=int((today - start).days * rng.random() ** 1.4))
            join_date = max(join_date, start)
        age = today.year - birth.year
        category = "active"
        if not founder:
            roll = rng.random()
            if roll < 0.015:
                category = "honorary"
            elif roll < 0.045:
                category = "benefactor"
            elif age < 25 and rng.random() < 0.8:
                category = "youth"
        status, since, reason = MemberStatus.ACTIVE, join_date, None
        if not founder and (today - join_date).days > 120:
            roll = rng.random()
            deceased_risk = 0.05 if birth.year < 1960 else 0.005
            if roll < 0.06:
                status = MemberStatus.RESIGNED
            elif roll < 0.08:
                status = MemberStatus.SUSPENDED
            elif roll < 0.09:
                status = MemberStatus.EXCLUDED
            elif roll < 0.09 + deceased_risk:
                status = MemberStatus.DECEASED
            if status is not MemberStatus.ACTIVE:
                since = _between(
                    rng, join_date + dt.timedelta(days=60), today - dt.timedelta(days=1)
                )
                reason = rng.choice(content.STATUS_REASONS[status.value])
        birth_place = self._place(0.5, 0.3)
        city = self._place(0.75, 0.2)
        first_lat, last_lat = first.lat, last.lat
        email = None
        if rng.random() < (0.45 if age < 40 else 0.15):
            local = f"{_SLUG.sub('', first_lat.lower())}.{_SLUG.sub('', last_lat.lower())}"
            email = f"{local}{rng.randrange(1, 100)}@{rng.choice(_MAIL_DOMAINS)}"
        street, quarter = rng.choice(content.STREETS), rng.choice(content.QUARTERS)
        # The address in both scripts, as the member's names (drawn in the order it always was).
        pair = None
        if rng.random() < 0.8:
            house = rng.randint(1, 240)
            pair = (
                content.address(house, street, quarter, "ar"),
                content.address(house, street, quarter, "fr"),
            )
        return DemoMember(
            number="",
            gender=gender,
            first=first,
            last=last,
            birth_date=birth,
            join_date=join_date,
            category=category,
            status=status,
            status_since=since,
            reason=reason,
            payer=rng.choice((0.95, 0.95, 0.95, 0.65, 0.65, 0.2)),
            city=city,
            birth_place=birth_place,
            profession=self._profession(gender, age),
            id_number=self._cin(birth_place),
            phone=self._phone() if rng.random() < 0.9 else None,
            email=email,
            address=(pair[0] if self.lang == "ar" else pair[1]) if pair else None,
            address_pair=pair,
            consent=founder or rng.random() < 0.93,
        )


def generate_members(
    rng: random.Random,
    today: dt.date,
    founded: dt.date,
    seat: City,
    lang: str,
    count: int,
    founders: int,
) -> list[DemoMember]:
    """`count` members ordered by join date; the first `founders` joined on `founded`."""
    factory = MemberFactory(rng, today, seat, lang)
    people = [factory.member(founded, founder=True) for _ in range(founders)]
    later = [factory.member(None) for _ in range(count - founders)]
    for person in later:  # nobody joined before the association existed
        if person.join_date <= founded:
            person.join_date = founded + dt.timedelta(days=1 + rng.randrange(30))
            if person.status_since < person.join_date:
                person.status_since = person.join_date
    later.sort(key=lambda p: p.join_date)
    people.extend(later)
    return people
