"""Reconcile a month: load the ledger's columns, apply the rules, attach resolutions, record
the run. The rules themselves live in ``recon_app.domain.reconcile``."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from recon_app.adapters.report.sanitize import display_width
from recon_app.domain.display import format_count, format_minor, format_won
from recon_app.domain.errors import InputError
from recon_app.domain.fees import FeeBreakdown, FeeSchedule
from recon_app.domain.progress import CancelToken, ProgressFn, report
from recon_app.domain.reconcile import (
    ReconSummary,
    empty_orders,
    empty_payments,
    reconcile_frames,
    summarize,
)
from recon_app.domain.statuses import RULE_ORDER, label_of
from recon_app.domain.timeutil import format_kst, month_bounds
from recon_app.services.fee_rules import load_fee_schedule
from recon_app.storage import recon_repo
from recon_app.storage.db import Ledger
from recon_app.storage.stores import DEFAULT_STORE, store_id

__all__ = ["ReconResult", "ReconSummary", "RowDetail", "explain_row", "reconcile_month"]


@dataclass(frozen=True)
class ReconResult:
    month: str
    store: str
    fees: FeeSchedule
    #: one row per order / orphan payment, see ``domain.reconcile.ROW_COLUMNS``
    rows: pd.DataFrame
    #: one row per captured payment, see ``domain.reconcile.FEE_LINE_COLUMNS``
    fee_lines: pd.DataFrame
    summary: ReconSummary
    run_id: int | None = None
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    #: The month's captured payments in another currency, kept out of every KRW figure:
    #: imp_uid, merchant_uid, status, currency, amount and cancel_amount as text in that
    #: currency ("12.50"), paid_at as KST text.
    non_krw_payments: tuple[dict[str, str], ...] = ()
    #: Set when the month is closed (services/closing.py): who, when, note, fingerprint …; the
    #: rows, fee lines and summary are then the frozen figures of the close.
    closed: dict[str, Any] | None = None
    #: 마감 후 변동: on a closed month, what changed since its close; on an open month, the
    #: changes of the closed months before it carried in (each names its ``month``).
    post_close_changes: tuple[dict[str, Any], ...] = ()

    def exceptions(self) -> pd.DataFrame:
        """Exception rows (resolved ones included), largest |difference| first."""
        exc = self.rows.loc[self.rows["is_exception"].to_numpy(bool)]
        order = np.argsort(-np.abs(exc["difference"].to_numpy(np.int64)), kind="stable")
        return exc.iloc[order]

    def summary_lines(self) -> list[str]:
        """A readable Korean summary (CLI and GUI status text)."""
        s = self.summary
        lines = [
            f"{self.month} 대사 결과 — 상점 '{self.store}', 수수료 규칙: {self.fees.source}",
            f"주문 {format_count(s.orders)}건, 주문 없는 결제 {format_count(s.orphan_payments)}건",
            "",
            "상태별:",
        ]
        width = max((display_width(label_of(k)) for k in s.by_status), default=4)
        for status, item in s.by_status.items():
            label = label_of(status)
            pad = " " * (width - display_width(label))  # Hangul is two columns, spaces one
            resolved = f", 해결 {format_count(item['resolved'])}건" if item["resolved"] else ""
            lines.append(
                f"  {label}{pad}  {item['count']:>9,}건  주문 {item['order_amount']:>14,}원  "
                f"PG {item['paid_amount'] - item['cancelled_amount']:>14,}원  "
                f"차이 {item['difference']:>12,}원{resolved}"
            )
        lines += [
            "",
            f"PG 결제 총액 {format_won(s.gross)}원, PG 취소 {format_won(s.refunds)}원, "
            f"정산 대상 {format_won(s.kept)}원",
            f"수수료 {format_won(s.fees)}원, 수수료 부가세 {format_won(s.fee_vat)}원, "
            f"정산 예정액 {format_won(s.settlement)}원",
            f"쇼핑몰 주문 금액 {format_won(s.shop_amount)}원, 쇼핑몰 환불 {format_won(s.shop_refunded)}원",
            f"확인할 예외 {format_count(s.exceptions)}건 (차이 합계 {format_won(s.exception_amount)}원)"
            + (f", 해결 처리된 예외 {format_count(s.resolved)}건" if s.resolved else ""),
        ]
        if self.non_krw_payments:
            listed = ", ".join(
                f"{p['imp_uid']} {p['amount']} {p['currency']}" for p in self.non_krw_payments[:10]
            )
            more = len(self.non_krw_payments) - 10
            lines.append(
                f"원화가 아닌 결제 {format_count(len(self.non_krw_payments))}건은 위 합계와 대사에서 "
                f"뺐습니다: {listed}" + (f" 외 {format_count(more)}건" if more > 0 else "")
            )
        if self.closed:
            c = self.closed
            lines.append(
                f"마감된 달입니다 — {c['closed_by']}, {c['closed_at']}"
                + (f", 메모: {c['note']}" if c["note"] else "")
                + ". 위 수치는 마감 때 고정된 값입니다."
            )
        if self.post_close_changes:
            where = "이 달" if self.closed else "이전 마감 월"
            total = sum(int(c["settlement_effect"]) for c in self.post_close_changes)
            lines.append(
                f"마감 후 변동 ({where}) {format_count(len(self.post_close_changes))}건, "
                f"정산 예정액 영향 {'+' if total > 0 else ''}{format_won(total)}원:"
            )
            for c in self.post_close_changes[:20]:
                lines.append(f"  [{c['month']}] {c['row_key']}: {c['description']}")
        return lines


def reconcile_month(
    ledger: Ledger,
    month: str,
    store: str = DEFAULT_STORE,
    fees: FeeSchedule | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    *,
    live: bool = False,
    record: bool = True,
) -> ReconResult:
    """Reconcile the store's orders of ``month`` (YYYY-MM, KST) against its PG payments.

    A closed month answers with its frozen figures and the changes since its close; ``live``
    gives today's figures regardless (what a close freezes, what post-close changes compare);
    ``record=False`` leaves the run out of the history (a comparison, not a reconciliation).
    """
    started = time.time()
    t0 = time.perf_counter()
    try:
        start, end = month_bounds(month)
    except ValueError as exc:
        raise InputError(str(exc), hint="--month 2026-10 처럼 연-월로 적어 주세요.") from None
    month = f"{month.strip()}"
    if fees is None:
        fees = load_fee_schedule(ledger)
    report(progress, 0, 4, "원장 읽는 중")
    with ledger.read() as conn:
        sid = store_id(conn, store, create=False)
        if sid is None and store != DEFAULT_STORE:
            raise InputError(
                f"상점 '{store}'이(가) 원장에 없습니다.",
                hint="'recon-app stores'로 상점 이름을 확인하세요.",
            )
        if sid is None:
            frames = (empty_orders(), empty_payments(), empty_payments(with_order_row=False))
            resolutions: list[dict[str, Any]] = []
            non_krw: list[dict[str, Any]] = []
        else:
            frames = recon_repo.load_month(conn, sid, start, end)
            resolutions = recon_repo.list_resolutions(conn, sid, active_only=True)
            non_krw = recon_repo.non_krw_payments(conn, sid, start, end)
    t_load = time.perf_counter()
    if cancel is not None:
        cancel.raise_if_cancelled()
    report(progress, 1, 4, "대사하는 중")
    reconciled = reconcile_frames(*frames, fees=fees, period=(start, end))
    del frames
    rows = reconciled.rows
    _apply_resolutions(rows, resolutions)
    if sid is not None:
        with ledger.read() as conn:
            _add_vbank_details(rows, conn, sid, now=int(started))
    else:
        _add_vbank_details(rows, None, 0, now=int(started))
    t_rules = time.perf_counter()
    if cancel is not None:
        cancel.raise_if_cancelled()
    report(progress, 2, 4, "합계 내는 중")
    summary = summarize(rows, reconciled.fee_lines)
    run_id = None
    if sid is not None and record:
        with ledger.write() as conn:
            run_id = recon_repo.record_run(
                conn,
                store_id=sid,
                month=month,
                started_at=int(started),
                finished_at=int(time.time()),
                fee_source=fees.source,
                row_count=summary.rows,
                exception_count=summary.exceptions,
                summary_json=json.dumps(summary.to_dict(), ensure_ascii=False),
            )
    t_end = time.perf_counter()
    report(progress, 4, 4, "대사 완료")
    result = ReconResult(
        month=month,
        store=store,
        fees=fees,
        rows=rows,
        fee_lines=reconciled.fee_lines,
        summary=summary,
        run_id=run_id,
        seconds=t_end - t0,
        timings={"load": t_load - t0, "rules": t_rules - t_load, "summary": t_end - t_rules},
        non_krw_payments=tuple(_foreign(p) for p in non_krw),
    )
    if live or sid is None:
        return result
    from recon_app.services.closing import with_close_state  # closing builds on this module

    return with_close_state(ledger, result)


#: Added to every row (the JSON output only ever gains fields): for a vbank_unpaid row, the
#: issued virtual account's payment id, its deposit deadline (unix seconds, 0 = none) and whether
#: that deadline had passed when the month was reconciled (an expired account will never be paid).
VBANK_COLUMNS = ("vbank_imp_uid", "vbank_due_at", "vbank_expired")


def _add_vbank_details(rows: pd.DataFrame, conn: Any, sid: int, *, now: int) -> None:
    n = len(rows)
    imp = np.full(n, None, dtype=object)
    due = np.zeros(n, dtype=np.int64)
    expired = np.zeros(n, dtype=bool)
    reasons = rows["reason"].to_numpy(dtype=object).copy() if n else np.zeros(0, dtype=object)
    if n and conn is not None:
        unpaid = np.flatnonzero(rows["status"].to_numpy(dtype=object) == "vbank_unpaid")
        keys = rows["order_id"].to_numpy(dtype=object)
        # A handful of rows per month: one indexed look-up each (store_id, merchant_uid).
        for i in unpaid:
            ready = [
                p
                for p in recon_repo.payments_of(conn, sid, str(keys[i]))
                if p["status"] == "ready" and p["pay_method"] == "vbank"
            ]
            if not ready:
                continue
            latest = max(ready, key=lambda p: (p.get("vbank_date") or 0, p["imp_uid"]))
            imp[i] = latest["imp_uid"]
            due[i] = int(latest.get("vbank_date") or 0)
            expired[i] = 0 < due[i] <= now
            when = format_kst(int(due[i]))
            if when:
                state = "지남" if expired[i] else "까지"
                reasons[i] = f"{reasons[i]} (결제 {imp[i]}, 입금기한 {when} {state})"
            else:
                reasons[i] = f"{reasons[i]} (결제 {imp[i]})"
    rows["vbank_imp_uid"] = pd.Series(imp, index=rows.index, dtype=object)
    rows["vbank_due_at"] = due
    rows["vbank_expired"] = expired
    if n:
        rows["reason"] = pd.Series(reasons, index=rows.index, dtype=object)


def _foreign(payment: dict[str, Any]) -> dict[str, str]:
    """A non-KRW payment for people and the JSON report: amounts in its own currency's text."""
    currency = str(payment["currency"])
    return {
        "imp_uid": str(payment["imp_uid"]),
        "merchant_uid": str(payment["merchant_uid"]),
        "status": str(payment["status"]),
        "currency": currency,
        "amount": format_minor(int(payment["amount"]), currency),
        "cancel_amount": format_minor(int(payment["cancel_amount"]), currency),
        "paid_at": format_kst(int(payment["paid_at"])),
    }


