"""Ledger reads and writes for reconciliation: month frames, detail rows, runs, fee rules,
resolutions.

The month load is the hot path (a million orders): it goes through the DBAPI cursor straight
into numpy columns — no ORM objects, no SQLAlchemy row processing, and no Python tuple per row:
per time window SQLite concatenates each column into one text (``group_concat``) that numpy /
``str.split`` take apart in C. Payments are joined to orders inside SQLite (on the
(store_id, merchant_uid) index), handing back the order's integer ``id`` with each payment so
that pandas never joins on text. The orphan query (small) still fetches rows.
"""

from __future__ import annotations

import itertools
import json
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

# Row-by-row fetching (the orphan payments, a few thousand): fetchmany builds each chunk's
# tuples holding the GIL, so chunks stay small for a GUI thread waiting on a worker's reconcile
# (20k rows held it ~70 ms at 1M orders; 300+ ms before chunking).
_CHUNK = 5_000


def _frame(
    cur: sqlite3.Cursor, sql: str, params: dict[str, Any], names: Sequence[str]
) -> pd.DataFrame:
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


# SQL text of each hot-load column: (name, expression, kind). kind: "int" (never NULL),
# "bool", "text" (never NULL) or "text?" (nullable: a second aggregate carries the NULL flags).
_ORDER_COLS = (
    ("id", "id", "int"),
    ("order_id", "order_id", "text"),
    ("ordered_at", "ordered_at", "int"),
    ("amount", "amount", "int"),
    ("status", "status", "text"),
    ("refund_null", "refunded_amount IS NULL", "bool"),
    ("refunded", "COALESCE(refunded_amount, 0)", "int"),
    ("buyer_name", "buyer_name", "text?"),
)
_ORDERS_FROM = """
FROM orders
WHERE store_id = :store AND ordered_at >= :lo AND ordered_at < :hi
"""

_PAYMENT_COLS = (
    ("payment_id", "p.id", "int"),
    ("order_row", "o.id", "int"),
    ("imp_uid", "p.imp_uid", "text"),
    # merchant_uid is the matched order's order_id (the join's condition): taken from there
    ("status", "p.status", "text"),
    ("pay_method", "p.pay_method", "text?"),
    ("pg_provider", "p.pg_provider", "text?"),
    ("amount", "p.amount", "int"),
    ("cancel_amount", "p.cancel_amount", "int"),
    ("paid_at", "p.paid_at", "int"),
    # buyer_name: order rows show the order's buyer; NULL here spares reading it per payment
    ("buyer_name", "NULL", "text?"),
)
# Only won take part in reconciling: an amount of another currency is in its minor unit
# (12.50 USD = 1250) and is listed apart (``non_krw_payments``), never summed with won. A payment
# the sync set aside (``payments.set_aside`` says why: another currency, a PortOne V2 test
# channel) is stored but kept out of the month's figures too; the sync lists them (issue 11).
_COUNTED = "{p}.currency = 'KRW' AND {p}.set_aside IS NULL"
_PAYMENTS_FROM = f"""
FROM orders AS o
JOIN payments AS p ON p.store_id = o.store_id AND p.merchant_uid = o.order_id
WHERE o.store_id = :store AND o.ordered_at >= :lo AND o.ordered_at < :hi
  AND {_COUNTED.format(p="p")}
"""

# The month's payments by paid_at: the orphan candidates, before removing the ones that the
# join already matched to one of the month's orders. Read from the (store_id, paid_at) index
# alone (its entries carry the rowid); the "captured" status test waits for the few candidates.
_CAPTURED_FROM = """
FROM payments
WHERE store_id = :store AND paid_at >= :lo AND paid_at < :hi
"""

