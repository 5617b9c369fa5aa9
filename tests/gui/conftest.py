"""GUI test fixtures: isolated QSettings, the sandbox, a demo-like order export, a main window.

Everything is real: Qt widgets offscreen, a SQLite ledger file, the sandbox over HTTP on
127.0.0.1, CSV files on disk in CP949.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")

from gui_support import TIMEOUT, demo_orders, write_orders_csv
from PySide6.QtCore import QCoreApplication, QSettings


@pytest.fixture(autouse=True)
def _fresh_settings(tmp_path: Path) -> Iterator[None]:
    """Tests never read or write the user's QSettings (cf. napari ``_fresh_settings``)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QCoreApplication.setOrganizationName("ReconTest")
    QCoreApplication.setApplicationName("ReconTest")
    yield


@pytest.fixture
def sandbox() -> Iterator[Any]:
    from recon_app.sandbox.server import SandboxServer
    from recon_app.sandbox.store import SandboxStore

    with SandboxServer(SandboxStore.demo()) as server:
        yield server


@pytest.fixture
def orders_csv(tmp_path: Path) -> Path:
    return write_orders_csv(tmp_path / "orders.csv", demo_orders())


@pytest.fixture
def window(qtbot: Any, ledger_path: Path) -> Iterator[Any]:
    """A started main window on a fresh ledger; errors are collected in ``window.errors``."""
    from recon_app.gui.main_window import MainWindow
    from recon_app.gui.ui_state import UiState
    from recon_app.services.app_context import AppContext

    ctx = AppContext(ledger_path)
    win = MainWindow(ctx, state=UiState(), language="en", show_errors=False)
    win.errors = []
    win.failed.connect(win.errors.append)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.stores_refreshed, timeout=TIMEOUT):
        win.start()
    yield win
    win.runner.shutdown()
    ctx.close()
