"""Every entity, imported once so that the metadata (and Alembic) sees the whole schema.

The model modules do not postpone their annotations (no `from __future__ import annotations`):
SQLAlchemy then reads each `Mapped[...]` type as an object instead of evaluating its string,
which the start-up pays for every column. Only forward references are quoted.
"""

from sqlalchemy.orm import configure_mappers

from nassij_desktop.core.activities import models as activities
from nassij_desktop.core.association import models as association
from nassij_desktop.core.attachments import models as attachments
from nassij_desktop.core.books import models as books
from nassij_desktop.core.common import (
    audit,
    textguard,  # noqa: F401 - refuses control characters
)
from nassij_desktop.core.common.base import Base
from nassij_desktop.core.donations import campaign_models  # noqa: F401 - its tables
from nassij_desktop.core.donations import models as donations  # noqa: F401 - its tables
from nassij_desktop.core.funding import logframe_models  # noqa: F401 - its tables
from nassij_desktop.core.funding import models as funding
from nassij_desktop.core.governance import models as governance
from nassij_desktop.core.members import models as members
from nassij_desktop.core.users import models as users

metadata = Base.metadata

__all__ = [
    "activities",
    "association",
    "attachments",
    "audit",
    "books",
    "configure",
    "funding",
    "governance",
    "members",
    "metadata",
    "users",
]


def configure() -> None:
    """Configure every mapper now rather than on the first ORM query (a good tenth of a
    second): the start-up does it while the password is being checked on another core."""
    configure_mappers()
