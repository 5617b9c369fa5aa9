"""The demo shop: the committed CP949 export equals a fresh one, and together with the demo
payments it produces every reconciliation status, exactly for the documented order ids."""

from __future__ import annotations

import csv
import io
from collections import defaultdict

from recon_app.domain.timeutil import month_bounds
from recon_app.sandbox.demo import (
    DEMO_MONTH,
    EXPECTED_STATUSES,
    FORMULA_BUYER,
    demo_orders_csv,
    demo_orders_path,
    demo_payments,
    write_demo_orders,
)
from recon_app.sandbox.store import SandboxStore

# The shop's words -> the four order statuses (as the import maps them).
ORDER_STATUS = {
    "결제완료": "paid",
    "배송완료": "paid",
    "구매확정": "paid",
    "입금대기": "awaiting_payment",
    "주문취소": "cancelled",
    "환불완료": "cancelled",
    "부분환불": "partially_refunded",
}
RULES = (
    "duplicate_payment",
    "orphan_payment",
    "vbank_unpaid",
    "missing_payment",
    "pending",
    "cancelled_unpaid",
    "unconfirmed_payment",
    "matched",
    "refund_missing",
    "refund_excess",
    "amount_mismatch",
)


def read_export() -> list[dict[str, str]]:
    text = demo_orders_path().read_bytes().decode("cp949")
    lines = text.splitlines()
    assert lines[0].startswith("[리콘샵] 주문내역")  # title line above the header
    return list(csv.DictReader(io.StringIO("\n".join(lines[1:]))))


def orders_from_export() -> dict[str, dict]:
    """One order per 주문번호 (line items folded), checking order-level fields agree."""
    orders: dict[str, dict] = {}
    for row in read_export():
        fields = {
            k: row[k]
            for k in ("주문일시", "주문상태", "결제수단", "주문자명", "총 결제금액", "환불금액")
        }
        if row["주문번호"] in orders:
            assert orders[row["주문번호"]]["fields"] == fields
            orders[row["주문번호"]]["lines"] += 1
        else:
            orders[row["주문번호"]] = {"fields": fields, "lines": 1}
    return orders


def reconcile(orders: dict[str, dict], payments: list[dict], month: str) -> dict[str, str]:
    """The issue's rules, written out independently of recon_app.domain.reconcile."""
    start, end = month_bounds(month)
    by_merchant: dict[str, list[dict]] = defaultdict(list)
    for p in payments:
        by_merchant[p["merchant_uid"]].append(p)
    result: dict[str, str] = {}
    for order_id, order in orders.items():
        f = order["fields"]
        status = ORDER_STATUS[f["주문상태"]]
        amount = int(f["총 결제금액"])
        refunded = int(f["환불금액"]) if f["환불금액"] else (amount if status == "cancelled" else 0)
        pays = by_merchant.get(order_id, [])
        captured = [p for p in pays if p["paid_at"] > 0 and p["status"] in ("paid", "cancelled")]
        kept = [p["amount"] - p["cancel_amount"] for p in captured]
        pg_kept, pg_cancelled = sum(kept), sum(p["cancel_amount"] for p in captured)
        shop_kept = 0 if status == "awaiting_payment" else amount - refunded
        diff = pg_kept - shop_kept
        if sum(k > 0 for k in kept) >= 2:
            s = "duplicate_payment"
        elif not captured:
            if status in ("paid", "partially_refunded"):
                vbank = any(p["status"] == "ready" and p["pay_method"] == "vbank" for p in pays)
                s = "vbank_unpaid" if vbank else "missing_payment"
            else:
                s = "pending" if status == "awaiting_payment" else "cancelled_unpaid"
        elif status == "awaiting_payment" and pg_kept > 0:
            s = "unconfirmed_payment"
        elif diff == 0:
            s = "matched"
        elif diff > 0 and refunded > pg_cancelled:
            s = "refund_missing"
        elif diff < 0 and pg_cancelled > refunded:
            s = "refund_excess"
        else:
            s = "amount_mismatch"
        result[order_id] = s
    for merchant_uid, pays in by_merchant.items():
        if merchant_uid not in orders and any(
            p["paid_at"] > 0
            and p["status"] in ("paid", "cancelled")
            and start <= p["paid_at"] < end
            for p in pays
        ):
            result[merchant_uid] = "orphan_payment"
    return result


