"""`recon-app reconcile / export / fees` end to end through main(): exit codes and output."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from ledger_builders import add_orders, add_payments, order, payment

from recon_app.cli.main import main


@pytest.fixture
def db(ledger, ledger_path: Path) -> str:  # type: ignore[no-untyped-def]
    add_orders(
        ledger,
        [order("M", 10_000), order("RM", 30_000, "partially_refunded", refunded_amount=30_000)],
    )
    add_payments(
        ledger,
        [payment("m", "M", 10_000), payment("rm", "RM", 30_000), payment("g", "GHOST", 1_000)],
    )
    return str(ledger_path)


def test_reconcile_prints_summary_and_writes_files(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_json, out_xlsx, out_csv = tmp_path / "r.json", tmp_path / "r.xlsx", tmp_path / "r.csv"
    code = main(
        [
            "--db",
            db,
            "reconcile",
            "--month",
            "2026-10",
            "--json",
            str(out_json),
            "--xlsx",
            str(out_xlsx),
            "--csv",
            str(out_csv),
            "--mask-personal",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert (
        "2026-10 대사 결과" in out
        and "일치" in out
        and "환불 누락" in out
        and "주문 없는 결제" in out
    )
    assert "PG 결제 총액 41,000원" in out and "수수료" in out and "정산 예정액" in out
    assert "확인할 예외 2건" in out
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert {r["status"] for r in data["rows"]} == {"matched", "refund_missing", "orphan_payment"}
    assert openpyxl.load_workbook(out_xlsx).sheetnames == ["요약", "대사결과", "예외", "수수료"]
    assert "홍길동" not in out_csv.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["reconcile", "--month", "2026-13"], "YYYY-MM"),
        (["reconcile", "--month", "2026-10", "--store", "nope"], "nope"),
        (["reconcile", "--month", "2026-10", "--fees", "missing.toml"], "missing.toml"),
        (["export", "--month", "2026-10"], "저장할 파일"),
    ],
)
def test_bad_input_exits_2(
    db: str, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db, *argv]) == 2
    assert message in capsys.readouterr().err


def test_bad_fee_file_exits_2(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "fees.toml"
    bad.write_text('[[rule]]\nmethod = "card"\nrate = "0.01"\n', encoding="utf-8")
    assert main(["--db", db, "reconcile", "--month", "2026-10", "--fees", str(bad)]) == 2
    assert "catch-all" in capsys.readouterr().err


def test_fees_file_replaces_rules(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fees = tmp_path / "fees.toml"
    fees.write_text('vat_rate = "0"\n[[rule]]\nrate = "0.01"\n', encoding="utf-8")
    out_json = tmp_path / "r.json"
    assert (
        main(
            [
                "--db",
                db,
                "reconcile",
                "--month",
                "2026-10",
                "--fees",
                str(fees),
                "--json",
                str(out_json),
            ]
        )
        == 0
    )
    rows = {r["order_id"]: r for r in json.loads(out_json.read_text(encoding="utf-8"))["rows"]}
    assert (rows["M"]["fee"], rows["M"]["fee_vat"]) == (100, 0)


def test_unwritable_output_exits_2(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            ["--db", db, "export", "--month", "2026-10", "--xlsx", str(tmp_path / "no" / "r.xlsx")]
        )
        == 2
    )
    assert "폴더" in capsys.readouterr().err
    assert main(["--db", db, "export", "--month", "2026-10", "--json", str(tmp_path)]) == 2


def test_export_alias(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["--db", db, "export", "--month", "2026-10", "--xlsx", str(tmp_path / "r.xlsx")]) == 0
    )
    out = capsys.readouterr().out
    assert "확인할 예외 2건" in out and "저장함" in out
    assert (tmp_path / "r.xlsx").exists()


def test_fees_show_export_import_reset(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db, "fees", "show"]) == 0
    assert "[card] 3.2%" in capsys.readouterr().out
    exported = tmp_path / "rules.toml"
    assert main(["--db", db, "fees", "export", str(exported)]) == 0
    text = exported.read_text(encoding="utf-8").replace(
        'rate = "0.032"\n\n[[rule]]\nmethod = "vbank"',
        'rate = "0.025"\n\n[[rule]]\nmethod = "vbank"',
        1,
    )
    exported.write_text(text, encoding="utf-8")
    assert main(["--db", db, "fees", "import", str(exported)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "fees", "show"]) == 0
    shown = capsys.readouterr().out
    assert "원장에 저장된" in shown and "[card] 2.5%" in shown
    out_json = tmp_path / "r.json"
    assert main(["--db", db, "reconcile", "--month", "2026-10", "--json", str(out_json)]) == 0
    rows = {r["order_id"]: r for r in json.loads(out_json.read_text(encoding="utf-8"))["rows"]}
    assert rows["M"]["fee"] == 250  # the saved rules are used without --fees
    bad = tmp_path / "bad.toml"
    bad.write_text("nonsense = 1\n", encoding="utf-8")
    assert main(["--db", db, "fees", "import", str(bad)]) == 2
    assert "nonsense" in capsys.readouterr().err
    assert main(["--db", db, "fees", "reset"]) == 0
    capsys.readouterr()
    main(["--db", db, "fees", "show"])
    assert "기본 수수료 규칙" in capsys.readouterr().out


def test_unwritable_output_is_refused_before_reconciling(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    target = tmp_path / "no_such_folder" / "x.json"
    code = main(["--db", db, "reconcile", "--month", "2026-10", "--json", str(target)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""  # nothing computed or printed first
    assert "no_such_folder" in err and "폴더" in err and "대사는 하지 않았습니다" in err
    conn = sqlite3.connect(db)
    try:  # no run was recorded: the month was never reconciled
        assert conn.execute("SELECT count(*) FROM recon_runs").fetchone()[0] == 0
    finally:
        conn.close()
    assert not target.parent.exists()


def test_vbank_unpaid_row_names_the_account_and_its_deadline(
    ledger, ledger_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from ledger_builders import kst

    add_orders(ledger, [order("VB", 20_000), order("VB2", 5_000)])
    add_payments(
        ledger,
        [
            payment("imp_vb", "VB", 20_000, "ready", pay_method="vbank"),
            payment("imp_vb2", "VB2", 5_000, "ready", pay_method="vbank"),
        ],
    )
    conn = sqlite3.connect(ledger_path)
    with conn:  # the deadlines PortOne gave: one long past, one far ahead
        conn.execute(
            "UPDATE payments SET vbank_date=? WHERE imp_uid='imp_vb'", (kst("2026-10-20 23:59"),)
        )
        conn.execute(
            "UPDATE payments SET vbank_date=? WHERE imp_uid='imp_vb2'", (kst("2099-01-01 00:00"),)
        )
    conn.close()
    out_json = tmp_path / "r.json"
    args = ["--db", str(ledger_path), "reconcile", "--month", "2026-10", "--json", str(out_json)]
    assert main(args) == 0
    rows = {r["order_id"]: r for r in json.loads(out_json.read_text(encoding="utf-8"))["rows"]}
    vb, vb2 = rows["VB"], rows["VB2"]
    assert vb["status"] == "vbank_unpaid" and vb["imp_uid"] is None  # no captured payment
    assert (vb["vbank_imp_uid"], vb["vbank_due_at"], vb["vbank_expired"]) == (
        "imp_vb",
        kst("2026-10-20 23:59"),
        True,
    )
    assert "결제 imp_vb, 입금기한 2026-10-20 23:59:00 지남" in vb["reason"]
    assert (vb2["vbank_imp_uid"], vb2["vbank_expired"]) == ("imp_vb2", False)
    assert "입금기한 2099-01-01 00:00:00 까지" in vb2["reason"]
