"""Limited retention (law 09-08, art. 3): the members who left (resigned, died, excluded)
more than N years ago, listed first, then anonymised together in one transaction. N is the
setting `privacy.retention_years`."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association import settings
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.names import join_names
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.members.dues import LEFT
from nassij_desktop.core.members.models import Member
from nassij_desktop.core.privacy.anonymise import _anonymise, _check_chains, refusal
from nassij_desktop.core.privacy.records import AnonymisedMember, RetentionCandidate
from nassij_desktop.i18n import _, ngettext
from nassij_desktop.i18n.formatting import format_number

MAX_YEARS = settings.MAX_RETENTION_YEARS


def retention_years(session: Session) -> int:
    """The setting's number of years (the default of `nassij privacy retention`)."""
    return int(settings.get_setting(session, "privacy.retention_years"))


def _limit(years: int, today: dt.date) -> dt.date:
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError(
            "years", _("Give a whole number from {low} to {high}.").format(low=1, high=MAX_YEARS)
        )
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _candidates(
    session: Session, years: int, today: dt.date
) -> list[tuple[Member, RetentionCandidate]]:
    limit = _limit(years, today)
    members = session.scalars(
        sa.select(Member)
        .where(Member.status.in_(LEFT), Member.status_since < limit)
        .order_by(Member.status_since, Member.number)
    )
    found = []
    for member in members:
        if refusal(session, member, today) is not None:  # done already, or a seat, an account
            continue
        found.append(
            (
                member,
                RetentionCandidate(
                    member.number,
                    join_names(member.first_name_ar, member.last_name_ar),
                    join_names(member.first_name_lat, member.last_name_lat),
                    member.status.value,
                    member.status_since,
                    member.gender,
                ),
            )
        )
    return found


def retention_preview(
    session: Session, actor: Actor, years: int, *, today: dt.date | None = None
) -> list[RetentionCandidate]:
    """The members gone for more than `years` years whom `apply_retention` would anonymise
    (those already anonymised, or that may not be, are left out)."""
    actor.require(Permission.PRIVACY_MANAGE)
    return [c for _m, c in _candidates(session, years, today or clock.today())]


def years_phrase(years: int) -> str:
    """ "5 years", "a year", "سنتين": the period of the rule, agreeing with its number (one
    phrase for every sentence that names it: "more than 1 years" was on screen)."""
    return ngettext("{count} year", "{count} years", years).format(count=format_number(years))


def apply_retention(
    session: Session, actor: Actor, years: int, *, today: dt.date | None = None
) -> list[AnonymisedMember]:
    """Anonymise every member of `retention_preview`, in the caller's transaction."""
    actor.require(Permission.PRIVACY_MANAGE)
    found = _candidates(session, years, today or clock.today())
    if not found:
        return []
    _check_chains(session)
    reason = _("Retention rule: left more than {years} ago").format(years=years_phrase(years))
    return [_anonymise(session, actor, member, reason) for member, _c in found]
