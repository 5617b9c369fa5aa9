"""Several rows with one order number (one per line item) become one order.

Exports such as SmartStore's write one row per product, repeating the order-level fields. Those
rows fold into one order when the order-level fields agree; if they disagree, we cannot know which
one is the order, so every row of that order is a problem (naming all its rows and the fields).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recon_app.adapters.orders.headers import LABELS
from recon_app.adapters.orders.problems import RowProblem

#: The fields that belong to the order, not the line item.
ORDER_LEVEL = ("ordered_at", "amount", "status", "refunded_amount")


@dataclass(frozen=True)
class Folded:
    orders: pd.DataFrame  # one row per order_id (the first row of each order)
    rows_folded: int  # rows merged into an earlier row of the same order
    problems: list[RowProblem]  # rows of orders whose rows disagree


def fold_orders(rows: pd.DataFrame, order_id_header: str) -> Folded:
    """``rows`` has columns ``row``, ``order_id`` and ``ORDER_LEVEL`` (refund -1 = none)."""
    dup = rows["order_id"].duplicated(keep=False).to_numpy()
    if not dup.any():
        return Folded(rows, 0, [])
    multi = rows[dup]
    distinct = multi.groupby("order_id", sort=False)[list(ORDER_LEVEL)].nunique()
    conflicting = distinct[(distinct > 1).any(axis=1)]
    problems: list[RowProblem] = []
    keep = np.ones(len(rows), dtype=bool)
    if len(conflicting):
        bad_ids = set(conflicting.index)
        bad_rows = multi[multi["order_id"].isin(bad_ids)]
        for order_id, group in bad_rows.groupby("order_id", sort=False):
            fields = conflicting.loc[order_id]
            differ = ", ".join(LABELS[f] for f in ORDER_LEVEL if fields[f] > 1)
            row_list = ", ".join(str(r) for r in group["row"].tolist()[:20])
            message = (
                f"주문 {order_id}의 행들({row_list}행)이 주문 단위 값({differ})에서 서로 다릅니다. "
                "한 주문의 여러 줄은 주문일시·결제금액·주문상태·환불금액이 같아야 합니다 → "
                "원본 파일에서 이 주문의 행들을 맞춰 고치세요."
            )
            problems.extend(
                RowProblem(int(r), order_id_header, str(order_id), message)
                for r in group["row"].tolist()
            )
        keep &= ~rows["order_id"].isin(bad_ids).to_numpy()
    good = rows[keep]
    first = ~good["order_id"].duplicated(keep="first").to_numpy()
    orders = good[first]
    return Folded(orders, int(len(good) - len(orders)), problems)
