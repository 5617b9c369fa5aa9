from __future__ import annotations

import json
import sqlite3

import pytest

from recon_app.domain.errors import InputError
from recon_app.services.payments_import import import_payments_file


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