def _apply_resolutions(rows: pd.DataFrame, resolutions: list[dict[str, Any]]) -> None:
    """Mark exception rows whose (row_key, status) has an active resolution; keep its note."""
    if not resolutions or not len(rows):
        return
    latest = {(r["row_key"], r["status"]): r for r in resolutions}
    keys = rows["row_key"].to_numpy(object)
    candidates = np.flatnonzero(np.isin(keys, list({k for k, _ in latest})))
    if not len(candidates):
        return
    status = rows["status"].to_numpy(object)
    is_exc = rows["is_exception"].to_numpy(bool)
    resolved = rows["resolved"].to_numpy(bool).copy()
    notes = rows["resolution_note"].to_numpy(object).copy()
    for i in candidates.tolist():
        found = latest.get((keys[i], status[i]))
        if found is not None and is_exc[i]:
            resolved[i] = True
            notes[i] = (
                f"{found['note']} ({found['resolved_by']}, {format_kst(found['resolved_at'])})"
            )
    rows["resolved"] = resolved
    rows["resolution_note"] = pd.Series(notes, dtype=object, index=rows.index)


# -- detail view -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowDetail:
    row: dict[str, Any]
    order: dict[str, Any] | None
    #: each payment dict carries "captured", "cancels" (list) and "fee" (FeeBreakdown or None)
    payments: list[dict[str, Any]]
    fee_steps: list[str]
    reason: str
    status_label: str

    @property
    def fees(self) -> list[FeeBreakdown]:
        return [p["fee"] for p in self.payments if p["fee"] is not None]


