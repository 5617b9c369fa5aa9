"""History of runs (대사 실행 기록): every reconciliation of the current store, newest first.

The main window fills it from ``services.run_history.list_recon_runs`` after the stores load,
when the store changes and after each reconcile, so "when was October last reconciled, and what
did it say then" is answered without reconciling again.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recon_app.domain.display import format_count, format_won
from recon_app.domain.timeutil import format_kst
from recon_app.services.run_history import ReconRun

#: Columns whose cells are amounts or counts (right-aligned).
_NUMERIC = frozenset({0, 3, 4, 5, 6, 7})


class HistoryPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self.tr("No store selected."))
        self.table = QTableWidget(0, 9)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Run"),
                self.tr("Month"),
                self.tr("Reconciled at (KST)"),
                self.tr("Rows"),
                self.tr("Exceptions"),
                self.tr("PG gross"),
                self.tr("Fees"),
                self.tr("Settlement"),
                self.tr("Fee rules"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("History of runs"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)

    def show_runs(self, store: str, runs: Sequence[ReconRun]) -> None:
        if runs:
            self.title.setText(
                self.tr("Reconciliations of store %1, newest first.").replace("%1", store)
            )
        else:
            self.title.setText(
                self.tr("Store %1 has not been reconciled yet.").replace("%1", store)
            )
        self.table.setRowCount(len(runs))
        for row, run in enumerate(runs):
            cells = (
                f"#{run.run_id}",
                run.month,
                format_kst(run.finished_at),
                format_count(run.rows),
                format_count(run.exceptions),
                format_won(run.gross),
                format_won(run.fees),
                format_won(run.settlement),
                run.fee_source,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in _NUMERIC:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, col, item)
