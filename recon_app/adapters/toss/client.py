"""``TossClient``: ``GET /v1/transactions`` and ``GET /v1/payments/{paymentKey}``.

Auth: ``Authorization: Basic base64("<secretKey>:")`` on every call (FACTS §5; no tokens). Both
endpoints may take up to 60 s, so the read timeout is at least 60 s. Errors are
``{code, message}``; a 401 means the secret key was refused. Retries: adapters/http_json.py.

``/v1/transactions`` lists one record per approval or cancel by ``transactionAt``, with
``startDate``/``endDate`` as local (KST) date-times, a ``startingAfter`` cursor (a
``transactionKey``) and ``limit`` ≤ 5000 (FACTS §5.2).
"""

from __future__ import annotations

import base64
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx

from recon_app.adapters.http_json import JsonApiClient, error_body
from recon_app.adapters.portone.client import ClientOptions
from recon_app.adapters.portone.errors import ContractError, PortOneHttpError
from recon_app.domain.errors import CredentialsError
from recon_app.domain.timeutil import KST

DEFAULT_API_BASE = "https://api.tosspayments.com"
MAX_LIMIT = 5000
MIN_READ_TIMEOUT_S = 60.0  # "requests may take up to 60 s" (FACTS §5)
CREDENTIALS_HINT = (
    "토스페이먼츠 개발자센터의 시크릿 키를 확인하고 "
    "`recon-app stores set-credentials 상점이름 --provider toss`로 다시 저장하거나 "
    "환경 변수 TOSS_SECRET_KEY 를 지정하세요."
)


def kst_local(seconds: int) -> str:
    """Unix seconds as the local KST date-time Toss's date filters take (no offset)."""
    return datetime.fromtimestamp(seconds, KST).strftime("%Y-%m-%dT%H:%M:%S")


class TossClient(JsonApiClient):
    service = "Toss Payments"

    def __init__(
        self,
        api_base: str,
        secret_key: str,
        options: ClientOptions | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        options = options or ClientOptions()
        if options.read_timeout < MIN_READ_TIMEOUT_S:
            options = replace(options, read_timeout=MIN_READ_TIMEOUT_S)
        super().__init__(api_base, options, transport=transport, sleep=sleep, rng=rng)
        self._basic = "Basic " + base64.b64encode(f"{secret_key}:".encode()).decode()

    def _authorization(self) -> tuple[str | None, Any]:
        return self._basic, None

    def _error(self, response: httpx.Response, what: str) -> Exception:
        code, message = error_body(response, "code")
        status = response.status_code
        said = f' — Toss: "{message}" ({code})' if message or code else ""
        if status == 401:
            return CredentialsError(
                f"토스페이먼츠가 시크릿 키를 거부했습니다 (HTTP 401, {what}){said}",
                hint=CREDENTIALS_HINT,
            )
        hints = {
            400: "조회 기간·조건이 올바른지 확인하세요.",
            403: "이 시크릿 키에 조회 권한이 있는지 확인하세요.",
            404: "--api-base 주소가 토스페이먼츠 API(https://api.tosspayments.com)인지 확인하세요.",
        }
        return PortOneHttpError(
            f"토스페이먼츠가 요청을 거부했습니다 (HTTP {status}, {what}){said}",
            status=status,
            api_code=None,
            api_message=message,
            hint=hints.get(status),
        )

    def authenticate(self) -> int:
        """One small request (the secret key is checked on every call); the server's now."""
        now = int(time.time())
        self.transactions(since=now - 60, until=now, after=None, limit=1)
        return self.server_now()

    def transactions(
        self, *, since: int, until: int, after: str | None, limit: int
    ) -> list[Mapping[str, Any]]:
        """Transactions with ``since`` ≤ transactionAt ≤ ``until`` after cursor ``after``."""
        if not 1 <= limit <= MAX_LIMIT or since > until:
            raise ValueError(f"bad transactions query since={since} until={until} limit={limit}")
        params: dict[str, Any] = {
            "startDate": kst_local(since),
            "endDate": kst_local(until),
            "limit": limit,
        }
        if after:
            params["startingAfter"] = after
        where = f"{params['startDate']}~{params['endDate']}"
        body, _date = self._call(
            "GET", "/v1/transactions", what=f"거래 목록 {where}", params=params
        )
        if not isinstance(body, list):
            raise ContractError(
                f"토스페이먼츠 거래 목록이 배열이 아닙니다 ({where})", field="(본문)"
            )
        if len(body) > limit:
            raise ContractError(
                f"토스페이먼츠가 {limit}건 요청에 {len(body)}건을 보냈습니다 ({where})",
                field="limit",
            )
        return body

    def payment(self, payment_key: str) -> Mapping[str, Any]:
        body, _date = self._call(
            "GET", f"/v1/payments/{quote(payment_key, safe='')}", what=f"결제 {payment_key}"
        )
        if not isinstance(body, Mapping):
            raise ContractError(
                f"토스페이먼츠 결제 응답이 객체가 아닙니다 ({payment_key})", field="(본문)"
            )
        return body
