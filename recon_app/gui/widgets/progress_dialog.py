"""A progress dialog bound to a CancelToken, with counts and an ETA.

It is non-modal-blocking (``open()``, never ``exec()``), so the event loop keeps running and the
window stays responsive; Cancel (or Esc) sets the token and the service stops at a safe point.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from recon_app.domain.display import format_count
from recon_app.domain.progress import CancelToken, Progress


def eta_seconds(done: int, total: int | None, elapsed: float) -> float | None:
    """Linear estimate of the seconds left; None while there is nothing to go on."""
    if not total or done <= 0 or elapsed < 0.5 or done >= total:
        return None
    return elapsed * (total - done) / done


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = round(seconds)
    if s >= 3600:
        return (
            QCoreApplication.translate("ProgressDialog", "about %1 h %2 min left")
            .replace("%1", str(s // 3600))
            .replace("%2", str(s % 3600 // 60))
        )
    if s >= 60:
        return (
            QCoreApplication.translate("ProgressDialog", "about %1 min %2 s left")
            .replace("%1", str(s // 60))
            .replace("%2", str(s % 60))
        )
    return QCoreApplication.translate("ProgressDialog", "about %1 s left").replace("%1", str(s))


def progress_text(p: Progress, elapsed: float) -> str:
    """ "Syncing… 1,234 / 5,000 · about 12 s left" (the message comes from the service)."""
    done = format_count(p.done)
    counts = f"{done} / {format_count(p.total)}" if p.total else (done if p.done else "")
    parts = [x for x in (p.message, counts, format_eta(eta_seconds(p.done, p.total, elapsed))) if x]
    return " · ".join(parts)


class ProgressDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, token: CancelToken) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(420)
        self._token = token
        self._started = time.monotonic()
        self.label = QLabel(QCoreApplication.translate("ProgressDialog", "Starting…"))
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until a total is known
        self.bar.setAccessibleName(title)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)

    def start(self) -> None:
        self._started = time.monotonic()
        self.open()

    def update_progress(self, p: Progress) -> None:
        if p.total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * min(p.done, p.total) / p.total))
        else:
            self.bar.setRange(0, 0)
        self.label.setText(progress_text(p, time.monotonic() - self._started))

    def cancel(self) -> None:
        if not self._token.cancelled:
            self._token.cancel()
            self.label.setText(
                QCoreApplication.translate(
                    "ProgressDialog", "Cancelling… nothing half-done will be saved."
                )
            )
            self.buttons.setEnabled(False)

    def reject(self) -> None:  # Esc
        self.cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel()
        event.ignore()

    def finish(self) -> None:
        """Called by the op when it ends (success, error or cancel)."""
        self.done(0)
        self.deleteLater()
