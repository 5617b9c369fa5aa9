"""Manual benchmark (not collected by pytest): 1M-row CP949 import vs the bare floor.

    .venv/bin/python tests/adapters/orders/bench_import_1m.py [ROWS]

Floor = pandas.read_csv(dtype=str) + raw sqlite3 executemany UPSERT of the same rows into the
same schema; the import must stay within 2x of it.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from recon_app.services.importing import ImportOptions, import_orders
from recon_app.storage.db import open_ledger
from recon_app.storage.orders_repo import BULK_CACHE_KIB

STATUSES = ["결제완료", "배송중", "배송완료", "구매확정", "주문취소", "입금대기"]


def write_csv(path: Path, n: int) -> None:
    rnd = random.Random(1)
    with open(path, "w", encoding="cp949", newline="") as f:
        f.write("주문번호,주문일시,결제금액,주문상태,환불금액,결제수단,주문자명\n")
        for i in range(n):
            amt = rnd.randint(1000, 500000)
            s = STATUSES[i % 6]
            ref = f"{amt:,}" if s == "주문취소" else ""
            f.write(
                f"ORD{i:08d},2026-10-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d},"
                f'"{amt:,}",{s},"{ref}",카드,홍길동\n'
            )


def floor(csv_path: Path, db_path: Path, cache_kib: int | None = None) -> tuple[float, float]:
    led = open_ledger(db_path)  # same schema, indexes and pragmas as the app
    led.close()
    t0 = time.perf_counter()
    df = pd.read_csv(csv_path, encoding="cp949", dtype=str, keep_default_na=False)
    t1 = time.perf_counter()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    if cache_kib:  # the same page cache the import uses, for an apples-to-apples variant
        conn.execute(f"PRAGMA cache_size=-{cache_kib}")
    conn.execute("INSERT INTO stores(name, created_at) VALUES('floor', 0)")
    n = len(df)
    # The same rows as they stand in the file (unparsed text; SQLite stores what it is given).
    rows = zip(
        [1] * n,
        df["주문번호"].tolist(),
        df["주문일시"].tolist(),
        df["결제금액"].tolist(),
        df["주문상태"].tolist(),
        df["환불금액"].tolist(),
        df["결제수단"].tolist(),
        df["주문자명"].tolist(),
        [0] * n,
    )
    t2 = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO orders(store_id, order_id, ordered_at, amount, status, refunded_amount, "
        "pay_method, buyer_name, updated_at) VALUES (?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT(store_id, order_id) DO UPDATE SET amount=excluded.amount, "
        "ordered_at=excluded.ordered_at, status=excluded.status",
        rows,
    )
    conn.execute("COMMIT")
    t3 = time.perf_counter()
    conn.close()
    return t1 - t0, t3 - t2


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "orders_1m.csv"
        write_csv(csv_path, n)
        read_s, upsert_s = floor(csv_path, Path(tmp) / "floor.sqlite3")
        _, upsert_cached = floor(csv_path, Path(tmp) / "floor2.sqlite3", BULK_CACHE_KIB)
        led = open_ledger(Path(tmp) / "ledger.sqlite3")
        t0 = time.perf_counter()
        report = import_orders(led, csv_path, ImportOptions())
        imp = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = import_orders(led, csv_path, ImportOptions(skip_bad_rows=True))  # all unchanged
        reimp = time.perf_counter() - t0
        led.close()
        base = read_s + upsert_s
        print(f"rows={n:,} floor: read_csv {read_s:.2f}s + upsert {upsert_s:.2f}s = {base:.2f}s")
        print(
            f"floor with the import's page cache: read_csv {read_s:.2f}s + upsert {upsert_cached:.2f}s"
            f" = {read_s + upsert_cached:.2f}s"
        )
        print(
            f"import_orders (fresh ledger): {imp:.2f}s = {imp / base:.2f}x floor, "
            f"{imp / (read_s + upsert_cached):.2f}x cached floor; "
            f"inserted={report.inserted:,}"
        )
        print(
            f"re-import, different options (all unchanged): {reimp:.2f}s; unchanged={again.unchanged:,}"
        )


if __name__ == "__main__":
    main()
