"""bank reconciliation

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 13:30:00

Bank statements imported for a bank account (`bank_statement`, `bank_statement_line`, each
line matched to at most one journal line), and the cleared mark of the bank account's journal
lines (`cleared_line`), kept beside the lines: a validated line is sealed and never rewritten.
Only new tables: nothing already in the file changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
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
        "bank_statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("treasury_account_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        *_stamps(),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_bank_statement_dates")),
        sa.ForeignKeyConstraint(
            ["treasury_account_id"],
            ["treasury_account.id"],
            name=op.f("fk_bank_statement_treasury_account_id_treasury_account"),
        ),
        sa.ForeignKeyConstraint(
            ["imported_by_id"],
            ["user_account.id"],
            name=op.f("fk_bank_statement_imported_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_statement")),
    )
    op.create_index(
        op.f("ix_bank_statement_treasury_account_id"), "bank_statement", ["treasury_account_id"]
    )
    op.create_table(
        "bank_statement_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("line_date", sa.Date(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("debit", sa.BigInteger(), nullable=False),
        sa.Column("credit", sa.BigInteger(), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=True),
        sa.Column("journal_line_id", sa.Integer(), nullable=True),
        *_stamps(),
        sa.CheckConstraint(
            "debit >= 0 AND credit >= 0 AND ((debit = 0) <> (credit = 0))",
            name=op.f("ck_bank_statement_line_one_side"),
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["bank_statement.id"],
            name=op.f("fk_bank_statement_line_statement_id_bank_statement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["journal_line_id"],
            ["journal_line.id"],
            name=op.f("fk_bank_statement_line_journal_line_id_journal_line"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_statement_line")),
        sa.UniqueConstraint("journal_line_id", name=op.f("uq_bank_statement_line_journal_line_id")),
        sa.UniqueConstraint(
            "statement_id", "position", name=op.f("uq_bank_statement_line_statement_id_position")
        ),
    )
    op.create_index(
        op.f("ix_bank_statement_line_statement_id"), "bank_statement_line", ["statement_id"]
    )
    op.create_table(
        "cleared_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journal_line_id", sa.Integer(), nullable=False),
        sa.Column("cleared_on", sa.Date(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=True),
        sa.Column("cleared_by_id", sa.Integer(), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["journal_line_id"],
            ["journal_line.id"],
            name=op.f("fk_cleared_line_journal_line_id_journal_line"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["bank_statement.id"],
            name=op.f("fk_cleared_line_statement_id_bank_statement"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["cleared_by_id"],
            ["user_account.id"],
            name=op.f("fk_cleared_line_cleared_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cleared_line")),
        sa.UniqueConstraint("journal_line_id", name=op.f("uq_cleared_line_journal_line_id")),
    )
    op.create_index(op.f("ix_cleared_line_statement_id"), "cleared_line", ["statement_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_cleared_line_statement_id"), table_name="cleared_line")
    op.drop_table("cleared_line")
    op.drop_index(op.f("ix_bank_statement_line_statement_id"), table_name="bank_statement_line")
    op.drop_table("bank_statement_line")
    op.drop_index(op.f("ix_bank_statement_treasury_account_id"), table_name="bank_statement")
    op.drop_table("bank_statement")
