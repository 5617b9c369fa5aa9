"""Clients (고객) tab: the month of the current store — open or closed (who, when, note) with
Close / Reopen — and every store (client shop) of the ledger with this month's state.

The panel only shows and asks; gui/operations/closing.py runs the services.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recon_app.domain.display import format_won
from recon_app.domain.timeutil import format_kst
from recon_app.services.clients import StoreMonth

_NUMERIC = frozenset({3, 4})


class ClientsPanel(QWidget):
    close_requested = Signal(str, str)  # note, reason for accepting open exceptions ("" = none)
    reopen_requested = Signal(str)  # reason
    store_activated = Signal(str)
    overview_shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.month = ""
        self.store = ""
        self.current: StoreMonth | None = None
        self.state_label = QLabel(self.tr("No store selected."))
        self.state_label.setWordWrap(True)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QPushButton(self.tr("&Close month…"))
        self.reopen_button = QPushButton(self.tr("Re&open month…"))
        self.close_button.clicked.connect(self._ask_close)
        self.reopen_button.clicked.connect(self._ask_reopen)
        buttons = QHBoxLayout()
        buttons.addWidget(self.state_label, 1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.reopen_button)

        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Client shop"),
                self.tr("Last sync (KST)"),
                self.tr("Reconciled (KST)"),
                self.tr("Open exceptions"),
                self.tr("Settlement"),
                self.tr("Closed"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("Client shops"))
        self.table.cellDoubleClicked.connect(
            lambda row, _col: self.store_activated.emit(self.table.item(row, 0).text())
        )
        hint = QLabel(self.tr("Double-click a client shop to open it."))
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)

    def show_overview(self, month: str, store: str, rows: Sequence[StoreMonth]) -> None:
        self.month, self.store = month, store
        self.current = next((r for r in rows if r.store == store), None)
        closed = self.current.closed if self.current else None
        if self.current is None:
            text = self.tr("Store %1 has no data yet.").replace("%1", store)
        elif closed is not None:
            text = (
                self.tr("%1 of %2 is closed — by %3 at %4.")
                .replace("%1", month)
                .replace("%2", store)
                .replace("%3", closed.closed_by)
                .replace("%4", format_kst(closed.closed_at))
            )
            if closed.note:
                text += " " + self.tr("Note: %1").replace("%1", closed.note)
        else:
            text = self.tr("%1 of %2 is open.").replace("%1", month).replace("%2", store)
        self.state_label.setText(text)
        self.close_button.setEnabled(self.current is not None and closed is None)
        self.reopen_button.setEnabled(closed is not None)
        self.table.setRowCount(len(rows))
        for row, item in enumerate(rows):
            cells = (
                item.store,
                format_kst(item.last_synced_at),
                format_kst(item.reconciled_at),
                "" if item.exceptions is None else format_won(item.exceptions),
                "" if item.settlement is None else format_won(item.settlement),
                ""
                if item.closed is None
                else f"{item.closed.closed_by}, {format_kst(item.closed.closed_at)}",
            )
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if col in _NUMERIC:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, cell)
        self.overview_shown.emit()

    # -- asking ---------------------------------------------------------------------------------
    def _ask_close(self) -> None:
        note, ok = QInputDialog.getText(
            self, self.tr("Close month"), self.tr("Note for the close (optional):")
        )
        if not ok:
            return
        accept = ""
        if self.current is not None and self.current.exceptions:
            accept, ok = QInputDialog.getText(
                self,
                self.tr("Open exceptions"),
                self.tr("%1 exceptions are not resolved. Close anyway? Give the reason:").replace(
                    "%1", str(self.current.exceptions)
                ),
            )
            if not ok or not accept.strip():
                return
        self.close_requested.emit(note, accept)

    def _ask_reopen(self) -> None:
        reason, ok = QInputDialog.getText(
            self, self.tr("Reopen month"), self.tr("Why is the month reopened?")
        )
        if ok and reason.strip():
            self.reopen_requested.emit(reason)
