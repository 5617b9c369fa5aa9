"""``PortOneV2Client``: the V2 endpoints Recon uses, with the V1 client's discipline.

Auth (FACTS §4.1): by default ``POST /login/api-secret {apiSecret}`` gives an access token
(30 min) and a refresh token (1 day); ``POST /token/refresh`` renews both, and each login or
refresh invalidates the previous refresh token, so renewals are serialised under one lock and
only the latest refresh token is kept. A 401 on a call drops the access token and retries once
(refresh, or a new login if the refresh is refused). ``auth="secret"`` sends
``Authorization: PortOne <secret>`` on every call instead (no tokens at all).

The server's clock comes from the ``Date`` header (RFC 9110 §6.6.1) of the login (or, with the
secret scheme, of the first) response, anchored to ``time.monotonic()``: V2 answers carry no
``now`` field, and the sync needs the server's now to know which windows are stable.

Retries as in V1 (the loop lives in adapters/http_json.py): connect errors, timeouts, dropped bodies, 429 and
5xx with backoff and full jitter, Retry-After honoured; other 4xx once, with the body's
``{type, message}``. Plain http only to loopback hosts (the sandbox).
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from recon_app.adapters.http_json import JsonApiClient, error_body
from recon_app.adapters.portone.client import ClientOptions
from recon_app.adapters.portone.errors import ContractError, PortOneHttpError
from recon_app.domain.errors import ApiError, CredentialsError

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.portone.io"
ACCESS_TTL_S = 30 * 60  # FACTS §4.1
REFRESH_TTL_S = 24 * 3600
RENEW_MARGIN_S = 5 * 60  # renew well before the documented expiry
#: ``(page.number + 1) * page.size`` may not exceed this (FACTS §4.2, the schema's PageInput).
MAX_PAGE_REACH = 60_000
CREDENTIALS_HINT = (
    "PortOne 관리자 콘솔의 V2 API 시크릿을 확인하고 "
    "`recon-app stores set-credentials 상점이름 --provider portone-v2`로 다시 저장하거나 "
    "환경 변수 PORTONE_API_SECRET 을 지정하세요."
)


@dataclass(frozen=True)
class V2Page:
    items: list[Any]
    number: int
    size: int


class _Tokens:
    """Access + refresh token of one login; thread-safe, one renewal at a time."""

    def __init__(
        self,
        login: Callable[[], tuple[str, str, int | None]],
        refresh: Callable[[str], tuple[str, str, int | None]],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._login = login
        self._refresh = refresh
        self._clock = clock
        self._lock = threading.Lock()
        self._access: str | None = None
        self._refresh_token: str | None = None
        self._access_at = 0.0
        self._refresh_at = 0.0
        self.fetches = 0
        self.server_anchor: tuple[int, float] | None = None  # (server unix s, monotonic)

    def get(self) -> str:
        with self._lock:
            now = self._clock()
            if self._access is not None and now - self._access_at < ACCESS_TTL_S - RENEW_MARGIN_S:
                return self._access
            grant = None
            if self._refresh_token is not None and now - self._refresh_at < REFRESH_TTL_S:
                try:
                    grant = self._refresh(self._refresh_token)
                except CredentialsError:
                    log.info("refresh token refused; logging in again")
            if grant is None:
                grant = self._login()
                self._refresh_at = self._clock()
            else:
                self._refresh_at = self._clock()
            self._access, self._refresh_token, server_now = grant
            self._access_at = self._clock()
            self.fetches += 1
            if server_now is not None:
                self.server_anchor = (server_now, self._access_at)
            return self._access

    def invalidate(self, token: str) -> None:
        with self._lock:
            if self._access == token:
                self._access = None


class PortOneV2Client(JsonApiClient):
    """Blocking, thread-safe client for ``/login/api-secret``, ``/token/refresh`` and
    ``GET /payments``."""

    service = "PortOne V2"

    def __init__(
        self,
        api_base: str,
        api_secret: str,
        options: ClientOptions | None = None,
        *,
        store_id: str | None = None,
        auth: str = "token",
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        if auth not in ("token", "secret"):
            raise ValueError(f"auth must be 'token' or 'secret', not {auth!r}")
        super().__init__(api_base, options, transport=transport, sleep=sleep, rng=rng)
        self.store_id = store_id or None
        self.auth = auth
        self._secret = api_secret
        self.tokens = _Tokens(self._login, self._renew)

    # -- auth ----------------------------------------------------------------------------------
    def _authorization(self) -> tuple[str | None, Any]:
        if self.auth == "secret":
            return f"PortOne {self._secret}", None
        token = self.tokens.get()
        return f"Bearer {token}", token

    def _renew_after_401(self, marker: Any) -> bool:
        if marker is None:
            return False
        self.tokens.invalidate(marker)
        return True

    def _error(self, response: httpx.Response, what: str) -> Exception:
        return _http_error(response, what)

    def _login(self) -> tuple[str, str, int | None]:
        body, date = self._call(
            "POST",
            "/login/api-secret",
            what="login",
            auth=False,
            json_body={"apiSecret": self._secret},
        )
        return (*_token_pair(body, "login"), date)

    def _renew(self, refresh_token: str) -> tuple[str, str, int | None]:
        body, date = self._call(
            "POST",
            "/token/refresh",
            what="token refresh",
            auth=False,
            json_body={"refreshToken": refresh_token},
        )
        return (*_token_pair(body, "token refresh"), date)

    def authenticate(self) -> int:
        """Log in (or, with the secret scheme, make one small request); the server's now."""
        if self.auth == "token":
            self.tokens.get()
            anchor = self.tokens.server_anchor
        else:
            now = int(time.time())
            self.list_payments(number=0, size=1, since=now - 60, until=now)
            anchor = self.date_anchor
        if anchor is None:  # a server without a Date header: trust our own clock
            return int(time.time())
        return int(anchor[0] + (time.monotonic() - anchor[1]))

    # -- payments ------------------------------------------------------------------------------
    def list_payments(self, *, number: int, size: int, since: int, until: int) -> V2Page:
        """One page of ``GET /payments`` filtered on status-change time ``[since, until)``,
        oldest change first (so new changes land after every page we have read)."""
        from recon_app.adapters.portone_v2.mapping import to_rfc3339

        if number < 0 or size < 1 or (number + 1) * size > MAX_PAGE_REACH or since >= until:
            raise ValueError(f"bad paging number={number} size={size} since={since} until={until}")
        filt: dict[str, Any] = {
            "timestampType": "STATUS_CHANGED_AT",
            "from": to_rfc3339(since),
            "until": to_rfc3339(until),
            "sortBy": "STATUS_CHANGED_AT",
            "sortOrder": "ASC",
        }
        if self.store_id:
            filt["storeId"] = self.store_id
        query = json.dumps(
            {"page": {"number": number, "size": size}, "filter": filt}, separators=(",", ":")
        )
        where = f"{filt['from']}~{filt['until']} {number}쪽"
        body, _date = self._call(
            "GET", "/payments", what=f"결제 목록 {where}", params={"requestBody": query}
        )
        return _page(body, number, size, where)


