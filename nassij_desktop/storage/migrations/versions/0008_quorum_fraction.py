"""quorum as a fraction

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 09:00:00

The quorum of a general assembly was a whole percentage (`quorum_percent`), so "two thirds" of
243 voting members could only be 66 % (161) or 67 % (163), never 162. It becomes an exact
fraction in lowest terms: `quorum_numerator` / `quorum_denominator` (core/governance/quorum.py).
Each existing quorum of n % becomes exactly n/100, reduced: 50 → 1/2, 75 → 3/4, 66 → 33/50
(still 66 %: what was meant by it is not guessed), 0 → 0/1.

On SQLite, which cannot drop a column a table CHECK names, the table is rebuilt by copying it
into a new one (`_columns` in a fixed order: Alembic's batch mode writes the constraints of a
table it reflects in no fixed order, and the schema guard compares the SQL of every file with
what the migrations build). The rows that refer to an assembly (agenda, attendance,
resolutions, board terms, declarations) keep their references because migrations run with
foreign keys not enforced (storage/migrate.py). PostgreSQL alters the table in place.

Going down, a fraction becomes the whole percentage rounded up (2/3 → 67 %), so that a quorum
is never lowered by the return trip.
"""

from collections.abc import Sequence
from fractions import Fraction

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ASSEMBLY = sa.table(
    "general_assembly",
    sa.column("quorum_percent", sa.Integer),
    sa.column("quorum_numerator", sa.Integer),
    sa.column("quorum_denominator", sa.Integer),
)
_PERCENT_CHECK = "quorum_percent BETWEEN 0 AND 100"
_QUORUM_CHECK = (
    "quorum_denominator BETWEEN 1 AND 1000 AND quorum_numerator BETWEEN 0 AND quorum_denominator"
)
_COPY = "_copy_general_assembly"


def _columns(*, fraction: bool) -> list[sa.schema.SchemaItem]:
    """general_assembly's columns and constraints, in the order of the table as the migrations
    create it: with the quorum as a percentage (0007), or as a fraction (0008)."""
    if fraction:
        quorum = [
            sa.Column("quorum_numerator", sa.Integer(), nullable=False),
            sa.Column("quorum_denominator", sa.Integer(), nullable=False),
        ]
        check = sa.CheckConstraint(_QUORUM_CHECK, name=op.f("ck_general_assembly_quorum"))
    else:
        quorum = [sa.Column("quorum_percent", sa.Integer(), nullable=False)]
        check = sa.CheckConstraint(_PERCENT_CHECK, name=op.f("ck_general_assembly_quorum_percent"))
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "constitutive",
                "ordinary",
                "extraordinary",
                name="assemblykind",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "convened",
                "held",
                "cancelled",
                name="assemblystatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("convened_on", sa.Date(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        *quorum,
        sa.Column("quorum_reached", sa.Boolean(), nullable=True),
        sa.Column("chair_member_id", sa.Integer(), nullable=True),
        sa.Column("secretary_member_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        check,
        sa.ForeignKeyConstraint(
            ["chair_member_id"],
            ["member.id"],
            name=op.f("fk_general_assembly_chair_member_id_member"),
        ),
        sa.ForeignKeyConstraint(
            ["secretary_member_id"],
            ["member.id"],
            name=op.f("fk_general_assembly_secretary_member_id_member"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_general_assembly")),
    ]


def _rebuild(*, fraction: bool) -> None:
    """SQLite: general_assembly copied into a new table of the given form, which takes its
    place (the columns of the other form are left behind)."""
    items = _columns(fraction=fraction)
    names = ", ".join(item.name for item in items if isinstance(item, sa.Column))
    op.create_table(_COPY, *items)
    op.execute(f"INSERT INTO {_COPY} ({names}) SELECT {names} FROM general_assembly")
    op.drop_table("general_assembly")
    op.rename_table(_COPY, "general_assembly")


def upgrade() -> None:
    op.add_column("general_assembly", sa.Column("quorum_numerator", sa.Integer(), nullable=True))
    op.add_column("general_assembly", sa.Column("quorum_denominator", sa.Integer(), nullable=True))
    bind = op.get_bind()
    percents = bind.execute(sa.select(_ASSEMBLY.c.quorum_percent).distinct()).scalars().all()
    for percent in percents:  # at most 101 values
        share = Fraction(percent, 100)
        bind.execute(
            _ASSEMBLY.update()
            .where(_ASSEMBLY.c.quorum_percent == percent)
            .values(quorum_numerator=share.numerator, quorum_denominator=share.denominator)
        )
    if bind.dialect.name == "sqlite":
        _rebuild(fraction=True)
        return
    op.drop_constraint(op.f("ck_general_assembly_quorum_percent"), "general_assembly", "check")
    op.drop_column("general_assembly", "quorum_percent")
    for name in ("quorum_numerator", "quorum_denominator"):
        op.alter_column("general_assembly", name, existing_type=sa.Integer(), nullable=False)
    op.create_check_constraint(
        op.f("ck_general_assembly_quorum"), "general_assembly", _QUORUM_CHECK
    )


def downgrade() -> None:
    op.add_column("general_assembly", sa.Column("quorum_percent", sa.Integer(), nullable=True))
    bind = op.get_bind()
    shares = bind.execute(
        sa.select(_ASSEMBLY.c.quorum_numerator, _ASSEMBLY.c.quorum_denominator).distinct()
    ).all()
    for numerator, denominator in shares:
        percent = -(-numerator * 100 // denominator)  # rounded up
        bind.execute(
            _ASSEMBLY.update()
            .where(_ASSEMBLY.c.quorum_numerator == numerator)
            .where(_ASSEMBLY.c.quorum_denominator == denominator)
            .values(quorum_percent=percent)
        )
    if bind.dialect.name == "sqlite":
        _rebuild(fraction=False)
        return
    op.drop_constraint(op.f("ck_general_assembly_quorum"), "general_assembly", "check")
    op.drop_column("general_assembly", "quorum_denominator")
    op.drop_column("general_assembly", "quorum_numerator")
    op.alter_column(
        "general_assembly", "quorum_percent", existing_type=sa.Integer(), nullable=False
    )
    op.create_check_constraint(
        op.f("ck_general_assembly_quorum_percent"), "general_assembly", _PERCENT_CHECK
    )
