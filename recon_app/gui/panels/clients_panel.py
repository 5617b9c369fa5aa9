"""Clients (고객) tab: the month of the current store — open or closed (who, when, note) with
Close / Reopen — and every store (client shop) of the ledger with this month's state.

The panel only shows and asks; gui/operations/closing.py runs the services.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recon_app.domain.display import format_count, format_won
from recon_app.domain.progress import Progress
from recon_app.domain.timeutil import format_kst
from recon_app.services.clients import StoreMonth

if TYPE_CHECKING:  # the batch (and the PDF library it loads) is imported only when it runs
    from recon_app.services.batch import BatchReport

_NUMERIC = frozenset({3, 4})


class ClientsPanel(QWidget):
    close_requested = Signal(str, str)  # note, reason for accepting open exceptions ("" = none)
    reopen_requested = Signal(str)  # reason
    store_activated = Signal(str)
    overview_shown = Signal()
    batch_requested = Signal(str, str)  # clients file or folder, output folder
    batch_cancel_requested = Signal()
    batch_finished = Signal(object)  # BatchReport, or None when cancelled
    mapping_requested = Signal()

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

        # every client's month at once (the CLI's `batch`)
        self.batch_button = QPushButton(self.tr("Prepare every client's mon&th…"))
        self.batch_button.clicked.connect(self._ask_batch)
        self.batch_cancel = QPushButton(self.tr("Cancel"))
        self.batch_cancel.setEnabled(False)
        self.batch_cancel.clicked.connect(self.batch_cancel_requested.emit)
        self.batch_progress = QProgressBar()
        self.batch_progress.setVisible(False)
        self.batch_status = QLabel("")
        self.batch_status.setWordWrap(True)
        self.batch_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        batch_row = QHBoxLayout()
        batch_row.addWidget(self.batch_button)
        batch_row.addWidget(self.batch_progress, 1)
        batch_row.addWidget(self.batch_cancel)
        self.mapping_button = QPushButton(self.tr("Accounting &mapping…"))
        self.mapping_button.clicked.connect(self.mapping_requested.emit)
        batch_row.addWidget(self.mapping_button)

        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(batch_row)
        layout.addWidget(self.batch_status)

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

    # -- batch ----------------------------------------------------------------------------------
    def set_batch_running(self, running: bool) -> None:
        self.batch_button.setEnabled(not running)
        self.batch_cancel.setEnabled(running)
        self.batch_progress.setVisible(running)
        if running:
            self.batch_progress.setRange(0, 0)
            self.batch_status.setText(self.tr("Preparing every client's month…"))

    def show_batch_progress(self, progress: Progress) -> None:
        if progress.total:
            self.batch_progress.setRange(0, progress.total)
            self.batch_progress.setValue(progress.done)
        self.batch_status.setText(progress.message)

    def show_batch_result(self, report: BatchReport | None) -> None:
        if report is None:
            self.batch_status.setText(
                self.tr("Cancelled. The clients finished so far are in the output folder.")
            )
        else:
            ok = len(report.outcomes) - len(report.failures)
            lines = [
                self.tr("%1 clients done, %2 failed. Summary: %3")
                .replace("%1", format_count(ok))
                .replace("%2", format_count(len(report.failures)))
                .replace("%3", str(report.summary_file))
            ]
            lines += [f"  {f.name}: {f.error}" for f in report.failures]
            self.batch_status.setText("\n".join(lines))
        self.batch_finished.emit(report)

    def _ask_batch(self) -> None:
        source, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Client list (TOML), or cancel to choose a folder of ledgers"),
            "",
            self.tr("Client list (*.toml)"),
        )
        if not source:
            source = QFileDialog.getExistingDirectory(self, self.tr("Folder of client ledgers"))
        if not source:
            return
        out = QFileDialog.getExistingDirectory(self, self.tr("Output folder"))
        if out:
            self.batch_requested.emit(source, out)

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
