"""Where things live: bundled resources (source tree or PyInstaller bundle) and user data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Recon"


def resource_path(*parts: str) -> Path:
    """A file under ``resources/``, both from a checkout and inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    base = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return base.joinpath("resources", *parts)


def user_data_dir() -> Path:
    """``RECON_DATA_DIR`` if set (tests, portable installs), else the OS's per-user data dir."""
    override = os.environ.get("RECON_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_ledger_path() -> Path:
    return user_data_dir() / "ledger.sqlite3"
