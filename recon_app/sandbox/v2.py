"""The PortOne V2 endpoints Recon uses, served from the same ``SandboxStore`` as V1.

One store, two views: every stored (V1-shaped) payment is also listed by ``GET /payments``
as the V2 ``Payment`` object the real V2 API gives for it (FACTS §4.3: ``transactionId`` =
``imp_uid``, ``id`` = ``merchant_uid``, ``version: V1``). ``v2_native`` turns chosen payments
into V2 payments (``version: V2``, their own ``id`` and ``customData``), as in a shop that
migrated from V1 to V2. So a test can sync one shop through both APIs and compare.

Behaviour (FACTS §4.1–4.3 and the official schema; tests/sandbox/test_sandbox_v2_schema.py
validates what is served against ../shared/portone/v2.openapi.subset.json):

* ``POST /login/api-secret {apiSecret}`` → ``{accessToken, refreshToken}``; ``POST
  /token/refresh {refreshToken}`` → a new pair. Each login or refresh invalidates the previous
  refresh token at once. Access tokens live ``token_ttl`` seconds (30 min), refresh tokens a day.
  ``Authorization: Bearer <accessToken>`` or ``Authorization: PortOne <apiSecret>``.
* errors are ``{type, message}``: INVALID_REQUEST 400, UNAUTHORIZED 401, FORBIDDEN 403 (a
  ``storeId`` this secret may not read), PAYMENT_NOT_FOUND 404.
* ``GET /payments``: the body as the ``requestBody`` query parameter (URL-encoded JSON) or as
  a JSON body; ``page.number`` from 0 (default 0), ``page.size`` (default 10),
  ``(number + 1) × size`` ≤ 60,000 else 400; ``filter.timestampType`` CREATED_AT (requestedAt)
  or STATUS_CHANGED_AT (default), ``from`` ≤ t < ``until`` (RFC 3339; defaults now − 90 days and
  now), ``sortBy``/``sortOrder``; a page past the end is empty. ``page.totalCount`` is the
  number of items on the page ("실제 반환된 객체 수"), never a grand total.
* ``statusChangedAt``: paid_at, the last cancel's time for a partial cancel (V2 moves the
  payment to PARTIAL_CANCELLED then, unlike V1), cancelled_at, failed_at, started_at otherwise.
* every answer carries a ``Date`` header on the sandbox clock (the client's server time).
"""

from __future__ import annotations

import email.utils
import json
import secrets
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from recon_app.domain.timeutil import KST
from recon_app.sandbox.api import Reply
from recon_app.sandbox.payment import updated_time
from recon_app.sandbox.store import SandboxStore

DEMO_V2_SECRET = "sandbox-v2-demo-api-secret-not-real"
DEMO_V2_STORE_ID = "store-00000000-0000-0000-0000-00000000demo"
DEMO_MERCHANT_ID = "merchant-00000000-0000-0000-0000-0000000demo"
MAX_PAGE_REACH = 60_000
DEFAULT_SIZE = 10
WINDOW_DEFAULT_S = 90 * 86_400
REFRESH_TTL_S = 86_400

#: Korean bank names the sandbox's V1 payments use -> the V2 ``Bank`` enum.
BANKS = {
    "국민은행": "KOOKMIN",
    "KB국민은행": "KOOKMIN",
    "신한은행": "SHINHAN",
    "우리은행": "WOORI",
    "하나은행": "HANA",
    "KEB하나은행": "HANA",
    "농협은행": "NONGHYUP",
    "NH농협은행": "NONGHYUP",
    "기업은행": "IBK",
    "IBK기업은행": "IBK",
    "카카오뱅크": "KAKAO",
    "토스뱅크": "TOSS",
    "케이뱅크": "K_BANK",
    "우체국": "POST",
    "SC제일은행": "STANDARD_CHARTERED",
    "부산은행": "BUSAN",
    "대구은행": "DAEGU",
}
#: V1 pay_method codes of easy-pay services (their provider is the V2 EasyPay provider).
EASY_PAY_METHODS = {"kakaopay", "naverpay", "payco", "tosspay", "ssgpay", "lpay", "samsung"}


