"""Import orders: pick or drop a file, check the preview, fix the mapping, import, read the report.

The panel turns its drop-downs into ``ImportOptions`` (column_map, status_map) and asks the main
window to run ``preview_orders`` / ``import_orders`` on a worker (signals ``preview_requested``,
``import_requested``); results come back through :meth:`show_preview` / :meth:`show_report`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

ORDER_FILE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls")
NOT_USED = "__none__"

#: The canonical statuses an unknown word can be mapped to (ImportOptions.status_map values).
ORDER_STATUSES: dict[str, str] = {
    "paid": QT_TRANSLATE_NOOP("ImportPanel", "Paid"),
    "awaiting_payment": QT_TRANSLATE_NOOP("ImportPanel", "Awaiting payment"),
    "cancelled": QT_TRANSLATE_NOOP("ImportPanel", "Cancelled"),
    "partially_refunded": QT_TRANSLATE_NOOP("ImportPanel", "Partially refunded"),
}

#: How the canonical order fields are named in the mapping form.
FIELD_LABELS: dict[str, str] = {
    "order_id": QT_TRANSLATE_NOOP("ImportPanel", "Order number"),
    "ordered_at": QT_TRANSLATE_NOOP("ImportPanel", "Order date"),
    "amount": QT_TRANSLATE_NOOP("ImportPanel", "Amount"),
    "status": QT_TRANSLATE_NOOP("ImportPanel", "Order status"),
    "refunded_amount": QT_TRANSLATE_NOOP("ImportPanel", "Refunded amount"),
    "pay_method": QT_TRANSLATE_NOOP("ImportPanel", "Payment method"),
    "buyer_name": QT_TRANSLATE_NOOP("ImportPanel", "Buyer"),
    "line_amount": QT_TRANSLATE_NOOP("ImportPanel", "Line amount"),
    "quantity": QT_TRANSLATE_NOOP("ImportPanel", "Quantity"),
    "unit_price": QT_TRANSLATE_NOOP("ImportPanel", "Unit price"),
    "status_detail": QT_TRANSLATE_NOOP("ImportPanel", "Detail status"),
    "pay_state": QT_TRANSLATE_NOOP("ImportPanel", "Payment state"),
    "cancel_kind": QT_TRANSLATE_NOOP("ImportPanel", "Cancel type"),
}


def is_order_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() in ORDER_FILE_SUFFIXES


class ImportPanel(QWidget):
    preview_requested = Signal(object, object)  # Path, options dict
    import_requested = Signal(object, object)  # Path, options dict

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.path: Path | None = None
        self.preview: Any = None
        #: The mapping the importer detected on its own (first preview of this file): only the
        #: user's changes against it are sent as column_map overrides.
        self.detected: dict[str, Any] | None = None

        self.pick_button = QPushButton(self.tr("&Choose file…"))
        self.pick_button.clicked.connect(self._pick)
        self.path_label = QLabel(
            self.tr("Drop an order export (CSV or Excel) here, or choose a file.")
        )
        self.path_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.pick_button)
        top.addWidget(self.path_label, 1)

        # -- what was detected ------------------------------------------------------------------
        self.info_label = QLabel("")
        self.info_label.setWordWrap(True)
        self.sheet_box = QComboBox()
        self.sheet_box.setAccessibleName(self.tr("Sheet"))
        self.sheet_box.activated.connect(lambda _i: self.request_preview())
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("only for a password-protected Excel file"))
        self.password.setAccessibleName(self.tr("Excel password"))
        self.password.returnPressed.connect(self.request_preview)
        self.skip_bad = QCheckBox(self.tr("S&kip bad rows (they are listed in the report)"))
        options = QFormLayout()
        options.addRow(self.tr("Sheet:"), self.sheet_box)
        options.addRow(self.tr("Password:"), self.password)
        options.addRow("", self.skip_bad)

        # -- mapping + statuses -----------------------------------------------------------------
        self.mapping_box = QGroupBox(self.tr("Columns (change if detected wrongly)"))
        self.mapping_form = QFormLayout(self.mapping_box)
        self.mapping_combos: dict[str, QComboBox] = {}
        self.status_box = QGroupBox(self.tr("Unknown status words"))
        self.status_form = QFormLayout(self.status_box)
        self.status_combos: dict[str, QComboBox] = {}
        self.status_box.setVisible(False)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addLayout(options)
        side_layout.addWidget(self.mapping_box)
        side_layout.addWidget(self.status_box)
        side_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(side)

        # -- sample + problems ------------------------------------------------------------------
        self.sample = QTableWidget(0, 0)
        self.sample.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.sample.setAccessibleName(self.tr("First rows of the file"))
        self.sample.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName(self.tr("Problems and import report"))
        self.problems.setPlaceholderText(
            self.tr("Problems found in the file and the import report appear here.")
        )
        self.skipped_table = QTableWidget(0, 4)
        self.skipped_table.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Column"), self.tr("Value"), self.tr("Reason")]
        )
        self.skipped_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch
        )
        self.skipped_table.verticalHeader().setVisible(False)
        self.skipped_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.skipped_table.setAccessibleName(self.tr("Skipped rows"))
        self.skipped_table.setVisible(False)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.sample)
        right.addWidget(self.problems)
        right.addWidget(self.skipped_table)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(right)
        self.splitter.setSizes([360, 800])

        self.import_button = QPushButton(self.tr("&Import orders"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.request_import)
        # Saves the columns as chosen now under a name, in the same place the CLI's
        # --save-layout writes (services.order_layouts): a file with these headers is then
        # recognised by both without any choice.
        self.save_layout_button = QPushButton(self.tr("Save &layout…"))
        self.save_layout_button.setEnabled(False)
        self.save_layout_button.clicked.connect(self._save_layout)
        bottom = QHBoxLayout()
        bottom.addWidget(self.info_label, 1)
        bottom.addWidget(self.save_layout_button)
        bottom.addWidget(self.import_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)

    # -- input ------------------------------------------------------------------------------
    def load_file(self, path: str | Path) -> None:
        """Start over with ``path`` (from the file dialog or a drop) and preview it."""
        self.path = Path(path)
        self.preview = None
        self.detected = None
        self.save_layout_button.setEnabled(False)
        self.sheet_box.clear()
        self.password.clear()
        self.path_label.setText(str(self.path))
        self._clear_forms()
        self.skipped_table.setVisible(False)
        self.problems.clear()
        self.request_preview()

    def options(self) -> dict[str, Any]:
        """Keyword arguments for ImportOptions (store is added by the main window)."""
        column_map = {
            field: str(box.currentData())
            for field, box in self.mapping_combos.items()
            if box.currentData() not in (None, NOT_USED)
            and (self.detected is None or self.detected.get(field) != box.currentData())
        }
        status_map = {
            word: str(box.currentData())
            for word, box in self.status_combos.items()
            if box.currentData() not in (None, NOT_USED)
        }
        return {
            "sheet": self.sheet_box.currentText() or None,
            "password": self.password.text() or None,
            "skip_bad_rows": self.skip_bad.isChecked(),
            "column_map": column_map,
            "status_map": status_map,
        }

    def request_preview(self) -> None:
        if self.path is not None:
            self.import_button.setEnabled(False)
            self.info_label.setText(self.tr("Reading the file…"))
            self.preview_requested.emit(self.path, self.options())

    def request_import(self) -> None:
        if self.path is None:
            return
        missing = [
            w for w, box in self.status_combos.items() if box.currentData() in (None, NOT_USED)
        ]
        if missing and not self.skip_bad.isChecked():
            self.info_label.setText(
                self.tr("Choose what these status words mean first: %1").replace(
                    "%1", ", ".join(missing)
                )
            )
            return
        self.import_button.setEnabled(False)
        self.import_requested.emit(self.path, self.options())

    # -- results ----------------------------------------------------------------------------
    def show_preview(self, preview: Any) -> None:
        self.preview = preview
        if self.detected is None:
            self.detected = dict(preview.mapping)
        sheets = list(preview.sheets)
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItems(sheets)
        if preview.sheet:
            self.sheet_box.setCurrentText(preview.sheet)
        self.sheet_box.setEnabled(len(sheets) > 1)
        self.sheet_box.blockSignals(False)
        parts = [
            self.tr("Encoding: %1").replace("%1", preview.encoding or "-"),
            self.tr("Header row: %1").replace("%1", str(preview.header_row)),
        ]
        if preview.sheet:
            parts.append(self.tr("Sheet: %1").replace("%1", preview.sheet))
        layout = getattr(preview, "layout", None)
        if layout:
            parts.append(self.tr("Layout: %1").replace("%1", layout))
        self.info_label.setText(" · ".join(parts))
        self._fill_mapping(preview)
        self._fill_statuses(preview)
        self._fill_sample(preview)
        problems = list(preview.problems)
        warnings = ["⚠ " + w for w in getattr(preview, "warnings", [])]
        self.problems.setPlainText(
            "\n".join(warnings + problems)
            if problems or warnings
            else self.tr("No problems found. Ready to import.")
        )
        self.import_button.setEnabled(True)
        self.save_layout_button.setEnabled(True)

    def show_report(self, report: Any) -> None:
        self.problems.setPlainText("\n".join(report.summary_lines()))
        skipped = list(report.skipped)
        self.skipped_table.setVisible(bool(skipped))
        self.skipped_table.setRowCount(len(skipped))
        for i, p in enumerate(skipped):
            for j, value in enumerate((p.row, p.column, p.value, p.message)):
                self.skipped_table.setItem(
                    i, j, QTableWidgetItem("" if value is None else str(value))
                )
        self.info_label.setText(self.tr("Import finished."))
        self.import_button.setEnabled(True)

    def show_failed(self, message: str) -> None:
        self.info_label.setText(message)
        self.import_button.setEnabled(self.preview is not None)

    def chosen_columns(self) -> dict[str, str]:
        """Every field's column as chosen in the form now (the whole mapping, for a layout)."""
        return {
            field: str(box.currentData())
            for field, box in self.mapping_combos.items()
            if box.currentData() not in (None, NOT_USED)
        }

    def _save_layout(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("Save layout"), self.tr("Name for these columns:")
        )
        if ok and name.strip():
            self.save_layout(name)

    def save_layout(self, name: str) -> None:
        from recon_app.domain.errors import InputError
        from recon_app.services.order_layouts import save_layout

        status_map = self.options()["status_map"]
        try:
            save_layout(name, self.chosen_columns(), status_map)
        except InputError as exc:
            self.info_label.setText(str(exc))
            return
        self.info_label.setText(self.tr("Layout '%1' saved.").replace("%1", name.strip()))

    # -- drag and drop ----------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            self.load_file(path)

    # -- internals --------------------------------------------------------------------------
    def _pick(self) -> None:
        from recon_app.gui.ui_state import UiState

        state = UiState()
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose an order export"),
            state.last_dir("import"),
            self.tr("Order exports (*.csv *.txt *.tsv *.xlsx *.xlsm *.xls);;All files (*)"),
        )
        if name:
            state.set_last_dir("import", str(Path(name).parent))
            self.load_file(name)

    def _clear_forms(self) -> None:
        for form in (self.mapping_form, self.status_form):
            while form.rowCount():
                form.removeRow(0)
        self.mapping_combos.clear()
        self.status_combos.clear()
        self.status_box.setVisible(False)

    def _fill_mapping(self, preview: Any) -> None:
        previous = {f: box.currentData() for f, box in self.mapping_combos.items()}
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.mapping_combos.clear()
        for field, header in preview.mapping.items():
            box = QComboBox()
            box.addItem(self.tr("(not used)"), NOT_USED)
            for h in preview.headers:
                if h:
                    box.addItem(str(h), str(h))
            wanted = previous.get(field) or header
            index = box.findData(wanted) if wanted else 0
            box.setCurrentIndex(max(index, 0))
            label = QCoreApplication.translate("ImportPanel", FIELD_LABELS.get(field, field))
            box.setAccessibleName(label)
            self.mapping_form.addRow(label + ":", box)
            self.mapping_combos[field] = box

    def _fill_statuses(self, preview: Any) -> None:
        previous = {w: box.currentData() for w, box in self.status_combos.items()}
        while self.status_form.rowCount():
            self.status_form.removeRow(0)
        self.status_combos.clear()
        words = list(preview.unknown_statuses) + [
            w
            for w in previous
            if w not in preview.unknown_statuses and previous[w] not in (None, NOT_USED)
        ]
        for word in words:
            box = QComboBox()
            box.addItem(self.tr("(choose)"), NOT_USED)
            for code, label in ORDER_STATUSES.items():
                box.addItem(QCoreApplication.translate("ImportPanel", label), code)
            if previous.get(word) not in (None, NOT_USED):
                box.setCurrentIndex(box.findData(previous[word]))
            box.setAccessibleName(self.tr("Meaning of status '%1'").replace("%1", word))
            self.status_form.addRow(f"“{word}”:", box)
            self.status_combos[word] = box
        self.status_box.setVisible(bool(words))

    def _fill_sample(self, preview: Any) -> None:
        headers = [str(h) for h in preview.headers]
        rows = list(preview.sample)
        self.sample.clear()
        self.sample.setColumnCount(len(headers))
        self.sample.setHorizontalHeaderLabels(headers)
        self.sample.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, value in enumerate(row[: len(headers)]):
                self.sample.setItem(i, j, QTableWidgetItem(str(value)))
        self.sample.resizeColumnsToContents()


def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and is_order_file(url.toLocalFile()):
            return Path(url.toLocalFile())
    return None
