from __future__ import annotations

import io
import json
import sqlite3
from decimal import Decimal

import pytest

from recon_app.domain.errors import InputError
from recon_app.services.payments_import import (
    HEAD_BYTES,
    import_payments_file,
    read_payment_bytes,
)


def pay(uid, **over):
    p = {
        "imp_uid": uid,
        "merchant_uid": "m-" + uid,
        "amount": 12000,
        "cancel_amount": 0,
        "currency": "KRW",
        "status": "paid",
        "sandbox": False,
        "paid_at": 1790000000,
        "started_at": 1789990000,
        "failed_at": 0,
        "cancelled_at": 0,
        "cancel_history": [],
    }
    p.update(over)
    return p


def write(tmp_path, doc, name="payments.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("shape", ["list", "list_obj", "envelope"])
def test_shapes_and_upsert(ledger, tmp_path, shape):
    cancel = [
        {
            "pg_tid": "c",
            "amount": 2000,
            "cancelled_at": 1790000500,
            "reason": "부분",
            "cancellation_id": "x",
        }
    ]
    items = [pay("imp_1"), pay("imp_2", cancel_amount=2000, cancel_history=cancel)]
    doc = {
        "list": items,
        "list_obj": {"list": items},
        "envelope": {
            "code": 0,
            "message": None,
            "response": {"total": 2, "next": 0, "previous": 0, "list": items},
        },
    }[shape]
    report = import_payments_file(ledger, write(tmp_path, doc), "shop")
    assert (report.payments, report.inserted, report.updated, report.unchanged, report.cancels) == (
        2,
        2,
        0,
        0,
        1,
    )
    again = import_payments_file(ledger, write(tmp_path, doc), "shop")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    db = sqlite3.connect(ledger.path)
    assert db.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 2
    assert db.execute("SELECT amount FROM payment_cancels").fetchall() == [(2000,)]
    assert (
        db.execute("SELECT kind, records FROM import_batches").fetchall() == [("payments", 2)] * 2
    )
    assert any("추가 2" in line for line in report.summary_lines())


def test_bad_payment_writes_nothing_and_names_it(ledger, tmp_path):
    path = tmp_path / "p.json"
    path.write_text(
        "["
        + json.dumps(pay("imp_ok"))
        + ","
        + json.dumps(pay("imp_bad")).replace('"amount": 12000', '"amount": 12000.5')
        + "]"
    )
    with pytest.raises(InputError) as err:
        import_payments_file(ledger, path)
    text = str(err.value)
    assert "p.json" in text and "2번째" in text and "imp_bad" in text and "amount" in text
    assert sqlite3.connect(ledger.path).execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 0


@pytest.mark.parametrize(
    "content,needle",
    [
        (b"{not json", "JSON"),
        (b'{"foo": 1}', "결제 목록"),
        (b"\xff\xfe\x00", "UTF-8"),
        (b'{"code": -1, "message": "no", "response": null}', "오류 응답입니다 \\(code -1: no\\)"),
    ],
)
def test_unreadable_files(ledger, tmp_path, content, needle):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=needle):
        import_payments_file(ledger, path)


def test_missing_file(ledger, tmp_path):
    with pytest.raises(InputError, match="없습니다"):
        import_payments_file(ledger, tmp_path / "nope.json")


# -- bounds and hostile files (issue 17) ------------------------------------------------------


class CountingReader(io.RawIOBase):
    """A file opened for reading that counts the bytes handed out."""

    def __init__(self, data: bytes) -> None:
        self._inner = io.BytesIO(data)
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer):  # type: ignore[no-untyped-def]
        n = self._inner.readinto(buffer)
        self.read_bytes += n
        return n


def test_a_file_that_is_not_json_is_refused_from_its_head():
    data = b"\xef\xbb\xbf  \n" + b"imp_uid,amount\n" * 2_000_000  # a 30 MB CSV named .json
    stream = CountingReader(data)
    with pytest.raises(InputError) as err:
        read_payment_bytes("p.json", stream)
    text = str(err.value)
    assert "'p.json'" in text and "JSON" in text and "'i'" in text, text
    assert stream.read_bytes <= HEAD_BYTES


def test_a_json_file_is_read_whole():
    data = json.dumps([pay("imp_1")] * 500).encode()
    stream = CountingReader(data)
    assert read_payment_bytes("p.json", stream) == data
    assert stream.read_bytes == len(data)


def test_deeply_nested_arrays_are_refused_not_a_crash(ledger, tmp_path):
    path = tmp_path / "nested.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(InputError) as err:
        import_payments_file(ledger, path)
    assert "nested.json" in str(err.value) and "중첩" in str(err.value)


def test_an_oversized_text_field_is_refused_naming_payment_and_field(ledger, tmp_path):
    path = write(tmp_path, [pay("imp_1"), pay("imp_2", name="상품" * 20_000)])
    with pytest.raises(InputError) as err:
        import_payments_file(ledger, path)
    text = str(err.value)
    assert "imp_2" in text and "'name'" in text and "40,000자" in text, text
    assert sqlite3.connect(ledger.path).execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 0


# -- a file that contradicts itself, money that is not won (issue 17) -------------------------


