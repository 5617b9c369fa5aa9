"""Each switchable fault, the store hooks, latency, the request log and a bounded stop."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sandbox_data import OCT_PAID, kst

from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore

OCT = {"from": kst(2026, 10, 1), "to": kst(2026, 11, 1) - 1}


def test_rate_limit_answers_429_with_retry_after_then_recovers(
    server: SandboxServer, client: httpx.Client, auth: dict
) -> None:
    server.faults.rate_limit(n=2, retry_after=3)
    for _ in range(2):
        r = client.get(f"/payments/{OCT_PAID}", headers=auth)
        assert r.status_code == 429 and r.headers["Retry-After"] == "3"
        assert r.json()["code"] != 0 and r.json()["response"] is None
    assert client.get(f"/payments/{OCT_PAID}", headers=auth).status_code == 200
    assert [f[0] for f in server.faults.fired] == ["rate_limit", "rate_limit"]
    assert server.faults.pending() == 0


def test_faults_can_spare_get_token(server: SandboxServer, client: httpx.Client) -> None:
    server.faults.rate_limit(n=1, only="/payments")
    r = client.post(
        "/users/getToken", json={"imp_key": server.imp_key, "imp_secret": server.imp_secret}
    )
    assert r.status_code == 200
    headers = {"Authorization": r.json()["response"]["access_token"]}
    assert client.get(f"/payments/{OCT_PAID}", headers=headers).status_code == 429
    assert client.get(f"/payments/{OCT_PAID}", headers=headers).status_code == 200


def test_server_error_json_and_html(
    server: SandboxServer, client: httpx.Client, auth: dict
) -> None:
    server.faults.server_error(n=1, status=500)
    server.faults.server_error(n=1, status=502, html=True)
    r = client.get(f"/payments/{OCT_PAID}", headers=auth)
    assert r.status_code == 500 and r.json()["code"] != 0
    r = client.get(f"/payments/{OCT_PAID}", headers=auth)
    assert (
        r.status_code == 502
        and r.headers["content-type"].startswith("text/html")
        and "502" in r.text
    )
    assert client.get(f"/payments/{OCT_PAID}", headers=auth).status_code == 200
    with pytest.raises(ValueError):
        server.faults.server_error(status=404)


def test_only_one_status_fault_per_request_in_fixed_order(
    server: SandboxServer, client: httpx.Client, auth: dict
) -> None:
    server.faults.server_error(n=1, status=503)
    server.faults.rate_limit(n=1)
    codes = [client.get(f"/payments/{OCT_PAID}", headers=auth).status_code for _ in range(3)]
    assert codes == [429, 503, 200]


def test_slow_delays_only_the_armed_requests(
    server: SandboxServer, client: httpx.Client, auth: dict
) -> None:
    server.faults.slow(n=1, seconds=0.4)
    start = time.monotonic()
    assert client.get(f"/payments/{OCT_PAID}", headers=auth).status_code == 200
    assert time.monotonic() - start >= 0.4
    with pytest.raises(httpx.ReadTimeout):  # a client with a short timeout gives up on a slow one
        server.faults.slow(n=1, seconds=2)
        client.get(f"/payments/{OCT_PAID}", headers=auth, timeout=0.2)


def test_drop_connection_mid_body(server: SandboxServer, client: httpx.Client, auth: dict) -> None:
    server.faults.drop_connection(n=1)
    with pytest.raises(httpx.RemoteProtocolError, match="incomplete|without sending complete"):
        client.get("/payments/status/all", params={**OCT, "limit": 50}, headers=auth)
    r = client.get("/payments/status/all", params={**OCT, "limit": 50}, headers=auth)
    assert r.status_code == 200 and len(r.json()["response"]["list"]) == 50
    assert server.requests[-2].status == 200  # headers said 200; the body was cut


def test_drop_connection_raw_socket_sees_half_a_body(server: SandboxServer, token: str) -> None:
    server.faults.drop_connection(n=1)
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(
            f"GET /payments/{OCT_PAID} HTTP/1.1\r\nHost: x\r\nAuthorization: {token}\r\n\r\n".encode()
        )
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(
        next(h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")).split(b":")[
            1
        ]
    )
    assert 0 < len(body) < length


def test_expire_tokens_mid_sync(server: SandboxServer, client: httpx.Client, auth: dict) -> None:
    server.faults.call_after(1, server.faults.expire_tokens)
    assert client.get("/payments/status/all", params=OCT, headers=auth).status_code == 200
    assert (
        client.get("/payments/status/all", params={**OCT, "page": 2}, headers=auth).status_code
        == 401
    )
    r = client.post(
        "/users/getToken", json={"imp_key": server.imp_key, "imp_secret": server.imp_secret}
    )
    new = r.json()["response"]["access_token"]
    assert f"Bearer {new}" != auth["Authorization"]
    assert (
        client.get(
            "/payments/status/all", params={**OCT, "page": 2}, headers={"Authorization": new}
        ).status_code
        == 200
    )


def test_call_after_changes_pages_while_a_client_pages(
    server: SandboxServer, client: httpx.Client, auth: dict
) -> None:
    """New payments arriving between pages shift the list: totals change mid-walk."""
    store = server.store
    first = client.get(
        "/payments/status/paid", params={**OCT, "limit": 10, "sorting": "-paid"}, headers=auth
    ).json()["response"]
    template = store.get(OCT_PAID)
    template.pop("imp_uid")

    def arrive() -> None:
        for i in range(3):
            store.add(
                {
                    **template,
                    "imp_uid": f"imp_8000000000{i:02d}",
                    "merchant_uid": f"NEW-{i}",
                    "paid_at": kst(2026, 10, 31, 20, i),
                    "started_at": kst(2026, 10, 31, 19, 59),
                }
            )

    server.faults.call_after(0, arrive)
    second = client.get(
        "/payments/status/paid",
        params={**OCT, "limit": 10, "sorting": "-paid", "page": 2},
        headers=auth,
    ).json()["response"]
    assert second["total"] == first["total"] + 3
    # the three newest went to page 1, pushing its last three onto page 2
    assert [p["imp_uid"] for p in second["list"][:3]] == [p["imp_uid"] for p in first["list"][-3:]]


def test_on_request_hook_sees_every_request(
    server: SandboxServer, client: httpx.Client, auth: dict
) -> None:
    seen: list[tuple[str, str, dict]] = []
    server.on_request = lambda method, path, query: seen.append((method, path, query))
    client.get("/payments/status/paid", params={"limit": 5}, headers=auth)
    client.get(f"/payments/{OCT_PAID}", headers=auth)
    assert [(m, p) for m, p, _ in seen] == [
        ("GET", "/payments/status/paid"),
        ("GET", f"/payments/{OCT_PAID}"),
    ]
    assert seen[0][2] == {"limit": ["5"]}


def test_a_failing_hook_becomes_a_500_and_is_kept(
    server: SandboxServer, client: httpx.Client, auth: dict
) -> None:
    server.faults.call_after(0, lambda: 1 / 0)
    assert client.get(f"/payments/{OCT_PAID}", headers=auth).status_code == 500
    assert isinstance(server.errors[0], ZeroDivisionError)


def test_requests_are_recorded(server: SandboxServer, client: httpx.Client) -> None:
    client.post("/users/getToken", json={"imp_key": "x", "imp_secret": "y"})
    client.get("/payments", params={"imp_uid[]": ["a"], "page": "1"})
    assert server.requests == [
        ("POST", "/users/getToken", {}, 401),
        ("GET", "/payments", {"imp_uid[]": ["a"], "page": "1"}, 401),
    ]
    assert server.requests[1].query["imp_uid[]"] == ["a"]


def test_latency_applies_to_every_request_and_overlaps_across_threads(store: SandboxStore) -> None:
    with SandboxServer(store, latency=0.2) as server, httpx.Client(base_url=server.base_url) as c:
        start = time.monotonic()
        token = c.post(
            "/users/getToken", json={"imp_key": server.imp_key, "imp_secret": server.imp_secret}
        ).json()["response"]["access_token"]
        assert time.monotonic() - start >= 0.2

        def fetch(page: int) -> int:
            return c.get(
                "/payments/status/all",
                params={**OCT, "page": page, "limit": 5},
                headers={"Authorization": token},
            ).status_code

        start = time.monotonic()
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(fetch, range(1, 9)))
        elapsed = time.monotonic() - start
        assert codes == [200] * 8
        assert elapsed >= 0.2
        assert len(server.requests) == 9


def test_stop_is_bounded_and_closes_keepalive_connections(store: SandboxStore) -> None:
    server = SandboxServer(store).start()
    client = httpx.Client(base_url=server.base_url, timeout=2)
    assert client.post("/users/getToken", json={}).status_code == 401  # connection now kept alive
    server.faults.slow(n=1, seconds=30)
    in_flight = threading.Event()
    server.faults.call_after(0, in_flight.set)  # runs in the handler, just before the 30 s delay
    result: list[object] = []
    t = threading.Thread(
        target=lambda: result.append(_try(client, "/payments/status/all")), daemon=True
    )
    t.start()
    assert in_flight.wait(5), "the slow request never reached the server"
    start = time.monotonic()
    server.stop()
    assert time.monotonic() - start < 5
    t.join(5)
    assert not t.is_alive()
    with pytest.raises(httpx.TransportError):
        client.get("/payments/status/all")
    with pytest.raises(RuntimeError):
        server.start()
    server.stop()  # idempotent
    client.close()


def _try(client: httpx.Client, path: str) -> object:
    try:
        return client.get(path).status_code
    except httpx.HTTPError as exc:
        return exc


def test_server_threads_are_daemons(server: SandboxServer, client: httpx.Client) -> None:
    client.post("/users/getToken", json={})
    handlers = [t for t in threading.enumerate() if "process_request_thread" in t.name]
    assert handlers and all(t.daemon for t in handlers)
    assert server._thread is not None and server._thread.daemon
