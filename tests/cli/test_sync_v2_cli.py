"""`recon-app sync --provider portone-v2` end to end against the V2 sandbox over HTTP."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from recon_app.cli.main import main
from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore

PERIOD = ["--from", "2026-10-01", "--to", "2026-10-31"]


def requests_to(server: SandboxServer, prefix: str) -> list[Any]:
    """The requests the sandbox served whose path starts with ``prefix``."""
    return [r for r in server.requests if r.path.startswith(prefix)]


@pytest.fixture
def v2() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxStore.demo(), api="portone-v2") as server:
        yield server


def _stores(db: Path) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(db) as raw:
        return raw.execute("SELECT name, provider, order_id_from FROM stores").fetchall()


def test_sync_v2_from_env_secret_and_the_store_remembers(
    tmp_path: Path, v2: SandboxServer, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PORTONE_API_SECRET", v2.api_secret)
    monkeypatch.setenv("PORTONE_STORE_ID", v2.store_id)
    db = tmp_path / "l.sqlite3"
    args = ["--db", str(db), "sync", *PERIOD, "--store", "shop", "--api-base", v2.base_url]
    code = main([*args, "--provider", "portone-v2", "--order-id-from", "custom:orderId"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "결제 동기화 완료" in out
    assert _stores(db) == [("shop", "portone-v2", "custom:orderId")]
    with sqlite3.connect(db) as raw:
        (count,) = raw.execute("SELECT COUNT(*) FROM payments").fetchone()
    assert count > 150
    logins = len(requests_to(v2, "/login/api-secret"))
    assert main(args) == 0  # no --provider: the store's own
    assert len(requests_to(v2, "/login/api-secret")) == logins + 1
    assert _stores(db) == [("shop", "portone-v2", "custom:orderId")]


def test_missing_v2_secret_is_a_clear_exit_2(tmp_path: Path, v2: SandboxServer, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "l.sqlite3"
    code = main(
        ["--db", str(db), "sync", *PERIOD, "--provider", "portone-v2", "--api-base", v2.base_url]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "PORTONE_API_SECRET" in err and "Traceback" not in err
    assert v2.requests == []


def test_bad_order_id_rule_exits_2_before_any_request(
    tmp_path: Path, v2: SandboxServer, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PORTONE_API_SECRET", v2.api_secret)
    db = tmp_path / "l.sqlite3"
    code = main(
        [
            "--db",
            str(db),
            "sync",
            *PERIOD,
            "--provider",
            "portone-v2",
            "--api-base",
            v2.base_url,
            "--order-id-from",
            "regex:nogroup",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "--order-id-from" in err
    assert v2.requests == []


def test_sandbox_flag_serves_the_v2_api(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "l.sqlite3"
    assert main(["--db", str(db), "sync", *PERIOD, "--provider", "portone-v2", "--sandbox"]) == 0
    assert "결제 동기화 완료" in capsys.readouterr().out
    assert _stores(db) == [("default", "portone-v2", None)]


def test_v2_secret_saved_from_stdin_then_used_by_sync(
    tmp_path: Path, v2: SandboxServer, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    import io

    db = tmp_path / "l.sqlite3"
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{v2.api_secret}\n{v2.store_id}\n"))
    assert main(["stores", "set-credentials", "shop", "--provider", "portone-v2"]) == 0
    argv = ["--db", str(db), "sync", *PERIOD, "--store", "shop", "--provider", "portone-v2"]
    assert main([*argv, "--api-base", v2.base_url]) == 0
    sent = requests_to(v2, "/payments")
    assert sent and all(v2.store_id in r.query["requestBody"] for r in sent)  # storeId kept
    assert main(["--db", str(db), "stores"]) == 0
    listing = capsys.readouterr().out
    assert "shop" in listing and "portone-v2" in listing
    assert v2.api_secret not in listing


def test_sandbox_command_serves_v2(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "recon_app", "sandbox", "--demo", "--api", "portone-v2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline()  # type: ignore[union-attr]
        assert first.startswith("PortOne V2 샌드박스 실행 중: http://127.0.0.1:"), first
        base = first.rsplit(" ", 1)[-1].strip()
        import httpx

        from recon_app.sandbox.v2 import DEMO_V2_SECRET

        login = httpx.post(f"{base}/login/api-secret", json={"apiSecret": DEMO_V2_SECRET})
        assert login.status_code == 200 and login.json()["accessToken"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
