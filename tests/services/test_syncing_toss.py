"""Toss Payments direct sync against the sandbox's Toss endpoints over real HTTP on 127.0.0.1.

The truth is the sandbox store's V1-shaped payments (one store serves every API), compared
field by field with what the Toss mapping must make of them.
"""

from __future__ import annotations

import base64
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from recon_app.adapters.portone.client import ClientOptions
from recon_app.domain.errors import CredentialsError
from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore
from recon_app.services.credentials import TossCredentials
from recon_app.services.syncing import SyncReport, SyncRequest, period_bounds, sync_payments
from recon_app.storage.db import Ledger

OCT_FROM, OCT_TO = date(2026, 10, 1), date(2026, 10, 31)
LO, _HI = period_bounds(OCT_FROM, OCT_TO)
FAST = ClientOptions(backoff_base=0.05, backoff_cap=0.3, connect_timeout=2)
EASY_PAY = {"kakaopay", "naverpay", "point", "payco", "tosspay"}


@pytest.fixture
def toss() -> Iterator[SandboxServer]:
    store = SandboxStore.generate(600, seed=5, start=date(2026, 10, 1), end=date(2026, 10, 31))
    store.set_now(LO + 40 * 86_400)
    for p in store.payments()[:60:6]:  # October sales refunded in November
        if p["status"] == "paid":
            store.cancel(p["imp_uid"], amount=None, at=LO + 35 * 86_400, reason="반품")
    with SandboxServer(store, api="toss") as server:
        yield server


def sync_toss(ledger: Ledger, server: SandboxServer, **kw: Any) -> SyncReport:
    request = SyncRequest(OCT_FROM, OCT_TO, "default", server.base_url, provider="toss")
    kw.setdefault("options", FAST)
    return sync_payments(ledger, request, TossCredentials(server.secret_key), **kw)


def requests_to(server: SandboxServer, prefix: str) -> list[Any]:
    return [r for r in server.requests if r.path.startswith(prefix)]


def transaction_time(p: dict[str, Any]) -> int:
    """The latest Toss transaction of a payment (approval, cancel, or its request)."""
    times = [c["cancelled_at"] for c in p["cancel_history"]]
    times.append(
        p["paid_at"] or (p["failed_at"] if p["status"] == "failed" else 0) or p["started_at"]
    )
    return max(times)


def truth(store: SandboxStore) -> dict[str, dict[str, Any]]:
    return {p["imp_uid"]: p for p in store.payments() if transaction_time(p) >= LO}


def rows(path: Path) -> dict[str, dict[str, Any]]:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    found = {r["imp_uid"]: dict(r) for r in db.execute("SELECT * FROM payments")}
    db.close()
    return found


def cancels(path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT imp_uid, seq, amount, cancelled_at, reason FROM payment_cancels "
            "ORDER BY imp_uid, seq"
        ).fetchall()


def assert_equals_truth(ledger_path: Path, store: SandboxStore) -> None:
    expected = truth(store)
    got = rows(ledger_path)
    assert set(got) == set(expected)
    for uid, p in expected.items():
        r = got[uid]
        same = ("merchant_uid", "status", "amount", "cancel_amount", "paid_at", "started_at")
        assert {f: r[f] for f in same} == {f: p[f] for f in same}, uid
        assert (r["pg_provider"], r["provider"]) == ("tosspayments", "toss")
        easy = p["pay_method"] in EASY_PAY or (p["pay_method"] == "card" and p["emb_pg_provider"])
        assert r["pay_method"] == ("easypay" if easy else p["pay_method"]), uid
        assert r["cancelled_at"] == (p["cancelled_at"] if p["status"] == "cancelled" else 0)
    assert cancels(ledger_path) == [
        (uid, seq, c["amount"], c["cancelled_at"], c["reason"])
        for uid, p in sorted(expected.items())
        for seq, c in enumerate(p["cancel_history"])
    ]


def test_toss_sync_equals_truth(ledger: Ledger, ledger_path: Path, toss) -> None:  # type: ignore[no-untyped-def]
    report = sync_toss(ledger, toss, page_size=40)
    assert_equals_truth(ledger_path, toss.store)
    assert report.inserted == len(truth(toss.store)) > 500
    assert len(requests_to(toss, "/v1/payments/")) >= report.inserted  # each looked up whole
    # The sandbox answers 401 without the right Basic auth: every request carried it.
    assert all(r.status == 200 for r in toss.requests)


def test_second_toss_sync_changes_nothing_and_a_later_refund_is_picked_up(
    ledger: Ledger, ledger_path: Path, toss
) -> None:  # type: ignore[no-untyped-def]
    sync_toss(ledger, toss)
    assert sync_toss(ledger, toss).inserted == 0
    victim = next(
        p for p in toss.store.payments() if p["status"] == "paid" and not p["cancel_history"]
    )
    toss.store.cancel(victim["imp_uid"], amount=1000, at=toss.store.advance(60), reason="부분 환불")
    report = sync_toss(ledger, toss)
    assert report.updated >= 1
    assert rows(ledger_path)[victim["imp_uid"]]["cancel_amount"] == 1000
    assert_equals_truth(ledger_path, toss.store)


@pytest.mark.parametrize("fault", ["rate_limit", "server_error", "drop_connection"])
def test_faults_are_survived(ledger: Ledger, ledger_path: Path, toss, fault: str) -> None:  # type: ignore[no-untyped-def]
    if fault == "rate_limit":
        toss.faults.rate_limit(n=3, retry_after=0.1)
    else:
        getattr(toss.faults, fault)(n=3)
    report = sync_toss(ledger, toss, page_size=50)
    assert [f[0] for f in toss.faults.fired] == [fault] * 3
    assert report.retries >= 3
    assert_equals_truth(ledger_path, toss.store)


def test_wrong_secret_key_is_a_credentials_error(ledger: Ledger, toss) -> None:  # type: ignore[no-untyped-def]
    request = SyncRequest(OCT_FROM, OCT_TO, "default", toss.base_url, provider="toss")
    with pytest.raises(CredentialsError, match="시크릿 키"):
        sync_payments(ledger, request, TossCredentials("test_sk_wrong"), options=FAST)
    assert len(toss.requests) == 1


def test_secret_key_travels_only_as_basic_auth(toss) -> None:  # type: ignore[no-untyped-def]
    from recon_app.adapters.toss.client import TossClient

    with TossClient(toss.base_url, toss.secret_key) as client:
        sent = client._authorization()[0]
        assert sent == "Basic " + base64.b64encode(f"{toss.secret_key}:".encode()).decode()
        assert toss.secret_key not in repr(client)
