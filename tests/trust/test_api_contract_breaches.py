"""API responses that break the contract, served for real over HTTP: a clear error, nothing written.

Two sources of breakage:

* a tiny stand-in API on 127.0.0.1 (``BrokenApi``) for what the sandbox cannot be made to send:
  a payment without imp_uid or status, an unknown status, a string amount, non-integral KRW in a
  cancel entry, invalid JSON with a 200, an HTML 200, a page with more rows than asked for, a
  page claiming 10^12 rows, ``response: null``;
* the real sandbox with one payment mutated into a broken shape *mid-sync* (``store.update``
  from a ``call_after`` hook), so earlier windows are already committed: only the breaching
  window is refused, and once the API is fixed the next sync completes and equals the truth.

tests/adapters/portone/test_schema.py checks the parser on dicts and test_client_unit.py the
client on a mock transport; tests/services/test_syncing.py has two breaches (float amount,
string cancel_amount) through the sandbox. These are the rest, end to end, ledger checked.
"""

from __future__ import annotations

import copy
import json
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from trust_support import assert_intact, assert_ledger_equals_truth, count, kst

from recon_app.adapters.portone.client import ClientOptions
from recon_app.domain.errors import ApiError
from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore
from recon_app.services.credentials import Credentials
from recon_app.services.syncing import SyncRequest, sync_payments

FAST = ClientOptions(
    backoff_base=0.01, backoff_cap=0.05, connect_timeout=2, read_timeout=5, max_attempts=3
)


def _good_payment() -> dict[str, Any]:
    store = SandboxStore()
    return store.add(
        {
            "imp_uid": "imp_100000000001",
            "merchant_uid": "m-1",
            "amount": 15000,
            "status": "paid",
            "pay_method": "card",
            "pg_provider": "kcp",
            "paid_at": kst(2026, 10, 5, 12),
            "buyer_name": "김하나",
        }
    )


class BrokenApi:
    """getToken always works; every list request gets ``body`` with status 200 (bytes, or a
    function of the requested page number)."""

    def __init__(
        self, body: bytes | Callable[[int], bytes], content_type: str = "application/json"
    ) -> None:
        self.body, self.content_type, self.list_requests = body, content_type, 0
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *_a: Any) -> None:
                pass

            def _send(self, payload: bytes, ctype: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self) -> None:  # getToken
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                now = int(time.time())
                self._send(
                    json.dumps(
                        {
                            "code": 0,
                            "message": None,
                            "response": {
                                "access_token": "tok",
                                "now": now,
                                "expired_at": now + 1800,
                            },
                        }
                    ).encode(),
                    "application/json",
                )

            def do_GET(self) -> None:
                api.list_requests += 1
                body = api.body
                if callable(body):
                    page = int(parse_qs(urlsplit(self.path).query).get("page", ["1"])[0])
                    body = body(page)
                self._send(body, api.content_type)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> BrokenApi:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _page(items: list[dict[str, Any]], *, total: int | None = None, nxt: int = 0) -> bytes:
    return json.dumps(
        {
            "code": 0,
            "message": None,
            "response": {
                "total": len(items) if total is None else total,
                "previous": 0,
                "next": nxt,
                "list": items,
            },
        },
        ensure_ascii=False,
    ).encode()


def _breach(**changes: Any) -> bytes:
    good = _good_payment()
    bad = copy.deepcopy(good)
    for key, value in changes.items():
        if value is KeyError:
            bad.pop(key)
        else:
            bad[key] = value
    other = dict(copy.deepcopy(good), imp_uid="imp_100000000002", merchant_uid="m-2")
    return _page([other, bad])


def _cancel_breach() -> bytes:
    p = _good_payment()
    p["cancel_amount"] = 5000
    p["cancel_history"] = [
        {
            "pg_tid": "t",
            "amount": 4999.5,
            "cancelled_at": kst(2026, 10, 6),
            "reason": "x",
            "cancellation_id": "c1",
            "receipt_url": None,
        }
    ]
    return _page([p])


CASES: dict[str, tuple[bytes, str, str]] = {
    # name: (body, content type, text the error must contain)
    "missing imp_uid": (_breach(imp_uid=KeyError), "application/json", "imp_uid"),
    "missing status": (_breach(status=KeyError), "application/json", "status"),
    "unknown status": (_breach(status="refunded"), "application/json", "status"),
    "amount as text": (_breach(amount="15000"), "application/json", "amount"),
    "amount null": (_breach(amount=None), "application/json", "amount"),
    "amount bool": (_breach(amount=True), "application/json", "amount"),
    "non-integral KRW": (_breach(amount=15000.25), "application/json", "amount"),
    "cancel entry 0.5 won": (_cancel_breach(), "application/json", "amount"),
    "paid_at as text": (_breach(paid_at="2026-10-05"), "application/json", "paid_at"),
    "invalid JSON": (
        b'{"code":0,"response":{"total":1,"list":[{"imp_uid":',
        "application/json",
        "JSON",
    ),
    "HTML with 200": (b"<html><body>maintenance</body></html>", "text/html", "JSON"),
    "response null": (b'{"code":0,"message":null,"response":null}', "application/json", "response"),
    "more rows than limit": (
        _page(
            [
                dict(_good_payment(), imp_uid=f"imp_{i:012d}", merchant_uid=f"m{i}")
                for i in range(101)
            ]
        ),
        "application/json",
        "limit=100",
    ),
    "list not a list": (
        b'{"code":0,"response":{"total":1,"previous":0,"next":0,"list":{}}}',
        "application/json",
        "list",
    ),
}


