"""Every sandbox endpoint over real HTTP: envelope, status codes, paging, windows, tokens."""

from __future__ import annotations

import httpx
import pytest
from sandbox_data import (
    DUP_1,
    DUP_2,
    FAILED,
    OCT_PAID,
    OCT_TO_NOV,
    PARTIAL,
    RETRY_PAID,
    VBANK_READY,
    kst,
)

from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore

DAY = 86_400
OCT = {"from": kst(2026, 10, 1), "to": kst(2026, 11, 1) - 1}
NOV = {"from": kst(2026, 11, 1), "to": kst(2026, 12, 1) - 1}


def envelope_error(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["code"] != 0 and body["message"] and body["response"] is None
    return body


def fresh_auth(server: SandboxServer, client: httpx.Client) -> dict[str, str]:
    r = client.post(
        "/users/getToken", json={"imp_key": server.imp_key, "imp_secret": server.imp_secret}
    )
    return {"Authorization": r.json()["response"]["access_token"]}


def all_pages(client: httpx.Client, auth: dict, path: str, params: dict) -> tuple[list[dict], int]:
    items: list[dict] = []
    page, total = 1, None
    while True:
        r = client.get(path, params={**params, "page": page}, headers=auth)
        assert r.status_code == 200, r.text
        body = r.json()["response"]
        assert total in (None, body["total"])
        total = body["total"]
        assert body["previous"] == page - 1
        items += body["list"]
        if body["next"] == 0:
            return items, total
        assert body["next"] == page + 1
        page += 1


# ---- getToken and auth ----------------------------------------------------------------------
def test_get_token_json_and_form_return_the_same_live_token(
    server: SandboxServer, client: httpx.Client
) -> None:
    creds = {"imp_key": server.imp_key, "imp_secret": server.imp_secret}
    first = client.post("/users/getToken", json=creds)
    assert first.status_code == 200
    body = first.json()
    assert body["code"] == 0 and body["message"] is None
    res = body["response"]
    assert res["now"] == server.store.now()
    assert res["expired_at"] - res["now"] == 1800
    again = client.post("/users/getToken", data=creds).json()["response"]  # form body
    assert again["access_token"] == res["access_token"] and again["expired_at"] == res["expired_at"]


@pytest.mark.parametrize(
    "creds",
    [
        {"imp_key": "0000000000000000", "imp_secret": "wrong"},
        {"imp_key": "nope", "imp_secret": "sandbox-demo-secret-not-a-real-key"},
        {"imp_key": "0000000000000000"},
        {},
    ],
)
def test_get_token_refuses_bad_credentials_with_401_json(client: httpx.Client, creds: dict) -> None:
    envelope_error(client.post("/users/getToken", json=creds), 401)


def test_get_token_with_an_unreadable_body_is_401(client: httpx.Client) -> None:
    envelope_error(
        client.post(
            "/users/getToken", content=b"{not json", headers={"content-type": "application/json"}
        ),
        401,
    )


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer 1234", "abc"])
def test_missing_or_invalid_token_is_401_json(client: httpx.Client, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    envelope_error(client.get(f"/payments/{OCT_PAID}", headers=headers), 401)


def test_bearer_and_bare_token_both_accepted(client: httpx.Client, token: str) -> None:
    for value in (f"Bearer {token}", token, f"bearer  {token}"):
        assert (
            client.get(f"/payments/{OCT_PAID}", headers={"Authorization": value}).status_code == 200
        )


def test_token_extends_in_last_minute_then_expires(
    server: SandboxServer, client: httpx.Client
) -> None:
    store = server.store
    server.token_ttl = 600
    creds = {"imp_key": server.imp_key, "imp_secret": server.imp_secret}
    t0 = store.now()
    tok = client.post("/users/getToken", json=creds).json()["response"]
    assert tok["expired_at"] == t0 + 600
    headers = {"Authorization": f"Bearer {tok['access_token']}"}
    store.set_now(t0 + 500)  # not yet the last minute: same token, same expiry
    again = client.post("/users/getToken", json=creds).json()["response"]
    assert (again["access_token"], again["expired_at"]) == (tok["access_token"], t0 + 600)
    store.set_now(t0 + 570)  # last minute: same token, +5 min
    ext = client.post("/users/getToken", json=creds).json()["response"]
    assert ext["access_token"] == tok["access_token"] and ext["expired_at"] == t0 + 900
    assert ext["now"] == t0 + 570
    store.set_now(t0 + 899)
    assert client.get(f"/payments/{OCT_PAID}", headers=headers).status_code == 200
    store.set_now(t0 + 900)  # expired
    envelope_error(client.get(f"/payments/{OCT_PAID}", headers=headers), 401)
    new = client.post("/users/getToken", json=creds).json()["response"]
    assert new["access_token"] != tok["access_token"] and new["expired_at"] == t0 + 900 + 600
    assert (
        client.get(
            f"/payments/{OCT_PAID}", headers={"Authorization": new["access_token"]}
        ).status_code
        == 200
    )


def test_unknown_route_and_wrong_method(client: httpx.Client, auth: dict) -> None:
    envelope_error(client.get("/nope", headers=auth), 404)
    envelope_error(client.get("/users/getToken"), 405)
    envelope_error(client.post("/payments/status/all", headers=auth), 405)
    envelope_error(client.get("/payments/status/all/extra/more", headers=auth), 404)


# ---- single lookups -------------------------------------------------------------------------
def test_get_one_payment_is_the_store_truth(
    server: SandboxServer, client: httpx.Client, auth: dict
) -> None:
    r = client.get(f"/payments/{PARTIAL}", headers=auth)
    assert r.status_code == 200
    body = r.json()
    assert body["code"] == 0 and body["message"] is None
    p = body["response"]
    assert p == server.store.get(PARTIAL)
    assert p["status"] == "paid" and p["cancel_amount"] == 5_000 and p["cancelled_at"] == 0
    assert [c["amount"] for c in p["cancel_history"]] == [5_000]
    assert p["sandbox"] is False and isinstance(p["amount"], int)


def test_get_unknown_payment_is_404(client: httpx.Client, auth: dict) -> None:
    body = envelope_error(client.get("/payments/imp_000000000000", headers=auth), 404)
    assert body["message"] == "존재하지 않는 결제정보입니다."


def test_multiple_by_ids_200_207_404_400(client: httpx.Client, auth: dict) -> None:
    r = client.get("/payments", params={"imp_uid[]": [OCT_PAID, PARTIAL]}, headers=auth)
    assert r.status_code == 200
    assert [p["imp_uid"] for p in r.json()["response"]] == [OCT_PAID, PARTIAL]
    r = client.get(
        "/payments",
        params={"imp_uid[]": [OCT_PAID, "imp_nope"], "merchant_uid[]": ["K-DUP", "no-such-order"]},
        headers=auth,
    )
    assert r.status_code == 207
    body = r.json()
    assert (
        body["code"] == 0 and "imp_nope" in body["message"] and "no-such-order" in body["message"]
    )
    assert [p["imp_uid"] for p in body["response"]] == [OCT_PAID, DUP_2]  # merchant_uid -> latest
    envelope_error(
        client.get("/payments", params={"imp_uid[]": ["imp_x", "imp_y"]}, headers=auth), 404
    )
    envelope_error(
        client.get(
            "/payments", params={"imp_uid[]": [f"imp_{i}" for i in range(101)]}, headers=auth
        ),
        400,
    )
    envelope_error(client.get("/payments", headers=auth), 400)
    ids = [OCT_PAID] * 60 + [PARTIAL] * 40  # exactly 100 is allowed; duplicates collapse
    r = client.get("/payments", params={"imp_uid[]": ids}, headers=auth)
    assert r.status_code == 200 and len(r.json()["response"]) == 2


def test_find_gives_first_by_sorting_and_filters_status(client: httpx.Client, auth: dict) -> None:
    assert client.get("/payments/find/K-DUP", headers=auth).json()["response"]["imp_uid"] == DUP_2
    assert (
        client.get("/payments/find/K-DUP", params={"sorting": "started"}, headers=auth).json()[
            "response"
        ]["imp_uid"]
        == DUP_1
    )
    assert (
        client.get("/payments/find/K-RETRY", headers=auth).json()["response"]["imp_uid"]
        == RETRY_PAID
    )
    assert (
        client.get("/payments/find/K-RETRY/failed", headers=auth).json()["response"]["imp_uid"]
        == FAILED
    )
    envelope_error(client.get("/payments/find/K-RETRY/cancelled", headers=auth), 404)
    envelope_error(client.get("/payments/find/no-such-order", headers=auth), 404)
    envelope_error(client.get("/payments/find/K-DUP/bogus", headers=auth), 400)
    envelope_error(
        client.get("/payments/find/K-DUP", params={"sorting": "amount"}, headers=auth), 400
    )


def test_find_all_pages_every_payment_of_a_merchant_uid(client: httpx.Client, auth: dict) -> None:
    r = client.get("/payments/findAll/K-RETRY", headers=auth)
    assert r.status_code == 200
    res = r.json()["response"]
    assert res["total"] == 2 and res["next"] == 0 and res["previous"] == 0
    assert [p["imp_uid"] for p in res["list"]] == [RETRY_PAID, FAILED]
    first = client.get(
        "/payments/findAll/K-DUP", params={"limit": 1, "sorting": "started"}, headers=auth
    ).json()["response"]
    assert (first["total"], first["next"], [p["imp_uid"] for p in first["list"]]) == (2, 2, [DUP_1])
    second = client.get(
        "/payments/findAll/K-DUP",
        params={"limit": 1, "page": 2, "sorting": "started"},
        headers=auth,
    ).json()["response"]
    assert (second["previous"], second["next"], [p["imp_uid"] for p in second["list"]]) == (
        1,
        0,
        [DUP_2],
    )
    envelope_error(
        client.get("/payments/findAll/K-DUP", params={"limit": 1, "page": 3}, headers=auth), 400
    )
    paid = client.get("/payments/findAll/K-RETRY/paid", headers=auth).json()["response"]
    assert [p["imp_uid"] for p in paid["list"]] == [RETRY_PAID]
    envelope_error(client.get("/payments/findAll/no-such-order", headers=auth), 404)
    envelope_error(client.get("/payments/findAll/K-RETRY/bogus", headers=auth), 400)


# ---- status listing -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 1001},
        {"limit": "x"},
        {"page": 0},
        {"page": "two"},
        {"sorting": "amount"},
        {"from": "yesterday"},
        {"from": kst(2026, 10, 1), "to": kst(2026, 10, 1) + 90 * DAY + 1},  # 90 days + 1 s
        {"from": kst(2026, 10, 2), "to": kst(2026, 10, 1)},
        {"to": kst(2026, 11, 1), "from": kst(2026, 7, 1)},
    ],
)
def test_status_list_rejects_bad_params_with_400(
    client: httpx.Client, auth: dict, params: dict
) -> None:
    envelope_error(client.get("/payments/status/all", params=params, headers=auth), 400)


