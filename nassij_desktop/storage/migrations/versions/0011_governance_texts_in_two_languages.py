"""governance texts in two languages

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 11:00:00

The free text of the governance record was kept in whatever language it was typed, so the
Arabic minutes of an assembly came out half in French. Each such text now has an Arabic and a
French column, either of which may be empty (core/common/bilingual.py):

- general_assembly: place → place_ar, place_fr; notes → notes_ar, notes_fr
- agenda_item: title → title_ar, title_fr; discussion → discussion_ar, discussion_fr
- resolution: text → text_ar, text_fr
- board_term and authority_declaration: notes → notes_ar, notes_fr

Each text already in the file goes into the column of its script: a text holding an Arabic
letter into the Arabic column, any other into the French one (a frozen copy of
`core.common.bilingual.language_of`: a migration keeps meaning what it meant when written).
Plain ADD COLUMN and DROP COLUMN: none of these columns is named by an index or a constraint.

Going down, each text comes back into one column: the Arabic one when there is one, else the
French one (the other language's text is lost: the older schema has no place for it).
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ARABIC_LETTER = re.compile(
    "[\u0620-\u064a\u066e-\u06d3\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]"
)
CHUNK = 2000

# table → (old column, its type, nullable in the old schema)
_TEXTS: dict[str, list[tuple[str, sa.types.TypeEngine[str], bool]]] = {
    "general_assembly": [("place", sa.String(length=300), True), ("notes", sa.Text(), True)],
    "agenda_item": [("title", sa.String(length=400), False), ("discussion", sa.Text(), True)],
    "resolution": [("text", sa.Text(), False)],
    "board_term": [("notes", sa.Text(), True)],
    "authority_declaration": [("notes", sa.Text(), True)],
}


def _language(text: str) -> str:
    return "ar" if _ARABIC_LETTER.search(text) else "fr"


def upgrade() -> None:
    bind = op.get_bind()
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
                        if _language(text) == lang
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
            both = sa.func.coalesce(table.c[f"{name}_ar"], table.c[f"{name}_fr"])
            value = both if nullable else sa.func.coalesce(both, "")
            bind.execute(table.update().values({name: value}))
            if not nullable and bind.dialect.name != "sqlite":
                op.alter_column(table_name, name, existing_type=kind, nullable=False)
            for lang in ("ar", "fr"):
                op.drop_column(table_name, f"{name}_{lang}")
