"""ERP vouchers of a month (issue 14), worked out by hand, in each format, checked against the
documented column layouts (FACTS.md §4) and for balance (Σ 차변 = Σ 대변 in every voucher)."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from ledger_builders import add_cancels, add_payments, kst, payment
from openpyxl import load_workbook

from recon_app.cli.main import main
from recon_app.domain.accounting import PayoutRecord
from recon_app.services.accounting_map import load_mapping, write_mapping_template
from recon_app.services.vouchers import month_vouchers, write_voucher_file

MONTH = "2026-10"
MAPPING = """
[company]
name = "가나상점"
business_number = "123-45-67890"
representative = "홍길동"

[pg]
tosspayments = { code = "00101", name = "토스페이먼츠", business_number = "411-86-01799" }
kakaopay = { code = "00102", name = "=HYPERLINK(\\"x\\")" }

[methods]
trans = "cash_receipt"
"""


def _month(ledger) -> None:  # type: ignore[no-untyped-def]
    def pay(uid, amount, at, method, pg, cancel=0):  # type: ignore[no-untyped-def]
        return payment(
            uid,
            f"O-{uid}",
            amount,
            cancel_amount=cancel,
            paid_at=kst(at),
            pay_method=method,
            pg_provider=pg,
        )

    add_payments(
        ledger,
        [
            pay("s1", 110_000, "2026-10-05 10:00", "card", "tosspayments"),
            pay("s2", 22_000, "2026-10-05 18:00", "card", "tosspayments"),
            pay("s3", 33_000, "2026-10-06 10:00", "point", "kakaopay", cancel=11_000),
            pay("s4", 55_000, "2026-10-07 10:00", "trans", "html5_inicis"),
        ],
    )
    add_cancels(
        ledger,
        [{"imp_uid": "s3", "seq": 0, "amount": 11_000, "cancelled_at": kst("2026-10-20 09:00")}],
    )


@pytest.fixture
def mapping(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "map.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return load_mapping(path)


def _summary(v) -> tuple:  # type: ignore[no-untyped-def]
    return (v.day.day, v.kind, v.pg, v.category, v.supply, v.vat, v.debit_total)


def test_month_vouchers_balance_and_match_hand_figures(ledger, mapping) -> None:  # type: ignore[no-untyped-def]
    _month(ledger)
    vouchers = month_vouchers(ledger, MONTH, mapping=mapping)
    assert all(v.debit_total == v.credit_total for v in vouchers)
    assert [_summary(v) for v in vouchers] == [
        (5, "sales", "tosspayments", "card", 120_000, 12_000, 132_000),
        (5, "fee", "tosspayments", "", 4_224, 422, 4_646),  # 3,520 + 704; VAT 352 + 70
        (6, "sales", "kakaopay", "epay", 30_000, 3_000, 33_000),
        (6, "fee", "kakaopay", "", 704, 70, 774),  # 3.2 % of 22,000 kept
        (7, "sales", "html5_inicis", "cash_receipt", 50_000, 5_000, 55_000),
        (7, "fee", "html5_inicis", "", 990, 99, 1_089),  # trans 1.8 %
        (20, "refund", "kakaopay", "epay", -10_000, -1_000, 11_000),
    ]
    card = vouchers[0]
    assert [(ln.debit, ln.account.code, ln.amount) for ln in card.lines] == [
        (True, "108", 132_000),
        (False, "401", 120_000),
        (False, "255", 12_000),
    ]
    assert card.lines[0].partner.code == "00101"


def test_payout_records_book_fees_per_payout_and_the_deposit(ledger, mapping) -> None:  # type: ignore[no-untyped-def]
    _month(ledger)
    payout = PayoutRecord("tosspayments", date(2026, 10, 8), 132_000, 4_224, 422, 127_354)
    vouchers = month_vouchers(ledger, MONTH, mapping=mapping, payouts=[payout])
    fee_and_bank = [
        (v.day.day, v.kind, [(ln.debit, ln.account.code, ln.amount) for ln in v.lines])
        for v in vouchers
        if v.kind in ("fee", "payout")
    ]
    assert fee_and_bank == [
        (8, "fee", [(True, "831", 4_224), (True, "135", 422), (False, "108", 4_646)]),
        (8, "payout", [(True, "103", 127_354), (False, "108", 127_354)]),
    ]
    # what the PG owes after the payout: 132,000 sold − 4,646 fee − 127,354 paid out = 0
    toss = [
        ln for v in vouchers if v.pg == "tosspayments" for ln in v.lines if ln.account.code == "108"
    ]
    assert sum(ln.amount if ln.debit else -ln.amount for ln in toss) == 0


def test_douzone_general_columns_and_balance(ledger, mapping, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _month(ledger)
    path = write_voucher_file(
        month_vouchers(ledger, MONTH, mapping=mapping),
        "douzone-general",
        tmp_path / "g.csv",
        mapping,
    )
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [
        "월",
        "일",
        "구분",
        "계정과목코드",
        "계정과목명",
        "거래처코드",
        "거래처명",
        "적요명",
        "차변(출금)",
        "대변(입금)",
    ]
    body = rows[1:]
    assert len(body) == 21  # 7 vouchers × 3 lines
    assert body[0] == [
        "10",
        "5",
        "3",
        "108",
        "외상매출금",
        "00101",
        "토스페이먼츠",
        "카드매출 (토스페이먼츠)",
        "132000",
        "0",
    ]
    # 220,000 sold + 6,509 fees and VAT + 11,000 refunded
    assert sum(int(r[8]) for r in body) == sum(int(r[9]) for r in body) == 237_509
    assert all(r[2] == ("3" if int(r[8]) else "4") for r in body)
    # a 거래처 name that looks like a formula stays text
    assert any(r[6].startswith("'=HYPERLINK") for r in body)


def test_douzone_sales_columns(ledger, mapping, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _month(ledger)
    path = write_voucher_file(
        month_vouchers(ledger, MONTH, mapping=mapping),
        "douzone-sales",
        tmp_path / "s.xlsx",
        mapping,
    )
    rows = [[c.value for c in r] for r in load_workbook(path).active.iter_rows()]
    assert rows[0] == [
        "년도",
        "월",
        "일",
        "매입매출구분",
        "과세유형",
        "불공제사유",
        "신용카드거래처코드",
        "신용카드사명",
        "신용카드(가맹점)번호",
        "거래처명",
        "사업자(주민)등록번호",
        "공급가액",
        "부가세",
        "품명",
        "전자세금",
        "기본계정",
        "상대계정",
        "현금영수증 승인번호",
    ]
    picked = [(r[2], r[3], r[4], r[11], r[12], r[15], r[16]) for r in rows[1:]]
    assert picked == [
        (5, 1, 17, 120_000, 12_000, "401", "108"),  # 카과
        (5, 2, 51, 4_224, 422, "831", "108"),  # PG fee invoice, 매입 과세
        (6, 1, 17, 30_000, 3_000, "401", "108"),
        (6, 2, 51, 704, 70, "831", "108"),
        (7, 1, 22, 50_000, 5_000, "401", "108"),  # 현과
        (7, 2, 51, 990, 99, "831", "108"),
        (20, 1, 17, -10_000, -1_000, "401", "108"),  # reversal as a negative row
    ]
    assert rows[1][6:8] == ["00101", "토스페이먼츠"] and rows[5][6] in ("", None)


def test_semusarang_header_on_row_10(ledger, mapping, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _month(ledger)
    path = write_voucher_file(
        month_vouchers(ledger, MONTH, mapping=mapping), "semusarang", tmp_path / "w.xlsx", mapping
    )
    sheet = load_workbook(path).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=1, max_row=sheet.max_row)]
    assert rows[2][:2] == ["회사명", "가나상점"] and rows[3][:2] == [
        "사업자등록번호",
        "123-45-67890",
    ]
    header = rows[9]
    assert [header[i] for i in (0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 21)] == [
        "일자",
        "구분",
        "계정코드",
        "계정과목",
        "거래처코드",
        "거래처명",
        "적요코드",
        "적요",
        "금액",
        "사업자번호",
        "대표자",
    ]
    first = rows[10]
    assert [first[i] for i in (0, 1, 2, 8, 15, 21)] == [
        "20261005",
        3,
        "108",
        132_000,
        "411-86-01799",
        "홍길동",
    ]
    body = rows[10:]
    debit = sum(r[8] for r in body if r[1] == 3)
    credit = sum(r[8] for r in body if r[1] == 4)
    assert debit == credit == 237_509


def test_mapping_template_round_trips_and_layouts_can_be_changed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_mapping_template(tmp_path / "m.toml")
    default = load_mapping(path)
    assert default.layouts["semusarang"].header_row == 10
    text = path.read_text(encoding="utf-8").replace('["적요명", "memo"], ', "")
    path.write_text(text, encoding="utf-8")
    assert [h for h, _ in load_mapping(path).layouts["douzone-general"].columns][7] == "차변(출금)"
    path.write_text('[layouts]\n"douzone-general" = [["월", "moon"]]\n', encoding="utf-8")
    assert main(["vouchers", "--mapping", str(path), "--month", MONTH]) == 2


def test_vouchers_cli(ledger_path, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from recon_app.storage.db import open_ledger

    led = open_ledger(ledger_path)
    _month(led)
    led.close()
    out = tmp_path / "v.xlsx"
    args = [
        "--db",
        str(ledger_path),
        "vouchers",
        "--month",
        MONTH,
        "--format",
        "douzone-general",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    assert "전표 7장, 차변 합계 237,509원 = 대변 합계 237,509원" in capsys.readouterr().out
    assert out.exists()


def test_semusarang_refuses_csv_and_a_folder_is_not_a_file(ledger_path, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from recon_app.storage.db import open_ledger

    led = open_ledger(ledger_path)
    _month(led)
    led.close()
    base = ["--db", str(ledger_path), "vouchers", "--month", MONTH]
    assert main([*base, "--format", "semusarang", "--out", str(tmp_path / "w.csv")]) == 2
    assert "10행" in capsys.readouterr().err and not (tmp_path / "w.csv").exists()
    assert main([*base, "--out", str(tmp_path)]) == 2
    assert "폴더" in capsys.readouterr().err


def test_payouts_file_feeds_fee_and_deposit_vouchers(ledger_path, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from recon_app.storage.db import open_ledger

    led = open_ledger(ledger_path)
    _month(led)
    led.close()
    payouts = tmp_path / "payouts.csv"
    payouts.write_text(
        'PG,지급일,매출,수수료,수수료부가세,입금액\ntosspayments,2026-10-08,"132,000",4224,422,127354\n',
        encoding="cp949",
    )
    out = tmp_path / "g.csv"
    base = ["--db", str(ledger_path), "vouchers", "--month", MONTH]
    assert main([*base, "--payouts", str(payouts), "--out", str(out)]) == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    bank = [r for r in rows if r[3] == "103"]
    assert bank == [
        ["10", "8", "3", "103", "보통예금", "", "", "PG 정산 입금 (토스페이먼츠)", "127354", "0"]
    ]
    # fees come from the payout only: 4,224 + 422 on the 8th, no expected fees per day
    fee_rows = [(r[1], r[8]) for r in rows if r[3] in ("831", "135")]
    assert fee_rows == [("8", "4224"), ("8", "422")]

    payouts.write_text(
        "pg,paid_out_on,gross,fee,fee_vat,amount\nkcp,2026-10-08,1000,30,3,900\n", encoding="utf-8"
    )
    assert main([*base, "--payouts", str(payouts)]) == 2
    err = capsys.readouterr().err
    assert "2행" in err and "967" in err
