"""Before a bank statement is imported: what was found in it (issue 13).

Shows the bank and masked account read from the block above the header, the header's row, which
column was read as what, the period and totals, and the first transactions — so a wrong column
is seen before anything is written. Import or Cancel.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recon_app.domain.display import format_count, format_won
from recon_app.domain.timeutil import format_kst
from recon_app.services.bank_import import BankStatement

SHOWN_ROWS = 20
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class BankPreviewDialog(QDialog):
    def __init__(self, file_name: str, statement: BankStatement, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bank statement: %1").replace("%1", file_name))
        tx = statement.transactions
        roles = {
            "datetime": self.tr("date/time"),
            "time": self.tr("time"),
            "deposit": self.tr("deposit"),
            "withdrawal": self.tr("withdrawal"),
            "amount": self.tr("signed amount"),
            "balance": self.tr("balance"),
            "text": self.tr("text"),
        }
        columns = "; ".join(
            f"{roles.get(role, role)}: {', '.join(headers)}"
            for role, headers in statement.columns.items()
        )
        found = " ".join(x for x in (statement.bank, statement.account_masked) if x)
        deposits = tx["deposit"].to_numpy()
        self.summary = QLabel(
            self.tr(
                "%1 — header on row %2. %3 transactions from %4 to %5; %6 deposits, %7 won.\n"
                "Columns read: %8"
            )
            .replace("%1", found or self.tr("bank not named in the file"))
            .replace("%2", str(statement.header_row))
            .replace("%3", format_count(len(tx)))
            .replace("%4", format_kst(int(tx["occurred_at"].min()))[:10])
            .replace("%5", format_kst(int(tx["occurred_at"].max()))[:10])
            .replace("%6", format_count(int((deposits > 0).sum())))
            .replace("%7", format_won(int(deposits.sum())))
            .replace("%8", columns)
        )
        self.summary.setWordWrap(True)
        shown = min(len(tx), SHOWN_ROWS)
        self.table = QTableWidget(shown, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Date/time"), self.tr("Deposit"), self.tr("Withdrawal"), self.tr("Balance"),
             self.tr("Text")]
        )  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        cols = {c: tx[c].tolist()[:shown] for c in tx.columns}
        for r in range(shown):
            cells = [
                (format_kst(int(cols["occurred_at"][r])), False),
                (format_won(int(cols["deposit"][r])) if cols["deposit"][r] else "", True),
                (format_won(int(cols["withdrawal"][r])) if cols["withdrawal"][r] else "", True),
                (format_won(int(cols["balance"][r])) if cols["has_balance"][r] else "", True),
                (str(cols["text"][r]), False),
            ]
            for c, (text, numeric) in enumerate(cells):
                item = QTableWidgetItem(text)
                if numeric:
                    item.setTextAlignment(_RIGHT)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 520)
