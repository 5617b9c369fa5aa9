from __future__ import annotations

import json
from decimal import Decimal

import pytest

from recon_app.adapters.portone import schema
from recon_app.adapters.portone.errors import ContractError


def payment(**over):
    base = {
        "imp_uid": "imp_100",
        "merchant_uid": "order-1",
        "amount": 15000,
        "cancel_amount": 0,
        "currency": "KRW",
        "status": "paid",
        "sandbox": False,
        "pay_method": "card",
        "pg_provider": "kcp",
        "card_number": "5365-10**-****-1234",
        "card_quota": 0,
        "started_at": 1790000000,
        "paid_at": 1790000100,
        "failed_at": 0,
        "cancelled_at": 0,
        "buyer_name": "홍길동",
        "cancel_history": [],
    }
    base.update(over)
    return base


def test_amounts_from_json_are_exact_ints():
    p = schema.loads('{"amount": 1000000000000.0, "cancel_amount": 1E+3}')
    assert isinstance(p["amount"], Decimal)
    parsed = schema.parse_payment(payment(amount=p["amount"], cancel_amount=p["cancel_amount"]))
    assert parsed.row["amount"] == 1_000_000_000_000 and type(parsed.row["amount"]) is int
    assert parsed.row["cancel_amount"] == 1000


def test_non_integral_krw_is_refused_naming_field_and_uid():
    p = schema.loads(json.dumps(payment()).replace('"amount": 15000', '"amount": 15000.5'))
    with pytest.raises(schema.SchemaError) as err:
        schema.parse_payment(p)
    assert err.value.field == "amount" and err.value.imp_uid == "imp_100"
    assert "imp_100" in str(err.value) and "amount" in str(err.value) and "정수" in str(err.value)


def test_usd_is_stored_in_cents():
    p = schema.parse_payment(
        payment(currency="usd", amount=Decimal("12.34"), cancel_amount=Decimal("0.5"))
    )
    assert p.row["currency"] == "USD" and p.row["amount"] == 1234 and p.row["cancel_amount"] == 50


@pytest.mark.parametrize(
    "field", ["imp_uid", "merchant_uid", "amount", "cancel_amount", "currency", "status"]
)
def test_required_fields(field):
    p = payment()
    del p[field]
    with pytest.raises(schema.SchemaError) as err:
        schema.parse_payment(p, index=4)
    assert err.value.field == field
    if field != "imp_uid":
        assert err.value.imp_uid == "imp_100"
    else:
        assert "5번째" in str(err.value)


@pytest.mark.parametrize(
    "field,value",
    [
        ("status", "partial_cancelled"),
        ("amount", "15000"),
        ("amount", True),
        ("paid_at", "2026-10-01"),
        ("paid_at", -5),
        ("buyer_name", 12),
        ("sandbox", "no"),
        ("card_quota", "3"),
        ("cancel_history", {"amount": 1}),
        ("merchant_uid", ""),
    ],
)
def test_wrong_types_and_values(field, value):
    with pytest.raises(schema.SchemaError) as err:
        schema.parse_payment(payment(**{field: value}))
    assert err.value.field == field


def test_cancel_amount_above_amount_is_refused():
    with pytest.raises(schema.SchemaError, match="취소액"):
        schema.parse_payment(payment(cancel_amount=20000))


def test_zero_and_null_timestamps_mean_not_set():
    row = schema.parse_payment(payment(failed_at=None, vbank_date=None, started_at=0)).row
    assert row["failed_at"] == 0 and row["vbank_date"] == 0 and row["started_at"] == 0


def test_cancel_history_rows():
    p = payment(
        status="paid",
        cancel_amount=3000,
        cancel_history=[
            {
                "pg_tid": "t1",
                "amount": 1000,
                "cancelled_at": 1790001000,
                "reason": "부분",
                "cancellation_id": "c1",
            },
            {
                "pg_tid": "t2",
                "amount": Decimal("2000"),
                "cancelled_at": 1790002000,
                "reason": "부분2",
                "cancellation_id": "c2",
                "receipt_url": "https://r",
            },
        ],
    )
    parsed = schema.parse_payment(p)
    assert parsed.cancels == [
        (0, "t1", 1000, 1790001000, "부분", "c1", None),
        (1, "t2", 2000, 1790002000, "부분2", "c2", "https://r"),
    ]
    assert len(schema.CANCEL_FIELDS) == len(parsed.cancels[0])


def test_cancel_history_bad_amount_names_entry():
    with pytest.raises(schema.SchemaError) as err:
        schema.parse_payment(
            payment(cancel_history=[{"amount": Decimal("0.5"), "cancelled_at": 1}])
        )
    assert err.value.field == "cancel_history[0].amount"


def test_masked_card_number_kept_full_number_masked():
    assert schema.parse_payment(payment()).row["card_number"] == "5365-10**-****-1234"
    assert (
        schema.parse_payment(payment(card_number="5365101234561234")).row["card_number"]
        == "536510******1234"
    )
    assert schema.masked_card_number(None) is None


def test_row_has_every_ledger_field():
    row = schema.parse_payment(payment()).row
    assert set(row) == set(schema.PAYMENT_FIELDS)
    assert schema.PAYMENT_FIELDS[0] == "imp_uid"


def test_loads_refuses_nan():
    with pytest.raises(ValueError):
        schema.loads('{"amount": NaN}')


def test_as_contract_error_names_field_and_uid():
    exc = schema.SchemaError("status", "imp_9", "bad").as_contract_error("구간 X")
    assert isinstance(exc, ContractError) and exc.field == "status" and exc.imp_uid == "imp_9"
    assert "imp_9" in str(exc) and "구간 X" in str(exc)


def page(**over):
    base = {"total": 3, "previous": 0, "next": 2, "list": [payment(), payment(imp_uid="imp_2")]}
    base.update(over)
    return base


def test_page_ok():
    p = schema.parse_page(page(), page=1, limit=2, where="w")
    assert (p.total, p.next, len(p.items)) == (3, 2, 2)


@pytest.mark.parametrize(
    "over,field",
    [
        ({"next": 5}, "next"),
        ({"next": 1}, "next"),
        ({"total": -1}, "total"),
        ({"total": "3"}, "total"),
        ({"list": None}, "list"),
        ({"list": [1, 2, 3]}, "list"),
        ({"list": [], "next": 2}, "next"),
        ({"list": [], "next": 0, "total": 5}, "total"),
    ],
)
def test_absurd_pages(over, field):
    with pytest.raises(ContractError) as err:
        schema.parse_page(page(**over), page=1, limit=2, where="w")
    assert err.value.field == field


def test_token_body():
    t = schema.parse_token({"access_token": "abc", "expired_at": 2000, "now": 200}, "x")
    assert (t.access_token, t.expired_at, t.now) == ("abc", 2000, 200)
    with pytest.raises(ContractError):
        schema.parse_token({"access_token": "abc", "expired_at": "2000", "now": 200}, "x")


@pytest.mark.parametrize(
    "doc",
    [
        [{"imp_uid": "a"}],
        {"list": [{"imp_uid": "a"}]},
        {"code": 0, "message": "", "response": {"list": [{"imp_uid": "a"}], "total": 1}},
        {"code": 0, "message": "", "response": [{"imp_uid": "a"}]},
        {"imp_uid": "a"},
    ],
)
def test_documents(doc):
    assert [p["imp_uid"] for p in schema.payments_from_document(doc)] == ["a"]


def test_document_without_payments():
    with pytest.raises(ValueError, match="결제 목록"):
        schema.payments_from_document({"foo": 1})