def test_status_list_rejects_an_unknown_status(client: httpx.Client, auth: dict) -> None:
    envelope_error(client.get("/payments/status/refunded", headers=auth), 400)


def test_exactly_90_days_is_allowed(client: httpx.Client, auth: dict) -> None:
    r = client.get(
        "/payments/status/all",
        params={"from": kst(2026, 8, 1), "to": kst(2026, 8, 1) + 90 * DAY},
        headers=auth,
    )
    assert r.status_code == 200 and r.json()["response"]["total"] > 0


def test_limit_max_1000_and_default_20(client: httpx.Client, auth: dict) -> None:
    res = client.get("/payments/status/all", params=OCT, headers=auth).json()["response"]
    assert len(res["list"]) == 20 and res["next"] == 2
    res = client.get("/payments/status/all", params={**OCT, "limit": 1000}, headers=auth).json()[
        "response"
    ]
    assert len(res["list"]) == res["total"] and res["next"] == 0


def test_pages_add_up_to_total_and_page_past_end_is_400(client: httpx.Client, auth: dict) -> None:
    items, total = all_pages(client, auth, "/payments/status/all", {**OCT, "limit": 7})
    assert len(items) == total > 7
    assert len({p["imp_uid"] for p in items}) == total
    last_page = (total + 6) // 7
    assert len(items) - 7 * (last_page - 1) <= 7  # the last page may be short
    envelope_error(
        client.get(
            "/payments/status/all", params={**OCT, "limit": 7, "page": last_page + 1}, headers=auth
        ),
        400,
    )


