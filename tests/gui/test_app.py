"""App-level: Korean translation by default, English on request, palette, window state, main()."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication

ROOT = Path(__file__).resolve().parents[2]


def test_korean_translation_is_complete_and_loads(qapp: Any) -> None:
    import xml.etree.ElementTree as ET

    from recon_app.gui.app import install_translator
    from recon_app.gui.resources import translation_file

    ts = ROOT / "resources" / "i18n" / "recon_ko.ts"
    unfinished = [
        m.find("source").text
        for m in ET.parse(ts).getroot().iter("message")
        if m.find("translation").get("type") == "unfinished"
    ]
    assert not unfinished
    assert translation_file("ko").stat().st_mtime >= ts.stat().st_mtime - 1, "recompile the .qm"
    try:
        assert install_translator(qapp, "ko") is not None
        assert QCoreApplication.translate("MainWindow", "&Reconcile") == "대사 실행(&R)"
        assert QCoreApplication.translate("Labels", "Amount mismatch") == "금액 불일치"
        assert QCoreApplication.translate("MainWindow", "R&un history") == "대사 실행 기록(&U)"
        assert QCoreApplication.translate("HistoryPanel", "PG gross") == "PG 결제 총액"
    finally:
        install_translator(qapp, "en")
    assert QCoreApplication.translate("MainWindow", "&Reconcile") == "&Reconcile"


def test_language_choice_is_remembered_and_rebuilds_the_window(
    qapp: Any, qtbot: Any, ledger_path: Path
) -> None:
    from recon_app.gui.app import _Controller
    from recon_app.gui.ui_state import UiState
    from recon_app.services.app_context import AppContext

    state = UiState()
    controller = _Controller(qapp, AppContext(ledger_path), state, "en")
    first = controller.build(start=False)
    qtbot.addWidget(first)
    assert first.tabs.tabText(0) == "&Dashboard"
    first.language_actions["ko"].trigger()
    second = controller.window
    qtbot.addWidget(second)
    try:
        assert second is not first and second.language == "ko"
        assert second.tabs.tabText(0) == "대시보드(&D)"
        assert UiState().language == "ko"
    finally:
        from recon_app.gui.app import install_translator

        install_translator(qapp, "en")
        second.runner.shutdown()
        controller.ctx.close()


def test_window_geometry_and_tab_are_remembered(qtbot: Any, ledger_path: Path) -> None:
    from recon_app.gui.main_window import MainWindow
    from recon_app.gui.ui_state import UiState
    from recon_app.services.app_context import AppContext

    win = MainWindow(AppContext(ledger_path), state=UiState(), language="en")
    qtbot.addWidget(win)
    win.show()
    win.resize(760, 590)  # fits the offscreen screen (800×600), which restoreGeometry clamps to
    size = (win.width(), win.height())
    assert size != (1280, 820)
    win.tabs.setCurrentIndex(2)
    win.close()
    again = MainWindow(AppContext(ledger_path), state=UiState(), language="en")
    qtbot.addWidget(again)
    again.show()
    assert again.tabs.currentIndex() == 2
    assert (again.width(), again.height()) == size
    again.runner.shutdown()


def test_dark_palette_follows_the_os_setting(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPalette

    from recon_app.gui.app import apply_palette

    # The offscreen platform has no colour-scheme setting of its own, so pass what the OS would
    # report through styleHints().colorSchemeChanged.
    original = qapp.palette()
    try:
        apply_palette(qapp, Qt.ColorScheme.Dark)
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 128
        apply_palette(qapp, Qt.ColorScheme.Light)
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 128
    finally:
        qapp.setPalette(original)


def test_smoke_test_flag_exits_zero_without_a_display(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")
    }
    env["RECON_DATA_DIR"] = str(tmp_path)
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from recon_app.gui.app import main; sys.exit(main(['--smoke-test']))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert proc.returncode == 0, proc.stderr
    assert "smoke test ok" in proc.stdout
