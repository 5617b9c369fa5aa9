"""The Toss secret key never lands in the ledger, the data dir, logs or output (the approach of
test_secrets.py): syncs from the environment and the keyring, a 5xx storm, a refused key and a
crash whose text carries the key; then every file is searched for the key raw and in its
base64 (the Basic auth header's ``key:``), URL-encoded and JSON-escaped forms."""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore

SECRET = "test_sk_Tru5t+Toss/Key=77#q&z"


def _forms(value: str) -> set[bytes]:
    raw = value.encode()
    basic = f"{value}:".encode()
    return {
        raw,
        base64.b64encode(raw),
        base64.b64encode(basic),
        base64.urlsafe_b64encode(basic),
        quote(value).encode(),
        quote_plus(value).encode(),
        json.dumps(value).encode()[1:-1],
    }


@pytest.fixture
def app_log(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    import recon_app.logs as logs

    app_logger = logging.getLogger("recon_app")
    before = list(app_logger.handlers)
    monkeypatch.setattr(logs, "_configured", False)
    logs.setup_logging(logging.DEBUG)
    yield logs.log_file()
    for h in app_logger.handlers:
        if h not in before:
            app_logger.removeHandler(h)
            h.close()


def test_no_toss_secret_anywhere_after_a_full_flow(app_log: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from recon_app.cli.main import main
    from recon_app.paths import user_data_dir
    from recon_app.services import syncing
    from recon_app.services.credentials import TossCredentials, save_toss_credentials

    data = user_data_dir()
    db = data / "ledger.sqlite3"
    args = ["--db", str(db), "sync", "--from", "2026-10-01", "--to", "2026-10-31"]
    with SandboxServer(SandboxStore.demo(), api="toss", toss_secret_key=SECRET) as server:
        args += ["--store", "t", "--api-base", server.base_url]
        monkeypatch.setenv("TOSS_SECRET_KEY", SECRET)
        assert main([*args, "--provider", "toss"]) == 0
        monkeypatch.delenv("TOSS_SECRET_KEY")
        save_toss_credentials("t", TossCredentials(SECRET))
        assert main(args) == 0
        server.faults.server_error(n=20, status=503)
        assert main([*args, "--retries", "2"]) == 3
        server.faults.clear()
        save_toss_credentials("t", TossCredentials(SECRET + "x"))
        assert main(args) == 2
        save_toss_credentials("t", TossCredentials(SECRET))

        def crash(*_a, **_k):  # type: ignore[no-untyped-def]
            raise RuntimeError(f"unexpected: Authorization Basic {SECRET}:")

        monkeypatch.setattr(syncing.payments_repo, "upsert_payments", crash)
        assert main(args) == 1
    printed = capsys.readouterr()
    needles = _forms(SECRET)

    def leaks(blob: bytes) -> list[bytes]:
        return [n[:8] for n in needles if n in blob]

    log_text = app_log.read_text(encoding="utf-8")
    assert "unexpected error" in log_text and "Traceback" in log_text
    assert not leaks((printed.out + printed.err).encode())
    found = {str(p): leaks(p.read_bytes()) for p in data.rglob("*") if p.is_file()}
    assert not {k: v for k, v in found.items() if v}
