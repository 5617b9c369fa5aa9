"""Reconciliation of one month: orders against PG payments, column-wise.

Inputs are plain frames loaded by ``storage.recon_repo`` (money int64, no ORM objects):

* ``orders``   — the month's orders (by ``ordered_at``, KST): id, order_id, ordered_at, amount,
  status, refund_null, refunded, buyer_name;
* ``payments`` — every payment whose merchant_uid is one of those orders (same store), carrying
  ``order_row`` = the order's ``id``, so nothing is joined on text here;
* ``orphans``  — captured payments whose merchant_uid matches no order in the ledger, for every
  merchant_uid with such a payment captured in the month (the group decides "duplicate").

Rules (the issue text, in order; the first that applies wins):

1. duplicate_payment — two or more captured payments each keep more than 0;
2. orphan_payment — a captured payment whose merchant_uid matches no order (one row per payment);
3. no captured payment — paid/partially_refunded → vbank_unpaid (a ``ready`` vbank payment was
   issued) else missing_payment; awaiting_payment → pending; cancelled → cancelled_unpaid;
4. unconfirmed_payment — an awaiting_payment order whose PG kept > 0;
5. matched — difference = 0;
6. refund_missing — difference > 0 and shop refunded > PG cancelled;
7. refund_excess — difference < 0 and PG cancelled > shop refunded;
8. amount_mismatch — any other difference.

Captured = ``paid_at > 0`` and status paid/cancelled; kept = amount − cancel_amount.
difference = PG kept − shop kept, shop kept = amount − shop refunded (0 while awaiting payment);
a cancelled order with no refund value counts as fully refunded.

Everything is numpy over whole columns (``numpy.select`` in rule order, ``np.add.at`` sums, the
fee schedule's ``compute_columns``); reasons are string templates applied per status to
pre-formatted amounts, so a million orders cost a few passes, not a million Python calls.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import groupby
from typing import Any

import numpy as np
import pandas as pd

from recon_app.domain.fees import FeeSchedule
from recon_app.domain.statuses import EXCEPTIONS, LABELS, RULE_ORDER, ReconStatus

S = ReconStatus

ORDER_COLUMNS = (
    "id", "order_id", "ordered_at", "amount", "status", "refund_null", "refunded", "buyer_name",
)
PAYMENT_COLUMNS = (
    "imp_uid", "merchant_uid", "status", "pay_method", "pg_provider", "amount", "cancel_amount",
    "paid_at", "buyer_name",
)

#: Columns of ``rows`` (the service adds resolved / resolution_note values).
ROW_COLUMNS = (
    "row_key", "order_id", "imp_uid", "status", "order_amount", "paid_amount", "cancelled_amount",
    "refunded_amount", "fee", "fee_vat", "settlement", "difference", "pg_provider", "pay_method",
    "reason", "ordered_at", "is_exception", "resolved", "resolution_note", "buyer_name",
    "order_status", "payment_count", "is_orphan",
)
MONEY_COLUMNS = (
    "order_amount", "paid_amount", "cancelled_amount", "refunded_amount", "fee", "fee_vat",
    "settlement", "difference",
)
FEE_LINE_COLUMNS = (
    "row_key", "imp_uid", "merchant_uid", "pg_provider", "pay_method", "paid_at", "amount",
    "cancel_amount", "kept", "fee", "fee_vat", "settlement", "rule",
)

_CAPTURED_STATUSES = ("paid", "cancelled")
_EXCEPTION_VALUES = frozenset(s.value for s in EXCEPTIONS)


def empty_orders() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in ORDER_COLUMNS})


def empty_payments(with_order_row: bool = True) -> pd.DataFrame:
    cols = (("order_row",) if with_order_row else ()) + PAYMENT_COLUMNS
    return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in cols})


def _dtype(column: str) -> Any:
    ints = {"id", "ordered_at", "amount", "refunded", "order_row", "cancel_amount", "paid_at"}
    if column in ints:
        return np.int64
    if column == "refund_null":
        return bool
    return object


@dataclass(frozen=True)
class Reconciled:
    rows: pd.DataFrame
    fee_lines: pd.DataFrame


def reconcile_frames(
    orders: pd.DataFrame,
    payments: pd.DataFrame,
    orphans: pd.DataFrame,
    fees: FeeSchedule,
    period: tuple[int, int],
) -> Reconciled:
    """Statuses, differences, fees and reasons for one month. Pure: frames in, frames out."""
    order_part, order_fees = _order_rows(orders, payments, fees)
    orphan_part, orphan_fees = _orphan_rows(orphans, fees, period)
    rows = pd.concat([order_part, orphan_part], ignore_index=True) if len(orphan_part) else order_part
    # Date order for people; stable, so same-second rows keep the ledger's order.
    rows = rows.take(np.argsort(rows["ordered_at"].to_numpy(), kind="stable")).reset_index(drop=True)
    fee_lines = pd.concat([order_fees, orphan_fees], ignore_index=True) if len(orphan_fees) else order_fees
    return Reconciled(rows=rows, fee_lines=fee_lines)


# -- orders ------------------------------------------------------------------------------------
def _order_rows(
    orders: pd.DataFrame, payments: pd.DataFrame, fees: FeeSchedule
) -> tuple[pd.DataFrame, pd.DataFrame]:
    orders = orders.sort_values("id", kind="stable") if not _is_sorted(orders["id"]) else orders
    n = len(orders)
    ids = orders["id"].to_numpy(np.int64)
    amount = orders["amount"].to_numpy(np.int64)
    status = orders["status"].to_numpy(object)

    p_pos = np.searchsorted(ids, payments["order_row"].to_numpy(np.int64))
    p_status = payments["status"].to_numpy(object)
    p_method = payments["pay_method"].to_numpy(object)
    p_amount = payments["amount"].to_numpy(np.int64)
    p_cancel = payments["cancel_amount"].to_numpy(np.int64)
    p_paid_at = payments["paid_at"].to_numpy(np.int64)
    captured = (p_paid_at > 0) & np.isin(p_status, _CAPTURED_STATUSES)
    vbank_ready = (p_status == "ready") & (p_method == "vbank")

    cap = payments.loc[captured]
    cap_pos = p_pos[captured]
    # one order's payments together, in payment time order (for the joined imp_uid lists)
    order_of_cap = np.lexsort((cap["paid_at"].to_numpy(np.int64), cap_pos))
    cap = cap.iloc[order_of_cap]
    cap_pos = cap_pos[order_of_cap]
    lines = _fee_lines(cap, fees)

    kept_line = lines["kept"].to_numpy(np.int64)
    n_cap = np.bincount(cap_pos, minlength=n).astype(np.int64)
    n_positive = np.bincount(cap_pos[kept_line > 0], minlength=n).astype(np.int64)
    has_vbank_ready = np.bincount(p_pos[vbank_ready], minlength=n) > 0
    sums = {}
    for name in ("amount", "cancel_amount", "kept", "fee", "fee_vat", "settlement"):
        total = np.zeros(n, dtype=np.int64)
        np.add.at(total, cap_pos, lines[name].to_numpy(np.int64))
        sums[name] = total
    pg_kept = sums["kept"]
    pg_cancelled = sums["cancel_amount"]

    refund_null = orders["refund_null"].to_numpy(bool)
    refunded = orders["refunded"].to_numpy(np.int64)
    shop_refunded = np.where(refund_null, np.where(status == "cancelled", amount, 0), refunded)
    awaiting = status == "awaiting_payment"
    shop_kept = np.where(awaiting, 0, amount - shop_refunded)
    difference = pg_kept - shop_kept

    none_captured = n_cap == 0
    paidish = np.isin(status, ("paid", "partially_refunded"))
    conditions = [
        n_positive >= 2,
        np.zeros(n, dtype=bool),  # orphan: never an order
        none_captured & paidish & has_vbank_ready,
        none_captured & paidish,
        none_captured & awaiting,
        none_captured & (status == "cancelled"),
        awaiting & (pg_kept > 0),
        difference == 0,
        (difference > 0) & (shop_refunded > pg_cancelled),
        (difference < 0) & (pg_cancelled > shop_refunded),
    ]
    choices = [s.value for s in RULE_ORDER[:-1]]
    assert len(conditions) == len(choices) and RULE_ORDER[-1] is S.AMOUNT_MISMATCH
    row_status = np.select(conditions, choices, default=S.AMOUNT_MISMATCH.value).astype(object)

    imp_uid, pg_provider, pay_method = _joined_payment_text(cap, cap_pos, n_cap, n)
    reason = _reasons(
        row_status,
        {
            "n_positive": n_positive,
            "pg_kept": pg_kept,
            "pg_cancelled": pg_cancelled,
            "shop_kept": shop_kept,
            "shop_refunded": shop_refunded,
            "order_amount": amount,
            "difference": difference,
        },
        merchant_uid=None,
    )
    order_ids = orders["order_id"].to_numpy(object)
    rows = _rows_frame(
        row_key=order_ids,
        order_id=order_ids,
        imp_uid=imp_uid,
        status=row_status,
        order_amount=amount,
        paid_amount=sums["amount"],
        cancelled_amount=pg_cancelled,
        refunded_amount=shop_refunded,
        fee=sums["fee"],
        fee_vat=sums["fee_vat"],
        settlement=sums["settlement"],
        difference=difference,
        pg_provider=pg_provider,
        pay_method=pay_method,
        reason=reason,
        ordered_at=orders["ordered_at"].to_numpy(np.int64),
        buyer_name=orders["buyer_name"].to_numpy(object),
        order_status=status,
        payment_count=n_cap,
        is_orphan=np.zeros(n, dtype=bool),
    )
    lines.insert(0, "row_key", order_ids[cap_pos] if n else np.array([], dtype=object))
    return rows, lines


def _is_sorted(values: pd.Series) -> bool:
    arr = values.to_numpy()
    return bool(len(arr) < 2 or np.all(arr[1:] >= arr[:-1]))


def _joined_payment_text(
    cap: pd.DataFrame, cap_pos: np.ndarray, n_cap: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """imp_uid / pg_provider / pay_method per order: None when nothing was captured, the value
    for one payment, ","-joined (payment time order) for several. Only multi-payment orders —
    a handful — go through Python."""
    out = []
    single = n_cap[cap_pos] == 1
    multi_idx = np.flatnonzero(~single)
    for col in ("imp_uid", "pg_provider", "pay_method"):
        values = np.full(n, None, dtype=object)
        src = cap[col].to_numpy(object)
        values[cap_pos[single]] = src[single]
        for pos, members in groupby(multi_idx.tolist(), key=lambda i: int(cap_pos[i])):
            values[pos] = ",".join("" if _missing(src[i]) else str(src[i]) for i in members)
        out.append(values)
    return out[0], out[1], out[2]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


# -- orphan payments ------------------------------------------------------------------------------
def _orphan_rows(
    orphans: pd.DataFrame, fees: FeeSchedule, period: tuple[int, int]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    if len(orphans) == 0:
        return _rows_frame_empty(), pd.DataFrame(columns=list(FEE_LINE_COLUMNS))
    paid_at = orphans["paid_at"].to_numpy(np.int64)
    status = orphans["status"].to_numpy(object)
    captured = (paid_at > 0) & np.isin(status, _CAPTURED_STATUSES)
    group = orphans.loc[captured]
    kept_all = group["amount"].to_numpy(np.int64) - group["cancel_amount"].to_numpy(np.int64)
    # rule 1 is about the merchant_uid (the would-be order): how many of its payments keep > 0
    positive_per_uid = (
        pd.Series(kept_all > 0).groupby(group["merchant_uid"].to_numpy(object)).sum()
    )
    start, end = period
    in_month = group.loc[(group["paid_at"] >= start) & (group["paid_at"] < end)]
    in_month = in_month.iloc[np.argsort(in_month["paid_at"].to_numpy(np.int64), kind="stable")]
    lines = _fee_lines(in_month, fees)
    m = len(in_month)
    merchant_uid = in_month["merchant_uid"].to_numpy(object)
    n_positive = positive_per_uid.reindex(merchant_uid).to_numpy(np.int64) if m else np.zeros(0, np.int64)
    kept = lines["kept"].to_numpy(np.int64)
    zeros = np.zeros(m, dtype=np.int64)
    row_status = np.where(n_positive >= 2, S.DUPLICATE_PAYMENT.value, S.ORPHAN_PAYMENT.value).astype(object)
    reason = _reasons(
        row_status,
        {
            "n_positive": n_positive,
            "pg_kept": kept,
            "pg_cancelled": lines["cancel_amount"].to_numpy(np.int64),
            "shop_kept": zeros,
            "shop_refunded": zeros,
            "order_amount": zeros,
            "difference": kept,
        },
        merchant_uid=merchant_uid,
    )
    imp_uid = in_month["imp_uid"].to_numpy(object)
    rows = _rows_frame(
        row_key=imp_uid,
        order_id=merchant_uid,
        imp_uid=imp_uid,
        status=row_status,
        order_amount=zeros,
        paid_amount=lines["amount"].to_numpy(np.int64),
        cancelled_amount=lines["cancel_amount"].to_numpy(np.int64),
        refunded_amount=zeros,
        fee=lines["fee"].to_numpy(np.int64),
        fee_vat=lines["fee_vat"].to_numpy(np.int64),
        settlement=lines["settlement"].to_numpy(np.int64),
        difference=kept,
        pg_provider=in_month["pg_provider"].to_numpy(object),
        pay_method=in_month["pay_method"].to_numpy(object),
        reason=reason,
        ordered_at=in_month["paid_at"].to_numpy(np.int64),
        buyer_name=in_month["buyer_name"].to_numpy(object),
        order_status=np.full(m, None, dtype=object),
        payment_count=np.ones(m, dtype=np.int64),
        is_orphan=np.ones(m, dtype=bool),
    )
    lines.insert(0, "row_key", imp_uid)
    return rows, lines


# -- fees ------------------------------------------------------------------------------------------
def _fee_lines(cap: pd.DataFrame, fees: FeeSchedule) -> pd.DataFrame:
    """One line per captured payment: kept, fee, fee VAT, settlement and the rule applied."""
    amount = cap["amount"].to_numpy(np.int64)
    cancel = cap["cancel_amount"].to_numpy(np.int64)
    kept = amount - cancel
    pg = cap["pg_provider"].to_numpy(object)
    method = cap["pay_method"].to_numpy(object)
    fee, vat, rule_index = fees.compute_columns_with_rules(kept, pg, method)
    descriptions = np.array([r.describe() for r in fees.rules] or [""], dtype=object)
    return pd.DataFrame(
        {
            "imp_uid": _obj(cap["imp_uid"]),
            "merchant_uid": _obj(cap["merchant_uid"]),
            "pg_provider": _obj(pg),
            "pay_method": _obj(method),
            "paid_at": cap["paid_at"].to_numpy(np.int64),
            "amount": amount,
            "cancel_amount": cancel,
            "kept": kept,
            "fee": fee,
            "fee_vat": vat,
            "settlement": kept - fee - vat,
            "rule": _obj(descriptions[rule_index] if len(kept) else np.array([], dtype=object)),
        }
    )


def _obj(values: Any) -> pd.Series:
    """An object column, kept as is: pandas 3 would otherwise convert every string (slow)."""
    return pd.Series(np.asarray(values, dtype=object), dtype=object, copy=False)


# -- rows ------------------------------------------------------------------------------------------
def _rows_frame(**columns: np.ndarray) -> pd.DataFrame:
    n = len(columns["order_id"])
    status = columns["status"]
    data: dict[str, Any] = {}
    for name in ROW_COLUMNS:
        if name == "is_exception":
            data[name] = np.isin(status, list(_EXCEPTION_VALUES))
        elif name == "resolved":
            data[name] = np.zeros(n, dtype=bool)
        elif name == "resolution_note":
            data[name] = _obj(np.full(n, None, dtype=object))
        elif name in MONEY_COLUMNS or name in ("ordered_at", "payment_count"):
            data[name] = np.asarray(columns[name], dtype=np.int64)
        elif name == "is_orphan":
            data[name] = np.asarray(columns[name], dtype=bool)
        else:
            data[name] = _obj(columns[name])
    return pd.DataFrame(data)


def _rows_frame_empty() -> pd.DataFrame:
    empty_obj = np.array([], dtype=object)
    empty_int = np.array([], dtype=np.int64)
    cols = {c: (empty_int if c in MONEY_COLUMNS else empty_obj) for c in ROW_COLUMNS}
    cols.update(ordered_at=empty_int, payment_count=empty_int, is_orphan=np.array([], dtype=bool))
    return _rows_frame(**cols)


# -- reasons ---------------------------------------------------------------------------------------
def _won_text(values: np.ndarray) -> np.ndarray:
    """"1,234,567" for each amount; each distinct amount is formatted once (prices repeat)."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=np.int64))
    texts = np.array([f"{int(v):,}" for v in uniques], dtype=object)
    return texts[codes] if len(codes) else np.array([], dtype=object)