# Captured payments whose merchant_uid matches no order in the ledger (any month), for every
# merchant_uid that has such a payment captured in the month: the whole group is needed to
# decide "duplicate" (rule 1) even when a sibling was captured in another month. Only the
# candidates (month-captured payments the join did not match: a month order has the key, so
# those are never orphans) are checked against orders — a few thousand look-ups, not a million —
# and each orphan key's group is read through the merchant_uid index (CROSS JOIN keeps the
# keys outside; the unary + keeps the planner off the paid_at index). ORDER BY gives the
# (paid_at, id) order the paid_at index used to give.
_ORPHANS_SQL = f"""
SELECT p.imp_uid, p.merchant_uid, p.status, p.pay_method, p.pg_provider,
       p.amount, p.cancel_amount, p.paid_at, p.buyer_name
FROM (
    SELECT DISTINCT q.merchant_uid AS uid FROM payments AS q
    WHERE q.id IN (SELECT value FROM json_each(:candidates))
      AND q.status IN ('paid', 'cancelled') AND {_COUNTED.format(p="q")}
      AND NOT EXISTS (
        SELECT 1 FROM orders AS o WHERE o.store_id = q.store_id AND o.order_id = q.merchant_uid
      )
) AS k
CROSS JOIN payments AS p
WHERE p.store_id = :store AND p.merchant_uid = k.uid
  AND +p.paid_at > 0 AND p.status IN ('paid', 'cancelled') AND {_COUNTED.format(p="p")}
ORDER BY p.paid_at, p.id
"""

# The month's captured payments in another currency (few): listed apart, in their currency.
_NON_KRW_SQL = """
SELECT imp_uid, merchant_uid, status, currency, amount, cancel_amount, paid_at
FROM payments
WHERE store_id = :store AND paid_at >= :lo AND paid_at < :hi
  AND status IN ('paid', 'cancelled') AND currency != 'KRW'
ORDER BY paid_at, id
"""

#: Unit separator between text values inside one group_concat; a value holding it is caught by
#: the count check and that window falls back to row-by-row fetching.
_SEP = "\x1f"
#: Time windows per month: each is one SQLite step (GIL released) and a few short C passes
#: (split / parse) of ~60k values at 1M orders, so a GUI thread never waits long.
_WINDOWS = 16


def _windows(start: int, end: int) -> list[tuple[int, int]]:
    edges = np.linspace(start, end, _WINDOWS + 1).astype(np.int64).tolist()
    edges[0], edges[-1] = start, end
    return [(lo, hi) for lo, hi in itertools.pairwise(edges) if hi > lo]


def _aggregate_sql(cols: Sequence[tuple[str, str, str]], from_where: str) -> str:
    parts = ["count(*)"]
    for _name, expr, kind in cols:
        if kind in ("int", "bool"):
            parts.append(f"group_concat({expr})")
        else:
            parts.append(f"group_concat(COALESCE({expr}, ''), char(31))")
            if kind == "text?":
                parts.append(f"group_concat({expr} IS NULL)")
    return "SELECT " + ", ".join(parts) + from_where


def _ints(text: str | None, n: int) -> np.ndarray:
    if not n:
        return np.empty(0, dtype=np.int64)
    arr = np.fromstring(text, dtype=np.int64, sep=",")  # type: ignore[arg-type]
    if len(arr) != n:
        raise _Misaligned
    return arr


class _Misaligned(Exception):
    """A text value held the separator: fetch that window row by row instead."""


def _window_columns(
    cur: sqlite3.Cursor,
    cols: Sequence[tuple[str, str, str]],
    from_where: str,
    params: dict[str, Any],
) -> dict[str, np.ndarray]:
    """One window's columns, each the text of one SQLite aggregate split in C: no Python object
    per integer cell and no tuple per row (the row-by-row fetch was ~70% of the month load)."""
    row = cur.execute(_aggregate_sql(cols, from_where), params).fetchone()
    n = int(row[0])
    values = iter(row[1:])
    out: dict[str, np.ndarray] = {}
    for name, _expr, kind in cols:
        text = next(values)
        if kind == "int":
            out[name] = _ints(text, n)
        elif kind == "bool":
            out[name] = _ints(text, n).astype(bool)
        else:
            strings = text.split(_SEP) if n else []
            if len(strings) != n:
                raise _Misaligned
            arr = np.empty(n, dtype=object)
            arr[:] = strings
            if kind == "text?":
                arr[_ints(next(values), n).astype(bool)] = None
            out[name] = arr
    return out