def _token_pair(body: Any, what: str) -> tuple[str, str]:
    if not isinstance(body, Mapping):
        raise ContractError(f"PortOne V2 응답이 객체가 아닙니다 ({what})", field="(본문)")
    access, refresh = body.get("accessToken"), body.get("refreshToken")
    if not isinstance(access, str) or not access or not isinstance(refresh, str) or not refresh:
        raise ContractError(
            f"PortOne V2 {what} 응답에 accessToken/refreshToken이 없습니다", field="accessToken"
        )
    return access, refresh


def _page(body: Any, number: int, size: int, where: str) -> V2Page:
    if not isinstance(body, Mapping):
        raise ContractError(f"PortOne V2 응답이 객체가 아닙니다 ({where})", field="(본문)")
    items = body.get("items")
    if not isinstance(items, list):
        raise ContractError(f"PortOne V2 응답에 items 배열이 없습니다 ({where})", field="items")
    if len(items) > size:
        raise ContractError(
            f"PortOne V2가 {size}건 페이지에 {len(items)}건을 보냈습니다 ({where})", field="items"
        )
    page = body.get("page")
    if not isinstance(page, Mapping) or page.get("number") != number:
        raise ContractError(
            f"PortOne V2 응답의 page.number가 요청({number})과 다릅니다 ({where})",
            field="page.number",
        )
    return V2Page(items, number, size)


def _http_error(response: httpx.Response, what: str) -> ApiError | CredentialsError:
    kind, message = error_body(response, "type")
    status = response.status_code
    said = f' — PortOne: "{message}" ({kind})' if message or kind else ""
    if status == 401:
        return CredentialsError(
            f"PortOne V2가 API 시크릿을 거부했습니다 (HTTP 401, {what}){said}",
            hint=CREDENTIALS_HINT,
        )
    hints = {
        400: "조회 기간·조건이 올바른지 확인하세요.",
        403: "이 API 시크릿에 결제 조회 권한과 상점(storeId) 접근 권한이 있는지 확인하세요.",
        404: "--api-base 주소가 PortOne V2 API(https://api.portone.io)인지 확인하세요.",
    }
    return PortOneHttpError(
        f"PortOne V2가 요청을 거부했습니다 (HTTP {status}, {what}){said}",
        status=status,
        api_code=None,
        api_message=message,
        hint=hints.get(status),
    )
