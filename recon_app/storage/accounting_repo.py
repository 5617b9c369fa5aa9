"""A store's KRW sales and cancels as dated events, for the VAT reference and the vouchers.

A sale is a captured payment (paid/cancelled with paid_at set) on its payment day; a cancel is a
row of its cancel history on the day it happened. A payment whose cancel_amount is larger than
its recorded history (payment files without a history) has the rest dated at its cancelled_at
(or, if that is unset, its paid_at), so every won cancelled is counted once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

# Won only, and nothing the sync set aside (a V2 test channel, …: ``payments.set_aside``), the
# same payments reconciliation counts (recon_repo._COUNTED).
_CAPTURED = (
    "p.store_id = :store AND p.currency = 'KRW' AND p.set_aside IS NULL AND p.paid_at > 0 "
    "AND p.status IN ('paid', 'cancelled')"
)
_FIELDS = "p.imp_uid, p.merchant_uid, p.pg_provider, p.emb_pg_provider, p.pay_method"

_SALES = f"""
SELECT {_FIELDS}, p.amount, p.cancel_amount, p.paid_at AS at
FROM payments p WHERE {_CAPTURED} AND p.paid_at >= :start AND p.paid_at < :end
ORDER BY p.paid_at, p.imp_uid
"""
_HISTORY = """COALESCE((SELECT SUM(c2.amount) FROM payment_cancels c2
    WHERE c2.store_id = p.store_id AND c2.imp_uid = p.imp_uid), 0)"""
_CANCELS = f"""
SELECT {_FIELDS}, c.amount, c.cancelled_at AS at
FROM payment_cancels c JOIN payments p ON p.store_id = c.store_id AND p.imp_uid = c.imp_uid
WHERE {_CAPTURED} AND c.cancelled_at >= :start AND c.cancelled_at < :end
UNION ALL
SELECT {_FIELDS}, p.cancel_amount - {_HISTORY} AS amount,
       COALESCE(NULLIF(p.cancelled_at, 0), p.paid_at) AS at
FROM payments p
WHERE {_CAPTURED} AND p.cancel_amount > {_HISTORY}
  AND COALESCE(NULLIF(p.cancelled_at, 0), p.paid_at) >= :start
  AND COALESCE(NULLIF(p.cancelled_at, 0), p.paid_at) < :end
ORDER BY at, imp_uid
"""


def sales(conn: Connection, store_id: int, start: int, end: int) -> list[dict[str, Any]]:
    params = {"store": store_id, "start": start, "end": end}
    return [dict(r) for r in conn.execute(text(_SALES), params).mappings()]


def cancels(conn: Connection, store_id: int, start: int, end: int) -> list[dict[str, Any]]:
    params = {"store": store_id, "start": start, "end": end}
    return [dict(r) for r in conn.execute(text(_CANCELS), params).mappings()]


def store_connection(conn: Connection, name: str) -> tuple[str, str | None] | None:
    """(provider, api_base) of store ``name``, or None if there is no such store."""
    row = conn.execute(
        text("SELECT provider, api_base FROM stores WHERE name = :name"), {"name": name}
    ).first()
    return None if row is None else (str(row[0]), row[1])
