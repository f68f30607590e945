"""authority kind and Arabic address

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 10:30:00

The declaration letters were always addressed to "Monsieur le Caïd", whatever the authority of
the seat. The association's profile now says which it is: `association.authority_kind`
(caidat, pachalik, annexe, district) and `association.authority_place` (the place it is named
after). For a file that already filed a declaration, both are read from the name the authority
was recorded under on the latest filing ("Pachalik de Moulay Yacoub" → pachalik, "Moulay
Yacoub"), when it is recognisable; otherwise they stay empty and the user is asked.

A member had one address, in whatever script it was typed; the board list printed it as it was.
Members now keep an address in Latin letters (`member.address`) and one in Arabic
(`member.address_ar`), as they keep their names: an address typed in Arabic moves to the new
column, so that each document prints the one in its language. A downgrade puts both back in the
one column, the Arabic on a second line, which the upgrade splits again.

The patterns are a frozen copy of core/association/authorities.py (a migration must keep
meaning what it meant when it was written). Plain ADD COLUMN, not batch mode: rebuilding the
member table would drop the search index's triggers.
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 5000

_ASSOCIATION = sa.table(
    "association",
    sa.column("id", sa.Integer),
    sa.column("authority_kind", sa.String),
    sa.column("authority_place", sa.String),
)
_DECLARATION = sa.table(
    "authority_declaration",
    sa.column("id", sa.Integer),
    sa.column("authority", sa.String),
    sa.column("filed_on", sa.Date),
)
_MEMBER = sa.table(
    "member",
    sa.column("id", sa.Integer),
    sa.column("address", sa.String),
    sa.column("address_ar", sa.String),
)

# --- frozen copy of core/association/authorities.py::recognise_authority --------------------

_PATTERNS = (
    ("annexe", re.compile(r"\bannexe\b|ملحقة", re.IGNORECASE)),
    ("pachalik", re.compile(r"\bpachal[iy]c?k\b|\bpacha\b|باشوية|الباشا", re.IGNORECASE)),
    ("district", re.compile(r"\bdistrict\b|\bcercle\b|دائرة", re.IGNORECASE)),
    ("caidat", re.compile(r"\bca[iï]dat\b|\bca[iï]d\b|قيادة|القائد", re.IGNORECASE)),
)
_LEADING = re.compile(
    r"^\s*(?:(?:l['’]\s*)?annexe(?:\s+administrative)?|pachal[iy]c?k|pacha|district(?:\s+urbain)?"
    r"|cercle|ca[iï]dat|ca[iï]d|الملحقة\s+الإدارية|ملحقة\s+إدارية|الملحقة|ملحقة|باشوية|دائرة"
    r"|قيادة)\s*(?:(?:de\s+la|de|du|des|d['’])\s*)?",
    re.IGNORECASE,
)
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06fc]")


def _recognise(name: str) -> tuple[str, str] | None:
    for kind, pattern in _PATTERNS:
        if pattern.search(name):
            rest = _LEADING.sub("", name.strip(), count=1)
            return kind, (rest.strip() if rest != name.strip() else "")
    return None


def upgrade() -> None:
    op.add_column("association", sa.Column("authority_kind", sa.String(length=20), nullable=True))
    op.add_column("association", sa.Column("authority_place", sa.String(length=120), nullable=True))
    op.add_column("member", sa.Column("address_ar", sa.String(length=400), nullable=True))
    connection = op.get_bind()

    names = connection.execute(
        sa.select(_DECLARATION.c.authority)
        .where(_DECLARATION.c.filed_on.is_not(None))
        .where(_DECLARATION.c.authority.is_not(None))
        .order_by(_DECLARATION.c.filed_on.desc(), _DECLARATION.c.id.desc())
    ).scalars()
    found = next((r for r in (_recognise(n) for n in names if n) if r is not None), None)
    if found is not None:
        kind, place = found
        connection.execute(
            sa.update(_ASSOCIATION).values(authority_kind=kind, authority_place=place[:120] or None)
        )

    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(_MEMBER.c.id, _MEMBER.c.address)
            .where(_MEMBER.c.id > last_id)
            .where(_MEMBER.c.address.is_not(None))
            .order_by(_MEMBER.c.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            break
        last_id = rows[-1].id
        split = []
        for row in rows:
            pair = _split(row.address)
            if pair is not None:
                split.append({"member_id": row.id, "latin": pair[0], "arabic": pair[1]})
        if split:
            connection.execute(
                sa.update(_MEMBER)
                .where(_MEMBER.c.id == sa.bindparam("member_id"))
                .values(address=sa.bindparam("latin"), address_ar=sa.bindparam("arabic")),
                split,
            )


def _split(address: str) -> tuple[str | None, str] | None:
    """(Latin, Arabic) for an address that holds Arabic, None for one in Latin letters only.
    A file downgraded from this revision holds both, on two lines (an address is one line
    when typed): Latin first, then Arabic."""
    if not _ARABIC_LETTER.search(address):
        return None
    latin, newline, arabic = address.partition("\n")
    if newline and _ARABIC_LETTER.search(arabic) and not _ARABIC_LETTER.search(latin):
        return latin.strip() or None, arabic.strip()
    return None, address


def downgrade() -> None:
    # The Arabic address goes back into the one column: alone, or on a second line after the
    # Latin one (which an upgrade splits again, so a round trip loses nothing).
    connection = op.get_bind()
    both = _MEMBER.c.address + "\n" + _MEMBER.c.address_ar
    connection.execute(
        sa.update(_MEMBER)
        .where(_MEMBER.c.address_ar.is_not(None))
        .values(
            address=sa.case(
                (_MEMBER.c.address.is_(None), _MEMBER.c.address_ar),
                else_=sa.func.substr(both, 1, 400),
            )
        )
    )
    op.drop_column("member", "address_ar")
    op.drop_column("association", "authority_place")
    op.drop_column("association", "authority_kind")
