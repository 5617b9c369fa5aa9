"""A V2 ``Payment`` object → one canonical payment record (names as in storage/payment_names.py).

The rules (issue 11, "Mapping into the ledger"; stated in the README too):

* ``transactionId`` is the payment's id. For a V1 payment listed by V2 (``version: V1``) it
  equals V1's ``imp_uid`` (FACTS §4.3), so a payment seen through both APIs is one payment.
* The shop's order id follows the store's ``order_id_from`` rule (``OrderIdRule``): ``id`` (the
  default: V2's ``id``, which V1 payments carry as their ``merchant_uid``), ``custom:KEY`` (KEY
  of the JSON object in ``customData``; the ``id`` when absent or not JSON) or
  ``regex:PATTERN`` (the first group of PATTERN searched in ``id``; the ``id`` when no match).
* status: PAID → paid; PARTIAL_CANCELLED → paid with its cancellations; CANCELLED → cancelled;
  VIRTUAL_ACCOUNT_ISSUED, READY, PAY_PENDING → ready; FAILED → failed.
* amounts: ``amount.total`` and ``amount.cancelled`` (integers); the cancel history is the
  SUCCEEDED ``cancellations[]``; ``paidAt``/``cancelledAt``/``failedAt``/``requestedAt`` become
  the unix-second times V1 has (``cancelledAt`` only for CANCELLED: V1 keeps a partly
  cancelled payment ``paid`` with no cancel time, the times are in its cancel history).
* pg = ``channel.pgProvider`` in lower case (``HTML5_INICIS`` → ``html5_inicis``, the V1 codes);
  method from ``method.type`` (``PaymentMethodCard`` or ``Card``): Card → card, Transfer → trans,
  VirtualAccount → vbank, Mobile → phone, EasyPay → easypay (its provider, lower case, in
  ``emb_pg_provider``), GiftCertificate → giftcert, ConvenienceStore → cvs, Crypto → crypto.
* a currency other than KRW, or a test channel (``channel.type = TEST``, stored as
  ``sandbox = true``), is stored but set aside: kept out of the month's figures and listed in
  the sync summary (``set_aside_reason``).

Anything that breaks the schema where we rely on it raises ``ContractError`` naming the field
and the payment, and the window it came in is not written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from recon_app.adapters.portone.errors import ContractError

PROVIDER_BY_VERSION = {"V1": "portone-v1", "V2": "portone-v2"}

STATUS = {
    "PAID": "paid",
    "PARTIAL_CANCELLED": "paid",
    "CANCELLED": "cancelled",
    "VIRTUAL_ACCOUNT_ISSUED": "ready",
    "READY": "ready",
    "PAY_PENDING": "ready",
    "FAILED": "failed",
}

METHOD = {
    "Card": "card",
    "Transfer": "trans",
    "VirtualAccount": "vbank",
    "Mobile": "phone",
    "EasyPay": "easypay",
    "GiftCertificate": "giftcert",
    "ConvenienceStore": "cvs",
    "Crypto": "crypto",
}

#: Canonical record fields, in the order of the ledger's bulk INSERT (after the rename map).
RECORD_FIELDS: tuple[str, ...] = (
    "payment_id",
    "order_id",
    "status",
    "pay_method",
    "pg_provider",
    "emb_pg_provider",
    "pg_tid",
    "channel",
    "currency",
    "amount",
    "cancel_amount",
    "name",
    "buyer_name",
    "buyer_email",
    "buyer_tel",
    "card_name",
    "card_number",
    "card_quota",
    "apply_num",
    "vbank_name",
    "vbank_num",
    "vbank_date",
    "started_at",
    "paid_at",
    "failed_at",
    "cancelled_at",
    "fail_reason",
    "cancel_reason",
    "receipt_url",
    "sandbox",
    "provider",
    "set_aside",
)
#: Cancel tuples, as ``payment_cancels`` columns after (store_id, payment id).
CANCEL_FIELDS: tuple[str, ...] = (
    "seq",
    "pg_tid",
    "amount",
    "cancelled_at",
    "reason",
    "cancellation_id",
    "receipt_url",
)


@dataclass(frozen=True)
class OrderIdRule:
    """How the shop's order id is read from a payment (``--order-id-from``)."""

    kind: str  # 'id' | 'custom' | 'regex'
    arg: str = ""

    @classmethod
    def parse(cls, spec: str | None) -> OrderIdRule:
        """``id``, ``custom:KEY`` or ``regex:PATTERN``; ValueError saying what is wrong."""
        text = (spec or "id").strip()
        if text == "id":
            return cls("id")
        kind, sep, arg = text.partition(":")
        if not sep or kind not in ("custom", "regex") or not arg:
            raise ValueError("id, custom:KEY 또는 regex:PATTERN 형식이 아닙니다")
        if kind == "regex":
            try:
                groups = re.compile(arg).groups
            except re.error as exc:
                raise ValueError(f"정규식 오류: {exc}") from None
            if groups < 1:
                raise ValueError("정규식에 주문번호를 담을 괄호 묶음이 없습니다")
        return cls(kind, arg)

    def __str__(self) -> str:
        return self.kind if self.kind == "id" else f"{self.kind}:{self.arg}"

    def order_id(self, payment_id: str, custom_data: Any) -> str:
        """The order id of a payment whose own id is ``payment_id``."""
        if self.kind == "custom":
            found = _custom_value(custom_data, self.arg)
            return found if found else payment_id
        if self.kind == "regex":
            match = re.search(self.arg, payment_id)
            value = match.group(1) if match else None
            return value if value else payment_id
        return payment_id