def test_empty_window_is_page_one_with_total_zero(client: httpx.Client, auth: dict) -> None:
    params = {"from": kst(2025, 1, 1), "to": kst(2025, 2, 1)}
    res = client.get("/payments/status/all", params=params, headers=auth).json()["response"]
    assert res == {"total": 0, "previous": 0, "next": 0, "list": []}
    envelope_error(
        client.get("/payments/status/all", params={**params, "page": 2}, headers=auth), 400
    )


def test_from_and_to_are_inclusive(server: SandboxServer, client: httpx.Client, auth: dict) -> None:
    paid_at = server.store.get(OCT_PAID)["paid_at"]
    for window in (
        {"from": paid_at, "to": paid_at},
        {"from": paid_at - 10, "to": paid_at},
        {"from": paid_at, "to": paid_at + 10},
    ):
        res = client.get("/payments/status/paid", params=window, headers=auth).json()["response"]
        assert OCT_PAID in [p["imp_uid"] for p in res["list"]]
    res = client.get(
        "/payments/status/paid", params={"from": paid_at + 1, "to": paid_at + 10}, headers=auth
    ).json()["response"]
    assert OCT_PAID not in [p["imp_uid"] for p in res["list"]]


def test_default_window_is_the_90_days_up_to_now(
    server: SandboxServer, client: httpx.Client
) -> None:
    store = server.store
    store.set_now(store.get(OCT_PAID)["paid_at"] + 90 * DAY)  # OCT_PAID sits exactly on `from`
    auth = fresh_auth(server, client)  # the clock jump expired earlier tokens
    uids = [
        p["imp_uid"] for p in all_pages(client, auth, "/payments/status/paid", {"limit": 1000})[0]
    ]
    assert OCT_PAID in uids
    store.advance(1)  # still within the token's 30 minutes
    uids = [
        p["imp_uid"] for p in all_pages(client, auth, "/payments/status/paid", {"limit": 1000})[0]
    ]
    assert OCT_PAID not in uids
    # from alone: to defaults to now; a from older than 90 days is then rejected
    envelope_error(
        client.get("/payments/status/all", params={"from": store.now() - 91 * DAY}, headers=auth),
        400,
    )


