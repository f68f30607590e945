"""Settings kept in the association's file (not the PC's): they travel with the data."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.models import Setting
from nassij_desktop.core.common import audit, clock
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.validators import (
    TextKind,
    clean_text,
    parse_date,
    parse_money,
    validate_email,
)
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import isolate

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Posting accounts. The association-specific numbers of the CNC plan are unconfirmed
    # (shared/data), so the treasurer can change them. Dues and donations post to the
    # divisionary accounts of 7186 and 7187 (annual dues, manual donations): a parent with
    # sub-accounts is not posted to (migration 0014 moved the settings of older files).
    "posting.dues_income": "71862",
    "posting.donations_income": "71871",
    "posting.cash": "5161",
    "posting.bank": "5141",
    # Where closing a year carries its result (surplus or deficit), in the next year's opening.
    "posting.association_funds": "1111",
    # The CNC model the statements follow: normal, simplified or super_simplified (avis n° 23).
    "books.statement_model": "normal",
    # Days to declare a foreign-funding receipt to the SGG (commonly cited, unconfirmed).
    "funding.sgg_declaration_days": 30,
    # Days to declare a board change to the local authority (Dahir 1-58-376, art. 5).
    "governance.declaration_days": 30,
    # Proxies one present member may hold at a general assembly (the statutes say; often 1).
    "governance.max_proxies_per_holder": 1,
    # Years a board is elected for, as the statutes say (the board list prints the term's end).
    "governance.term_years": 4,
    "members.number_width": 6,
    "dates.hijri_offset_days": 0,
    # Minutes without input before the window locks and asks the password again (0: never).
    "security.autolock_minutes": 10,
    # What an hour of volunteer time is valued at (MAD, two decimals, as text: never a float).
    "activities.volunteer_hourly_rate": "20.00",
    # Law 09-08: members gone for this many years are proposed for anonymisation.
    "privacy.retention_years": 5,
    # Law 09-08: the CNDP's receipt of the declaration (or its authorisation, needed when the
    # CIN is processed), its number and date (ISO); empty until the association has one.
    "privacy.cndp_kind": "declaration",
    "privacy.cndp_number": "",
    "privacy.cndp_date": "",
    # Who answers requests about personal data; empty: the board, at the seat and the
    # association's e-mail (the profile's).
    "privacy.contact_name": "",
    "privacy.contact_address": "",
    "privacy.contact_email": "",
}

MAX_AUTOLOCK_MINUTES = 240
MAX_HIJRI_OFFSET_DAYS = 2  # the observed moon differs from the computed calendar by a day or two


MAX_NUMBER_WIDTH = 12  # member numbers; a wider zero-padding is a crafted file, not a need
MAX_DAYS = 365
MAX_PROXIES = 20
MAX_TERM_YEARS = 10
MAX_RETENTION_YEARS = 100
MAX_CNDP_NUMBER = 40
MAX_CONTACT_NAME = 120
MAX_CONTACT_ADDRESS = 400  # as the association's address
MAX_CONTACT_EMAIL = 254
CNDP_KINDS = ("declaration", "authorisation")
_SHOWN_LENGTH = 40  # of a bad value inside a sentence


class InvalidSetting(NassijError):
    """A setting stored in the file is not readable or out of its range: the file was changed
    outside the application. `key` names the setting."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class _Rule:
    accepts: Callable[[Any], bool]
    expected: Callable[[], str]  # translated when the message is made, in the current language


def _integer_in(low: int, high: int) -> _Rule:
    return _Rule(
        # bool is an int to Python, but `true` is not a number of days.
        accepts=lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high,
        expected=lambda: _("a whole number from {low} to {high}").format(low=low, high=high),
    )


_ACCOUNT_NUMBER = re.compile(r"[0-9]{4,10}")
_ACCOUNT = _Rule(
    accepts=lambda v: isinstance(v, str) and _ACCOUNT_NUMBER.fullmatch(v) is not None,
    expected=lambda: _("an account number of 4 to 10 digits"),
)

STATEMENT_MODELS = ("normal", "simplified", "super_simplified")

# A CNDP receipt number as printed on it ("D-GC-258/2019", "A-A-77/2021"): Latin letters,
# digits and separators.
_CNDP_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./_-]{0,39}")  # MAX_CNDP_NUMBER
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_or_empty(value: Any) -> bool:
    if value == "":
        return True
    if not isinstance(value, str) or _ISO_DATE.fullmatch(value) is None:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _text_up_to(limit: int) -> _Rule:
    return _Rule(
        accepts=lambda v: isinstance(v, str) and len(v) <= limit and "\x00" not in v,
        expected=lambda: _("a text of at most {limit} characters").format(limit=limit),
    )