def _reasons(
    status: np.ndarray, amounts: dict[str, np.ndarray], merchant_uid: np.ndarray | None
) -> np.ndarray:
    """A short Korean reason naming the amounts compared, built per status with templates."""
    out = np.full(len(status), "", dtype=object)
    for st in RULE_ORDER:
        mask = status == st.value
        if not mask.any():
            continue
        w = {k: _won_text(v[mask]) for k, v in amounts.items()}
        out[mask] = _template(st, w, amounts["n_positive"][mask], merchant_uid, mask)
    return out


def _template(
    st: ReconStatus,
    w: dict[str, np.ndarray],
    n_positive: np.ndarray,
    merchant_uid: np.ndarray | None,
    mask: np.ndarray,
) -> np.ndarray:
    if st is S.DUPLICATE_PAYMENT:
        count = np.array([str(int(x)) for x in n_positive], dtype=object)
        return (
            "PG 결제 " + count + "건이 모두 정산 대상 (PG 합계 " + w["pg_kept"] + "원 vs 쇼핑몰 "
            + w["shop_kept"] + "원): 중복 결제입니다"
        )
    if st is S.ORPHAN_PAYMENT:
        uid = merchant_uid[mask] if merchant_uid is not None else np.full(mask.sum(), "", object)
        return "PG 결제 " + w["pg_kept"] + "원의 주문번호 " + uid.astype(str).astype(object) + "이(가) 주문 목록에 없습니다"
    if st is S.VBANK_UNPAID:
        return "쇼핑몰 " + w["shop_kept"] + "원 > PG 0원: 가상계좌가 발급됐지만 아직 입금되지 않았습니다"
    if st is S.MISSING_PAYMENT:
        return "쇼핑몰 " + w["shop_kept"] + "원 > PG 0원: PG 결제 내역이 없습니다"
    if st is S.PENDING:
        return "입금 대기 주문 " + w["order_amount"] + "원, PG 결제 없음"
    if st is S.CANCELLED_UNPAID:
        return "결제 전 취소된 주문 " + w["order_amount"] + "원, PG 결제 없음"
    if st is S.UNCONFIRMED_PAYMENT:
        return "PG 결제 " + w["pg_kept"] + "원 > 쇼핑몰 0원 (입금 대기): 쇼핑몰에서 결제 확인이 필요합니다"
    if st is S.MATCHED:
        return "PG " + w["pg_kept"] + "원 = 쇼핑몰 " + w["shop_kept"] + "원"
    if st is S.REFUND_MISSING:
        return (
            "쇼핑몰 환불 " + w["shop_refunded"] + "원 > PG 취소 " + w["pg_cancelled"]
            + "원: 환불이 PG에서 처리되지 않았습니다"
        )
    if st is S.REFUND_EXCESS:
        return (
            "PG 취소 " + w["pg_cancelled"] + "원 > 쇼핑몰 환불 " + w["shop_refunded"]
            + "원: 쇼핑몰에 없는 환불이 PG에서 나갔습니다"
        )
    return (
        "PG " + w["pg_kept"] + "원 ≠ 쇼핑몰 " + w["shop_kept"] + "원 (차이 " + w["difference"] + "원)"
    )


