"""The Toss → canonical mapping rules of issue 11, value by value (hand-written expectations)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from recon_app.adapters.portone.errors import ContractError
from recon_app.adapters.portone_v2.mapping import OrderIdRule
from recon_app.adapters.toss.mapping import map_toss_payment

# 2026-10-05 10:00:00 KST = 1791162000
BASE: dict[str, Any] = {
    "paymentKey": "tgen_20261005AbCd",
    "orderId": "20261005-0000223",
    "orderName": "상품",
    "status": "DONE",
    "method": "카드",
    "currency": "KRW",
    "totalAmount": 30000,
    "balanceAmount": 30000,
    "requestedAt": "2026-10-05T09:59:00+09:00",
    "approvedAt": "2026-10-05T10:00:00+09:00",
    "card": {"number": "43301234****123*", "installmentPlanMonths": 2, "approveNo": "00000000"},
    "cancels": None,
    "metadata": {"order": "A-9"},
}


def pay(**changes: Any) -> dict[str, Any]:
    p = copy.deepcopy(BASE)
    p.update(changes)
    return p


def test_a_done_card_payment() -> None:
    r = map_toss_payment(pay(), OrderIdRule("id")).record
    assert (r["payment_id"], r["order_id"], r["status"], r["pg_provider"]) == (
        "tgen_20261005AbCd",
        "20261005-0000223",
        "paid",
        "tosspayments",
    )
    assert (r["amount"], r["cancel_amount"], r["paid_at"], r["started_at"], r["card_quota"]) == (
        30000,
        0,
        1791162000,
        1791161940,
        2,
    )
    assert (r["provider"], r["set_aside"]) == ("toss", None)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("DONE", "paid"),
        ("PARTIAL_CANCELED", "paid"),
        ("CANCELED", "cancelled"),
        ("WAITING_FOR_DEPOSIT", "ready"),
        ("READY", "ready"),
        ("IN_PROGRESS", "ready"),
        ("ABORTED", "failed"),
        ("EXPIRED", "failed"),
    ],
)
def test_statuses(status: str, expected: str) -> None:
    assert map_toss_payment(pay(status=status), OrderIdRule("id")).record["status"] == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("카드", "card"),
        ("가상계좌", "vbank"),
        ("계좌이체", "trans"),
        ("휴대폰", "phone"),
        ("간편결제", "easypay"),
        ("문화상품권", "giftcert"),
        ("도서문화상품권", "giftcert"),
        ("게임문화상품권", "giftcert"),
    ],
)
def test_method_labels(label: str, expected: str) -> None:
    assert map_toss_payment(pay(method=label), OrderIdRule("id")).record["pay_method"] == expected


def test_cancels_and_a_full_cancel() -> None:
    cancels = [
        {
            "cancelAmount": 10000,
            "cancelReason": "부분",
            "canceledAt": "2026-10-06T10:00:00+09:00",
            "transactionKey": "t1",
        },
        {
            "cancelAmount": 20000,
            "cancelReason": "전액",
            "canceledAt": "2026-10-07T10:00:00+09:00",
            "transactionKey": "t2",
        },
    ]
    m = map_toss_payment(
        pay(status="CANCELED", balanceAmount=0, cancels=cancels), OrderIdRule("id")
    )
    assert (m.record["cancel_amount"], m.record["cancelled_at"], m.record["cancel_reason"]) == (
        30000,
        1791162000 + 2 * 86400,
        "전액",
    )
    assert [c[2] for c in m.cancels] == [10000, 20000]


def test_cancels_that_do_not_add_up_are_a_breach() -> None:
    cancels = [
        {"cancelAmount": 10000, "canceledAt": "2026-10-06T10:00:00+09:00", "transactionKey": "t1"}
    ]
    with pytest.raises(ContractError, match="balanceAmount"):
        map_toss_payment(
            pay(status="PARTIAL_CANCELED", balanceAmount=25000, cancels=cancels), OrderIdRule("id")
        )


def test_order_id_rule_reads_metadata_and_order_id() -> None:
    assert map_toss_payment(pay(), OrderIdRule.parse("custom:order")).record["order_id"] == "A-9"
    regex = OrderIdRule.parse(r"regex:^(\d{8})-")
    assert map_toss_payment(pay(), regex).record["order_id"] == "20261005"


def test_foreign_currency_is_set_aside() -> None:
    m = map_toss_payment(pay(currency="USD"), OrderIdRule("id"))
    assert m.set_aside_reason == "통화 USD"
