"""First run (and "Stores…"): a store name and its PortOne key/secret, or the demo store.

The secret goes to the OS keyring through ``services.credentials``; it is never put in QSettings
or the ledger. "Test" calls ``check_credentials`` on a net worker, so a slow API never freezes the
dialog. The dialog never runs a service itself: it emits requests the main window runs.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recon_app.services.providers.portone_v1 import DEFAULT_API_BASE


class SetupDialog(QDialog):
    test_requested = Signal(str, str, str)  # api_base, key, secret
    save_requested = Signal(str, str, str, str)  # store, api_base, key, secret
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, keyring_ok: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set up Recon"))
        self.setMinimumWidth(520)
        intro = QLabel(
            self.tr(
                "Recon compares your shop's orders with the payments PortOne received and works out "
                "PG fees and the settlement to expect. Enter your store's PortOne REST API key, or "
                "try the demo store first."
            )
        )
        intro.setWordWrap(True)
        self.store = QLineEdit("default")
        self.store.setAccessibleName(self.tr("Store name"))
        self.api_base = QLineEdit(DEFAULT_API_BASE)
        self.api_base.setAccessibleName(self.tr("API server"))
        self.key = QLineEdit()
        self.key.setAccessibleName(self.tr("REST API key"))
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(self.tr("REST API secret"))
        form = QFormLayout()
        for text, widget in (
            (self.tr("&Store name:"), self.store),
            (self.tr("REST API &key:"), self.key),
            (self.tr("REST API s&ecret:"), self.secret),
            (self.tr("API &server:"), self.api_base),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.keyring_note = QLabel(
            self.tr(
                "The key and secret are saved in the operating system's keychain, never in files."
            )
            if keyring_ok
            else self.tr(
                "No OS keychain is available on this computer, so the key cannot be saved. "
                "Set PORTONE_IMP_KEY and PORTONE_IMP_SECRET instead, or try the demo store."
            )
        )
        self.keyring_note.setWordWrap(True)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Connection test result"))

        self.test_button = QPushButton(self.tr("&Test connection"))
        self.demo_button = QPushButton(self.tr("Try the &demo store"))
        self.save_button = QPushButton(self.tr("Sa&ve"))
        self.save_button.setDefault(True)
        self.save_button.setEnabled(keyring_ok)
        buttons = QDialogButtonBox()
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self._test)
        self.save_button.clicked.connect(self._save)
        self.demo_button.clicked.connect(self._demo)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def _fields(self) -> tuple[str, str, str, str] | None:
        store, base = self.store.text().strip(), self.api_base.text().strip()
        key, secret = self.key.text().strip(), self.secret.text().strip()
        if not store:
            self.set_status(self.tr("Enter a store name."), ok=False)
            return None
        if not key or not secret:
            self.set_status(self.tr("Enter both the REST API key and the secret."), ok=False)
            return None
        if not base.startswith(("http://", "https://")):
            self.set_status(self.tr("The API server must start with https://"), ok=False)
            return None
        return store, base, key, secret

    def _test(self) -> None:
        fields = self._fields()
        if fields is not None:
            self.set_busy(True)
            self.set_status(self.tr("Testing…"), ok=None)
            self.test_requested.emit(fields[1], fields[2], fields[3])

    def _save(self) -> None:
        fields = self._fields()
        if fields is not None:
            self.set_busy(True)
            self.save_requested.emit(*fields)

    def _demo(self) -> None:
        self.demo_requested.emit()
        self.accept()

    def set_busy(self, busy: bool) -> None:
        for button in (self.test_button, self.save_button, self.demo_button):
            button.setEnabled(not busy)

    def set_status(self, text: str, *, ok: bool | None) -> None:
        mark = {True: "✔ ", False: "✖ ", None: ""}[ok]
        self.status.setText(mark + text)
