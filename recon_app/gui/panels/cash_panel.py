"""Cash calendar (입금 달력, issue 13): was I paid, day by day?

A month grid shows, per day, the PG payouts due (expected) and the deposits that took them
(received); a day with a missing payout is red, one with a short/over deposit orange, holidays
and weekends are marked with their names. Below it, every payout of the month; selecting one
shows the payments (approvals and cancels) behind it and the deposit that matched it.

The main window fills it from ``services.payouts.payouts_month`` (gui/operations/payouts.py).
"""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recon_app.domain.display import format_count, format_won
from recon_app.domain.timeutil import format_kst
from recon_app.services.payouts import PayoutReport, daily_cash, payments_of_payout

MISSING = QColor("#f8d0d0")
SHORT = QColor("#fbe3c0")
MATCHED = QColor("#d9f0d9")
CLOSED = QColor("#888888")

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def status_label(status: str) -> str:
    """Payout statuses for people (literal translate calls, so lupdate finds them)."""
    labels = {
        "matched": QCoreApplication.translate("CashPanel", "Received"),
        "short": QCoreApplication.translate("CashPanel", "Short"),
        "over": QCoreApplication.translate("CashPanel", "Over"),
        "missing": QCoreApplication.translate("CashPanel", "Missing"),
        "scheduled": QCoreApplication.translate("CashPanel", "Scheduled"),
    }
    return labels.get(status, status)


