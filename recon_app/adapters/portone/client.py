"""``PortOneClient``: one ``httpx.Client`` with token cache, retries and a request pacer.

Retry policy (why each):
- connect errors, timeouts, dropped connections / incomplete bodies, 429, 500/502/503/504 are
  transient: retried with exponential backoff and full jitter (so parallel threads and other
  app instances do not retry in lockstep); 429 waits *at least* its Retry-After, for all threads.
- 400/403/404 and other 4xx will not get better by asking again: one clear error, no loop. The
  JSON ``{code, message}`` body is parsed on 4xx too, it is the only place PortOne says why.
- 401 on an API call: the token may have expired early on the server's side; drop it, get a new
  one once and retry once. A second 401 is a credentials problem.
- An unparseable 200 body is retried once (a truncated body from a dropped connection looks the
  same as garbage), then reported as a contract breach.

Timeouts are explicit: connect 5 s (a dead host fails fast), read 30 s (a slow page under load),
pool 30 s (threads wait for one of the shared connections). Certificate verification is never
switched off; plain http is accepted only for loopback hosts (the local sandbox), so a key and
secret never cross a network unencrypted.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from recon_app import __version__
from recon_app.adapters.portone import schema
from recon_app.adapters.portone.auth import TokenCache, TokenGrant
from recon_app.adapters.portone.errors import (
    RETRYABLE_EXCEPTIONS,
    RETRYABLE_STATUSES,
    ContractError,
    PortOneHttpError,
    http_error,
    unreachable,
)
from recon_app.adapters.portone.fast_page import decode_page
from recon_app.adapters.portone.ratelimit import RequestPacer
from recon_app.domain.errors import ApiError, CredentialsError, InputError

log = logging.getLogger(__name__)

SORTINGS = frozenset({"-started", "started", "-paid", "paid", "-updated", "updated"})
LIST_STATUSES = frozenset({"all", "ready", "paid", "cancelled", "failed"})
MAX_LIMIT = 1000  # documented maximum page size


@dataclass(frozen=True)
class ClientOptions:
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    write_timeout: float = 10.0
    pool_timeout: float = 30.0
    max_attempts: int = 6  # per request, transient failures only
    backoff_base: float = 0.5  # seconds; attempt n waits U(0, min(cap, base·2ⁿ))
    backoff_cap: float = 20.0
    max_retry_after: float = 120.0  # a longer Retry-After is reported, not slept through
    max_requests_per_second: float | None = None
    max_connections: int = 8

    def timeout(self) -> httpx.Timeout:
        return httpx.Timeout(
            connect=self.connect_timeout,
            read=self.read_timeout,
            write=self.write_timeout,
            pool=self.pool_timeout,
        )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_api_base(api_base: str) -> str:
    """Normalise and vet ``--api-base``: https anywhere, plain http only on this machine."""
    parts = urlsplit(api_base.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(
            f"API 주소 '{api_base}'이(가) 올바른 URL이 아닙니다",
            hint="예: https://api.iamport.kr 또는 http://127.0.0.1:8080",
        )
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise InputError(
            f"API 주소 '{api_base}'은(는) 암호화되지 않은 http입니다",
            hint="키와 시크릿이 평문으로 전송되지 않도록 https 주소를 쓰세요 (http는 127.0.0.1 같은 "
            "이 컴퓨터 주소에만 허용됩니다).",
        )
    return api_base.strip().rstrip("/")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP-date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(int(value)))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


Sleep = Callable[[float], None]


def http_client(
    api_base: str, options: ClientOptions, transport: httpx.BaseTransport | None = None
) -> httpx.Client:
    """The one place an HTTP client is built (PortOne V1 and V2 alike): explicit timeouts,
    certificate verification always on, no redirects."""
    o = options
    return httpx.Client(
        base_url=api_base,
        timeout=o.timeout(),
        limits=httpx.Limits(
            max_connections=o.max_connections, max_keepalive_connections=o.max_connections
        ),
        headers={"User-Agent": f"recon-app/{__version__}", "Accept": "application/json"},
        follow_redirects=False,  # a redirect could drop the query (pitfall 2); we refuse it
        verify=True,
        transport=transport,
    )


class PortOneClient:
    """Blocking, thread-safe client for the V1 endpoints Recon uses."""

    def __init__(
        self,
        api_base: str,
        imp_key: str,
        imp_secret: str,
        options: ClientOptions | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Sleep = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.api_base = check_api_base(api_base)
        self.options = options or ClientOptions()
        self._imp_key = imp_key
        self._imp_secret = imp_secret
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._rng_lock = threading.Lock()
        o = self.options
        self._http = http_client(self.api_base, o, transport)
        self.pacer = RequestPacer(o.max_requests_per_second, sleep=sleep)
        self.tokens = TokenCache(self._fetch_token)
        self._stats_lock = threading.Lock()
        self.requests_sent = 0
        self.retries = 0

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PortOneClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PortOneClient({self.api_base!r})"  # never the key or the secret

    # -- endpoints ---------------------------------------------------------------------------
    def _fetch_token(self) -> TokenGrant:
        body = self._call(
            "POST",
            "/users/getToken",
            what="getToken",
            auth=False,
            json_body={"imp_key": self._imp_key, "imp_secret": self._imp_secret},
        )
        token = schema.parse_token(body, "getToken")
        return TokenGrant(token.access_token, token.expired_at, token.now)

    def authenticate(self) -> int:
        """Get (or reuse) a token; return the server's clock in unix seconds."""
        self.tokens.get()
        now = self.tokens.server_now()
        assert now is not None
        return now

    def list_payments(
        self,
        *,
        page: int,
        limit: int,
        date_from: int,
        date_to: int,
        status: str = "all",
        sorting: str = "started",
    ) -> schema.Page:
        """One page of ``GET /payments/status/{status}`` (from/to inclusive, unix seconds)."""
        if status not in LIST_STATUSES or sorting not in SORTINGS:
            raise ValueError(f"bad status/sorting {status!r}/{sorting!r}")
        if not 1 <= limit <= MAX_LIMIT or page < 1 or date_from > date_to:
            raise ValueError(f"bad paging page={page} limit={limit} from={date_from} to={date_to}")
        params = {
            "page": page,
            "limit": limit,
            "from": date_from,
            "to": date_to,
            "sorting": sorting,
        }
        where = f"{date_from}~{date_to} {page}쪽"
        body = self._call(
            "GET",
            f"/payments/status/{status}",
            what=f"결제 목록 {where}",
            params=params,
            fast_decode=decode_page,
        )
        return schema.parse_page(body, page=page, limit=limit, where=where)

    # -- the one request loop ----------------------------------------------------------------
    def _backoff(self, attempt: int) -> float:
        o = self.options
        with self._rng_lock:
            return self._rng.uniform(0, min(o.backoff_cap, o.backoff_base * 2**attempt))

    def _call(
        self,
        method: str,
        path: str,
        *,
        what: str,
        params: Mapping[str, Any] | None = None,
        json_body: Mapping[str, Any] | None = None,
        auth: bool = True,
        fast_decode: Callable[[bytes], Any] | None = None,
    ) -> Any:
        """Send with retries; return the envelope's ``response`` of a ``code == 0`` answer.
        ``fast_decode`` may decode the common case of a body (None: decode it the careful way)."""
        o = self.options
        attempt = 0
        refreshed = False
        bad_json_retried = False
        last_cause = ""
        while True:
            if attempt >= o.max_attempts:
                raise unreachable(what, attempt, last_cause)
            headers = {}
            token = None
            if auth:
                token = self.tokens.get()
                headers["Authorization"] = f"Bearer {token}"
            self.pacer.wait_turn()
            with self._stats_lock:
                self.requests_sent += 1
            try:
                response = self._http.request(
                    method, path, params=params, json=json_body, headers=headers
                )
            except RETRYABLE_EXCEPTIONS as exc:
                attempt += 1
                last_cause = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                self._retry_wait(what, attempt, last_cause, None)
                continue
            if params:
                self._check_query(response.request.url, params, what)
            status = response.status_code
            if status == 401 and auth and not refreshed:
                # One refresh, one retry: the token died early (server clock, revoked session).
                assert token is not None
                self.tokens.invalidate(token)
                refreshed = True
                log.info("401 on %s: refreshing the token once", what)
                continue
            if status == 401 and not auth:
                _code, message = schema_error_text(response)
                raise CredentialsError(
                    f"PortOne이 REST API 키/시크릿을 거부했습니다 (HTTP 401){message}",
                    hint="PortOne 관리자 콘솔의 V1 REST API 키와 시크릿을 확인하고 "
                    "`recon-app stores set-credentials 상점이름`으로 다시 저장하세요.",
                )
            if status in RETRYABLE_STATUSES:
                attempt += 1
                last_cause = f"HTTP {status}"
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                if status == 429 and retry_after is not None and retry_after > o.max_retry_after:
                    raise unreachable(
                        what,
                        attempt,
                        f"HTTP 429, 서버가 {retry_after:.0f}초 뒤에 다시 시도하라고 합니다",
                    )
                self._retry_wait(what, attempt, last_cause, retry_after)
                continue
            if status != 200:
                raise http_error(response, what)
            try:
                body = fast_decode(response.content) if fast_decode is not None else None
                if body is None:
                    body = schema.loads(response.content)
            except ValueError as exc:
                if not bad_json_retried:
                    bad_json_retried = True
                    attempt += 1
                    last_cause = "응답 본문이 올바른 JSON이 아님"
                    self._retry_wait(what, attempt, last_cause, None)
                    continue
                raise ContractError(
                    f"PortOne 응답이 올바른 JSON이 아닙니다 ({what}): {exc}", field="(본문)"
                ) from None
            return self._unwrap(body, what, response)

    def _unwrap(self, body: Any, what: str, response: httpx.Response) -> Any:
        if not isinstance(body, Mapping):
            raise ContractError(f"PortOne 응답이 객체가 아닙니다 ({what})", field="(본문)")
        code = body.get("code")
        if not isinstance(code, int) or isinstance(code, bool):
            raise ContractError(f"PortOne 응답에 정수 'code'가 없습니다 ({what})", field="code")
        if code != 0:
            message = body.get("message")
            raise PortOneHttpError(
                f'PortOne이 오류를 돌려주었습니다 ({what}): "{message}" (code {code})',
                status=response.status_code,
                api_code=code,
                api_message=message if isinstance(message, str) else None,
            )
        return body.get("response")

    def _retry_wait(self, what: str, attempt: int, cause: str, retry_after: float | None) -> None:
        if attempt >= self.options.max_attempts:
            return  # the loop raises ApiUnreachable
        with self._stats_lock:
            self.retries += 1
        delay = self._backoff(attempt)
        if retry_after is not None:
            # Honour Retry-After for every thread, plus a little jitter so they don't stampede.
            self.pacer.hold_off(retry_after)
            delay = retry_after + self._backoff(0) * 0.2
        log.warning(
            "%s: %s; retry %d/%d in %.2fs",
            what,
            cause,
            attempt,
            self.options.max_attempts - 1,
            delay,
        )
        self._sleep(delay)

    @staticmethod
    def _check_query(url: httpx.URL, params: Mapping[str, Any], what: str) -> None:
        """Official clients once dropped from/to/page silently (pitfalls 1 and 2): make sure
        every parameter really is on the URL that was sent."""
        sent = url.params
        for key, value in params.items():
            if sent.get(key) != str(value):
                raise ApiError(
                    f"내부 오류: 요청 URL에 '{key}={value}' 매개변수가 빠졌습니다 ({what})"
                )


def schema_error_text(response: httpx.Response) -> tuple[int | None, str]:
    from recon_app.adapters.portone.errors import error_envelope

    code, message = error_envelope(response)
    return code, (f' — PortOne: "{message}"' if message else "")
