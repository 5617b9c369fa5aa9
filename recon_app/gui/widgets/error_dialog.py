"""Errors as dialogs: what happened, what to do, and copyable details.

A ReconError carries a Korean ``message`` and ``hint``; anything else is an unexpected bug, shown
politely with the log file's path (the traceback is in the log, and in "Details" for support).
"""

from __future__ import annotations

import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from recon_app.domain.errors import Cancelled, ReconError


def describe(exc: BaseException, log_path: str | None = None) -> tuple[str, str, str]:
    """(what happened, what to do, details) for any exception — no widget needed (tests)."""
    if isinstance(exc, ReconError):
        what = exc.message
        todo = exc.hint or ""
        if isinstance(exc, Cancelled):
            todo = todo or QCoreApplication.translate(
                "ErrorDialog", "Nothing was changed. You can start again at any time."
            )
        details = f"{type(exc).__name__}: {exc}"
        return what, todo, details
    what = QCoreApplication.translate(
        "ErrorDialog", "Something unexpected went wrong. Your ledger was not changed."
    )
    todo = QCoreApplication.translate(
        "ErrorDialog", "Please try again. If it happens again, send the log file to support."
    )
    if log_path:
        todo += "\n" + QCoreApplication.translate("ErrorDialog", "Log file: %1").replace(
            "%1", log_path
        )
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    from recon_app.logs import scrub

    return what, todo, scrub(details)


class ErrorDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        exc: BaseException,
        *,
        title: str | None = None,
        log_path: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or QCoreApplication.translate("ErrorDialog", "Recon — problem"))
        self.setMinimumWidth(480)
        self.what, self.todo, self.details_text = describe(exc, log_path)

        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40)
        )
        self.what_label = QLabel(f"<b>{_escape(self.what)}</b>")
        self.what_label.setWordWrap(True)
        self.todo_label = QLabel(_escape(self.todo).replace("\n", "<br>"))
        self.todo_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(icon)
        text = QVBoxLayout()
        text.addWidget(self.what_label)
        text.addWidget(self.todo_label)
        top.addLayout(text, 1)

        self.details = QPlainTextEdit(self.details_text)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.details.setAccessibleName(QCoreApplication.translate("ErrorDialog", "Details"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.toggle = QPushButton(QCoreApplication.translate("ErrorDialog", "&Details"))
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self.details.setVisible)
        self.copy = QPushButton(QCoreApplication.translate("ErrorDialog", "&Copy details"))
        self.copy.clicked.connect(self.copy_details)
        buttons.addButton(self.toggle, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.what}\n{self.todo}\n\n{self.details_text}")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
