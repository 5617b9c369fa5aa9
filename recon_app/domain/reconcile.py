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
a cancelled order with no refund value counts as fully refunded; one with an explicit refund of 0
keeps nothing and owes nothing when nothing was captured (cancelled before payment).

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

from recon_app.domain.display import format_won
from recon_app.domain.fees import FeeSchedule
from recon_app.domain.statuses import EXCEPTIONS, LABELS, RULE_ORDER, ReconStatus

S = ReconStatus

ORDER_COLUMNS = (
    "id",
    "order_id",
    "ordered_at",
    "amount",
    "status",
    "refund_null",
    "refunded",
    "buyer_name",
)
PAYMENT_COLUMNS = (
    "imp_uid",
    "merchant_uid",
    "status",
    "pay_method",
    "pg_provider",
    "amount",
    "cancel_amount",
    "paid_at",
    "buyer_name",
)

#: Columns of ``rows`` (the service adds resolved / resolution_note values).
ROW_COLUMNS = (
    "row_key",
    "order_id",
    "imp_uid",
    "status",
    "order_amount",
    "paid_amount",
    "cancelled_amount",
    "refunded_amount",
    "fee",
    "fee_vat",
    "settlement",
    "difference",
    "pg_provider",
    "pay_method",
    "reason",
    "ordered_at",
    "is_exception",
    "resolved",
    "resolution_note",
    "buyer_name",
    "order_status",
    "payment_count",
    "is_orphan",
)
MONEY_COLUMNS = (
    "order_amount",
    "paid_amount",
    "cancelled_amount",
    "refunded_amount",
    "fee",
    "fee_vat",
    "settlement",
    "difference",
)
FEE_LINE_COLUMNS = (
    "row_key",
    "imp_uid",
    "merchant_uid",
    "pg_provider",
    "pay_method",
    "paid_at",
    "amount",
    "cancel_amount",
    "kept",
    "fee",
    "fee_vat",
    "settlement",
    "rule",
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


_STATUS_VALUES = np.array([s.value for s in RULE_ORDER], dtype=object)
_STATUS_IS_EXCEPTION = np.array([s in EXCEPTIONS for s in RULE_ORDER], dtype=bool)
_CODE = {s: i for i, s in enumerate(RULE_ORDER)}


def reconcile_frames(
    orders: pd.DataFrame,
    payments: pd.DataFrame,
    orphans: pd.DataFrame,
    fees: FeeSchedule,
    period: tuple[int, int],
) -> Reconciled:
    """Statuses, differences, fees and reasons for one month. Pure: frames in, frames out.

    Rows come in ledger order (orders by id, then orphan payments by paid_at); views sort."""
    order_cols, order_lines = _order_rows(orders, payments, fees)
    orphan_cols, orphan_lines = _orphan_rows(orphans, fees, period)
    columns = {k: _concat(order_cols[k], orphan_cols[k]) for k in order_cols}
    lines = {k: _concat(order_lines[k], orphan_lines[k]) for k in order_lines}
    return Reconciled(rows=_rows_frame(columns), fee_lines=_lines_frame(lines))


def _concat(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a if len(b) == 0 else np.concatenate([a, b])


#: Rows per hash pass in ``_codes``: one pass over a million objects holds the GIL ~70 ms, which a
#: GUI thread waiting on a reconcile in a worker feels; slices keep each hold short.
_CODES_SLICE = 100_000


def _codes(values: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Small-int code of each text value: index in ``names``, len(names) for anything else.
    Hash passes over the column instead of a string compare per rule."""
    out = np.empty(len(values), dtype=np.int8)
    for start in range(0, len(values), _CODES_SLICE):
        part = pd.Series(values[start : start + _CODES_SLICE], dtype=object, copy=False)
        codes, uniques = pd.factorize(part, use_na_sentinel=True)
        table = np.array(
            [names.index(u) if u in names else len(names) for u in uniques] + [len(names)],
            dtype=np.int8,
        )
        out[start : start + _CODES_SLICE] = table[
            codes
        ]  # NA (-1) picks the last entry: "anything else"
    return out


# -- orders ------------------------------------------------------------------------------------
_ORDER_STATUSES = ("paid", "awaiting_payment", "cancelled", "partially_refunded")
_PAYMENT_STATUSES = ("paid", "cancelled", "ready")


def _order_rows(
    orders: pd.DataFrame, payments: pd.DataFrame, fees: FeeSchedule
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    n = len(orders)
    ids = orders["id"].to_numpy(np.int64)
    sort = None if _is_sorted(ids) else np.argsort(ids, kind="stable")

    def col(name: str) -> np.ndarray:
        values: np.ndarray = orders[name].to_numpy()
        return values if sort is None else values[sort]

    ids = col("id").astype(np.int64, copy=False)
    amount = col("amount").astype(np.int64, copy=False)
    status = col("status")
    status_code = _codes(status, _ORDER_STATUSES)
    paid_s, awaiting, cancelled_s, partial_s = (status_code == i for i in range(4))

    p_pos = np.searchsorted(ids, payments["order_row"].to_numpy(np.int64))
    p_code = _codes(payments["status"].to_numpy(), _PAYMENT_STATUSES)
    p_paid_at = payments["paid_at"].to_numpy(np.int64)
    captured = (p_paid_at > 0) & (p_code <= 1)
    vbank_ready = (p_code == 2) & (payments["pay_method"].to_numpy() == "vbank")

    cap_idx = np.flatnonzero(captured)
    cap_pos = p_pos[cap_idx]
    # one order's payments together, in payment time order (for the joined imp_uid lists)
    order_of_cap = np.lexsort((p_paid_at[cap_idx], cap_pos))
    cap_idx = cap_idx[order_of_cap]
    cap_pos = cap_pos[order_of_cap]
    lines = _fee_lines({c: payments[c].to_numpy()[cap_idx] for c in PAYMENT_COLUMNS}, fees)

    kept_line = lines["kept"]
    n_cap = np.bincount(cap_pos, minlength=n).astype(np.int64)
    n_positive = np.bincount(cap_pos[kept_line > 0], minlength=n).astype(np.int64)
    has_vbank_ready = np.bincount(p_pos[vbank_ready], minlength=n) > 0
    sums = {}
    for name in ("amount", "cancel_amount", "kept", "fee", "fee_vat", "settlement"):
        total = np.zeros(n, dtype=np.int64)
        np.add.at(total, cap_pos, lines[name])
        sums[name] = total
    pg_kept = sums["kept"]
    pg_cancelled = sums["cancel_amount"]

    none_captured = n_cap == 0
    refund_null = col("refund_null").astype(bool, copy=False)
    refunded = col("refunded").astype(np.int64, copy=False)
    # A cancelled order whose export says "refunded 0" (Cafe24 실제 환불금액 0, Shopify Refunded
    # Amount 0.00) was cancelled before payment when the PG captured nothing: nothing paid,
    # nothing owed, no difference. When the PG did capture, the 0 is a refund still owed
    # ("취소완료 - 환불전"): read it like a cancelled order with no refund value, fully refunded.
    zero_cancel = cancelled_s & ~refund_null & (refunded == 0)
    full_refund = refund_null | (zero_cancel & ~none_captured)
    shop_refunded = np.where(full_refund, np.where(cancelled_s, amount, 0), refunded)
    shop_kept = np.where(awaiting | (zero_cancel & none_captured), 0, amount - shop_refunded)
    difference = pg_kept - shop_kept

    paidish = paid_s | partial_s
    conditions = [
        n_positive >= 2,
        np.zeros(n, dtype=bool),  # orphan_payment: never an order
        none_captured & paidish & has_vbank_ready,
        none_captured & paidish,
        none_captured & awaiting,
        none_captured & cancelled_s,
        awaiting & (pg_kept > 0),
        difference == 0,
        (difference > 0) & (shop_refunded > pg_cancelled),
        (difference < 0) & (pg_cancelled > shop_refunded),
    ]
    assert len(conditions) == len(RULE_ORDER) - 1 and RULE_ORDER[-1] is S.AMOUNT_MISMATCH
    code = np.select(conditions, list(range(len(conditions))), default=len(conditions)).astype(
        np.int8
    )

    order_ids = col("order_id")
    imp_uid, pg_provider, pay_method = _joined_payment_text(lines, cap_pos, n_cap, n)
    reason = _reasons(
        code,
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
    rows = {
        "row_key": order_ids,
        "order_id": order_ids,
        "imp_uid": imp_uid,
        "code": code,
        "order_amount": amount,
        "paid_amount": sums["amount"],
        "cancelled_amount": pg_cancelled,
        "refunded_amount": shop_refunded,
        "fee": sums["fee"],
        "fee_vat": sums["fee_vat"],
        "settlement": sums["settlement"],
        "difference": difference,
        "pg_provider": pg_provider,
        "pay_method": pay_method,
        "reason": reason,
        "ordered_at": col("ordered_at").astype(np.int64, copy=False),
        "buyer_name": col("buyer_name"),
        "order_status": status,
        "payment_count": n_cap,
        "is_orphan": np.zeros(n, dtype=bool),
    }
    lines["row_key"] = order_ids[cap_pos]
    return rows, lines


def _is_sorted(arr: np.ndarray) -> bool:
    return bool(len(arr) < 2 or np.all(arr[1:] >= arr[:-1]))


def _joined_payment_text(
    lines: dict[str, np.ndarray], cap_pos: np.ndarray, n_cap: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """imp_uid / pg_provider / pay_method per order: None when nothing was captured, the value
    for one payment, ","-joined (payment time order) for several. Only multi-payment orders —
    a handful — go through Python."""
    out = []
    single = n_cap[cap_pos] == 1
    multi_idx = np.flatnonzero(~single).tolist()
    for name in ("imp_uid", "pg_provider", "pay_method"):
        values = np.full(n, None, dtype=object)
        src = lines[name]
        values[cap_pos[single]] = src[single]
        for pos, members in groupby(multi_idx, key=lambda i: int(cap_pos[i])):
            values[pos] = ",".join("" if _missing(src[i]) else str(src[i]) for i in members)
        out.append(values)
    return out[0], out[1], out[2]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


# -- orphan payments ------------------------------------------------------------------------------
def _orphan_rows(
    orphans: pd.DataFrame, fees: FeeSchedule, period: tuple[int, int]
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    paid_at = orphans["paid_at"].to_numpy(np.int64)
    captured = (paid_at > 0) & (_codes(orphans["status"].to_numpy(), _PAYMENT_STATUSES) <= 1)
    group = {c: orphans[c].to_numpy()[captured] for c in PAYMENT_COLUMNS}
    kept_all = group["amount"].astype(np.int64) - group["cancel_amount"].astype(np.int64)
    # rule 1 is about the merchant_uid (the would-be order): how many of its payments keep > 0
    uid_codes, uid_values = pd.factorize(pd.Series(group["merchant_uid"], dtype=object))
    positive_per_uid = np.bincount(uid_codes[kept_all > 0], minlength=len(uid_values)).astype(
        np.int64
    )
    start, end = period
    g_paid = group["paid_at"].astype(np.int64)
    pick = np.flatnonzero((g_paid >= start) & (g_paid < end))
    pick = pick[np.argsort(g_paid[pick], kind="stable")]
    lines = _fee_lines({c: v[pick] for c, v in group.items()}, fees)
    m = len(pick)
    n_positive = positive_per_uid[uid_codes[pick]] if m else np.zeros(0, np.int64)
    kept = lines["kept"]
    zeros = np.zeros(m, dtype=np.int64)
    code = np.where(n_positive >= 2, _CODE[S.DUPLICATE_PAYMENT], _CODE[S.ORPHAN_PAYMENT]).astype(
        np.int8
    )
    merchant_uid = lines["merchant_uid"]
    reason = _reasons(
        code,
        {
            "n_positive": n_positive,
            "pg_kept": kept,
            "pg_cancelled": lines["cancel_amount"],
            "shop_kept": zeros,
            "shop_refunded": zeros,
            "order_amount": zeros,
            "difference": kept,
        },
        merchant_uid=merchant_uid,
    )
    imp_uid = lines["imp_uid"]
    rows = {
        "row_key": imp_uid,
        "order_id": merchant_uid,
        "imp_uid": imp_uid,
        "code": code,
        "order_amount": zeros,
        "paid_amount": lines["amount"],
        "cancelled_amount": lines["cancel_amount"],
        "refunded_amount": zeros,
        "fee": lines["fee"],
        "fee_vat": lines["fee_vat"],
        "settlement": lines["settlement"],
        "difference": kept,
        "pg_provider": lines["pg_provider"],
        "pay_method": lines["pay_method"],
        "reason": reason,
        "ordered_at": lines["paid_at"],
        "buyer_name": group["buyer_name"][pick],
        "order_status": np.full(m, None, dtype=object),
        "payment_count": np.ones(m, dtype=np.int64),
        "is_orphan": np.ones(m, dtype=bool),
    }
    lines["row_key"] = imp_uid
    return rows, lines


# -- fees ------------------------------------------------------------------------------------------
def _fee_lines(cap: dict[str, np.ndarray], fees: FeeSchedule) -> dict[str, np.ndarray]:
    """One line per captured payment: kept, fee, fee VAT, settlement and the rule applied."""
    amount = np.asarray(cap["amount"], dtype=np.int64)
    cancel = np.asarray(cap["cancel_amount"], dtype=np.int64)
    kept = amount - cancel
    pg = np.asarray(cap["pg_provider"], dtype=object)
    method = np.asarray(cap["pay_method"], dtype=object)
    fee, vat, rule_index = fees.compute_columns_with_rules(kept, pg, method)
    descriptions = np.array([r.describe() for r in fees.rules], dtype=object)
    return {
        "row_key": np.empty(0, dtype=object),  # filled by the caller
        "imp_uid": np.asarray(cap["imp_uid"], dtype=object),
        "merchant_uid": np.asarray(cap["merchant_uid"], dtype=object),
        "pg_provider": pg,
        "pay_method": method,
        "paid_at": np.asarray(cap["paid_at"], dtype=np.int64),
        "amount": amount,
        "cancel_amount": cancel,
        "kept": kept,
        "fee": fee,
        "fee_vat": vat,
        "settlement": kept - fee - vat,
        "rule": descriptions[rule_index],
    }


def _obj(values: Any) -> pd.Series:
    """An object column, kept as is: pandas 3 would otherwise convert every string (slow)."""
    return pd.Series(np.asarray(values, dtype=object), dtype=object, copy=False)


def _lines_frame(lines: dict[str, np.ndarray]) -> pd.DataFrame:
    return pd.DataFrame(
        {c: (_obj(lines[c]) if lines[c].dtype == object else lines[c]) for c in FEE_LINE_COLUMNS},
        copy=False,
    )


# -- rows ------------------------------------------------------------------------------------------
def _rows_frame(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    code = columns["code"].astype(np.intp)
    n = len(code)
    data: dict[str, Any] = {}
    for name in ROW_COLUMNS:
        if name == "status":
            data[name] = _obj(_STATUS_VALUES[code])
        elif name == "is_exception":
            data[name] = _STATUS_IS_EXCEPTION[code]
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
    return pd.DataFrame(data, copy=False)


# -- reasons ---------------------------------------------------------------------------------------
#: Per status: the template and the amounts it names. Matched/pending/cancelled_unpaid name one
#: amount, so their text is built once per distinct amount and spread with a take.
_TEMPLATES: dict[ReconStatus, tuple[str, tuple[str, ...]]] = {
    S.DUPLICATE_PAYMENT: (
        "PG 결제 {n_positive}건이 모두 정산 대상 (PG 합계 {pg_kept}원 vs 쇼핑몰 {shop_kept}원): 중복 결제입니다",
        ("n_positive", "pg_kept", "shop_kept"),
    ),
    S.ORPHAN_PAYMENT: (
        "PG 결제 {pg_kept}원의 주문번호 {merchant_uid}이(가) 주문 목록에 없습니다",
        ("pg_kept", "merchant_uid"),
    ),
    S.VBANK_UNPAID: (
        "쇼핑몰 {shop_kept}원 > PG 0원: 가상계좌가 발급됐지만 아직 입금되지 않았습니다",
        ("shop_kept",),
    ),
    S.MISSING_PAYMENT: ("쇼핑몰 {shop_kept}원 > PG 0원: PG 결제 내역이 없습니다", ("shop_kept",)),
    S.PENDING: ("입금 대기 주문 {order_amount}원, PG 결제 없음", ("order_amount",)),
    S.CANCELLED_UNPAID: ("결제 전 취소된 주문 {order_amount}원, PG 결제 없음", ("order_amount",)),
    S.UNCONFIRMED_PAYMENT: (
        "PG 결제 {pg_kept}원 > 쇼핑몰 0원 (입금 대기): 쇼핑몰에서 결제 확인이 필요합니다",
        ("pg_kept",),
    ),
    S.MATCHED: ("PG {pg_kept}원 = 쇼핑몰 {pg_kept}원", ("pg_kept",)),  # equal by definition
    S.REFUND_MISSING: (
        "쇼핑몰 환불 {shop_refunded}원 > PG 취소 {pg_cancelled}원: 환불이 PG에서 처리되지 않았습니다",
        ("shop_refunded", "pg_cancelled"),
    ),
    S.REFUND_EXCESS: (
        "PG 취소 {pg_cancelled}원 > 쇼핑몰 환불 {shop_refunded}원: 쇼핑몰에 없는 환불이 PG에서 나갔습니다",
        ("pg_cancelled", "shop_refunded"),
    ),
    S.AMOUNT_MISMATCH: (
        "PG {pg_kept}원 ≠ 쇼핑몰 {shop_kept}원 (차이 {difference}원)",
        ("pg_kept", "shop_kept", "difference"),
    ),
}


def _reasons(
    code: np.ndarray, amounts: dict[str, np.ndarray], merchant_uid: np.ndarray | None
) -> np.ndarray:
    """A short Korean reason naming the amounts compared, one template per status."""
    out = np.empty(len(code), dtype=object)
    for i, st in enumerate(RULE_ORDER):
        idx = np.flatnonzero(code == i)
        if not len(idx):
            continue
        template, fields = _TEMPLATES[st]
        if len(fields) == 1:
            (values,) = (amounts[f][idx] for f in fields)
            codes, uniques = pd.factorize(values)
            texts = np.array(
                [template.format(**{fields[0]: format_won(u)}) for u in uniques], dtype=object
            )
            out[idx] = texts[codes]
            continue
        columns = []
        for f in fields:
            if f == "merchant_uid":
                columns.append(
                    [
                        str(v)
                        for v in (
                            merchant_uid[idx] if merchant_uid is not None else [""] * len(idx)
                        )
                    ]
                )
            elif f == "n_positive":
                columns.append([str(int(v)) for v in amounts[f][idx].tolist()])
            else:
                columns.append([format_won(v) for v in amounts[f][idx].tolist()])
        out[idx] = [
            template.format(**dict(zip(fields, vals, strict=True)))
            for vals in zip(*columns, strict=True)
        ]
    return out


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
    """Totals straight from the columns (no sub-frames: a million rows stay cheap)."""
    col = {c: rows[c].to_numpy(np.int64) for c in MONEY_COLUMNS}
    is_exc = rows["is_exception"].to_numpy(bool)
    resolved = rows["resolved"].to_numpy(bool)
    open_exc = is_exc & ~resolved
    status_code = _codes(rows["status"].to_numpy(), tuple(s.value for s in RULE_ORDER))
    by_status: dict[str, dict[str, Any]] = {}
    for i, st in enumerate(RULE_ORDER):
        mask = status_code == i
        count = int(mask.sum())
        if not count:
            continue
        by_status[st.value] = {
            "label": LABELS[st],
            "count": count,
            "order_amount": int(col["order_amount"][mask].sum()),
            "paid_amount": int(col["paid_amount"][mask].sum()),
            "cancelled_amount": int(col["cancelled_amount"][mask].sum()),
            "difference": int(col["difference"][mask].sum()),
            "resolved": int((resolved & mask).sum()),
        }
    by_pg_method: list[dict[str, Any]] = []
    if len(fee_lines):
        pg_codes, pg_values = pd.factorize(
            pd.Series(fee_lines["pg_provider"].to_numpy(), dtype=object), sort=True
        )
        m_codes, m_values = pd.factorize(
            pd.Series(fee_lines["pay_method"].to_numpy(), dtype=object), sort=True
        )
        width = len(m_values) + 1
        key = (pg_codes.astype(np.int64) + 1) * width + (m_codes.astype(np.int64) + 1)
        keys, inverse = np.unique(key, return_inverse=True)
        sums = {}
        for name in ("amount", "cancel_amount", "kept", "fee", "fee_vat", "settlement"):
            total = np.zeros(len(keys), dtype=np.int64)
            np.add.at(total, inverse, fee_lines[name].to_numpy(np.int64))
            sums[name] = total
        counts = np.bincount(inverse, minlength=len(keys))
        pg_names = [None, *pg_values]
        m_names = [None, *m_values]
        for j, k in enumerate(keys.tolist()):
            by_pg_method.append(
                {
                    "pg_provider": pg_names[k // width],
                    "pay_method": m_names[k % width],
                    "count": int(counts[j]),
                    "gross": int(sums["amount"][j]),
                    "cancelled": int(sums["cancel_amount"][j]),
                    "kept": int(sums["kept"][j]),
                    "fee": int(sums["fee"][j]),
                    "fee_vat": int(sums["fee_vat"][j]),
                    "settlement": int(sums["settlement"][j]),
                }
            )
    orphan = rows["is_orphan"].to_numpy(bool)
    gross = int(col["paid_amount"].sum())
    refunds = int(col["cancelled_amount"].sum())
    return ReconSummary(
        rows=len(rows),
        orders=int((~orphan).sum()),
        orphan_payments=int(orphan.sum()),
        shop_amount=int(col["order_amount"].sum()),
        shop_refunded=int(col["refunded_amount"].sum()),
        gross=gross,
        refunds=refunds,
        kept=gross - refunds,
        fees=int(col["fee"].sum()),
        fee_vat=int(col["fee_vat"].sum()),
        settlement=int(col["settlement"].sum()),
        exceptions=int(open_exc.sum()),
        exception_amount=int(np.abs(col["difference"][open_exc]).sum()),
        resolved=int((is_exc & resolved).sum()),
        by_status=by_status,
        by_pg_method=by_pg_method,
    )
