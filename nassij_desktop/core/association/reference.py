"""Reference data every new association file starts with; added only where missing."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association import settings
from nassij_desktop.core.books.chart import load_chart
from nassij_desktop.core.books.services import ensure_journals
from nassij_desktop.core.governance.models import BoardRole
from nassij_desktop.core.members.models import MemberCategory

MEMBER_CATEGORIES = (
    # code, Arabic, French, English, usual dues, votes
    ("active", "عضو عامل", "Membre actif", "Active member", Decimal("100.00"), True),
    ("honorary", "عضو شرفي", "Membre d'honneur", "Honorary member", Decimal("0.00"), False),
    ("benefactor", "عضو داعم", "Membre bienfaiteur", "Benefactor", Decimal("500.00"), True),
    ("youth", "عضو شاب", "Membre jeune", "Youth member", Decimal("50.00"), True),
)

BOARD_ROLES = (
    # code, Arabic, French, English, holders (None: any number)
    ("president", "الرئيس", "Président", "President", 1),
    ("vice_president", "نائب الرئيس", "Vice-président", "Vice-president", 1),
    ("secretary_general", "الكاتب العام", "Secrétaire général", "Secretary general", 1),
    ("deputy_secretary", "نائب الكاتب العام", "Secrétaire général adjoint", "Deputy secretary", 1),
    ("treasurer", "أمين المال", "Trésorier", "Treasurer", 1),
    ("deputy_treasurer", "نائب أمين المال", "Trésorier adjoint", "Deputy treasurer", 1),
    ("adviser", "مستشار", "Conseiller", "Adviser", None),
)


def ensure_reference_data(session: Session) -> None:
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
    for position, (code, ar, fr, en, holders) in enumerate(BOARD_ROLES):
        if code not in roles:
            session.add(
                BoardRole(
                    code=code,
                    label_ar=ar,
                    label_fr=fr,
                    label_en=en,
                    position=position,
                    max_holders=holders,
                )
            )
    settings.ensure_defaults(session)
    session.flush()
