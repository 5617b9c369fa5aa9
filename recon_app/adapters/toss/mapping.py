"""A Toss ``Payment`` object → one canonical payment record (names as in storage/payment_names.py).

Rules (issue 11, "Toss Payments direct"; README too):

* ``paymentKey`` is the payment's id; the shop's order id is ``orderId``, read through the
  store's ``--order-id-from`` rule like V2's ``id`` (``custom:KEY`` takes KEY of ``metadata``).
* status: DONE → paid; PARTIAL_CANCELED → paid with its cancels; CANCELED → cancelled;
  WAITING_FOR_DEPOSIT (a virtual account awaiting deposit), READY, IN_PROGRESS → ready;
  ABORTED, EXPIRED → failed.
* amount = ``totalAmount``; cancelled = the sum of ``cancels[].cancelAmount`` (= totalAmount −
  balanceAmount, checked); times: ``requestedAt``, ``approvedAt``, the last ``canceledAt`` of a
  CANCELED payment; Toss gives no failure time, so a failed payment's is its ``requestedAt``.
* pg = ``tosspayments``; method from Toss's Korean labels: 카드 → card, 가상계좌 → vbank,
  계좌이체 → trans, 휴대폰 → phone, 간편결제 → easypay (its provider in ``emb_pg_provider``),
  문화상품권/도서문화상품권/게임문화상품권 → giftcert.
* a currency other than KRW is stored but set aside (kept out of the month's figures).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from recon_app.adapters.portone.errors import ContractError
from recon_app.adapters.portone_v2.mapping import MappedPayment, OrderIdRule, rfc3339_seconds

STATUS = {
    "DONE": "paid",
    "PARTIAL_CANCELED": "paid",
    "CANCELED": "cancelled",
    "WAITING_FOR_DEPOSIT": "ready",
    "READY": "ready",
    "IN_PROGRESS": "ready",
    "ABORTED": "failed",
    "EXPIRED": "failed",
}

METHOD = {
    "카드": "card",
    "가상계좌": "vbank",
    "계좌이체": "trans",
    "휴대폰": "phone",
    "간편결제": "easypay",
    "문화상품권": "giftcert",
    "도서문화상품권": "giftcert",
    "게임문화상품권": "giftcert",
}


def _breach(field: str, key: str | None, what: str) -> ContractError:
    where = f" (결제 {key})" if key else ""
    return ContractError(
        f"토스페이먼츠 응답의 '{field}' 값이 올바르지 않습니다{where}: {what}",
        field=field,
        imp_uid=key,
    )


def _text(obj: Any, key: str) -> str | None:
    if not isinstance(obj, Mapping):
        return None
    value = obj.get(key)
    return value if isinstance(value, str) and value != "" else None


def _won(obj: Mapping[str, Any], key: str, pid: str) -> int:
    value = obj.get(key)
    if type(value) is not int or value < 0:
        raise _breach(key, pid, f"0 이상의 정수가 아닙니다 ({value!r})")
    return value


def map_toss_payment(obj: Any, rule: OrderIdRule) -> MappedPayment:
    if not isinstance(obj, Mapping):
        raise _breach("(결제)", None, "객체가 아닙니다")
    pid = obj.get("paymentKey")
    if not isinstance(pid, str) or not pid:
        raise _breach("paymentKey", None, "결제의 paymentKey가 없습니다")
    order = obj.get("orderId")
    if not isinstance(order, str) or not order:
        raise _breach("orderId", pid, "주문번호가 없습니다")
    raw_status = obj.get("status")
    status = STATUS.get(raw_status) if isinstance(raw_status, str) else None
    if status is None:
        raise _breach("status", pid, f"알 수 없는 상태 {raw_status!r}")
    currency = obj.get("currency")
    if not isinstance(currency, str) or not currency:
        raise _breach("currency", pid, "통화가 없습니다")
    total = _won(obj, "totalAmount", pid)
    balance = _won(obj, "balanceAmount", pid)
    raw_cancels = obj.get("cancels") or []
    if not isinstance(raw_cancels, list):
        raise _breach("cancels", pid, "배열이 아닙니다")
    cancels = []
    for seq, c in enumerate(raw_cancels):
        if not isinstance(c, Mapping):
            raise _breach("cancels", pid, "취소 내역이 객체가 아닙니다")
        cancels.append(
            (
                seq,
                _text(c, "transactionKey"),
                _won(c, "cancelAmount", pid),
                rfc3339_seconds(c.get("canceledAt"), "cancels.canceledAt", pid),
                _text(c, "cancelReason"),
                _text(c, "transactionKey"),
                None,
            )
        )
    cancelled = sum(c[2] for c in cancels)
    if cancelled != total - balance:
        raise _breach(
            "balanceAmount", pid, f"취소 합계 {cancelled}와 totalAmount − balanceAmount가 다릅니다"
        )
    label = obj.get("method")
    code = METHOD.get(label) if isinstance(label, str) else None
    card = obj.get("card") if isinstance(obj.get("card"), Mapping) else None
    easy = obj.get("easyPay") if isinstance(obj.get("easyPay"), Mapping) else None
    account = obj.get("virtualAccount") if isinstance(obj.get("virtualAccount"), Mapping) else None
    requested = rfc3339_seconds(obj.get("requestedAt"), "requestedAt", pid)
    metadata = obj.get("metadata")
    record: dict[str, Any] = {
        "payment_id": pid,
        "order_id": rule.order_id(order, _metadata_json(metadata)),
        "status": status,
        "pay_method": code,
        "pg_provider": "tosspayments",
        "emb_pg_provider": (_text(easy, "provider") or "").lower() or None,
        "pg_tid": _text(obj, "lastTransactionKey"),
        "channel": None,
        "currency": currency.strip().upper(),
        "amount": total,
        "cancel_amount": cancelled,
        "name": _text(obj, "orderName"),
        "buyer_name": None,
        "buyer_email": None,
        "buyer_tel": None,
        "card_name": None,
        "card_number": _text(card, "number"),
        "card_quota": card.get("installmentPlanMonths", 0)
        if card and type(card.get("installmentPlanMonths")) is int
        else 0,
        "apply_num": _text(card, "approveNo"),
        "vbank_name": _text(account, "bankCode"),
        "vbank_num": _text(account, "accountNumber"),
        "vbank_date": rfc3339_seconds(account.get("dueDate"), "virtualAccount.dueDate", pid)
        if account
        else 0,
        "started_at": requested,
        "paid_at": rfc3339_seconds(obj.get("approvedAt"), "approvedAt", pid)
        if raw_status in ("DONE", "PARTIAL_CANCELED", "CANCELED")
        else 0,
        "failed_at": requested if status == "failed" else 0,
        "cancelled_at": cancels[-1][3] if raw_status == "CANCELED" and cancels else 0,
        "fail_reason": _text(obj.get("failure"), "message") if status == "failed" else None,
        "cancel_reason": cancels[-1][4] if raw_status == "CANCELED" and cancels else None,
        "receipt_url": _text(obj.get("receipt"), "url"),
        "sandbox": False,
        "provider": "toss",
        "set_aside": None if currency.strip().upper() == "KRW" else f"통화 {currency}",
    }
    return MappedPayment(record, cancels, record["set_aside"])


def _metadata_json(metadata: Any) -> str | None:
    """``metadata`` is an object in Toss's answers; the order-id rule reads JSON text."""
    import json

    if isinstance(metadata, Mapping):
        return json.dumps(dict(metadata), ensure_ascii=False)
    return metadata if isinstance(metadata, str) else None
