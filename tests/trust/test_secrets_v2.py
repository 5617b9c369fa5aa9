"""The PortOne V2 API secret and the tokens it buys never land in the ledger, the data dir,
logs, reports or argv (the approach of test_secrets.py, for the V2 provider).

A real `python -m recon_app sync --provider portone-v2` process (secret from the environment;
its /proc/<pid>/cmdline read while it runs), then in-process syncs from the keyring with token
expiry (refresh) mid-sync, a 5xx storm, a rejected secret and a crash whose exception text
carries the secret. Every file is then searched for the secret and every access and refresh
token the sandbox issued, raw and base64 / URL-encoded / JSON-escaped.
"""

from __future__ import annotations

import base64
import json
import logging
import subprocess
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
from trust_support import cli, cli_env

from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore

SECRET = "V2tru5t/Secret+Value=55x#kq&z"
STORE_ID = "store-trust-0001"


def requests_to(server: SandboxServer, prefix: str) -> list[Any]:
    """The requests the sandbox served whose path starts with ``prefix``."""
    return [r for r in server.requests if r.path.startswith(prefix)]


def _forms(value: str) -> set[bytes]:
    raw = value.encode()
    return {
        raw,
        base64.b64encode(raw),
        base64.urlsafe_b64encode(raw),
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


def test_no_v2_secret_or_token_anywhere_after_a_full_flow(
    tmp_path: Path, app_log: Path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from recon_app.cli.main import main
    from recon_app.paths import user_data_dir
    from recon_app.services import syncing
    from recon_app.services.credentials import PortOneV2Credentials, save_v2_credentials

    data = user_data_dir()
    db = data / "ledger.sqlite3"
    cmdlines: list[bytes] = []
    issued: list[str] = []
    sync_args = ["sync", "--from", "2026-10-01", "--to", "2026-10-31", "--store", "v2shop"]
    server = SandboxServer(
        SandboxStore.demo(), api="portone-v2", api_secret=SECRET, store_id=STORE_ID, latency=0.02
    )
    real_issue = server.api.tokens.issue

    def recording_issue() -> tuple[str, str]:
        pair = real_issue()
        issued.extend(pair)
        return pair

    monkeypatch.setattr(server.api.tokens, "issue", recording_issue)
    with server:
        # 1. a real process, the secret from the environment; read its argv while it runs.
        env = cli_env(PORTONE_API_SECRET=SECRET, PORTONE_STORE_ID=STORE_ID)
        proc = subprocess.Popen(
            cli(
                "--db",
                str(db),
                *sync_args,
                "--provider",
                "portone-v2",
                "--api-base",
                server.base_url,
                "--concurrency",
                "1",
                "--window-days",
                "2",
            ),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                line = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
            except OSError:
                line = b""
            if line:
                cmdlines.append(line)
            time.sleep(0.05)
        stdout, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 0, stderr.decode()
        assert any(b"recon_app" in c and b"sync" in c for c in cmdlines)

        # 2. in-process from the keyring, with the access token expiring mid-sync (refresh).
        save_v2_credentials("v2shop", PortOneV2Credentials(SECRET, STORE_ID))
        server.faults.call_after(5, server.faults.expire_tokens)
        assert main(["--db", str(db), *sync_args, "--api-base", server.base_url]) == 0
        assert requests_to(server, "/token/refresh")

        # 3. errors that are logged.
        server.faults.server_error(n=20, status=503)
        code = main(["--db", str(db), *sync_args, "--api-base", server.base_url, "--retries", "2"])
        assert code == 3
        server.faults.clear()
        save_v2_credentials("v2shop", PortOneV2Credentials(SECRET + "x", STORE_ID))
        assert main(["--db", str(db), *sync_args, "--api-base", server.base_url]) == 2
        save_v2_credentials("v2shop", PortOneV2Credentials(SECRET, STORE_ID))

        def crash(*_a, **_k):  # type: ignore[no-untyped-def]
            raise RuntimeError(f"unexpected: POST /login/api-secret apiSecret={SECRET}")

        monkeypatch.setattr(syncing.payments_repo, "upsert_payments", crash)
        assert main(["--db", str(db), *sync_args, "--api-base", server.base_url]) == 1
    printed = capsys.readouterr()

    assert len(issued) >= 6  # logins and refreshes really happened
    needles = {f"secret as {f[:10]!r}": f for f in _forms(SECRET)}
    needles.update({f"token {t[:6]}…": t.encode() for t in issued})

    def leaks(blob: bytes) -> list[str]:
        return [label for label, needle in needles.items() if needle in blob]

    files = [p for p in data.rglob("*") if p.is_file()]
    assert db.exists() and app_log.exists()
    log_text = app_log.read_text(encoding="utf-8")
    assert "unexpected error" in log_text and "Traceback" in log_text
    assert not [leaks(c) for c in cmdlines if leaks(c)]
    assert not leaks(stdout + stderr)
    assert not leaks((printed.out + printed.err).encode())
    found = {str(p): leaks(p.read_bytes()) for p in files}
    assert not {k: v for k, v in found.items() if v}
