"""import_orders / preview_orders against a real ledger file: upsert semantics, idempotence,
transactions, skipped-row reports, passwords from the environment."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from recon_app.domain.errors import Cancelled, InputError
from recon_app.domain.progress import CancelToken, Progress
from recon_app.services.importing import (
    ImportOptions,
    PasswordRequired,
    import_orders,
    preview_orders,
)
from recon_app.storage import orders_repo
from recon_app.storage.db import Ledger

DATA = Path(__file__).resolve().parents[1] / "data" / "orders"
HEAD = "주문번호,주문일시,결제금액,주문상태,환불금액,결제수단\n"
ROWS = [
    "A-1,2026-10-01 10:00:00,1000,결제완료,,카드\n",
    "A-2,2026-10-01 11:00:00,2000,주문취소,,카드\n",
    "A-3,2026-10-01 12:00:00,3000,부분환불,500,카드\n",
]


def write(tmp_path: Path, name: str, rows: list[str], encoding: str = "cp949") -> Path:
    path = tmp_path / name
    path.write_bytes((HEAD + "".join(rows)).encode(encoding))
    return path


def dump(ledger: Ledger) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(ledger.path)
    try:
        rows = [("o", *r) for r in conn.execute("SELECT * FROM orders ORDER BY id")]
        return rows + [("b", *r) for r in conn.execute("SELECT * FROM import_batches ORDER BY id")]
    finally:
        conn.close()


def orders(ledger: Ledger) -> dict[str, tuple[object, ...]]:
    conn = sqlite3.connect(ledger.path)
    try:
        q = "SELECT order_id, amount, status, refunded_amount, pay_method, batch_id FROM orders"
        return {r[0]: r[1:] for r in conn.execute(q)}
    finally:
        conn.close()


def test_first_import_inserts_and_records_a_batch(ledger: Ledger) -> None:
    report = import_orders(ledger, DATA / "cafe24_title_block_cp949.csv")
    assert (report.rows_read, report.orders, report.rows_folded) == (6, 5, 1)
    assert (report.inserted, report.updated, report.unchanged) == (5, 0, 0)
    assert report.encoding == "cp949" and report.header_row == 4 and not report.already_imported
    got = orders(ledger)
    assert got["O-1002"] == (
        30000,
        "cancelled",
        None,
        "가상계좌",
        report.batch_id,
    )  # NULL = full refund
    assert got["O-1003"][:3] == (55000, "partially_refunded", 5000)
    conn = sqlite3.connect(ledger.path)
    batch = conn.execute(
        "SELECT kind, file_name, file_sha256, rows_read, records, inserted, rows_folded,"
        " rows_skipped FROM import_batches"
    ).fetchall()
    conn.close()
    assert batch == [("orders", "cafe24_title_block_cp949.csv", report.file_sha256, 6, 5, 5, 1, 0)]
    assert any("합친 행: 1" in line for line in report.summary_lines())


def test_reimport_same_file_is_a_no_op(ledger: Ledger) -> None:
    first = import_orders(ledger, DATA / "basic_utf8.csv")
    before = dump(ledger)
    again = import_orders(ledger, DATA / "basic_utf8.csv")
    assert again.already_imported and again.batch_id == first.batch_id
    assert (again.inserted, again.updated) == (0, 0) and again.orders == 5
    assert dump(ledger) == before  # not even a batch row
    assert "이미" in again.summary_lines()[0]


def test_same_rows_other_file_or_options_count_as_unchanged(ledger: Ledger) -> None:
    import_orders(ledger, DATA / "basic_utf8.csv")
    other = import_orders(ledger, DATA / "app_headers.xlsx")  # same orders, different bytes
    assert (other.inserted, other.updated, other.unchanged) == (0, 0, 5)
    opts = import_orders(ledger, DATA / "basic_utf8.csv", ImportOptions(skip_bad_rows=True))
    assert not opts.already_imported and opts.unchanged == 5


def test_corrected_file_updates_only_changed_rows_in_place(ledger: Ledger, tmp_path: Path) -> None:
    first = import_orders(ledger, write(tmp_path, "v1.csv", ROWS))
    ids_before = {r[1]: r[0] for r in dump(ledger) if r[0] == "o"}
    fixed = ROWS[:2] + [
        "A-3,2026-10-01 12:00:00,3000,부분환불,700,카드\n",
        "A-4,2026-10-02 09:00:00,4000,결제완료,,\n",
    ]
    second = import_orders(ledger, write(tmp_path, "v2.csv", fixed))
    assert (second.inserted, second.updated, second.unchanged) == (1, 1, 2)
    got = orders(ledger)
    assert got["A-3"][2] == 700 and got["A-3"][4] == second.batch_id
    assert got["A-1"][4] == first.batch_id  # untouched rows keep their batch
    ids_after = {r[1]: r[0] for r in dump(ledger) if r[0] == "o"}
    assert all(ids_after[k] == v for k, v in ids_before.items())  # updated in place


def test_rejected_file_writes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    import_orders(ledger, write(tmp_path, "v1.csv", ROWS))
    before = dump(ledger)
    bad = write(
        tmp_path,
        "bad.csv",
        ROWS + ["A-9,2026-10-01,12a,결제완료,,\n", "A-1,2026-10-01 10:00:00,1,결제완료,,\n"],
    )
    with pytest.raises(InputError) as err:
        import_orders(ledger, bad)
    text = str(err.value)
    assert "'bad.csv' 5행, '결제금액' 열, 값 '12a'" in text and "--skip-bad-rows" in text
    assert "2, 6행" in text  # A-1 now disagrees with itself
    assert dump(ledger) == before


def test_skip_bad_rows_imports_the_rest_and_lists_every_skip(
    ledger: Ledger, tmp_path: Path
) -> None:
    rows = ROWS + ["A-9,2026-10-01,12a,결제완료,,\n", "A-10,어제,1,이상함,,\n"]
    report = import_orders(
        ledger, write(tmp_path, "some_bad.csv", rows), ImportOptions(skip_bad_rows=True)
    )
    assert report.inserted == 3
    assert [(p.row, p.column) for p in report.skipped] == [
        (5, "결제금액"),
        (6, "주문일시"),
        (6, "주문상태"),
    ]
    lines = report.summary_lines()
    assert any(line.startswith("건너뛴 행 2개 (이 주문들의 결제는 대사에서") for line in lines)
    assert any("'some_bad.csv' 6행, '주문상태' 열, 값 '이상함'" in line for line in lines)
    conn = sqlite3.connect(ledger.path)
    assert conn.execute("SELECT rows_skipped FROM import_batches").fetchone() == (2,)
    conn.close()
    again = import_orders(
        ledger, write(tmp_path, "some_bad.csv", rows), ImportOptions(skip_bad_rows=True)
    )
    assert again.already_imported and len(again.skipped) == 3


def test_status_map_option(ledger: Ledger, tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", ["A-1,2026-10-01 10:00:00,1000,보류,,\n"])
    with pytest.raises(InputError, match="'보류'"):
        import_orders(ledger, path)
    report = import_orders(ledger, path, ImportOptions(status_map={"보류": "awaiting_payment"}))
    assert report.inserted == 1 and orders(ledger)["A-1"][1] == "awaiting_payment"


def test_stores_are_separate(ledger: Ledger) -> None:
    import_orders(ledger, DATA / "basic_utf8.csv")
    other = import_orders(ledger, DATA / "basic_utf8.csv", ImportOptions(store="second"))
    assert not other.already_imported and other.inserted == 5


def test_cancel_during_write_rolls_everything_back(ledger: Ledger, tmp_path: Path) -> None:
    import_orders(ledger, write(tmp_path, "v1.csv", ROWS))
    before = dump(ledger)
    token = CancelToken()

    def progress(p: Progress) -> None:
        if p.message == "원장에 쓰는 중":
            token.cancel()  # after the upsert ran, before commit

    with pytest.raises(Cancelled):
        import_orders(
            ledger,
            write(tmp_path, "v2.csv", ROWS + ["A-4,2026-10-02,4000,결제완료,,\n"]),
            progress=progress,
            cancel=token,
        )
    assert dump(ledger) == before


def test_failure_while_recording_batch_rolls_back(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(ledger)

    def boom(*_a: object, **_k: object) -> None:
        raise OSError("disk went away")  # a fault we cannot cause for real mid-transaction

    monkeypatch.setattr(orders_repo, "finish_batch", boom)
    with pytest.raises(OSError):
        import_orders(ledger, write(tmp_path, "v1.csv", ROWS))
    assert dump(ledger) == before


def test_encrypted_xlsx_password_from_environment(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = DATA / "app_headers_encrypted.xlsx"
    with pytest.raises(PasswordRequired):
        import_orders(ledger, path)
    monkeypatch.setenv("RECON_XLSX_PASSWORD", "recon-test-pw")
    report = import_orders(ledger, path)
    assert report.inserted == 5 and report.sheet == "주문"
    assert "recon-test-pw" not in repr(ImportOptions(password="recon-test-pw"))
    conn = sqlite3.connect(ledger.path)
    assert (
        "recon-test-pw" not in conn.execute("SELECT report_json FROM import_batches").fetchone()[0]
    )
    conn.close()


def test_preview_shows_mapping_sample_and_unknown_statuses(tmp_path: Path) -> None:
    path = write(tmp_path, "p.csv", ROWS + ["A-4,2026-10-02,4000,보류,,\n"])
    preview = preview_orders(path)
    assert preview.encoding == "cp949" and preview.header_row == 1
    assert preview.mapping["amount"] == "결제금액" and preview.mapping["buyer_name"] is None
    assert preview.sample[0][:2] == ["A-1", "2026-10-01 10:00:00"]
    assert preview.unknown_statuses == ["보류"]
    assert any("잘못된 행 1개" in p for p in preview.problems)
    fixed = preview_orders(path, ImportOptions(status_map={"보류": "paid"}))
    assert fixed.unknown_statuses == [] and fixed.problems == []


def test_preview_reports_missing_columns_instead_of_raising(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("주문번호,주문일시,주문상태,금액\nA,2026-10-01,결제완료,1\n", encoding="utf-8")
    preview = preview_orders(path)
    assert preview.mapping["amount"] is None and "결제금액(amount)" in preview.problems[0]
    ok = preview_orders(path, ImportOptions(column_map={"amount": "금액"}))
    assert ok.problems == [] and ok.mapping["amount"] == "금액"


def test_preview_lists_sheets(tmp_path: Path) -> None:
    preview = preview_orders(DATA / "app_headers.xlsx")
    assert (
        preview.sheets == ["주문", "메모"] and preview.sheet == "주문" and preview.header_row == 2
    )


@pytest.mark.soak
def test_killed_import_leaves_ledger_as_before(tmp_path: Path) -> None:
    """SIGKILL in the middle of the write transaction: SQLite's WAL rolls it back on next open."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from recon_app.storage.db import open_ledger

    big = tmp_path / "big.csv"
    with open(big, "w", encoding="cp949") as f:
        f.write(HEAD)
        f.writelines(
            f"K-{i},2026-10-01 10:00:00,{1000 + i},결제완료,,카드\n" for i in range(400_000)
        )
    db = tmp_path / "k.sqlite3"
    led = open_ledger(db)
    import_orders(led, write(tmp_path, "v1.csv", ROWS))
    before = dump(led)
    led.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "recon_app", "--db", str(db), "import-orders", str(big)],
        cwd=Path(__file__).resolve().parents[2],
        env=dict(os.environ),
    )
    wal = Path(str(db) + "-wal")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 2_000_000:  # the upsert is under way
            break
        time.sleep(0.02)
    assert proc.poll() is None, "import finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    led = open_ledger(db)
    try:
        assert dump(led) == before
    finally:
        led.close()
