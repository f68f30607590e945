"""logical framework of a funding request

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 17:00:00

The logical framework of a funding request: its head (`funding_logframe`: objective, target
beneficiaries counted and described, one per request), the expected results in their order
(`funding_result`), each with its activities and their planned period
(`funding_planned_activity`) and its indicators with baseline, target and value achieved
(`funding_indicator`, exact decimals kept as text). Only new tables: nothing already in the
file changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stamps() -> list[sa.Column[object]]:
    return [
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "funding_logframe",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("objective", sa.Text(), nullable=False),
        sa.Column("beneficiaries_count", sa.Integer(), nullable=True),
        sa.Column("beneficiaries", sa.Text(), nullable=True),
        *_stamps(),
        sa.CheckConstraint(
            "beneficiaries_count IS NULL OR beneficiaries_count >= 0",
            name=op.f("ck_funding_logframe_beneficiaries_count"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["funding_request.id"],
            name=op.f("fk_funding_logframe_request_id_funding_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_logframe")),
        sa.UniqueConstraint("request_id", name=op.f("uq_funding_logframe_request_id")),
    )
    op.create_table(
        "funding_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("logframe_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=500), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["logframe_id"],
            ["funding_logframe.id"],
            name=op.f("fk_funding_result_logframe_id_funding_logframe"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_result")),
    )
    op.create_index(op.f("ix_funding_result_logframe_id"), "funding_result", ["logframe_id"])
    op.create_table(
        "funding_planned_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        *_stamps(),
        sa.CheckConstraint(
            "starts_on IS NULL OR ends_on IS NULL OR ends_on >= starts_on",
            name=op.f("ck_funding_planned_activity_period"),
        ),
        sa.ForeignKeyConstraint(
            ["result_id"],
            ["funding_result.id"],
            name=op.f("fk_funding_planned_activity_result_id_funding_result"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_planned_activity")),
    )
    op.create_index(
        op.f("ix_funding_planned_activity_result_id"), "funding_planned_activity", ["result_id"]
    )
    op.create_table(
        "funding_indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.Column("unit", sa.String(length=60), nullable=True),
        sa.Column("baseline", sa.String(length=40), nullable=True),
        sa.Column("target", sa.String(length=40), nullable=True),
        sa.Column("achieved", sa.String(length=40), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["result_id"],
            ["funding_result.id"],
            name=op.f("fk_funding_indicator_result_id_funding_result"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_indicator")),
    )
    op.create_index(op.f("ix_funding_indicator_result_id"), "funding_indicator", ["result_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_funding_indicator_result_id"), table_name="funding_indicator")
    op.drop_table("funding_indicator")
    op.drop_index(
        op.f("ix_funding_planned_activity_result_id"), table_name="funding_planned_activity"
    )
    op.drop_table("funding_planned_activity")
    op.drop_index(op.f("ix_funding_result_logframe_id"), table_name="funding_result")
    op.drop_table("funding_result")
    op.drop_table("funding_logframe")
