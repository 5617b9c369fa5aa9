"""Reconcile stage: a month of N orders from the cached ledger, its floor, and the exactness check.

* ``app``   — ``reconcile_month(ledger, "2026-10")``: load, join, statuses, fees, summary.
* ``floor`` — the bare pandas version of the same job on the same ledger: one raw ``sqlite3``
  SELECT of the month's orders and one of the store's payments into DataFrames, a ``merge`` on
  order id / merchant_uid, and the fee formula vectorised per (pg, method) rule — no statuses,
  no reasons, no orphan grouping, no summary. ``merge_fee_seconds`` is its in-memory part only.
* ``verify`` — the app's rows against ``bench/reference.py`` (plain per-row rules, Decimal fees)
  on every row: statuses, amounts, fees, VAT, settlement, difference must be equal.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import numpy as np

from bench.common import reset_peak, timed
from bench.generate import END, MONTH, START, make_dataset
from bench.ledger import STORE, ensure_ledger


def _schedule(ledger: Any) -> Any:
    from recon_app.services import fee_rules

    return fee_rules.load_fee_schedule(ledger)


def app(n: int) -> dict[str, Any]:
    from recon_app.services import reconciling as svc
    from recon_app.storage.db import open_ledger

    path = ensure_ledger(n)
    ledger = open_ledger(path)
    fees = _schedule(ledger)
    out: dict[str, Any] = {}
    try:
        reset_peak()
        with timed(out):
            result = svc.reconcile_month(ledger, MONTH, STORE, fees=fees)
    finally:
        ledger.close()
    if len(result.rows) < n:
        raise RuntimeError(f"reconcile gave {len(result.rows)} rows for {n} orders")
    out["extra"] = {k: round(v, 3) for k, v in getattr(result, "timings", {}).items()}
    return out


def floor(n: int) -> dict[str, Any]:
    import pandas as pd

    from recon_app.storage.db import open_ledger

    path = ensure_ledger(n)
    ledger = open_ledger(path)
    schedule = _schedule(ledger)
    ledger.close()
    # (pg, method) -> rule, as a small frame to merge on: the rule lookup is data, not per row
    combos = make_dataset(min(n, 10_000)).payments[["pg_provider", "pay_method"]].drop_duplicates()
    table = []
    for pg, method in combos.itertuples(index=False):
        r = schedule.rule_for(pg, method)
        num, den = r.rate.as_integer_ratio()
        vnum, vden = (schedule.vat_rate if r.vat_rate is None else r.vat_rate).as_integer_ratio()
        table.append((pg, method, num, den, r.min, r.flat, vnum, vden))
    rules = pd.DataFrame(
        table, columns=["pg_provider", "pay_method", "num", "den", "min", "flat", "vnum", "vden"]
    )
    out: dict[str, Any] = {}
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        reset_peak()
        with timed(out):
            sid = con.execute("SELECT id FROM stores WHERE name = ?", (STORE,)).fetchone()[0]
            orders = pd.DataFrame(
                con.execute(
                    "SELECT order_id, amount, status, refunded_amount FROM orders "
                    "WHERE store_id = ? AND ordered_at >= ? AND ordered_at < ?",
                    (sid, START, END),
                ).fetchall(),
                columns=["order_id", "order_amount", "order_status", "refunded"],
            )
            pays = pd.DataFrame(
                con.execute(
                    "SELECT merchant_uid, pg_provider, pay_method, amount, cancel_amount, status, "
                    "paid_at FROM payments WHERE store_id = ?",
                    (sid,),
                ).fetchall(),
                columns=[
                    "merchant_uid",
                    "pg_provider",
                    "pay_method",
                    "amount",
                    "cancel_amount",
                    "status",
                    "paid_at",
                ],
            )
            with timed(out, "merge_fee_seconds"):
                merged = orders.merge(pays, left_on="order_id", right_on="merchant_uid", how="left")
                merged = merged.merge(rules, on=["pg_provider", "pay_method"], how="left")
                kept = (merged["amount"].fillna(0) - merged["cancel_amount"].fillna(0)).to_numpy(
                    np.int64
                )
                num = merged["num"].fillna(0).to_numpy(np.int64)
                den = merged["den"].fillna(1).to_numpy(np.int64)
                by_rate = (kept * num * 2 + den) // (den * 2)
                fee = np.maximum(
                    by_rate, np.where(kept > 0, merged["min"].fillna(0).to_numpy(np.int64), 0)
                )
                fee = fee + merged["flat"].fillna(0).to_numpy(np.int64)
                vnum = merged["vnum"].fillna(0).to_numpy(np.int64)
                vden = merged["vden"].fillna(1).to_numpy(np.int64)
                vat = (fee * vnum * 2 + vden) // (vden * 2)
                merged["fee"], merged["fee_vat"], merged["settlement"] = fee, vat, kept - fee - vat
    finally:
        con.close()
    return out


def verify(n: int) -> dict[str, Any]:
    from bench.reference import compare, reconcile_rows
    from recon_app.services import reconciling as svc
    from recon_app.storage.db import open_ledger

    path = ensure_ledger(n)
    ledger = open_ledger(path)
    fees = _schedule(ledger)
    try:
        result = svc.reconcile_month(ledger, MONTH, STORE, fees=fees)
    finally:
        ledger.close()
    out: dict[str, Any] = {}
    with timed(out, "reference_seconds"):
        reference = reconcile_rows(path, STORE, START, END, fees)
    bad, examples = compare(result.rows, reference)
    # The generator knows which status each order was made for: a second, independent check.
    ds = make_dataset(n)
    from bench.generate import EXPECTED

    expected = dict(
        zip(ds.orders["order_id"].tolist(), (EXPECTED[k] for k in ds.orders["kind"].tolist()))
    )
    got = dict(zip(result.rows["row_key"].tolist(), result.rows["status"].tolist()))
    off_intent = sum(1 for k, v in expected.items() if got.get(k) != v)
    counts = result.rows["status"].value_counts().to_dict()
    return {
        "seconds": out["reference_seconds"],
        "rows": len(result.rows),
        "mismatches": bad,
        "examples": examples,
        "not_as_generated": off_intent,
        "status_counts": {str(k): int(v) for k, v in counts.items()},
        "fee_total": int(result.rows["fee"].sum()),
    }


def measure(mode: str, n: int, quick: bool) -> dict[str, Any]:
    if mode == "app":
        return app(n)
    if mode == "floor":
        return floor(n)
    if mode == "verify":
        return verify(n)
    raise ValueError(f"unknown mode {mode}")