MAX_HOURLY_RATE = Decimal("100000.00")
_RATE_TEXT = re.compile(r"[0-9]{1,6}\.[0-9]{2}")
_HOURLY_RATE = _Rule(
    accepts=lambda v: (
        isinstance(v, str) and _RATE_TEXT.fullmatch(v) is not None and Decimal(v) <= MAX_HOURLY_RATE
    ),
    expected=lambda: _("an amount in dirhams such as 20.00"),
)

# Every setting the code reads, with the values it can work with.
RULES: dict[str, _Rule] = {
    "posting.dues_income": _ACCOUNT,
    "posting.donations_income": _ACCOUNT,
    "posting.cash": _ACCOUNT,
    "posting.bank": _ACCOUNT,
    "posting.association_funds": _ACCOUNT,
    "books.statement_model": _Rule(
        accepts=lambda v: v in STATEMENT_MODELS,
        expected=lambda: _("one of {models}").format(models=", ".join(STATEMENT_MODELS)),
    ),
    "funding.sgg_declaration_days": _integer_in(1, MAX_DAYS),
    "governance.declaration_days": _integer_in(1, MAX_DAYS),
    "governance.max_proxies_per_holder": _integer_in(0, MAX_PROXIES),
    "governance.term_years": _integer_in(1, MAX_TERM_YEARS),
    "members.number_width": _integer_in(1, MAX_NUMBER_WIDTH),
    "dates.hijri_offset_days": _integer_in(-MAX_HIJRI_OFFSET_DAYS, MAX_HIJRI_OFFSET_DAYS),
    "security.autolock_minutes": _integer_in(0, MAX_AUTOLOCK_MINUTES),
    "activities.volunteer_hourly_rate": _HOURLY_RATE,
    "privacy.retention_years": _integer_in(1, MAX_RETENTION_YEARS),
    "privacy.cndp_kind": _Rule(
        accepts=lambda v: v in CNDP_KINDS,
        expected=lambda: _("one of {kinds}").format(kinds=", ".join(CNDP_KINDS)),
    ),
    "privacy.cndp_number": _Rule(
        accepts=lambda v: v == "" or (isinstance(v, str) and _CNDP_NUMBER.fullmatch(v) is not None),
        expected=lambda: _("a CNDP number of Latin letters, digits and separators"),
    ),
    "privacy.cndp_date": _Rule(
        accepts=_iso_date_or_empty, expected=lambda: _("a date such as 2024-03-15, or nothing")
    ),
    "privacy.contact_name": _text_up_to(MAX_CONTACT_NAME),
    "privacy.contact_address": _text_up_to(MAX_CONTACT_ADDRESS),
    "privacy.contact_email": _Rule(
        accepts=lambda v: (
            v == "" or (isinstance(v, str) and len(v) <= MAX_CONTACT_EMAIL and "@" in v)
        ),
        expected=lambda: _("an e-mail address, or nothing"),
    ),
    # Written by the demo generator: what the demo was made with.
    "demo": _Rule(
        accepts=lambda v: isinstance(v, dict), expected=lambda: _("a set of named values")
    ),
}


def _invalid(key: str, raw: str, expected: str) -> InvalidSetting:
    shown = raw if len(raw) <= _SHOWN_LENGTH else raw[:_SHOWN_LENGTH] + "…"
    return InvalidSetting(
        key,
        _(
            "The setting {key} in this file holds {value}, which is not {expected}: the file "
            "was changed outside Nassij Desktop. Restore a backup, or run `nassij check`."
        ).format(key=isolate(key, "ltr"), value=isolate(shown, "ltr"), expected=expected),
    )


def parse_setting(key: str, raw: object) -> Any:
    """The value of a stored setting, or InvalidSetting naming it and its bad value."""
    if not isinstance(raw, str):  # SQLite keeps a blob as a blob even in a TEXT column
        raise _invalid(key, repr(raw), _("readable JSON text"))
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        raise _invalid(key, raw, _("readable JSON text")) from None
    rule = RULES.get(key)
    if rule is not None and not rule.accepts(value):
        raise _invalid(key, raw, rule.expected())
    return value


def ensure_defaults(session: Session) -> None:
    present = set(session.scalars(sa.select(Setting.key)))
    for key, value in DEFAULTS.items():
        if key not in present:
            session.add(Setting(key=key, value=json.dumps(value)))


def get_setting(session: Session, key: str) -> Any:
    raw = session.scalar(sa.select(Setting.value).where(Setting.key == key))
    if raw is None:
        return DEFAULTS[key]
    return parse_setting(key, raw)


def get_settings(session: Session, *keys: str) -> dict[str, Any]:
    """Several settings in one query (a batch reads its posting accounts once)."""
    stored = dict(
        session.execute(sa.select(Setting.key, Setting.value).where(Setting.key.in_(keys))).all()
    )
    return {
        key: DEFAULTS[key] if stored.get(key) is None else parse_setting(key, stored[key])
        for key in keys
    }


