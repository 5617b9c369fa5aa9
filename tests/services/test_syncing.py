"""The sync service against the real sandbox server over HTTP on 127.0.0.1.

Every test ends by comparing the ledger with the sandbox's truth payment by payment (status,
amounts, times, cancel history), not just by counting.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from recon_app.adapters.portone import schema
from recon_app.adapters.portone.client import ClientOptions
from recon_app.adapters.portone.errors import ContractError, PortOneHttpError
from recon_app.domain.errors import ApiUnreachable, Cancelled, CredentialsError
from recon_app.domain.progress import CancelToken
from recon_app.domain.timeutil import KST
from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore
from recon_app.services.credentials import Credentials
from recon_app.services.syncing import SyncRequest, last_sync, period_bounds, sync_payments

OCT_FROM, OCT_TO = date(2026, 10, 1), date(2026, 10, 31)
LO, HI = period_bounds(OCT_FROM, OCT_TO)
FAST = ClientOptions(backoff_base=0.05, backoff_cap=0.3, connect_timeout=2, read_timeout=2)


def kst(*args: int) -> int:
    return int(datetime(*args, tzinfo=KST).timestamp())


# ---- truth vs ledger ------------------------------------------------------------------------
def as_ledger(p: dict[str, Any]) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    parsed = schema.parse_payment(p)
    return tuple(parsed.row[f] for f in schema.PAYMENT_FIELDS), parsed.cancels


def ledger_state(path: Path, store: str = "default") -> dict[str, Any]:
    db = sqlite3.connect(path)
    cols = ", ".join(f"p.{c}" for c in schema.PAYMENT_FIELDS)
    rows = db.execute(
        f"SELECT {cols} FROM payments p JOIN stores s ON s.id = p.store_id WHERE s.name=?", (store,)
    ).fetchall()
    cancels: dict[str, list[tuple[Any, ...]]] = {}
    for rec in db.execute(
        f"SELECT c.imp_uid, {', '.join('c.' + f for f in schema.CANCEL_FIELDS)} FROM payment_cancels c "
        "JOIN stores s ON s.id = c.store_id WHERE s.name=? ORDER BY c.imp_uid, c.seq",
        (store,),
    ):
        cancels.setdefault(rec[0], []).append(tuple(rec[1:]))
    sandbox_idx = schema.PAYMENT_FIELDS.index("sandbox")
    out = {}
    for r in rows:
        r = tuple(bool(v) if i == sandbox_idx else v for i, v in enumerate(r))
        out[r[0]] = (r, cancels.get(r[0], []))
    db.close()
    return out


def assert_ledger_is_truth(
    path: Path, store: SandboxStore, lo: int = LO, hi: int = HI, name: str = "default"
) -> int:
    """Every payment started or paid in [lo, hi] is in the ledger exactly as the sandbox has it
    now, and nothing in the ledger is stale, foreign or duplicated. Returns the in-period count."""
    truth = {p["imp_uid"]: as_ledger(p) for p in store.payments()}
    in_period = [
        p["imp_uid"]
        for p in store.payments()
        if lo <= p["started_at"] <= hi or lo <= p["paid_at"] <= hi
    ]
    mine = ledger_state(path, name)
    missing = [u for u in in_period if u not in mine]
    assert not missing, f"{len(missing)} payments of the period missing, e.g. {missing[:3]}"
    wrong = [u for u, v in mine.items() if truth.get(u) != v]
    assert not wrong, (
        f"{len(wrong)} ledger payments differ from the sandbox, e.g. {wrong[:3]}: {mine[wrong[0]]} vs {truth.get(wrong[0])}"
    )
    db = sqlite3.connect(path)
    assert (
        db.execute(
            "SELECT COUNT(*) FROM (SELECT store_id, imp_uid FROM payments GROUP BY 1, 2 HAVING COUNT(*) > 1)"
        ).fetchone()[0]
        == 0
    )
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    return len(in_period)


def creds(server: SandboxServer) -> Credentials:
    return Credentials(server.imp_key, server.imp_secret)


def sync(ledger, server, **kw):
    store = kw.pop("store", "default")
    request = SyncRequest(
        kw.pop("date_from", OCT_FROM), kw.pop("date_to", OCT_TO), store, server.base_url
    )
    kw.setdefault("options", FAST)
    return sync_payments(ledger, request, creds(server), **kw)


def list_requests(server):
    return [r for r in server.requests if r[1].startswith("/payments/status/")]


@pytest.fixture
def demo():
    store = SandboxStore.demo()
    with SandboxServer(store, port=0) as server:
        yield store, server


@pytest.fixture
def busy():
    """2,345 payments in October: 24 pages of 100 in a 31-day window."""
    store = SandboxStore.generate(
        n_payments=2345, seed=7, start=kst(2026, 10, 1), end=kst(2026, 11, 1)
    )
    with SandboxServer(store, port=0) as server:
        yield store, server


# ---- the happy path -------------------------------------------------------------------------
def test_october_of_the_demo_store_equals_truth(ledger, demo):
    store, server = demo
    # The demo data has no October sale refunded later (reported to the sandbox owner); make
    # two: one fully refunded in November (it leaves every October window), one partially.
    octo = [
        p
        for p in store.payments()
        if p["status"] == "paid" and LO <= p["paid_at"] <= HI and not p["cancel_history"]
    ]
    store.cancel(octo[0]["imp_uid"], at=kst(2026, 11, 10, 9))
    store.cancel(octo[1]["imp_uid"], amount=1000, at=kst(2026, 11, 11, 9))
    report = sync(ledger, server)
    n = assert_ledger_is_truth(ledger.path, store)
    assert n > 0 and report.outcome == "ok" and report.payments_seen >= n
    assert report.inserted == report.payments_seen and report.updated == 0
    # Late-cancel capture: an October payment refunded in November is found only in a later
    # window, and the ledger must carry that refund.
    late = [
        p
        for p in store.payments()
        if LO <= p["paid_at"] <= HI
        and p["cancel_history"]
        and max(c["cancelled_at"] for c in p["cancel_history"]) > HI
    ]
    assert len(late) >= 2
    mine = ledger_state(ledger.path)
    for p in late:
        assert mine[p["imp_uid"]][1] == as_ledger(p)[1]
    # Query parameters really reached the server, windows ≤ 90 days, sorted by start time.
    for _method, _path, query, status in list_requests(server):
        assert {"page", "limit", "from", "to", "sorting"} <= set(query), query
        frm, to = int(_q(query["from"])), int(_q(query["to"]))
        assert to - frm < 90 * 86400 and frm >= LO
        assert status == 200
    # The window holding "now" (where mid-sync status changes land) starts only after every
    # older window was pulled, even though older windows download two at a time.
    order = [int(_q(q["from"])) for _m, _p, q, _s in list_requests(server)]
    last_from = max(order)
    assert order.index(last_from) > max(i for i, f in enumerate(order) if f != last_from)
    assert report.windows == len(set(order)) > 2
    run = last_sync(ledger)
    assert run["outcome"] == "ok" and run["payments_inserted"] == report.inserted
    db = sqlite3.connect(ledger.path)
    synced_until, last_at = db.execute(
        "SELECT synced_until, last_synced_at FROM stores WHERE name='default'"
    ).fetchone()
    assert synced_until >= HI and last_at > 0


def _q(value):
    return value[-1] if isinstance(value, list) else value


@pytest.mark.parametrize("concurrency", [1, 4])
def test_paging_pulls_every_page_once(ledger, busy, concurrency):
    store, server = busy
    report = sync(ledger, server, concurrency=concurrency, page_size=100, window_days=31)
    n = assert_ledger_is_truth(ledger.path, store)
    assert n == 2345
    pages = [r for r in list_requests(server) if r[3] == 200]
    assert all(r[3] == 200 for r in list_requests(server))  # never asked past the end (400)
    oct_window_pages = [r for r in pages if int(_q(r[2]["from"])) == LO]
    assert len(oct_window_pages) == math.ceil(2345 / 100) == 24
    assert sorted(int(_q(r[2]["page"])) for r in oct_window_pages) == list(range(1, 25))
    assert report.payments_seen == 2345


def test_rate_cap_spaces_requests(ledger, busy):
    store, server = busy
    report = sync(ledger, server, concurrency=4, page_size=500, max_requests_per_second=10)
    assert_ledger_is_truth(ledger.path, store)
    # ≥ 5 list requests + getToken at ≤ 10/s cannot finish in under 0.5 s (a lower bound only).
    assert report.requests >= 6 and report.seconds >= (report.requests - 1) / 10 - 0.05


def test_second_sync_changes_nothing(ledger, demo):
    store, server = demo
    sync(ledger, server)
    again = sync(ledger, server)
    assert (again.inserted, again.updated) == (0, 0) and again.unchanged == again.payments_seen
    assert_ledger_is_truth(ledger.path, store)


# ---- incremental re-sync --------------------------------------------------------------------
def test_resync_picks_up_changes_made_after_the_first_sync(ledger, demo):
    store, server = demo
    base = kst(2026, 10, 12, 10)
    store.add(
        {
            "imp_uid": "imp_t_vbank",
            "merchant_uid": "t-1",
            "amount": 30000,
            "status": "ready",
            "pay_method": "vbank",
            "pg_provider": "kcp",
            "started_at": base,
        }
    )
    store.add(
        {
            "imp_uid": "imp_t_full",
            "merchant_uid": "t-2",
            "amount": 20000,
            "status": "paid",
            "pay_method": "card",
            "pg_provider": "kcp",
            "started_at": base,
            "paid_at": base + 60,
        }
    )
    store.add(
        {
            "imp_uid": "imp_t_part",
            "merchant_uid": "t-3",
            "amount": 50000,
            "status": "paid",
            "pay_method": "card",
            "pg_provider": "kcp",
            "started_at": base,
            "paid_at": base + 60,
        }
    )
    store.add(
        {
            "imp_uid": "imp_t_fail",
            "merchant_uid": "t-4",
            "amount": 9000,
            "status": "failed",
            "pay_method": "paypal",
            "pg_provider": "paypal_v2",
            "started_at": base,
            "failed_at": base + 30,
            "fail_reason": "declined",
        }
    )
    first = sync(ledger, server)
    assert_ledger_is_truth(ledger.path, store)

    now = store.now()
    store.deposit("imp_t_vbank", at=now - 30)  # late deposit: ready → paid
    store.cancel("imp_t_full", at=now - 20)  # late full cancel: moves to a November window
    store.cancel("imp_t_part", amount=15000, at=now - 10)  # partial: stays paid, paid_at unchanged
    store.update("imp_t_fail", status="paid", paid_at=now - 5)  # failed → paid (PayPal)
    second = sync(ledger, server)
    assert_ledger_is_truth(ledger.path, store)
    assert second.updated == 4 and second.inserted == 0, second
    mine = ledger_state(ledger.path)
    status = schema.PAYMENT_FIELDS.index("status")
    cancel_amount = schema.PAYMENT_FIELDS.index("cancel_amount")
    assert mine["imp_t_part"][0][status] == "paid" and mine["imp_t_part"][0][cancel_amount] == 15000
    assert [c[2] for c in mine["imp_t_part"][1]] == [15000]
    assert mine["imp_t_full"][0][status] == "cancelled"
    assert mine["imp_t_vbank"][0][status] == "paid" and mine["imp_t_fail"][0][status] == "paid"
    assert first.run_id != second.run_id


# ---- faults: each ends with ledger == truth -------------------------------------------------
def test_429_burst_honours_retry_after(ledger, busy):
    store, server = busy
    armed = threading.Event()

    def progress(p):
        # After page 1 the other pages go out in parallel: the burst hits several threads at
        # once, and one Retry-After must hold all of them back.
        if p.done and not armed.is_set():
            armed.set()
            server.faults.rate_limit(n=3, retry_after=1)

    report = sync(ledger, server, concurrency=4, progress=progress, window_days=31)
    assert_ledger_is_truth(ledger.path, store)
    statuses = [r[3] for r in server.requests]
    assert statuses.count(429) == 3 and report.retries >= 3
    assert report.seconds >= 1.0  # nobody asked again before Retry-After ran out


def test_5xx_then_success(ledger, busy):
    store, server = busy
    server.faults.server_error(n=2, status=503)
    report = sync(ledger, server)
    assert_ledger_is_truth(ledger.path, store)
    assert [r[3] for r in server.requests].count(503) == 2 and report.retries >= 2


def test_slow_page_times_out_and_is_retried(ledger, busy):
    store, server = busy
    server.faults.slow(n=1, seconds=3.0)
    options = ClientOptions(backoff_base=0.05, backoff_cap=0.3, read_timeout=0.5, connect_timeout=2)
    report = sync(ledger, server, options=options, concurrency=2)
    assert_ledger_is_truth(ledger.path, store)
    assert report.retries >= 1


def test_dropped_connection_is_retried(ledger, busy):
    store, server = busy
    server.faults.drop_connection(n=1)
    report = sync(ledger, server)
    assert_ledger_is_truth(ledger.path, store)
    assert report.retries >= 1


def test_token_expiry_mid_sync_refreshes_once(ledger, busy):
    store, server = busy
    fired = threading.Event()

    def progress(p):
        if p.done >= 500 and not fired.is_set():
            fired.set()
            server.faults.expire_tokens()

    report = sync(ledger, server, progress=progress, concurrency=4)
    assert fired.is_set()
    assert_ledger_is_truth(ledger.path, store)
    assert report.token_fetches == 2
    assert [r[1] for r in server.requests].count("/users/getToken") == 2
    # One 401 per request in flight at most: the page pool (4) plus each window's own page-1
    # request (WINDOWS_IN_FLIGHT windows download at once).
    from recon_app.services.syncing import WINDOWS_IN_FLIGHT

    assert 1 <= [r[3] for r in server.requests].count(401) <= 4 + WINDOWS_IN_FLIGHT


# ---- errors that must not loop --------------------------------------------------------------
def test_wrong_secret_is_a_credentials_error_after_one_request(ledger, demo):
    _store, server = demo
    with pytest.raises(CredentialsError) as err:
        sync_payments(
            ledger,
            SyncRequest(OCT_FROM, OCT_TO, api_base=server.base_url),
            Credentials(server.imp_key, "wrong-secret-123"),
            options=FAST,
        )
    assert "401" in str(err.value) and "set-credentials" in str(err.value)
    assert len(server.requests) == 1
    assert last_sync(ledger)["outcome"] == "failed"


def test_404_is_clear_and_not_retried(ledger, demo):
    _store, server = demo
    with pytest.raises(PortOneHttpError) as err:
        sync_payments(
            ledger,
            SyncRequest(OCT_FROM, OCT_TO, api_base=server.base_url + "/v9"),
            creds(server),
            options=FAST,
        )
    assert err.value.status == 404 and "404" in str(err.value)
    assert len(server.requests) == 1


def test_400_is_clear_and_not_retried(demo):
    from recon_app.adapters.portone.client import PortOneClient

    _store, server = demo
    with (
        PortOneClient(server.base_url, server.imp_key, server.imp_secret, FAST) as client,
        pytest.raises(PortOneHttpError) as err,
    ):
        client.list_payments(page=999, limit=100, date_from=LO, date_to=HI)
    assert err.value.status == 400 and err.value.api_message
    assert len(list_requests(server)) == 1


def test_unreachable_api_gives_up(ledger):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    options = ClientOptions(max_attempts=3, backoff_base=0.01, connect_timeout=0.5)
    with pytest.raises(ApiUnreachable, match="3회"):
        sync_payments(
            ledger,
            SyncRequest(OCT_FROM, OCT_TO, api_base=f"http://127.0.0.1:{port}"),
            Credentials("k1234", "s1234"),
            options=options,
        )


# ---- contract breaches write nothing of their window ----------------------------------------
@pytest.mark.parametrize(
    "breach,field",
    [
        ({"amount": 15000.5}, "amount"),
        ({"cancel_amount": "0"}, "cancel_amount"),
    ],
)
def test_contract_breaking_page_writes_nothing(ledger, demo, breach, field):
    store, server = demo
    victim = next(
        p
        for p in store.payments()
        if p["status"] == "paid" and LO <= p["paid_at"] <= HI and not p["cancel_history"]
    )
    store.update(victim["imp_uid"], **breach)
    with pytest.raises(ContractError) as err:
        sync(ledger, server, window_days=90)
    assert err.value.field == field and err.value.imp_uid == victim["imp_uid"]
    assert victim["imp_uid"] in str(err.value)
    db = sqlite3.connect(ledger.path)
    assert db.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 0
    assert db.execute("SELECT outcome FROM sync_runs").fetchone()[0] == "failed"


# ---- resume ---------------------------------------------------------------------------------
def test_cancelled_sync_resumes_where_it_stopped(ledger, busy):
    store, server = busy
    cancel = CancelToken()

    def progress(p):
        if "(4/" in p.message:  # three 3-day windows are committed
            cancel.cancel()

    with pytest.raises(Cancelled):
        sync(ledger, server, progress=progress, cancel=cancel, window_days=3, concurrency=1)
    db = sqlite3.connect(ledger.path)
    done_before = db.execute("SELECT windows_done, outcome FROM sync_runs").fetchone()
    assert done_before[0] >= 1 and done_before[1] == "cancelled"
    report = sync(ledger, server, window_days=3)
    assert report.resumed_from_run == 1
    assert_ledger_is_truth(ledger.path, store)
    outcomes = db.execute("SELECT id, outcome FROM sync_runs ORDER BY id").fetchall()
    assert outcomes == [(1, "cancelled"), (2, "ok")]


def test_two_stores_in_one_ledger(ledger, demo, busy):
    (store_a, server_a), (store_b, server_b) = demo, busy
    sync(ledger, server_a, store="a")
    sync(ledger, server_b, store="b")
    assert_ledger_is_truth(ledger.path, store_a, name="a")
    assert_ledger_is_truth(ledger.path, store_b, name="b")
    assert last_sync(ledger, "a")["outcome"] == "ok" and last_sync(ledger, "nope") is None


def test_secrets_never_reach_ledger_or_log(ledger, demo, tmp_path):
    import logging

    from recon_app.logs import _ScrubFilter

    _store, server = demo
    log_path = tmp_path / "recon.log"
    handler = logging.FileHandler(log_path, encoding="utf-8")
    handler.addFilter(_ScrubFilter())
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    try:
        server.faults.expire_tokens()
        sync(ledger, server)
        with pytest.raises(CredentialsError):
            sync_payments(
                ledger,
                SyncRequest(OCT_FROM, OCT_TO, api_base=server.base_url),
                Credentials(server.imp_key, server.imp_secret + "x"),
                options=FAST,
            )
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()
    ledger.close()
    blob = b"".join(p.read_bytes() for p in ledger.path.parent.glob(ledger.path.name + "*"))
    text = log_path.read_bytes()
    assert text  # something was logged (httpx at DEBUG, our sync lines)
    for secret in (server.imp_secret, server.imp_key):
        assert secret.encode() not in blob
        assert secret.encode() not in text
