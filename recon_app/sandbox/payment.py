"""The V1 Payment object (``PaymentAnnotation``) as plain dicts, exactly as the API sends it.

Every property of the schema is present on every payment; the ones that do not apply are ``null``
(the real API does the same), except the three status times, which are ``0`` when not set (the
spec says so), and ``cancel_history`` / ``cancel_receipt_urls``, which are always lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

STATUSES = ("ready", "paid", "cancelled", "failed")

# Key order follows the schema's Payment definition so a dumped payment reads like the docs.
FIELDS: tuple[str, ...] = (
    "imp_uid",
    "merchant_uid",
    "pay_method",
    "channel",
    "pg_provider",
    "emb_pg_provider",
    "pg_tid",
    "pg_id",
    "sandbox",
    "escrow",
    "apply_num",
    "bank_code",
    "bank_name",
    "card_code",
    "card_name",
    "card_issuer_code",
    "card_issuer_name",
    "card_publisher_code",
    "card_publisher_name",
    "card_quota",
    "card_number",
    "card_type",
    "vbank_code",
    "vbank_name",
    "vbank_num",
    "vbank_holder",
    "vbank_date",
    "vbank_issued_at",
    "name",
    "amount",
    "cancel_amount",
    "currency",
    "buyer_name",
    "buyer_email",
    "buyer_tel",
    "buyer_addr",
    "buyer_postcode",
    "custom_data",
    "user_agent",
    "status",
    "started_at",
    "paid_at",
    "failed_at",
    "cancelled_at",
    "fail_reason",
    "cancel_reason",
    "receipt_url",
    "cancel_history",
    "deposit_history",
    "cancel_receipt_urls",
    "cash_receipt_issued",
    "customer_uid",
    "customer_uid_usage",
    "promotion",
)

TEMPLATE: dict[str, Any] = dict.fromkeys(FIELDS)
TEMPLATE.update(
    sandbox=False,
    escrow=False,
    cancel_amount=0,
    currency="KRW",
    status="ready",
    started_at=0,
    paid_at=0,
    failed_at=0,
    cancelled_at=0,
    vbank_date=0,
    vbank_issued_at=0,
    card_quota=0,
    cash_receipt_issued=False,
)

CANCEL_FIELDS = ("pg_tid", "amount", "cancelled_at", "reason", "cancellation_id", "receipt_url")


def complete(fields: Mapping[str, Any], *, now: int) -> dict[str, Any]:
    """A full payment from ``fields``: unknown keys refused, missing ones defaulted.

    A ``paid`` payment without ``paid_at`` is paid ``now``; likewise for failed/cancelled, and
    ``started_at`` defaults to the earliest time given. Lists are copied so the caller's
    objects never alias the store's.
    """
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown Payment fields: {sorted(unknown)}")
    for key in ("imp_uid", "merchant_uid", "amount"):
        if fields.get(key) in (None, ""):
            raise ValueError(f"payment needs {key}")
    p = dict(TEMPLATE)
    p.update(fields)
    if p["status"] not in STATUSES:
        raise ValueError(f"bad status {p['status']!r}")
    time_field = {"paid": "paid_at", "failed": "failed_at", "cancelled": "cancelled_at"}
    if p["status"] in time_field and not p[time_field[p["status"]]]:
        p[time_field[p["status"]]] = now
    if not p["started_at"]:
        times = [t for t in (p["paid_at"], p["failed_at"], p["cancelled_at"]) if t]
        p["started_at"] = min(times) if times else now
    p["cancel_history"] = [dict(c) for c in (p["cancel_history"] or [])]
    p["cancel_receipt_urls"] = list(p["cancel_receipt_urls"] or [])
    if p["status"] == "cancelled" and not p["cancel_amount"]:
        p["cancel_amount"] = p["amount"]
    return p


def status_time(p: Mapping[str, Any]) -> int:
    """The time from/to filter on: the timestamp of the payment's CURRENT status."""
    status = p["status"]
    if status == "paid":
        return p["paid_at"]
    if status == "cancelled":
        return p["cancelled_at"]
    if status == "failed":
        return p["failed_at"]
    return p["started_at"]


def updated_time(p: Mapping[str, Any]) -> int:
    """Last modification (``sorting=updated``): the latest of every event time on the payment."""
    t = max(p["started_at"], p["paid_at"], p["failed_at"], p["cancelled_at"])
    for c in p["cancel_history"]:
        if c["cancelled_at"] > t:
            t = c["cancelled_at"]
    return t


def with_cancel(p: Mapping[str, Any], amount: int | None, at: int, reason: str) -> dict[str, Any]:
    """``p`` after a cancel of ``amount`` (None = the remaining balance) at ``at``: a new dict.

    A partial cancel keeps the payment ``paid`` with a larger cumulative ``cancel_amount`` and a
    new ``cancel_history`` entry; once the cancels add up to the amount it becomes ``cancelled``
    with ``cancelled_at`` = the last cancel's time and ``cancel_reason`` set.
    """
    if p["status"] != "paid":
        raise ValueError(f"{p['imp_uid']} is {p['status']}; only paid payments can be cancelled")
    balance = p["amount"] - p["cancel_amount"]
    amount = balance if amount is None else amount
    if not 0 < amount <= balance:
        raise ValueError(f"cancel amount {amount} not in 1..{balance} for {p['imp_uid']}")
    n = len(p["cancel_history"]) + 1
    receipt = f"{p['receipt_url']}&cancel={n}" if p["receipt_url"] else None
    entry = {
        "pg_tid": f"{p['pg_tid'] or p['imp_uid']}C{n:02d}",
        "amount": amount,
        "cancelled_at": at,
        "reason": reason,
        "cancellation_id": f"cancel_{p['imp_uid'][4:]}_{n}",
        "receipt_url": receipt,
    }
    new = dict(p)
    new["cancel_amount"] = p["cancel_amount"] + amount
    new["cancel_history"] = [*p["cancel_history"], entry]
    new["cancel_receipt_urls"] = [*p["cancel_receipt_urls"], *([receipt] if receipt else [])]
    if new["cancel_amount"] >= new["amount"]:
        new["status"] = "cancelled"
        new["cancelled_at"] = at
        new["cancel_reason"] = reason
    return new


def with_deposit(p: Mapping[str, Any], at: int) -> dict[str, Any]:
    """A virtual account (``ready`` vbank payment) after its deposit arrived: ``paid``."""
    if p["status"] != "ready" or p["pay_method"] != "vbank":
        raise ValueError(f"{p['imp_uid']} is not an unpaid virtual account")
    return dict(p, status="paid", paid_at=at)


def with_failure(p: Mapping[str, Any], at: int, reason: str) -> dict[str, Any]:
    """A ``ready`` payment after it failed (window closed, card declined, ...)."""
    if p["status"] != "ready":
        raise ValueError(f"{p['imp_uid']} is {p['status']}; only ready payments can fail")
    return dict(p, status="failed", failed_at=at, fail_reason=reason)
