"""Frames for the pure reconciliation function, from short dicts (no ledger needed)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from recon_app.domain.reconcile import ORDER_COLUMNS, PAYMENT_COLUMNS

T = 1_791_000_000  # inside 2026-10 KST
PERIOD = (1_790_780_400, 1_793_458_800)  # month_bounds("2026-10")


def orders_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    data: dict[str, list[Any]] = {c: [] for c in ORDER_COLUMNS}
    for i, r in enumerate(rows, start=1):
        refunded = r.get("refunded_amount")
        data["id"].append(r.get("id", i))
        data["order_id"].append(r["order_id"])
        data["ordered_at"].append(r.get("ordered_at", T + i))
        data["amount"].append(r["amount"])
        data["status"].append(r.get("status", "paid"))
        data["refund_null"].append(refunded is None)
        data["refunded"].append(0 if refunded is None else refunded)
        data["buyer_name"].append(r.get("buyer_name", "홍길동"))
    return _frame(data, ints=("id", "ordered_at", "amount", "refunded"))


def payments_frame(rows: list[dict[str, Any]], orders: pd.DataFrame | None) -> pd.DataFrame:
    """Payments; with ``orders`` given, each gets ``order_row`` of the order it names (those
    naming no order are dropped, as the SQL join does)."""
    cols = (("order_row",) if orders is not None else ()) + PAYMENT_COLUMNS
    data: dict[str, list[Any]] = {c: [] for c in cols}
    ids = dict(zip(orders["order_id"], orders["id"], strict=True)) if orders is not None else {}
    for r in rows:
        if orders is not None:
            if r["merchant_uid"] not in ids:
                continue
            data["order_row"].append(ids[r["merchant_uid"]])
        status = r.get("status", "paid")
        data["imp_uid"].append(r["imp_uid"])
        data["merchant_uid"].append(r["merchant_uid"])
        data["status"].append(status)
        data["pay_method"].append(r.get("pay_method", "card"))
        data["pg_provider"].append(r.get("pg_provider", "tosspayments"))
        data["amount"].append(r["amount"])
        data["cancel_amount"].append(r.get("cancel_amount", 0))
        data["paid_at"].append(r.get("paid_at", T if status in ("paid", "cancelled") else 0))
        data["buyer_name"].append(r.get("buyer_name"))
    return _frame(data, ints=("order_row", "amount", "cancel_amount", "paid_at"))


def _frame(data: dict[str, list[Any]], ints: tuple[str, ...]) -> pd.DataFrame:
    out: dict[str, Any] = {}
    for k, v in data.items():
        if k in ints:
            out[k] = np.array(v, dtype=np.int64)
        elif k == "refund_null":
            out[k] = np.array(v, dtype=bool)
        else:
            out[k] = pd.Series(np.array(v, dtype=object), dtype=object)
    return pd.DataFrame(out)
