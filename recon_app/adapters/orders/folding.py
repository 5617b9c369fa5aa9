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
_PAID, _CANCELLED, _AWAITING, _PARTIAL = (
    "paid",
    "cancelled",
    "awaiting_payment",
    "partially_refunded",
)


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
        rows, conflicting = _item_statuses(rows, multi, conflicting)
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


def _item_statuses(
    rows: pd.DataFrame, multi: pd.DataFrame, conflicting: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Orders whose rows differ in the status only, because the export gives each item its own
    status (Cafe24's 주문 상태 is per item: one item 취소완료, the other 배송완료), are one order
    with some items taken back. Their order-level refund says how much: 0 < refund < amount →
    partially_refunded. Without such a refund (or with other statuses mixed in) we cannot know
    the order's status, and the order stays a conflict for the user to see.
    """
    only_status = conflicting[
        (conflicting["status"] > 1)
        & (conflicting[[f for f in ORDER_LEVEL if f != "status"]] <= 1).all(axis=1)
    ]
    if not len(only_status):
        return rows, conflicting
    resolved: list[object] = []
    groups = multi[multi["order_id"].isin(set(only_status.index))].groupby("order_id", sort=False)
    for order_id, group in groups:
        statuses = set(group["status"].tolist())
        amount = int(group["amount"].iloc[0])
        refund = int(group["refunded_amount"].iloc[0])
        taken_back = statuses & {_CANCELLED, _PARTIAL}
        if statuses <= {_PAID, _CANCELLED, _PARTIAL} and taken_back and 0 < refund < amount:
            resolved.append(order_id)
    if not resolved:
        return rows, conflicting
    rows = rows.copy()
    rows.loc[rows["order_id"].isin(set(resolved)), "status"] = _PARTIAL
    return rows, conflicting.drop(index=resolved)


def fold_lines(rows: pd.DataFrame, bad: np.ndarray, order_id_header: str) -> Folded:
    """Per-line exports (SmartStore 발주발송관리): one row per product order, each with its own
    amount and status, and no order total. An order is the sum of its lines:

    * amount = Σ line amounts; ordered_at = the earliest line's; text fields from the first line;
    * every line cancelled/returned → cancelled (refund = the whole amount);
    * no line paid and some awaiting payment → awaiting_payment;
    * some lines cancelled/returned (or partly refunded) → partially_refunded, refund = the
      cancelled lines' amounts (+ the partly refunded lines' refunds);
    * otherwise paid.

    A bad line makes its order's sum wrong, so the whole order is left out, and its other lines
    are named as problems too: a skipped order is never dropped without a word (its payment would
    later show up as an orphan).
    """
    ids = rows["order_id"].to_numpy(dtype=object)
    codes, uniques = pd.factorize(ids)
    k = len(uniques)
    bad_order = np.zeros(k, dtype=bool)
    bad_order[codes[bad]] = True
    problems: list[RowProblem] = []
    collateral = ~bad & bad_order[codes]
    if collateral.any():
        bad_rows = rows["row"].to_numpy()
        by_order: dict[int, list[int]] = {}
        for i in np.flatnonzero(bad):
            by_order.setdefault(int(codes[i]), []).append(int(bad_rows[i]))
        for i in np.flatnonzero(collateral):
            listed = ", ".join(str(r) for r in by_order[int(codes[i])][:20])
            problems.append(
                RowProblem(
                    int(bad_rows[i]),
                    order_id_header,
                    str(ids[i]),
                    f"같은 주문 {ids[i]}의 다른 줄({listed}행)이 잘못되어 이 주문 전체를 가져오지 "
                    "않았습니다 → 그 줄을 고치면 이 주문도 가져옵니다 (가져오지 않은 주문의 결제는 "
                    "대사에서 원장에 없는 결제로 보입니다).",
                )
            )
    good = ~bad_order[codes]
    g = rows[good]
    gcodes = codes[good]
    # Renumber the kept orders 0..m-1 in file order.
    kept, first_pos, inverse = np.unique(gcodes, return_index=True, return_inverse=True)
    m = len(kept)
    amount = g["amount"].to_numpy(dtype=np.int64)
    status = g["status"].to_numpy(dtype=object)
    refund = g["refunded_amount"].to_numpy(dtype=np.int64)
    cancelled = status == _CANCELLED
    awaiting = status == _AWAITING
    partial = status == _PARTIAL

    def total(values: np.ndarray) -> np.ndarray:
        out = np.zeros(m, dtype=np.int64)
        np.add.at(out, inverse, values)
        return out

    lines = np.bincount(inverse, minlength=m)
    n_cancel = np.bincount(inverse[cancelled], minlength=m)
    n_await = np.bincount(inverse[awaiting], minlength=m)
    n_partial = np.bincount(inverse[partial], minlength=m)
    order_amount = total(amount)
    order_refund = total(np.where(cancelled, amount, 0)) + total(
        np.where(partial & (refund > 0), refund, 0)
    )
    earliest = np.full(m, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(earliest, inverse, g["ordered_at"].to_numpy(dtype=np.int64))
    all_cancelled = n_cancel == lines
    unpaid = ~all_cancelled & (n_await > 0) & (n_await + n_cancel == lines)
    some_back = ~all_cancelled & ~unpaid & ((n_cancel + n_partial) > 0) & (order_refund > 0)
    order_status = np.full(m, "paid", dtype=object)
    order_status[all_cancelled] = _CANCELLED
    order_status[unpaid] = _AWAITING
    order_status[some_back] = _PARTIAL
    order_refund = np.where(all_cancelled, order_amount, order_refund)
    order_refund = np.where(all_cancelled | some_back, order_refund, -1)
    orders = g.iloc[first_pos].copy()
    orders["ordered_at"] = earliest
    orders["amount"] = order_amount
    orders["status"] = pd.Series(order_status, index=orders.index, dtype=object)
    orders["refunded_amount"] = order_refund
    return Folded(orders, int(len(g) - m), problems)
