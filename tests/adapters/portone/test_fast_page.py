"""The msgspec fast path gives the careful path's rows, or steps aside (None) for it."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon_app.adapters.portone import schema
from recon_app.adapters.portone.fast_page import decode_page
from recon_app.sandbox.demo import demo_payments


def _page(payments: list[Any], **response: Any) -> bytes:
    body = {"total": len(payments), "previous": 0, "next": 0, "list": payments, **response}
    return json.dumps({"code": 0, "message": None, "response": body}, ensure_ascii=False).encode()


def _careful(content: bytes) -> list[schema.ParsedPayment]:
    body = schema.loads(content)
    return [schema.parse_payment(p, index=i) for i, p in enumerate(body["response"]["list"])]


def _rows(parsed: list[schema.ParsedPayment]) -> list[tuple[dict[str, Any], list[tuple[Any, ...]]]]:
    return [(p.row, p.cancels) for p in parsed]


def test_demo_store_pages_decode_to_the_careful_rows() -> None:
    payments = demo_payments()
    assert any(p.get("cancel_history") for p in payments) and any(
        p["status"] == "ready" for p in payments
    )
    for start in range(0, len(payments), 100):
        content = _page(payments[start : start + 100])
        fast = decode_page(content)
        assert fast is not None, "every demo payment is well formed: the fast path must take it"
        assert _rows(fast["response"]["list"]) == _rows(_careful(content))
        assert {k: fast["response"][k] for k in ("total", "previous", "next")} == {
            "total": len(payments[start : start + 100]),
            "previous": 0,
            "next": 0,
        }


def _with(field: str, value: Any) -> list[Any]:
    p = copy.deepcopy(demo_payments()[0])
    if value is _DROP:
        p.pop(field, None)
    else:
        p[field] = value
    return [p]


_DROP = object()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", 1000.0),  # a float amount: the careful path decides (Decimal, exact)
        ("amount", True),
        ("amount", 2**70),
        ("amount", -1),
        ("cancel_amount", 10**16),
        ("currency", "USD"),
        ("status", "weird"),
        ("imp_uid", "   "),
        ("merchant_uid", _DROP),
        ("paid_at", -5),
        ("paid_at", 10**13),
        ("buyer_name", 123),
        ("card_quota", -1),
        ("sandbox", "yes"),
        ("cancel_history", [{"amount": 1.5, "cancelled_at": 1}]),
        ("cancel_history", "nope"),
    ],
)
def test_anything_unusual_steps_aside_for_the_careful_path(field: str, value: Any) -> None:
    assert decode_page(_page(_with(field, value))) is None


def test_unmasked_card_number_is_masked_like_the_careful_path() -> None:
    content = _page(_with("card_number", "1234567812345678"))
    fast = decode_page(content)
    assert fast is not None
    assert _rows(fast["response"]["list"]) == _rows(_careful(content))
    card = fast["response"]["list"][0].row["card_number"]
    assert "*" in card and "56781234" not in card  # the middle digits never reach the ledger


def test_api_errors_and_bad_json_step_aside() -> None:
    assert decode_page(b'{"code":-1,"message":"no","response":null}') is None
    assert (
        decode_page(b'{"code":0,"response":{"total":1,"previous":0,"next":0,"list":[NaN]}}') is None
    )
    assert decode_page(b"<html>502</html>") is None


_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**65), 2**65),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(demo_payments()[0].keys())), _values)
def test_any_single_field_change_agrees_or_steps_aside(field: str, value: Any) -> None:
    content = _page(_with(field, value))
    fast = decode_page(content)
    if fast is None:
        return
    assert _rows(fast["response"]["list"]) == _rows(_careful(content))
