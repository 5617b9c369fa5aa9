"""A ledger holding the benchmark month for N orders, built once and cached in bench/data/<N>/.

Orders go in through the app's own import service (``import_orders`` of the CP949 CSV), the
payments through the sync helper's repository (``payments_repo.upsert_payments``) — what a sync
would have written, without serving a million payments over HTTP, which is not what the
reconcile/report/GUI stages measure.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from bench.common import remove_db
from bench.generate import SEED, _stamp, ensure_files, make_dataset

STORE = "default"
CHUNK = 50_000


def ledger_path(n: int) -> Path:
    return ensure_files(n, xlsx=False)["dir"] / "ledger.sqlite3"


def ensure_ledger(n: int, seed: int = SEED, *, log: bool = True) -> Path:
    """Path of the cached ledger for N (built now if missing or from an older generator)."""
    files = ensure_files(n, seed, xlsx=False)
    path = files["dir"] / "ledger.sqlite3"
    stamp = files["dir"] / "LEDGER_STAMP"
    if path.exists() and stamp.exists() and stamp.read_text() == _stamp(n, seed):
        return path
    from bench.generate import ledger_payment_rows
    from recon_app.adapters.portone import schema
    from recon_app.services import importing
    from recon_app.storage import payments_repo as repo
    from recon_app.storage.db import open_ledger
    from recon_app.storage.stores import store_id

    t0 = time.perf_counter()
    remove_db(path)
    tmp = path.with_name("ledger-building.sqlite3")
    remove_db(tmp)
    ledger = open_ledger(tmp)
    try:
        report = importing.import_orders(ledger, files["csv"])
        if report.inserted != n:
            raise RuntimeError(f"import_orders inserted {report.inserted} of {n} orders")
        rows, cancels = ledger_payment_rows(make_dataset(n, seed))
        with ledger.write() as conn:
            sid = store_id(conn, STORE)
            for i in range(0, len(rows), CHUNK):
                part = rows[i : i + CHUNK]
                repo.upsert_payments(
                    conn,
                    sid,
                    part,
                    {r["imp_uid"]: cancels[r["imp_uid"]] for r in part if r["imp_uid"] in cancels},
                    payment_fields=schema.PAYMENT_FIELDS,
                    cancel_fields=schema.CANCEL_FIELDS,
                )
    finally:
        ledger.close()
    con = sqlite3.connect(tmp)  # fold the WAL into the file so one file can be renamed
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    tmp.replace(path)
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{tmp}{suffix}")
        if extra.exists():
            extra.unlink()
    stamp.write_text(_stamp(n, seed))
    if log:
        print(f"  (built the N={n:,} ledger in {time.perf_counter() - t0:.1f}s)", flush=True)
    return path