# -- summary ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReconSummary:
    """Totals of one reconciliation; every number is a sum over ``rows`` / ``fee_lines``."""

    rows: int
    orders: int
    orphan_payments: int
    shop_amount: int  # Σ order amount
    shop_refunded: int
    gross: int  # PG captured gross (Σ paid_amount)
    refunds: int  # PG cancelled (Σ cancelled_amount)
    kept: int  # gross − refunds
    fees: int
    fee_vat: int
    settlement: int
    exceptions: int  # unresolved exception rows
    exception_amount: int  # Σ |difference| over unresolved exception rows
    resolved: int  # exception rows marked resolved
    by_status: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_pg_method: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def summarize(rows: pd.DataFrame, fee_lines: pd.DataFrame) -> ReconSummary:
    def total(frame: pd.DataFrame, col: str) -> int:
        return int(frame[col].to_numpy(np.int64).sum()) if len(frame) else 0

    is_exc = rows["is_exception"].to_numpy(bool)
    resolved = rows["resolved"].to_numpy(bool)
    open_exc = is_exc & ~resolved
    by_status: dict[str, dict[str, Any]] = {}
    status_values = rows["status"].to_numpy(object)
    for st in RULE_ORDER:
        part = rows.loc[status_values == st.value]
        if not len(part):
            continue
        by_status[st.value] = {
            "label": LABELS[st],
            "count": int(len(part)),
            "order_amount": total(part, "order_amount"),
            "paid_amount": total(part, "paid_amount"),
            "cancelled_amount": total(part, "cancelled_amount"),
            "difference": total(part, "difference"),
            "resolved": int(part["resolved"].to_numpy(bool).sum()),
        }
    by_pg_method: list[dict[str, Any]] = []
    if len(fee_lines):
        keys = fee_lines[["pg_provider", "pay_method"]].astype(object).fillna("")
        grouped = fee_lines[["amount", "cancel_amount", "kept", "fee", "fee_vat", "settlement"]].groupby(
            [keys["pg_provider"], keys["pay_method"]], sort=True
        )
        sums = grouped.sum()
        counts = grouped.size()
        for (pg, method), rec in sums.iterrows():
            by_pg_method.append(
                {
                    "pg_provider": pg or None,
                    "pay_method": method or None,
                    "count": int(counts.loc[(pg, method)]),
                    "gross": int(rec["amount"]),
                    "cancelled": int(rec["cancel_amount"]),
                    "kept": int(rec["kept"]),
                    "fee": int(rec["fee"]),
                    "fee_vat": int(rec["fee_vat"]),
                    "settlement": int(rec["settlement"]),
                }
            )
    orphan = rows["is_orphan"].to_numpy(bool)
    gross = total(rows, "paid_amount")
    refunds = total(rows, "cancelled_amount")
    return ReconSummary(
        rows=int(len(rows)),
        orders=int((~orphan).sum()),
        orphan_payments=int(orphan.sum()),
        shop_amount=total(rows, "order_amount"),
        shop_refunded=total(rows, "refunded_amount"),
        gross=gross,
        refunds=refunds,
        kept=gross - refunds,
        fees=total(rows, "fee"),
        fee_vat=total(rows, "fee_vat"),
        settlement=total(rows, "settlement"),
        exceptions=int(open_exc.sum()),
        exception_amount=int(np.abs(rows["difference"].to_numpy(np.int64)[open_exc]).sum()),
        resolved=int((is_exc & resolved).sum()),
        by_status=by_status,
        by_pg_method=by_pg_method,
    )
