"""member sort names

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:00:00

Names were ordered by code point: آيت, أحمد, إدريس, الإدريسي and ابراهيم fell into separate
blocks (آ, أ, إ, ا), "Élise" after "Zineb", "de" after "Zahra". Each member gets two sort keys,
`sort_name_ar` and `sort_name_lat` (core/common/names.py::sort_name: the name the reader sees,
family name first, folded as the search folds it), filled here for the members already in the
file, each with an index: the list ordered by name is read a page at a time along it, as the
indexes on the raw names (dropped here) allowed before.

The keys are computed by a frozen copy of core's function, not an import: a migration must
keep meaning what it meant when it was written. tests/storage/test_migration_0009.py checks
that the copy and core agree. Plain ADD COLUMN and CREATE INDEX, not batch mode: rebuilding the
member table would drop the search index's triggers.

On PostgreSQL the keys are compared in the "C" collation (by code point, as SQLite and Python
compare them), whatever the server's default collation.
"""

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SORT_KEY = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
CHUNK = 5000

_MEMBER = sa.table(
    "member",
    sa.column("id", sa.Integer),
    sa.column("first_name_ar", sa.String),
    sa.column("last_name_ar", sa.String),
    sa.column("first_name_lat", sa.String),
    sa.column("last_name_lat", sa.String),
    sa.column("sort_name_ar", sa.Text),
    sa.column("sort_name_lat", sa.Text),
)

# --- frozen copy of core/common/textnorm.py::normalise_word and names.py::sort_name ---------

_ARABIC_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ة": "ه",
        "ى": "ي",
        "ـ": None,
        "ک": "ك",
        "ی": "ي",
        "ۀ": "ه",
    }
)
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_JOINERS = re.compile("[\\s\\-\u2010-\u2015'’`ʼ.\u200c-\u200f\u2066-\u2069]+")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _fold(text: str) -> str:
    if text.isascii():
        return _JOINERS.sub("", text.lower())
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_MAP).translate(_DIGITS)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    latin = "".join(c for c in decomposed if not unicodedata.combining(c))
    latin = unicodedata.normalize("NFKC", latin).translate(_ARABIC_MAP)
    return _JOINERS.sub("", latin)


def sort_name(
    lang: str,
    first_ar: str | None,
    last_ar: str | None,
    first_lat: str | None,
    last_lat: str | None,
) -> str:
    names = (last_ar, first_ar) if lang == "ar" else (last_lat, first_lat)
    if not any(names):
        names = (last_lat, first_lat) if lang == "ar" else (last_ar, first_ar)
    last, first = names
    return f"{_fold(last or '')} {_fold(first or '')}"


# ---------------------------------------------------------------------------------------------


def upgrade() -> None:
    for name in ("sort_name_ar", "sort_name_lat"):
        op.add_column(
            "member", sa.Column(name, SORT_KEY, nullable=False, server_default=sa.text("''"))
        )

    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            _MEMBER.c.id,
            _MEMBER.c.first_name_ar,
            _MEMBER.c.last_name_ar,
            _MEMBER.c.first_name_lat,
            _MEMBER.c.last_name_lat,
        ).order_by(_MEMBER.c.id)
    ).all()
    update = (
        _MEMBER.update()
        .where(_MEMBER.c.id == sa.bindparam("member_id"))
        .values(sort_name_ar=sa.bindparam("ar"), sort_name_lat=sa.bindparam("lat"))
    )
    for start in range(0, len(rows), CHUNK):
        keys = [
            {
                "member_id": member_id,
                "ar": sort_name("ar", *names),
                "lat": sort_name("fr", *names),
            }
            for member_id, *names in rows[start : start + CHUNK]
        ]
        bind.execute(update, keys)

    op.drop_index("ix_member_last_name_ar", table_name="member")
    op.drop_index("ix_member_last_name_lat", table_name="member")
    op.create_index("ix_member_sort_name_ar", "member", ["sort_name_ar"], unique=False)
    op.create_index("ix_member_sort_name_lat", "member", ["sort_name_lat"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_member_sort_name_lat", table_name="member")
    op.drop_index("ix_member_sort_name_ar", table_name="member")
    op.create_index(
        "ix_member_last_name_lat", "member", ["last_name_lat", "first_name_lat"], unique=False
    )
    op.create_index(
        "ix_member_last_name_ar", "member", ["last_name_ar", "first_name_ar"], unique=False
    )
    op.drop_column("member", "sort_name_lat")
    op.drop_column("member", "sort_name_ar")