class CashPanel(QWidget):
    #: (pg, payout date) of the payout whose payments are shown
    payout_selected = Signal(str, object)
    #: a bank statement to import: (path, password or None) — picked or dropped on the panel
    bank_file_requested = Signal(object, object)
    senders_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: PayoutReport | None = None
        self.title = QLabel(self.tr("Reconcile a month to see its PG payouts and deposits."))
        self.title.setWordWrap(True)
        self.setAcceptDrops(True)
        self.import_button = QPushButton(self.tr("Import bank statement…"))
        self.import_button.setToolTip(
            self.tr("CSV, XLSX or XLS from your bank's transaction history; or drop the file here")
        )
        self.import_button.clicked.connect(self._pick)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("password (KakaoBank, Toss Bank files)"))
        self.password.setAccessibleName(self.tr("Bank file password"))
        self.bank_status = QLabel("")
        self.senders_button = QPushButton(self.tr("PG sender names…"))
        self.senders_button.clicked.connect(self.senders_requested.emit)
        bar = QHBoxLayout()
        bar.addWidget(self.import_button)
        bar.addWidget(self.password)
        bar.addWidget(self.bank_status, 1)
        bar.addWidget(self.senders_button)
        self.grid = QTableWidget(6, 7)
        self.grid.setHorizontalHeaderLabels(
            [self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"),
             self.tr("Sat"), self.tr("Sun")]
        )  # fmt: skip
        self.grid.verticalHeader().setVisible(False)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.setAccessibleName(self.tr("Cash calendar"))

        self.payouts = QTableWidget(0, 7)
        self.payouts.setHorizontalHeaderLabels(
            [self.tr("PG"), self.tr("Payout date"), self.tr("Status"), self.tr("Expected"),
             self.tr("Deposited"), self.tr("Difference"), self.tr("Basis")]
        )  # fmt: skip
        self.payouts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.payouts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.payouts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.payouts.verticalHeader().setVisible(False)
        self.payouts.horizontalHeader().setStretchLastSection(True)
        self.payouts.setAccessibleName(self.tr("Payouts"))
        self.payouts.itemSelectionChanged.connect(self._selected)

        self.deposit = QLabel("")
        self.deposit.setWordWrap(True)
        self.detail = QTableWidget(0, 6)
        self.detail.setHorizontalHeaderLabels(
            [self.tr("Payment"), self.tr("Order"), self.tr("Kind"), self.tr("Sale date"),
             self.tr("Amount"), self.tr("Payout amount")]
        )  # fmt: skip
        self.detail.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail.verticalHeader().setVisible(False)
        self.detail.horizontalHeader().setStretchLastSection(True)
        self.detail.setAccessibleName(self.tr("Payments of the payout"))

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.payouts, 2)
        lower_layout.addWidget(self.deposit)
        lower_layout.addWidget(self.detail, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.grid)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

    # -- bank statements ---------------------------------------------------------------------
    def _pick(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Bank statement"),
            "",
            self.tr("Bank statements (*.csv *.xlsx *.xls *.txt);;All files (*)"),
        )
        if name:
            self.request_import(Path(name))

    def request_import(self, path: Path) -> None:
        self.bank_status.setText(self.tr("Importing %1…").replace("%1", path.name))
        self.bank_file_requested.emit(path, self.password.text() or None)

    def show_imported(self, lines: list[str]) -> None:
        self.password.clear()
        self.bank_status.setText(" / ".join(lines[1:]))

    def show_import_failed(self, message: str) -> None:
        self.bank_status.setText(message)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and event.mimeData().urls()[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.request_import(Path(urls[0].toLocalFile()))

    # -- filling -----------------------------------------------------------------------------
    def show_report(self, report: PayoutReport) -> None:
        self.report = report
        missing, short = report.count("missing"), report.count("short") + report.count("over")
        self.title.setText(
            self.tr(
                "%1, store %2: expected %3 won, received %4 won; %5 missing, %6 with another "
                "amount (as of %7)."
            )
            .replace("%1", report.month)
            .replace("%2", report.store)
            .replace("%3", format_won(report.expected_total))
            .replace("%4", format_won(report.received_total))
            .replace("%5", format_count(missing))
            .replace("%6", format_count(short))
            .replace("%7", report.as_of.isoformat())
        )
        self._fill_grid(report)
        self._fill_payouts(report)
        self.detail.setRowCount(0)
        self.deposit.setText("")

    def clear(self) -> None:
        self.report = None
        self.grid.clearContents()
        self.payouts.setRowCount(0)
        self.detail.setRowCount(0)
        self.deposit.setText("")

    def _fill_grid(self, report: PayoutReport) -> None:
        self.grid.clearContents()
        year, month = (int(x) for x in report.month.split("-"))
        cash = daily_cash(report)
        by_day = {
            d: (int(e), int(r), str(w))
            for d, e, r, w in zip(
                cash["day"].tolist(),
                cash["expected"].tolist(),
                cash["received"].tolist(),
                cash["worst"].tolist(),
                strict=True,
            )
        }
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        self.grid.setRowCount(len(weeks))
        for r, week in enumerate(weeks):
            for c, day in enumerate(week):
                if day.month != month:
                    continue
                lines = [str(day.day)]
                holiday = report.holidays.get(day)
                if holiday:
                    lines[0] += f"  {holiday}"
                colour = None
                if day in by_day:
                    expected, received, worst = by_day[day]
                    if expected:
                        lines.append(self.tr("due %1").replace("%1", format_won(expected)))
                    if received:
                        lines.append(self.tr("in %1").replace("%1", format_won(received)))
                    colour = {"missing": MISSING, "short": SHORT, "matched": MATCHED}.get(worst)
                item = QTableWidgetItem("\n".join(lines))
                item.setData(Qt.ItemDataRole.UserRole, day.isoformat())
                if colour is not None:
                    item.setBackground(QBrush(colour))
                if holiday or c >= 5:
                    item.setForeground(QBrush(CLOSED))
                    item.setToolTip(holiday or self.tr("Weekend"))
                self.grid.setItem(r, c, item)

    def _fill_payouts(self, report: PayoutReport) -> None:
        p = report.payouts
        self.payouts.setRowCount(len(p))
        columns = {c: p[c].tolist() for c in p.columns}
        for i in range(len(p)):
            status = str(columns["status"][i])
            cells: list[tuple[str, bool]] = [
                (str(columns["pg"][i]), False),
                (pd.Timestamp(columns["payout_date"][i]).date().isoformat(), False),
                (status_label(status), False),
                (format_won(int(columns["expected_amount"][i])), True),
                (format_won(int(columns["deposited_amount"][i])), True),
                (format_won(int(columns["difference"][i])), True),
                (
                    self.tr("PG settlement")
                    if columns["source"][i] == "settlement"
                    else self.tr("Payout rule forecast"),
                    False,
                ),
            ]
            colour = {"missing": MISSING, "short": SHORT, "over": SHORT}.get(status)
            for col, (text, numeric) in enumerate(cells):
                item = QTableWidgetItem(text)
                if numeric:
                    item.setTextAlignment(_RIGHT)
                if colour is not None:
                    item.setBackground(QBrush(colour))
                item.setData(Qt.ItemDataRole.UserRole, i)
                self.payouts.setItem(i, col, item)
        self.payouts.resizeColumnsToContents()

    # -- drill-down ----------------------------------------------------------------------------
    def _selected(self) -> None:
        rows = self.payouts.selectionModel().selectedRows()
        if not rows or self.report is None:
            return
        self.show_payout(rows[0].row())

    def show_payout(self, index: int) -> None:
        """The payments behind payout ``index`` (its row in the list) and its deposit."""
        if self.report is None:
            return
        row = self.report.payouts.iloc[index]
        pg, due = str(row["pg"]), pd.Timestamp(row["payout_date"]).date()
        records = payments_of_payout(self.report, pg, due)
        self.detail.setRowCount(len(records))
        cols = {c: records[c].tolist() for c in records.columns}
        for i in range(len(records)):
            kind = self.tr("Approval") if cols["kind"][i] == "approval" else self.tr("Cancel")
            cells: list[tuple[str, bool]] = [
                (str(cols["imp_uid"][i]), False),
                (str(cols["merchant_uid"][i]), False),
                (kind, False),
                (_day_text(cols["sale_date"][i]), False),
                (format_won(int(cols["amount"][i])), True),
                (format_won(int(cols["payout_amount"][i])), True),
            ]
            for col, (text, numeric) in enumerate(cells):
                item = QTableWidgetItem(text)
                if numeric:
                    item.setTextAlignment(_RIGHT)
                self.detail.setItem(i, col, item)
        if int(row["deposit_id"]) >= 0:
            self.deposit.setText(
                self.tr("Deposit: %1, %2 won, \u201c%3\u201d (%4)")
                .replace("%1", format_kst(int(row["deposit_at"])))
                .replace("%2", format_won(int(row["deposited_amount"])))
                .replace("%3", str(row["deposit_text"]))
                .replace("%4", str(row["deposit_account"]))
            )
        else:
            self.deposit.setText(self.tr("No deposit matched this payout."))
        self.payout_selected.emit(pg, due)


def _day_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or pd.isna(value):
        return ""
    stamp = pd.Timestamp(value)
    return date(stamp.year, stamp.month, stamp.day).isoformat()
