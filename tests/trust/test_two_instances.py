"""Two app instances on one ledger: both succeed, or one is told clearly that the ledger is busy.

tests/storage/test_migrations.py already has two Ledger objects writing in threads of one
process. Here they are two real processes running `python -m recon_app` at once, and the busy
path is provoked with a real SQLite write lock held by another connection.
"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from trust_support import assert_intact, assert_ledger_equals_truth, cli, cli_env, count, kst

from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore

BUSY = "쓰고 있습니다"


def _orders(path: Path, prefix: str, n: int) -> Path:
    lines = ["주문번호,주문일시,결제금액,주문상태,주문자명"]
    lines += [
        f"{prefix}-{i:06d},2026-10-{1 + i % 28:02d} 12:00:00,{1000 + i},결제완료,손님{i}"
        for i in range(n)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _both(argvs: list[list[str]], env: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen(a, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for a in argvs
    ]
    out = []
    for p, a in zip(procs, argvs):
        stdout, stderr = p.communicate(timeout=300)
        out.append(subprocess.CompletedProcess(a, p.returncode, stdout, stderr))
    return out


def _ok_or_busy(done: subprocess.CompletedProcess[str]) -> bool:
    """True if it succeeded; False if it was refused as busy (exit 2, clear message)."""
    assert "Traceback" not in done.stderr, done.stderr
    if done.returncode == 0:
        return True
    assert done.returncode == 2 and BUSY in done.stderr, (done.returncode, done.stderr)
    return False


def test_two_processes_import_into_one_ledger(tmp_path: Path) -> None:
    db = tmp_path / "ledger.sqlite3"
    a = _orders(tmp_path / "a.csv", "A", 6000)
    b = _orders(tmp_path / "b.csv", "B", 6000)
    results = _both(
        [
            cli("--db", str(db), "import-orders", str(a)),
            cli("--db", str(db), "import-orders", str(b)),
        ],
        cli_env(),
    )
    ok = [_ok_or_busy(r) for r in results]
    assert any(ok)
    assert_intact(db)
    expected = 6000 * sum(ok)
    assert count(db, "SELECT COUNT(*) FROM orders") == expected
    assert count(db, "SELECT COUNT(*) FROM import_batches") == sum(ok)
    for prefix, good in zip("AB", ok):
        assert count(db, f"SELECT COUNT(*) FROM orders WHERE order_id LIKE '{prefix}-%'") == (
            6000 if good else 0
        )


def test_two_processes_sync_into_one_ledger(tmp_path: Path) -> None:
    """Same store, same period, at the same time: both finish, and the ledger is the truth."""
    store = SandboxStore.generate(
        n_payments=1500, seed=31, start=kst(2026, 10, 1), end=kst(2026, 11, 1)
    )
    db = tmp_path / "ledger.sqlite3"
    with SandboxServer(store, port=0, latency=0.01) as server:
        env = cli_env(PORTONE_IMP_KEY=server.imp_key, PORTONE_IMP_SECRET=server.imp_secret)
        argv = cli(
            "--db",
            str(db),
            "sync",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            "--api-base",
            server.base_url,
            "--window-days",
            "3",
            "--page-size",
            "50",
        )
        results = _both([argv, argv], env)
    ok = [_ok_or_busy(r) for r in results]
    assert any(ok)
    assert_ledger_equals_truth(db, store)
    runs = sqlite3.connect(db).execute("SELECT outcome FROM sync_runs").fetchall()
    assert ("running",) not in runs and runs.count(("ok",)) == sum(ok)


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app waits 15 s for a busy ledger; the lock below is real, only the wait is shorter."""
    import recon_app.storage.db as db_module

    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 300)


def _hold_write_lock(db: Path) -> sqlite3.Connection:
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")  # what another Recon instance's write transaction holds
    return con


@pytest.mark.usefixtures("short_busy_timeout")
def test_busy_ledger_import_is_refused_clearly_and_changes_nothing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from recon_app.cli.main import main

    db = tmp_path / "ledger.sqlite3"
    assert main(["--db", str(db), "import-orders", str(_orders(tmp_path / "a.csv", "A", 50))]) == 0
    before = sqlite3.connect(db).execute("SELECT * FROM orders ORDER BY id").fetchall()
    capsys.readouterr()
    lock = _hold_write_lock(db)
    try:
        t0 = time.monotonic()
        code = main(["--db", str(db), "import-orders", str(_orders(tmp_path / "b.csv", "B", 50))])
        waited = time.monotonic() - t0
    finally:
        lock.rollback()
        lock.close()
    err = capsys.readouterr().err
    assert code == 2 and BUSY in err and "Traceback" not in err, err
    assert waited < 30
    assert sqlite3.connect(db).execute("SELECT * FROM orders ORDER BY id").fetchall() == before
    assert_intact(db)


@pytest.mark.usefixtures("short_busy_timeout")
def test_busy_ledger_sync_is_refused_clearly_and_changes_nothing(
    tmp_path: Path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from recon_app.cli.main import main

    db = tmp_path / "ledger.sqlite3"
    store = SandboxStore.demo()
    assert main(["--db", str(db), "stores"]) in (0, 2)  # creates the ledger file
    with SandboxServer(store, port=0) as server:
        monkeypatch.setenv("PORTONE_IMP_KEY", server.imp_key)
        monkeypatch.setenv("PORTONE_IMP_SECRET", server.imp_secret)
        lock = _hold_write_lock(db)
        try:
            code = main(
                [
                    "--db",
                    str(db),
                    "sync",
                    "--from",
                    "2026-10-01",
                    "--to",
                    "2026-10-31",
                    "--api-base",
                    server.base_url,
                ]
            )
        finally:
            lock.rollback()
            lock.close()
    err = capsys.readouterr().err
    assert code == 2 and BUSY in err and "Traceback" not in err, err
    assert count(db, "SELECT COUNT(*) FROM payments") == 0
    assert_intact(db)
