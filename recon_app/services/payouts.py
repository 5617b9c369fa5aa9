"""Was I paid? Expected payouts of a month against the bank's deposits (issue 13).

``payouts_month`` forecasts every payout record from the fee file's ``[[payout]]`` rules (or
takes the PG-reported ones, ``reported``), groups them per (pg, payout date), keeps the groups
whose payout date falls in the month, and matches the store's bank deposits to them
(``domain.payout_matching``). ``payout_columns`` gives the reconcile rows their payout date.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from recon_app.domain.display import format_count, format_won
from recon_app.domain.errors import InputError
from recon_app.domain.fees import FeeSchedule
from recon_app.domain.payout_matching import DEFAULT_SENDERS, PayoutMatch, match_payouts
from recon_app.domain.payouts import (
    apply_reported,
    carry_forward,
    expected_payouts,
    forecast_records,
    kst_dates,
)
from recon_app.domain.timeutil import KST, month_bounds, parse_month
from recon_app.services.fee_rules import load_fee_schedule
from recon_app.storage import bank_repo
from recon_app.storage.db import Ledger
from recon_app.storage.stores import DEFAULT_STORE, store_id

#: How far before the month a sale can be and still be paid out in it (D+n, weekly, holidays).
LOOKBACK_DAYS = 45
#: Deposits after the month's end still count for its last payouts (2 business days + holidays).
LOOKAHEAD_DAYS = 12

STATUS_LABELS = {
    "matched": "입금 확인",
    "short": "덜 입금",
    "over": "더 입금",
    "missing": "입금 안 됨",
    "scheduled": "입금 예정",
}


@dataclass(frozen=True)
class PayoutReport:
    month: str
    store: str
    as_of: date
    fees: FeeSchedule
    #: one row per (pg, payout date) in the month: domain.payout_matching.PAYOUT_COLUMNS
    payouts: pd.DataFrame
    #: PG deposits of the month that no payout took
    unexplained: pd.DataFrame
    #: every payout record behind the month's payouts (forecast or PG-reported)
    records: pd.DataFrame
    #: non-business days of the month: date → name
    holidays: dict[date, str] = field(default_factory=dict)
    #: payments that no payout rule covers (they have no forecast)
    unforecast: int = 0
    seconds: float = 0.0

    @property
    def expected_total(self) -> int:
        return int(self.payouts["expected_amount"].sum())

    @property
    def received_total(self) -> int:
        return int(self.payouts["deposited_amount"].sum())

    def count(self, status: str) -> int:
        return int((self.payouts["status"] == status).sum())

    def summary_lines(self) -> list[str]:
        lines = [
            f"{self.month} 입금 대사 — 상점 '{self.store}', 기준일 {self.as_of.isoformat()}",
            f"지급 예정 {format_count(len(self.payouts))}건 {format_won(self.expected_total)}원, "
            f"입금 확인된 금액 {format_won(self.received_total)}원",
        ]
        parts = [
            f"{STATUS_LABELS[s]} {format_count(self.count(s))}건"
            for s in STATUS_LABELS
            if self.count(s)
        ]
        if parts:
            lines.append(", ".join(parts))
        if len(self.unexplained):
            total = int(self.unexplained["amount"].sum())
            lines.append(
                f"설명되지 않은 PG 입금 {format_count(len(self.unexplained))}건 {format_won(total)}원"
            )
        if self.unforecast:
            lines.append(
                f"지급 규칙이 없어 예측하지 못한 결제 {format_count(self.unforecast)}건 "
                "(수수료 파일에 [[payout]] 규칙을 추가하세요)"
            )
        problems = self.payouts.loc[self.payouts["status"].isin(["missing", "short", "over"])]
        for row in _records(problems):
            lines.append(
                f"  {STATUS_LABELS[str(row['status'])]}: {row['pg']} "
                f"{_day(row['payout_date'])} 예정 {format_won(int(row['expected_amount']))}원, "
                f"입금 {format_won(int(row['deposited_amount']))}원 "
                f"(차이 {format_won(int(row['difference']))}원)"
            )
        return lines


def senders_for(ledger: Ledger, store: str) -> dict[str, list[str]]:
    """The store's sender names per PG: its own list where it has one, else the built-in."""
    names = {pg: list(v) for pg, v in DEFAULT_SENDERS.items()}
    with ledger.read() as conn:
        sid = store_id(conn, store, create=False)
        if sid is not None:
            names.update(bank_repo.read_senders(conn, sid))
    return names


def save_senders(ledger: Ledger, store: str, pg: str, names: Sequence[str]) -> None:
    """Replace the store's sender names of one PG (an empty list brings back the built-in)."""
    with ledger.write() as conn:
        sid = store_id(conn, store)
        assert sid is not None
        bank_repo.replace_senders(conn, sid, pg, names)


