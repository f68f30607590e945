"""change counters

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 21:50:00

When two computers (or two windows) share one association, a page must learn that another
one changed what it shows. Each domain of the data (members, dues, books…) gets a counter
in `change_counter(domain, counter)`, bumped by triggers on its tables in the same
transaction as the change, so a counter moves exactly when the change is committed and never
before (storage/changes.py polls it). The table starts empty: a trigger inserts a domain's
row the first time (an upsert), so a recovered file copies the rows without a clash.

SQLite has only row triggers: `AFTER INSERT/UPDATE/DELETE … FOR EACH ROW`, three per table.
PostgreSQL bumps once per statement (`FOR EACH STATEMENT`, one trigger per table calling
`nassij_count_change(domain)`), and also counts the transaction's own bumps in a setting local
to it (`nassij_changes.<domain>`): several computers write at once there, and a window tells
its own writes from the others' by that count. The domain of each table is frozen here (a migration keeps
meaning what it meant when written); `audit_log`, `counter` (numbering), `attachment` and
`blob` (shared by several domains) and the search index are not counted. A later migration
that rebuilds one of these tables drops its triggers with it and must create them again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOMAINS: dict[str, tuple[str, ...]] = {
    "members": ("member", "member_category", "member_status_change"),
    "dues": ("dues_payment",),
    "donations": ("donation", "fundraising_campaign", "campaign_gift", "aid_distribution"),
    "governance": (
        "board_role",
        "board_term",
        "board_seat",
        "general_assembly",
        "agenda_item",
        "assembly_attendance",
        "resolution",
        "authority_declaration",
    ),
    "association": ("association",),
    "settings": ("setting",),
    "users": ("user_account",),
    "books": (
        "account",
        "fiscal_year",
        "journal",
        "treasury_account",
        "analytic_tag",
        "journal_entry",
        "journal_line",
        "budget",
        "budget_amount",
        "bank_statement",
        "bank_statement_line",
        "cleared_line",
    ),
    "funding": (
        "funder",
        "project",
        "funding_request",
        "funding_status_change",
        "funding_budget_line",
        "funding_document",
        "funding_tranche",
        "funding_tranche_report",
        "foreign_funding_declaration",
        "funding_logframe",
        "funding_result",
        "funding_planned_activity",
        "funding_indicator",
    ),
    "activities": (
        "programme",
        "activity",
        "beneficiary_count",
        "volunteer_time",
        "activity_attachment",
    ),
}

_EVENTS = {"ai": "INSERT", "au": "UPDATE", "ad": "DELETE"}
_BUMP = (
    "INSERT INTO change_counter (domain, counter) VALUES ('{domain}', 1) "
    "ON CONFLICT (domain) DO UPDATE SET counter = change_counter.counter + 1"
)
_PG_FUNCTION = (
    "CREATE FUNCTION nassij_count_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "DECLARE tally text := 'nassij_changes.' || TG_ARGV[0]; BEGIN "
    "INSERT INTO change_counter (domain, counter) VALUES (TG_ARGV[0], 1) "
    "ON CONFLICT (domain) DO UPDATE SET counter = change_counter.counter + 1; "
    "PERFORM set_config(tally, "
    "(coalesce(nullif(current_setting(tally, true), ''), '0')::bigint + 1)::text, true); "
    "RETURN NULL; END $$"
)


def sqlite_triggers() -> list[str]:
    """The SQLite triggers, in the order they are created."""
    statements = []
    for domain, tables in DOMAINS.items():
        for table in tables:
            for suffix, event in _EVENTS.items():
                statements.append(
                    f"CREATE TRIGGER change_{table}_{suffix} AFTER {event} ON {table} "
                    f"BEGIN {_BUMP.format(domain=domain)}; END"
                )
    return statements


def upgrade() -> None:
    op.create_table(
        "change_counter",
        sa.Column("domain", sa.String(length=20), nullable=False),
        sa.Column("counter", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("domain", name=op.f("pk_change_counter")),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in sqlite_triggers():
            op.execute(statement)
        return
    op.execute(_PG_FUNCTION)
    for domain, tables in DOMAINS.items():
        for table in tables:
            op.execute(
                f"CREATE TRIGGER change_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION nassij_count_change('{domain}')"
            )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for tables in DOMAINS.values():
        for table in tables:
            if sqlite:
                for suffix in _EVENTS:
                    op.execute(f"DROP TRIGGER IF EXISTS change_{table}_{suffix}")
            else:
                op.execute(f"DROP TRIGGER IF EXISTS change_{table} ON {table}")
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS nassij_count_change()")
    op.drop_table("change_counter")
