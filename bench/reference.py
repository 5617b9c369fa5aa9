"""The reconciliation rules, one row at a time, in plain Python — the yardstick for the fast path.

Written from the rules as stated (recon_app/domain/reconcile.py docstring and fees.py docstring),
deliberately sharing no code with the app: its own SQL, its own grouping, ``Decimal`` for every
rate and rounding. Only the fee *schedule* (the rules as data) is taken from the app's result.

Rules, first that applies wins:
1. duplicate_payment — ≥ 2 captured payments each keep > 0;
2. orphan_payment — a captured payment (paid in the month) whose merchant_uid matches no order;
3. no captured payment — paid/partially_refunded → vbank_unpaid if a ``ready`` vbank payment
   exists else missing_payment; awaiting_payment → pending; cancelled → cancelled_unpaid;
4. unconfirmed_payment — awaiting_payment and the PG kept > 0;
5. matched — difference = 0;  6. refund_missing — difference > 0 and shop refunded > PG cancelled;
7. refund_excess — difference < 0 and PG cancelled > shop refunded;  8. amount_mismatch.
Captured: paid_at > 0 and status paid/cancelled. kept = amount − cancel_amount.
shop refunded = refund cell, or (cancelled: amount, else 0) when empty; shop kept = 0 while
awaiting payment, else amount − shop refunded; difference = Σ PG kept − shop kept.
Fee per captured payment: max(round(kept × rate), min if kept > 0) + flat; VAT = round(fee × vat);
settlement = kept − fee − VAT; the most specific rule (pg+method > method > pg > default) applies.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

HALF = Decimal("0.5")


def _round(value: Decimal, rounding: str) -> int:
    if rounding == "floor":
        return int(value.to_integral_value(rounding=ROUND_FLOOR))
    return int((value + HALF).to_integral_value(rounding=ROUND_FLOOR))  # half up, toward +inf


class Fees:
    def __init__(self, schedule: Any) -> None:
        self.schedule = schedule
        self._cache: dict[tuple[Any, Any], Any] = {}

    def rule(self, pg: str | None, method: str | None) -> Any:
        key = (pg, method)
        if key not in self._cache:
            best, best_score = None, -1
            for r in self.schedule.rules:
                if (r.pg is None or r.pg == pg) and (r.method is None or r.method == method):
                    score = (2 if r.method else 0) + (1 if r.pg else 0)
                    if score > best_score:
                        best, best_score = r, score
            self._cache[key] = best
        return self._cache[key]

    def fee(self, kept: int, pg: str | None, method: str | None) -> tuple[int, int]:
        r = self.rule(pg, method)
        rounding = (r.rounding or self.schedule.rounding).value
        vat_rate = self.schedule.vat_rate if r.vat_rate is None else r.vat_rate
        by_rate = _round(Decimal(kept) * Decimal(r.rate), rounding)
        fee = max(by_rate, r.min if kept > 0 else 0) + r.flat
        return fee, _round(Decimal(fee) * Decimal(vat_rate), rounding)


def reconcile_rows(
    ledger: Path, store: str, start: int, end: int, schedule: Any
) -> dict[str, dict[str, Any]]:
    """row_key -> {status, paid_amount, cancelled_amount, refunded_amount, fee, fee_vat,
    settlement, difference} for every order of [start, end) and every orphan payment."""
    con = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
    try:
        (sid,) = con.execute("SELECT id FROM stores WHERE name = ?", (store,)).fetchone()
        orders = con.execute(
            "SELECT order_id, amount, status, refunded_amount FROM orders "
            "WHERE store_id = ? AND ordered_at >= ? AND ordered_at < ?",
            (sid, start, end),
        ).fetchall()
        all_order_ids = {
            r[0] for r in con.execute("SELECT order_id FROM orders WHERE store_id = ?", (sid,))
        }
        by_merchant: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for p in con.execute(
            "SELECT imp_uid, merchant_uid, status, pay_method, pg_provider, amount, cancel_amount, paid_at "
            "FROM payments WHERE store_id = ?",
            (sid,),
        ):
            by_merchant[p[1]].append(p)
    finally:
        con.close()
    fees = Fees(schedule)
    out: dict[str, dict[str, Any]] = {}

    def captured(p: tuple[Any, ...]) -> bool:
        return p[7] > 0 and p[2] in ("paid", "cancelled")

    for order_id, amount, status, refunded in orders:
        pays = by_merchant.get(order_id, [])
        cap = [p for p in pays if captured(p)]
        kept = [p[5] - p[6] for p in cap]
        money = [fees.fee(k, p[4], p[3]) for k, p in zip(kept, cap)]
        fee = sum(f for f, _ in money)
        vat = sum(v for _, v in money)
        pg_kept = sum(kept)
        pg_cancelled = sum(p[6] for p in cap)
        if refunded is None:
            shop_refunded = amount if status == "cancelled" else 0
        else:
            shop_refunded = refunded
        shop_kept = 0 if status == "awaiting_payment" else amount - shop_refunded
        diff = pg_kept - shop_kept
        if sum(1 for k in kept if k > 0) >= 2:
            result = "duplicate_payment"
        elif not cap and status in ("paid", "partially_refunded"):
            vbank = any(p[2] == "ready" and p[3] == "vbank" for p in pays)
            result = "vbank_unpaid" if vbank else "missing_payment"
        elif not cap and status == "awaiting_payment":
            result = "pending"
        elif not cap and status == "cancelled":
            result = "cancelled_unpaid"
        elif status == "awaiting_payment" and pg_kept > 0:
            result = "unconfirmed_payment"
        elif diff == 0:
            result = "matched"
        elif diff > 0 and shop_refunded > pg_cancelled:
            result = "refund_missing"
        elif diff < 0 and pg_cancelled > shop_refunded:
            result = "refund_excess"
        else:
            result = "amount_mismatch"
        out[order_id] = {
            "status": result,
            "paid_amount": sum(p[5] for p in cap),
            "cancelled_amount": pg_cancelled,
            "refunded_amount": shop_refunded,
            "fee": fee,
            "fee_vat": vat,
            "settlement": pg_kept - fee - vat,
            "difference": diff,
        }

    for merchant_uid, pays in by_merchant.items():
        if merchant_uid in all_order_ids:
            continue
        cap = [p for p in pays if captured(p)]
        positive = sum(1 for p in cap if p[5] - p[6] > 0)
        for p in cap:
            if not start <= p[7] < end:
                continue
            k = p[5] - p[6]
            fee, vat = fees.fee(k, p[4], p[3])
            out[p[0]] = {
                "status": "duplicate_payment" if positive >= 2 else "orphan_payment",
                "paid_amount": p[5],
                "cancelled_amount": p[6],
                "refunded_amount": 0,
                "fee": fee,
                "fee_vat": vat,
                "settlement": k - fee - vat,
                "difference": k,
            }
    return out


COMPARED = (
    "status",
    "paid_amount",
    "cancelled_amount",
    "refunded_amount",
    "fee",
    "fee_vat",
    "settlement",
    "difference",
)


def compare(
    rows: Any, reference: dict[str, dict[str, Any]], limit: int = 5
) -> tuple[int, list[str]]:
    """(number of differing rows, a few examples) between the app's ``rows`` frame and ours."""
    cols = {c: rows[c].tolist() for c in ("row_key", *COMPARED)}
    seen: set[str] = set()
    bad = 0
    examples: list[str] = []
    for i, key in enumerate(cols["row_key"]):
        seen.add(key)
        ref = reference.get(key)
        diffs = (
            ["missing in reference"]
            if ref is None
            else [
                f"{c}: app={cols[c][i]!r} ref={ref[c]!r}" for c in COMPARED if cols[c][i] != ref[c]
            ]
        )
        if diffs:
            bad += 1
            if len(examples) < limit:
                examples.append(f"{key}: {'; '.join(diffs)}")
    for key in reference.keys() - seen:
        bad += 1
        if len(examples) < limit:
            examples.append(f"{key}: missing in app result")
    return bad, examples
