"""Orders in the ledger: bulk upsert by (store_id, order_id), and the import batch record.

The upsert is one raw ``executemany`` (see ENVIRONMENT.md: 5x faster than SQLAlchemy's) whose
``DO UPDATE`` only fires when a stored value differs, so SQLite's change counter counts exactly the
inserted + really-updated rows; inserts are the growth of the store's row count. No per-row SELECT.
All functions run inside the caller's ``ledger.write()`` transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from itertools import islice, repeat
from typing import Any

from sqlalchemy import Connection

from recon_app.storage.db import raw

ORDER_FIELDS = (
    "order_id",
    "ordered_at",
    "amount",
    "status",
    "refunded_amount",
    "pay_method",
    "buyer_name",
)
_COMPARED = ORDER_FIELDS[1:]

UPSERT_SQL = (
    "INSERT INTO orders(store_id, order_id, ordered_at, amount, status, refunded_amount, "
    "pay_method, buyer_name, batch_id, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT(store_id, order_id) DO UPDATE SET "
    + ", ".join(f"{f}=excluded.{f}" for f in (*_COMPARED, "batch_id", "updated_at"))
    + " WHERE "
    + " OR ".join(f"orders.{f} IS NOT excluded.{f}" for f in _COMPARED)
)

#: Rows per executemany call: between calls we report progress and honour cancellation.
CHUNK = 100_000
#: Page cache for the bulk upsert (KiB, negative = size). Order times arrive in random order, so
#: the (store_id, ordered_at) index is written all over; SQLite's default 2 MB cache then spills
#: and re-reads pages for every few rows. 256 MB keeps a million-order index in memory.
BULK_CACHE_KIB = 262_144


def count_orders(conn: Connection, store_id: int) -> int:
    cur = raw(conn).execute("SELECT count(*) FROM orders WHERE store_id = ?", (store_id,))
    return int(cur.fetchone()[0])


def upsert_orders(
    conn: Connection,
    store_id: int,
    batch_id: int,
    columns: Mapping[str, Sequence[Any]],
    now: int,
    on_chunk: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Upsert orders given as parallel columns (``ORDER_FIELDS``; refunded_amount None = no value).

    Returns (inserted, updated); rows whose stored values are all equal are left untouched
    (their batch_id and updated_at keep pointing at the import that last changed them).
    """
    db: sqlite3.Connection = raw(conn)
    total = len(columns["order_id"])
    before_rows = count_orders(conn, store_id)
    before_changes = db.total_changes
    # One lazy zip builds each parameter tuple once (no intermediate row tuples to re-pack).
    params = zip(
        repeat(store_id), *(columns[f] for f in ORDER_FIELDS), repeat(batch_id), repeat(now)
    )
    old_cache = db.execute("PRAGMA cache_size").fetchone()[0]
    if total > CHUNK:
        db.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        for start in range(0, total, CHUNK):
            db.executemany(UPSERT_SQL, islice(params, CHUNK))
            if on_chunk is not None:
                on_chunk(min(start + CHUNK, total))
    finally:
        db.execute(f"PRAGMA cache_size={int(old_cache)}")
    changed = db.total_changes - before_changes
    inserted = count_orders(conn, store_id) - before_rows
    return inserted, changed - inserted


def find_batches(conn: Connection, store_id: int, file_sha256: str) -> list[dict[str, Any]]:
    """Earlier order imports of the same bytes into this store (newest first), report decoded."""
    cur = raw(conn).execute(
        "SELECT id, report_json FROM import_batches WHERE store_id = ? AND kind = 'orders' "
        "AND file_sha256 = ? ORDER BY id DESC",
        (store_id, file_sha256),
    )
    found = []
    for batch_id, text in cur.fetchall():
        try:
            report = json.loads(text)
        except ValueError:
            report = {}
        found.append({"id": int(batch_id), "report": report if isinstance(report, dict) else {}})
    return found


def begin_batch(conn: Connection, store_id: int, file_name: str, file_sha256: str, now: int) -> int:
    """The batch row is written first so that upserted orders can point at it."""
    cur = raw(conn).execute(
        "INSERT INTO import_batches(store_id, kind, file_name, file_sha256, imported_at, rows_read, "
        "records, inserted, updated, unchanged, rows_folded, rows_skipped, report_json) "
        "VALUES (?, 'orders', ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, '{}')",
        (store_id, file_name, file_sha256, now),
    )
    return int(cur.lastrowid or 0)


def finish_batch(
    conn: Connection,
    batch_id: int,
    *,
    rows_read: int,
    records: int,
    inserted: int,
    updated: int,
    unchanged: int,
    rows_folded: int,
    rows_skipped: int,
    report: dict[str, Any],
) -> None:
    raw(conn).execute(
        "UPDATE import_batches SET rows_read=?, records=?, inserted=?, updated=?, unchanged=?, "
        "rows_folded=?, rows_skipped=?, report_json=? WHERE id=?",
        (
            rows_read,
            records,
            inserted,
            updated,
            unchanged,
            rows_folded,
            rows_skipped,
            json.dumps(report, ensure_ascii=False),
            batch_id,
        ),
    )
