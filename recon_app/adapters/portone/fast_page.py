"""A well-formed page of payments decoded and type-checked in one C pass (msgspec).

Why: a sync is CPU-bound once requests run in parallel — at 100k payments the client spent
~1.3 s in ``json.loads`` and ~2 s in ``schema.parse_payment``'s per-field checks, on the same
two cores the GIL and SQLite share. msgspec decodes straight into typed structs, checking the
JSON types as it goes, so only the value checks (ranges, non-blank ids, card masking) stay in
Python.

This is only a fast path. Anything it does not accept — a float amount, a missing field, an
unknown status, a number too big for int64, bad JSON — makes ``decode_page`` return None, and
the caller decodes the same bytes the careful way (``schema.loads`` + ``parse_payment``), which
gives the exact result or names the exact problem. ``tests/adapters/portone/test_fast_page.py``
checks that both paths give equal rows on real and mutated pages.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Literal

import msgspec

from recon_app.adapters.portone.schema import (
    _MAX_AMOUNT,
    _MAX_TS,
    _OPTIONAL_TEXT,
    _TIMESTAMPS,
    ParsedPayment,
    _parse_cancels,
    masked_card_number,
)

_Text = str | None
_Time = int | None


class _Cancel(msgspec.Struct):
    amount: int
    cancelled_at: int
    pg_tid: _Text = None
    reason: _Text = None
    cancellation_id: _Text = None
    receipt_url: _Text = None


class _Payment(msgspec.Struct):
    imp_uid: str
    merchant_uid: str
    status: Literal["ready", "paid", "cancelled", "failed"]
    currency: Literal["KRW"]
    amount: int
    cancel_amount: int
    sandbox: bool | None = False
    card_quota: int | None = None
    cancel_history: list[_Cancel] | None = None
    pay_method: _Text = None
    pg_provider: _Text = None
    emb_pg_provider: _Text = None
    pg_tid: _Text = None
    channel: _Text = None
    name: _Text = None
    buyer_name: _Text = None
    buyer_email: _Text = None
    buyer_tel: _Text = None
    card_name: _Text = None
    card_number: _Text = None
    apply_num: _Text = None
    vbank_name: _Text = None
    vbank_num: _Text = None
    fail_reason: _Text = None
    cancel_reason: _Text = None
    receipt_url: _Text = None
    started_at: _Time = None
    paid_at: _Time = None
    failed_at: _Time = None
    cancelled_at: _Time = None
    vbank_date: _Time = None


class _PageBody(msgspec.Struct):
    total: int
    previous: int
    next: int
    items: list[_Payment] = msgspec.field(name="list")


class _Envelope(msgspec.Struct):
    code: int
    response: _PageBody
    message: _Text = None


_DECODER = msgspec.json.Decoder(_Envelope)
_ATTRS = (*_OPTIONAL_TEXT, *_TIMESTAMPS)
_ATTR_VALUES = attrgetter(*_ATTRS)  # one C call for the 22 plain fields


def decode_page(content: bytes) -> dict[str, Any] | None:
    """The envelope of a ``/payments/status/*`` answer with its list already parsed into
    ``ParsedPayment``s, or None to send the caller down the careful path."""
    try:
        envelope = _DECODER.decode(content)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return None
    if envelope.code != 0:
        return None  # the careful path raises the API error with its message
    body = envelope.response
    parsed = []
    for p in body.items:
        item = _parsed(p)
        if item is None:
            return None
        parsed.append(item)
    return {
        "code": 0,
        "message": envelope.message,
        "response": {
            "total": body.total,
            "previous": body.previous,
            "next": body.next,
            "list": parsed,
        },
    }


def _parsed(p: _Payment) -> ParsedPayment | None:
    """``parse_payment``'s fast path on a typed struct: the value checks JSON types can't say."""
    uid = p.imp_uid
    amount, cancel_amount, quota = p.amount, p.cancel_amount, p.card_quota
    if not (uid.strip() and p.merchant_uid.strip() and 0 <= cancel_amount <= amount <= _MAX_AMOUNT):
        return None
    if quota is not None and quota < 0:
        return None
    row = dict(zip(_ATTRS, _ATTR_VALUES(p), strict=True))
    for f in _TIMESTAMPS:
        v = row[f]
        if v is None:
            row[f] = 0
        elif not 0 <= v <= _MAX_TS:
            return None
    cancels: list[tuple[Any, ...]] = []
    if p.cancel_history:
        cancels = _parse_cancels([msgspec.structs.asdict(c) for c in p.cancel_history], uid, "KRW")
    row.update(
        imp_uid=uid,
        merchant_uid=p.merchant_uid,
        status=p.status,
        currency="KRW",
        amount=amount,
        cancel_amount=cancel_amount,
        sandbox=bool(p.sandbox),
        card_quota=quota,
    )
    card = row["card_number"]
    if card is not None and "*" not in card:
        row["card_number"] = masked_card_number(card)
    return ParsedPayment(row=row, cancels=cancels)
