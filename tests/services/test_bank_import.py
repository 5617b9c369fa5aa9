"""Importing bank statements into a ledger on disk: overlapping statements add only new lines;
a bad file changes nothing; the CLI exits 2 with the message (issue 13)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from bank_files import PASSWORD, TRANSACTIONS, Tx, kakao_xlsx, shinhan_csv

from recon_app.cli.main import main
from recon_app.domain.errors import InputError
from recon_app.services.bank_import import import_bank_statement


def rows(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT a.name, a.number_masked, t.deposit, t.withdrawal, t.text, t.balance "
            "FROM bank_transactions t JOIN bank_accounts a ON a.id = t.account_id "
            "ORDER BY t.occurred_at"
        ).fetchall()
    finally:
        conn.close()


def test_reimporting_an_overlapping_statement_adds_only_the_new_transactions(
    ledger, ledger_path: Path, tmp_path: Path
) -> None:
    first = tmp_path / "nov_1.csv"
    first.write_bytes(shinhan_csv(TRANSACTIONS[:2]))
    report = import_bank_statement(ledger, first, account="사업자통장")
    assert (report.inserted, report.already_present) == (2, 0)
    # the next download overlaps: the same two lines and one new one
    second = tmp_path / "nov_2.csv"
    second.write_bytes(shinhan_csv(TRANSACTIONS))
    report = import_bank_statement(ledger, second, account="사업자통장")
    assert (report.transactions, report.inserted, report.already_present) == (3, 1, 2)
    assert [r[2:5] for r in rows(ledger_path)] == [
        (96_480, 0, "타행이체 이니시스"),
        (0, 39_000, "체크카드 쿠팡"),
        (19_296, 0, "타행이체 (주)케이지이니시스"),
    ]


def test_two_identical_transfers_in_one_statement_are_both_kept(
    ledger, ledger_path: Path, tmp_path: Path
) -> None:
    same = Tx(datetime(2026, 11, 4, 9, 0, 0), 5_000, 0, "홍길동", 1_000)
    path = tmp_path / "twice.csv"
    path.write_bytes(shinhan_csv((same, same)))
    assert import_bank_statement(ledger, path).inserted == 2
    assert import_bank_statement(ledger, path).inserted == 0  # and again: nothing new
    assert len(rows(ledger_path)) == 2


def test_account_number_is_stored_masked_only(ledger, ledger_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "k.xlsx"
    path.write_bytes(kakao_xlsx())
    report = import_bank_statement(ledger, path, password=PASSWORD)
    assert report.account == "****-**-***5678"
    raw = ledger_path.read_bytes()
    assert b"3333-01-2345678" not in raw
    assert rows(ledger_path)[0][1] == "****-**-***5678"


def test_bad_statement_changes_nothing(ledger, ledger_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(shinhan_csv().replace(b"19,296", b"19,2x6"))
    with pytest.raises(InputError, match="'bad.csv' 7행 '입금\\(원\\)' 열의 값 '19,2x6'"):
        import_bank_statement(ledger, path)
    conn = sqlite3.connect(ledger_path)
    try:
        counts = [
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("bank_accounts", "bank_transactions", "import_batches", "stores")
        ]
    finally:
        conn.close()
    assert counts == [0, 0, 0, 0]


def test_cli_imports_and_exits_2_on_a_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "l.sqlite3"
    good = tmp_path / "shinhan.csv"
    good.write_bytes(shinhan_csv())
    assert main(["--db", str(db), "import-bank", str(good), "--account", "주거래"]) == 0
    out = capsys.readouterr().out
    assert "거래 3건" in out and "새로 추가 3건" in out and "입금 2건 115,776원" in out
    bad = tmp_path / "orders.csv"
    bad.write_bytes("주문번호,금액\nA,1\n".encode())
    assert main(["--db", str(db), "import-bank", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "'orders.csv'의 처음 40행에서 거래내역 머리글" in err
    assert "Traceback" not in err


def test_unknown_layout_imports_with_a_given_header_row_and_column_map(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a layout no alias covers: 일시 / 받은금액 / 보낸금액 under a two-line title
    path = tmp_path / "odd.csv"
    path.write_text(
        "어느 은행\n조회 결과\n일시,받은금액,보낸금액,메모\n"
        '2026-11-04 09:00:00,"96,480",0,KCP\n2026-11-05 10:00:00,0,"1,000",수수료\n',
        encoding="utf-8",
    )
    db = str(tmp_path / "l.sqlite3")
    assert main(["--db", db, "import-bank", str(path)]) == 2
    assert "거래내역 머리글" in capsys.readouterr().err
    args = ["--db", db, "import-bank", str(path), "--header-row", "3",
            "--map", "datetime=일시", "--map", "deposit=받은금액", "--map", "withdrawal=보낸돈"]  # fmt: skip
    assert main(args) == 2
    assert (
        "3행 머리글에 '보낸돈' 열이 없습니다. 있는 열: 일시, 받은금액, 보낸금액, 메모"
        in capsys.readouterr().err
    )
    args[-1] = "withdrawal=보낸금액"
    assert main(args) == 0
    assert "거래 2건" in capsys.readouterr().out
    assert [r[2:4] for r in rows(Path(db))] == [(96_480, 0), (0, 1_000)]
