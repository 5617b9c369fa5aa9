"""Ledger reads and writes for reconciliation: month frames, detail rows, runs, fee rules,
resolutions.

The month load is the hot path (a million orders): it goes through the DBAPI cursor straight
into numpy columns — no ORM objects, no SQLAlchemy row processing — and joins payments to
orders inside SQLite (on the (store_id, merchant_uid) index), handing back the order's integer
``id`` with each payment so that pandas never joins on text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, delete, insert, select, update

from recon_app.domain.reconcile import ORDER_COLUMNS, PAYMENT_COLUMNS
from recon_app.storage.db import raw
from recon_app.storage.tables import (
    fee_rules,
    fee_settings,
    orders,
    payment_cancels,
    payments,
    recon_runs,
    resolutions,
)

_INT = {"id", "order_row", "ordered_at", "amount", "refunded", "cancel_amount", "paid_at"}

_ORDERS_SQL = """
SELECT id, order_id, ordered_at, amount, status,
       refunded_amount IS NULL, COALESCE(refunded_amount, 0), buyer_name
FROM orders
WHERE store_id = :store AND ordered_at >= :start AND ordered_at < :end
"""

_PAYMENTS_SQL = """
SELECT o.id, p.imp_uid, p.merchant_uid, p.status, p.pay_method, p.pg_provider,
       p.amount, p.cancel_amount, p.paid_at, p.buyer_name
FROM orders AS o
JOIN payments AS p ON p.store_id = o.store_id AND p.merchant_uid = o.order_id
WHERE o.store_id = :store AND o.ordered_at >= :start AND o.ordered_at < :end
"""

# Captured payments whose merchant_uid matches no order in the ledger (any month), for every
# merchant_uid that has such a payment captured in the month: the whole group is needed to
# decide "duplicate" (rule 1) even when a sibling was captured in another month.
_ORPHANS_SQL = """
SELECT p.imp_uid, p.merchant_uid, p.status, p.pay_method, p.pg_provider,
       p.amount, p.cancel_amount, p.paid_at, p.buyer_name
FROM payments AS p
WHERE p.store_id = :store AND p.paid_at > 0 AND p.status IN ('paid', 'cancelled')
  AND p.merchant_uid IN (
    SELECT q.merchant_uid FROM payments AS q
    WHERE q.store_id = :store AND q.paid_at >= :start AND q.paid_at < :end
      AND q.status IN ('paid', 'cancelled')
      AND NOT EXISTS (
        SELECT 1 FROM orders AS o WHERE o.store_id = q.store_id AND o.order_id = q.merchant_uid
      )
  )
"""


# 20k rows: short enough that the GIL-holding zip(*chunk) lets the GUI thread run between
# chunks when a reconcile runs in a worker (measured stalls of 300+ ms at 100k).
_CHUNK = 20_000


def _frame(cur: sqlite3.Cursor, sql: str, params: dict[str, Any], names: Sequence[str]) -> pd.DataFrame:
    """Run ``sql`` and return its columns as int64 / bool / object numpy-backed columns.

    Rows are fetched 100k at a time and turned into numpy columns at once, so the Python tuples
    of only one chunk are alive at a time (a million-row fetchall peaks at ~1 GB of tuples).
    Object columns stay object: pandas 3 would otherwise copy every string into its ``str``
    dtype (~0.1 s per million)."""
    cur.execute(sql, params)
    parts: dict[str, list[np.ndarray]] = {name: [] for name in names}
    while True:
        chunk = cur.fetchmany(_CHUNK)
        if not chunk:
            break
        columns = list(zip(*chunk, strict=True))
        for name, values in zip(names, columns, strict=True):
            if name in _INT:
                arr = np.fromiter(values, dtype=np.int64, count=len(values))
            elif name == "refund_null":
                arr = np.fromiter(values, dtype=bool, count=len(values))
            else:
                arr = np.empty(len(values), dtype=object)
                arr[:] = values
            parts[name].append(arr)
        del chunk, columns
    data: dict[str, Any] = {}
    for name in names:
        dtype = np.int64 if name in _INT else bool if name == "refund_null" else object
        arr = np.concatenate(parts[name]) if parts[name] else np.empty(0, dtype=dtype)
        data[name] = arr if dtype is not object else pd.Series(arr, dtype=object, copy=False)
    return pd.DataFrame(data, copy=False)


def load_month(
    conn: Connection, store_id: int, start: int, end: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(orders, payments, orphans) of one store for ordered_at / paid_at in [start, end)."""
    dbapi = raw(conn)
    # A bigger page cache for this read only: the join walks the payments index once per order.
    dbapi.execute("PRAGMA cache_size=-262144")  # 256 MB (a cap, not an allocation)
    cur = dbapi.cursor()
    params = {"store": store_id, "start": start, "end": end}
    try:
        order_frame = _frame(cur, _ORDERS_SQL, params, ORDER_COLUMNS)
        payment_frame = _frame(cur, _PAYMENTS_SQL, params, ("order_row", *PAYMENT_COLUMNS))
        orphan_frame = _frame(cur, _ORPHANS_SQL, params, PAYMENT_COLUMNS)
    finally:
        cur.close()
    return order_frame, payment_frame, orphan_frame


