"""Where things live: the app's bundled resources and the user's data. The one place that knows.

Resources (default fee rules, demo store, translations) are the package ``recon_app.resources``,
built from the top-level ``resources/`` folder (setup.py). ``importlib.resources`` finds them in a
wheel, a pipx venv and the editable install alike, whatever the current directory; in the
PyInstaller bundle they sit under ``sys._MEIPASS/recon_app/resources`` (build.spec). No path here
points outside the installed package.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from importlib import resources
from pathlib import Path

APP_NAME = "Recon"
RESOURCE_PACKAGE = "recon_app.resources"


@cache
def resources_root() -> Path:
    """The folder holding the installed resources (a real directory: callers hand paths to Qt)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle, *RESOURCE_PACKAGE.split("."))
    # A regular package (resources/__init__.py) on a file system: files() is a pathlib.Path.
    # Zip imports are not supported (pip, pipx and PyInstaller all unpack).
    return Path(str(resources.files(RESOURCE_PACKAGE)))


def resource_path(*parts: str) -> Path:
    """A file of the installed resources, e.g. ``resource_path("i18n", "recon_ko.qm")``."""
    return resources_root().joinpath(*parts)


def user_data_dir() -> Path:
    """``RECON_DATA_DIR`` if set (tests, portable installs), else the OS's per-user data dir:
    %LOCALAPPDATA%\\Recon on Windows, ~/Library/Application Support/Recon on macOS,
    ~/.local/share/Recon on Linux (platformdirs)."""
    override = os.environ.get("RECON_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_ledger_path() -> Path:
    return user_data_dir() / "ledger.sqlite3"
