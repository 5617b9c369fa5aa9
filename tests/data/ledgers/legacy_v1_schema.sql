-- The schema of a pre-Alembic ledger (hand-written step _v1 of storage/migrations.py,
-- frozen at commit 98b5d82), for tests that upgrade such files in place.
CREATE TABLE fee_rules (
    id INTEGER NOT NULL,
    pg TEXT,
    method TEXT,
    rate TEXT NOT NULL,
    min INTEGER NOT NULL,
    flat INTEGER NOT NULL,
    vat_rate TEXT,
    rounding TEXT,
    PRIMARY KEY (id)
);
CREATE TABLE fee_settings (
    id INTEGER NOT NULL,
    vat_rate TEXT NOT NULL,
    rounding TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE meta (
    "key" TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY ("key")
);
CREATE TABLE stores (
    id INTEGER NOT NULL,
    name TEXT NOT NULL,
    api_base TEXT,
    created_at INTEGER NOT NULL,
    synced_until INTEGER,
    last_synced_at INTEGER,
    PRIMARY KEY (id),
    UNIQUE (name)
);
CREATE TABLE import_batches (
    id INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    rows_read INTEGER NOT NULL,
    records INTEGER NOT NULL,
    inserted INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    rows_folded INTEGER NOT NULL,
    rows_skipped INTEGER NOT NULL,
    report_json TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(store_id) REFERENCES stores (id)
);
CREATE TABLE payment_cancels (
    id INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    imp_uid TEXT NOT NULL,
    seq INTEGER NOT NULL,
    pg_tid TEXT,
    amount INTEGER NOT NULL,
    cancelled_at INTEGER NOT NULL,
    reason TEXT,
    cancellation_id TEXT,
    receipt_url TEXT,
    PRIMARY KEY (id),
    CONSTRAINT uq_cancels_store_imp_seq UNIQUE (store_id, imp_uid, seq),
    FOREIGN KEY(store_id) REFERENCES stores (id)
);
CREATE TABLE payments (
    id INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    imp_uid TEXT NOT NULL,
    merchant_uid TEXT NOT NULL,
    status TEXT NOT NULL,
    pay_method TEXT,
    pg_provider TEXT,
    emb_pg_provider TEXT,
    pg_tid TEXT,
    channel TEXT,
    currency TEXT NOT NULL,
    amount INTEGER NOT NULL,
    cancel_amount INTEGER NOT NULL,
    name TEXT,
    buyer_name TEXT,
    buyer_email TEXT,
    buyer_tel TEXT,
    card_name TEXT,
    card_number TEXT,
    card_quota INTEGER,
    apply_num TEXT,
    vbank_name TEXT,
    vbank_num TEXT,
    vbank_date INTEGER,
    started_at INTEGER NOT NULL,
    paid_at INTEGER NOT NULL,
    failed_at INTEGER NOT NULL,
    cancelled_at INTEGER NOT NULL,
    fail_reason TEXT,
    cancel_reason TEXT,
    receipt_url TEXT,
    sandbox BOOLEAN NOT NULL,
    synced_at INTEGER NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_payments_store_imp UNIQUE (store_id, imp_uid),
    FOREIGN KEY(store_id) REFERENCES stores (id)
);
CREATE INDEX ix_payments_store_merchant ON payments (store_id, merchant_uid);
CREATE INDEX ix_payments_store_paid ON payments (store_id, paid_at);
CREATE TABLE recon_runs (
    id INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    month TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    fee_source TEXT NOT NULL,
    row_count INTEGER NOT NULL,
    exception_count INTEGER NOT NULL,
    summary_json TEXT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(store_id) REFERENCES stores (id)
);
CREATE TABLE resolutions (
    id INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    row_key TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    resolved_by TEXT NOT NULL,
    resolved_at INTEGER NOT NULL,
    undone_at INTEGER,
    PRIMARY KEY (id),
    FOREIGN KEY(store_id) REFERENCES stores (id)
);
CREATE INDEX ix_resolutions_store_key ON resolutions (store_id, row_key);
CREATE TABLE sync_runs (
    id INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    range_from INTEGER NOT NULL,
    range_to INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    windows_total INTEGER NOT NULL,
    windows_done INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    payments_seen INTEGER NOT NULL,
    payments_inserted INTEGER NOT NULL,
    payments_updated INTEGER NOT NULL,
    error TEXT,
    resume_state TEXT,
    PRIMARY KEY (id),
    FOREIGN KEY(store_id) REFERENCES stores (id)
);
CREATE TABLE orders (
    id INTEGER NOT NULL,
    store_id INTEGER NOT NULL,
    order_id TEXT NOT NULL,
    ordered_at INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    status TEXT NOT NULL,
    refunded_amount INTEGER,
    pay_method TEXT,
    buyer_name TEXT,
    batch_id INTEGER,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_orders_store_order UNIQUE (store_id, order_id),
    FOREIGN KEY(store_id) REFERENCES stores (id),
    FOREIGN KEY(batch_id) REFERENCES import_batches (id)
);
CREATE INDEX ix_orders_store_date ON orders (store_id, ordered_at);
INSERT INTO meta(key, value) VALUES('schema_version', '1');
