"""Client behaviour that needs exact control of each answer (MockTransport). The same faults
against the real sandbox server over HTTP are in test_client_sandbox.py / tests/services."""

from __future__ import annotations

import json

import httpx
import pytest

from recon_app.adapters.portone.client import (
    ClientOptions,
    PortOneClient,
    check_api_base,
    parse_retry_after,
)
from recon_app.adapters.portone.errors import ContractError, PortOneHttpError
from recon_app.domain.errors import ApiUnreachable, CredentialsError, InputError

TOKEN = {
    "code": 0,
    "message": None,
    "response": {"access_token": "tok-1", "expired_at": 3000, "now": 1200},
}
PAGE = {"code": 0, "message": None, "response": {"total": 0, "previous": 0, "next": 0, "list": []}}


class Script:
    """Answers API calls from a list of (status, body, headers); getToken always succeeds."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.calls: list[httpx.Request] = []
        self.tokens = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/users/getToken":
            self.tokens += 1
            body = json.loads(request.content)
            assert body == {"imp_key": "k", "imp_secret": "s"}
            t = dict(TOKEN["response"], access_token=f"tok-{self.tokens}")
            return httpx.Response(200, json={"code": 0, "message": None, "response": t})
        self.calls.append(request)
        status, body, headers = self.answers.pop(0) if self.answers else (200, PAGE, {})
        if isinstance(body, bytes):
            return httpx.Response(status, content=body, headers=headers)
        return httpx.Response(status, json=body, headers=headers)


def client(script, **opts):
    sleeps: list[float] = []
    options = ClientOptions(backoff_base=0.01, **opts)
    c = PortOneClient(
        "https://api.example.test",
        "k",
        "s",
        options,
        transport=httpx.MockTransport(script),
        sleep=sleeps.append,
    )
    return c, sleeps


def list_page(c):
    return c.list_payments(page=1, limit=100, date_from=10, date_to=20)


def test_query_and_auth_header():
    s = Script([])
    c, _ = client(s)
    list_page(c)
    req = s.calls[0]
    assert req.url.path == "/payments/status/all"
    assert dict(req.url.params) == {
        "page": "1",
        "limit": "100",
        "from": "10",
        "to": "20",
        "sorting": "started",
    }
    assert req.headers["Authorization"] == "Bearer tok-1"


def test_429_honours_retry_after_then_succeeds():
    s = Script([(429, {"code": -1, "message": "too many"}, {"Retry-After": "3"})])
    c, sleeps = client(s)
    assert list_page(c).total == 0
    assert len(s.calls) == 2 and sleeps and sleeps[0] >= 3.0


def test_5xx_retried_with_backoff_until_exhausted():
    s = Script([(503, {"code": -1, "message": "down"}, {})] * 10)
    c, sleeps = client(s, max_attempts=4)
    with pytest.raises(ApiUnreachable, match="4회"):
        list_page(c)
    assert len(s.calls) == 4 and len(sleeps) == 3


@pytest.mark.parametrize("status", [400, 403, 404])
def test_client_errors_fail_once_with_portone_message(status):
    s = Script(
        [(status, {"code": -1, "message": "존재하지 않는 결제정보입니다", "response": None}, {})]
    )
    c, sleeps = client(s)
    with pytest.raises(PortOneHttpError) as err:
        list_page(c)
    assert err.value.status == status and err.value.api_code == -1
    assert "존재하지 않는 결제정보입니다" in str(err.value) and f"HTTP {status}" in str(err.value)
    assert len(s.calls) == 1 and sleeps == []


def test_401_refreshes_once_then_retries():
    s = Script([(401, {"code": -1, "message": "expired"}, {})])
    c, _ = client(s)
    list_page(c)
    assert [r.headers["Authorization"] for r in s.calls] == ["Bearer tok-1", "Bearer tok-2"]


def test_401_twice_is_a_credentials_error_without_loop():
    s = Script([(401, {"code": -1, "message": "no"}, {})] * 5)
    c, _ = client(s)
    with pytest.raises(CredentialsError):
        list_page(c)
    assert len(s.calls) == 2 and s.tokens == 2


def test_bad_key_on_get_token():
    def handler(request):
        return httpx.Response(401, json={"code": -1, "message": "imp_key 가 올바르지 않습니다"})

    c = PortOneClient("https://x.test", "k", "s", transport=httpx.MockTransport(handler))
    with pytest.raises(CredentialsError, match="imp_key 가 올바르지 않습니다"):
        c.authenticate()


def test_invalid_json_retried_once_then_contract_error():
    s = Script([(200, b'{"code":0,"resp', {}), (200, b"<html>oops</html>", {})])
    c, _ = client(s)
    with pytest.raises(ContractError, match="JSON"):
        list_page(c)
    assert len(s.calls) == 2


def test_nonzero_code_is_an_api_error():
    s = Script([(200, {"code": 1, "message": "검색기간은 최대 90일", "response": None}, {})])
    c, _ = client(s)
    with pytest.raises(PortOneHttpError, match="90일"):
        list_page(c)


def test_redirect_is_not_followed():
    s = Script([(302, b"", {"Location": "https://elsewhere.test/payments"})])
    c, _ = client(s)
    with pytest.raises(PortOneHttpError, match="302"):
        list_page(c)


def test_transport_errors_are_retried():
    n = {"i": 0}

    def handler(request):
        if request.url.path == "/users/getToken":
            return httpx.Response(200, json=TOKEN)
        n["i"] += 1
        if n["i"] == 1:
            raise httpx.ConnectError("refused")
        if n["i"] == 2:
            raise httpx.ReadTimeout("slow")
        if n["i"] == 3:
            raise httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body"
            )
        return httpx.Response(200, json=PAGE)

    c = PortOneClient(
        "https://x.test",
        "k",
        "s",
        ClientOptions(backoff_base=0.001),
        transport=httpx.MockTransport(handler),
    )
    assert list_page(c).total == 0 and n["i"] == 4 and c.retries == 3


def test_dropped_query_param_is_caught():
    class Dropper(httpx.MockTransport):
        def handle_request(self, request):
            if request.url.path != "/users/getToken":
                request.url = request.url.copy_remove_param("from")
            return super().handle_request(request)

    s = Script([])
    c = PortOneClient("https://x.test", "k", "s", transport=Dropper(s))
    with pytest.raises(Exception, match="from=10"):
        list_page(c)


def test_retry_after_forms():
    assert parse_retry_after("5") == 5.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("soon") is None


def test_long_retry_after_is_reported_not_slept():
    s = Script([(429, {"code": -1}, {"Retry-After": "3600"})])
    c, sleeps = client(s)
    with pytest.raises(ApiUnreachable, match="3600"):
        list_page(c)
    assert sleeps == []


@pytest.mark.parametrize("base", ["http://api.iamport.kr", "ftp://x", "nonsense"])
def test_plain_http_only_for_loopback(base):
    with pytest.raises(InputError):
        check_api_base(base)


def test_loopback_http_allowed():
    assert check_api_base("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    assert check_api_base("http://localhost:1") == "http://localhost:1"
    assert check_api_base("https://api.iamport.kr") == "https://api.iamport.kr"


def test_repr_has_no_secret():
    c = PortOneClient("https://x.test", "key-123456", "secret-abcdef")
    assert "secret" not in repr(c) and "key-123456" not in repr(c)
