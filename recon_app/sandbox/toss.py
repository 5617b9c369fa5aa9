"""The Toss Payments endpoints Recon uses, served from the same ``SandboxStore`` as V1 and V2.

Every stored (V1-shaped) payment is also a Toss payment (``paymentKey`` = its imp_uid, ``orderId``
= its merchant_uid, ``pg`` tosspayments), so one shop can be synced through every API and compared.

* ``Authorization: Basic base64("<secretKey>:")`` on every call; else 401 ``{code, message}``.
* ``GET /v1/transactions?startDate&endDate&startingAfter&limit``: one record per approval or
  cancel (plus, for payments never approved, one at their request time, so that every payment
  is listed), ordered by ``transactionAt`` then ``transactionKey``; local KST date-times,
  ``startDate`` ≤ transactionAt ≤ ``endDate``; ``limit`` 1..5000 (default 100) else 400;
  ``startingAfter`` an unknown key → 400 (FACTS §5.2 reports ``INVALID_TRANSACTION_KEY``).
* ``GET /v1/payments/{paymentKey}``: the Payment object; 404 ``NOT_FOUND_PAYMENT`` otherwise.
* answers carry a ``Date`` header on the sandbox clock.
"""

from __future__ import annotations

import base64
import binascii
import email.utils
import secrets
import threading
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from recon_app.domain.timeutil import KST
from recon_app.sandbox.api import Reply
from recon_app.sandbox.store import SandboxStore

DEMO_TOSS_SECRET = "test_sk_sandbox_demo_toss_not_real"
MAX_LIMIT = 5000
DEFAULT_LIMIT = 100

LABELS = {
    "card": "카드",
    "vbank": "가상계좌",
    "trans": "계좌이체",
    "phone": "휴대폰",
    "kakaopay": "간편결제",
    "naverpay": "간편결제",
    "point": "간편결제",
    "payco": "간편결제",
    "tosspay": "간편결제",
}


def error(status: int, code: str, message: str) -> Reply:
    return Reply(status, {"code": code, "message": message})


def iso(seconds: int) -> str | None:
    return datetime.fromtimestamp(seconds, KST).isoformat() if seconds else None


def _local(text: str) -> int:
    when = datetime.fromisoformat(text)
    if when.tzinfo is None:
        when = when.replace(tzinfo=KST)
    return int(when.timestamp())


def toss_status(p: Mapping[str, Any]) -> str:
    status = p["status"]
    if status == "paid":
        return "PARTIAL_CANCELED" if p["cancel_history"] else "DONE"
    if status == "cancelled":
        return "CANCELED"
    if status == "failed":
        return "ABORTED"
    return "WAITING_FOR_DEPOSIT" if p["pay_method"] == "vbank" and p["vbank_num"] else "READY"


def toss_payment(p: Mapping[str, Any]) -> dict[str, Any]:
    """The Toss ``Payment`` object of a stored payment."""
    status = toss_status(p)
    method = p["pay_method"]
    label = LABELS.get(method, "카드")
    easy = p["emb_pg_provider"] or (p["pg_provider"] if label == "간편결제" else None)
    if method == "card" and p["emb_pg_provider"]:
        label = "간편결제"
    keys = _transaction_keys(p)
    obj: dict[str, Any] = {
        "mId": "tosssandbox",
        "version": "2022-11-16",
        "paymentKey": p["imp_uid"],
        "lastTransactionKey": keys[-1][0] if keys else None,
        "status": status,
        "orderId": p["merchant_uid"],
        "orderName": p["name"] or "",
        "requestedAt": iso(p["started_at"]),
        "approvedAt": iso(p["paid_at"]),
        "useEscrow": False,
        "cultureExpense": False,
        "type": "NORMAL",
        "method": label,
        "currency": p["currency"],
        "country": "KR",
        "totalAmount": p["amount"],
        "balanceAmount": p["amount"] - p["cancel_amount"],
        "suppliedAmount": 0,
        "vat": 0,
        "taxFreeAmount": 0,
        "isPartialCancelable": True,
        "metadata": None,
        "receipt": {"url": p["receipt_url"]} if p["receipt_url"] else None,
        "card": {
            "number": p["card_number"],
            "installmentPlanMonths": p["card_quota"] or 0,
            "approveNo": p["apply_num"],
        }
        if label == "카드"
        else None,
        "easyPay": {"provider": easy, "amount": 0, "discountAmount": 0}
        if label == "간편결제"
        else None,
        "virtualAccount": {
            "accountNumber": p["vbank_num"],
            "bankCode": p["vbank_code"],
            "dueDate": iso(p["vbank_date"]),
        }
        if method == "vbank" and p["vbank_num"]
        else None,
        "cancels": [
            {
                "cancelAmount": c["amount"],
                "cancelReason": c["reason"] or "",
                "canceledAt": iso(c["cancelled_at"]),
                "transactionKey": f"tx_{p['imp_uid']}_c{i}",
                "taxFreeAmount": 0,
            }
            for i, c in enumerate(p["cancel_history"])
        ]
        or None,
        "failure": {"code": "PAY_PROCESS_ABORTED", "message": p["fail_reason"] or "결제 실패"}
        if status == "ABORTED"
        else None,
    }
    return obj


