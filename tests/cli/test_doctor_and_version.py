"""`recon-app --version` and `recon-app doctor`: what support needs, and never a secret."""

from __future__ import annotations

import os
import platform
import sqlite3
import tomllib
from pathlib import Path
from typing import Any

import pandas
import PySide6
import pytest

import recon_app
from recon_app.__main__ import run
from recon_app.cli.commands import doctor
from recon_app.services.credentials import Credentials, save_credentials
from recon_app.storage.db import open_ledger

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t-doctor-Zq81"
KEY = "imp-key-doctor-7731"


def pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def test_package_version_comes_from_the_installed_metadata() -> None:
    assert recon_app.__version__ == pyproject_version()


def test_version_shows_version_ledger_data_folder_and_log(tmp_path: Path, capsys: Any) -> None:
    ledger = tmp_path / "books" / "shop.sqlite3"
    with pytest.raises(SystemExit) as done:
        run(["--db", str(ledger), "--version"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    data = Path(os.environ["RECON_DATA_DIR"])
    assert "Recon" in out and pyproject_version() in out
    assert str(ledger) in out
    assert str(data) in out
    assert str(data / "logs" / "recon.log") in out
    assert not ledger.exists()  # looking is not creating


def test_doctor_reports_what_support_needs_without_any_secret(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch, qapp: Any
) -> None:
    ledger_path = tmp_path / "ledger.sqlite3"
    open_ledger(ledger_path).close()
    monkeypatch.setenv("PORTONE_IMP_KEY", KEY)
    monkeypatch.setenv("PORTONE_IMP_SECRET", SECRET)
    save_credentials("default", Credentials(KEY, SECRET))

    assert run(["--db", str(ledger_path), "doctor"]) == 0
    out = capsys.readouterr().out

    assert SECRET not in out and KEY not in out
    assert "PORTONE_IMP_KEY=set, PORTONE_IMP_SECRET=set" in out
    lines = dict(line.split("  ", 1) for line in out.splitlines() if "  " in line)
    facts = {k.strip(): v.strip() for k, v in lines.items()}
    assert facts["Recon"] == pyproject_version()
    assert facts["원장 (ledger)"] == str(ledger_path)
    assert facts["Python"].startswith(platform.python_version())
    assert facts["SQLite"] == sqlite3.sqlite_version
    assert facts["pandas"] == pandas.__version__
    assert facts["PySide6"] == PySide6.__version__
    assert facts["Qt 플랫폼 (platform)"] == "offscreen"
    assert "MemoryKeyring" in facts["키체인 (keyring backend)"]
    assert facts["원장 스키마 (ledger schema)"].startswith("schema ")
    assert "GB free" in facts["남은 디스크 (free disk)"]
    assert facts["리소스 (resources)"].endswith("(ok)")
    assert "NanumGothic" in facts["한글 글꼴 (Korean fonts)"]  # fonts-nanum (bootstrap.sh)


def test_doctor_without_a_ledger_does_not_create_one(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run through the CLI module alone (no Qt probe wired): still a report, saying so."""
    from recon_app.cli.main import main

    monkeypatch.setattr(doctor, "qt_probe", None)
    ledger_path = tmp_path / "none" / "ledger.sqlite3"
    assert main(["--db", str(ledger_path), "doctor"]) == 0
    out = capsys.readouterr().out
    assert "no ledger file yet" in out
    assert "not probed" in out
    assert not ledger_path.exists()