def test_filter_uses_each_payments_current_status_time(client: httpx.Client, auth: dict) -> None:
    """An October payment refunded in November appears only in November's window."""
    oct_all = {
        p["imp_uid"]
        for p in all_pages(client, auth, "/payments/status/all", {**OCT, "limit": 1000})[0]
    }
    nov_all = {
        p["imp_uid"]
        for p in all_pages(client, auth, "/payments/status/all", {**NOV, "limit": 1000})[0]
    }
    assert OCT_TO_NOV not in oct_all and OCT_TO_NOV in nov_all
    nov_cancelled = [
        p["imp_uid"]
        for p in all_pages(client, auth, "/payments/status/cancelled", {**NOV, "limit": 1000})[0]
    ]
    assert OCT_TO_NOV in nov_cancelled
    oct_paid = {
        p["imp_uid"]
        for p in all_pages(client, auth, "/payments/status/paid", {**OCT, "limit": 1000})[0]
    }
    assert PARTIAL in oct_paid  # a partial cancel leaves it paid, found by paid_at
    assert {OCT_PAID, RETRY_PAID, DUP_1, DUP_2} <= oct_paid
    oct_ready = {
        p["imp_uid"]
        for p in all_pages(client, auth, "/payments/status/ready", {**OCT, "limit": 1000})[0]
    }
    assert VBANK_READY in oct_ready  # ready: by started_at
    oct_failed = {
        p["imp_uid"]
        for p in all_pages(client, auth, "/payments/status/failed", {**OCT, "limit": 1000})[0]
    }
    assert FAILED in oct_failed
    assert oct_all >= oct_paid | oct_ready | oct_failed


