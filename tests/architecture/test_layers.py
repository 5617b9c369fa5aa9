"""The layering in pyproject.toml ([tool.importlinter]) holds: core never imports Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    declared = (
        (ROOT / "pyproject.toml")
        .read_text(encoding="utf-8")
        .count("[[tool.importlinter.contracts]]")
    )
    assert declared >= 3  # layers, no Qt outside gui, no third-party libs in domain
    assert f"Contracts: {declared} kept, 0 broken." in result.stdout, result.stdout


def test_core_imports_without_qt() -> None:
    code = (
        "import sys, recon_app.services, recon_app.domain.fees, recon_app.storage.db, "
        "recon_app.cli.main; assert not any(m.startswith('PySide6') for m in sys.modules), "
        "[m for m in sys.modules if m.startswith('PySide6')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)