def _sync(ledger, base_url: str):  # type: ignore[no-untyped-def]
    return sync_payments(
        ledger,
        SyncRequest(date(2026, 10, 1), date(2026, 10, 31), api_base=base_url),
        Credentials("trust-key", "trust-secret"),
        options=FAST,
        window_days=90,
        page_size=100,
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_breaking_response_is_refused_and_nothing_written(case: str, ledger) -> None:  # type: ignore[no-untyped-def]
    body, ctype, needle = CASES[case]
    with BrokenApi(body, ctype) as api, pytest.raises(ApiError) as err:
        _sync(ledger, api.base_url)
    text = str(err.value)
    assert needle in text, text
    assert "Traceback" not in text and len(text) < 2000
    assert count(ledger.path, "SELECT COUNT(*) FROM payments") == 0
    assert count(ledger.path, "SELECT COUNT(*) FROM payment_cancels") == 0
    assert sqlite3.connect(ledger.path).execute("SELECT outcome FROM sync_runs").fetchall() == [
        ("failed",)
    ]
    assert api.list_requests <= 3  # refused, not retried in a loop


def _endless(page: int) -> bytes:
    """Well-formed pages that claim total=10^12 and always have a next page."""
    base = _good_payment()
    items = [
        dict(base, imp_uid=f"imp_{page:06d}{i:06d}", merchant_uid=f"m{page}-{i}")
        for i in range(100)
    ]
    return _page(items, total=10**12, nxt=page + 1)


def test_page_claiming_a_trillion_rows_is_refused_quickly(ledger) -> None:  # type: ignore[no-untyped-def]
    """total=10^12 with consistent pages: the client must not start 10^10 (or 10^5) requests."""
    with BrokenApi(_endless) as api:
        t0 = time.monotonic()
        result: list[BaseException] = []

        def run() -> None:
            try:
                _sync(ledger, api.base_url)
            except BaseException as exc:
                result.append(exc)

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        worker.join(timeout=3)
        still_running = worker.is_alive()
        requests = api.list_requests
        api.body = b"{}"  # make any remaining requests fail fast so the thread ends
        worker.join(timeout=60)
    assert not still_running, f"still paging after 3 s ({requests} page requests)"
    assert result and isinstance(result[0], ApiError) and time.monotonic() - t0 < 5
    assert requests < 1000
    assert count(ledger.path, "SELECT COUNT(*) FROM payments") == 0


def test_cli_reports_a_breach_without_traceback(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from recon_app.cli.main import main

    monkeypatch.setenv("PORTONE_IMP_KEY", "trust-key")
    monkeypatch.setenv("PORTONE_IMP_SECRET", "trust-secret")
    with BrokenApi(_breach(status="refunded")) as api:
        code = main(
            [
                "--db",
                str(tmp_path / "l.sqlite3"),
                "sync",
                "--from",
                "2026-10-01",
                "--to",
                "2026-10-31",
                "--api-base",
                api.base_url,
                "--retries",
                "2",
            ]
        )
    err = capsys.readouterr().err
    assert code == 3 and "오류:" in err and "status" in err and "Traceback" not in err, err


# ---- the real sandbox, one payment broken mid-sync ------------------------------------------
@pytest.mark.parametrize(
    "breach",
    [
        {"amount": 15000.5},
        {"amount": "15000"},
        {"cancel_amount": -1},
        {"buyer_name": 12345},
        {"currency": 7},
    ],
)
def test_mid_sync_breach_refuses_only_its_window_then_recovers(
    ledger, breach: dict[str, Any]
) -> None:  # type: ignore[no-untyped-def]
    store = SandboxStore.generate(
        n_payments=600, seed=41, start=kst(2026, 10, 1), end=kst(2026, 11, 1)
    )
    late = max(
        (p for p in store.payments() if p["status"] == "paid" and not p["cancel_history"]),
        key=lambda p: p["paid_at"],
    )
    good = {k: late[k] for k in breach}
    with SandboxServer(store, port=0) as server:
        # After a few windows are in, the late-October payment turns bad before its window is read.
        server.faults.call_after(4, lambda: store.update(late["imp_uid"], **breach))
        request = SyncRequest(date(2026, 10, 1), date(2026, 10, 31), api_base=server.base_url)
        creds = Credentials(server.imp_key, server.imp_secret)
        with pytest.raises(ApiError) as err:
            sync_payments(ledger, request, creds, options=FAST, window_days=3, concurrency=1)
        assert late["imp_uid"] in str(err.value)
        assert_intact(ledger.path)
        written = {
            r[0] for r in sqlite3.connect(ledger.path).execute("SELECT imp_uid FROM payments")
        }
        assert 0 < len(written) < len(store) and late["imp_uid"] not in written
        # Committed windows hold the truth; the breaching window was not written at all.
        window_of_bad = [
            p["imp_uid"]
            for p in store.payments()
            if abs(p["paid_at"] - late["paid_at"]) < 3600 and p["imp_uid"] != late["imp_uid"]
        ]
        assert not set(window_of_bad) & written
        store.update(late["imp_uid"], **good)  # PortOne fixed it
        sync_payments(ledger, request, creds, options=FAST, window_days=3, concurrency=1)
    assert_ledger_equals_truth(ledger.path, store)
