"""The association's profile for a portal: identity, legal receipt, seat, board, bank (RIB),
objects and fields of work, territorial coverage, funding received, the last assembly and
its resolutions, as one dict (`association_profile`), written as JSON or CSV through a field
mapping (our field name → the portal's key) declared once, `DEFAULT_MAPPING`, and swappable by
a JSON file (`load_mapping`) when the national associations portal publishes its format.

The fields of work are the association's programmes (activities' programmes, active ones);
the territorial coverage is its seat's region, province and commune and every commune,
province and region where an activity took place.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.activities.models import Activity, Programme
from nassij_desktop.core.association.regions import regions
from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.exports.writers import csv_text
from nassij_desktop.core.funding.models import Funder, FundingRequest, Tranche
from nassij_desktop.core.governance.board import current_board
from nassij_desktop.core.governance.models import AssemblyStatus, GeneralAssembly, Resolution
from nassij_desktop.i18n import _

PROFILE_FIELDS = (
    "name_ar",
    "name_fr",
    "acronym",
    "founded_on",
    "receipt_number",
    "receipt_date",
    "public_utility",
    "public_utility_decree",
    "address_ar",
    "address_fr",
    "city",
    "commune",
    "province",
    "region_code",
    "region_ar",
    "region_fr",
    "phone",
    "email",
    "website",
    "bank_name",
    "rib",
    "objects_ar",
    "objects_fr",
    "fields_of_work",
    "territorial_coverage",
    "board",
    "funding_received",
    "last_assembly",
)
# Our field → the output's key. The portal's keys go here (or in a --mapping file) once known.
DEFAULT_MAPPING: dict[str, str] = {name: name for name in PROFILE_FIELDS}


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _money(value: Decimal | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


def association_profile(
    session: Session, actor: Actor, today: dt.date | None = None
) -> dict[str, Any]:
    """The profile as plain JSON values (dates ISO, amounts as text with two decimals)."""
    actor.require(Permission.GOVERNANCE_READ)
    actor.require(Permission.FUNDING_READ)
    day = today or clock.today()
    a = get_association(session)
    region = next((r for r in regions() if r.code == a.region_code), None)
    return {
        "name_ar": a.name_ar,
        "name_fr": a.name_fr,
        "acronym": a.acronym,
        "founded_on": _day(a.founded_on),
        "receipt_number": a.receipt_number,
        "receipt_date": _day(a.receipt_date),
        "public_utility": a.public_utility,
        "public_utility_decree": a.public_utility_decree,
        "address_ar": a.address_ar,
        "address_fr": a.address_fr,
        "city": a.city,
        "commune": a.commune,
        "province": a.province,
        "region_code": a.region_code,
        "region_ar": region.name_ar if region else None,
        "region_fr": region.name_fr if region else None,
        "phone": a.phone,
        "email": a.email,
        "website": a.website,
        "bank_name": a.bank_name,
        "rib": a.rib,
        "objects_ar": a.purpose_ar,
        "objects_fr": a.purpose_fr,
        "fields_of_work": _fields_of_work(session),
        "territorial_coverage": _coverage(session, a.region_code, a.province, a.commune),
        "board": _board(session, actor, day),
        "funding_received": _funding(session),
        "last_assembly": _last_assembly(session),
    }


def _fields_of_work(session: Session) -> list[dict[str, Any]]:
    rows = session.execute(
        sa.select(Programme.code, Programme.name_ar, Programme.name_fr)
        .where(Programme.active)
        .order_by(Programme.code)
    )
    return [{"code": c, "name_ar": ar, "name_fr": fr} for c, ar, fr in rows]


def _coverage(
    session: Session, region: str | None, province: str | None, commune: str | None
) -> list[dict[str, Any]]:
    places = [(region, province, commune)] if (region or province or commune) else []
    rows = session.execute(
        sa.select(Activity.region_code, Activity.province, Activity.commune)
        .distinct()
        .order_by(Activity.region_code, Activity.province, Activity.commune)
    )
    for row in rows:
        place = tuple(row)
        if any(place) and place not in places:
            places.append(place)  # type: ignore[arg-type]
    return [{"region_code": r, "province": p, "commune": c} for r, p, c in places]


def _board(session: Session, actor: Actor, day: dt.date) -> list[dict[str, Any]]:
    term = current_board(session, actor, day)
    if term is None:
        return []
    return [
        {
            "role_ar": seat.title("ar"),
            "role_fr": seat.title("fr"),
            "name_ar": seat.member.name_ar,
            "name_lat": seat.member.name_lat,
            "member_number": seat.member.number,
            "since": _day(seat.starts_on),
        }
        for seat in term.seats
    ]


def _funding(session: Session) -> list[dict[str, Any]]:
    rows = session.execute(
        sa.select(
            Funder.name_fr,
            Funder.name_ar,
            FundingRequest.title,
            FundingRequest.agreement_number,
            Tranche.received_on,
            Tranche.amount_mad,
        )
        .join(FundingRequest, Tranche.request_id == FundingRequest.id)
        .join(Funder, FundingRequest.funder_id == Funder.id)
        .where(Tranche.received_on.is_not(None))
        .order_by(Tranche.received_on, Tranche.id)
    )
    return [
        {
            "funder_fr": fr,
            "funder_ar": ar,
            "request": title,
            "agreement_number": agreement,
            "received_on": _day(received),
            "amount_mad": _money(amount),
        }
        for fr, ar, title, agreement, received, amount in rows
    ]


def _last_assembly(session: Session) -> dict[str, Any] | None:
    assembly = session.scalar(
        sa.select(GeneralAssembly)
        .where(GeneralAssembly.status == AssemblyStatus.HELD)
        .order_by(GeneralAssembly.held_on.desc(), GeneralAssembly.id.desc())
        .limit(1)
    )
    if assembly is None:
        return None
    resolutions = session.scalars(
        sa.select(Resolution)
        .where(Resolution.assembly_id == assembly.id)
        .order_by(Resolution.position)
    )
    return {
        "kind": assembly.kind.value,
        "held_on": _day(assembly.held_on),
        "place_ar": assembly.place_ar,
        "place_fr": assembly.place_fr,
        "quorum_reached": assembly.quorum_reached,
        "resolutions": [
            {
                "text_ar": r.text_ar,
                "text_fr": r.text_fr,
                "adopted": r.adopted,
                "votes_for": r.votes_for,
                "votes_against": r.votes_against,
                "votes_abstain": r.votes_abstain,
            }
            for r in resolutions
        ],
    }


def load_mapping(path: Path) -> dict[str, str]:
    """A mapping read from a JSON object `{"our_field": "their_key", …}`: only the fields it
    names are written, in its order. Refused, naming the problem, when it is not such an
    object or names a field the profile does not have."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationError(
            "mapping", _("The mapping file cannot be read: {error}").format(error=error)
        ) from error
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v for k, v in value.items()
    ):
        raise ValidationError(
            "mapping",
            _("The mapping file must be a JSON object from field names to output keys."),
        )
    unknown = [k for k in value if k not in PROFILE_FIELDS]
    if unknown:
        raise ValidationError(
            "mapping",
            _("Unknown profile fields in the mapping: {fields}. Known: {known}.").format(
                fields=", ".join(unknown), known=", ".join(PROFILE_FIELDS)
            ),
        )
    return dict(value)


def mapped_profile(profile: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    """The profile's fields under the mapping's keys, in the mapping's order."""
    return {key: profile.get(field) for field, key in mapping.items()}


def write_profile_json(profile: dict[str, Any], mapping: dict[str, str], path: Path) -> None:
    text = json.dumps(mapped_profile(profile, mapping), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")


def _flattened(key: str, value: Any) -> Iterator[tuple[str, Any]]:
    """Nested values as `key.sub` and `key.1.sub` lines (lists counted from 1)."""
    if isinstance(value, dict):
        for sub, item in value.items():
            yield from _flattened(f"{key}.{sub}", item)
    elif isinstance(value, list):
        for index, item in enumerate(value, start=1):
            yield from _flattened(f"{key}.{index}", item)
    else:
        yield key, value


def write_profile_csv(
    profile: dict[str, Any], mapping: dict[str, str], path: Path, lang: str = "fr"
) -> None:
    """Two columns, key and value, nested values flattened (`board.1.role_fr`); UTF-8 with a
    BOM for Excel."""
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["key", "value"])
        for key, value in mapped_profile(profile, mapping).items():
            for name, item in _flattened(key, value):
                writer.writerow([name, csv_text(item, lang)])
