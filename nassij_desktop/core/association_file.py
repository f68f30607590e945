"""The association file as a whole, above the domains (like `core/models.py`): the association
a new file starts with, seeded with every domain's reference lists, and the heading of an open
file (the association's names and the books' current fiscal year).

Depends on: association, books, governance, members, common. Kept out of `core/association`
so that association stays below the domains that read its settings and draw its numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association import settings
from nassij_desktop.core.association.models import Association, Setting
from nassij_desktop.core.association.services import (
    PROFILE_FIELDS,
    AssociationProfile,
    clean_profile,
    get_association,
    has_association,
)
from nassij_desktop.core.books.chart import load_chart
from nassij_desktop.core.books.models import FiscalYear
from nassij_desktop.core.books.services import (
    ensure_journals,
    fiscal_year_bounds,
    fiscal_year_label,
)
from nassij_desktop.core.common import audit, clock
from nassij_desktop.core.common.errors import Conflict
from nassij_desktop.core.common.names import reader_name
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.governance.models import BoardRole
from nassij_desktop.core.governance.roles import BOARD_ROLES
from nassij_desktop.core.members.models import MemberCategory
from nassij_desktop.i18n import _

MEMBER_CATEGORIES = (
    # code, Arabic, French, English, usual dues, votes
    ("active", "عضو عامل", "Membre actif", "Active member", Decimal("100.00"), True),
    ("honorary", "عضو شرفي", "Membre d'honneur", "Honorary member", Decimal("0.00"), False),
    ("benefactor", "عضو داعم", "Membre bienfaiteur", "Benefactor", Decimal("500.00"), True),
    ("youth", "عضو شاب", "Membre jeune", "Youth member", Decimal("50.00"), True),
)


def ensure_reference_data(session: Session) -> None:
    """The reference data every new association file starts with; added only where missing."""
    load_chart(session)
    ensure_journals(session)
    codes = set(session.scalars(sa.select(MemberCategory.code)))
    for position, (code, ar, fr, en, dues, votes) in enumerate(MEMBER_CATEGORIES):
        if code not in codes:
            session.add(
                MemberCategory(
                    code=code,
                    label_ar=ar,
                    label_fr=fr,
                    label_en=en,
                    default_dues=dues,
                    votes=votes,
                    position=position,
                )
            )
    roles = set(session.scalars(sa.select(BoardRole.code)))
    for position, role in enumerate(BOARD_ROLES):
        if role.code not in roles:
            session.add(
                BoardRole(
                    code=role.code,
                    label_ar=role.label_ar,
                    label_fr=role.label_fr,
                    label_en=role.label_en,
                    position=position,
                    max_holders=role.max_holders,
                )
            )
    settings.ensure_defaults(session)
    session.flush()


def create_association(session: Session, actor: Actor, profile: AssociationProfile) -> Association:
    """Create the association of a new file, with its chart of accounts and reference lists."""
    actor.require(Permission.ASSOCIATION_WRITE)
    if has_association(session):
        raise Conflict(_("This file already holds an association."))
    values = clean_profile({f: getattr(profile, f) for f in PROFILE_FIELDS})
    association = Association(**values)
    session.add(association)
    ensure_reference_data(session)
    session.flush()
    audit.record(
        session, actor, "create", "association", association.id, after=audit.snapshot(association)
    )
    return association


@dataclass(frozen=True)
class AssociationHeading:
    """What a window or a sign-in screen says of the open file: the association's names, the
    fiscal year holding today and whether the file is a demo."""

    name_ar: str
    name_fr: str
    fiscal_year: str  # "2026", or "2025-2026" when the year does not start in January
    demo: bool

    def name(self, lang: str) -> str:
        """The name in the reader's language (the other one when it is all there is)."""
        return reader_name(lang, self.name_ar, self.name_fr)


def association_heading(session: Session, today: dt.date | None = None) -> AssociationHeading:
    """The heading of the open file, read only (no fiscal year is opened for it). Shown to
    whoever opens the file, before signing in too: no permission is asked. NotFound when the
    file has no association yet."""
    association = get_association(session)
    today = today or clock.today()
    year = session.scalar(
        sa.select(FiscalYear.label).where(
            FiscalYear.starts_on <= today, FiscalYear.ends_on >= today
        )
    )
    if year is None:
        # The label the books give the year when they open it.
        year = fiscal_year_label(*fiscal_year_bounds(today, association.fiscal_year_start_month))
    demo = session.scalar(sa.select(Setting.id).where(Setting.key == "demo")) is not None
    return AssociationHeading(association.name_ar, association.name_fr, year, demo)
