"""Sync under a randomised fault schedule per seed, while the shop keeps trading.

Each seed builds its own sandbox (size, window length, page size, concurrency drawn from the
seed) and arms, at random request counts, a mix of: 429 bursts, 5xx (JSON and proxy HTML),
connections dropped mid-body, read timeouts, token expiry, and store mutations between requests —
new payments arriving, old ones partially or fully cancelled, virtual accounts deposited, ready
payments failing. The run must finish ``ok``; where it overlapped with mutations, one more
(fault-free) incremental sync follows. Then the ledger must equal the sandbox exactly.

tests/services/test_syncing.py already has each fault once, alone; this is their combination.
CI runs a few seeds; ``--soak`` runs SOAK_RUNS (default 200) and records nothing by itself
(tests/SOAK.md has the last results).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from datetime import date

import pytest
from trust_support import OCT_LO, SOAK_RUNS, assert_ledger_equals_truth, kst

from recon_app.adapters.portone.client import ClientOptions
from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore
from recon_app.services.credentials import Credentials
from recon_app.services.syncing import SyncRequest, sync_payments

# Fast retries (the policy is the same, only the clock is shorter); 10 attempts because a
# schedule may stack several armed faults on one unlucky request.
OPTIONS = ClientOptions(
    backoff_base=0.02, backoff_cap=0.2, connect_timeout=2, read_timeout=0.6, max_attempts=10
)


class Schedule:
    """The faults and mutations one seed arms; ``log`` says what actually ran (for failures)."""

    def __init__(self, seed: int, server: SandboxServer, store: SandboxStore) -> None:
        self.rng = random.Random(seed)
        self.server = server
        self.store = store
        self.log: list[str] = []
        self.mutations = 0
        self._new = 0
        self._expired = False
        self._lock = threading.Lock()
        # Faulted responses per run stay below OPTIONS.max_attempts: even if every one of them hits
        # the same request (page 1 of a window is fetched alone), it still gets through. More
        # than that in a row is a real outage, and the client then rightly gives up.
        self._budget = OPTIONS.max_attempts - 2

    # ---- faults ---------------------------------------------------------------------------
    def _take(self, n: int) -> int:
        n = min(n, self._budget)
        self._budget -= n
        return n

    def fault(self) -> Callable[[], object]:
        f = self.server.faults
        rng = self.rng
        if self._budget <= 0:
            return lambda: None
        kind = rng.choice(["429", "5xx", "5xx", "drop", "drop", "timeout", "expire"])
        if kind == "expire":
            # At most one expiry per run: tokens live 30 min and a sync takes seconds. Two expiries
            # a few requests apart would hit a request that already used its one refresh, and the
            # client rightly reads a 401 on a fresh token as revoked credentials.
            if self._expired:
                kind = "5xx"
            self._expired = True
        if kind == "429":
            n = self._take(rng.randint(1, 3))
            return lambda: (self.log.append(f"429x{n}"), f.rate_limit(n=n, retry_after=1))
        if kind == "5xx":
            n, status, html = (
                self._take(rng.randint(1, 3)),
                rng.choice([500, 502, 503, 504]),
                rng.random() < 0.5,
            )
            return lambda: (
                self.log.append(f"{status}x{n}{' html' if html else ''}"),
                f.server_error(n=n, status=status, html=html),
            )
        if kind == "drop":
            n = self._take(rng.randint(1, 2))
            return lambda: (self.log.append(f"dropx{n}"), f.drop_connection(n=n))
        if kind == "timeout":
            self._take(1)
            return lambda: (self.log.append("timeout"), f.slow(n=1, seconds=1.5))
        return lambda: (self.log.append("expire"), f.expire_tokens())

    # ---- the shop keeps trading -----------------------------------------------------------
    def mutation(self) -> Callable[[], object]:
        kind = self.rng.choice(["new_paid", "new_vbank", "partial", "full", "deposit", "fail"])
        pick = self.rng.random()  # drawn now, so the schedule is fixed by the seed

        def run() -> None:
            # Hooks fire on the server's request threads, several at once: read-then-change
            # under one lock, or two hooks pick the same payment.
            with self._lock:
                self._mutate(kind, pick)

        return run

    def _mutate(self, kind: str, pick: float) -> None:
        store, now = self.store, self.store.now()
        by_status = {}
        for p in store.payments():
            by_status.setdefault((p["status"], p["pay_method"]), []).append(p)
        paid = [
            p
            for (s, _), ps in by_status.items()
            if s == "paid"
            for p in ps
            if p["amount"] - p["cancel_amount"] >= 2
        ]
        ready = [p for (s, _), ps in by_status.items() if s == "ready" for p in ps]
        vbank = [p for p in ready if p["pay_method"] == "vbank"]
        self.mutations += 1
        if kind == "new_paid" or (kind in ("partial", "full") and not paid):
            self._new += 1
            store.add(
                {
                    "imp_uid": f"imp_soak{self._new:04d}",
                    "merchant_uid": f"soak-{self._new}",
                    "amount": 1000 + int(pick * 90000),
                    "status": "paid",
                    "pay_method": "card",
                    "pg_provider": "kcp",
                    "started_at": now - 30,
                    "paid_at": now,
                    "buyer_name": "새손님",
                    "card_number": "5365-10**-****-7540",
                }
            )
            self.log.append("new paid")
        elif kind == "new_vbank" or (kind in ("deposit", "fail") and not ready):
            self._new += 1
            store.add(
                {
                    "imp_uid": f"imp_soak{self._new:04d}",
                    "merchant_uid": f"soak-{self._new}",
                    "amount": 25000,
                    "status": "ready",
                    "pay_method": "vbank",
                    "pg_provider": "nice",
                    "started_at": now,
                }
            )
            self.log.append("new vbank")
        elif kind == "partial":
            p = paid[int(pick * len(paid))]
            amount = max(1, (p["amount"] - p["cancel_amount"]) // 3)
            store.cancel(p["imp_uid"], amount=amount, at=now, reason="부분 환불")
            self.log.append(f"partial {p['imp_uid']}")
        elif kind == "full":
            p = paid[int(pick * len(paid))]
            store.cancel(p["imp_uid"], at=now)
            self.log.append(f"full {p['imp_uid']}")
        elif kind == "deposit" and vbank:
            p = vbank[int(pick * len(vbank))]
            store.deposit(p["imp_uid"], at=now)
            self.log.append(f"deposit {p['imp_uid']}")
        else:
            p = ready[int(pick * len(ready))]
            store.fail(p["imp_uid"], at=now)
            self.log.append(f"fail {p['imp_uid']}")

    def arm(self, with_mutations: bool) -> None:
        at = 0
        for _ in range(self.rng.randint(4, 10)):
            at += self.rng.randint(0, 5)
            self.server.faults.call_after(at, self.fault())
        if with_mutations:
            at = 0
            for _ in range(self.rng.randint(3, 12)):
                at += self.rng.randint(0, 4)
                self.server.faults.call_after(at, self.mutation())


def run_seed(seed: int, ledger) -> dict:  # type: ignore[no-untyped-def]
    rng = random.Random(seed * 7919)
    n = rng.randint(200, 1200)
    store = SandboxStore.generate(
        n_payments=n, seed=seed, start=kst(2026, 10, 1), end=kst(2026, 11, 1)
    )
    with_mutations = seed % 3 != 0  # a third of the seeds: faults only, no second sync allowed
    window_days, page_size = rng.choice([2, 7, 31, 90]), rng.choice([20, 50, 100, 300])
    concurrency = rng.choice([1, 2, 4, 8])
    started = time.monotonic()
    with SandboxServer(store, port=0) as server:
        schedule = Schedule(seed, server, store)
        schedule.arm(with_mutations)
        request = SyncRequest(date(2026, 10, 1), date(2026, 10, 31), api_base=server.base_url)
        creds = Credentials(server.imp_key, server.imp_secret)
        context = (
            f"seed={seed} n={n} window={window_days}d page={page_size} concurrency={concurrency}"
        )
        try:
            first = sync_payments(
                ledger,
                request,
                creds,
                options=OPTIONS,
                concurrency=concurrency,
                window_days=window_days,
                page_size=page_size,
            )
        except Exception as exc:
            served = [(r.path[-12:], r.status) for r in server.requests]
            raise AssertionError(
                f"{context} schedule={schedule.log}\nserved={served}\n{exc}"
            ) from exc
        assert first.outcome == "ok"
        assert not server.errors, server.errors  # every hook ran cleanly inside the sandbox
        server.faults.clear()
        if schedule.mutations:
            again = sync_payments(
                ledger,
                request,
                creds,
                options=OPTIONS,
                concurrency=concurrency,
                window_days=window_days,
                page_size=page_size,
            )
            assert again.outcome == "ok"
        context += f" schedule={schedule.log}"
        try:
            assert_ledger_equals_truth(ledger.path, store)
        except AssertionError as exc:
            raise AssertionError(f"{context}\n{exc}") from None
        assert min(p["started_at"] for p in store.payments()) >= OCT_LO
    return {
        "seed": seed,
        "faults": len(server.faults.fired),
        "mutations": schedule.mutations,
        "retries": first.retries,
        "seconds": time.monotonic() - started,
    }


@pytest.mark.parametrize("seed", [1, 2, 3, 5])
def test_fault_schedule_ends_with_ledger_equal_to_truth(seed: int, ledger) -> None:  # type: ignore[no-untyped-def]
    stats = run_seed(seed, ledger)
    assert stats["faults"] >= 1  # the schedule really hit the run


@pytest.mark.soak
def test_fault_schedule_soak(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from recon_app.storage.db import open_ledger

    results, failures = [], []
    for seed in range(1000, 1000 + SOAK_RUNS):
        led = open_ledger(tmp_path / f"soak-{seed}.sqlite3")
        try:
            results.append(run_seed(seed, led))
        except AssertionError as exc:
            failures.append(f"seed {seed}: {str(exc)[:1500]}")
        finally:
            led.close()
    faults = sum(r["faults"] for r in results)
    muts = sum(r["mutations"] for r in results)
    print(
        f"\nSOAK fault schedules: {SOAK_RUNS} seeds (1000..{999 + SOAK_RUNS}), {len(failures)} failed, "
        f"{faults} faults fired, {muts} mutations, {sum(r['seconds'] for r in results):.0f} s"
    )
    assert not failures, "\n".join(failures)


# ---- found by the soak (seed 1003), fixed in 5853951: a window that keeps growing -------------
def test_sync_finishes_while_payments_keep_arriving(ledger) -> None:  # type: ignore[no-untyped-def]
    store = SandboxStore.generate(
        n_payments=800, seed=1003, start=kst(2026, 10, 1), end=kst(2026, 11, 1)
    )
    with SandboxServer(store, port=0) as server:
        arrived = [0]

        def a_sale_per_request(method: str, path: str, query: dict) -> None:
            # A busy shop: one new card payment between any two page requests.
            if path.startswith("/payments/status"):
                arrived[0] += 1
                now = store.now()
                store.add(
                    {
                        "imp_uid": f"imp_busy{arrived[0]:05d}",
                        "merchant_uid": f"busy-{arrived[0]}",
                        "amount": 12000,
                        "status": "paid",
                        "pay_method": "card",
                        "pg_provider": "kcp",
                        "started_at": now - 5,
                        "paid_at": now,
                    }
                )

        server.on_request = a_sale_per_request
        request = SyncRequest(date(2026, 10, 1), date(2026, 10, 31), api_base=server.base_url)
        creds = Credentials(server.imp_key, server.imp_secret)
        first = sync_payments(
            ledger, request, creds, options=OPTIONS, concurrency=4, window_days=90, page_size=100
        )
        assert first.outcome == "ok"
        server.on_request = None
        sync_payments(
            ledger, request, creds, options=OPTIONS, concurrency=4, window_days=90, page_size=100
        )
    assert_ledger_equals_truth(ledger.path, store)


def test_sync_finishes_while_payments_keep_leaving_an_old_window(ledger) -> None:  # type: ignore[no-untyped-def]
    store = SandboxStore.generate(
        n_payments=600, seed=1174, start=kst(2026, 10, 1), end=kst(2026, 11, 1)
    )
    paid = [
        p["imp_uid"] for p in store.payments() if p["status"] == "paid" and not p["cancel_history"]
    ]
    with SandboxServer(store, port=0) as server:
        lock = threading.Lock()

        def a_refund_per_request(method: str, path: str, query: dict) -> None:
            # A busy shop: one October sale fully refunded between any two page requests.
            if path.startswith("/payments/status") and paid:
                with lock:
                    store.cancel(paid.pop(), at=store.now())

        server.on_request = a_refund_per_request
        request = SyncRequest(date(2026, 10, 1), date(2026, 10, 31), api_base=server.base_url)
        creds = Credentials(server.imp_key, server.imp_secret)
        first = sync_payments(
            ledger, request, creds, options=OPTIONS, concurrency=4, window_days=31, page_size=50
        )
        assert first.outcome == "ok"
        server.on_request = None
        sync_payments(
            ledger, request, creds, options=OPTIONS, concurrency=4, window_days=31, page_size=50
        )
    assert_ledger_equals_truth(ledger.path, store)
