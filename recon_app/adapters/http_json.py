"""The request loop shared by the JSON payment APIs after PortOne V1 (PortOne V2, Toss Payments).

The same discipline as the V1 client (adapters/portone/client.py, whose docstring says why for
each rule): connect errors, timeouts, dropped bodies, 429 and 5xx are retried with exponential
backoff and full jitter, Retry-After honoured for every thread (a longer one than
``max_retry_after`` is reported, not slept through); other 4xx are answered once, with the
error body; an unparseable 200 body is retried once. A subclass says how it authenticates,
whether a 401 is worth one renewal, and how its error bodies read.
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Self

import httpx

from recon_app.adapters.portone.client import (
    ClientOptions,
    check_api_base,
    http_client,
    parse_retry_after,
)
from recon_app.adapters.portone.errors import (
    RETRYABLE_EXCEPTIONS,
    RETRYABLE_STATUSES,
    ContractError,
)
from recon_app.adapters.portone.ratelimit import RequestPacer
from recon_app.domain.errors import ApiUnreachable

log = logging.getLogger(__name__)


class JsonApiClient:
    """Blocking, thread-safe: one ``httpx.Client``, a pacer and retry statistics."""

    #: Named in messages ("PortOne V2", "Toss Payments").
    service = "API"

    def __init__(
        self,
        api_base: str,
        options: ClientOptions | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.api_base = check_api_base(api_base)
        self.options = options or ClientOptions()
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._rng_lock = threading.Lock()
        self._http = http_client(self.api_base, self.options, transport)
        self.pacer = RequestPacer(self.options.max_requests_per_second, sleep=sleep)
        self._stats_lock = threading.Lock()
        self.date_anchor: tuple[int, float] | None = None  # (server unix s, monotonic)
        self.requests_sent = 0
        self.retries = 0

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.api_base!r})"  # never a secret

    # -- what a subclass says ------------------------------------------------------------------
    def _authorization(self) -> tuple[str | None, Any]:
        """(Authorization header value or None, a marker handed to ``_renew_after_401``)."""
        return None, None

    def _renew_after_401(self, marker: Any) -> bool:
        """Whether one more attempt after a 401 can succeed (a token to renew)."""
        return False

    def _error(self, response: httpx.Response, what: str) -> Exception:
        raise NotImplementedError

    # -- the loop ------------------------------------------------------------------------------
    def _unreachable(self, what: str, attempts: int, cause: str) -> ApiUnreachable:
        return ApiUnreachable(
            f"{self.service} API에 연결할 수 없습니다 ({what}, {attempts}회 시도): {cause}",
            hint="인터넷 연결과 --api-base 주소를 확인하고 잠시 뒤 다시 실행하세요. "
            "이미 받은 구간은 저장되어 있어 다음 실행이 이어서 받습니다.",
        )

    def _call(
        self,
        method: str,
        path: str,
        *,
        what: str,
        params: Mapping[str, Any] | None = None,
        json_body: Mapping[str, Any] | None = None,
        auth: bool = True,
    ) -> tuple[Any, int | None]:
        """Send with retries; (decoded JSON body of the 200, server time from its Date)."""
        o = self.options
        attempt = 0
        renewed = False
        bad_json_retried = False
        last_cause = ""
        while True:
            if attempt >= o.max_attempts:
                raise self._unreachable(what, attempt, last_cause)
            headers = {}
            marker = None
            if auth:
                value, marker = self._authorization()
                if value is not None:
                    headers["Authorization"] = value
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
            status = response.status_code
            if status == 401 and auth and not renewed and self._renew_after_401(marker):
                renewed = True
                log.info("401 on %s: renewing the credentials once", what)
                continue
            if status in RETRYABLE_STATUSES:
                attempt += 1
                last_cause = f"HTTP {status}"
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                if status == 429 and retry_after is not None and retry_after > o.max_retry_after:
                    raise self._unreachable(
                        what,
                        attempt,
                        f"HTTP 429, 서버가 {retry_after:.0f}초 뒤에 다시 시도하라고 합니다",
                    )
                self._retry_wait(what, attempt, last_cause, retry_after)
                continue
            if status != 200:
                raise self._error(response, what)
            try:
                body = json.loads(response.content)
            except ValueError as exc:
                if not bad_json_retried:
                    bad_json_retried = True
                    attempt += 1
                    last_cause = "응답 본문이 올바른 JSON이 아님"
                    self._retry_wait(what, attempt, last_cause, None)
                    continue
                raise ContractError(
                    f"{self.service} 응답이 올바른 JSON이 아닙니다 ({what}): {exc}", field="(본문)"
                ) from None
            date = server_date(response)
            if date is not None and self.date_anchor is None:
                self.date_anchor = (date, time.monotonic())
            return body, date

    def _retry_wait(self, what: str, attempt: int, cause: str, retry_after: float | None) -> None:
        if attempt >= self.options.max_attempts:
            return  # the loop raises
        with self._stats_lock:
            self.retries += 1
        o = self.options
        with self._rng_lock:
            delay = self._rng.uniform(0, min(o.backoff_cap, o.backoff_base * 2**attempt))
        if retry_after is not None:
            self.pacer.hold_off(retry_after)
            delay = retry_after + delay * 0.2
        log.warning("%s: %s; retry %d/%d in %.2fs", what, cause, attempt, o.max_attempts - 1, delay)
        self._sleep(delay)

    def server_now(self) -> int:
        """The server's clock (its Date header, anchored to monotonic time), else ours."""
        if self.date_anchor is None:
            return int(time.time())
        return int(self.date_anchor[0] + (time.monotonic() - self.date_anchor[1]))


def server_date(response: httpx.Response) -> int | None:
    """The response's ``Date`` header (RFC 9110 §6.6.1) as unix seconds."""
    value = response.headers.get("Date")
    if not value:
        return None
    try:
        return int(email.utils.parsedate_to_datetime(value).timestamp())
    except (TypeError, ValueError):
        return None


def error_body(response: httpx.Response, kind_key: str) -> tuple[str | None, str | None]:
    """(kind, message) of a JSON error body ``{<kind_key>, message}``, if it is one."""
    try:
        body = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None, None
    if not isinstance(body, dict):
        return None, None
    kind, message = body.get(kind_key), body.get("message")
    return (kind if isinstance(kind, str) else None, message if isinstance(message, str) else None)
