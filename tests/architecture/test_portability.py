"""Nothing on the app's path assumes Linux (issue 10): no POSIX-only calls, a Windows-like
process runs the whole demo, a locked report keeps the old file, a CP949 console never crashes."""

from __future__ import annotations

import ast
import io
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from recon_app.console import make_safe

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "recon_app"

#: Modules that do not exist on Windows, and os/signal names that are POSIX-only.
POSIX_MODULES = {"fcntl", "pwd", "grp", "resource", "termios", "tty", "pty", "posix"}
POSIX_OS_NAMES = {
    "fork", "forkpty", "getuid", "geteuid", "getgid", "getegid", "setuid", "setgid", "kill",
    "killpg", "statvfs", "getloadavg", "sched_getaffinity", "nice", "chown", "setsid",
}  # fmt: skip
POSIX_SIGNALS = {"SIGKILL", "SIGHUP", "SIGALRM", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGPIPE"}


def _posix_only_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            found += [f"import {n}" for n in names if n and n.split(".")[0] in POSIX_MODULES]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "os" and node.attr in POSIX_OS_NAMES:
                found.append(f"os.{node.attr}")
            if node.value.id == "signal" and node.attr in POSIX_SIGNALS:
                found.append(f"signal.{node.attr}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and (node.value.startswith("/proc/") or node.value in ("/proc", "/tmp", "/dev/null"))
        ):
            found.append(repr(node.value))
    return found


def test_no_posix_only_call_anywhere_in_the_app() -> None:
    hits = {
        str(p.relative_to(ROOT)): uses for p in APP.rglob("*.py") if (uses := _posix_only_uses(p))
    }
    assert hits == {}


def test_the_scan_finds_posix_only_calls(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import fcntl\nimport os, signal\nos.kill(1, signal.SIGKILL)\nos.getuid()\n"
        "open('/proc/self/status')\n",
        encoding="utf-8",
    )
    assert _posix_only_uses(sample) == [
        "import fcntl",
        "os.kill",
        "signal.SIGKILL",
        "os.getuid",
        "'/proc/self/status'",
    ]


@pytest.fixture
def windows_like(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process as Windows would have it: sys.platform 'win32', POSIX-only os functions and
    signals absent, POSIX-only modules unimportable. The app's (non-GUI) modules are imported
    first: third-party libraries pick their platform code at import, which cannot be faked; what
    is tested is the app's own run-time calls."""
    import importlib
    import pkgutil

    import recon_app

    for info in pkgutil.walk_packages(recon_app.__path__, "recon_app."):
        if ".gui" not in info.name and not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    monkeypatch.setattr(sys, "platform", "win32")
    for name in POSIX_OS_NAMES:
        if hasattr(os, name):
            monkeypatch.delattr(os, name)
    for name in POSIX_SIGNALS:
        if hasattr(signal, name):
            monkeypatch.delattr(signal, name)
    for module in POSIX_MODULES:
        monkeypatch.setitem(sys.modules, module, None)  # `import fcntl` -> ImportError


def test_whole_demo_runs_without_posix_only_functions(
    windows_like: None, tmp_path: Path, capsys: Any
) -> None:
    from recon_app.cli.main import main

    assert main(["demo", "--out", str(tmp_path / "demo")]) == 0
    assert (tmp_path / "demo" / "recon-2026-10.xlsx").stat().st_size > 10_000
    assert (tmp_path / "demo" / "recon-2026-10.json").exists()
    assert main(["--db", str(tmp_path / "demo" / "demo-ledger.sqlite3"), "fees", "show"]) == 0
    assert "[card] 3.2%" in capsys.readouterr().out


def test_gui_start_needs_no_display_variable_off_linux(
    windows_like: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The DISPLAY guard (a Linux Qt without a display aborts) must not stop Windows or macOS."""
    from recon_app.gui.app import _ensure_platform

    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert _ensure_platform(smoke=False) is None
    monkeypatch.setattr(sys, "platform", "darwin")
    assert _ensure_platform(smoke=False) is None
    assert "QT_QPA_PLATFORM" not in os.environ  # nothing forced offscreen
    monkeypatch.setattr(sys, "platform", "linux")
    assert "DISPLAY" in (_ensure_platform(smoke=False) or "")


# -- a report open in Excel (Windows locks it) ------------------------------------------------------
def test_report_locked_by_excel_is_said_and_the_old_file_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows, replacing a file Excel has open fails with PermissionError (WinError 5/32);
    simulated at os.replace, the one call that meets the lock."""
    from recon_app.adapters.report.atomic import write_atomic
    from recon_app.domain.errors import InputError

    target = tmp_path / "recon-2026-10.xlsx"
    target.write_bytes(b"last month's report")

    def locked(*_a: Any, **_k: Any) -> None:
        raise PermissionError(13, "The process cannot access the file", str(target))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(InputError) as err:
        write_atomic(target, lambda tmp: tmp.write_bytes(b"new report"), "보고서")
    message = str(err.value)
    assert "Excel" in message and "열려 있습니다" in message
    assert "기존 파일은 그대로입니다" in message
    assert target.read_bytes() == b"last month's report"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temp file left


# -- CP949 console ----------------------------------------------------------------------------------
def test_non_utf8_stream_replaces_what_it_cannot_encode() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp949")
    make_safe(stream)
    stream.write("원장 🙂\n")
    stream.flush()
    assert raw.getvalue().decode("cp949") == "원장 ?\n"


def test_utf8_stream_is_left_strict() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    make_safe(stream)
    assert stream.errors == "strict"


def test_cp949_console_prints_korean_and_survives_other_characters(tmp_path: Path) -> None:
    """A real process with a CP949 stdout (Korean Windows, output redirected): Korean comes out
    in CP949, a character outside CP949 (an emoji in the ledger path) becomes '?', no crash."""
    env = {**os.environ, "PYTHONIOENCODING": "cp949", "PYTHONUTF8": "0"}
    ledger = tmp_path / "가게🙂" / "ledger.sqlite3"

    control = subprocess.run(
        [sys.executable, "-c", "print('🙂')"], env=env, capture_output=True, check=False
    )
    assert b"UnicodeEncodeError" in control.stderr  # the console really is strict CP949

    result = subprocess.run(
        [sys.executable, "-m", "recon_app", "--db", str(ledger), "--version"],
        env=env,
        capture_output=True,
        check=False,
    )
    assert b"UnicodeEncodeError" not in result.stderr
    assert result.returncode == 0
    out = result.stdout.decode("cp949")
    assert "원장 (ledger)" in out
    assert str(tmp_path / "가게?" / "ledger.sqlite3") in out


def test_nothing_turns_high_dpi_scaling_off() -> None:
    """Qt 6 scales for high-DPI screens by default (Windows laptops at 150%); nothing may undo it."""
    switches = (
        "QT_ENABLE_HIGHDPI_SCALING",
        "QT_AUTO_SCREEN_SCALE_FACTOR",
        "QT_SCALE_FACTOR",
        "QT_FONT_DPI",
        "AA_DisableHighDpiScaling",
        "AA_Use96Dpi",
    )
    hits = [
        f"{p.relative_to(ROOT)}: {s}"
        for p in [*APP.rglob("*.py"), ROOT / "build.spec"]
        for s in switches
        if s in p.read_text(encoding="utf-8")
    ]
    assert hits == []
