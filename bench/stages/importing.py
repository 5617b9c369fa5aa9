"""Import stages: the order export (CP949 CSV, XLSX) into an empty ledger, and their floors.

* ``csv``  — ``import_orders`` of orders.csv (parse, validate, upsert) into a fresh ledger.
* ``csv_floor`` — the same rows the bare way: ``pandas.read_csv`` (CP949) + the conversions the
  rows need (date → unix seconds, status word → status) + one raw ``sqlite3`` ``executemany``
  INSERT into the same ``orders`` table, in one transaction, with the ledger's pragmas.
* ``xlsx`` — ``import_orders`` of orders.xlsx into a fresh ledger.
* ``xlsx_floor`` — python-calamine reading the same sheet bare (``to_python``): the fastest
  reader available for the format (ENVIRONMENT.md: 0.82 s vs pandas+calamine 1.22 s, openpyxl 10.5 s).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import fresh_path, remove_db, reset_peak, timed
from bench.generate import HEADERS, ensure_files
from recon_app.domain.timeutil import KST_OFFSET_SECONDS

STATUS_OF = {
    "결제완료": "paid",
    "배송준비중": "paid",
    "배송중": "paid",
    "배송완료": "paid",
    "구매확정": "paid",
    "입금대기": "awaiting_payment",
    "주문취소": "cancelled",
    "취소완료": "cancelled",
    "부분환불": "partially_refunded",
}


def _fresh_ledger(name: str) -> tuple[Any, Path]:
    from recon_app.storage.db import open_ledger

    path = fresh_path(name)
    return open_ledger(path), path


def app_import(n: int, kind: str) -> dict[str, Any]:
    from recon_app.services import importing

    files = ensure_files(n, xlsx=(kind == "xlsx"))
    ledger, path = _fresh_ledger(f"import-{kind}")
    out: dict[str, Any] = {}
    try:
        reset_peak()
        with timed(out):
            report = importing.import_orders(ledger, files[kind])
    finally:
        ledger.close()
        remove_db(path)
    if report.inserted != n:
        raise RuntimeError(f"import_orders inserted {report.inserted} of {n}")
    return out


def csv_floor(n: int) -> dict[str, Any]:
    import pandas as pd

    files = ensure_files(n, xlsx=False)
    ledger, path = _fresh_ledger("floor-csv")
    ledger.close()
    con = sqlite3.connect(path, isolation_level=None)
    for pragma in ("busy_timeout=15000", "foreign_keys=ON", "journal_mode=WAL", "synchronous=FULL"):
        con.execute(f"PRAGMA {pragma}")
    con.execute("INSERT INTO stores (name, created_at) VALUES ('default', 0)")
    sid = con.execute("SELECT id FROM stores WHERE name='default'").fetchone()[0]
    out: dict[str, Any] = {}
    try:
        reset_peak()
        with timed(out):
            df = pd.read_csv(files["csv"], encoding="cp949", dtype=str, keep_default_na=False)
            at = pd.to_datetime(df[HEADERS[1]], format="%Y-%m-%d %H:%M:%S")
            ordered_at = (
                at.to_numpy("datetime64[s]").astype(np.int64) - KST_OFFSET_SECONDS
            ).tolist()
            amount = df[HEADERS[6]].astype(np.int64).tolist()
            refund = df[HEADERS[7]]
            refunded = [None if v == "" else int(v) for v in refund.tolist()]
            status = df[HEADERS[2]].map(STATUS_OF).tolist()
            now = int(time.time())
            rows = zip(
                [sid] * len(df),
                df[HEADERS[0]].tolist(),
                ordered_at,
                amount,
                status,
                refunded,
                df[HEADERS[3]].tolist(),
                df[HEADERS[4]].tolist(),
                [now] * len(df),
            )
            con.execute("BEGIN IMMEDIATE")
            con.executemany(
                "INSERT INTO orders (store_id, order_id, ordered_at, amount, status, refunded_amount, "
                "pay_method, buyer_name, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                rows,
            )
            con.execute("COMMIT")
        count = con.execute("SELECT COUNT(*) FROM orders").fetchone()[0]
    finally:
        con.close()
        remove_db(path)
    if count != n:
        raise RuntimeError(f"floor inserted {count} of {n}")
    return out


def xlsx_floor(n: int) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    files = ensure_files(n, xlsx=True)
    out: dict[str, Any] = {}
    reset_peak()
    with timed(out):
        rows = CalamineWorkbook.from_path(str(files["xlsx"])).get_sheet_by_index(0).to_python()
    if len(rows) != n + 1:
        raise RuntimeError(f"calamine read {len(rows)} rows")
    return out


def measure(mode: str, n: int, quick: bool) -> dict[str, Any]:
    if mode == "csv":
        return app_import(n, "csv")
    if mode == "xlsx":
        return app_import(n, "xlsx")
    if mode == "csv_floor":
        return csv_floor(n)
    if mode == "xlsx_floor":
        return xlsx_floor(n)
    raise ValueError(mode)
