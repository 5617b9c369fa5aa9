"""Build Recon the ways a user gets it and check each build the same way (issue 10).

One script for this machine's CI (.ci/run) and the release workflow's Windows, macOS and Linux
jobs (.github/workflows/release.yml), so what passes here is what ships there:

* **wheel**: ``pip wheel`` from the checkout, installed into a fresh venv in a temp folder (pins
  from requirements.txt as constraints), run from another folder with the checkout off
  ``sys.path``: the installed package must carry its own resources.
* **pipx** (``--pipx``): ``pipx install <checkout>``, i.e. ``pip install .`` in pipx's own venv.
* **pyinstaller**: the one-folder build (build.spec) in ``dist/recon-app``.
* ``--check-exe PATH``: only the checks, on an app installed some other way (the Windows
  installer in the release workflow).

The checks, on each: ``--version``; ``doctor`` (resources found inside the installation);
``demo --out DIR`` writes the Excel and JSON reports; ``fees show`` and a ``reconcile`` without
``--fees`` use the bundled default fee rules; ``gui --smoke-test`` offscreen in Korean and in
English (the Korean run fails if the translations are missing). Exit 0 when every check passed;
prints a timing line per stage.

Usage: python tools/build_and_check.py [--wheel] [--pipx] [--pyinstaller] [--check-exe PATH]
(no stage named = wheel, pipx and pyinstaller, as .ci/run; ~35 s + ~35 s + the PyInstaller build).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = sys.platform == "win32"
DEMO_MONTH = "2026-10"
DEMO_STORE = "demo"
DEFAULT_FEES_SOURCE = "기본 수수료 규칙"


class CheckFailed(Exception):
    pass


def version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


def venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if WINDOWS else "bin") / (name + (".exe" if WINDOWS else ""))


def sh(cmd: Sequence[str | Path], **kw: object) -> None:
    print("  $ " + " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)  # type: ignore[call-overload]


# -- the checks ------------------------------------------------------------------------------------
def clean_env(data_dir: Path) -> dict[str, str]:
    """The user's environment minus anything that could put the checkout on sys.path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(
        RECON_DATA_DIR=str(data_dir),
        QT_QPA_PLATFORM=env.get("QT_QPA_PLATFORM", "offscreen"),
        PYTHONIOENCODING="utf-8",
        PYTHONUTF8="1",
    )
    for secret in ("PORTONE_IMP_KEY", "PORTONE_IMP_SECRET"):
        env.pop(secret, None)
    return env


def check_app(exe: Path, install_root: Path, label: str) -> None:
    """Run every check on ``exe`` from a temp folder outside the checkout."""
    exe = exe.resolve()
    install_root = install_root.resolve()
    with tempfile.TemporaryDirectory(
        prefix=f"recon-check-{label}-", ignore_cleanup_errors=True
    ) as tmp:
        work = Path(tmp)
        env = clean_env(work / "data")
        ledger = work / "demo" / "demo-ledger.sqlite3"

        def app(*args: str, timeout: float = 300) -> str:
            print(f"  [{label}] recon-app {' '.join(args)}", flush=True)
            proc = subprocess.run(
                [str(exe), *args],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=timeout,
                check=False,
            )
            if proc.returncode != 0:
                raise CheckFailed(
                    f"[{label}] `recon-app {' '.join(args)}` exited {proc.returncode}\n"
                    f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
                )
            return proc.stdout

        out = app("--version")
        expect(version() in out and "ledger" in out, f"[{label}] --version: {out!r}")

        out = app("doctor")
        # ASCII markers only: a frozen app on a CP1252 Windows runner may not print Hangul.
        resources = next((line for line in out.splitlines() if "(resources)" in line), "")
        expect(resources.endswith("(ok)"), f"[{label}] doctor: resources not ok: {resources!r}")
        where = Path(resources.split("(resources)", 1)[1].strip().rsplit(" (", 1)[0]).resolve()
        expect(
            where.is_relative_to(install_root),
            f"[{label}] resources come from {where}, not from the installation {install_root}",
        )

        app("demo", "--out", str(work / "demo"))
        xlsx, js = (
            work / "demo" / f"recon-{DEMO_MONTH}.xlsx",
            work / "demo" / f"recon-{DEMO_MONTH}.json",
        )
        expect(xlsx.stat().st_size > 10_000 and xlsx.read_bytes()[:2] == b"PK", f"{xlsx} not xlsx")
        demo = json.loads(js.read_text(encoding="utf-8"))["summary"]

        out = app("--db", str(ledger), "fees", "show")
        expect("[card] 3.2%" in out and "[vbank]" in out, f"[{label}] fees show: {out!r}")

        again = work / "again.json"
        args = ("--db", str(ledger), "reconcile", "--month", DEMO_MONTH, "--store", DEMO_STORE)
        app(*args, "--json", str(again))
        summary = json.loads(again.read_text(encoding="utf-8"))["summary"]
        expect(summary["fee_source"] == DEFAULT_FEES_SOURCE, f"fee source {summary['fee_source']}")
        expect(
            summary["fees"] == demo["fees"] > 0,
            f"[{label}] reconcile without --fees: fees {summary['fees']} vs demo {demo['fees']}",
        )

        for language in ("ko", "en"):
            out = app("gui", "--smoke-test", "--lang", language, timeout=180)
            expect(
                "smoke test ok" in out and f"UI language {language}" in out,
                f"[{label}] smoke test ({language}): {out!r}",
            )
        twin = exe.with_name("Recon.exe")  # Windows: the windowed twin (build.spec)
        if WINDOWS and twin.exists():
            # A windowed program has no stdout to read: its exit code is the verdict.
            print(f"  [{label}] Recon.exe --smoke-test", flush=True)
            code = subprocess.run(
                [str(twin), "--smoke-test"], cwd=work, env=env, timeout=180, check=False
            ).returncode
            expect(code == 0, f"[{label}] Recon.exe --smoke-test exited {code}")
    print(f"  [{label}] all checks passed", flush=True)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


