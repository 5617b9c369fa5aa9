"""`recon-app sync / import-payments / stores` end to end: exit codes, messages, and a sync
process SIGKILLed part-way that the next run completes exactly."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from recon_app.cli.main import main
from recon_app.domain.timeutil import KST
from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore

ROOT = Path(__file__).resolve().parents[2]


def kst(*args: int) -> int:
    return int(datetime(*args, tzinfo=KST).timestamp())


OCT_LO, OCT_HI = kst(2026, 10, 1), kst(2026, 11, 1) - 1


def ledger_matches_truth(db_path: Path, store: SandboxStore) -> int:
    """Status, amounts and cancels of every payment in the ledger equal the sandbox's; every
    October payment is present; no duplicates; the file is intact."""
    db = sqlite3.connect(db_path)
    rows = {
        r[0]: r[1:]
        for r in db.execute(
            "SELECT imp_uid, status, amount, cancel_amount, paid_at, cancelled_at FROM payments"
        )
    }
    cancels: dict[str, list] = {}
    for uid, amount, at in db.execute(
        "SELECT imp_uid, amount, cancelled_at FROM payment_cancels ORDER BY imp_uid, seq"
    ):
        cancels.setdefault(uid, []).append((amount, at))
    truth = {p["imp_uid"]: p for p in store.payments()}
    for uid, (status, amount, cancel_amount, paid_at, cancelled_at) in rows.items():
        p = truth[uid]
        assert (status, amount, cancel_amount, paid_at, cancelled_at) == (
            p["status"],
            p["amount"],
            p["cancel_amount"],
            p["paid_at"],
            p["cancelled_at"],
        ), uid
        assert cancels.get(uid, []) == [
            (c["amount"], c["cancelled_at"]) for c in p["cancel_history"]
        ], uid
    in_period = [
        u
        for u, p in truth.items()
        if OCT_LO <= p["started_at"] <= OCT_HI or OCT_LO <= p["paid_at"] <= OCT_HI
    ]
    assert set(in_period) <= set(rows)
    assert db.execute("SELECT COUNT(*) - COUNT(DISTINCT imp_uid) FROM payments").fetchone()[0] == 0
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    return len(in_period)


@pytest.fixture
def demo_server():
    store = SandboxStore.demo()
    with SandboxServer(store, port=0) as server:
        yield store, server


@pytest.fixture
def env_creds(monkeypatch, demo_server):
    _, server = demo_server
    monkeypatch.setenv("PORTONE_IMP_KEY", server.imp_key)
    monkeypatch.setenv("PORTONE_IMP_SECRET", server.imp_secret)
    return server


def test_sync_cli_happy_path(tmp_path, demo_server, env_creds, capsys):
    store, server = demo_server
    db = tmp_path / "l.sqlite3"
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
            "--concurrency",
            "2",
            "--max-rps",
            "200",
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "동기화 완료" in out.out and "새로 추가" in out.out
    assert ledger_matches_truth(db, store) > 0
    assert main(["--db", str(db), "stores"]) == 0
    listing = capsys.readouterr().out
    assert "default" in listing and "ok" in listing


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["--from", "2026-13-01", "--to", "2026-10-31"], "YYYY-MM-DD"),
        (["--from", "2026-10-31", "--to", "2026-10-01"], "거꾸로"),
        (["--from", "2026-10-01", "--to", "2026-10-31", "--concurrency", "0"], "concurrency"),
        (
            ["--from", "2026-10-01", "--to", "2026-10-31", "--api-base", "http://api.iamport.kr"],
            "https",
        ),
    ],
)
def test_bad_input_exits_2(tmp_path, env_creds, capsys, argv, needle):
    extra = [] if "--api-base" in argv else ["--api-base", env_creds.base_url]
    code = main(["--db", str(tmp_path / "l.sqlite3"), "sync", *argv, *extra])
    err = capsys.readouterr().err
    assert code == 2 and "오류:" in err and needle in err


def test_missing_credentials_exit_2(tmp_path, demo_server, capsys):
    _, server = demo_server
    code = main(
        [
            "--db",
            str(tmp_path / "l.sqlite3"),
            "sync",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            "--api-base",
            server.base_url,
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "PORTONE_IMP_KEY" in err and "set-credentials" in err


def test_rejected_credentials_exit_2(tmp_path, demo_server, monkeypatch, capsys):
    _, server = demo_server
    monkeypatch.setenv("PORTONE_IMP_KEY", server.imp_key)
    monkeypatch.setenv("PORTONE_IMP_SECRET", "not-the-secret")
    code = main(
        [
            "--db",
            str(tmp_path / "l.sqlite3"),
            "sync",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            "--api-base",
            server.base_url,
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "401" in err and "not-the-secret" not in err


def test_unreachable_exit_3(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PORTONE_IMP_KEY", "key-1234")
    monkeypatch.setenv("PORTONE_IMP_SECRET", "secret-1234")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = main(
        [
            "--db",
            str(tmp_path / "l.sqlite3"),
            "sync",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            "--api-base",
            f"http://127.0.0.1:{port}",
            "--retries",
            "2",
        ]
    )
    err = capsys.readouterr().err
    assert code == 3 and "연결할 수 없습니다" in err


def test_import_payments_cli(tmp_path, demo_server, capsys):
    store, _ = demo_server
    path = tmp_path / "dump.json"
    path.write_text(
        json.dumps({"code": 0, "message": None, "response": {"list": store.payments()[:50]}}),
        encoding="utf-8",
    )
    db = tmp_path / "l.sqlite3"
    assert main(["--db", str(db), "import-payments", str(path), "--store", "shop"]) == 0
    assert "새로 추가 50" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text('[{"imp_uid": "x"}]', encoding="utf-8")
    assert main(["--db", str(db), "import-payments", str(bad)]) == 2
    assert "merchant_uid" in capsys.readouterr().err


def test_stores_set_credentials_prompts_with_getpass(tmp_path, monkeypatch, capsys):
    import getpass

    import keyring

    answers = iter(["key-from-prompt", "secret-from-prompt"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    assert main(["--db", str(tmp_path / "l.sqlite3"), "stores", "set-credentials", "shop"]) == 0
    assert keyring.get_password("recon-app/portone/shop", "imp_secret") == "secret-from-prompt"
    assert "secret-from-prompt" not in capsys.readouterr().out


def test_stores_set_credentials_without_keyring(tmp_path, capsys):
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert main(["--db", str(tmp_path / "l.sqlite3"), "stores", "set-credentials", "shop"]) == 2
    finally:
        keyring.set_keyring(previous)
    assert "keyring" in capsys.readouterr().err


# ---- a real process, killed part-way ---------------------------------------------------------
def _cli(db: Path, server: SandboxServer, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "recon_app",
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
        "4",
        "--page-size",
        "50",
        "--concurrency",
        "2",
        *extra,
    ]


def _windows_done(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            row = con.execute("SELECT MAX(windows_done) FROM sync_runs").fetchone()
        finally:
            con.close()
        return int(row[0] or 0)
    except sqlite3.Error:
        return 0


def test_sigkill_part_way_then_resume(tmp_path):
    store = SandboxStore.generate(
        n_payments=900, seed=3, start=kst(2026, 10, 1), end=kst(2026, 11, 1)
    )
    # Refunds after October, so the windows after the period matter too.
    for p in store.payments()[:40]:
        if p["status"] == "paid":
            store.cancel(p["imp_uid"], at=kst(2026, 11, 20))
    db = tmp_path / "ledger.sqlite3"
    with SandboxServer(store, port=0, latency=0.03) as server:
        env = dict(
            os.environ,
            PORTONE_IMP_KEY=server.imp_key,
            PORTONE_IMP_SECRET=server.imp_secret,
            PYTHONPATH=str(ROOT),
        )
        proc = subprocess.Popen(
            _cli(db, server), env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 60
        while _windows_done(db) < 3:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        con = sqlite3.connect(db)
        partial = con.execute("SELECT COUNT(*) FROM payments").fetchone()[0]
        run1 = con.execute("SELECT outcome, windows_done FROM sync_runs").fetchone()
        con.close()
        assert run1[0] == "running" and 0 < partial < 900

        seen_before = len(server.requests)
        done = subprocess.run(
            _cli(db, server), env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert "이어서" in done.stdout
        # This machine has no keyring backend: the CLI says so and uses the environment.
        assert "no keyring backend" in done.stderr
        assert ledger_matches_truth(db, store) == 900
        con = sqlite3.connect(db)
        runs = con.execute("SELECT id, outcome, error FROM sync_runs ORDER BY id").fetchall()
        con.close()
        assert runs[0][1] == "failed" and "#2" in runs[0][2] and runs[1][1] == "ok"
        # The resumed run did not start again from October 1st.
        first_from = min(
            int(q["from"][-1] if isinstance(q["from"], list) else q["from"])
            for (_, path, q, _s) in server.requests[seen_before:]
            if path.startswith("/payments/status")
        )
        assert first_from > OCT_LO

    # Secrets: not in the ledger's bytes, not in the log the CLI wrote.
    blob = b"".join(p.read_bytes() for p in tmp_path.glob("ledger.sqlite3*"))
    log_dir = Path(os.environ["RECON_DATA_DIR"]) / "logs"
    logs = b"".join(p.read_bytes() for p in log_dir.glob("*")) if log_dir.exists() else b""
    for secret in (server.imp_key, server.imp_secret):
        assert secret.encode() not in blob and secret.encode() not in logs


def test_sync_sandbox_flag_uses_bundled_demo_store(tmp_path, capsys):
    db = tmp_path / "l.sqlite3"
    code = main(
        ["--db", str(db), "sync", "--sandbox", "--from", "2026-10-01", "--to", "2026-10-31"]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "샌드박스" in out.err and "동기화 완료" in out.out
    assert ledger_matches_truth(db, SandboxStore.demo()) > 0
    code = main(
        [
            "--db",
            str(db),
            "sync",
            "--sandbox",
            "--api-base",
            "https://x.test",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
        ]
    )
    assert code == 2