def test_committed_export_equals_a_fresh_generation(tmp_path) -> None:
    assert demo_orders_path().read_bytes() == demo_orders_csv()
    fresh = write_demo_orders(tmp_path / "orders.csv")
    assert fresh.read_bytes() == demo_orders_path().read_bytes()


def test_export_looks_like_a_korean_shop_export() -> None:
    raw = demo_orders_path().read_bytes()
    raw.decode("cp949")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("the export must be CP949, not UTF-8")
    assert b"\r\n" in raw
    rows = read_export()
    assert {
        "주문번호",
        "주문일시",
        "주문상태",
        "결제수단",
        "주문자명",
        "상품명",
        "수량",
        "총 결제금액",
        "환불금액",
    } <= set(rows[0])
    orders = orders_from_export()
    assert 100 <= len(orders) <= 200
    assert sum(o["lines"] > 1 for o in orders.values()) >= 10  # line items on several rows
    assert {o["fields"]["주문상태"] for o in orders.values()} == set(ORDER_STATUS)
    assert any(o["fields"]["주문자명"] == FORMULA_BUYER for o in orders.values())
    assert FORMULA_BUYER.startswith("=")
    assert all(o["fields"]["주문일시"].startswith("2026-10-") for o in orders.values())


def test_demo_data_produces_every_status_for_the_documented_ids() -> None:
    result = reconcile(orders_from_export(), demo_payments(), DEMO_MONTH)
    by_status: dict[str, list[str]] = defaultdict(list)
    for key, status in result.items():
        by_status[status].append(key)
    assert set(by_status) == set(RULES)
    for status, ids in EXPECTED_STATUSES.items():
        assert sorted(by_status[status]) == sorted(ids), status
    matched = by_status["matched"]
    assert len(matched) > 3 * sum(len(v) for v in EXPECTED_STATUSES.values())  # mostly matched


def test_demo_payments_cover_the_awkward_cases() -> None:
    payments = SandboxStore.demo().payments()
    assert 150 <= len(payments) <= 300
    start, end = month_bounds(DEMO_MONTH)
    assert min(p["started_at"] for p in payments) < start - 7 * 86_400
    assert max(p["paid_at"] for p in payments) >= end + 7 * 86_400
    assert {p["pg_provider"] for p in payments} >= {
        "html5_inicis",
        "kcp",
        "nice_v2",
        "danal_tpay",
        "kakaopay",
        "tosspayments",
        "naverpay",
    }
    assert {p["pay_method"] for p in payments} >= {
        "card",
        "trans",
        "vbank",
        "phone",
        "point",
        "kakaopay",
    }
    # October payments refunded in November
    assert any(
        start <= p["paid_at"] < end and p["cancelled_at"] >= end and p["status"] == "cancelled"
        for p in payments
    )
    assert any(
        p["status"] == "paid" and p["cancel_amount"] > 0 and len(p["cancel_history"]) == 1
        for p in payments
    )
    assert any(
        p["status"] == "ready" and p["pay_method"] == "vbank" and p["vbank_date"] > 0
        for p in payments
    )
    assert any(p["status"] == "ready" and p["pay_method"] != "vbank" for p in payments)  # abandoned
    assert any(
        p["status"] == "failed"
        and p["pg_provider"] == "html5_inicis"
        and "사용자가 결제를 취소" in p["fail_reason"]
        for p in payments
    )
    by_merchant: dict[str, list[dict]] = defaultdict(list)
    for p in payments:
        by_merchant[p["merchant_uid"]].append(p)
    assert any(
        sorted(q["status"] for q in g) == ["failed", "paid"] for g in by_merchant.values()
    )  # retry
    assert any(
        sum(q["status"] == "paid" for q in g) >= 2 for g in by_merchant.values()
    )  # duplicate
    assert any(
        p["pay_method"] == "vbank" and p["paid_at"] - p["started_at"] > 86_400 for p in payments
    )  # late deposit
    card = [p for p in payments if p["pay_method"] == "card" and p["card_number"]]
    assert card and all(
        len(p["card_number"]) == 16 and p["card_number"][8:12] == "****" for p in card
    )
    assert all(p["sandbox"] is False and isinstance(p["amount"], int) for p in payments)


def test_demo_store_is_fixed() -> None:
    assert SandboxStore.demo().payments() == SandboxStore.demo().payments()
