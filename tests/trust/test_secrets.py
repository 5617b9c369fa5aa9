"""The API key and secret never land in the ledger, the data dir, logs, crash logs, reports or argv.

One full flow with a distinctive key/secret that the sandbox is built to accept:

1. a `python -m recon_app sync` subprocess (credentials from the environment) — while it runs,
   its /proc/<pid>/cmdline is read;
2. in-process CLI: credentials saved to the (in-memory) keyring, sync again from the keyring,
   import the demo orders, reconcile with xlsx/csv/json reports;
3. errors that get logged: a 5xx storm (ApiUnreachable, retry warnings), a rejected secret
   (CredentialsError), and an unexpected crash whose exception text carries the secret (the
   CLI's "unexpected error" path writes the traceback to the log file).

Then every file under the data dir, the ledger with -wal/-shm, the reports and the log are
searched for the secret and the key, raw and in their base64 / URL-encoded / JSON-escaped forms.
"""

from __future__ import annotations

import base64
import json
import logging
import subprocess
import time
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from trust_support import cli, cli_env

from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore

KEY = "trustKey4417203958"
SECRET = "Tr0st/Secret+Value=91x#kq&z"


def _forms(value: str) -> set[bytes]:
    raw = value.encode()
    return {
        raw,
        base64.b64encode(raw),
        base64.urlsafe_b64encode(raw),
        quote(value).encode(),
        quote_plus(value).encode(),
        json.dumps(value).encode()[1:-1],
        base64.b64encode(f"{KEY}:{SECRET}".encode()),
    }


def _leaks(blob: bytes) -> list[str]:
    found = []
    for label, value in (("key", KEY), ("secret", SECRET)):
        for form in _forms(value):
            if form in blob:
                found.append(f"{label} as {form[:12]!r}…")
    return found


@pytest.fixture
def app_log(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The app's own file logging (setup_logging), pointed at this test's data dir."""
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


def test_no_secret_anywhere_after_a_full_flow(
    tmp_path: Path, app_log: Path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from recon_app.cli.main import main
    from recon_app.paths import user_data_dir
    from recon_app.sandbox.demo import demo_orders_path
    from recon_app.services import syncing
    from recon_app.services.credentials import Credentials, save_credentials

    data = user_data_dir()
    db = data / "ledger.sqlite3"
    out = tmp_path / "reports"
    out.mkdir()
    store = SandboxStore.demo()
    cmdlines: list[bytes] = []
    sync_args = ["sync", "--from", "2026-10-01", "--to", "2026-10-31", "--store", "demo"]
    with SandboxServer(store, port=0, latency=0.03, imp_key=KEY, imp_secret=SECRET) as server:
        # 1. a real process, credentials from the environment; read its argv while it runs.
        env = cli_env(PORTONE_IMP_KEY=KEY, PORTONE_IMP_SECRET=SECRET)
        proc = subprocess.Popen(
            cli(
                "--db",
                str(db),
                *sync_args,
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
            if line:  # empty for a moment while the process starts or exits
                cmdlines.append(line)
            time.sleep(0.05)
        stdout, stderr = proc.communicate(timeout=60)
        assert proc.returncode == 0, stderr.decode()
        assert any(b"recon_app" in c and b"sync" in c for c in cmdlines)
        assert not _leaks(stdout + stderr)

        # 2. in-process: keyring, sync, import, reconcile with every report.
        save_credentials("demo", Credentials(KEY, SECRET))
        assert main(["--db", str(db), *sync_args, "--api-base", server.base_url]) == 0
        assert (
            main(["--db", str(db), "import-orders", str(demo_orders_path()), "--store", "demo"])
            == 0
        )
        assert (
            main(
                [
                    "--db",
                    str(db),
                    "reconcile",
                    "--month",
                    "2026-10",
                    "--store",
                    "demo",
                    "--xlsx",
                    str(out / "r.xlsx"),
                    "--csv",
                    str(out / "r.csv"),
                    "--json",
                    str(out / "r.json"),
                ]
            )
            == 0
        )

        # 3. errors that are logged.
        server.faults.server_error(n=20, status=503)
        assert (
            main(["--db", str(db), *sync_args, "--api-base", server.base_url, "--retries", "2"])
            == 3
        )
        server.faults.clear()
        save_credentials("demo", Credentials(KEY, SECRET + "x"))
        assert main(["--db", str(db), *sync_args, "--api-base", server.base_url]) == 2
        save_credentials("demo", Credentials(KEY, SECRET))

        def crash(*_a, **_k):  # type: ignore[no-untyped-def]
            raise RuntimeError(f"unexpected: POST /users/getToken imp_key={KEY} body={SECRET}")

        monkeypatch.setattr(syncing.payments_repo, "upsert_payments", crash)
        assert main(["--db", str(db), *sync_args, "--api-base", server.base_url]) == 1
    printed = capsys.readouterr()

    files = [p for p in data.rglob("*") if p.is_file()] + list(out.iterdir())
    assert db.exists() and app_log.exists() and (out / "r.xlsx").exists()
    log_text = app_log.read_text(encoding="utf-8")
    assert "unexpected error" in log_text and "Traceback" in log_text  # the crash really was logged
    leaks = {str(p): _leaks(p.read_bytes()) for p in files}
    leaks = {k: v for k, v in leaks.items() if v}
    leaks_cmd = [_leaks(c) for c in cmdlines if _leaks(c)]
    assert not leaks_cmd, leaks_cmd
    assert not _leaks((printed.out + printed.err).encode())
    assert not leaks, leaks
