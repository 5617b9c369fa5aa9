"""PortOne V2 sync against the sandbox's V2 endpoints over real HTTP on 127.0.0.1.

The truth is the sandbox store's V1-shaped payments (the same store serves V1 and V2), so a V2
sync is checked against data the V2 mapping never touched, field by field.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from recon_app.adapters.portone.client import ClientOptions
from recon_app.domain.errors import CredentialsError, InputError
from recon_app.sandbox.demo import write_demo_orders
from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore
from recon_app.services.credentials import Credentials, PortOneV2Credentials
from recon_app.services.importing import import_orders
from recon_app.services.reconciling import reconcile_month
from recon_app.services.syncing import SyncReport, SyncRequest, period_bounds, sync_payments
from recon_app.storage.db import Ledger, open_ledger

OCT_FROM, OCT_TO = date(2026, 10, 1), date(2026, 10, 31)
LO, _HI = period_bounds(OCT_FROM, OCT_TO)
FAST = ClientOptions(backoff_base=0.05, backoff_cap=0.3, connect_timeout=2, read_timeout=2)
#: V1 pay_method codes of easy-pay services; V2 calls every one of them EasyPay (issue 11).
EASY_PAY = {"kakaopay", "naverpay", "point", "payco", "tosspay"}
SAME_FIELDS = (
    "merchant_uid",
    "status",
    "pg_provider",
    "currency",
    "amount",
    "cancel_amount",
    "buyer_name",
    "buyer_email",
    "buyer_tel",
    "started_at",
    "paid_at",
    "failed_at",
    "sandbox",
)


def requests_to(server: SandboxServer, prefix: str) -> list[Any]:
    """The requests the sandbox served whose path starts with ``prefix``."""
    return [r for r in server.requests if r.path.startswith(prefix)]


@pytest.fixture
def store() -> SandboxStore:
    return SandboxStore.demo()


@pytest.fixture
def v2(store: SandboxStore) -> Iterator[SandboxServer]:
    with SandboxServer(store, api="portone-v2") as server:
        yield server


@pytest.fixture
def v1(store: SandboxStore) -> Iterator[SandboxServer]:
    with SandboxServer(store) as server:
        yield server


def sync_v2(ledger: Ledger, server: SandboxServer, store: str = "default", **kw: Any) -> SyncReport:
    order_id_from = kw.pop("order_id_from", None)
    request = SyncRequest(
        OCT_FROM,
        OCT_TO,
        store,
        server.base_url,
        provider="portone-v2",
        order_id_from=order_id_from,
    )
    kw.setdefault("options", FAST)
    return sync_payments(ledger, request, PortOneV2Credentials(server.api_secret), **kw)


def sync_v1(ledger: Ledger, server: SandboxServer, store: str = "default") -> SyncReport:
    request = SyncRequest(OCT_FROM, OCT_TO, store, server.base_url, provider="portone-v1")
    return sync_payments(
        ledger, request, Credentials(server.imp_key, server.imp_secret), options=FAST
    )


def rows(path: Path, store: str = "default") -> dict[str, dict[str, Any]]:
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    found = db.execute(
        "SELECT p.* FROM payments p JOIN stores s ON s.id = p.store_id WHERE s.name = ?", (store,)
    ).fetchall()
    db.close()
    return {r["imp_uid"]: dict(r) for r in found}


def cancels(path: Path) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(path)
    found = db.execute(
        "SELECT imp_uid, seq, pg_tid, amount, cancelled_at, reason, cancellation_id "
        "FROM payment_cancels ORDER BY imp_uid, seq"
    ).fetchall()
    db.close()
    return found


def truth(store: SandboxStore, since: int) -> dict[str, dict[str, Any]]:
    """The payments a sync from ``since`` must hold: status time (V2: statusChangedAt) ≥ since."""
    from recon_app.sandbox.v2 import status_changed_at

    return {p["imp_uid"]: p for p in store.payments() if status_changed_at(p) >= since}


def test_v2_sync_of_the_demo_store_equals_truth(
    ledger: Ledger, ledger_path: Path, v2, store
) -> None:  # type: ignore[no-untyped-def]
    report = sync_v2(ledger, v2, page_size=7)
    expected = truth(store, LO)
    got = rows(ledger_path)
    assert set(got) == set(expected)
    assert report.payments_seen == report.inserted == len(expected) > 150
    assert report.pages > report.windows  # paged: several windows hold more than 7
    for uid, p in expected.items():
        row = got[uid]
        assert {f: row[f] for f in SAME_FIELDS} == {f: p[f] for f in SAME_FIELDS}, uid
        assert row["provider"] == "portone-v1"  # V1 payments listed by V2 stay V1 payments
        method = p["pay_method"]
        easy = method in EASY_PAY or (method == "card" and p["emb_pg_provider"])
        assert row["pay_method"] == ("easypay" if easy else method), uid
        assert row["cancelled_at"] == (p["cancelled_at"] if p["status"] == "cancelled" else 0)
    with_history = [
        (uid, seq, c["pg_tid"], c["amount"], c["cancelled_at"], c["reason"], c["cancellation_id"])
        for uid, p in sorted(expected.items())
        for seq, c in enumerate(p["cancel_history"])
    ]
    assert cancels(ledger_path) == with_history and with_history


def test_second_v2_sync_changes_nothing(ledger: Ledger, v2) -> None:  # type: ignore[no-untyped-def]
    first = sync_v2(ledger, v2)
    second = sync_v2(ledger, v2)
    assert second.inserted == second.updated == 0
    assert second.unchanged == first.inserted


def test_v1_and_v2_syncs_of_one_store_hold_no_duplicate(
    ledger: Ledger, ledger_path: Path, v1, v2, store
) -> None:  # type: ignore[no-untyped-def]
    sync_v1(ledger, v1)
    after_v1 = rows(ledger_path)
    report = sync_v2(ledger, v2)
    after_both = rows(ledger_path)
    assert set(after_both) == set(after_v1)
    assert report.inserted == 0 and report.updated > 0  # the same payments, seen again
    db = sqlite3.connect(ledger_path)
    (dupes,) = db.execute(
        "SELECT COUNT(*) FROM (SELECT imp_uid FROM payments GROUP BY store_id, imp_uid "
        "HAVING COUNT(*) > 1)"
    ).fetchone()
    assert dupes == 0
    assert db.execute("SELECT provider FROM stores").fetchall() == [("portone-v2",)]


def test_the_same_month_gives_the_same_rows_whichever_api_delivered_it(
    tmp_path: Path, v1, v2
) -> None:  # type: ignore[no-untyped-def]
    orders = tmp_path / "orders.csv"
    write_demo_orders(orders)
    results = {}
    for name, server, sync in (("v1", v1, sync_v1), ("v2", v2, sync_v2)):
        led = open_ledger(tmp_path / f"{name}.sqlite3")
        import_orders(led, orders)
        sync(led, server)
        results[name] = reconcile_month(led, "2026-10").rows.set_index("row_key").sort_index()
        led.close()
    a, b = results["v1"], results["v2"]
    assert list(a.index) == list(b.index) and len(a) > 150
    others = [c for c in a.columns if c != "pay_method"]
    assert a[others].equals(b[others])
    differ = a["pay_method"].ne(b["pay_method"]) & a["pay_method"].notna()
    assert differ.any()
    # The only difference is the documented one: V1's easy-pay codes (and a card paid through
    # an easy-pay wallet) are V2's 'easypay'; a row joins the methods of its payments.
    for v1_text, v2_text in zip(a.loc[differ, "pay_method"], b.loc[differ, "pay_method"]):
        pairs = list(zip(v1_text.split(","), v2_text.split(","), strict=True))
        assert all(x == y or (y == "easypay" and x in EASY_PAY | {"card"}) for x, y in pairs)


def test_order_id_from_custom_data_and_regex(ledger: Ledger, ledger_path: Path, v2, store) -> None:  # type: ignore[no-untyped-def]
    paid = [p for p in store.payments() if p["status"] == "paid" and p["paid_at"] >= LO][:3]
    a, b, c = (p["imp_uid"] for p in paid)
    v2.api.v2_native[a] = {"version": "V2", "id": "pay_7f3a", "customData": '{"orderId": "A-1"}'}
    v2.api.v2_native[b] = {"version": "V2", "id": "pay_9c1e", "customData": "not json"}
    v2.api.v2_native[c] = {"version": "V2", "id": "ORDER-777-retry2"}
    sync_v2(ledger, v2, order_id_from="custom:orderId")
    got = rows(ledger_path)
    assert (got[a]["merchant_uid"], got[a]["provider"]) == ("A-1", "portone-v2")
    assert got[b]["merchant_uid"] == "pay_9c1e"  # customData not JSON: the payment's own id
    assert got[c]["merchant_uid"] == "ORDER-777-retry2"  # no orderId key: its own id
    # The store remembers the rule: a later sync without it reads the same way ...
    request = SyncRequest(OCT_FROM, OCT_TO, "default", v2.base_url)
    sync_payments(ledger, request, PortOneV2Credentials(v2.api_secret), options=FAST)
    assert rows(ledger_path)[a]["merchant_uid"] == "A-1"
    # ... until it is given another one.
    sync_v2(ledger, v2, order_id_from=r"regex:^ORDER-(\d+)-")
    got = rows(ledger_path)
    assert got[c]["merchant_uid"] == "777" and got[a]["merchant_uid"] == "pay_7f3a"
    assert len(got) == len(truth(store, LO))  # re-keyed, never duplicated


@pytest.mark.parametrize("spec", ["custom:", "regex:(unclosed", "regex:no-group", "json:x"])
def test_bad_order_id_rule_is_refused_before_anything_happens(
    ledger: Ledger, v2, spec: str
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="--order-id-from"):
        sync_v2(ledger, v2, order_id_from=spec)
    assert v2.requests == []


def test_foreign_currency_and_test_channel_are_stored_but_set_aside(
    tmp_path: Path, v2, store
) -> None:  # type: ignore[no-untyped-def]
    orders = tmp_path / "orders.csv"
    write_demo_orders(orders)
    led = open_ledger(tmp_path / "l.sqlite3")
    import_orders(led, orders)
    sync_v2(led, v2)
    before = reconcile_month(led, "2026-10").rows.set_index("row_key").sort_index()
    store.add(
        {
            "imp_uid": "imp_usd_1",
            "merchant_uid": "20261005-0000223",  # an October order of the demo shop
            "amount": 1250,
            "currency": "USD",
            "status": "paid",
            "paid_at": LO + 5 * 86_400,
            "pay_method": "card",
            "pg_provider": "paypal_v2",
        }
    )
    store.add(
        {
            "imp_uid": "imp_test_1",
            "merchant_uid": "T-ORDER-1",
            "amount": 50_000,
            "status": "paid",
            "paid_at": LO + 6 * 86_400,
            "pay_method": "card",
            "pg_provider": "html5_inicis",
            "sandbox": True,
        }
    )
    report = sync_v2(led, v2)
    assert {(s["payment_id"], s["why"]) for s in report.set_aside} == {
        ("imp_usd_1", "통화 USD"),
        ("imp_test_1", "테스트 채널"),
    }
    assert any("imp_usd_1" in line for line in report.summary_lines())
    stored = rows(tmp_path / "l.sqlite3")
    assert (stored["imp_usd_1"]["currency"], stored["imp_test_1"]["sandbox"]) == ("USD", 1)
    after = reconcile_month(led, "2026-10").rows.set_index("row_key").sort_index()
    led.close()
    assert after.equals(before), "set-aside payments changed the month's figures"


def test_wrong_secret_is_a_credentials_error(ledger: Ledger, v2) -> None:  # type: ignore[no-untyped-def]
    request = SyncRequest(OCT_FROM, OCT_TO, "default", v2.base_url, provider="portone-v2")
    with pytest.raises(CredentialsError, match="V2"):
        sync_payments(ledger, request, PortOneV2Credentials("wrong"), options=FAST)
    assert [r.path for r in v2.requests] == ["/login/api-secret"]


# ---- faults ------------------------------------------------------------------------------------
@pytest.fixture
def busy() -> Iterator[SandboxServer]:
    """2,000 generated payments in October, served by the V2 endpoints."""
    store = SandboxStore.generate(2000, seed=7, start=date(2026, 10, 1), end=date(2026, 10, 31))
    store.set_now(LO + 40 * 86_400)
    with SandboxServer(store, api="portone-v2") as server:
        yield server


def assert_complete(ledger_path: Path, server: SandboxServer) -> None:
    expected = truth(server.store, LO)
    got = rows(ledger_path)
    assert set(got) == set(expected)
    assert all(got[u]["cancel_amount"] == p["cancel_amount"] for u, p in expected.items())


def test_429_burst_is_survived_and_retry_after_honoured(
    ledger: Ledger, ledger_path: Path, busy
) -> None:  # type: ignore[no-untyped-def]
    busy.faults.rate_limit(n=3, retry_after=0.2, only="/payments")
    report = sync_v2(ledger, busy, page_size=50)
    assert [f[0] for f in busy.faults.fired] == ["rate_limit"] * 3
    assert report.retries >= 3
    assert_complete(ledger_path, busy)


@pytest.mark.parametrize("fault", ["server_error", "drop_connection"])
def test_5xx_and_dropped_connections_are_survived(
    ledger: Ledger, ledger_path: Path, busy, fault: str
) -> None:  # type: ignore[no-untyped-def]
    getattr(busy.faults, fault)(n=3, only="/payments")
    report = sync_v2(ledger, busy, page_size=50)
    assert [f[0] for f in busy.faults.fired] == [fault] * 3
    assert report.retries >= 3
    assert_complete(ledger_path, busy)


def test_access_token_expiry_mid_sync_renews_through_the_refresh_token(
    ledger: Ledger, ledger_path: Path, busy
) -> None:  # type: ignore[no-untyped-def]
    busy.faults.call_after(6, busy.faults.expire_tokens)
    report = sync_v2(ledger, busy, page_size=50)
    assert [r.status for r in busy.requests].count(401) >= 1
    assert len(requests_to(busy, "/token/refresh")) >= 1
    assert len(requests_to(busy, "/login/api-secret")) == 1  # the refresh token sufficed
    assert report.token_fetches >= 2
    assert_complete(ledger_path, busy)


def test_refused_refresh_token_falls_back_to_a_new_login(
    ledger: Ledger, ledger_path: Path, busy
) -> None:  # type: ignore[no-untyped-def]
    def expire_both() -> None:
        busy.faults.expire_tokens()
        busy.api.tokens.expire_refresh_tokens()

    busy.faults.call_after(6, expire_both)
    sync_v2(ledger, busy, page_size=50)
    assert [r.status for r in requests_to(busy, "/token/refresh")] == [401]
    assert len(requests_to(busy, "/login/api-secret")) == 2
    assert_complete(ledger_path, busy)


def test_a_window_beyond_the_page_reach_is_split(
    ledger: Ledger, ledger_path: Path, busy, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """(number + 1) × size ≤ 60,000 (FACTS §4.2); with the limit at 600 on both sides (server
    and client), 2,000 payments in seven-day windows cannot be read without splitting."""
    import recon_app.adapters.portone_v2.client as client_mod
    import recon_app.adapters.portone_v2.paging as paging_mod
    import recon_app.sandbox.v2 as sandbox_mod

    for mod in (client_mod, paging_mod, sandbox_mod):
        monkeypatch.setattr(mod, "MAX_PAGE_REACH", 600)
    sync_v2(ledger, busy, page_size=100)
    numbers = [
        __import__("json").loads(r.query["requestBody"])["page"]["number"]
        for r in requests_to(busy, "/payments")
    ]
    assert max(numbers) == 5  # (5 + 1) × 100 = 600: the last page allowed, never beyond
    assert all(r.status == 200 for r in requests_to(busy, "/payments"))
    assert_complete(ledger_path, busy)


def test_payments_leaving_a_window_while_it_is_paged_are_not_lost(
    ledger: Ledger, ledger_path: Path, busy
) -> None:  # type: ignore[no-untyped-def]
    """Cancelling a payment on an early page moves it to now, shifting a later payment onto a
    page already read; the tail window shows the move and the window is pulled again."""
    store = busy.store
    first_window = sorted(
        (p for p in store.payments() if p["status"] == "paid" and not p["cancel_history"]),
        key=lambda p: (p["paid_at"], p["imp_uid"]),
    )
    early = first_window[0]["imp_uid"]
    busy.faults.call_after(4, lambda: store.cancel(early, None, reason="mid-sync cancel"))
    sync_v2(ledger, busy, page_size=20, concurrency=1)
    assert_complete(ledger_path, busy)
    assert rows(ledger_path)[early]["status"] == "cancelled"


def test_a_v2_store_given_v1_credentials_is_told_so(ledger: Ledger, v2, v1) -> None:  # type: ignore[no-untyped-def]
    sync_v2(ledger, v2)
    request = SyncRequest(OCT_FROM, OCT_TO, "default", v1.base_url)  # the store says V2
    with pytest.raises(CredentialsError, match="PortOne V2"):
        sync_payments(ledger, request, Credentials(v1.imp_key, v1.imp_secret), options=FAST)
    assert v1.requests == []
    with ledger.read() as conn:
        outcomes = conn.exec_driver_sql("SELECT outcome FROM sync_runs").fetchall()
    assert outcomes == [("ok",)]  # no run was started for the refused sync


def test_contract_breaking_payment_writes_nothing_of_its_window(
    ledger: Ledger, ledger_path: Path, v2, store
) -> None:  # type: ignore[no-untyped-def]
    from recon_app.adapters.portone.errors import ContractError

    victim = next(
        p for p in store.payments() if p["status"] == "paid" and p["paid_at"] > LO + 20 * 86_400
    )
    render = v2.api._render

    def broken(p: dict[str, Any]) -> dict[str, Any]:
        obj = render(p)
        if p["imp_uid"] == victim["imp_uid"]:
            obj["amount"] = {**obj["amount"], "total": "1000"}  # a string: breaks the schema
        return obj

    v2.api._render = broken
    with pytest.raises(ContractError, match=victim["imp_uid"]):
        sync_v2(ledger, v2)
    got = rows(ledger_path)
    assert victim["imp_uid"] not in got
    from recon_app.sandbox.v2 import status_changed_at

    moment = status_changed_at(victim)
    same_window = [
        u for u, p in truth(store, LO).items() if abs(status_changed_at(p) - moment) < 3600
    ]
    assert same_window and not set(same_window) & set(got)
    with ledger.read() as conn:
        (outcome,) = conn.exec_driver_sql("SELECT outcome FROM sync_runs").fetchone()
    assert outcome == "failed"