@pytest.mark.parametrize(
    "sorting,field,descending",
    [
        ("-started", "started_at", True),
        ("started", "started_at", False),
        ("-paid", "paid_at", True),
        ("paid", "paid_at", False),
    ],
)
def test_sorting(
    client: httpx.Client, auth: dict, sorting: str, field: str, descending: bool
) -> None:
    items, _ = all_pages(
        client, auth, "/payments/status/all", {**OCT, "limit": 50, "sorting": sorting}
    )
    values = [p[field] for p in items]
    assert values == sorted(values, reverse=descending)


def test_sorting_updated_puts_late_cancels_last(client: httpx.Client, auth: dict) -> None:
    items, _ = all_pages(
        client, auth, "/payments/status/paid", {**OCT, "limit": 1000, "sorting": "updated"}
    )
    uids = [p["imp_uid"] for p in items]
    # PARTIAL was paid on 10-12 but changed (partial cancel) on 10-20: after OCT_PAID (10-10) and DUP_2 (10-16).
    assert uids.index(PARTIAL) > uids.index(DUP_2) > uids.index(OCT_PAID)
    started = [
        p["imp_uid"]
        for p in all_pages(
            client, auth, "/payments/status/paid", {**OCT, "limit": 1000, "sorting": "started"}
        )[0]
    ]
    assert started.index(PARTIAL) < started.index(DUP_2)


def test_list_reflects_store_changes(
    server: SandboxServer, client: httpx.Client, auth: dict
) -> None:
    before = client.get("/payments/status/paid", params=OCT, headers=auth).json()["response"][
        "total"
    ]
    server.store.cancel(OCT_PAID, at=kst(2026, 10, 11))
    after = client.get("/payments/status/paid", params=OCT, headers=auth).json()["response"][
        "total"
    ]
    assert after == before - 1
    got = client.get(f"/payments/{OCT_PAID}", headers=auth).json()["response"]
    assert got["status"] == "cancelled" and got["cancelled_at"] == kst(2026, 10, 11)


def test_server_defaults_to_the_demo_store_and_credentials() -> None:
    with SandboxServer() as server, httpx.Client(base_url=server.base_url) as c:
        assert len(server.store) == len(SandboxStore.demo())
        r = c.post(
            "/users/getToken",
            json={
                "imp_key": "0000000000000000",
                "imp_secret": "sandbox-demo-secret-not-a-real-key",
            },
        )
        assert r.status_code == 200


def test_listed_payments_are_never_stale(
    server: SandboxServer, client: httpx.Client, auth: dict
) -> None:
    """Lists are built from cached per-payment JSON; a change must show in the next page."""
    params = {"from": kst(2026, 10, 1), "to": kst(2026, 12, 1) - 1, "limit": 1000}

    def listed() -> dict:
        items = client.get("/payments/status/all", params=params, headers=auth).json()["response"][
            "list"
        ]
        return {p["imp_uid"]: p for p in items}

    assert listed()[PARTIAL]["cancel_amount"] == 5_000
    server.store.cancel(PARTIAL, 1_000, at=kst(2026, 10, 21))
    again = listed()[PARTIAL]
    assert again["cancel_amount"] == 6_000 and again == server.store.get(PARTIAL)
    many = client.get("/payments", params={"imp_uid[]": [PARTIAL]}, headers=auth).json()["response"]
    assert many == [server.store.get(PARTIAL)]


def test_prepared_responses_are_the_same_bytes_and_follow_later_changes(
    server: SandboxServer, client: httpx.Client, auth: dict
) -> None:
    from recon_app.sandbox.payment import status_time

    start = min(status_time(p) for p in server.store.payments())
    params = {"from": start, "to": start + 89 * 86_400, "limit": 100}
    before = client.get("/payments/status/all", params={**params, "page": 1}, headers=auth).content
    assert b'"list":[{' in before
    server._fragments.clear()
    server.prepare_responses()
    assert len(server._fragments) == len(server.store)
    assert (
        client.get("/payments/status/all", params={**params, "page": 1}, headers=auth).content
        == before
    )
    uid = server.store.payments()[0]["imp_uid"]
    server.store.update(uid, buyer_name="바뀐 이름")
    items, _ = all_pages(client, auth, "/payments/status/all", params)
    assert [p["buyer_name"] for p in items if p["imp_uid"] == uid] == ["바뀐 이름"]
