"""`recon-app import-orders`: exit codes, messages on stdout/stderr, password handling."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from recon_app.cli.main import main

DATA = Path(__file__).resolve().parents[1] / "data" / "orders"
BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
ROOT = Path(__file__).resolve().parents[2]


def count_orders(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM orders").fetchone()[0])
    finally:
        conn.close()


def test_import_prints_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "l.sqlite3"
    assert (
        main(["--db", str(db), "import-orders", str(DATA / "basic_cp949.csv"), "--store", "shop"])
        == 0
    )
    out = capsys.readouterr().out
    assert "주문 5건" in out and "새로 추가 5" in out and "합친 행: 1" in out
    assert (
        main(["--db", str(db), "import-orders", str(DATA / "basic_cp949.csv"), "--store", "shop"])
        == 0
    )
    assert "이미 같은 옵션으로 가져온 파일" in capsys.readouterr().out
    assert count_orders(db) == 5


def test_bad_file_exits_2_with_message_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "l.sqlite3"
    assert main(["--db", str(db), "import-orders", str(BAD / "amount_with_letters.csv")]) == 2
    err = capsys.readouterr().err
    assert "'amount_with_letters.csv' 2행, '결제금액' 열, 값 '12,000원x'" in err
    assert "Traceback" not in err
    assert main(["--db", str(db), "import-orders", str(tmp_path / "nope.csv")]) == 2
    assert "없습니다" in capsys.readouterr().err


def test_skip_bad_rows_and_status_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "l.sqlite3"
    src = tmp_path / "o.csv"
    src.write_text(
        "주문번호,주문일시,결제금액,주문상태\nA,2026-10-01,1,보류\nB,2026-10-01,x,결제완료\n",
        encoding="utf-8",
    )
    args = ["--db", str(db), "import-orders", str(src)]
    assert main(args + ["--skip-bad-rows"]) == 2  # every row bad: nothing to import
    capsys.readouterr()
    assert main(args + ["--skip-bad-rows", "--status-map", "보류=awaiting_payment"]) == 0
    out = capsys.readouterr().out
    assert "건너뛴 행 1개 (이 주문들의 결제는" in out and "3행, '결제금액' 열, 값 'x'" in out
    assert main(args + ["--status-map", "보류"]) == 2
    assert "WORD=STATUS" in capsys.readouterr().err
    assert main(args + ["--status-map", "보류=shipped"]) == 2
    assert "'shipped'" in capsys.readouterr().err


def test_password_prompt_never_argv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "l.sqlite3"
    enc = str(DATA / "app_headers_encrypted.xlsx")
    assert main(["--db", str(db), "import-orders", enc]) == 2
    assert "RECON_XLSX_PASSWORD" in capsys.readouterr().err
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "wrong")
    assert main(["--db", str(db), "import-orders", enc, "--password"]) == 2
    assert "암호가 맞지 않습니다" in capsys.readouterr().err
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "recon-test-pw")
    assert main(["--db", str(db), "import-orders", enc, "--password"]) == 0
    assert "새로 추가 5" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # a value after --password is not a password option
        main(["--db", str(db), "import-orders", enc, "--password=recon-test-pw"])


def test_sheet_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "l.sqlite3"
    assert (
        main(["--db", str(db), "import-orders", str(DATA / "app_headers.xlsx"), "--sheet", "메모"])
        == 2
    )
    assert "머리글" in capsys.readouterr().err
    assert (
        main(["--db", str(db), "import-orders", str(DATA / "app_headers.xlsx"), "--sheet", "주문"])
        == 0
    )


def test_subprocess_with_env_password(tmp_path: Path) -> None:
    db = tmp_path / "l.sqlite3"
    env = dict(
        os.environ, RECON_XLSX_PASSWORD="recon-test-pw", RECON_DATA_DIR=str(tmp_path / "data")
    )
    cmd = [
        sys.executable,
        "-m",
        "recon_app",
        "--db",
        str(db),
        "import-orders",
        str(DATA / "app_headers_encrypted.xlsx"),
    ]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "새로 추가 5" in done.stdout and "recon-test-pw" not in done.stdout + done.stderr
    bad = subprocess.run(
        cmd[:-1] + [str(BAD / "truncated.xlsx")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and "손상" in bad.stderr and "Traceback" not in bad.stderr
    assert count_orders(db) == 5


def test_column_map_flag_layouts_and_saved_layouts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "l.sqlite3"
    src = tmp_path / "odd.csv"
    src.write_text(
        "Bestellnummer,주문일시,Betrag,주문상태\nA-1,2026-10-01 10:00:00,5000,결제완료\n",
        encoding="utf-8",
    )
    base = ["--db", str(db), "import-orders", str(src)]
    assert main(base) == 2
    err = capsys.readouterr().err
    assert "--map 필드=머리글" in err and "--layout" in err  # the real flags, not "직접 지정"

    mapped = ["--map", "order_id=Bestellnummer", "--map", "amount=Betrag"]
    assert main([*base, *mapped, "--save-layout", "내 양식"]) == 0
    out = capsys.readouterr().out
    assert "주문 1건" in out and "열 양식 '내 양식'을(를) 저장했습니다" in out
    assert count_orders(db) == 1

    # The saved layout works on its own (a new file with the same columns), from any run.
    src2 = tmp_path / "odd2.csv"
    src2.write_text(
        "Bestellnummer,주문일시,Betrag,주문상태\nA-2,2026-10-02 10:00:00,7000,결제완료\n",
        encoding="utf-8",
    )
    assert main(["--db", str(db), "import-orders", str(src2), "--layout", "내 양식"]) == 0
    assert count_orders(db) == 2

    assert main([*base, "--layout", "nope"]) == 2
    err = capsys.readouterr().err
    assert "열 양식 'nope'이(가) 없습니다" in err and "smartstore" in err and "내 양식" in err
    assert main([*base, "--map", "total=Betrag"]) == 2
    assert "필드 'total'을(를) 알 수 없습니다" in capsys.readouterr().err


def test_known_layout_is_recognised_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "l.sqlite3"
    args = ["--db", str(db), "import-orders", str(DATA / "smartstore_baljubalsong.xlsx")]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "양식: 스마트스토어 발주발송관리(상품주문별)" in out and "주문 6건" in out


def test_save_layout_without_a_mapping_is_refused_before_importing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "l.sqlite3"
    args = ["--db", str(db), "import-orders", str(DATA / "basic_utf8.csv"), "--save-layout", "x"]
    assert main(args) == 2
    assert "저장할 열 지정이 없거나" in capsys.readouterr().err
    assert not db.exists()  # refused before the ledger was even opened
