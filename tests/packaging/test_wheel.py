"""The wheel carries everything the app reads at run time (issue 10).

Building the wheel takes a few seconds, so it is a test; installing it into a fresh venv and
running the app from there (~35 s, plus pipx and PyInstaller) is the CI step
``tools/build_and_check.py``, which .ci/run and the release workflow call.
"""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: What the app opens at run time: default fee rules, demo store, translations.
RUNTIME_FILES = ["fees.default.toml", "demo/orders_2026-10.csv", "i18n/recon_ko.qm"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """A wheel built (offline, pinned setuptools) from a copy of the source tree."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("recon_app", "resources"):
        shutil.copytree(ROOT / folder, src / folder, ignore=ignore)
    out = tmp_path_factory.mktemp("wheelhouse")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + ["--no-index", "-w", str(out), str(src)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("recon_app-*.whl")
    return zipfile.ZipFile(path)


def test_wheel_ships_runtime_resources_inside_the_package(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for rel in RUNTIME_FILES:
        assert f"recon_app/resources/{rel}" in names
    assert "recon_app/resources/__init__.py" in names


def test_wheel_has_nothing_outside_the_package(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/")[0] for name in wheel.namelist()}
    assert tops == {"recon_app", next(t for t in tops if t.endswith(".dist-info"))}


def test_every_source_resource_is_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    """A file added to resources/ later (an icon, a second translation) ships too, except the
    translation sources (.ts, compiled to .qm)."""
    names = set(wheel.namelist())
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file() and path.suffix not in (".ts", ".pyc"):
            rel = path.relative_to(ROOT / "resources").as_posix()
            assert f"recon_app/resources/{rel}" in names, rel


def test_openpyxl_is_not_a_runtime_dependency(wheel: zipfile.ZipFile) -> None:
    (meta,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    message = email.message_from_bytes(wheel.read(meta))
    runtime = [r for r in message.get_all("Requires-Dist") or [] if "extra ==" not in r]
    assert runtime, "no run-time dependencies at all: METADATA not read"
    assert not [r for r in runtime if r.lower().startswith("openpyxl")]
    assert [r for r in message.get_all("Requires-Dist") if r.startswith("openpyxl")], "dev extra"


def test_no_runtime_module_imports_openpyxl() -> None:
    hits = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "recon_app").rglob("*.py")
        if "openpyxl" in p.read_text(encoding="utf-8")
        and any(
            line.lstrip().startswith(("import openpyxl", "from openpyxl"))
            for line in p.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert hits == []
    assert "openpyxl" not in (ROOT / "requirements.txt").read_text(encoding="utf-8")
