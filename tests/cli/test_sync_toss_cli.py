"""`recon-app sync --provider toss` end to end against the Toss sandbox over HTTP."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from recon_app.cli.main import main
from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore

PERIOD = ["--from", "2026-10-01", "--to", "2026-10-31"]


def test_sync_toss_from_env_then_from_the_keyring(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "l.sqlite3"
    with SandboxServer(SandboxStore.demo(), api="toss") as toss:
        monkeypatch.setenv("TOSS_SECRET_KEY", toss.secret_key)
        argv = ["--db", str(db), "sync", *PERIOD, "--store", "t", "--api-base", toss.base_url]
        assert main([*argv, "--provider", "toss"]) == 0
        assert "결제 동기화 완료" in capsys.readouterr().out
        monkeypatch.delenv("TOSS_SECRET_KEY")
        assert main(argv) == 2  # the store is a Toss store; no secret key anywhere now
        assert "TOSS_SECRET_KEY" in capsys.readouterr().err
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{toss.secret_key}\n"))
        assert main(["stores", "set-credentials", "t", "--provider", "toss"]) == 0
        assert main(argv) == 0
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT name, provider FROM stores").fetchall() == [("t", "toss")]
        (count,) = raw.execute("SELECT COUNT(*) FROM payments WHERE provider = 'toss'").fetchone()
    assert count > 150


def test_sandbox_flag_serves_toss(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "l.sqlite3"
    assert main(["--db", str(db), "sync", *PERIOD, "--provider", "toss", "--sandbox"]) == 0
    assert "결제 동기화 완료" in capsys.readouterr().out
