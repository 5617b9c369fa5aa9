"""The release workflow cannot run here, so it is checked for what can be checked offline: it is
valid against GitHub's published workflow schema (vendored by check-jsonschema), and every build
job runs the same build-and-check script as this machine's CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
SCRIPT = "tools/build_and_check.py"


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
        + [str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_release_workflow_is_valid_against_the_github_workflow_schema() -> None:
    result = validate(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_a_workflow_with_a_misspelt_key(tmp_path: Path) -> None:
    """The validation above can fail: the same file with ``runs_on`` for ``runs-on`` does."""
    broken = tmp_path / "release.yml"
    text = WORKFLOW.read_text(encoding="utf-8")
    assert text.count("runs-on: ${{ matrix.os }}") == 1
    broken.write_text(text.replace("runs-on: ${{ matrix.os }}", "runs_on: x"), encoding="utf-8")
    result = validate(broken)
    assert result.returncode == 1
    assert "runs_on" in result.stdout


def test_each_os_job_runs_the_ci_build_and_check_script() -> None:
    workflow = YAML(typ="safe").load(WORKFLOW.read_text(encoding="utf-8"))
    build = workflow["jobs"]["build"]
    assert set(build["strategy"]["matrix"]["os"]) == {
        "windows-latest",
        "macos-latest",
        "ubuntu-latest",
    }
    runs = [step.get("run", "") for step in build["steps"]]
    unconditional = [step["run"] for step in build["steps"] if "run" in step and "if" not in step]
    assert f"python {SCRIPT}" in unconditional
    assert any(f"python {SCRIPT} --check-exe" in run for run in runs)  # the installed app
    assert f".venv/bin/python {SCRIPT}" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_windows_job_builds_the_inno_setup_installer_from_the_pyinstaller_folder() -> None:
    iss = (ROOT / "packaging" / "recon.iss").read_text(encoding="utf-8")
    assert r'Source: "..\dist\recon-app\*"' in iss
    assert r"OutputDir=..\dist\installer" in iss
    assert "OutputBaseFilename=recon-app-{#AppVersion}-setup" in iss
    text = WORKFLOW.read_text(encoding="utf-8")
    assert r"packaging\recon.iss" in text
    assert r"dist\installer\recon-app-*-setup.exe" in text
