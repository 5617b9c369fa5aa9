"""The V2 → canonical mapping rules of issue 11, value by value (hand-written expectations)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from recon_app.adapters.portone.errors import ContractError
from recon_app.adapters.portone_v2.mapping import OrderIdRule, map_payment, rfc3339_seconds

# 2026-10-05 10:00:00 KST = 2026-10-05 01:00:00 UTC = 1791162000
PAID_AT = "2026-10-05T10:00:00+09:00"
PAID_AT_S = 1791162000

BASE: dict[str, Any] = {
    "status": "PAID",
    "id": "order-1001",
    "transactionId": "imp_123456789012",
    "merchantId": "m",
    "storeId": "s",
    "channel": {"type": "LIVE", "pgProvider": "HTML5_INICIS", "pgMerchantId": "x"},
    "version": "V2",
    "requestedAt": "2026-10-05T09:59:00+09:00",
    "updatedAt": PAID_AT,
    "statusChangedAt": PAID_AT,
    "orderName": "상품",
    "amount": {
        "total": 30000,
        "taxFree": 0,
        "discount": 0,
        "paid": 30000,
        "cancelled": 0,
        "cancelledTaxFree": 0,
    },
    "currency": "KRW",
    "customer": {"name": "김손님"},
    "origin": {"platformType": "MOBILE", "ipAddress": "1.2.3.4"},
    "paidAt": PAID_AT,
    "method": {"type": "PaymentMethodCard", "installment": {"month": 3, "isInterestFree": False}},
    "disputes": [],
}


def pay(**changes: Any) -> dict[str, Any]:
    p = copy.deepcopy(BASE)
    p.update(changes)
    return p


def test_rfc3339_seconds_honours_the_offset_and_drops_fractions() -> None:
    assert rfc3339_seconds(PAID_AT, "t", None) == PAID_AT_S
    assert rfc3339_seconds("2026-10-05T01:00:00.999Z", "t", None) == PAID_AT_S
    assert rfc3339_seconds(None, "t", None) == 0
    with pytest.raises(ContractError):
        rfc3339_seconds("2026-10-05 10:00:00", "t", None)  # no offset


def test_a_paid_card_payment() -> None:
    m = map_payment(pay(), OrderIdRule.parse(None))
    r = m.record
    assert (r["payment_id"], r["order_id"], r["status"]) == (
        "imp_123456789012",
        "order-1001",
        "paid",
    )
    assert (r["pg_provider"], r["pay_method"], r["card_quota"]) == ("html5_inicis", "card", 3)
    assert (r["amount"], r["cancel_amount"], r["paid_at"], r["started_at"]) == (
        30000,
        0,
        PAID_AT_S,
        PAID_AT_S - 60,
    )
    assert (r["channel"], r["provider"], r["sandbox"], r["set_aside"]) == (
        "mobile",
        "portone-v2",
        False,
        None,
    )
    assert m.cancels == [] and m.set_aside_reason is None


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("PAID", "paid"),
        ("PARTIAL_CANCELLED", "paid"),
        ("CANCELLED", "cancelled"),
        ("VIRTUAL_ACCOUNT_ISSUED", "ready"),
        ("READY", "ready"),
        ("PAY_PENDING", "ready"),
        ("FAILED", "failed"),
    ],
)
def test_statuses(status: str, expected: str) -> None:
    assert map_payment(pay(status=status), OrderIdRule("id")).record["status"] == expected


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("Card", "card"),
        ("Transfer", "trans"),
        ("VirtualAccount", "vbank"),
        ("Mobile", "phone"),
        ("EasyPay", "easypay"),
        ("GiftCertificate", "giftcert"),
        ("ConvenienceStore", "cvs"),
        ("Crypto", "crypto"),
    ],
)
def test_methods_in_both_spellings(kind: str, expected: str) -> None:
    for spelled in (kind, f"PaymentMethod{kind}"):
        m = map_payment(pay(method={"type": spelled}), OrderIdRule("id"))
        assert m.record["pay_method"] == expected


def test_easy_pay_provider_goes_to_emb_pg_provider() -> None:
    m = map_payment(
        pay(method={"type": "PaymentMethodEasyPay", "provider": "KAKAOPAY"}), OrderIdRule("id")
    )
    assert (m.record["pay_method"], m.record["emb_pg_provider"]) == ("easypay", "kakaopay")


def test_partial_cancel_keeps_paid_and_takes_only_succeeded_cancellations() -> None:
    cancellations = [
        {
            "status": "SUCCEEDED",
            "id": "c1",
            "pgCancellationId": "pg-c1",
            "totalAmount": 5000,
            "taxFreeAmount": 0,
            "vatAmount": 0,
            "reason": "반품",
            "cancelledAt": "2026-10-06T10:00:00+09:00",
            "requestedAt": "2026-10-06T10:00:00+09:00",
        },
        {
            "status": "FAILED",
            "id": "c2",
            "totalAmount": 7000,
            "taxFreeAmount": 0,
            "vatAmount": 0,
            "reason": "실패",
            "requestedAt": "2026-10-07T10:00:00+09:00",
        },
    ]
    p = pay(
        status="PARTIAL_CANCELLED",
        cancellations=cancellations,
        cancelledAt="2026-10-06T10:00:00+09:00",
    )
    p["amount"]["cancelled"] = 5000
    m = map_payment(p, OrderIdRule("id"))
    assert (m.record["status"], m.record["cancel_amount"], m.record["cancelled_at"]) == (
        "paid",
        5000,
        0,
    )
    assert m.cancels == [(0, "pg-c1", 5000, PAID_AT_S + 86400, "반품", "c1", None)]


def test_full_cancel_has_its_time_and_reason() -> None:
    cancellations = [
        {
            "status": "SUCCEEDED",
            "id": "c1",
            "totalAmount": 30000,
            "taxFreeAmount": 0,
            "vatAmount": 0,
            "reason": "고객 변심",
            "cancelledAt": "2026-10-06T10:00:00+09:00",
            "requestedAt": "2026-10-06T10:00:00+09:00",
        },
    ]
    p = pay(
        status="CANCELLED", cancellations=cancellations, cancelledAt="2026-10-06T10:00:00+09:00"
    )
    p["amount"]["cancelled"] = 30000
    r = map_payment(p, OrderIdRule("id")).record
    assert (r["status"], r["cancelled_at"], r["cancel_reason"]) == (
        "cancelled",
        PAID_AT_S + 86400,
        "고객 변심",
    )


def test_foreign_currency_and_test_channel_are_set_aside() -> None:
    usd = map_payment(pay(currency="USD"), OrderIdRule("id"))
    test = map_payment(pay(channel={**BASE["channel"], "type": "TEST"}), OrderIdRule("id"))
    both = map_payment(
        pay(currency="JPY", channel={**BASE["channel"], "type": "TEST"}), OrderIdRule("id")
    )
    assert usd.set_aside_reason == "통화 USD" and usd.record["set_aside"] == "통화 USD"
    assert test.set_aside_reason == "테스트 채널" and test.record["sandbox"] is True
    assert both.set_aside_reason == "통화 JPY, 테스트 채널"


@pytest.mark.parametrize(
    ("spec", "own_id", "custom", "expected"),
    [
        (None, "pay_1", '{"orderId": "A-1"}', "pay_1"),
        ("id", "pay_1", '{"orderId": "A-1"}', "pay_1"),
        ("custom:orderId", "pay_1", '{"orderId": "A-1"}', "A-1"),
        ("custom:orderId", "pay_1", '{"orderId": 12345}', "12345"),
        ("custom:orderId", "pay_1", '{"other": "x"}', "pay_1"),
        ("custom:orderId", "pay_1", "not json", "pay_1"),
        ("custom:orderId", "pay_1", '["orderId"]', "pay_1"),
        ("custom:orderId", "pay_1", None, "pay_1"),
        ("custom:orderId", "pay_1", '{"orderId": ""}', "pay_1"),
        (r"regex:^(\d{8}-\d{7})", "20261005-0000223-retry2", None, "20261005-0000223"),
        (r"regex:^(\d{8}-\d{7})", "pay_random", None, "pay_random"),
        (r"regex:order-(\w+)", "x-order-77", None, "77"),
    ],
)
def test_order_id_rules(spec: str | None, own_id: str, custom: str | None, expected: str) -> None:
    extra = {"customData": custom} if custom is not None else {}
    m = map_payment(pay(id=own_id, **extra), OrderIdRule.parse(spec))
    assert m.record["order_id"] == expected


@pytest.mark.parametrize("spec", ["", "custom:", "regex:", "regex:(", "regex:abc", "field:x", "ID"])
def test_bad_order_id_rules_are_refused(spec: str) -> None:
    if spec == "":
        assert OrderIdRule.parse(spec) == OrderIdRule("id")  # empty = the default
        return
    with pytest.raises(ValueError):
        OrderIdRule.parse(spec)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"transactionId": None}, "transactionId"),
        ({"status": "SETTLED"}, "status"),
        ({"amount": {**BASE["amount"], "total": "30000"}}, "amount.total"),
        ({"amount": {**BASE["amount"], "total": 30000.5}}, "amount.total"),
        ({"amount": {**BASE["amount"], "cancelled": 40000}}, "amount.cancelled"),
        ({"version": "V3"}, "version"),
        ({"paidAt": "yesterday"}, "paidAt"),
    ],
)
def test_contract_breaches_name_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ContractError) as caught:
        map_payment(pay(**change), OrderIdRule("id"))
    assert field in (caught.value.field or "")
