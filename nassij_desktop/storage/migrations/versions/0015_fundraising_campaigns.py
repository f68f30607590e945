"""fundraising campaigns

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 19:15:00

Fundraising campaigns under law 18-18 (`fundraising_campaign`: authorisation, period, bank
account, amounts collected and used, remainder's destination, report filed), the gifts
collected under one (`campaign_gift`, a link: the `donation` table is left as it is), and the
declarations made before handing out aid in kind (`aid_distribution`, beneficiaries counted,
not named). Only new tables: nothing already in the file changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
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
        "fundraising_campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("authorisation_number", sa.String(length=60), nullable=False),
        sa.Column("authorised_on", sa.Date(), nullable=False),
        sa.Column(
            "authority",
            sa.Enum(
                "governor",
                "wali",
                "sgg",
                "foreign_affairs",
                name="campaignauthority",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("purpose_ar", sa.Text(), nullable=True),
        sa.Column("purpose_fr", sa.Text(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("treasury_account_id", sa.Integer(), nullable=True),
        sa.Column("bank_account", sa.String(length=120), nullable=True),
        sa.Column(
            "status",
            sa.Enum("open", "closed", name="campaignstatus", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("cash_collected", sa.BigInteger(), nullable=True),
        sa.Column("in_kind_collected", sa.BigInteger(), nullable=True),
        sa.Column("amount_used", sa.BigInteger(), nullable=True),
        sa.Column("uses_ar", sa.Text(), nullable=True),
        sa.Column("uses_fr", sa.Text(), nullable=True),
        sa.Column("remainder_destination_ar", sa.Text(), nullable=True),
        sa.Column("remainder_destination_fr", sa.Text(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("forced_close_reason", sa.Text(), nullable=True),
        sa.Column("report_filed_on", sa.Date(), nullable=True),
        *_stamps(),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_fundraising_campaign_period")),
        sa.CheckConstraint(
            "(status = 'open') = (closed_on IS NULL)",
            name=op.f("ck_fundraising_campaign_closed_on_when_closed"),
        ),
        sa.ForeignKeyConstraint(
            ["treasury_account_id"],
            ["treasury_account.id"],
            name=op.f("fk_fundraising_campaign_treasury_account_id_treasury_account"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fundraising_campaign")),
    )
    op.create_index(
        op.f("ix_fundraising_campaign_treasury_account_id"),
        "fundraising_campaign",
        ["treasury_account_id"],
    )
    op.create_index("ix_fundraising_campaign_ends_on", "fundraising_campaign", ["ends_on"])
    op.create_table(
        "campaign_gift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("donation_id", sa.Integer(), nullable=False),
        *_stamps(),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["fundraising_campaign.id"],
            name=op.f("fk_campaign_gift_campaign_id_fundraising_campaign"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["donation_id"],
            ["donation.id"],
            name=op.f("fk_campaign_gift_donation_id_donation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_gift")),
        sa.UniqueConstraint("donation_id", name=op.f("uq_campaign_gift_donation_id")),
    )
    op.create_index(op.f("ix_campaign_gift_campaign_id"), "campaign_gift", ["campaign_id"])
    op.create_table(
        "aid_distribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("declared_on", sa.Date(), nullable=False),
        sa.Column("distribution_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("nature", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.String(length=120), nullable=False),
        sa.Column("beneficiaries", sa.Integer(), nullable=False),
        sa.Column("declared_to", sa.String(length=200), nullable=True),
        sa.Column("reference", sa.String(length=60), nullable=True),
        *_stamps(),
        sa.CheckConstraint("beneficiaries > 0", name=op.f("ck_aid_distribution_beneficiaries")),
        sa.CheckConstraint(
            "distribution_on >= declared_on", name=op.f("ck_aid_distribution_declared_before")
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["fundraising_campaign.id"],
            name=op.f("fk_aid_distribution_campaign_id_fundraising_campaign"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aid_distribution")),
    )
    op.create_index(op.f("ix_aid_distribution_campaign_id"), "aid_distribution", ["campaign_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_aid_distribution_campaign_id"), table_name="aid_distribution")
    op.drop_table("aid_distribution")
    op.drop_index(op.f("ix_campaign_gift_campaign_id"), table_name="campaign_gift")
    op.drop_table("campaign_gift")
    op.drop_index("ix_fundraising_campaign_ends_on", table_name="fundraising_campaign")
    op.drop_index(
        op.f("ix_fundraising_campaign_treasury_account_id"), table_name="fundraising_campaign"
    )
    op.drop_table("fundraising_campaign")
