"""logical framework in two languages

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 19:20:00

The logical framework of a request (migration 0017) was typed in one language, so the
funding pack printed the same text in its Arabic and its French version. Each of its texts
now has an Arabic and a French column, either of which may be empty (core/common/bilingual.py;
the service asks for at least one language where a text is required):

- funding_logframe: objective → objective_ar, objective_fr; beneficiaries → beneficiaries_ar,
  beneficiaries_fr
- funding_result and funding_planned_activity: label → label_ar, label_fr
- funding_indicator: label → label_ar, label_fr; unit → unit_ar, unit_fr

Each text already in the file goes into the column of the file's language (the association's
`default_language`, "ar" when the file has no association yet: the language 0017's texts were
typed in), unless its letters say otherwise: a text holding an Arabic letter is Arabic, one
holding Latin letters and no Arabic letter French (a French framework typed in an Arabic file
for a foreign funder goes to the French column). A text with no letter ("%") stays in the
file's language. The rule is a frozen copy of `core.common.bilingual.language_of` plus the
file's language: a migration keeps meaning what it meant when written. Plain ADD COLUMN and
DROP COLUMN: none of these columns is named by an index or a constraint.

Going down, each text comes back into one column: the file's language when it has one, else
the other (the other language's text is lost: the older schema has no place for it).
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ARABIC_LETTER = re.compile(
    "[\u0620-\u064a\u066e-\u06d3\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]"
)
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
CHUNK = 2000

# table → (old column, its type, nullable in the old schema)
_TEXTS: dict[str, list[tuple[str, sa.types.TypeEngine[str], bool]]] = {
    "funding_logframe": [("objective", sa.Text(), False), ("beneficiaries", sa.Text(), True)],
    "funding_result": [("label", sa.String(length=500), False)],
    "funding_planned_activity": [("label", sa.String(length=500), False)],
    "funding_indicator": [
        ("label", sa.String(length=500), False),
        ("unit", sa.String(length=60), True),
    ],
}


def _file_language(bind: sa.Connection) -> str:
    lang = bind.execute(
        sa.text("SELECT default_language FROM association ORDER BY id LIMIT 1")
    ).scalar()
    return "fr" if lang == "fr" else "ar"


def _language(text: str, file_language: str) -> str:
    if _ARABIC_LETTER.search(text):
        return "ar"
    if _LATIN_LETTER.search(text):
        return "fr"
    return file_language


def upgrade() -> None:
    bind = op.get_bind()
    file_language = _file_language(bind)
    for table_name, columns in _TEXTS.items():
        for name, kind, _nullable in columns:
            for lang in ("ar", "fr"):
                op.add_column(table_name, sa.Column(f"{name}_{lang}", kind, nullable=True))
            table = sa.table(
                table_name,
                sa.column("id", sa.Integer),
                sa.column(name, kind),
                sa.column(f"{name}_ar", kind),
                sa.column(f"{name}_fr", kind),
            )
            rows = bind.execute(
                sa.select(table.c.id, table.c[name])
                .where(table.c[name].is_not(None))
                .where(table.c[name] != "")
            ).all()
            for start in range(0, len(rows), CHUNK):
                for lang in ("ar", "fr"):
                    values = [
                        {"row_id": row_id, "value": text}
                        for row_id, text in rows[start : start + CHUNK]
                        if _language(text, file_language) == lang
                    ]
                    if values:
                        bind.execute(
                            table.update()
                            .where(table.c.id == sa.bindparam("row_id"))
                            .values({f"{name}_{lang}": sa.bindparam("value")}),
                            values,
                        )
            op.drop_column(table_name, name)


def downgrade() -> None:
    bind = op.get_bind()
    first, other = ("fr", "ar") if _file_language(bind) == "fr" else ("ar", "fr")
    for table_name, columns in _TEXTS.items():
        for name, kind, nullable in columns:
            # Nullable at first (SQLite adds no NOT NULL column without a default); on
            # PostgreSQL made NOT NULL again once filled.
            op.add_column(table_name, sa.Column(name, kind, nullable=True))
            table = sa.table(
                table_name,
                sa.column(name, kind),
                sa.column(f"{name}_ar", kind),
                sa.column(f"{name}_fr", kind),
            )
            both = sa.func.coalesce(table.c[f"{name}_{first}"], table.c[f"{name}_{other}"])
            value = both if nullable else sa.func.coalesce(both, "")
            bind.execute(table.update().values({name: value}))
            if not nullable and bind.dialect.name != "sqlite":
                op.alter_column(table_name, name, existing_type=kind, nullable=False)
            for lang in ("ar", "fr"):
                op.drop_column(table_name, f"{name}_{lang}")
