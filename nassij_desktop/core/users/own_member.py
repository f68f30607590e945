"""The member a signed-in account belongs to (a volunteer's forms propose that member)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.users.models import User


def own_member_id(session: Session, actor: Actor) -> int | None:
    """The member linked to the actor's own account, if any: anyone may read their own."""
    if actor.user_id is None:
        return None
    return session.scalar(sa.select(User.member_id).where(User.id == actor.user_id))