def _custom_value(custom_data: Any, key: str) -> str | None:
    if not isinstance(custom_data, str):
        return None
    try:
        data = json.loads(custom_data)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    value = data.get(key)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int)):
        text = str(value).strip()
        return text or None
    return None


def rfc3339_seconds(value: Any, field: str, pid: str | None) -> int:
    """Unix seconds of an RFC 3339 time (fractions dropped); 0 for an absent one."""
    if value is None:
        return 0
    if not isinstance(value, str):
        raise _breach(field, pid, f"시각이 문자열이 아닙니다 ({type(value).__name__})")
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _breach(field, pid, f"RFC 3339 시각이 아닙니다: {value[:40]!r}") from None
    if when.tzinfo is None:
        raise _breach(field, pid, f"시각에 시간대가 없습니다: {value[:40]!r}")
    return int(when.timestamp() // 1)


def to_rfc3339(seconds: int) -> str:
    """Unix seconds as the RFC 3339 UTC text the API's filters take."""
    from datetime import UTC

    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _breach(field: str, pid: str | None, what: str) -> ContractError:
    where = f" (결제 {pid})" if pid else ""
    return ContractError(
        f"PortOne V2 응답의 '{field}' 값이 올바르지 않습니다{where}: {what}",
        field=field,
        imp_uid=pid,
    )


def _money(obj: Mapping[str, Any], key: str, pid: str) -> int:
    value = obj.get(key)
    if type(value) is not int:
        raise _breach(f"amount.{key}", pid, f"정수가 아닙니다 ({value!r})")
    if value < 0:
        raise _breach(f"amount.{key}", pid, f"음수입니다 ({value})")
    return value


def _text(obj: Mapping[str, Any] | None, key: str) -> str | None:
    if not isinstance(obj, Mapping):
        return None
    value = obj.get(key)
    return value if isinstance(value, str) and value != "" else None


def method_code(method: Any) -> str | None:
    if not isinstance(method, Mapping):
        return None
    kind = method.get("type")
    if not isinstance(kind, str):
        return None
    return METHOD.get(kind.removeprefix("PaymentMethod"), kind.lower())


@dataclass(frozen=True)
class MappedPayment:
    record: dict[str, Any]  # canonical names, RECORD_FIELDS
    cancels: list[tuple[Any, ...]]  # CANCEL_FIELDS
    set_aside_reason: str | None


def map_payment(obj: Any, rule: OrderIdRule, *, index: int = 0) -> MappedPayment:
    """One V2 Payment → canonical record, cancels and (if any) why it is set aside."""
    if not isinstance(obj, Mapping):
        raise _breach(f"items[{index}]", None, "결제가 객체가 아닙니다")
    pid = obj.get("transactionId")
    if not isinstance(pid, str) or not pid:
        raise _breach(f"items[{index}].transactionId", None, "결제의 transactionId가 없습니다")
    own_id = obj.get("id")
    if not isinstance(own_id, str) or not own_id:
        raise _breach("id", pid, "결제의 id(paymentId)가 없습니다")
    raw_status = obj.get("status")
    status = STATUS.get(raw_status) if isinstance(raw_status, str) else None
    if status is None:
        raise _breach("status", pid, f"알 수 없는 상태 {raw_status!r}")
    amount = obj.get("amount")
    if not isinstance(amount, Mapping):
        raise _breach("amount", pid, "금액 객체가 없습니다")
    currency = obj.get("currency")
    if not isinstance(currency, str) or not currency:
        raise _breach("currency", pid, "통화가 없습니다")
    version = obj.get("version")
    if version not in PROVIDER_BY_VERSION:
        raise _breach("version", pid, f"알 수 없는 버전 {version!r}")
    channel = obj.get("channel") if isinstance(obj.get("channel"), Mapping) else None
    method = obj.get("method") if isinstance(obj.get("method"), Mapping) else None
    customer = obj.get("customer") if isinstance(obj.get("customer"), Mapping) else None
    origin = obj.get("origin") if isinstance(obj.get("origin"), Mapping) else None
    card = method.get("card") if method and isinstance(method.get("card"), Mapping) else None
    installment = method.get("installment") if method else None
    code = method_code(method)
    cancels = _cancels(obj.get("cancellations"), pid)
    pg = _text(channel, "pgProvider")
    test_channel = channel is not None and channel.get("type") == "TEST"
    record: dict[str, Any] = {
        "payment_id": pid,
        "order_id": rule.order_id(own_id, obj.get("customData")),
        "status": status,
        "pay_method": code,
        "pg_provider": pg.lower() if pg else None,
        "emb_pg_provider": (_text(method, "provider") or "").lower() or None
        if code == "easypay"
        else None,
        "pg_tid": _text(obj, "pgTxId"),
        "channel": (_text(origin, "platformType") or "").lower() or None,
        "currency": currency.strip().upper(),
        "amount": _money(amount, "total", pid),
        "cancel_amount": _money(amount, "cancelled", pid),
        "name": _text(obj, "orderName"),
        "buyer_name": _text(customer, "name"),
        "buyer_email": _text(customer, "email"),
        "buyer_tel": _text(customer, "phoneNumber"),
        "card_name": _text(card, "name"),
        "card_number": _text(card, "number"),
        "card_quota": installment.get("month", 0)
        if isinstance(installment, Mapping) and type(installment.get("month")) is int
        else 0,
        "apply_num": _text(method, "approvalNumber"),
        "vbank_name": _text(method, "bank") if code == "vbank" else None,
        "vbank_num": _text(method, "accountNumber") if code == "vbank" else None,
        "vbank_date": rfc3339_seconds(method.get("expiredAt"), "method.expiredAt", pid)
        if code == "vbank" and method
        else 0,
        "started_at": rfc3339_seconds(obj.get("requestedAt"), "requestedAt", pid),
        "paid_at": rfc3339_seconds(obj.get("paidAt"), "paidAt", pid),
        "failed_at": rfc3339_seconds(obj.get("failedAt"), "failedAt", pid)
        if raw_status == "FAILED"
        else 0,
        "cancelled_at": rfc3339_seconds(obj.get("cancelledAt"), "cancelledAt", pid)
        if raw_status == "CANCELLED"
        else 0,
        "fail_reason": _text(obj.get("failure"), "reason") if raw_status == "FAILED" else None,
        "cancel_reason": cancels[-1][4] if raw_status == "CANCELLED" and cancels else None,
        "receipt_url": _text(obj, "receiptUrl"),
        "sandbox": test_channel,
        "provider": PROVIDER_BY_VERSION[version],
    }
    if record["cancel_amount"] > record["amount"]:
        raise _breach("amount.cancelled", pid, "취소 금액이 결제 금액보다 큽니다")
    reasons = []
    if record["currency"] != "KRW":
        reasons.append(f"통화 {record['currency']}")
    if test_channel:
        reasons.append("테스트 채널")
    record["set_aside"] = ", ".join(reasons) or None
    return MappedPayment(record, cancels, record["set_aside"])


def _cancels(value: Any, pid: str) -> list[tuple[Any, ...]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _breach("cancellations", pid, "배열이 아닙니다")
    out: list[tuple[Any, ...]] = []
    for item in value:
        if not isinstance(item, Mapping):
            raise _breach("cancellations", pid, "취소 내역이 객체가 아닙니다")
        if item.get("status") != "SUCCEEDED":
            continue  # requested or failed cancels moved no money
        total = item.get("totalAmount")
        if type(total) is not int or total < 0:
            raise _breach("cancellations.totalAmount", pid, f"정수가 아닙니다 ({total!r})")
        out.append(
            (
                len(out),  # 0-based, as V1's cancel_history positions
                _text(item, "pgCancellationId"),
                total,
                rfc3339_seconds(item.get("cancelledAt"), "cancellations.cancelledAt", pid),
                _text(item, "reason"),
                _text(item, "id"),
                _text(item, "receiptUrl"),
            )
        )
    return out
