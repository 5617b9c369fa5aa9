"""What the dashboard charts show, computed on a worker from a ReconResult (Qt-free).

Daily series come from ``fee_lines`` (one row per captured payment): sales = amount paid that KST
day, settlement = expected settlement of those payments. Fees are grouped by PG × method.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recon_app.domain.timeutil import month_bounds

_DAY = 86_400


@dataclass(frozen=True)
class ChartData:
    days: tuple[int, ...]  # 1..31
    sales: tuple[int, ...]  # won per day
    settlement: tuple[int, ...]
    fee_groups: tuple[str, ...]  # "pg / method"
    fees: tuple[int, ...]
    fee_vat: tuple[int, ...]


def chart_data(month: str, fee_lines: pd.DataFrame | None) -> ChartData:
    start, end = month_bounds(month)
    n_days = (end - start) // _DAY
    days = tuple(range(1, n_days + 1))
    sales = np.zeros(n_days, dtype=np.int64)
    settle = np.zeros(n_days, dtype=np.int64)
    groups: tuple[str, ...] = ()
    fees: tuple[int, ...] = ()
    vat: tuple[int, ...] = ()
    if fee_lines is not None and len(fee_lines):
        paid_at = _ints(fee_lines, "paid_at")
        day = (paid_at - start) // _DAY
        inside = (paid_at >= start) & (paid_at < end)
        day, amount, settlement = (
            day[inside],
            _ints(fee_lines, "amount")[inside],
            _ints(fee_lines, "settlement")[inside],
        )
        # one short numpy pass per day, not np.add.at: that holds the GIL ~100 ms at 1M rows
        for d in range(n_days):
            on_day = day == d
            sales[d] = amount[on_day].sum()
            settle[d] = settlement[on_day].sum()
        # Grouped on integer codes: "pg / method" strings for a million rows would be one long
        # GIL-holding pandas op on the worker (the GUI thread stalls meanwhile).
        pg_codes, pgs = _codes(fee_lines, "pg_provider")
        method_codes, methods = _codes(fee_lines, "pay_method")
        frame = pd.DataFrame(
            {
                "g": pg_codes * len(methods) + method_codes,
                "fee": _ints(fee_lines, "fee"),
                "vat": _ints(fee_lines, "fee_vat"),
            }
        )
        summed = frame.groupby("g", sort=False)[["fee", "vat"]].sum()
        labels = [f"{pgs[g // len(methods)]} / {methods[g % len(methods)]}" for g in summed.index]
        order = sorted(range(len(labels)), key=lambda i: (-int(summed["fee"].iloc[i]), labels[i]))
        groups = tuple(labels[i] for i in order)
        fees = tuple(int(summed["fee"].iloc[i]) for i in order)
        vat = tuple(int(summed["vat"].iloc[i]) for i in order)
    return ChartData(
        days, tuple(int(x) for x in sales), tuple(int(x) for x in settle), groups, fees, vat
    )


def _ints(frame: pd.DataFrame, key: str) -> np.ndarray:
    if key not in frame.columns:
        return np.zeros(len(frame), dtype=np.int64)
    col = frame[key]
    if col.dtype.kind in "iu":  # the usual case: no per-value conversion pass
        return col.to_numpy(dtype=np.int64)
    return pd.to_numeric(col, errors="coerce").fillna(0).to_numpy(dtype=np.int64)


def _codes(frame: pd.DataFrame, key: str) -> tuple[np.ndarray, list[str]]:
    """(int codes, labels) of a low-cardinality text column; missing or blank share "-"."""
    if key not in frame.columns:
        return np.zeros(len(frame), dtype=np.int64), ["-"]
    codes, uniques = pd.factorize(frame[key].to_numpy(dtype=object), use_na_sentinel=True)
    texts = [u if isinstance(u, str) else str(u) for u in uniques]
    merged: dict[str, int] = {}
    remap = np.empty(len(texts) + 1, dtype=np.int64)
    for i, text in enumerate([*texts, ""]):  # the last entry is code -1: a missing value
        remap[i] = merged.setdefault(text or "-", len(merged))
    return remap[codes], list(merged)
