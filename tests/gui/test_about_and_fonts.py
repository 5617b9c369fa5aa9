"""Help → About shows what support needs; the app font has a Korean family on every OS."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

import recon_app
from recon_app.gui import fonts


def test_about_shows_version_ledger_data_folder_and_log(window: Any, ledger_path: Path) -> None:
    seen: dict[str, str] = {}

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        box.accept()

    QTimer.singleShot(0, read_and_close)
    window.about_action.trigger()  # modal: returns once read_and_close has closed it

    data = Path(os.environ["RECON_DATA_DIR"])
    text = seen["text"]
    assert recon_app.__version__ in text
    assert str(ledger_path) in text
    assert str(data) in text
    assert str(data / "logs" / "recon.log") in text


def test_app_font_lists_the_korean_families_first(qapp: Any, monkeypatch: Any) -> None:
    """Each OS's Korean UI font, in order, with the platform default last (Latin fallback)."""
    monkeypatch.setattr(
        fonts.QFontDatabase,
        "families",
        staticmethod(lambda *_a: ["Segoe UI", "Malgun Gothic", "Noto Sans KR", "Arial"]),
    )
    before = QFont(qapp.font())
    try:
        families = fonts.apply_korean_font(qapp)
        assert families == ["Malgun Gothic", "Noto Sans KR", before.family()]
        assert qapp.font().families() == families
    finally:
        qapp.setFont(before)


def test_korean_font_is_found_on_this_machine(qapp: Any) -> None:
    """Linux here: fonts-nanum from tools/bootstrap.sh (else Hangul shows as empty boxes)."""
    assert "NanumGothic" in fonts.korean_families_found()