def payouts_month(
    ledger: Ledger,
    month: str,
    store: str = DEFAULT_STORE,
    *,
    fees: FeeSchedule | None = None,
    as_of: date | None = None,
    reported: pd.DataFrame | None = None,
) -> PayoutReport:
    """Expected payouts of ``month`` and their deposits. ``reported``: PG-reported payout
    records (domain.payouts.RECORD_COLUMNS) that replace the forecast of their payments."""
    t0 = time.perf_counter()
    try:
        start, end = month_bounds(month)
        year, mon = parse_month(month)
    except ValueError as exc:
        raise InputError(str(exc), hint="--month 2026-11 처럼 연-월로 적어 주세요.") from None
    first = date(year, mon, 1)
    last = (datetime(year + (mon == 12), mon % 12 + 1, 1) - timedelta(days=1)).date()
    as_of = as_of or datetime.now(KST).date()
    if fees is None:
        fees = load_fee_schedule(ledger)
    schedule = fees.payouts
    senders = senders_for(ledger, store)
    with ledger.read() as conn:
        sid = store_id(conn, store, create=False)
        if sid is None and store != DEFAULT_STORE:
            raise InputError(
                f"상점 '{store}'이(가) 원장에 없습니다.",
                hint="'recon-app stores'로 상점 이름을 확인하세요.",
            )
        if sid is None:
            payments, cancels = _no_payments()
            deps = bank_repo.deposits(conn, -1, 0, 0)
        else:
            payments, cancels = bank_repo.payout_inputs(
                conn, sid, start - LOOKBACK_DAYS * 86400, end
            )
            deps = bank_repo.deposits(conn, sid, start, end + LOOKAHEAD_DAYS * 86400)

    records = forecast_records(payments, cancels, _settle(fees), schedule)
    records = carry_forward(apply_reported(records, reported))
    unforecast = int(records.loc[records["payout_date"].isna(), "imp_uid"].nunique())
    groups = expected_payouts(records)
    in_month = (groups["payout_date"] >= pd.Timestamp(first)) & (
        groups["payout_date"] <= pd.Timestamp(last)
    )
    groups = groups.loc[in_month.to_numpy(bool)].reset_index(drop=True)
    month_pgs = list(dict.fromkeys(groups["pg"].tolist()))
    ordered = {pg: senders[pg] for pg in month_pgs if pg in senders}
    ordered.update({pg: v for pg, v in senders.items() if pg not in ordered})
    cal = schedule.calendar()
    match: PayoutMatch = match_payouts(
        groups, deps, senders=ordered, calendar=cal, as_of=as_of, month=(first, last)
    )
    dates = records["payout_date"]
    in_month_records = (dates >= pd.Timestamp(first)) & (dates <= pd.Timestamp(last))
    return PayoutReport(
        month=month.strip(),
        store=store,
        as_of=as_of,
        fees=fees,
        payouts=match.payouts,
        unexplained=match.unexplained,
        records=records.loc[in_month_records.to_numpy(bool)].reset_index(drop=True),
        holidays=cal.holiday_names(first, last),
        unforecast=unforecast,
        seconds=time.perf_counter() - t0,
    )


def payouts_for_result(
    ledger: Ledger, month: str, store: str, fees: FeeSchedule
) -> PayoutReport | None:
    """The month's payout report for a reconcile's Excel, when the store has a bank account in
    the ledger (without a statement there is nothing to compare; the sheet is left out)."""
    with ledger.read() as conn:
        sid = store_id(conn, store, create=False)
        if sid is None or not bank_repo.list_accounts(conn, sid):
            return None
    return payouts_month(ledger, month, store, fees=fees)


def payments_of_payout(report: PayoutReport, pg: str, payout_date: date) -> pd.DataFrame:
    """The payout records (approvals and cancels) behind one payout (the GUI's drill-down)."""
    r = report.records
    mask = (r["pg"].fillna("") == pg) & (r["payout_date"] == pd.Timestamp(payout_date))
    return r.loc[mask.to_numpy(bool)].reset_index(drop=True)


def daily_cash(report: PayoutReport) -> pd.DataFrame:
    """Per day of the month: expected (Σ payouts due that day) and received (Σ deposits that
    took a payout, by deposit date); ``worst`` = missing > short/over > matched > scheduled."""
    p = report.payouts
    expected = p.groupby(p["payout_date"].dt.date)["expected_amount"].sum()
    has = p["deposit_id"].to_numpy(np.int64) >= 0
    dep_days = kst_dates(p["deposit_at"].to_numpy(np.int64)[has])
    received = (
        pd.Series(p["deposited_amount"].to_numpy(np.int64)[has])
        .groupby(pd.to_datetime(dep_days).date)
        .sum()
    )
    rank = {"missing": 3, "short": 2, "over": 2, "matched": 1, "scheduled": 0}
    worst = p.assign(rank=p["status"].map(rank)).groupby(p["payout_date"].dt.date)["rank"].max()
    days = sorted(set(expected.index) | set(received.index))
    names = {v: k for k, v in rank.items() if k != "over"}
    return pd.DataFrame(
        {
            "day": days,
            "expected": [int(expected.get(d, 0)) for d in days],
            "received": [int(received.get(d, 0)) for d in days],
            "worst": [names.get(int(worst.get(d, -1)), "") for d in days],
        }
    )


