"""The build-and-check script (tools/build_and_check.py) can fail: an app whose resources live
outside its installation is caught (the editable install here reads the checkout's resources/)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "build_and_check", ROOT / "tools" / "build_and_check.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_check_rejects_resources_from_outside_the_installation(tmp_path: Path) -> None:
    script = load_script()
    exe = Path(sys.executable).with_name("recon-app")
    if not exe.exists():
        pytest.skip("no recon-app entry point beside this interpreter")
    pretend_install = tmp_path / "installed"
    pretend_install.mkdir()
    with pytest.raises(script.CheckFailed, match="not from the installation"):
        script.check_app(exe, pretend_install, "editable")
