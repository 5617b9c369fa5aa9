"""A ledger damaged in the middle (a bad disk sector, a half-copied file) is refused by every
command with a clear message, exit 2, and its bytes are never changed.

tests/storage/test_migrations.py covers open_ledger on a zip, a truncated header, a foreign or
newer database; this damages data pages deep inside a valid-looking file and goes through the CLI.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from recon_app.services.importing import import_orders
from recon_app.storage.db import open_ledger


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    rows = ["주문번호,주문일시,결제금액,주문상태,주문자명"]
    rows += [f"A-{i},2026-10-0{1 + i % 9} 10:00:00,{1000 + i},결제완료,손님" for i in range(5000)]
    orders = tmp_path / "a.csv"
    orders.write_text("\n".join(rows) + "\n", encoding="utf-8")
    db = tmp_path / "ledger.sqlite3"
    led = open_ledger(db)
    import_orders(led, orders)
    led.close()
    data = bytearray(db.read_bytes())
    mid = len(data) // 2
    for off in range(mid, mid + 4096, 7):  # scribble over one page in the middle
        data[off] ^= 0xFF
    db.write_bytes(bytes(data))
    return db


@pytest.mark.parametrize(
    "argv",
    [
        ["import-orders", "{orders}"],
        ["reconcile", "--month", "2026-10", "--xlsx", "{out}"],
        ["sync", "--from", "2026-10-01", "--to", "2026-10-31", "--sandbox"],
        ["stores"],
    ],
)
def test_damaged_ledger_is_refused_by_every_command(
    damaged: Path, tmp_path: Path, argv: list[str], capsys
) -> None:  # type: ignore[no-untyped-def]
    from recon_app.cli.main import main

    other = tmp_path / "b.csv"
    other.write_text(
        "주문번호,주문일시,결제금액,주문상태\nB-1,2026-10-01 10:00:00,1000,결제완료\n",
        encoding="utf-8",
    )
    args = [a.format(orders=other, out=tmp_path / "r.xlsx") for a in argv]
    before = hashlib.sha256(damaged.read_bytes()).hexdigest()
    code = main(["--db", str(damaged), *args])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "손상" in err and str(damaged) in err and "Traceback" not in err
    assert hashlib.sha256(damaged.read_bytes()).hexdigest() == before
    assert not (tmp_path / "r.xlsx").exists()