def invalid_settings(bind: Session | sa.Connection) -> list[str]:
    """A sentence for each stored setting that `get_setting` would refuse (for `check`)."""
    problems = []
    for key, raw in bind.execute(sa.select(Setting.key, Setting.value).order_by(Setting.key)):
        try:
            parse_setting(key, raw)
        except InvalidSetting as exc:
            problems.append(str(exc))
    return problems


def set_setting(session: Session, key: str, value: Any) -> None:
    text = json.dumps(value)
    parse_setting(key, text)  # never store what could not be read back
    row = session.scalar(sa.select(Setting).where(Setting.key == key))
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
    session.flush()


def _whole_number(value: Any, key: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise ValidationError(
            key, _("Give a whole number from {low} to {high}.").format(low=low, high=high)
        )
    return number


def _hourly_rate(value: Any) -> str:
    key = "activities.volunteer_hourly_rate"
    amount = parse_money(str(value), field=key)
    if amount > MAX_HOURLY_RATE:
        raise ValidationError(
            key, _("Give an amount from 0 to {high} dirhams.").format(high=MAX_HOURLY_RATE)
        )
    return f"{amount:.2f}"


def _cndp_kind(value: Any) -> str:
    if value not in CNDP_KINDS:
        raise ValidationError(
            "privacy.cndp_kind", _("Choose a declaration or an authorisation of the CNDP.")
        )
    return str(value)


def _cndp_number(value: Any) -> str:
    key = "privacy.cndp_number"
    text = clean_text(str(value or ""), field=key, max_length=MAX_CNDP_NUMBER) or ""
    if text and _CNDP_NUMBER.fullmatch(text) is None:
        raise ValidationError(
            key,
            _(
                "Write the number as the CNDP's receipt gives it: Latin letters, digits, "
                "spaces and the signs - / . _ only."
            ),
        )
    return text


def _cndp_date(value: Any) -> str:
    key = "privacy.cndp_date"
    if isinstance(value, date):
        day = value
    else:
        text = str(value or "").strip()
        if not text:
            return ""
        day = parse_date(text, field=key)
    if day > clock.today():
        raise ValidationError(key, _("The date of the CNDP's receipt cannot be in the future."))
    return day.isoformat()


def _contact_text(key: str, limit: int, kind: TextKind) -> Callable[[Any], str]:
    return lambda value: clean_text(str(value or ""), field=key, kind=kind, max_length=limit) or ""


def _contact_email(value: Any) -> str:
    text = str(value or "").strip()
    return validate_email(text, field="privacy.contact_email") if text else ""


# The settings a user may change from the screens, each with its check; the posting accounts
# and numbering stay with the treasurer's and secretary's own screens.
_CHECKS: dict[str, Callable[[Any], Any]] = {
    "security.autolock_minutes": lambda value: _whole_number(
        value, "security.autolock_minutes", 0, MAX_AUTOLOCK_MINUTES
    ),
    "governance.term_years": lambda value: _whole_number(
        value, "governance.term_years", 1, MAX_TERM_YEARS
    ),
    # 0: the statutes allow no proxy (the convocation then prints no proxy form).
    "governance.max_proxies_per_holder": lambda value: _whole_number(
        value, "governance.max_proxies_per_holder", 0, MAX_PROXIES
    ),
    "dates.hijri_offset_days": lambda value: _whole_number(
        value, "dates.hijri_offset_days", -MAX_HIJRI_OFFSET_DAYS, MAX_HIJRI_OFFSET_DAYS
    ),
    "activities.volunteer_hourly_rate": _hourly_rate,
    "privacy.retention_years": lambda value: _whole_number(
        value, "privacy.retention_years", 1, MAX_RETENTION_YEARS
    ),
    "privacy.cndp_kind": _cndp_kind,
    "privacy.cndp_number": _cndp_number,
    "privacy.cndp_date": _cndp_date,
    "privacy.contact_name": _contact_text("privacy.contact_name", MAX_CONTACT_NAME, TextKind.LINE),
    "privacy.contact_address": _contact_text(
        "privacy.contact_address", MAX_CONTACT_ADDRESS, TextKind.LINE
    ),
    "privacy.contact_email": _contact_email,
}

# The settings that ask more than ASSOCIATION_WRITE of who changes them.
_PERMISSIONS: dict[str, Permission] = {
    "governance.max_proxies_per_holder": Permission.GOVERNANCE_RULES,
}

# What a setting a user may change is called wherever settings are listed.
SETTING_LABELS: dict[str, str] = {
    "governance.max_proxies_per_holder": N_("Proxies one member present may hold"),
    "activities.volunteer_hourly_rate": N_("Value of an hour of volunteer time (MAD)"),
    "privacy.retention_years": N_("Years after which members who left are anonymised"),
    "privacy.cndp_kind": N_("Filed with the CNDP"),
    "privacy.cndp_number": N_("CNDP receipt number"),
    "privacy.cndp_date": N_("Date of the CNDP receipt"),
    "privacy.contact_name": N_("Contact for personal data (name or role)"),
    "privacy.contact_address": N_("Address for personal data requests"),
    "privacy.contact_email": N_("E-mail for personal data requests"),
}


def change_setting(session: Session, actor: Actor, key: str, value: Any) -> Any:
    """Validate and store one setting a user may change; returns the value stored."""
    actor.require(_PERMISSIONS.get(key, Permission.ASSOCIATION_WRITE))
    check = _CHECKS.get(key)
    if check is None:
        raise ValidationError(key, _("Unknown field: {field}").format(field=key))
    value = check(value)
    try:
        before = get_setting(session, key)
    except InvalidSetting:  # the screen is where a user puts a crafted value right
        before = None
    if value == before:
        return value
    set_setting(session, key, value)
    row_id = session.scalar(sa.select(Setting.id).where(Setting.key == key))
    audit.record(
        session, actor, "update", "setting", row_id, before={key: before}, after={key: value}
    )
    return value


def change_settings(session: Session, actor: Actor, values: Iterable[tuple[str, Any]]) -> None:
    """Several settings of one form, each validated as `change_setting` does, in the caller's
    transaction: a refused one leaves none of them stored."""
    for key, value in values:
        change_setting(session, actor, key, value)


def mark_demo_file(session: Session, actor: Actor, made_with: dict[str, Any]) -> None:
    """Say that this file holds a demo association (the window's heading shows it): the
    "demo" setting keeps what the demo was made with (seed, size, date…)."""
    actor.require(Permission.ASSOCIATION_WRITE)
    set_setting(session, "demo", made_with)
    row_id = session.scalar(sa.select(Setting.id).where(Setting.key == "demo"))
    audit.record(session, actor, "create", "setting", row_id, after={"demo": made_with})


def _setting_or_default(session: Session, key: str) -> Any:
    # For the settings the Settings screen edits: the window must open (and lock when idle)
    # for the user to put a crafted value right there; `check` names the bad value.
    try:
        return get_setting(session, key)
    except InvalidSetting:
        log.warning("setting %s is invalid; its default is used", key)
        return DEFAULTS[key]


def term_years(session: Session) -> int:
    """The years a board is elected for (the statutes say; the board list prints the end)."""
    return int(_setting_or_default(session, "governance.term_years"))


def max_proxies_per_holder(session: Session) -> int:
    """Proxies one member present at a general assembly may hold (the statutes say; 0: none)."""
    return int(_setting_or_default(session, "governance.max_proxies_per_holder"))


def proxy_limit(session: Session, actor: Actor) -> int:
    """The proxies one member present may hold, for whoever may see the assemblies."""
    actor.require(Permission.GOVERNANCE_READ)
    return max_proxies_per_holder(session)


def autolock_minutes(session: Session) -> int:
    return int(_setting_or_default(session, "security.autolock_minutes"))


def hijri_offset_days(session: Session) -> int:
    return int(_setting_or_default(session, "dates.hijri_offset_days"))


def volunteer_hourly_rate(session: Session) -> Decimal:
    """What an hour of volunteer time is valued at, in MAD (the valuation of volunteering)."""
    return Decimal(str(get_setting(session, "activities.volunteer_hourly_rate")))


@dataclass(frozen=True)
class PrivacySettings:
    """What the privacy notice and the consent form print of law 09-08's formalities; an
    empty text is not set (the documents leave a line to fill, or use the profile's)."""

    cndp_kind: str  # "declaration" or "authorisation"
    cndp_number: str
    cndp_date: date | None
    contact_name: str
    contact_address: str
    contact_email: str
    retention_years: int


PRIVACY_KEYS = (
    "privacy.cndp_kind",
    "privacy.cndp_number",
    "privacy.cndp_date",
    "privacy.contact_name",
    "privacy.contact_address",
    "privacy.contact_email",
    "privacy.retention_years",
)


def privacy_settings(session: Session) -> PrivacySettings:
    values = {key: _setting_or_default(session, key) for key in PRIVACY_KEYS}
    day = values["privacy.cndp_date"]
    return PrivacySettings(
        cndp_kind=str(values["privacy.cndp_kind"]),
        cndp_number=str(values["privacy.cndp_number"]),
        cndp_date=date.fromisoformat(day) if day else None,
        contact_name=str(values["privacy.contact_name"]),
        contact_address=str(values["privacy.contact_address"]),
        contact_email=str(values["privacy.contact_email"]),
        retention_years=int(values["privacy.retention_years"]),
    )
