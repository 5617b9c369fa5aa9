"""Sync: pick a month or a date range and the stores; progress with counts and ETA; cancel.

The panel builds a frozen request and asks ``sync_requested`` to run it; the main window runs the
sync on the db worker and feeds progress back through :meth:`show_progress`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recon_app.domain.display import format_count
from recon_app.domain.progress import Progress
from recon_app.domain.timeutil import format_kst
from recon_app.gui.widgets.progress_dialog import progress_text


@dataclass(frozen=True)
class SyncPlan:
    date_from: date
    date_to: date
    stores: tuple[str, ...]


def month_range(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, date.fromordinal(nxt.toordinal() - 1)


class SyncPanel(QWidget):
    sync_requested = Signal(object)  # SyncPlan
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # -- period ---------------------------------------------------------------------------
        self.by_month = QRadioButton(self.tr("&Month"))
        self.by_range = QRadioButton(self.tr("Date &range"))
        self.by_month.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_month)
        group.addButton(self.by_range)
        today = QDate.currentDate()
        self.month_edit = QDateEdit(QDate(today.year(), today.month(), 1))
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.month_edit.setAccessibleName(self.tr("Month to sync"))
        self.from_edit = QDateEdit(today.addDays(-7))
        self.to_edit = QDateEdit(today)
        for edit, name in (
            (self.from_edit, self.tr("From date")),
            (self.to_edit, self.tr("To date")),
        ):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            edit.setAccessibleName(name)
        period = QGroupBox(self.tr("Period"))
        grid = QGridLayout(period)
        grid.addWidget(self.by_month, 0, 0)
        grid.addWidget(self.month_edit, 0, 1)
        grid.addWidget(self.by_range, 1, 0)
        grid.addWidget(self.from_edit, 1, 1)
        grid.addWidget(QLabel("–"), 1, 2)
        grid.addWidget(self.to_edit, 1, 3)
        grid.setColumnStretch(4, 1)
        self.by_month.toggled.connect(self._update_enabled)

        # -- stores ---------------------------------------------------------------------------
        self.store_list = QListWidget()
        self.store_list.setAccessibleName(self.tr("Stores to sync"))
        self.store_list.setMaximumHeight(110)
        stores_box = QGroupBox(self.tr("Stores"))
        QVBoxLayout(stores_box).addWidget(self.store_list)

        top = QHBoxLayout()
        top.addWidget(period, 2)
        top.addWidget(stores_box, 1)

        # -- run ------------------------------------------------------------------------------
        self.sync_button = QPushButton(self.tr("&Sync payments"))
        self.sync_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.setEnabled(False)
        self.sync_button.clicked.connect(self._sync_clicked)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.bar.setAccessibleName(self.tr("Sync progress"))
        self.progress_label = QLabel("")
        run = QHBoxLayout()
        run.addWidget(self.sync_button)
        run.addWidget(self.cancel_button)
        run.addWidget(self.bar, 1)

        # -- last sync per store --------------------------------------------------------------
        self.last_table = QTableWidget(0, 4)
        self.last_table.setHorizontalHeaderLabels(
            [self.tr("Store"), self.tr("Last sync"), self.tr("Outcome"), self.tr("Payments seen")]
        )
        self.last_table.verticalHeader().setVisible(False)
        self.last_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.last_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.last_table.setAccessibleName(self.tr("Last sync per store"))
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setAccessibleName(self.tr("Sync report"))
        self.report.setPlaceholderText(self.tr("The sync report appears here."))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(run)
        layout.addWidget(self.progress_label)
        layout.addWidget(QLabel(self.tr("Last sync per store:")))
        layout.addWidget(self.last_table)
        layout.addWidget(self.report, 1)
        self._started = 0.0
        self._update_enabled()

    # -- state ------------------------------------------------------------------------------
    def set_stores(self, names: list[str], checked: str | None) -> None:
        previous = set(self.checked_stores()) or ({checked} if checked else set())
        self.store_list.clear()
        for name in names:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if name in previous else Qt.CheckState.Unchecked
            )
            self.store_list.addItem(item)

    def checked_stores(self) -> list[str]:
        return [
            self.store_list.item(i).text()
            for i in range(self.store_list.count())
            if self.store_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_month(self, month: str) -> None:
        year, mon = (int(x) for x in month.split("-"))
        self.month_edit.setDate(QDate(year, mon, 1))

    def plan(self) -> SyncPlan:
        if self.by_month.isChecked():
            d = self.month_edit.date()
            start, end = month_range(d.year(), d.month())
        else:
            start, end = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        return SyncPlan(start, end, tuple(self.checked_stores()))

    def set_last_syncs(self, rows: list[tuple[str, dict[str, Any] | None]]) -> None:
        self.last_table.setRowCount(len(rows))
        for i, (store, run) in enumerate(rows):
            when = format_kst(run.get("finished_at") or run.get("started_at")) if run else ""
            outcome = str(run.get("outcome", "")) if run else self.tr("never")
            seen = format_count(int(run.get("payments_seen") or 0)) if run else ""
            for j, text in enumerate((store, when or self.tr("never"), outcome, seen)):
                self.last_table.setItem(i, j, QTableWidgetItem(text))

    def set_running(self, running: bool) -> None:
        self.sync_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if running:
            self._started = time.monotonic()
            self.bar.setRange(0, 0)
            self.progress_label.setText(self.tr("Starting…"))
        else:
            self.bar.setRange(0, 1000)

    def show_progress(self, p: Progress) -> None:
        if p.total:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * min(p.done, p.total) / p.total))
        self.progress_label.setText(progress_text(p, time.monotonic() - self._started))

    def show_finished(self, lines: list[str], outcome: str) -> None:
        self.bar.setValue(1000 if outcome == "ok" else self.bar.value())
        self.progress_label.setText(outcome)
        self.report.setPlainText("\n".join(lines))

    # -- internals ----------------------------------------------------------------------------
    def _update_enabled(self) -> None:
        month = self.by_month.isChecked()
        self.month_edit.setEnabled(month)
        self.from_edit.setEnabled(not month)
        self.to_edit.setEnabled(not month)

    def _sync_clicked(self) -> None:
        plan = self.plan()
        if not plan.stores:
            self.progress_label.setText(self.tr("Tick at least one store to sync."))
            return
        if plan.date_from > plan.date_to:
            self.progress_label.setText(self.tr("The start date is after the end date."))
            return
        self.sync_requested.emit(plan)
