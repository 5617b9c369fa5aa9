"""Payout matching stage (issue 13): N payments' payouts against N/10 bank deposits.

* ``app``      — the matching `recon-app payouts` does: Σ per (pg, payout date) of N payout
  records (``expected_payouts``), the PG read from each deposit's text, and ``match_payouts``
  (exact, short/over, one deposit per payout, statuses, unexplained deposits).
* ``floor``    — a bare pandas version on the same keys: ``groupby(pg, payout_date).sum()`` of the
  same records, one ``merge`` with the deposits (already tagged with their pg) on (pg, amount),
  and the date-window filter. No text matching, no one-to-one assignment, no statuses.
* ``forecast`` — the step before (no target): N payments → payout records.

App and floor start from the same in-memory records (made before the clock starts), so the
ratio is the cost of the app's matching over pandas' own, not of reading the ledger.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from bench.common import reset_peak, timed

PGS = ("html5_inicis", "kcp", "nice_v2", "kakaopay", "tosspayments", "naverpay", "danal_tpay")
SENDER_TEXT = (
    "(주)케이지이니시스",
    "KCP",
    "나이스페이먼츠",
    "카카오페이",
    "토스페이맨",
    "네이버파이낸셜",
    "다날",
)
START = np.datetime64("2026-09-01")
DAYS = 91


def make_inputs(n: int, seed: int = 13) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    paid_day = START + rng.integers(0, DAYS, n).astype("timedelta64[D]")
    paid_at = (paid_day.astype("datetime64[s]").astype(np.int64) - 9 * 3600) + rng.integers(
        0, 86_400, n
    )
    amount = rng.integers(1, 300, n) * 1_000
    cancelled = rng.random(n) < 0.05
    payments = pd.DataFrame(
        {
            "imp_uid": pd.Series([f"imp_{i:08d}" for i in range(n)], dtype=object),
            "merchant_uid": pd.Series([f"o_{i:08d}" for i in range(n)], dtype=object),
            "pg_provider": pd.Series(np.array(PGS, dtype=object)[rng.integers(0, len(PGS), n)]),
            "pay_method": pd.Series(
                np.where(rng.random(n) < 0.85, "card", "vbank").astype(object), dtype=object
            ),
            "amount": amount.astype(np.int64),
            "cancel_amount": np.where(cancelled, amount, 0).astype(np.int64),
            "paid_at": paid_at.astype(np.int64),
            "cancelled_at": np.where(cancelled, paid_at + 86_400, 0).astype(np.int64),
        }
    )
    cancels = pd.DataFrame(
        {
            "imp_uid": payments["imp_uid"][cancelled].to_numpy(object),
            "amount": payments["amount"][cancelled].to_numpy(np.int64),
            "cancelled_at": payments["cancelled_at"][cancelled].to_numpy(np.int64),
        }
    )
    m = max(n // 10, 10)
    pg_index = rng.integers(0, len(PGS), m)
    pg_deposit = rng.random(m) < 0.5  # half from PGs, half from customers
    text = np.where(
        pg_deposit,
        np.array(SENDER_TEXT, dtype=object)[pg_index],
        "고객" + pd.Series(range(m)).astype(str),
    )
    dep_day = START + rng.integers(0, DAYS + 10, m).astype("timedelta64[D]")
    deposits = pd.DataFrame(
        {
            "deposit_id": np.arange(m, dtype=np.int64),
            "occurred_at": (dep_day.astype("datetime64[s]").astype(np.int64) - 9 * 3600 + 36_000),
            "amount": (rng.integers(1, 3_000, m) * 1_000).astype(np.int64),
            "text": pd.Series(text, dtype=object),
            "account": "bench",
            "pg": pd.Series(np.where(pg_deposit, np.array(PGS, dtype=object)[pg_index], None)),
        }
    )
    return {"payments": payments, "cancels": cancels, "deposits": deposits}


def _schedule() -> Any:
    from recon_app.domain.fees import default_schedule

    return default_schedule()


def _records(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    from recon_app.domain.payouts import carry_forward, forecast_records

    fees = _schedule()

    def settle(kept: Any, pg: Any, method: Any) -> Any:
        fee, vat = fees.compute_columns(kept, pg, method)
        return np.asarray(kept, dtype=np.int64) - fee - vat

    return carry_forward(forecast_records(data["payments"], data["cancels"], settle, fees.payouts))


def app(n: int) -> dict[str, Any]:
    """Matching: Σ per (pg, payout date) of N payout records and ``match_payouts`` against the
    deposits (sender names read from their texts)."""
    from recon_app.domain.payout_matching import DEFAULT_SENDERS, match_payouts
    from recon_app.domain.payouts import expected_payouts

    data = make_inputs(n)
    records = _records(data)
    deposits = data["deposits"].drop(columns="pg")
    calendar = _schedule().payouts.calendar()
    calendar.add_business_days(np.array(["2026-10-01"], "datetime64[D]"), np.array([1]))
    out: dict[str, Any] = {}
    reset_peak()
    with timed(out):
        groups = expected_payouts(records)
        match = match_payouts(
            groups, deposits, senders=DEFAULT_SENDERS, calendar=calendar, as_of=date(2026, 12, 1)
        )
    out["extra"] = {"payouts": len(match.payouts), "deposits": len(deposits)}
    return out


def forecast(n: int) -> dict[str, Any]:
    """The step before matching (no target): N payments → payout records (fees, cancels,
    business days, netting)."""
    data = make_inputs(n)
    _schedule()
    out: dict[str, Any] = {}
    reset_peak()
    with timed(out):
        records = _records(data)
    out["extra"] = {"records": len(records)}
    return out


def floor(n: int) -> dict[str, Any]:
    """Bare pandas on the same keys: Σ per (pg, payout date), merge with the (pg-tagged)
    deposits on (pg, amount), keep the pairs inside the window."""
    data = make_inputs(n)
    records = _records(data)
    deposits = data["deposits"].loc[data["deposits"]["pg"].notna()]
    out: dict[str, Any] = {}
    reset_peak()
    with timed(out):
        frame = pd.DataFrame(
            {
                "pg": records["pg"],
                "payout_date": records["payout_date"],
                "amount": records["payout_amount"],
            }
        )
        groups = frame.groupby(["pg", "payout_date"], sort=False)["amount"].sum().reset_index()
        dep_day = (
            (deposits["occurred_at"].to_numpy(np.int64) + 9 * 3600)
            .astype("datetime64[s]")
            .astype("datetime64[D]")
            .astype("datetime64[s]")
        )
        dep = pd.DataFrame(
            {"pg": deposits["pg"], "amount": deposits["amount"], "deposit_date": dep_day}
        )
        merged = groups.merge(dep, on=["pg", "amount"])
        window = (merged["deposit_date"] >= merged["payout_date"]) & (
            merged["deposit_date"] <= merged["payout_date"] + pd.Timedelta(days=4)
        )
        merged = merged.loc[window]
    out["extra"] = {"groups": len(groups), "pairs": len(merged)}
    return out


def measure(mode: str, n: int, quick: bool) -> dict[str, Any]:
    if mode == "app":
        return app(n)
    if mode == "floor":
        return floor(n)
    if mode == "forecast":
        return forecast(n)
    raise ValueError(f"unknown mode {mode}")