# -- reconcile rows' payout date -------------------------------------------------------------------
def payout_columns(
    rows: pd.DataFrame, fee_lines: pd.DataFrame, fees: FeeSchedule
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.object_]]:
    """Per reconcile row: the latest forecast payout date (YYYY-MM-DD) of its approval records
    and the source ("forecast"; None where no rule covers them)."""
    n = len(rows)
    dates_out = np.full(n, None, dtype=object)
    source = np.full(n, None, dtype=object)
    if not len(fee_lines) or not fees.payouts.rules:
        return dates_out, source
    sale = kst_dates(fee_lines["paid_at"].to_numpy(np.int64))
    due = fees.payouts.payout_dates(
        sale, fee_lines["pg_provider"].to_numpy(object), fee_lines["pay_method"].to_numpy(object)
    )
    pos = pd.Index(rows["row_key"].to_numpy(object)).get_indexer(
        fee_lines["row_key"].to_numpy(object)
    )
    ok = (pos >= 0) & ~np.isnat(due)
    latest = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    days = due[ok].astype(np.int64)
    best = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(best, pos[ok], days)
    has = best != np.iinfo(np.int64).min
    latest[has] = best[has].astype("datetime64[D]")
    dates_out[has] = np.datetime_as_string(latest[has], unit="D").astype(object)
    source[has] = "forecast"
    return dates_out, source


def _settle(fees: FeeSchedule) -> Any:
    def settle(kept: Any, pg: Any, method: Any) -> npt.NDArray[np.int64]:
        kept = np.asarray(kept, dtype=np.int64)
        fee, vat = fees.compute_columns(kept, np.asarray(pg, object), np.asarray(method, object))
        result: npt.NDArray[np.int64] = kept - fee - vat
        return result

    return settle


def _no_payments() -> tuple[pd.DataFrame, pd.DataFrame]:
    payments = pd.DataFrame(
        {
            c: pd.Series(
                dtype=object
                if c in ("imp_uid", "merchant_uid", "pg_provider", "pay_method")
                else np.int64
            )
            for c in (
                "imp_uid",
                "merchant_uid",
                "pg_provider",
                "pay_method",
                "amount",
                "cancel_amount",
                "paid_at",
                "cancelled_at",
            )
        }
    )
    cancels = pd.DataFrame(
        {
            "imp_uid": pd.Series(dtype=object),
            "amount": pd.Series(dtype=np.int64),
            "cancelled_at": pd.Series(dtype=np.int64),
        }
    )
    return payments, cancels


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values (one ``tolist`` per column)."""
    columns = {str(c): frame[c].tolist() for c in frame.columns}
    return [{c: v[i] for c, v in columns.items()} for i in range(len(frame))]


def _day(value: Any) -> str:
    return pd.Timestamp(value).date().isoformat()


def _kst_text(unix: int) -> str:
    return datetime.fromtimestamp(unix, KST).strftime("%Y-%m-%d %H:%M:%S")


def plain_payout_rows(report: PayoutReport) -> list[dict[str, Any]]:
    """The JSON contract rows: {pg, payout_date, expected_amount, deposited_amount, difference,
    status, source, payments, deposit}."""
    out: list[dict[str, Any]] = []
    for row in _records(report.payouts):
        deposit = None
        if int(row["deposit_id"]) >= 0:
            deposit = {
                "id": int(row["deposit_id"]),
                "at": _kst_text(int(row["deposit_at"])),
                "amount": int(row["deposited_amount"]),
                "text": row["deposit_text"],
                "account": row["deposit_account"],
            }
        out.append(
            {
                "pg": row["pg"],
                "payout_date": _day(row["payout_date"]),
                "expected_amount": int(row["expected_amount"]),
                "deposited_amount": int(row["deposited_amount"]),
                "difference": int(row["difference"]),
                "status": str(row["status"]),
                "source": str(row["source"]),
                "payments": int(row["payments"]),
                "deposit": deposit,
            }
        )
    return out


def plain_unexplained(report: PayoutReport) -> list[dict[str, Any]]:
    return [
        {
            "id": int(r["deposit_id"]),
            "pg": r["pg"],
            "at": _kst_text(int(r["deposit_at"])),
            "amount": int(r["amount"]),
            "text": r["text"],
            "account": r["account"],
        }
        for r in _records(report.unexplained)
    ]


def senders_table(senders: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    return [(pg, ", ".join(names)) for pg, names in sorted(senders.items())]