def _transaction_keys(p: Mapping[str, Any]) -> list[tuple[str, int, int]]:
    """(transactionKey, transactionAt, amount) of every record the payment has."""
    uid = p["imp_uid"]
    out = []
    if p["paid_at"]:
        out.append((f"tx_{uid}_a", p["paid_at"], p["amount"]))
    elif p["status"] == "failed":
        out.append((f"tx_{uid}_f", p["failed_at"] or p["started_at"], p["amount"]))
    else:
        out.append((f"tx_{uid}_r", p["started_at"], p["amount"]))
    for i, c in enumerate(p["cancel_history"]):
        out.append((f"tx_{uid}_c{i}", c["cancelled_at"], c["amount"]))
    return out


class SandboxTossApi:
    def __init__(self, store: SandboxStore, secret_key: str = DEMO_TOSS_SECRET) -> None:
        self.store = store
        self.secret_key = secret_key
        self._cache_lock = threading.Lock()
        self._cache: tuple[int, list[tuple[int, str, dict[str, Any]]]] | None = None

    class _Tokens:  # faults.expire_tokens has nothing to expire: Toss has no tokens
        @staticmethod
        def expire_all() -> None:
            return None

    tokens = _Tokens()

    def handle(
        self,
        method: str,
        path: str,
        query: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes = b"",
    ) -> Reply:
        reply = self._route(method, path.rstrip("/"), query, headers)
        reply.headers.setdefault("Date", email.utils.formatdate(self.store.now(), usegmt=True))
        return reply

    def _authorized(self, headers: Mapping[str, str]) -> bool:
        scheme, _, value = headers.get("authorization", "").strip().partition(" ")
        if scheme != "Basic":
            return False
        try:
            decoded = base64.b64decode(value.strip(), validate=True)
        except (binascii.Error, ValueError):
            return False
        return secrets.compare_digest(decoded, f"{self.secret_key}:".encode())

    def _route(
        self, method: str, path: str, query: Mapping[str, list[str]], headers: Mapping[str, str]
    ) -> Reply:
        if method != "GET":
            return error(405, "INVALID_REQUEST", "GET으로 호출해야 합니다.")
        if not self._authorized(headers):
            return error(
                401, "UNAUTHORIZED_KEY", "인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다."
            )
        if path == "/v1/transactions":
            return self._transactions(query)
        if path.startswith("/v1/payments/"):
            key = unquote(path[len("/v1/payments/") :])
            p = self.store._lookup(key)
            if p is None:
                return error(404, "NOT_FOUND_PAYMENT", "존재하지 않는 결제 정보 입니다.")
            return Reply(200, toss_payment(p))
        return error(404, "NOT_FOUND", f"존재하지 않는 API입니다: {path}")

    def _records(self) -> list[tuple[int, str, dict[str, Any]]]:
        version = self.store.version
        with self._cache_lock:
            if self._cache is not None and self._cache[0] == version:
                return self._cache[1]
        records = []
        for p in self.store.stored_objects():
            for key, at, amount in _transaction_keys(p):
                records.append(
                    (
                        at,
                        key,
                        {
                            "mId": "tosssandbox",
                            "transactionKey": key,
                            "paymentKey": p["imp_uid"],
                            "orderId": p["merchant_uid"],
                            "method": LABELS.get(p["pay_method"], "카드"),
                            "customerKey": None,
                            "useEscrow": False,
                            "receiptUrl": p["receipt_url"],
                            "status": toss_status(p),
                            "transactionAt": iso(at),
                            "currency": p["currency"],
                            "amount": amount,
                        },
                    )
                )
        records.sort(key=lambda r: (r[0], r[1]))
        with self._cache_lock:
            self._cache = (version, records)
        return records

    def _transactions(self, query: Mapping[str, list[str]]) -> Reply:
        def one(name: str) -> str | None:
            values = query.get(name)
            return values[-1] if values else None

        start, end = one("startDate"), one("endDate")
        if not start or not end:
            return error(400, "INVALID_REQUEST", "startDate와 endDate는 필수입니다.")
        try:
            since, until = _local(start), _local(end)
            limit = int(one("limit") or DEFAULT_LIMIT)
        except ValueError:
            return error(400, "INVALID_REQUEST", "날짜 또는 limit 형식이 올바르지 않습니다.")
        if not 1 <= limit <= MAX_LIMIT:
            return error(400, "INVALID_REQUEST", f"limit은 1 이상 {MAX_LIMIT} 이하여야 합니다.")
        chosen = [r for r in self._records() if since <= r[0] <= until]
        after = one("startingAfter")
        if after:
            keys = [r[1] for r in chosen]
            if after not in keys:
                return error(400, "INVALID_TRANSACTION_KEY", "올바르지 않은 transactionKey 입니다.")
            chosen = chosen[keys.index(after) + 1 :]
        return Reply(200, [r[2] for r in chosen[:limit]])  # type: ignore[arg-type]
