"""Hostile input files through the real ``recon-app`` command (issue 17 bugs, issue 19 item 9).

Each file is refused with exit code 2 and a message on stderr that says what is wrong, no
traceback, and the ledger file stays the same byte for byte (a good import is made first, so
there is something to damage).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from recon_app.cli.main import main

TESTS = Path(__file__).resolve().parents[1]
GOOD_ORDERS = TESTS / "data" / "orders" / "basic_utf8.csv"
HEADER = "주문번호,주문일시,결제금액,주문상태,주문자명\n"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.sqlite3"
    assert main(["--db", str(path), "import-orders", str(GOOD_ORDERS), "--store", "shop"]) == 0
    return path


def refuse(db: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run a command that must refuse its input; return stderr."""
    capsys.readouterr()
    before = db.read_bytes()
    code = main(["--db", str(db), *argv])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and "예기치 못한" not in err, err
    assert db.read_bytes() == before
    return err


@pytest.mark.parametrize(
    "amount", ["999,999,999,999,999,999,999", "1,234,567,890,123,456", "9999999999999999"]
)
def test_amount_past_15_digits_is_a_row_error(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], amount: str
) -> None:
    path = tmp_path / "huge_amount.csv"
    path.write_text(HEADER + f'A-9,2026-10-01 10:00:00,"{amount}",결제완료,김하나\n')
    err = refuse(db, ["import-orders", str(path), "--store", "shop"], capsys)
    assert f"'huge_amount.csv' 2행, '결제금액' 열, 값 '{amount}'" in err, err
    assert "최대 15자리" in err, err


def test_20mib_file_on_one_line_is_refused_from_its_head(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No header, no newline, ``;`` and ``,`` inside: refused for the missing line end."""
    unit = b"ab;cd,ef;gh,"
    path = tmp_path / "oneline.csv"
    path.write_bytes(unit * (20 * 1024 * 1024 // len(unit)))
    err = refuse(db, ["import-orders", str(path), "--store", "shop"], capsys)
    assert "'oneline.csv'의 첫 줄이 2,097,152바이트가 넘도록 끝나지 않습니다" in err, err


def pay(uid: str, **over: object) -> dict[str, object]:
    p: dict[str, object] = {
        "imp_uid": uid,
        "merchant_uid": "m-" + uid,
        "amount": 12000,
        "cancel_amount": 0,
        "currency": "KRW",
        "status": "paid",
        "pay_method": "card",
        "paid_at": 1790000000,
        "cancel_history": [],
    }
    p.update(over)
    return p


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("[" * 100_000 + "]" * 100_000, "너무 깊게 중첩되어 있습니다"),
        ("imp_uid,amount\nimp_1,1000\n" * 1000, "JSON이 아닙니다 (첫 글자가 'i'"),
    ],
    ids=["nested_arrays", "csv_named_json"],
)
def test_hostile_payment_file_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, needle: str
) -> None:
    path = tmp_path / "payments.json"
    path.write_text(content)
    err = refuse(db, ["import-payments", str(path), "--store", "shop"], capsys)
    assert "'" + str(path) + "'" in err and needle in err, err


def write_payments(path: Path, items: list[dict[str, object]]) -> Path:
    text = json.dumps(items, ensure_ascii=False, default=str)
    path.write_text(re.sub(r'"(\d+\.\d+)"', r"\1", text), encoding="utf-8")  # numbers, not text
    return path


def test_a_file_that_contradicts_itself_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_payments(
        tmp_path / "twice.json", [pay("imp_1"), pay("imp_1", amount=15000, status="cancelled")]
    )
    err = refuse(db, ["import-payments", str(path), "--store", "shop"], capsys)
    assert "imp_uid=imp_1이(가) 1번째와 2번째에 서로 다른 내용으로 있습니다" in err, err
    assert "status paid ≠ cancelled" in err and "amount 12000 ≠ 15000" in err, err


def test_usd_payment_is_kept_apart_and_never_reported_as_won(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_payments(
        tmp_path / "usd.json",
        [pay("imp_usd", merchant_uid="m-usd", amount=Decimal("12.50"), currency="USD")],
    )
    assert main(["--db", str(db), "import-payments", str(path), "--store", "shop"]) == 0
    out = capsys.readouterr().out
    assert "원화가 아닌 결제 1건" in out and "imp_usd 12.50 USD" in out, out
    report = tmp_path / "r.json"
    args = ["--db", str(db), "reconcile", "--month", "2026-09", "--store", "shop"]
    assert main([*args, "--json", str(report)]) == 0
    out = capsys.readouterr().out
    assert "원화가 아닌 결제 1건은 위 합계와 대사에서 뺐습니다: imp_usd 12.50 USD" in out, out
    assert "1,250" not in out, out
    doc = json.loads(report.read_text(encoding="utf-8"))
    assert [(p["imp_uid"], p["amount"]) for p in doc["non_krw_payments"]] == [("imp_usd", "12.50")]
    assert all(r["imp_uid"] != "imp_usd" for r in doc["rows"])


# -- issue 19 item 9: answers near the right shape ------------------------------------------------


def test_an_array_of_get_payment_envelopes_imports(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = [{"code": 0, "message": None, "response": pay(u)} for u in ("imp_a", "imp_b")]
    path = write_payments(tmp_path / "envelopes.json", doc)
    assert main(["--db", str(db), "import-payments", str(path), "--store", "shop"]) == 0
    assert "결제 2건" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("doc", "needles"),
    [
        (
            {"code": 1, "message": "존재하지 않는 결제정보입니다", "response": None},
            ["오류 응답입니다 (code 1: 존재하지 않는 결제정보입니다)"],
        ),
        (
            {
                "success": True,
                "imp_uid": "imp_123456789012",
                "merchant_uid": "order_1",
                "paid_amount": 12000,
                "currency": "KRW",
                "status": "paid",
                "pay_method": "card",
            },
            ["imp_uid=imp_123456789012", "브라우저 결제창 콜백", "GET /payments/{imp_uid}"],
        ),
    ],
    ids=["portone_error_answer", "checkout_callback"],
)
def test_a_payment_look_alike_is_refused_saying_what_it_is(
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    doc: dict[str, object],
    needles: list[str],
) -> None:
    path = write_payments(tmp_path / "answer.json", [doc] if "success" in doc else doc)  # type: ignore[arg-type]
    err = refuse(db, ["import-payments", str(path), "--store", "shop"], capsys)
    for needle in needles:
        assert needle in err, err