# -- detail view ---------------------------------------------------------------------------------
def order_by_id(conn: Connection, store_id: int, order_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        select(orders).where(orders.c.store_id == store_id, orders.c.order_id == order_id)
    ).mappings().first()
    return dict(row) if row else None


def payments_of(conn: Connection, store_id: int, merchant_uid: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(payments)
        .where(payments.c.store_id == store_id, payments.c.merchant_uid == merchant_uid)
        .order_by(payments.c.paid_at, payments.c.imp_uid)
    ).mappings()
    return [dict(r) for r in rows]


def payment_by_imp_uid(conn: Connection, store_id: int, imp_uid: str) -> dict[str, Any] | None:
    row = conn.execute(
        select(payments).where(payments.c.store_id == store_id, payments.c.imp_uid == imp_uid)
    ).mappings().first()
    return dict(row) if row else None


def cancel_history(conn: Connection, store_id: int, imp_uids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """imp_uid → its cancellations in the order the API listed them."""
    out: dict[str, list[dict[str, Any]]] = {uid: [] for uid in imp_uids}
    if not imp_uids:
        return out
    rows = conn.execute(
        select(payment_cancels)
        .where(payment_cancels.c.store_id == store_id, payment_cancels.c.imp_uid.in_(list(imp_uids)))
        .order_by(payment_cancels.c.imp_uid, payment_cancels.c.seq)
    ).mappings()
    for r in rows:
        out[r["imp_uid"]].append(dict(r))
    return out


# -- runs ------------------------------------------------------------------------------------------
def record_run(
    conn: Connection,
    *,
    store_id: int,
    month: str,
    started_at: int,
    finished_at: int,
    fee_source: str,
    row_count: int,
    exception_count: int,
    summary_json: str,
) -> int:
    result = conn.execute(
        insert(recon_runs).values(
            store_id=store_id,
            month=month,
            started_at=started_at,
            finished_at=finished_at,
            fee_source=fee_source,
            row_count=row_count,
            exception_count=exception_count,
            summary_json=summary_json,
        )
    )
    return int(result.inserted_primary_key[0])


def list_runs(conn: Connection, store_id: int, month: str | None = None) -> list[dict[str, Any]]:
    query = select(recon_runs).where(recon_runs.c.store_id == store_id)
    if month is not None:
        query = query.where(recon_runs.c.month == month)
    return [dict(r) for r in conn.execute(query.order_by(recon_runs.c.id)).mappings()]


# -- fee rules -----------------------------------------------------------------------------------
def read_fee_rules(conn: Connection) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """(settings row or None, rule rows in saved order)."""
    settings = conn.execute(select(fee_settings).where(fee_settings.c.id == 1)).mappings().first()
    rules = conn.execute(select(fee_rules).order_by(fee_rules.c.id)).mappings().all()
    return (dict(settings) if settings else None), [dict(r) for r in rules]


def replace_fee_rules(
    conn: Connection, *, vat_rate: str, rounding: str, rules: Sequence[dict[str, Any]], now: int
) -> None:
    """Replace the saved schedule as a whole (call inside one write transaction)."""
    conn.execute(delete(fee_rules))
    conn.execute(delete(fee_settings))
    conn.execute(insert(fee_settings).values(id=1, vat_rate=vat_rate, rounding=rounding, updated_at=now))
    if rules:
        conn.execute(insert(fee_rules), list(rules))


def clear_fee_rules(conn: Connection) -> None:
    conn.execute(delete(fee_rules))
    conn.execute(delete(fee_settings))


# -- resolutions ---------------------------------------------------------------------------------
def insert_resolution(
    conn: Connection, *, store_id: int, row_key: str, status: str, note: str, who: str, at: int
) -> int:
    result = conn.execute(
        insert(resolutions).values(
            store_id=store_id, row_key=row_key, status=status, note=note, resolved_by=who, resolved_at=at
        )
    )
    return int(result.inserted_primary_key[0])


def undo_resolution(conn: Connection, resolution_id: int, at: int) -> int:
    """Mark a resolution undone; returns how many rows changed (0: unknown or already undone)."""
    result = conn.execute(
        update(resolutions)
        .where(resolutions.c.id == resolution_id, resolutions.c.undone_at.is_(None))
        .values(undone_at=at)
    )
    return int(result.rowcount)


def resolution_by_id(conn: Connection, resolution_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(resolutions).where(resolutions.c.id == resolution_id)).mappings().first()
    return dict(row) if row else None


def list_resolutions(conn: Connection, store_id: int, *, active_only: bool = False) -> list[dict[str, Any]]:
    query = select(resolutions).where(resolutions.c.store_id == store_id)
    if active_only:
        query = query.where(resolutions.c.undone_at.is_(None))
    return [dict(r) for r in conn.execute(query.order_by(resolutions.c.id)).mappings()]
