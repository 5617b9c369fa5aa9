"""`recon-app sandbox` runs the server in the foreground and stops cleanly on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import httpx

from recon_app.sandbox.demo import DEMO_IMP_KEY, DEMO_IMP_SECRET


def test_sandbox_command_serves_the_demo_until_ctrl_c(tmp_path) -> None:
    env = {**os.environ, "RECON_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "recon_app.cli.main", "sandbox", "--demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        lines = [proc.stdout.readline() for _ in range(5)]
        assert lines[0].startswith("PortOne 샌드박스 실행 중: http://127.0.0.1:"), lines
        url = lines[0].split()[-1]
        assert DEMO_IMP_KEY in lines[2] and DEMO_IMP_SECRET in lines[3]
        r = httpx.post(
            url + "/users/getToken", json={"imp_key": DEMO_IMP_KEY, "imp_secret": DEMO_IMP_SECRET}
        )
        assert r.status_code == 200
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "멈췄습니다" in out and "Traceback" not in err


def test_sandbox_command_refuses_a_bad_port(capsys) -> None:  # type: ignore[no-untyped-def]
    from recon_app.cli.main import main

    assert main(["sandbox", "--port", "70000"]) == 2
    assert "--port" in capsys.readouterr().err
