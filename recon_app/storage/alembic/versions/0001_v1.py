"""Schema v1: stores, orders, payments + cancels, batches, syncs, fees, recon runs.

This is the schema the hand-written step ``_v1`` of the pre-Alembic ``migrations.py`` created
(``meta.schema_version = '1'``); such ledgers are stamped at this revision without running it.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True)


def _store() -> sa.Column:
    return sa.Column("store_id", sa.Integer, sa.ForeignKey("stores.id"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "fee_rules",
        _id(),
        sa.Column("pg", sa.Text),
        sa.Column("method", sa.Text),
        sa.Column("rate", sa.Text, nullable=False),
        sa.Column("min", sa.Integer, nullable=False),
        sa.Column("flat", sa.Integer, nullable=False),
        sa.Column("vat_rate", sa.Text),
        sa.Column("rounding", sa.Text),
    )
    op.create_table(
        "fee_settings",
        _id(),
        sa.Column("vat_rate", sa.Text, nullable=False),
        sa.Column("rounding", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Integer, nullable=False),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "stores",
        _id(),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("api_base", sa.Text),
        sa.Column("created_at", sa.Integer, nullable=False),
        sa.Column("synced_until", sa.Integer),
        sa.Column("last_synced_at", sa.Integer),
    )
    op.create_table(
        "import_batches",
        _id(),
        _store(),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("file_sha256", sa.Text, nullable=False),
        sa.Column("imported_at", sa.Integer, nullable=False),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("records", sa.Integer, nullable=False),
        sa.Column("inserted", sa.Integer, nullable=False),
        sa.Column("updated", sa.Integer, nullable=False),
        sa.Column("unchanged", sa.Integer, nullable=False),
        sa.Column("rows_folded", sa.Integer, nullable=False),
        sa.Column("rows_skipped", sa.Integer, nullable=False),
        sa.Column("report_json", sa.Text, nullable=False),
    )
    op.create_table(
        "payment_cancels",
        _id(),
        _store(),
        sa.Column("imp_uid", sa.Text, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("pg_tid", sa.Text),
        sa.Column("amount", sa.Integer, nullable=False),
        sa.Column("cancelled_at", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("cancellation_id", sa.Text),
        sa.Column("receipt_url", sa.Text),
        sa.UniqueConstraint("store_id", "imp_uid", "seq", name="uq_cancels_store_imp_seq"),
    )
    op.create_table(
        "payments",
        _id(),
        _store(),
        sa.Column("imp_uid", sa.Text, nullable=False),
        sa.Column("merchant_uid", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("pay_method", sa.Text),
        sa.Column("pg_provider", sa.Text),
        sa.Column("emb_pg_provider", sa.Text),
        sa.Column("pg_tid", sa.Text),
        sa.Column("channel", sa.Text),
        sa.Column("currency", sa.Text, nullable=False),
        sa.Column("amount", sa.Integer, nullable=False),
        sa.Column("cancel_amount", sa.Integer, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("buyer_name", sa.Text),
        sa.Column("buyer_email", sa.Text),
        sa.Column("buyer_tel", sa.Text),
        sa.Column("card_name", sa.Text),
        sa.Column("card_number", sa.Text),
        sa.Column("card_quota", sa.Integer),
        sa.Column("apply_num", sa.Text),
        sa.Column("vbank_name", sa.Text),
        sa.Column("vbank_num", sa.Text),
        sa.Column("vbank_date", sa.Integer),
        sa.Column("started_at", sa.Integer, nullable=False),
        sa.Column("paid_at", sa.Integer, nullable=False),
        sa.Column("failed_at", sa.Integer, nullable=False),
        sa.Column("cancelled_at", sa.Integer, nullable=False),
        sa.Column("fail_reason", sa.Text),
        sa.Column("cancel_reason", sa.Text),
        sa.Column("receipt_url", sa.Text),
        sa.Column("sandbox", sa.Boolean, nullable=False),
        sa.Column("synced_at", sa.Integer, nullable=False),
        sa.UniqueConstraint("store_id", "imp_uid", name="uq_payments_store_imp"),
    )
    op.create_index("ix_payments_store_merchant", "payments", ["store_id", "merchant_uid"])
    op.create_index("ix_payments_store_paid", "payments", ["store_id", "paid_at"])
    op.create_table(
        "recon_runs",
        _id(),
        _store(),
        sa.Column("month", sa.Text, nullable=False),
        sa.Column("started_at", sa.Integer, nullable=False),
        sa.Column("finished_at", sa.Integer, nullable=False),
        sa.Column("fee_source", sa.Text, nullable=False),
        sa.Column("row_count", sa.Integer, nullable=False),
        sa.Column("exception_count", sa.Integer, nullable=False),
        sa.Column("summary_json", sa.Text, nullable=False),
    )
    op.create_table(
        "resolutions",
        _id(),
        _store(),
        sa.Column("row_key", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("resolved_by", sa.Text, nullable=False),
        sa.Column("resolved_at", sa.Integer, nullable=False),
        sa.Column("undone_at", sa.Integer),
    )
    op.create_index("ix_resolutions_store_key", "resolutions", ["store_id", "row_key"])
    op.create_table(
        "sync_runs",
        _id(),
        _store(),
        sa.Column("started_at", sa.Integer, nullable=False),
        sa.Column("finished_at", sa.Integer),
        sa.Column("range_from", sa.Integer, nullable=False),
        sa.Column("range_to", sa.Integer, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("windows_total", sa.Integer, nullable=False),
        sa.Column("windows_done", sa.Integer, nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("payments_seen", sa.Integer, nullable=False),
        sa.Column("payments_inserted", sa.Integer, nullable=False),
        sa.Column("payments_updated", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("resume_state", sa.Text),
    )
    op.create_table(
        "orders",
        _id(),
        _store(),
        sa.Column("order_id", sa.Text, nullable=False),
        sa.Column("ordered_at", sa.Integer, nullable=False),
        sa.Column("amount", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("refunded_amount", sa.Integer),
        sa.Column("pay_method", sa.Text),
        sa.Column("buyer_name", sa.Text),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("import_batches.id")),
        sa.Column("updated_at", sa.Integer, nullable=False),
        sa.UniqueConstraint("store_id", "order_id", name="uq_orders_store_order"),
    )
    op.create_index("ix_orders_store_date", "orders", ["store_id", "ordered_at"])


def downgrade() -> None:
    raise NotImplementedError("Recon never downgrades a ledger; restore the .bak copy instead.")
