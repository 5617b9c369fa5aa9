"""The V1 sync's fault-schedule and kill tests, run on the PortOne V2 and Toss providers.

A seeded schedule mixes 429s, 5xx (JSON and a proxy's HTML), dropped connections, slow pages,
access-token expiry and payments that arrive, get cancelled or partly refunded while the sync
runs; the ledger must end equal to the sandbox's truth. Then a real `python -m recon_app sync
--provider portone-v2` process is SIGKILLed at a random point and run again: the ledger stays
sound and ends equal to the truth, with no duplicate. (Toss has no tokens: its "expire" fault
does nothing, the rest applies.)
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_kill_restart import finish, run_and_kill
from trust_support import assert_intact, cli, cli_env, kst

from recon_app.adapters.portone.client import ClientOptions
from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore
from recon_app.sandbox.v2 import status_changed_at
from recon_app.services.credentials import PortOneV2Credentials, TossCredentials
from recon_app.services.syncing import SyncRequest, period_bounds, sync_payments
from recon_app.storage.db import open_ledger

LO, _HI = period_bounds(date(2026, 10, 1), date(2026, 10, 31))
FIELDS = ("merchant_uid", "status", "amount", "cancel_amount", "paid_at", "pg_provider")


def toss_time(p: dict[str, Any]) -> int:
    """The latest Toss transaction of a payment (approval, cancel, or its request)."""
    times = [c["cancelled_at"] for c in p["cancel_history"]]
    times.append(
        p["paid_at"] or (p["failed_at"] if p["status"] == "failed" else 0) or p["started_at"]
    )
    return max(times)


def truth(store: SandboxStore, api: str = "portone-v2") -> dict[str, tuple[Any, ...]]:
    listed = toss_time if api == "toss" else status_changed_at
    fields = FIELDS if api != "toss" else FIELDS[:-1]  # a Toss shop's pg is tosspayments
    return {p["imp_uid"]: tuple(p[f] for f in fields) for p in store.payments() if listed(p) >= LO}


def credentials(server: SandboxServer) -> Any:
    if server.api_name == "toss":
        return TossCredentials(server.secret_key)
    return PortOneV2Credentials(server.api_secret)


def secret_env(server: SandboxServer) -> dict[str, str]:
    if server.api_name == "toss":
        return {"TOSS_SECRET_KEY": server.secret_key}
    return {"PORTONE_API_SECRET": server.api_secret}


def ledger_state(db: Path, api: str = "portone-v2") -> dict[str, tuple[Any, ...]]:
    fields = FIELDS if api != "toss" else FIELDS[:-1]
    with sqlite3.connect(db) as raw:
        found = raw.execute(f"SELECT imp_uid, {', '.join(fields)} FROM payments").fetchall()
    return {r[0]: tuple(r[1:]) for r in found}


def shop(seed: int, n: int = 1500) -> SandboxStore:
    store = SandboxStore.generate(n, seed=seed, start=kst(2026, 10, 1), end=kst(2026, 11, 1))
    store.set_now(kst(2026, 11, 20))
    return store


def _schedule(server: SandboxServer, rng: random.Random) -> None:
    faults, store = server.faults, server.store
    paid = [p["imp_uid"] for p in store.payments() if p["status"] == "paid"]
    for _ in range(6):
        kind = rng.choice(["rate_limit", "server_error", "html", "drop", "slow", "expire"])
        at = rng.randrange(1, 40)
        if kind == "rate_limit":
            faults.call_after(at, lambda: faults.rate_limit(n=2, retry_after=0.1, only="/payments"))
        elif kind == "server_error":
            faults.call_after(at, lambda: faults.server_error(n=2, only="/payments"))
        elif kind == "html":
            faults.call_after(at, lambda: faults.server_error(n=1, status=502, html=True))
        elif kind == "drop":
            faults.call_after(at, lambda: faults.drop_connection(n=1, only="/payments"))
        elif kind == "slow":
            faults.call_after(at, lambda: faults.slow(n=1, seconds=2.5, only="/payments"))
        else:
            faults.call_after(at, faults.expire_tokens)
    for uid in rng.sample(paid, 4):  # refunds (full and partial) while the sync runs
        amount = None if rng.random() < 0.5 else 100

        def refund(uid: str = uid, amount: int | None = amount) -> None:
            store.advance(1)
            store.cancel(uid, amount, reason="mid-sync refund")

        faults.call_after(rng.randrange(1, 60), refund)
    for k in range(3):  # new payments while the sync runs

        def arrive(k: int = k) -> None:
            now = store.advance(1)
            store.add(
                {
                    "imp_uid": f"imp_new_{k}",
                    "merchant_uid": f"NEW-{k}",
                    "amount": 10_000 + k,
                    "status": "paid",
                    "paid_at": now,
                    "pay_method": "card",
                    "pg_provider": "kcp",
                }
            )

        faults.call_after(rng.randrange(1, 60), arrive)


@pytest.mark.parametrize(("api", "seed"), [("portone-v2", 11), ("portone-v2", 12), ("toss", 13)])
def test_fault_schedule_ends_with_ledger_equal_to_truth(
    tmp_path: Path, api: str, seed: int
) -> None:
    store = shop(seed)
    led = open_ledger(tmp_path / "l.sqlite3")
    options = ClientOptions(backoff_base=0.05, backoff_cap=0.3, read_timeout=1.5, max_attempts=8)
    with SandboxServer(store, api=api) as server:
        _schedule(server, random.Random(seed))
        request = SyncRequest(
            date(2026, 10, 1), date(2026, 10, 31), "default", server.base_url, api
        )
        sync_payments(
            led,
            request,
            credentials(server),
            options=options,
            page_size=50,
            window_days=3,
            concurrency=3,
        )
        fired = {f[0] for f in server.faults.fired}
    led.close()
    assert fired  # the schedule really hit the sync
    assert ledger_state(tmp_path / "l.sqlite3", api) == truth(store, api)
    assert_intact(tmp_path / "l.sqlite3")


@pytest.mark.parametrize("api", ["portone-v2", "toss"])
def test_sync_killed_at_a_random_point_then_finished(tmp_path: Path, monkeypatch, api: str) -> None:  # type: ignore[no-untyped-def]
    store = shop(23, n=4000)
    db = tmp_path / "sync.sqlite3"
    with SandboxServer(store, api=api, latency=0.02) as server:
        env = cli_env(**secret_env(server))
        argv = cli(
            "--db",
            str(db),
            "sync",
            "--provider",
            api,
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            "--api-base",
            server.base_url,
            "--window-days",
            "3",
            "--page-size",
            "100",
            "--concurrency",
            "2",
        )
        killed = run_and_kill(argv, env, db, random.Random(5).uniform(0.3, 1.5))
        assert killed, "the sync finished before the kill: nothing was tested"
        assert_intact(db)
        written = ledger_state(db, api)
        want = truth(store, api)
        assert all(want[u] == v for u, v in written.items())  # windows commit whole
        for name, value in secret_env(server).items():
            monkeypatch.setenv(name, value)
        finish(argv, env, in_process=True)
    assert ledger_state(db, api) == truth(store, api)
    assert_intact(db)
    with sqlite3.connect(db) as raw:
        runs = raw.execute("SELECT outcome FROM sync_runs ORDER BY id").fetchall()
    assert runs[-1] == ("ok",) and ("running",) not in runs
