"""CSV report: UTF-8 with BOM (Excel opens Korean correctly), formula-looking text neutralised."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from recon_app.adapters.report.atomic import atomic_path
from recon_app.adapters.report.sanitize import csv_safe_column
from recon_app.adapters.report.xlsx import Column
from recon_app.domain.timeutil import KST_OFFSET_SECONDS


def write_csv(path: Path, columns: Sequence[Column], data: dict[str, Any]) -> Path:
    """One header row of ``Column.header``, then the rows; money as plain integers."""
    prepared = []
    for col in columns:
        values = data[col.key]
        if col.kind in ("money", "int"):
            prepared.append(np.asarray(values, dtype=np.int64).tolist())
        elif col.kind == "datetime":
            prepared.append(_kst_text(np.asarray(values, dtype=np.int64)))
        else:
            arr = csv_safe_column(np.asarray(values, dtype=object))
            prepared.append(["" if v is None else v for v in arr.tolist()])
    with (
        atomic_path(Path(path), "CSV 파일") as tmp,
        open(tmp, "w", encoding="utf-8-sig", newline="") as fh,
    ):
        writer = csv.writer(fh)
        writer.writerow([c.header for c in columns])
        writer.writerows(zip(*prepared))
    return Path(path)


def _kst_text(ts: np.ndarray) -> list[str]:
    """Unix seconds → "2026-10-05 13:45:00" (KST, fixed +9); 0 (not set) → ""."""
    text = np.datetime_as_string((ts + KST_OFFSET_SECONDS).astype("datetime64[s]"), unit="s")
    out = [t.replace("T", " ") for t in text.tolist()]
    for i in np.flatnonzero(ts <= 0).tolist():
        out[i] = ""
    return out
