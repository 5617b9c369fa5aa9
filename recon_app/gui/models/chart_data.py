"""What the dashboard charts show, computed on a worker from a ReconResult (Qt-free).

Daily series come from ``fee_lines`` (one row per captured payment): sales = amount paid that KST
day, settlement = expected settlement of those payments. Fees are grouped by PG × method.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from recon_app.domain.timeutil import month_bounds

_DAY = 86_400
_KST_OFFSET = 9 * 3600


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
        np.add.at(sales, day[inside], _ints(fee_lines, "amount")[inside])
        np.add.at(settle, day[inside], _ints(fee_lines, "settlement")[inside])
        pg = _text(fee_lines, "pg_provider")
        method = _text(fee_lines, "pay_method")
        frame = pd.DataFrame(
            {"g": pg + " / " + method, "fee": _ints(fee_lines, "fee"), "vat": _ints(fee_lines, "fee_vat")}
        )
        summed = frame.groupby("g", sort=True)[["fee", "vat"]].sum()
        summed = summed.sort_values("fee", ascending=False)
        groups = tuple(str(g) for g in summed.index)
        fees = tuple(int(x) for x in summed["fee"])
        vat = tuple(int(x) for x in summed["vat"])
    return ChartData(days, tuple(int(x) for x in sales), tuple(int(x) for x in settle), groups, fees, vat)


def _ints(frame: pd.DataFrame, key: str) -> np.ndarray:
    if key not in frame.columns:
        return np.zeros(len(frame), dtype=np.int64)
    return pd.to_numeric(frame[key], errors="coerce").fillna(0).to_numpy(dtype=np.int64)


def _text(frame: pd.DataFrame, key: str) -> pd.Series:
    if key not in frame.columns:
        return pd.Series(["-"] * len(frame), dtype=object)
    col = frame[key].astype(object)
    return col.where(col.notna() & (col != ""), "-").astype(str).reset_index(drop=True)


def summary_value(summary: Any, name: str) -> int:
    """A KPI from ReconSummary (dataclass or mapping); 0 if the service lacks it."""
    value = summary.get(name, 0) if isinstance(summary, dict) else getattr(summary, name, 0)
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0
