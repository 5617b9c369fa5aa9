"""UI state remembered between runs (QSettings): geometry, splitters, language, last folders.

Only presentation state lives here — never secrets (keyring) or business settings (ledger).
Tests point QSettings at a temp dir (tests/gui/conftest.py), so they never see the user's.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

ORGANIZATION = "Recon"
APPLICATION = "Recon"


class UiState:
    """Typed access to the few keys the app keeps (cf. Orange's declarative ``Setting``)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        # QSettings() picks up the organisation/application names set in main() and the default
        # format, so tests can redirect it with QSettings.setPath (tests/gui/conftest.py).
        self._s = settings or QSettings()

    # -- plain values -------------------------------------------------------------------
    def get_str(self, key: str, default: str = "") -> str:
        value = self._s.value(key, default)
        return str(value) if value is not None else default

    def set_value(self, key: str, value: Any) -> None:
        self._s.setValue(key, value)

    @property
    def language(self) -> str:
        """'ko' (default) or 'en'."""
        lang = self.get_str("ui/language", "ko")
        return lang if lang in ("ko", "en") else "ko"

    @language.setter
    def language(self, value: str) -> None:
        self.set_value("ui/language", value)

    @property
    def store(self) -> str:
        return self.get_str("work/store", "")

    @store.setter
    def store(self, value: str) -> None:
        self.set_value("work/store", value)

    @property
    def month(self) -> str:
        return self.get_str("work/month", "")

    @month.setter
    def month(self, value: str) -> None:
        self.set_value("work/month", value)

    def last_dir(self, purpose: str) -> str:
        return self.get_str(f"dirs/{purpose}", "")

    def set_last_dir(self, purpose: str, path: str) -> None:
        self.set_value(f"dirs/{purpose}", path)

    @property
    def setup_done(self) -> bool:
        return self.get_str("work/setup_done", "false") == "true"

    @setup_done.setter
    def setup_done(self, value: bool) -> None:
        self.set_value("work/setup_done", "true" if value else "false")

    # -- widgets ------------------------------------------------------------------------
    def save_window(self, window: QMainWindow) -> None:
        self._s.setValue("window/geometry", window.saveGeometry())
        self._s.setValue("window/state", window.saveState())

    def restore_window(self, window: QMainWindow) -> bool:
        geometry = self._s.value("window/geometry")
        state = self._s.value("window/state")
        ok = False
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            ok = window.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and not state.isEmpty():
            window.restoreState(state)
        return ok

    def save_splitter(self, name: str, splitter: QSplitter) -> None:
        self._s.setValue(f"splitters/{name}", splitter.saveState())

    def restore_splitter(self, name: str, splitter: QSplitter) -> None:
        state = self._s.value(f"splitters/{name}")
        if isinstance(state, QByteArray) and not state.isEmpty():
            splitter.restoreState(state)

    def sync(self) -> None:
        self._s.sync()