def _rows_columns(
    cur: sqlite3.Cursor,
    cols: Sequence[tuple[str, str, str]],
    from_where: str,
    params: dict[str, Any],
) -> dict[str, np.ndarray]:
    """The same columns fetched as rows (the exact fallback)."""
    sql = "SELECT " + ", ".join(expr for _n, expr, _k in cols) + from_where
    rows = cur.execute(sql, params).fetchall()
    out: dict[str, np.ndarray] = {}
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in cols]
    for (name, _expr, kind), values in zip(cols, columns, strict=True):
        if kind == "int":
            out[name] = np.fromiter(values, dtype=np.int64, count=len(values))
        elif kind == "bool":
            out[name] = np.fromiter(values, dtype=bool, count=len(values))
        else:
            arr = np.empty(len(values), dtype=object)
            arr[:] = values
            out[name] = arr
    return out


def _columns(
    cur: sqlite3.Cursor,
    cols: Sequence[tuple[str, str, str]],
    from_where: str,
    params: dict[str, Any],
    windows: Sequence[tuple[int, int]],
    shared: Sequence[str] = (),
) -> dict[str, np.ndarray]:
    """Columns of ``SELECT cols from_where`` over consecutive [lo, hi) windows, in the order
    row-by-row fetching of each window in turn would give (one scan feeds every aggregate)."""
    parts: list[dict[str, np.ndarray]] = []
    for lo, hi in windows:
        window_params = {**params, "lo": lo, "hi": hi}
        try:
            parts.append(_window_columns(cur, cols, from_where, window_params))
        except _Misaligned:
            parts.append(_rows_columns(cur, cols, from_where, window_params))
        for name in shared:  # per window: each hash pass stays short for the GUI thread
            parts[-1][name] = _shared(parts[-1][name])
    out = {}
    for name, _expr, kind in cols:
        dtype = np.int64 if kind == "int" else bool if kind == "bool" else object
        arrays = [p[name] for p in parts]
        out[name] = np.concatenate(arrays) if arrays else np.empty(0, dtype=dtype)
    return out


def _not_in(values: np.ndarray, others: np.ndarray) -> np.ndarray:
    """``values`` not in ``others`` (int64, order kept). numpy's sort and binary search release
    the GIL (setdiff1d's concatenate-and-sort held it ~70 ms at a million ids)."""
    if not len(others):
        return values
    ordered = np.sort(others)
    pos = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    return values[ordered[pos] != values]


