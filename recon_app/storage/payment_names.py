"""Canonical payment names and the ledger's V1-era columns, mapped in this one place.

New code speaks of ``payment_id`` (the payment's id at its provider: V1 ``imp_uid`` = V2
``transactionId``, Toss ``paymentKey``), ``order_id`` (the shop's order id: V1 ``merchant_uid``)
and ``provider``. The ledger still calls the first two ``imp_uid``/``merchant_uid`` (the columns
of revision 0001); the ledger-wide rename is a later revision of its own. Until then every
canonical record goes through ``ledger_row`` on its way into ``payments``, and renaming the
columns means changing ``LEDGER_COLUMNS`` (and the queries written against ``tables.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: canonical field -> ``payments`` column (only the names that differ).
LEDGER_COLUMNS: dict[str, str] = {"payment_id": "imp_uid", "order_id": "merchant_uid"}
#: ``payments`` column -> canonical field.
CANONICAL_FIELDS: dict[str, str] = {v: k for k, v in LEDGER_COLUMNS.items()}


def ledger_column(field: str) -> str:
    return LEDGER_COLUMNS.get(field, field)


def ledger_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """A canonical payment record as a ``payments`` row."""
    return {LEDGER_COLUMNS.get(k, k): v for k, v in record.items()}


def canonical_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A ``payments`` row under canonical names."""
    return {CANONICAL_FIELDS.get(k, k): v for k, v in row.items()}