def explain_row(ledger: Ledger, result: ReconResult, row_key: str) -> RowDetail:
    """Everything behind one result row: order, payments with cancel history, fee steps."""
    match = result.rows.loc[result.rows["row_key"].to_numpy(object) == row_key]
    if not len(match):
        raise InputError(f"대사 결과에 '{row_key}' 행이 없습니다.")
    row = {k: _plain(v) for k, v in match.iloc[0].to_dict().items()}
    with ledger.read() as conn:
        sid = store_id(conn, result.store, create=False)
        if sid is None:
            raise InputError(f"상점 '{result.store}'이(가) 원장에 없습니다.")
        order = None if row["is_orphan"] else recon_repo.order_by_id(conn, sid, row_key)
        merchant_uid = row["order_id"]
        payments = recon_repo.payments_of(conn, sid, merchant_uid)
        cancels = recon_repo.cancel_history(conn, sid, [p["imp_uid"] for p in payments])
    steps: list[str] = []
    for p in payments:
        captured = bool(p["paid_at"]) and p["status"] in ("paid", "cancelled")
        p["captured"] = captured
        p["cancels"] = cancels.get(p["imp_uid"], [])
        p["fee"] = None
        currency = p.get("currency") or "KRW"
        if currency != "KRW":
            # Not won: shown in its own currency, no won fee, and (see recon_repo) not reconciled.
            for key in ("amount", "cancel_amount"):
                p[key] = f"{format_minor(p[key], currency)} {currency}"
            p["cancels"] = [
                {**c, "amount": f"{format_minor(c['amount'], currency)} {currency}"}
                for c in p["cancels"]
            ]
            steps.append(f"[{p['imp_uid']}] {currency} 결제: 원화 대사와 수수료 계산에서 뺐습니다")
            continue
        if captured:
            breakdown = result.fees.compute(
                p["amount"] - p["cancel_amount"], p["pg_provider"], p["pay_method"]
            )
            p["fee"] = breakdown
            steps.append(f"[{p['imp_uid']}]")
            steps.extend(breakdown.steps)
    return RowDetail(
        row=row,
        order=order,
        payments=payments,
        fee_steps=steps,
        reason=str(row["reason"]),
        status_label=label_of(str(row["status"])),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    return value


STATUS_ORDER = [s.value for s in RULE_ORDER]
