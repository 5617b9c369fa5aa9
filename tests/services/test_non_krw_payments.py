"""Money of another currency is never summed or shown as won (issue 17).

A USD payment of 12.50 is stored as 1250 (cents) with its currency. The month's reconcile keeps
it out of every KRW figure (no orphan row "PG 결제 1,250원", no order matched with it), lists it
apart (``non_krw_payments`` in the JSON, a line in the summary) with its amount in its currency.
Everything goes through the real import services and a ledger file on disk.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from ledger_builders import kst

from recon_app.services.exporting import export_json
from recon_app.services.importing import import_orders
from recon_app.services.payments_import import import_payments_file
from recon_app.services.reconciling import explain_row, reconcile_month
from recon_app.storage.db import Ledger

PAID_AT = kst("2026-10-15 12:00")


def pay(uid: str, merchant_uid: str, amount: object, currency: str = "KRW") -> dict[str, object]:
    return {
        "imp_uid": uid,
        "merchant_uid": merchant_uid,
        "amount": amount,
        "cancel_amount": 0,
        "currency": currency,
        "status": "paid",
        "pay_method": "card",
        "pg_provider": "kcp",
        "paid_at": PAID_AT,
        "cancel_history": [],
    }


def seed(ledger: Ledger, tmp_path: Path) -> None:
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "주문번호,주문일시,결제금액,주문상태\n"
        "A-1,2026-10-15 11:00:00,12000,결제완료\n"
        "A-2,2026-10-15 11:30:00,13000,결제완료\n",
        encoding="utf-8",
    )
    import_orders(ledger, orders)
    items = [
        pay("imp_krw", "A-1", 12000),
        pay("imp_usd_orphan", "m-usd", Decimal("12.50"), "USD"),
        pay("imp_usd_order", "A-2", Decimal("9.99"), "USD"),
    ]
    text = json.dumps(items, default=str)
    for number in ("12.50", "9.99"):
        text = text.replace(f'"{number}"', number)  # JSON numbers, as the API sends them
    payments = tmp_path / "payments.json"
    payments.write_text(text, encoding="utf-8")
    import_payments_file(ledger, payments)


def test_foreign_money_stays_out_of_the_won_figures(ledger: Ledger, tmp_path: Path) -> None:
    seed(ledger, tmp_path)
    result = reconcile_month(ledger, "2026-10")
    rows = result.rows.set_index("row_key")
    assert set(rows.index) == {"A-1", "A-2"}  # no orphan row for the USD payment
    assert (rows.loc["A-1", "paid_amount"], rows.loc["A-2", "paid_amount"]) == (12000, 0)
    assert rows.loc["A-2", "payment_count"] == 0  # 9.99 USD is not a payment of 13,000 won
    assert result.summary.gross == 12000
    assert result.summary.orphan_payments == 0
    assert result.fee_lines["imp_uid"].tolist() == ["imp_krw"]


def test_foreign_money_is_listed_in_its_own_currency(ledger: Ledger, tmp_path: Path) -> None:
    seed(ledger, tmp_path)
    result = reconcile_month(ledger, "2026-10")
    listed = [(p["imp_uid"], p["currency"], p["amount"]) for p in result.non_krw_payments]
    assert listed == [("imp_usd_orphan", "USD", "12.50"), ("imp_usd_order", "USD", "9.99")]
    text = "\n".join(result.summary_lines())
    assert "원화가 아닌 결제 2건" in text and "imp_usd_orphan 12.50 USD" in text, text
    assert "1,250" not in text and "999원" not in text, text
    out = export_json(result, tmp_path / "r.json")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [p["amount"] for p in doc["non_krw_payments"]] == ["12.50", "9.99"]
    assert doc["non_krw_payments"][0] == {
        "imp_uid": "imp_usd_orphan",
        "merchant_uid": "m-usd",
        "status": "paid",
        "currency": "USD",
        "amount": "12.50",
        "cancel_amount": "0.00",
        "paid_at": "2026-10-15 12:00:00",
    }
    assert doc["summary"]["gross"] == 12000


def test_the_order_detail_shows_the_foreign_payment_in_its_currency(
    ledger: Ledger, tmp_path: Path
) -> None:
    seed(ledger, tmp_path)
    result = reconcile_month(ledger, "2026-10")
    detail = explain_row(ledger, result, "A-2")
    (usd,) = detail.payments
    assert (usd["imp_uid"], usd["amount"], usd["cancel_amount"]) == (
        "imp_usd_order",
        "9.99 USD",
        "0.00 USD",
    )
    assert usd["fee"] is None and detail.fees == []
    assert detail.fee_steps == ["[imp_usd_order] USD 결제: 원화 대사와 수수료 계산에서 뺐습니다"]
