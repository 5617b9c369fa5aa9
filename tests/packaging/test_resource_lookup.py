"""One module (recon_app/paths.py) finds the bundled resources, from any current directory, in an
installed package and in the PyInstaller bundle."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from recon_app import paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    paths.resources_root.cache_clear()
    yield
    paths.resources_root.cache_clear()


def test_resources_are_found_from_any_current_directory(tmp_path: Path) -> None:
    code = (
        "from recon_app.paths import resource_path as r;"
        "print(all(r(*p).is_file() for p in "
        "[('fees.default.toml',), ('i18n', 'recon_ko.qm'), ('demo', 'orders_2026-10.csv')]))"
    )
    result = subprocess.run(
        [sys.executable, "-P", "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"


def test_resources_root_is_the_recon_app_resources_package(fresh_cache: None) -> None:
    import recon_app.resources

    assert paths.resources_root() == Path(recon_app.resources.__file__).parent


def test_frozen_bundle_reads_resources_under_meipass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_cache: None
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resource_path("i18n", "recon_ko.qm") == (
        tmp_path / "recon_app" / "resources" / "i18n" / "recon_ko.qm"
    )


def test_no_other_module_locates_resources_itself() -> None:
    """paths.py is the only place that knows where resources live (no second lookup to drift)."""
    offenders = []
    for path in (ROOT / "recon_app").rglob("*.py"):
        if path.name == "paths.py" and path.parent.name == "recon_app":
            continue
        text = path.read_text(encoding="utf-8")
        if "_MEIPASS" in text or "importlib.resources" in text or '/ "resources"' in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
