"""Put orders, payments and cancellations straight into a real ledger file.

Order import and payment sync are built by other people at the same time; reconciliation tests
must not wait for them, so they write rows the way those services will: raw ``executemany``
inside one ``ledger.write()`` transaction, with every NOT NULL column filled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from recon_app.domain.timeutil import KST
from recon_app.storage.db import Ledger, raw
from recon_app.storage.stores import store_id

NOW = 1_790_000_000


def kst(text: str) -> int:
    """``"2026-10-05 12:00"`` (KST) → unix seconds."""
    fmt = (
        "%Y-%m-%d %H:%M:%S"
        if text.count(":") == 2
        else "%Y-%m-%d %H:%M"
        if ":" in text
        else "%Y-%m-%d"
    )
    return int(datetime.strptime(text, fmt).replace(tzinfo=KST).timestamp())


IN_MONTH = kst("2026-10-15 12:00")  # default time: inside the test month 2026-10


def order(
    order_id: str,
    amount: int,
    status: str = "paid",
    *,
    refunded_amount: int | None = None,
    ordered_at: int = IN_MONTH,
    pay_method: str | None = "card",
    buyer_name: str | None = "홍길동",
) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "ordered_at": ordered_at,
        "amount": amount,
        "status": status,
        "refunded_amount": refunded_amount,
        "pay_method": pay_method,
        "buyer_name": buyer_name,
    }


def payment(
    imp_uid: str,
    merchant_uid: str,
    amount: int,
    status: str = "paid",
    *,
    cancel_amount: int = 0,
    paid_at: int | None = None,
    pay_method: str | None = "card",
    pg_provider: str | None = "tosspayments",
    buyer_name: str | None = "홍길동",
) -> dict[str, Any]:
    """A PortOne payment row; ``paid_at`` defaults to IN_MONTH for paid/cancelled, else 0."""
    if paid_at is None:
        paid_at = IN_MONTH if status in ("paid", "cancelled") else 0
    return {
        "imp_uid": imp_uid,
        "merchant_uid": merchant_uid,
        "status": status,
        "pay_method": pay_method,
        "pg_provider": pg_provider,
        "amount": amount,
        "cancel_amount": cancel_amount,
        "paid_at": paid_at,
        "cancelled_at": paid_at + 60 if cancel_amount else 0,
        "buyer_name": buyer_name,
    }


_ORDER_SQL = """
INSERT INTO orders (store_id, order_id, ordered_at, amount, status, refunded_amount, pay_method,
                    buyer_name, batch_id, updated_at)
VALUES (:store_id, :order_id, :ordered_at, :amount, :status, :refunded_amount, :pay_method,
        :buyer_name, NULL, :updated_at)
"""

_PAYMENT_SQL = """
INSERT INTO payments (store_id, imp_uid, merchant_uid, status, pay_method, pg_provider,
    emb_pg_provider, pg_tid, channel, currency, amount, cancel_amount, name, buyer_name,
    buyer_email, buyer_tel, card_name, card_number, card_quota, apply_num, vbank_name, vbank_num,
    vbank_date, started_at, paid_at, failed_at, cancelled_at, fail_reason, cancel_reason,
    receipt_url, sandbox, synced_at)
VALUES (:store_id, :imp_uid, :merchant_uid, :status, :pay_method, :pg_provider,
    NULL, NULL, 'pc', 'KRW', :amount, :cancel_amount, '상품', :buyer_name,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    NULL, :started_at, :paid_at, 0, :cancelled_at, NULL, NULL,
    NULL, 1, :synced_at)
"""

_CANCEL_SQL = """
INSERT INTO payment_cancels (store_id, imp_uid, seq, pg_tid, amount, cancelled_at, reason,
                             cancellation_id, receipt_url)
VALUES (:store_id, :imp_uid, :seq, NULL, :amount, :cancelled_at, :reason, NULL, NULL)
"""


def add_orders(ledger: Ledger, rows: Iterable[Mapping[str, Any]], store: str = "default") -> int:
    with ledger.write() as conn:
        sid = store_id(conn, store)
        params = [{**r, "store_id": sid, "updated_at": NOW} for r in rows]
        raw(conn).executemany(_ORDER_SQL, params)
    return len(params)


def add_payments(ledger: Ledger, rows: Iterable[Mapping[str, Any]], store: str = "default") -> int:
    with ledger.write() as conn:
        sid = store_id(conn, store)
        params = [
            {**r, "store_id": sid, "started_at": r["paid_at"] or IN_MONTH, "synced_at": NOW}
            for r in rows
        ]
        raw(conn).executemany(_PAYMENT_SQL, params)
    return len(params)


def add_cancels(ledger: Ledger, rows: Iterable[Mapping[str, Any]], store: str = "default") -> int:
    """rows: imp_uid, seq, amount, cancelled_at, reason."""
    with ledger.write() as conn:
        sid = store_id(conn, store)
        params = [{"reason": None, **r, "store_id": sid} for r in rows]
        raw(conn).executemany(_CANCEL_SQL, params)
    return len(params)