def error(status: int, kind: str, message: str, headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, {"type": kind, "message": message}, headers or {})


def rfc3339(seconds: int) -> str | None:
    """KST with its offset, as PortOne writes times (an offset the client must honour)."""
    return datetime.fromtimestamp(seconds, KST).isoformat() if seconds else None


def status_changed_at(p: Mapping[str, Any]) -> int:
    status = p["status"]
    if status == "paid" and p["cancel_history"]:
        return max(int(c["cancelled_at"]) for c in p["cancel_history"])
    field = {"paid": "paid_at", "cancelled": "cancelled_at", "failed": "failed_at"}
    return int(p[field.get(status, "started_at")])


def _drop_none(obj: Any) -> Any:
    """The schema types optional properties non-nullable: absent, never null."""
    if isinstance(obj, dict):
        return {k: _drop_none(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, list):
        return [_drop_none(v) for v in obj]
    return obj


def _method(p: Mapping[str, Any]) -> dict[str, Any] | None:
    method = p["pay_method"]
    easy = p["emb_pg_provider"] or (p["pg_provider"] if method in EASY_PAY_METHODS else None)
    if method in EASY_PAY_METHODS or method == "point" or (method == "card" and easy):
        provider = (easy or p["pg_provider"] or method or "").upper()
        return {"type": "PaymentMethodEasyPay", "provider": provider}
    if method == "card":
        return {
            "type": "PaymentMethodCard",
            "card": {"name": p["card_name"], "number": p["card_number"]},
            "approvalNumber": p["apply_num"],
            "installment": {"month": p["card_quota"] or 0, "isInterestFree": False},
        }
    if method == "trans":
        return {"type": "PaymentMethodTransfer", "bank": BANKS.get(p["bank_name"] or "")}
    if method == "vbank" and p["vbank_num"]:
        return {
            "type": "PaymentMethodVirtualAccount",
            "bank": BANKS.get(p["vbank_name"] or ""),
            "accountNumber": p["vbank_num"],
            "remitteeName": p["vbank_holder"],
            "expiredAt": rfc3339(p["vbank_date"]),
            "issuedAt": rfc3339(p["vbank_issued_at"]),
        }
    if method == "phone":
        return {"type": "PaymentMethodMobile"}
    return None


def v2_payment(
    p: Mapping[str, Any],
    *,
    store_id: str = DEMO_V2_STORE_ID,
    native: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The V2 ``Payment`` object of a stored (V1-shaped) payment."""
    status = p["status"]
    cancels = p["cancel_history"]
    if status == "ready":
        v2_status = (
            "VIRTUAL_ACCOUNT_ISSUED" if p["pay_method"] == "vbank" and p["vbank_num"] else "READY"
        )
    elif status == "paid":
        v2_status = "PARTIAL_CANCELLED" if cancels else "PAID"
    else:
        v2_status = status.upper()
    native = native or {}
    pg = p["pg_provider"]
    channel = None
    if pg:
        channel = {
            "type": "TEST" if p["sandbox"] else "LIVE",
            "id": f"channel-{pg}",
            "key": f"channel-key-{pg}",
            "name": pg,
            "pgProvider": pg.upper(),
            "pgMerchantId": p["pg_id"] or f"{pg}-mid",
        }
    amount = p["amount"]
    cancelled = p["cancel_amount"]
    obj: dict[str, Any] = {
        "status": v2_status,
        "id": native.get("id", p["merchant_uid"]),
        "transactionId": p["imp_uid"],
        "merchantId": DEMO_MERCHANT_ID,
        "storeId": store_id,
        "method": _method(p),
        "channel": channel,
        "version": native.get("version", "V1"),
        "requestedAt": rfc3339(p["started_at"]),
        "updatedAt": rfc3339(updated_time(p)),
        "statusChangedAt": rfc3339(status_changed_at(p)),
        "orderName": p["name"] or "",
        "amount": {
            "total": amount,
            "taxFree": 0,
            "discount": 0,
            "paid": amount - cancelled if p["paid_at"] else 0,
            "cancelled": cancelled,
            "cancelledTaxFree": 0,
        },
        "currency": p["currency"],
        "customer": {
            "name": p["buyer_name"],
            "email": p["buyer_email"],
            "phoneNumber": p["buyer_tel"],
        },
        "origin": {"platformType": (p["channel"] or "api").upper(), "ipAddress": "127.0.0.1"},
        "customData": native.get("customData", p["custom_data"]),
    }
    if v2_status in ("PAID", "PARTIAL_CANCELLED", "CANCELLED"):
        obj.update(paidAt=rfc3339(p["paid_at"]), pgTxId=p["pg_tid"], receiptUrl=p["receipt_url"])
    if v2_status == "PAID":
        obj["disputes"] = []
    if v2_status == "VIRTUAL_ACCOUNT_ISSUED":
        obj["pgTxId"] = p["pg_tid"]
    if cancels:
        obj["cancellations"] = [
            {
                "status": "SUCCEEDED",
                "id": c["cancellation_id"] or f"cancellation-{p['imp_uid']}-{i}",
                "pgCancellationId": c["pg_tid"],
                "totalAmount": c["amount"],
                "taxFreeAmount": 0,
                "vatAmount": 0,
                "reason": c["reason"] or "",
                "cancelledAt": rfc3339(c["cancelled_at"]),
                "requestedAt": rfc3339(c["cancelled_at"]),
                "receiptUrl": c["receipt_url"],
                "trigger": "API",
            }
            for i, c in enumerate(cancels)
        ]
    if v2_status == "PARTIAL_CANCELLED":
        obj["cancelledAt"] = rfc3339(max(c["cancelled_at"] for c in cancels))
    if v2_status == "CANCELLED":
        obj["cancelledAt"] = rfc3339(p["cancelled_at"])
        obj.setdefault("cancellations", [])
    if v2_status == "FAILED":
        obj.update(failedAt=rfc3339(p["failed_at"]), failure={"reason": p["fail_reason"]})
    dropped: dict[str, Any] = _drop_none(obj)
    return dropped


class V2Tokens:
    """Access and refresh tokens on the sandbox clock; one live refresh token per secret."""

    def __init__(self, clock: Callable[[], int], ttl: int) -> None:
        self._clock = clock
        self.ttl = int(ttl)
        self._lock = threading.Lock()
        self._access: dict[str, int] = {}  # token -> expires at
        self._refresh: dict[str, int] = {}  # the live refresh token -> expires at
        self.issued = 0

    def issue(self) -> tuple[str, str]:
        """A new pair; the previous refresh token dies at once (FACTS §4.1)."""
        with self._lock:
            now = self._clock()
            access, refresh = secrets.token_hex(24), secrets.token_hex(24)
            self._access[access] = now + self.ttl
            self._refresh = {refresh: now + REFRESH_TTL_S}
            self.issued += 1
            return access, refresh

    def use_refresh(self, token: str) -> bool:
        with self._lock:
            ok = self._clock() < self._refresh.get(token, 0)
            if ok:
                self._refresh.clear()
            return ok

    def valid(self, token: str) -> bool:
        with self._lock:
            return self._clock() < self._access.get(token, 0)

    def expire_all(self) -> None:
        """Every access token answers 401 from now on (refresh tokens still work)."""
        with self._lock:
            self._access.clear()

    def expire_refresh_tokens(self) -> None:
        with self._lock:
            self._refresh.clear()


class SandboxV2Api:
    """Routes a V2 request; thread-safe."""

    def __init__(
        self,
        store: SandboxStore,
        api_secret: str = DEMO_V2_SECRET,
        store_id: str = DEMO_V2_STORE_ID,
        token_ttl: int = 1800,
    ) -> None:
        self.store = store
        self.api_secret = api_secret
        self.store_id = store_id
        self.tokens = V2Tokens(store.now, token_ttl)
        #: imp_uid -> {"version": "V2", "id": ..., "customData": ...}: payments made through V2.
        self.v2_native: dict[str, dict[str, Any]] = {}
        self._cache_lock = threading.Lock()
        self._cache: dict[tuple[Any, ...], list[tuple[int, str, dict[str, Any]]]] = {}

    def handle(
        self,
        method: str,
        path: str,
        query: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes = b"",
    ) -> Reply:
        reply = self._route(method, path.rstrip("/") or "/", query, headers, body)
        reply.headers.setdefault("Date", email.utils.formatdate(self.store.now(), usegmt=True))
        return reply

    def _route(
        self,
        method: str,
        path: str,
        query: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes,
    ) -> Reply:
        if path == "/login/api-secret":
            if method != "POST":
                return error(405, "INVALID_REQUEST", "POST로 호출해야 합니다.", {"Allow": "POST"})
            data = _json_body(body)
            secret = data.get("apiSecret") if isinstance(data, dict) else None
            if not isinstance(secret, str):
                return error(400, "INVALID_REQUEST", "apiSecret이 없습니다.")
            if not secrets.compare_digest(secret.encode(), self.api_secret.encode()):
                return error(401, "UNAUTHORIZED", "API secret이 올바르지 않습니다.")
            access, refresh = self.tokens.issue()
            return Reply(200, {"accessToken": access, "refreshToken": refresh})
        if path == "/token/refresh":
            if method != "POST":
                return error(405, "INVALID_REQUEST", "POST로 호출해야 합니다.", {"Allow": "POST"})
            data = _json_body(body)
            token = data.get("refreshToken") if isinstance(data, dict) else None
            if not isinstance(token, str):
                return error(400, "INVALID_REQUEST", "refreshToken이 없습니다.")
            if not self.tokens.use_refresh(token):
                return error(
                    401, "UNAUTHORIZED", "리프레시 토큰이 만료되었거나 이미 사용되었습니다."
                )
            access, refresh = self.tokens.issue()
            return Reply(200, {"accessToken": access, "refreshToken": refresh})
        if path == "/payments" or path.startswith("/payments/"):
            if method != "GET":
                return error(405, "INVALID_REQUEST", "GET으로 호출해야 합니다.", {"Allow": "GET"})
            if not self._authorized(headers):
                return error(401, "UNAUTHORIZED", "인증 정보가 올바르지 않습니다.")
            if path == "/payments":
                return self._list(query, body)
            return self._one(unquote(path[len("/payments/") :]), query)
        return error(404, "INVALID_REQUEST", f"존재하지 않는 API입니다: {path}")

    def _authorized(self, headers: Mapping[str, str]) -> bool:
        value = headers.get("authorization", "").strip()
        scheme, _, credential = value.partition(" ")
        credential = credential.strip()
        if scheme == "PortOne":
            return secrets.compare_digest(credential.encode(), self.api_secret.encode())
        if scheme.lower() == "bearer":
            return self.tokens.valid(credential)
        return False

    def _render(self, p: Mapping[str, Any]) -> dict[str, Any]:
        return v2_payment(p, store_id=self.store_id, native=self.v2_native.get(p["imp_uid"]))

    def _one(self, payment_id: str, query: Mapping[str, list[str]]) -> Reply:
        for p in self.store.stored_objects():
            native = self.v2_native.get(p["imp_uid"], {})
            if native.get("id", p["merchant_uid"]) == payment_id:
                return Reply(200, self._render(p))
        return error(404, "PAYMENT_NOT_FOUND", "결제 건이 존재하지 않습니다.")

    def _list(self, query: Mapping[str, list[str]], body: bytes) -> Reply:
        raw = query.get("requestBody")
        request = _json_body(raw[-1].encode() if raw else body)
        if not isinstance(request, dict):
            return error(400, "INVALID_REQUEST", "요청 본문이 JSON 객체가 아닙니다.")
        page = request.get("page") or {}
        filt = request.get("filter") or {}
        if not isinstance(page, dict) or not isinstance(filt, dict):
            return error(400, "INVALID_REQUEST", "page와 filter는 객체여야 합니다.")
        number, size = page.get("number", 0), page.get("size", DEFAULT_SIZE)
        if type(number) is not int or type(size) is not int or number < 0 or size < 1:
            return error(
                400,
                "INVALID_REQUEST",
                "page.number는 0 이상, page.size는 1 이상의 정수여야 합니다.",
            )
        if (number + 1) * size > MAX_PAGE_REACH:
            return error(
                400,
                "INVALID_REQUEST",
                f"(page.number + 1) * page.size 는 {MAX_PAGE_REACH} 이하여야 합니다.",
            )
        store_id = filt.get("storeId")
        if store_id is not None and store_id != self.store_id:
            return error(403, "FORBIDDEN", f"상점 {store_id}에 접근할 권한이 없습니다.")
        now = self.store.now()
        try:
            until = _time(filt.get("until"), now)
            since = _time(filt.get("from"), until - WINDOW_DEFAULT_S)
        except ValueError as exc:
            return error(400, "INVALID_REQUEST", str(exc))
        kind = filt.get("timestampType", "STATUS_CHANGED_AT")
        sort_by = filt.get("sortBy", "REQUESTED_AT")
        order = filt.get("sortOrder", "DESC")
        if (
            kind not in ("CREATED_AT", "STATUS_CHANGED_AT")
            or sort_by
            not in (
                "REQUESTED_AT",
                "STATUS_CHANGED_AT",
            )
            or order not in ("ASC", "DESC")
        ):
            return error(
                400, "INVALID_REQUEST", "timestampType/sortBy/sortOrder 값이 올바르지 않습니다."
            )
        found = self._query(kind, since, until, sort_by, order)
        items = [self._render(p) for _t, _k, p in found[number * size : (number + 1) * size]]
        return Reply(
            200,
            {"items": items, "page": {"number": number, "size": size, "totalCount": len(items)}},
        )

    def _query(
        self, kind: str, since: int, until: int, sort_by: str, order: str
    ) -> list[tuple[int, str, dict[str, Any]]]:
        key = (self.store.version, kind, since, until, sort_by, order)
        with self._cache_lock:
            hit = self._cache.get(key)
        if hit is not None:
            return hit
        chosen = status_changed_at if kind == "STATUS_CHANGED_AT" else (lambda p: p["started_at"])
        sort_time = (
            status_changed_at if sort_by == "STATUS_CHANGED_AT" else (lambda p: p["started_at"])
        )
        found = [
            (sort_time(p), p["imp_uid"], p)
            for p in self.store.stored_objects()
            if since <= chosen(p) < until
        ]
        found.sort(key=lambda t: (t[0], t[1]), reverse=order == "DESC")
        with self._cache_lock:
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[key] = found
        return found


def _json_body(body: bytes) -> Any:
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return {}
    try:
        return json.loads(text)
    except ValueError:
        return None


def _time(value: Any, default: int) -> int:
    if value is None:
        return default
    if not isinstance(value, str):
        raise ValueError("from/until은 RFC 3339 문자열이어야 합니다.")
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"RFC 3339 시각이 아닙니다: {value}") from None
    if when.tzinfo is None:
        raise ValueError(f"시간대가 없는 시각입니다: {value}")
    return int(when.timestamp())