def _shared(values: np.ndarray) -> np.ndarray:
    """A low-cardinality text column with one str object per distinct value (a million
    separate 'paid' strings cost ~50 MB; NULLs stay None)."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object, copy=False), use_na_sentinel=True)
    table = np.empty(len(uniques) + 1, dtype=object)
    table[: len(uniques)] = np.asarray(uniques, dtype=object)
    table[-1] = None
    return table[codes]


def _to_frame(columns: dict[str, np.ndarray], names: Sequence[str]) -> pd.DataFrame:
    data = {
        name: (
            pd.Series(columns[name], dtype=object, copy=False)
            if columns[name].dtype == object
            else columns[name]
        )
        for name in names
    }
    return pd.DataFrame(data, copy=False)


def load_month(
    conn: Connection, store_id: int, start: int, end: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(orders, payments, orphans) of one store for ordered_at / paid_at in [start, end)."""
    dbapi = raw(conn)
    # A bigger page cache for this read only (the join walks the payments index once per order,
    # in order_id order, so a modest cache holds the working set; 256 MB cost 200+ MB of peak).
    dbapi.execute("PRAGMA cache_size=-32768")  # 32 MB (a cap, not an allocation)
    cur = dbapi.cursor()
    params = {"store": store_id}
    windows = _windows(start, end)
    try:
        order_cols = _columns(cur, _ORDER_COLS, _ORDERS_FROM, params, windows, shared=("status",))
        payment_cols = _columns(
            cur,
            _PAYMENT_COLS,
            _PAYMENTS_FROM,
            params,
            windows,
            shared=("status", "pay_method", "pg_provider"),
        )
        captured = _columns(cur, (("id", "id", "int"),), _CAPTURED_FROM, params, windows)["id"]
        candidates = _not_in(captured, payment_cols["payment_id"])
        orphan_params = {"store": store_id, "candidates": json.dumps(candidates.tolist())}
        orphan_frame = _frame(cur, _ORPHANS_SQL, orphan_params, PAYMENT_COLUMNS)
    finally:
        cur.close()
    by_id = np.argsort(order_cols["id"], kind="stable")
    match = by_id[np.searchsorted(order_cols["id"], payment_cols["order_row"], sorter=by_id)]
    payment_cols["merchant_uid"] = order_cols["order_id"][match]
    order_frame = _to_frame(order_cols, ORDER_COLUMNS)
    payment_frame = _to_frame(payment_cols, ("order_row", *PAYMENT_COLUMNS))
    return order_frame, payment_frame, orphan_frame


def non_krw_payments(conn: Connection, store_id: int, start: int, end: int) -> list[dict[str, Any]]:
    """Captured payments of the month (by paid_at) whose currency is not KRW, amounts in the
    currency's minor unit as stored."""
    cur = raw(conn).execute(_NON_KRW_SQL, {"store": store_id, "lo": start, "hi": end})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


# -- detail view ---------------------------------------------------------------------------------
def order_by_id(conn: Connection, store_id: int, order_id: str) -> dict[str, Any] | None:
    row = (
        conn.execute(
            select(orders).where(orders.c.store_id == store_id, orders.c.order_id == order_id)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def payments_of(conn: Connection, store_id: int, merchant_uid: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(payments)
        .where(payments.c.store_id == store_id, payments.c.merchant_uid == merchant_uid)
        .order_by(payments.c.paid_at, payments.c.imp_uid)
    ).mappings()
    return [dict(r) for r in rows]


def payment_by_imp_uid(conn: Connection, store_id: int, imp_uid: str) -> dict[str, Any] | None:
    row = (
        conn.execute(
            select(payments).where(payments.c.store_id == store_id, payments.c.imp_uid == imp_uid)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def cancel_history(
    conn: Connection, store_id: int, imp_uids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """imp_uid → its cancellations in the order the API listed them."""
    out: dict[str, list[dict[str, Any]]] = {uid: [] for uid in imp_uids}
    if not imp_uids:
        return out
    rows = conn.execute(
        select(payment_cancels)
        .where(
            payment_cancels.c.store_id == store_id, payment_cancels.c.imp_uid.in_(list(imp_uids))
        )
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
    conn.execute(
        insert(fee_settings).values(id=1, vat_rate=vat_rate, rounding=rounding, updated_at=now)
    )
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
            store_id=store_id,
            row_key=row_key,
            status=status,
            note=note,
            resolved_by=who,
            resolved_at=at,
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
    row = (
        conn.execute(select(resolutions).where(resolutions.c.id == resolution_id))
        .mappings()
        .first()
    )
    return dict(row) if row else None


def list_resolutions(
    conn: Connection, store_id: int, *, active_only: bool = False
) -> list[dict[str, Any]]:
    query = select(resolutions).where(resolutions.c.store_id == store_id)
    if active_only:
        query = query.where(resolutions.c.undone_at.is_(None))
    return [dict(r) for r in conn.execute(query.order_by(resolutions.c.id)).mappings()]
