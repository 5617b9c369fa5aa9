"""Bank accounts and their transactions, PG sender names, payout rules (issue 13).

``bank_transactions.dedup_key`` is what makes re-importing an overlapping statement add only the
new lines: time, deposit, withdrawal, text and balance (plus the occurrence number among lines
identical in all of those within one file), unique per account. Account numbers are stored only
masked. ``pg_senders`` holds a store's own deposit names per PG (they replace the built-in names
for that PG); ``payout_rules`` / ``payout_closed_days`` are the saved fee file's [[payout]] tables
and closed_days, next to ``fee_rules``.

Self-contained: creates new tables only (a sibling revision of another branch can be re-chained by
changing ``down_revision``).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("store_id", sa.Integer, sa.ForeignKey("stores.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("bank", sa.Text),
        sa.Column("number_masked", sa.Text),
        sa.Column("created_at", sa.Integer, nullable=False),
        sa.UniqueConstraint("store_id", "name", name="uq_bank_accounts_store_name"),
    )
    op.create_table(
        "bank_transactions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("bank_accounts.id"), nullable=False),
        sa.Column("occurred_at", sa.Integer, nullable=False),
        sa.Column("deposit", sa.Integer, nullable=False),
        sa.Column("withdrawal", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("balance", sa.Integer),
        sa.Column("dedup_key", sa.Text, nullable=False),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("import_batches.id")),
        sa.UniqueConstraint("account_id", "dedup_key", name="uq_bank_tx_account_key"),
    )
    op.create_index("ix_bank_tx_account_time", "bank_transactions", ["account_id", "occurred_at"])
    op.create_table(
        "pg_senders",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("store_id", sa.Integer, sa.ForeignKey("stores.id"), nullable=False),
        sa.Column("pg", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.UniqueConstraint("store_id", "pg", "name", name="uq_pg_senders_store_pg_name"),
    )
    op.create_table(
        "payout_rules",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("pg", sa.Text),
        sa.Column("method", sa.Text),
        sa.Column("days", sa.Integer, nullable=False),
        sa.Column("weekday", sa.Integer),
    )
    op.create_table(
        "payout_closed_days",
        sa.Column("day", sa.Text, primary_key=True),
    )


def downgrade() -> None:
    raise NotImplementedError("Recon never downgrades a ledger; restore the .bak copy instead.")
