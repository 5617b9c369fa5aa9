"""After an export: where the file is, and an "Open folder" button (QDesktopServices)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget


def open_folder(path: Path) -> bool:
    """Show the folder holding ``path`` in the OS file manager."""
    folder = path if path.is_dir() else path.parent
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class ExportDoneDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(self.tr("Export finished"))
        label = QLabel(self.tr("Saved:") + f"<br><b>{path}</b>")
        label.setWordWrap(True)
        self.open_button = QPushButton(self.tr("&Open folder"))
        self.open_button.clicked.connect(self.open_folder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)
        self.open_button.setDefault(True)

    def open_folder(self) -> None:
        open_folder(self.path)
        self.accept()
