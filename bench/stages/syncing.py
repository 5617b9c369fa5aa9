"""Sync stage: the month's payments (≈ N × 1.03) from the local PortOne sandbox into a fresh
ledger, pages of 100, 50 ms latency on every request (token included).

* ``app``        — ``sync_payments(..., concurrency=CONCURRENCY)``, no request cap;
* ``sequential`` — the same service with ``concurrency=1``: one page at a time (the baseline the
  ≥ 5× target is measured against, so it is the "floor" column of this stage);
* ``capped``     — ``concurrency=CONCURRENCY, max_requests_per_second=CAP``: shows the cap holds
  (``rps`` = API requests served / seconds must stay ≤ CAP).

The sandbox runs in its own process: in the same process its JSON encoding would share the GIL
with the client being measured (a real PortOne server does not borrow our CPU). For the same
reason it encodes its payments before the clock starts (``prepare_responses``): on two cores its
per-page json.dumps otherwise competes with the client for the same CPU.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bench.common import fresh_path, remove_db, reset_peak, timed
from bench.generate import END, api_payments, make_dataset

LATENCY = 0.05
PAGE_SIZE = 100
CONCURRENCY = 8
CAP = 40.0


def _serve(n: int, conn: Any, stop: Any) -> None:
    """Sandbox process: serve the dataset's payments until ``stop`` is set."""
    import bench.common  # noqa: F401  (sys.path, data dir)
    from recon_app.sandbox.server import SandboxServer
    from recon_app.sandbox.store import SandboxStore

    store = SandboxStore(api_payments(make_dataset(n)), now=END + 7 * 86_400)
    with SandboxServer(store, port=0, latency=LATENCY) as server:
        server.prepare_responses()  # a real API does not spend our CPU encoding its pages
        conn.send((server.base_url, server.imp_key, server.imp_secret, len(store)))
        stop.wait()
        conn.send(len(server.requests))


def measure(mode: str, n: int, quick: bool) -> dict[str, Any]:
    import multiprocessing as mp

    from recon_app.services import credentials, syncing
    from recon_app.storage.db import open_ledger

    kwargs: dict[str, Any] = {
        "app": {"concurrency": CONCURRENCY},
        "sequential": {"concurrency": 1},
        "capped": {"concurrency": CONCURRENCY, "max_requests_per_second": CAP},
    }[mode]
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    stop = ctx.Event()
    proc = ctx.Process(target=_serve, args=(n, child, stop), daemon=True)
    proc.start()
    path = fresh_path(f"sync-{mode}")
    ledger = open_ledger(path)
    out: dict[str, Any] = {}
    try:
        if not parent.poll(300):
            raise RuntimeError("the sandbox process did not start")
        base_url, key, secret, n_payments = parent.recv()
        request = syncing.SyncRequest(date(2026, 10, 1), date(2026, 10, 31), "default", base_url)
        creds = credentials.Credentials(key, secret)
        reset_peak()
        with timed(out):
            report = syncing.sync_payments(ledger, request, creds, page_size=PAGE_SIZE, **kwargs)
        stop.set()
        served = parent.recv() if parent.poll(30) else -1
    finally:
        stop.set()
        proc.join(30)
        if proc.is_alive():
            proc.terminate()
        ledger.close()
        remove_db(path)
    if report.payments_seen < n_payments:
        raise RuntimeError(f"sync saw {report.payments_seen} of {n_payments} payments")
    out["extra"] = {
        "payments": report.payments_seen,
        "pages": report.pages,
        "requests": served,
        "rps": round(served / out["seconds"], 1),
        **kwargs,
    }
    return out