# -- the builds -------------------------------------------------------------------------------------
def wheel_stage(tmp: Path) -> None:
    """Build a wheel, install it in a fresh venv (pinned deps), check it."""
    dist = tmp / "wheelhouse"
    sh([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", dist, ROOT])
    wheel = next(dist.glob("recon_app-*.whl"))
    venv = tmp / "venv-wheel"
    sh([sys.executable, "-m", "venv", venv])
    py = venv_bin(venv, "python")
    sh([py, "-m", "pip", "install", "-q", "-c", ROOT / "requirements.txt", wheel], cwd=tmp)
    # The package imported is the installed one, not the checkout (which is not on sys.path).
    where = subprocess.run(
        [py, "-c", "import recon_app; print(recon_app.__file__)"],
        cwd=tmp,
        env=clean_env(tmp / "data"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    expect(Path(where).resolve().is_relative_to(venv.resolve()), f"recon_app from {where}")
    check_app(venv_bin(venv, "recon-app"), venv, "wheel")


def pipx_stage(tmp: Path) -> None:
    """``pipx install <checkout>`` into a private PIPX_HOME, then the checks."""
    home, bin_dir = tmp / "pipx-home", tmp / "pipx-bin"
    env = {**os.environ, "PIPX_HOME": str(home), "PIPX_BIN_DIR": str(bin_dir)}
    env.pop("PYTHONPATH", None)
    # pipx splits --pip-args like a POSIX shell: forward slashes keep a Windows path intact.
    pip_args = f"--pip-args=-q -c {(ROOT / 'requirements.txt').as_posix()}"
    sh([sys.executable, "-m", "pipx", "install", pip_args, ROOT], env=env, cwd=tmp)
    check_app(bin_dir / ("recon-app.exe" if WINDOWS else "recon-app"), home, "pipx")


def pyinstaller_stage(_tmp: Path) -> None:
    """The one-folder build in dist/recon-app (as `make build`), then the checks."""
    sh(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "build.spec"],
        cwd=ROOT,
    )
    folder = ROOT / "dist" / "recon-app"
    check_app(folder / ("recon-app.exe" if WINDOWS else "recon-app"), folder, "pyinstaller")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel", action="store_true", help="wheel in a fresh venv")
    parser.add_argument("--pipx", action="store_true", help="pipx install of the checkout")
    parser.add_argument("--pyinstaller", action="store_true", help="one-folder PyInstaller app")
    parser.add_argument("--check-exe", type=Path, metavar="PATH", help="only check this app")
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a CP1252 runner console must not end the run
        stream.reconfigure(errors="replace")  # type: ignore[union-attr]
    stages: list[tuple[str, Callable[[Path], None]]] = []
    if args.check_exe:
        exe: Path = args.check_exe
        stages.append(("check", lambda _t: check_app(exe, exe.parent, "exe")))
    if args.wheel:
        stages.append(("wheel", wheel_stage))
    if args.pipx:
        stages.append(("pipx", pipx_stage))
    if args.pyinstaller:
        stages.append(("pyinstaller", pyinstaller_stage))
    if not stages:
        stages = [
            ("wheel", wheel_stage),
            ("pipx", pipx_stage),
            ("pyinstaller", pyinstaller_stage),
        ]
    timings = []
    # ignore_cleanup_errors: on Windows a just-exited exe can stay locked for a moment.
    with tempfile.TemporaryDirectory(prefix="recon-build-", ignore_cleanup_errors=True) as tmp_name:
        tmp = Path(tmp_name)
        for name, stage in stages:
            print(f"== build and check: {name}", flush=True)
            start = time.monotonic()
            try:
                stage(tmp)
            except (CheckFailed, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
                print(f"!! {name}: {exc}", file=sys.stderr, flush=True)
                return 1
            timings.append(f"{name} {time.monotonic() - start:.0f} s")
    print("== build and check passed: " + ", ".join(timings), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
