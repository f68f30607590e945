"""donations

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 10:00:00

Donations received, each with its numbered receipt and journal entry (core/donations).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "donation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_number", sa.String(length=30), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column(
            "donor_kind",
            sa.Enum(
                "person", "company", "organisation", name="donorkind", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("donor_name", sa.String(length=300), nullable=False),
        sa.Column("donor_identity", sa.String(length=30), nullable=True),
        sa.Column("donor_address", sa.String(length=400), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "cash",
                "cheque",
                "transfer",
                "card",
                "mobile",
                name="paymentmethod",
                native_enum=False,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("payment_reference", sa.String(length=60), nullable=True),
        sa.Column("in_kind", sa.Boolean(), nullable=False),
        sa.Column("in_kind_description", sa.Text(), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column("journal_entry_id", sa.Integer(), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("cancel_entry_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_donation_positive_amount")),
        sa.CheckConstraint(
            "(in_kind AND in_kind_description IS NOT NULL) OR (NOT in_kind AND method IS NOT NULL)",
            name=op.f("ck_donation_method_or_kind"),
        ),
        sa.CheckConstraint(
            "NOT cancelled OR cancel_reason IS NOT NULL", name=op.f("ck_donation_cancel_reason")
        ),
        sa.ForeignKeyConstraint(
            ["cancel_entry_id"],
            ["journal_entry.id"],
            name=op.f("fk_donation_cancel_entry_id_journal_entry"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["journal_entry_id"],
            ["journal_entry.id"],
            name=op.f("fk_donation_journal_entry_id_journal_entry"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_donation_member_id_member"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_donation")),
        sa.UniqueConstraint("receipt_number", name=op.f("uq_donation_receipt_number")),
    )
    with op.batch_alter_table("donation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_donation_member_id"), ["member_id"], unique=False)
        batch_op.create_index("ix_donation_received_on", ["received_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("donation", schema=None) as batch_op:
        batch_op.drop_index("ix_donation_received_on")
        batch_op.drop_index(batch_op.f("ix_donation_member_id"))

    op.drop_table("donation")
