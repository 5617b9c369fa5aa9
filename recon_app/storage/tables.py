"""The current schema, as SQLAlchemy Core tables (what queries are written against).

The DDL that *creates* these tables lives in ``storage/alembic/versions`` as ordered, frozen Alembic
revisions, so that a later release can open today's files; ``tests/storage/test_migrations.py``
checks that migrating an empty file yields exactly this schema.

Conventions: money is INTEGER won; rates are TEXT holding a decimal (SQLite has no decimal type
and SQLAlchemy's Numeric would pass through float); times are INTEGER unix seconds (UTC), 0 or
NULL meaning "not set" as in the PortOne API.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

#: Payment APIs a store syncs from (``stores.provider``, ``payments.provider``).
PROVIDERS = ("portone-v1", "portone-v2", "toss")
DEFAULT_PROVIDER = "portone-v1"

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

stores = Table(
    "stores",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("api_base", Text),
    Column("created_at", Integer, nullable=False),
    # Payments are complete up to this unix second (set by a successful sync).
    Column("synced_until", Integer),
    Column("last_synced_at", Integer),
    Column("provider", Text, nullable=False, server_default=DEFAULT_PROVIDER),
    # How the shop's order id is read from a V2/Toss payment: NULL (= 'id'), 'custom:KEY' or
    # 'regex:PATTERN' (adapters/portone_v2/mapping.py); remembered from `sync --order-id-from`.
    Column("order_id_from", Text),
)

import_batches = Table(
    "import_batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", Integer, ForeignKey("stores.id"), nullable=False),
    Column("kind", Text, nullable=False),  # 'orders' | 'payments'
    Column("file_name", Text, nullable=False),
    Column("file_sha256", Text, nullable=False),
    Column("imported_at", Integer, nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("records", Integer, nullable=False),
    Column("inserted", Integer, nullable=False),
    Column("updated", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
    Column("rows_folded", Integer, nullable=False),
    Column("rows_skipped", Integer, nullable=False),
    Column("report_json", Text, nullable=False),
)

orders = Table(
    "orders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", Integer, ForeignKey("stores.id"), nullable=False),
    Column("order_id", Text, nullable=False),
    Column("ordered_at", Integer, nullable=False),
    Column("amount", Integer, nullable=False),
    # 'paid' | 'awaiting_payment' | 'cancelled' | 'partially_refunded'
    Column("status", Text, nullable=False),
    Column("refunded_amount", Integer),  # NULL: the export had no refund value
    Column("pay_method", Text),
    Column("buyer_name", Text),
    Column("batch_id", Integer, ForeignKey("import_batches.id")),
    Column("updated_at", Integer, nullable=False),
    UniqueConstraint("store_id", "order_id", name="uq_orders_store_order"),
)
Index("ix_orders_store_date", orders.c.store_id, orders.c.ordered_at)

payments = Table(
    "payments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", Integer, ForeignKey("stores.id"), nullable=False),
    Column("imp_uid", Text, nullable=False),
    Column("merchant_uid", Text, nullable=False),
    Column("status", Text, nullable=False),  # ready | paid | cancelled | failed
    Column("pay_method", Text),
    Column("pg_provider", Text),
    Column("emb_pg_provider", Text),
    Column("pg_tid", Text),
    Column("channel", Text),
    Column("currency", Text, nullable=False),
    Column("amount", Integer, nullable=False),
    Column("cancel_amount", Integer, nullable=False),
    Column("name", Text),
    Column("buyer_name", Text),
    Column("buyer_email", Text),
    Column("buyer_tel", Text),
    Column("card_name", Text),
    Column("card_number", Text),  # only ever the masked form the API returns
    Column("card_quota", Integer),
    Column("apply_num", Text),
    Column("vbank_name", Text),
    Column("vbank_num", Text),
    Column("vbank_date", Integer),
    Column("started_at", Integer, nullable=False),
    Column("paid_at", Integer, nullable=False),
    Column("failed_at", Integer, nullable=False),
    Column("cancelled_at", Integer, nullable=False),
    Column("fail_reason", Text),
    Column("cancel_reason", Text),
    Column("receipt_url", Text),
    Column("sandbox", Boolean, nullable=False),
    Column("synced_at", Integer, nullable=False),
    # The PortOne generation (or PSP) the payment belongs to; a V1 payment listed by the V2 API
    # stays 'portone-v1', so V1 and V2 syncs of one store agree row for row.
    Column("provider", Text, nullable=False, server_default=DEFAULT_PROVIDER),
    # Why the payment is kept out of the month's figures (another currency, a test channel);
    # NULL: it counts. Set by the V2 mapping (adapters/portone_v2/mapping.py).
    Column("set_aside", Text),
    UniqueConstraint("store_id", "imp_uid", name="uq_payments_store_imp"),
)
Index("ix_payments_store_merchant", payments.c.store_id, payments.c.merchant_uid)
Index("ix_payments_store_paid", payments.c.store_id, payments.c.paid_at)

payment_cancels = Table(
    "payment_cancels",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", Integer, ForeignKey("stores.id"), nullable=False),
    Column("imp_uid", Text, nullable=False),
    Column("seq", Integer, nullable=False),  # position in the API's cancel_history
    Column("pg_tid", Text),
    Column("amount", Integer, nullable=False),
    Column("cancelled_at", Integer, nullable=False),
    Column("reason", Text),
    Column("cancellation_id", Text),
    Column("receipt_url", Text),
    UniqueConstraint("store_id", "imp_uid", "seq", name="uq_cancels_store_imp_seq"),
)

sync_runs = Table(
    "sync_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", Integer, ForeignKey("stores.id"), nullable=False),
    Column("started_at", Integer, nullable=False),
    Column("finished_at", Integer),
    Column("range_from", Integer, nullable=False),
    Column("range_to", Integer, nullable=False),
    Column("outcome", Text, nullable=False),  # running | ok | failed | cancelled
    Column("windows_total", Integer, nullable=False, default=0),
    Column("windows_done", Integer, nullable=False, default=0),
    Column("pages", Integer, nullable=False, default=0),
    Column("payments_seen", Integer, nullable=False, default=0),
    Column("payments_inserted", Integer, nullable=False, default=0),
    Column("payments_updated", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("resume_state", Text),  # JSON: windows still to fetch, for resuming a dead run
)

fee_settings = Table(
    "fee_settings",
    metadata,
    Column("id", Integer, primary_key=True),  # one row, id = 1
    Column("vat_rate", Text, nullable=False),
    Column("rounding", Text, nullable=False),
    Column("updated_at", Integer, nullable=False),
)

fee_rules = Table(
    "fee_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("pg", Text),
    Column("method", Text),
    Column("rate", Text, nullable=False),
    Column("min", Integer, nullable=False),
    Column("flat", Integer, nullable=False),
    Column("vat_rate", Text),
    Column("rounding", Text),
)

recon_runs = Table(
    "recon_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", Integer, ForeignKey("stores.id"), nullable=False),
    Column("month", Text, nullable=False),
    Column("started_at", Integer, nullable=False),
    Column("finished_at", Integer, nullable=False),
    Column("fee_source", Text, nullable=False),
    Column("row_count", Integer, nullable=False),
    Column("exception_count", Integer, nullable=False),
    Column("summary_json", Text, nullable=False),
)

resolutions = Table(
    "resolutions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", Integer, ForeignKey("stores.id"), nullable=False),
    Column("row_key", Text, nullable=False),  # order_id, or imp_uid for an orphan payment
    Column("status", Text, nullable=False),  # the reconciliation status that was resolved
    Column("note", Text, nullable=False),
    Column("resolved_by", Text, nullable=False),
    Column("resolved_at", Integer, nullable=False),
    Column("undone_at", Integer),
)
Index("ix_resolutions_store_key", resolutions.c.store_id, resolutions.c.row_key)

# -- bank statements and payouts (revision 0003, issue 13) ----------------------------------------
bank_accounts = Table(
    "bank_accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", Integer, ForeignKey("stores.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("bank", Text),
    Column("number_masked", Text),  # only ever the masked form (***-***-**9012)
    Column("created_at", Integer, nullable=False),
    UniqueConstraint("store_id", "name", name="uq_bank_accounts_store_name"),
)

bank_transactions = Table(
    "bank_transactions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("bank_accounts.id"), nullable=False),
    Column("occurred_at", Integer, nullable=False),  # unix seconds of the KST wall time
    Column("deposit", Integer, nullable=False),
    Column("withdrawal", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("balance", Integer),
    # time|deposit|withdrawal|text|balance|occurrence: the same line in an overlapping statement
    Column("dedup_key", Text, nullable=False),
    Column("batch_id", Integer, ForeignKey("import_batches.id")),
    UniqueConstraint("account_id", "dedup_key", name="uq_bank_tx_account_key"),
)
Index("ix_bank_tx_account_time", bank_transactions.c.account_id, bank_transactions.c.occurred_at)

pg_senders = Table(
    "pg_senders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", Integer, ForeignKey("stores.id"), nullable=False),
    Column("pg", Text, nullable=False),
    Column("name", Text, nullable=False),
    UniqueConstraint("store_id", "pg", "name", name="uq_pg_senders_store_pg_name"),
)

payout_rules = Table(
    "payout_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("pg", Text),
    Column("method", Text),
    Column("days", Integer, nullable=False),
    Column("weekday", Integer),  # 0 = Monday; NULL = daily
)

payout_closed_days = Table(
    "payout_closed_days",
    metadata,
    Column("day", Text, primary_key=True),  # YYYY-MM-DD
)
# -- the accountant's month (revision 0004): append-only, enforced by triggers ---------------------
month_closes = Table(
    "month_closes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", Integer, ForeignKey("stores.id"), nullable=False),
    Column("month", Text, nullable=False),
    Column("closed_at", Integer, nullable=False),
    Column("closed_by", Text, nullable=False),  # display name (--by), else the OS user
    Column("os_user", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("accepted_note", Text),  # why open exceptions were accepted (NULL: there were none)
    Column("accepted_json", Text, nullable=False),  # the accepted exception rows' keys
    Column("fingerprint", Text, nullable=False),  # sha256 of the month's orders, payments, rules
    Column("rules_json", Text, nullable=False),  # {"fees": TOML text, "payouts": ... or null}
    Column("summary_json", Text, nullable=False),
    Column("rows_blob", LargeBinary, nullable=False),  # zlib(JSON of rows + fee lines)
)
Index("ix_month_closes_store_month", month_closes.c.store_id, month_closes.c.month)

month_reopens = Table(
    "month_reopens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("close_id", Integer, ForeignKey("month_closes.id"), nullable=False, unique=True),
    Column("reopened_at", Integer, nullable=False),
    Column("reopened_by", Text, nullable=False),
    Column("reason", Text, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", Integer, nullable=False),
    Column("user", Text, nullable=False),
    Column("action", Text, nullable=False),  # close | reopen | resolve | undo | fee_rules | …
    Column("store", Text),
    Column("month", Text),
    Column("detail", Text, nullable=False),  # JSON
)
Index("ix_audit_log_month", audit_log.c.month)
