"""tranche reports

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 17:00:00

The reports a funder asks for each tranche (narrative and financial: due on, submitted on;
then validated by whom, on which day; notes), in a table of their own,
`funding_tranche_report`, one row per tranche, rather than seven columns on `funding_tranche`:
the tranche table is left exactly as it is (no rebuild of a table the books' entries and the
SGG declarations point at, which SQLite's ADD COLUMN could not give the CHECKs that keep a
validation after a submission), a tranche's receipt and its reporting stay two records with
their own version and audit trail, and a file at the previous head needs no data written: a
tranche without a row has its reports due by the default rule, none submitted.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "funding_tranche_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tranche_id", sa.Integer(), nullable=False),
        sa.Column("narrative_due_on", sa.Date(), nullable=True),
        sa.Column("financial_due_on", sa.Date(), nullable=True),
        sa.Column("narrative_submitted_on", sa.Date(), nullable=True),
        sa.Column("financial_submitted_on", sa.Date(), nullable=True),
        sa.Column("validated_by", sa.String(length=200), nullable=True),
        sa.Column("validated_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(validated_on IS NULL) = (validated_by IS NULL)",
            name=op.f("ck_funding_tranche_report_validated_by_and_on"),
        ),
        sa.CheckConstraint(
            "validated_on IS NULL OR narrative_submitted_on IS NOT NULL "
            "OR financial_submitted_on IS NOT NULL",
            name=op.f("ck_funding_tranche_report_validated_after_submission"),
        ),
        sa.ForeignKeyConstraint(
            ["tranche_id"],
            ["funding_tranche.id"],
            name=op.f("fk_funding_tranche_report_tranche_id_funding_tranche"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_tranche_report")),
        sa.UniqueConstraint("tranche_id", name=op.f("uq_funding_tranche_report_tranche_id")),
    )


def downgrade() -> None:
    op.drop_table("funding_tranche_report")
