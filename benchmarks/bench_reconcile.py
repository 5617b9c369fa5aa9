"""Benchmark: reconcile a month of N orders from a real ledger file, and write the reports.

    .venv/bin/python benchmarks/bench_reconcile.py --orders 1000000 [--ledger /tmp/bench.sqlite3]
        [--xlsx] [--json] [--csv]

Builds (once, cached by path) a synthetic ledger: N orders in 2026-10 with ~1 payment each and a
realistic mix of refunds, cancellations, duplicates, vbank waits and orphans. Prints the time of
every stage, the baseline (a bare pandas merge + vectorised fee formula on the same data, in
memory), peak RSS, and for --xlsx a bare xlsxwriter write of the same cells for comparison.
Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from recon_app.domain.timeutil import month_bounds  # noqa: E402
from recon_app.storage.db import open_ledger  # noqa: E402

MONTH = "2026-10"


def build(path: Path, n: int, seed: int = 7) -> None:
    if path.exists():
        return
    t = time.perf_counter()
    led = open_ledger(path)
    led.close()
    rng = np.random.default_rng(seed)
    start, end = month_bounds(MONTH)
    ordered_at = np.sort(rng.integers(start, end, n))
    amount = rng.choice(np.arange(1000, 300000, 100), n)
    kind = rng.choice(
        ["ok", "partial", "cancel", "refund_missing", "dup", "vbank", "awaiting", "missing", "excess"],
        n,
        p=[0.9, 0.03, 0.02, 0.01, 0.005, 0.01, 0.01, 0.005, 0.01],
    )
    methods = np.array(["card", "vbank", "trans", "phone", "kakaopay"], dtype=object)
    pgs = np.array(["tosspayments", "kcp", "nice", "kakaopay"], dtype=object)
    method = methods[rng.choice(5, n, p=[0.6, 0.15, 0.1, 0.1, 0.05])]
    pg = pgs[rng.integers(0, 4, n)]
    names = np.array(["홍길동", "김철수", "이영희", "박민수", "최지우", "=HYPERLINK(\"x\")"], dtype=object)
    buyer = names[rng.integers(0, len(names), n)]
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("BEGIN")
    con.execute("INSERT INTO stores (id, name, created_at) VALUES (1, 'default', 0)")
    order_status = np.where(
        np.isin(kind, ["cancel"]), "cancelled",
        np.where(np.isin(kind, ["partial", "refund_missing"]), "partially_refunded",
                 np.where(kind == "awaiting", "awaiting_payment", "paid")),
    )
    refunded = np.where(np.isin(kind, ["partial", "refund_missing"]), amount // 2, 0)
    refunded_sql = [None if k == "cancel" else int(r) for k, r in zip(kind.tolist(), refunded.tolist())]
    con.executemany(
        "INSERT INTO orders (store_id, order_id, ordered_at, amount, status, refunded_amount, "
        "pay_method, buyer_name, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, 0)",
        zip((f"ORD-{i:08d}" for i in range(n)), ordered_at.tolist(), amount.tolist(),
            order_status.tolist(), refunded_sql, method.tolist(), buyer.tolist()),
    )

    def payments():
        for i, (k, amt, at, m, p, b) in enumerate(
            zip(kind.tolist(), amount.tolist(), ordered_at.tolist(), method.tolist(), pg.tolist(), buyer.tolist())
        ):
            uid = f"ORD-{i:08d}"
            paid_at = at + 30
            if k in ("missing", "awaiting"):
                continue
            if k == "vbank":
                yield (f"imp_{i}", uid, "ready", "vbank", p, amt, 0, 0, b)
                continue
            cancel = {"partial": amt // 2, "cancel": amt, "excess": amt // 3}.get(k, 0)
            status = "cancelled" if cancel else "paid"
            yield (f"imp_{i}", uid, status, m, p, amt, cancel, paid_at, b)
            if k == "dup":
                yield (f"imp_{i}_2", uid, "paid", m, p, amt, 0, paid_at + 5, b)
        for j in range(max(1, n // 1000)):  # orphans
            yield (f"imp_orphan_{j}", f"GHOST-{j}", "paid", "card", "kcp", 10000, 0, start + 3600 * (j % 700), "유령")

    con.executemany(
        "INSERT INTO payments (store_id, imp_uid, merchant_uid, status, pay_method, pg_provider, "
        "currency, amount, cancel_amount, paid_at, buyer_name, started_at, failed_at, cancelled_at, "
        "sandbox, synced_at) VALUES (1, ?, ?, ?, ?, ?, 'KRW', ?, ?, ?, ?, 0, 0, 0, 1, 0)",
        payments(),
    )
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.close()
    print(f"built {path} with {n:,} orders in {time.perf_counter() - t:.1f} s")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def baseline(path: Path) -> float:
    """A bare pandas merge + vectorised fee formula on the same (already loaded) data."""
    start, end = month_bounds(MONTH)
    con = sqlite3.connect(path)
    o = pd.read_sql("SELECT order_id, amount, refunded_amount FROM orders WHERE store_id=1 AND "
                    f"ordered_at >= {start} AND ordered_at < {end}", con)
    p = pd.read_sql("SELECT merchant_uid, amount AS p_amount, cancel_amount FROM payments WHERE store_id=1", con)
    con.close()
    t = time.perf_counter()
    m = o.merge(p, left_on="order_id", right_on="merchant_uid", how="left")
    kept = (m["p_amount"].fillna(0) - m["cancel_amount"].fillna(0)).astype(np.int64).to_numpy()
    fee = (kept * 4 * 2 + 125) // 250  # 3.2% half-up
    vat = (fee * 2 + 10) // 20
    _ = kept - fee - vat
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=1_000_000)
    ap.add_argument("--ledger", type=Path, default=None)
    ap.add_argument("--xlsx", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--csv", action="store_true")
    ap.add_argument("--out", type=Path, default=Path("/tmp"))
    args = ap.parse_args()
    path = args.ledger or Path(f"/tmp/recon-bench-{args.orders}.sqlite3")
    build(path, args.orders)

    from recon_app.services.reconciling import reconcile_month

    led = open_ledger(path)
    reconcile_month(led, MONTH)  # warm the page cache and imports, as a second run in the app
    t = time.perf_counter()
    result = reconcile_month(led, MONTH)
    total = time.perf_counter() - t
    base = baseline(path)
    print(f"reconcile {len(result.rows):,} rows / {len(result.fee_lines):,} fee lines: {total:.2f} s "
          f"(load {result.timings['load']:.2f}, rules+fees {result.timings['rules']:.2f}, "
          f"summary+run {result.timings['summary']:.2f})")
    print(f"baseline bare merge + fee formula (in memory): {base:.2f} s; "
          f"rules/baseline = {result.timings['rules'] / base:.2f}x, total/baseline = {total / base:.2f}x")
    print(f"peak RSS so far: {peak_mb():.0f} MB")
    print(result.rows["status"].value_counts().to_string())

    from recon_app.services import exporting

    if args.json:
        t = time.perf_counter()
        exporting.export_json(result, args.out / "bench.json")
        print(f"json: {time.perf_counter() - t:.2f} s")
    if args.csv:
        t = time.perf_counter()
        exporting.export_csv(result, args.out / "bench.csv")
        print(f"csv: {time.perf_counter() - t:.2f} s")
    if args.xlsx:
        t = time.perf_counter()
        exporting.export_xlsx(result, args.out / "bench.xlsx")
        ours = time.perf_counter() - t
        print(f"xlsx (ours, 4 sheets): {ours:.1f} s, peak RSS {peak_mb():.0f} MB")
        t = time.perf_counter()
        bare_xlsx(result, args.out / "bench-bare.xlsx")
        bare = time.perf_counter() - t
        print(f"xlsx (bare xlsxwriter write_row, same cells): {bare:.1f} s; ratio {ours / bare:.2f}x")
    print(f"peak RSS: {peak_mb():.0f} MB")


def bare_xlsx(result, path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same cells written the plainest fast way: constant_memory + write_row, no formats."""
    import xlsxwriter

    from recon_app.services.exporting import report_sheets

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False,
                                         "use_zip64": True})
    for sheet in report_sheets(result):
        ws = wb.add_worksheet(sheet.name)
        r = 0
        for table in sheet.tables:
            ws.write_row(r, 0, [c.header for c in table.columns])
            r += 1
            cols = []
            for c in table.columns:
                v = table.data[c.key]
                cols.append(v.tolist() if hasattr(v, "tolist") else list(v))
            for values in zip(*cols):
                ws.write_row(r, 0, values)
                r += 1
            r += 1
    wb.close()


if __name__ == "__main__":
    main()
