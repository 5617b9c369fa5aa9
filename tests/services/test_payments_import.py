from __future__ import annotations

import io
import json
import sqlite3

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
        (b'{"code": -1, "message": "no", "response": null}', "결제 목록"),
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