def test_one_imp_uid_twice_with_different_amounts_is_refused(ledger, tmp_path):
    path = write(tmp_path, [pay("imp_1"), pay("imp_2"), pay("imp_1", amount=15000)])
    with pytest.raises(InputError) as err:
        import_payments_file(ledger, path)
    text = str(err.value)
    assert "imp_uid=imp_1" in text and "1번째" in text and "3번째" in text, text
    assert "amount 12000 ≠ 15000" in text, text
    assert sqlite3.connect(ledger.path).execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 0


def test_one_imp_uid_twice_with_identical_content_is_one_payment(ledger, tmp_path):
    path = write(tmp_path, [pay("imp_1"), pay("imp_2"), pay("imp_1")])
    report = import_payments_file(ledger, path)
    assert (report.payments, report.inserted) == (2, 2)
    assert sqlite3.connect(ledger.path).execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 2


def test_a_usd_payment_is_kept_with_its_currency_and_never_called_won(ledger, tmp_path):
    usd = pay("imp_usd", amount=Decimal("12.50"), currency="USD")
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps([pay("imp_1"), usd], default=str).replace('"12.50"', "12.50"),
        encoding="utf-8",
    )
    report = import_payments_file(ledger, path)
    db = sqlite3.connect(ledger.path)
    assert db.execute(
        "SELECT imp_uid, currency, amount FROM payments ORDER BY imp_uid"
    ).fetchall() == [("imp_1", "KRW", 12000), ("imp_usd", "USD", 1250)]  # cents, with currency
    text = "\n".join(report.summary_lines())
    assert "원화가 아닌 결제 1건" in text and "imp_usd 12.50 USD" in text, text
    assert "1,250" not in text and "1250" not in text, text


# -- answers near the right shape (issue 19 item 9) ---------------------------------------------

#: What ``IMP.request_pay``'s callback hands the browser: paid_amount, no amount/cancel_amount.
SDK_CALLBACK = {
    "success": True,
    "imp_uid": "imp_123456789012",
    "pay_method": "card",
    "merchant_uid": "order_1",
    "name": "상품",
    "paid_amount": 12000,
    "currency": "KRW",
    "pg_provider": "html5_inicis",
    "pg_type": "payment",
    "pg_tid": "StdpayCARDINIpayTest20261015120000123456",
    "apply_num": "30012345",
    "buyer_name": "홍길동",
    "status": "paid",
    "paid_at": 1790000000,
    "receipt_url": "https://iniweb.inicis.com/receipt",
    "card_name": "국민KB카드",
    "card_quota": 0,
    "card_number": "457973*********5",
}


def envelope(payload, code=0, message=None):
    return {"code": code, "message": message, "response": payload}


def test_an_array_of_single_payment_envelopes_imports(ledger, tmp_path):
    """What saving several `GET /payments/{imp_uid}` answers into one array gives."""
    doc = [envelope(pay("imp_1")), envelope(pay("imp_2", amount=5000))]
    report = import_payments_file(ledger, write(tmp_path, doc))
    assert (report.payments, report.inserted) == (2, 2)
    db = sqlite3.connect(ledger.path)
    assert db.execute("SELECT imp_uid, amount FROM payments ORDER BY imp_uid").fetchall() == [
        ("imp_1", 12000),
        ("imp_2", 5000),
    ]


def test_a_portone_error_answer_is_refused_with_portones_message(ledger, tmp_path):
    doc = envelope(None, code=1, message="존재하지 않는 결제정보입니다")
    with pytest.raises(InputError) as err:
        import_payments_file(ledger, write(tmp_path, doc))
    text = str(err.value)
    assert "오류 응답" in text and "code 1" in text and "존재하지 않는 결제정보입니다" in text, text


def test_an_error_answer_inside_an_array_is_refused_naming_it(ledger, tmp_path):
    doc = [envelope(pay("imp_1")), envelope(None, code=-1, message="유효하지 않은 토큰")]
    with pytest.raises(InputError) as err:
        import_payments_file(ledger, write(tmp_path, doc))
    text = str(err.value)
    assert "2번째" in text and "code -1" in text and "유효하지 않은 토큰" in text, text
    assert sqlite3.connect(ledger.path).execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 0


def test_a_webhook_body_is_refused_as_such(ledger, tmp_path):
    doc = {"imp_uid": "imp_1", "merchant_uid": "order_1", "status": "paid"}
    with pytest.raises(InputError) as err:
        import_payments_file(ledger, write(tmp_path, doc))
    text = str(err.value)
    assert "imp_uid=imp_1" in text and "웹훅 알림 본문" in text and "REST API" in text, text


@pytest.mark.parametrize("doc", [SDK_CALLBACK, [SDK_CALLBACK]], ids=["object", "array"])
def test_the_checkout_callback_is_refused_as_such(ledger, tmp_path, doc):
    with pytest.raises(InputError) as err:
        import_payments_file(ledger, write(tmp_path, doc))
    text = str(err.value)
    assert "imp_123456789012" in text, text
    assert "결제창 콜백" in text and "paid_amount" in text, text
    assert "REST API" in text and "GET /payments/{imp_uid}" in text, text
