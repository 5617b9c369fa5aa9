"""PG 입금자명 (issue 13): the names a PG's payouts carry in the bank statement, per store.

One row per PG: its names, comma-separated, editable. Saving stores the changed rows as the
store's own list; a row emptied goes back to the built-in names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class SendersDialog(QDialog):
    def __init__(
        self, store: str, senders: Mapping[str, Sequence[str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("PG sender names"))
        self.original = {pg: ", ".join(names) for pg, names in sorted(senders.items())}
        note = QLabel(
            self.tr(
                "Store %1: the names each PG's payouts show in the bank statement, comma-separated. "
                "Spaces, (주)/㈜ and case are ignored; empty a row to use the built-in names."
            ).replace("%1", store)
        )
        note.setWordWrap(True)
        self.table = QTableWidget(len(self.original), 2)
        self.table.setHorizontalHeaderLabels([self.tr("PG"), self.tr("Sender names")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        for row, (pg, names) in enumerate(self.original.items()):
            key = QTableWidgetItem(pg)
            key.setFlags(key.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, key)
            self.table.setItem(row, 1, QTableWidgetItem(names))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 480)

    def changes(self) -> dict[str, list[str]]:
        """PG → its new names (an empty list: back to the built-in names), changed rows only."""
        out: dict[str, list[str]] = {}
        for row in range(self.table.rowCount()):
            key, names = self.table.item(row, 0), self.table.item(row, 1)
            if key is None or names is None:
                continue
            pg, text = key.text(), names.text()
            if text.strip() != self.original[pg]:
                out[pg] = [n.strip() for n in text.split(",") if n.strip()]
        return out
