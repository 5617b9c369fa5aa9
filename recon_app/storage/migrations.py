"""Schema versions and the ordered steps between them.

A step is frozen once released: never edit one, add the next. ``upgrade`` runs every missing step
in one transaction (SQLite DDL is transactional), after copying the file to a backup beside it, so
a failed or killed migration leaves the original file as it was and a copy besides.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from recon_app.domain.errors import LedgerError

Step = Callable[[sqlite3.Connection], None]

_V1_DDL = """
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
"""


def _v1(conn: sqlite3.Connection) -> None:
    """The first schema: stores, orders, payments + cancels, batches, syncs, fees, recon runs."""
    for statement in _V1_DDL.split(";"):
        if statement.strip():
            conn.execute(statement)


#: version -> step that brings version-1 to version. Append only.
STEPS: dict[int, Step] = {1: _v1}
CURRENT_VERSION = max(STEPS)

_SQLITE_MAGIC = b"SQLite format 3\x00"


def check_file(path: Path) -> None:
    """Refuse a file that is not a SQLite database before anything opens it for writing."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != _SQLITE_MAGIC:
        raise LedgerError(
            f"원장 파일 '{path}'이(가) SQLite 데이터베이스가 아니거나 손상되었습니다.",
            hint="파일을 건드리지 않았습니다. 백업본(.bak)이 있으면 그것을 --db 로 지정하거나, "
            "다른 경로를 지정해 새 원장을 만드세요.",
        )


def read_version(conn: sqlite3.Connection, path: Path) -> int:
    """0 for an empty file; the stored version otherwise. Damage raises LedgerError."""
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return 0
        if "meta" not in tables:
            raise LedgerError(
                f"'{path}'은(는) Recon 원장이 아닌 다른 SQLite 데이터베이스입니다.",
                hint="파일을 건드리지 않았습니다. 다른 경로를 --db 로 지정하세요.",
            )
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        ok = conn.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise LedgerError(
            f"원장 파일 '{path}'을(를) 읽을 수 없습니다: {exc}",
            hint="파일을 건드리지 않았습니다. 백업본(.bak)을 쓰거나 새 경로를 지정하세요.",
        ) from None
    if ok is None or ok[0] != "ok":
        raise LedgerError(
            f"원장 파일 '{path}'이(가) 손상되었습니다 (무결성 검사: {ok[0] if ok else '?'}).",
            hint="파일을 건드리지 않았습니다. 백업본(.bak)을 --db 로 지정하세요.",
        )
    if row is None:
        raise LedgerError(f"원장 파일 '{path}'에 스키마 버전이 없습니다.")
    return int(row[0])


def backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    """Consistent copy via SQLite's online backup API (safe with WAL and other readers)."""
    target = path.with_name(f"{path.name}.v{version}.bak")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.v{version}.{n}.bak")
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


def upgrade(path: Path) -> int:
    """Bring the ledger at ``path`` to CURRENT_VERSION; return the version it had before."""
    check_file(path)
    existed = path.exists() and path.stat().st_size > 0
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        version = read_version(conn, path)
        if version > CURRENT_VERSION:
            raise LedgerError(
                f"원장 '{path}'은(는) 더 새로운 Recon(스키마 {version})으로 만들어졌습니다 "
                f"(이 앱은 {CURRENT_VERSION}까지 압니다).",
                hint="Recon을 최신 버전으로 업데이트하세요. 파일은 바뀌지 않았습니다.",
            )
        if version == CURRENT_VERSION:
            return version
        if existed and version > 0:
            backup(conn, path, version)
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process (a second app window, a CLI run)
            # may have created or upgraded the file while we waited for it.
            version = read_version(conn, path)
            for target in range(version + 1, CURRENT_VERSION + 1):
                STEPS[target](conn)
            conn.execute(
                "INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (str(CURRENT_VERSION),),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return version
    finally:
        conn.close()
