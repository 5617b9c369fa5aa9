"""`payouts` end to end on a ledger on disk: payments synced, a bank statement imported, the
month's payouts matched — a matched, a short, a missing and a scheduled payout, an unexplained
deposit, a cancel netted, and the reports (JSON contract, Excel sheet read back)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from bank_files import Tx, shinhan_csv
from ledger_builders import add_cancels, add_orders, add_payments, kst, order, payment

from recon_app.cli.main import main
from recon_app.services.bank_import import import_bank_statement
from recon_app.services.payouts import payouts_month, save_senders

# Shipped rules: card 3.2% + VAT 10%, paid D+2 business days; vbank flat 300 (+30 VAT), D+1.
#   a  card  100,000 Mon 11-02 → 96,480 on Wed 11-04 (matched)
#   b  card   50,000 Tue 11-03 → 48,240 on Thu 11-05, with a's cancel of 30,000 on Tue 11-03:
#            kept 70,000 → 67,536, so the cancel's record is −28,944 → Thu 11-05 = 19,296 (short:
#            19,000 arrived)
#   c  vbank  20,000 Thu 11-12 → 19,670 on Fri 11-13 (missing as of 11-20)
#   d  card   10,000 Thu 11-19 → 9,648 on Mon 11-23 (scheduled as of 11-20)
PAYMENTS = [
    payment(
        "a",
        "o-a",
        100_000,
        "cancelled",
        cancel_amount=30_000,
        paid_at=kst("2026-11-02 10:00"),
        pg_provider="kcp",
    ),
    payment("b", "o-b", 50_000, paid_at=kst("2026-11-03 11:00"), pg_provider="kcp"),
    payment(
        "c", "o-c", 20_000, paid_at=kst("2026-11-12 09:00"), pg_provider="kcp", pay_method="vbank"
    ),
    payment("d", "o-d", 10_000, paid_at=kst("2026-11-19 15:00"), pg_provider="kcp"),
]
STATEMENT = (
    Tx(datetime(2026, 11, 4, 9, 0), 96_480, 0, "NHN KCP", 1_096_480),
    Tx(datetime(2026, 11, 5, 9, 0), 19_000, 0, "한국사이버결제", 1_115_480),
    Tx(datetime(2026, 11, 6, 13, 0), 55_000, 0, "홍길동", 1_170_480),  # a customer
    Tx(datetime(2026, 11, 10, 9, 0), 7_777, 0, "KCP", 1_178_257),  # in no payout's window
)


@pytest.fixture
def filled(ledger, tmp_path: Path):
    add_orders(ledger, [order(p["merchant_uid"], p["amount"]) for p in PAYMENTS])
    add_payments(ledger, PAYMENTS)
    add_cancels(
        ledger,
        [{"imp_uid": "a", "seq": 0, "amount": 30_000, "cancelled_at": kst("2026-11-03 15:00")}],
    )
    path = tmp_path / "shinhan.csv"
    path.write_bytes(shinhan_csv(STATEMENT))
    import_bank_statement(ledger, path)
    return ledger


def test_month_of_payouts_gets_each_status(filled) -> None:
    report = payouts_month(filled, "2026-11", as_of=date(2026, 11, 20))
    got = report.payouts[["payout_date", "expected_amount", "deposited_amount", "status"]]
    assert [[str(d.date()), e, r, s] for d, e, r, s in got.values.tolist()] == [
        ["2026-11-04", 96_480, 96_480, "matched"],
        ["2026-11-05", 19_296, 19_000, "short"],
        ["2026-11-13", 19_670, 0, "missing"],
        ["2026-11-23", 9_648, 0, "scheduled"],
    ]
    assert report.unexplained["amount"].tolist() == [7_777]
    assert (report.expected_total, report.received_total) == (145_094, 115_480)


def test_store_sender_names_replace_the_built_in_ones(filled) -> None:
    save_senders(filled, "default", "kcp", ["엔에이치엔케이씨피"])
    report = payouts_month(filled, "2026-11", as_of=date(2026, 11, 20))
    # "NHN KCP" and "한국사이버결제" are no longer kcp's names: nothing matches
    assert set(report.payouts["status"]) == {"missing", "scheduled"}


def test_cli_payouts_json_contract_and_excel_sheet(
    filled, ledger_path: Path, tmp_path: Path, capsys
) -> None:
    filled.close()
    out_json, out_xlsx = tmp_path / "p.json", tmp_path / "p.xlsx"
    code = main(
        [
            "--db",
            str(ledger_path),
            "payouts",
            "--month",
            "2026-11",
            "--as-of",
            "2026-11-20",
            "--json",
            str(out_json),
            "--xlsx",
            str(out_xlsx),
        ]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert "덜 입금: kcp 2026-11-05 예정 19,296원, 입금 19,000원 (차이 -296원)" in text
    data = json.loads(out_json.read_text(encoding="utf-8"))
    row = data["rows"][1]
    assert set(row) == {
        "pg",
        "payout_date",
        "expected_amount",
        "deposited_amount",
        "difference",
        "status",
        "source",
        "payments",
        "deposit",
    }
    assert (row["status"], row["difference"], row["source"], row["payments"]) == (
        "short",
        -296,
        "forecast",
        2,
    )
    assert row["deposit"]["at"] == "2026-11-05 09:00:00"
    assert data["unexplained_deposits"][0]["amount"] == 7_777
    wb = openpyxl.load_workbook(out_xlsx, read_only=True)
    sheet = [list(r) for r in wb["입금 대사"].iter_rows(values_only=True)]
    assert sheet[0][:7] == [
        "PG사",
        "지급 예정일",
        "상태",
        "상태 코드",
        "지급 예정액",
        "입금액",
        "차이(입금−예정)",
    ]
    assert sheet[3][:7] == ["kcp", "2026-11-13", "입금 안 됨", "missing", 19_670, 0, -19_670]


def test_bad_as_of_exits_2(ledger_path: Path, capsys) -> None:
    assert (
        main(["--db", str(ledger_path), "payouts", "--month", "2026-11", "--as-of", "11/20"]) == 2
    )
    assert "--as-of '11/20'" in capsys.readouterr().err


def test_reconcile_json_rows_gain_payout_date(filled, ledger_path: Path, tmp_path: Path) -> None:
    filled.close()
    out = tmp_path / "r.json"
    assert (
        main(["--db", str(ledger_path), "reconcile", "--month", "2026-10", "--json", str(out)]) == 0
    )
    # the orders are dated 2026-10-15 (builder default), the payments in November
    rows = {r["order_id"]: r for r in json.loads(out.read_text(encoding="utf-8"))["rows"]}
    assert (rows["o-b"]["payout_date"], rows["o-b"]["payout_source"]) == ("2026-11-05", "forecast")
    assert rows["o-c"]["payout_date"] == "2026-11-13"


def test_demo_ships_a_statement_with_one_missing_and_one_short_payout(tmp_path: Path) -> None:
    from recon_app.services.demo import run_demo

    demo = run_demo(tmp_path / "demo")
    report = demo.payouts
    assert (report.count("missing"), report.count("short")) == (1, 1)
    assert report.count("matched") == len(report.payouts) - 2
    short = report.payouts.loc[report.payouts["status"] == "short"].iloc[0]
    assert short["difference"] == -1_500  # planted by tools/make_demo_bank_statement.py
    assert demo.prepared.bank.inserted == demo.prepared.bank.transactions
    wb = openpyxl.load_workbook(demo.xlsx, read_only=True)
    assert "입금 대사" in wb.sheetnames
    summary = [r for r in wb["요약"].iter_rows(values_only=True) if r and r[0]]
    items = {r[0]: r[1] for r in summary}
    assert items["입금 확인된 금액"] == report.received_total
    assert items["입금 안 됨 건수"] == 1


def test_cli_senders_set_and_reset(ledger_path: Path, capsys) -> None:
    db = str(ledger_path)
    assert main(["--db", db, "senders", "--set", "kcp", "엔에이치엔케이씨피, KCP정산"]) == 0
    out = capsys.readouterr().out
    assert "kcp           엔에이치엔케이씨피, KCP정산" in out
    assert main(["--db", db, "senders", "--reset", "kcp"]) == 0
    assert "kcp           KCP, 한국사이버결제, 엔에이치엔케이씨피" in capsys.readouterr().out
    assert main(["--db", db, "senders", "--set", "kcp", " , "]) == 2


def test_reconcile_xlsx_gains_the_payout_sheet_when_the_store_has_a_statement(
    filled, ledger_path: Path, tmp_path: Path
) -> None:
    filled.close()
    out = tmp_path / "r.xlsx"
    assert main(["--db", str(ledger_path), "reconcile", "--month", "2026-11", "--xlsx",
                 str(out)]) == 0  # fmt: skip
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames[-1] == "입금 대사"
    items = {r[0]: r[1] for r in wb["요약"].iter_rows(values_only=True) if r and r[0]}
    assert items["입금 확인된 금액"] == 115_480


def test_reconcile_xlsx_without_a_statement_has_no_payout_sheet(ledger, tmp_path: Path) -> None:
    add_orders(ledger, [order("o-b", 50_000)])
    add_payments(ledger, [PAYMENTS[1]])
    ledger.close()
    out = tmp_path / "r.xlsx"
    assert main(["--db", str(ledger.path), "reconcile", "--month", "2026-10", "--xlsx",
                 str(out)]) == 0  # fmt: skip
    assert "입금 대사" not in openpyxl.load_workbook(out, read_only=True).sheetnames
