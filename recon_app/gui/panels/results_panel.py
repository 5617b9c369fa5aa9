"""Results: filter bar, the million-row table, and a detail panel with the resolution box.

The panel only shows things and asks the main window (through signals) to do work:
``detail_requested(row_key)``, ``resolve_requested(row_key, status, note)``,
``undo_requested(row_key)``. Filtering and sorting are the model's (numpy) business.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from recon_app.domain.display import format_count, format_won
from recon_app.gui.models.columnar import FilterSpec, TableData
from recon_app.gui.models.columns import (
    METHOD_LABELS,
    RESULT_COLUMNS,
    STATUS_LABELS,
    Kind,
    code_label,
    label_for,
)
from recon_app.gui.models.record_table import RecordTableModel
from recon_app.gui.widgets.money_delegate import MoneyDelegate

_ALL = "__all__"


class ResultsPanel(QWidget):
    detail_requested = Signal(str)
    resolve_requested = Signal(str, str, str)  # row_key, status, note
    undo_requested = Signal(str)  # row_key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RecordTableModel(RESULT_COLUMNS, self)

        # -- filter bar ------------------------------------------------------------------
        self.status_box = QComboBox()
        self.status_box.setAccessibleName(self.tr("Status filter"))
        self.pg_box = QComboBox()
        self.pg_box.setAccessibleName(self.tr("PG filter"))
        self.method_box = QComboBox()
        self.method_box.setAccessibleName(self.tr("Method filter"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search order, payment, buyer, reason… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search"))
        self.only_exceptions = QCheckBox(self.tr("&Open exceptions only"))
        self.count_label = QLabel("")
        self.busy_label = QLabel("")
        bar = QHBoxLayout()
        for caption, widget in (
            (self.tr("&Status:"), self.status_box),
            (self.tr("&PG:"), self.pg_box),
            (self.tr("&Method:"), self.method_box),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.only_exceptions)
        bar.addWidget(self.busy_label)
        bar.addWidget(self.count_label)

        # debounce typing: one numpy pass after the user pauses, not one per key
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)
        self._filter_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._filter_timer.start())
        for box in (self.status_box, self.pg_box, self.method_box):
            box.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.only_exceptions.toggled.connect(lambda _c: self.apply_filter())
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)

        # -- table -------------------------------------------------------------------------
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Reconciliation results"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        vheader = self.table.verticalHeader()
        vheader.setVisible(False)
        # Fixed row height: no per-row size hints, so a million rows scroll instantly.
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        self._money_delegate = MoneyDelegate(self.table)
        for i, spec in enumerate(RESULT_COLUMNS):
            self.table.setColumnWidth(i, spec.width)
            if spec.kind is Kind.MONEY:
                self.table.setItemDelegateForColumn(i, self._money_delegate)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.view_changed.connect(self._update_count)
        self.model.busy_changed.connect(
            lambda busy: self.busy_label.setText(self.tr("Working…") if busy else "")
        )

        # -- detail + resolution --------------------------------------------------------------
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.setAccessibleName(self.tr("Row details"))
        self.detail.setPlaceholderText(self.tr("Select a row to see how it was reconciled."))
        self.resolve_box = QGroupBox(self.tr("Resolve exception"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("What was done (e.g. refunded by bank transfer)"))
        self.note.setAccessibleName(self.tr("Resolution note"))
        self.resolve_button = QPushButton(self.tr("Mark &resolved"))
        self.undo_button = QPushButton(self.tr("&Undo resolution"))
        self.resolve_button.clicked.connect(self._resolve_clicked)
        self.note.returnPressed.connect(self._resolve_clicked)
        self.undo_button.clicked.connect(self._undo_clicked)
        box = QVBoxLayout(self.resolve_box)
        note_label = QLabel(self.tr("&Note:"))
        note_label.setBuddy(self.note)
        box.addWidget(note_label)
        box.addWidget(self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.resolve_button)
        buttons.addWidget(self.undo_button)
        box.addLayout(buttons)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.detail, 1)
        side_layout.addWidget(self.resolve_box)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 380])

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self._detail_timer = QTimer(self)
        self._detail_timer.setSingleShot(True)
        self._detail_timer.setInterval(120)  # skim with the arrow keys without a query per row
        self._detail_timer.timeout.connect(self._request_detail)
        self._selected_key: str | None = None
        self._fill_filter_boxes()
        self._update_resolve_box()
        self.apply_palette()

    # -- data -------------------------------------------------------------------------------
    def set_table(self, data: TableData) -> None:
        """Show a new result, keeping filter, sort and (by key) the selected row."""
        previous = self._selected_key
        self.model.set_table(data)
        self._fill_filter_boxes()
        if previous is not None:
            self.select_key(previous)
        else:
            self._selection_changed()

    def select_key(self, key: str) -> bool:
        row = self.model.view_row_of_key(key)
        if row is None:
            self._selection_changed()
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    @property
    def selected_key(self) -> str | None:
        return self._selected_key

    def show_detail(self, row_key: str, detail: Any) -> None:
        if row_key != self._selected_key:
            return  # the user moved on while we were loading
        self.detail.setHtml(detail_html(detail, self))

    def current_filter(self) -> FilterSpec:
        def chosen(box: QComboBox) -> frozenset[str]:
            value = box.currentData()
            return frozenset() if value in (None, _ALL) else frozenset({str(value)})

        return FilterSpec(
            statuses=chosen(self.status_box),
            pgs=chosen(self.pg_box),
            methods=chosen(self.method_box),
            text=self.search.text(),
            only_exceptions=self.only_exceptions.isChecked(),
        )

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter(self.current_filter())

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- look -------------------------------------------------------------------------------
    def apply_palette(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        if dark:
            self.model.set_row_colours(QColor(110, 40, 40), QColor(40, 80, 50))
        else:
            self.model.set_row_colours(QColor(255, 226, 222), QColor(226, 242, 228))

    # -- internals --------------------------------------------------------------------------
    def _fill_filter_boxes(self) -> None:
        data = self.model.table
        for box, key, spec_labels, all_text in (
            (self.status_box, "status", STATUS_LABELS, self.tr("All statuses")),
            (self.pg_box, "pg_provider", {}, self.tr("All PGs")),
            (self.method_box, "pay_method", METHOD_LABELS, self.tr("All methods")),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(all_text, _ALL)
            spec = next(s for s in RESULT_COLUMNS if s.key == key)
            for value in data.category_values(key):
                if value:
                    box.addItem(label_for(spec, value) if spec_labels else value, value)
            found = box.findData(current) if current is not None else -1
            box.setCurrentIndex(max(found, 0))
            box.blockSignals(False)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_rows
        text = (
            format_count(shown)
            if shown == total
            else f"{format_count(shown)} / {format_count(total)}"
        )
        self.count_label.setText(self.tr("%1 rows").replace("%1", text))

    def _selection_changed(self, *_args: QItemSelection) -> None:
        row = self.selected_row()
        key = self.model.row_key(row) if row is not None else None
        if key != self._selected_key:
            self._selected_key = key
            if key is None:
                self.detail.clear()
            else:
                loading = QCoreApplication.translate("ResultsPanel", "Loading…")
                self.detail.setHtml(f"<p>{html.escape(loading)}</p>")
                self._detail_timer.start()
        self._update_resolve_box()

    def _request_detail(self) -> None:
        if self._selected_key is not None:
            self.detail_requested.emit(self._selected_key)

    def _update_resolve_box(self) -> None:
        row = self.selected_row()
        exception = row is not None and self.model.is_exception(row)
        resolved = row is not None and self.model.is_resolved(row)
        self.resolve_button.setEnabled(exception)
        self.note.setEnabled(exception)
        self.undo_button.setEnabled(resolved)

    def _resolve_clicked(self) -> None:
        row = self.selected_row()
        if row is None or not self.model.is_exception(row):
            return
        status = str(self.model.raw_value(row, "status"))
        self.resolve_requested.emit(self.model.row_key(row), status, self.note.text())

    def _undo_clicked(self) -> None:
        row = self.selected_row()
        if row is not None and self.model.is_resolved(row):
            self.undo_requested.emit(self.model.row_key(row))


def _texts() -> dict[str, str]:
    """Detail-panel captions (literal translate calls, so lupdate finds them)."""
    return {
        "t_reason": QCoreApplication.translate("ResultsPanel", "Reason"),
        "t_resolved": QCoreApplication.translate("ResultsPanel", "Resolved"),
        "t_order": QCoreApplication.translate("ResultsPanel", "Order"),
        "t_no_order_in_the_shop_export_fo": QCoreApplication.translate(
            "ResultsPanel", "No order in the shop export for this payment."
        ),
        "t_payments": QCoreApplication.translate("ResultsPanel", "Payments"),
        "t_no_payment_found_at_the_pg_for": QCoreApplication.translate(
            "ResultsPanel", "No payment found at the PG for this order."
        ),
        "t_cancel_history": QCoreApplication.translate("ResultsPanel", "Cancel history"),
        "t_fee_calculation": QCoreApplication.translate("ResultsPanel", "Fee calculation"),
        "t_no_captured_payment_so_no_fee": QCoreApplication.translate(
            "ResultsPanel", "No captured payment, so no fee."
        ),
    }


def detail_html(detail: Any, widget: QWidget) -> str:
    """RowDetail → HTML: order fields, payments with cancel history, fee steps, reason."""
    _T = _texts()
    esc = html.escape
    out: list[str] = []
    row = detail.row
    status_label = detail.status_label
    out.append(
        f"<h3>{esc(str(row.get('row_key') or row.get('order_id') or ''))} — {esc(status_label)}</h3>"
    )
    if detail.reason:
        out.append(f"<p><b>{esc(_T['t_reason'])}:</b> {esc(detail.reason)}</p>")
    note = row.get("resolution_note")
    if row.get("resolved") and note:
        out.append(f"<p><b>{esc(_T['t_resolved'])}:</b> {esc(str(note))}</p>")
    order = detail.order
    out.append(f"<h4>{esc(_T['t_order'])}</h4>")
    if order:
        out.append(_fields_table(order))
    else:
        out.append(f"<p>{esc(_T['t_no_order_in_the_shop_export_fo'])}</p>")
    payments = detail.payments
    out.append(f"<h4>{esc(_T['t_payments'])} ({len(payments)})</h4>")
    if not payments:
        out.append(f"<p>{esc(_T['t_no_payment_found_at_the_pg_for'])}</p>")
    for p in payments:
        shown = {k: v for k, v in p.items() if k not in ("cancels", "fee", "captured")}
        out.append(_fields_table(shown, keys=_PAYMENT_KEYS))
        cancels = p.get("cancels") or []
        if cancels:
            out.append(f"<p><b>{esc(_T['t_cancel_history'])}</b></p>")
            out.append(_rows_table(cancels))
    steps = detail.fee_steps
    out.append(f"<h4>{esc(_T['t_fee_calculation'])}</h4>")
    if steps:
        out.append("<ol>" + "".join(f"<li>{esc(str(s))}</li>" for s in steps) + "</ol>")
    else:
        out.append(f"<p>{esc(_T['t_no_captured_payment_so_no_fee'])}</p>")
    return "\n".join(out)


_PAYMENT_KEYS = (
    "imp_uid",
    "merchant_uid",
    "status",
    "pg_provider",
    "pay_method",
    "amount",
    "cancel_amount",
    "paid_at",
    "cancelled_at",
    "card_name",
    "vbank_name",
    "buyer_name",
)


def _field_labels() -> dict[str, str]:
    """Ledger column → label people read (translated; Korean by default)."""
    tr = QCoreApplication.translate
    return {
        "order_id": tr("ResultsPanel", "Order number"),
        "ordered_at": tr("ResultsPanel", "Ordered at"),
        "amount": tr("ResultsPanel", "Amount"),
        "status": tr("ResultsPanel", "Status"),
        "refunded_amount": tr("ResultsPanel", "Refunded (shop)"),
        "pay_method": tr("ResultsPanel", "Payment method"),
        "buyer_name": tr("ResultsPanel", "Buyer"),
        "updated_at": tr("ResultsPanel", "Updated at"),
        "imp_uid": tr("ResultsPanel", "Payment ID (imp_uid)"),
        "merchant_uid": tr("ResultsPanel", "Order number (merchant_uid)"),
        "pg_provider": tr("ResultsPanel", "PG"),
        "cancel_amount": tr("ResultsPanel", "Cancelled"),
        "paid_at": tr("ResultsPanel", "Paid at"),
        "cancelled_at": tr("ResultsPanel", "Cancelled at"),
        "card_name": tr("ResultsPanel", "Card"),
        "vbank_name": tr("ResultsPanel", "Virtual account bank"),
        "seq": tr("ResultsPanel", "No."),
        "reason": tr("ResultsPanel", "Reason"),
    }


def _fmt(key: str, value: Any) -> str:
    from recon_app.domain.timeutil import format_kst

    if value is None:
        return ""
    if key.endswith("_at") and isinstance(value, int):
        return format_kst(value)
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, int):
        return format_won(value)  # the detail's numbers are amounts (counts are lists)
    if key in ("status", "pay_method") and isinstance(value, str):
        return code_label(key, value)
    return str(value)


def _fields_table(fields: dict[str, Any], keys: tuple[str, ...] | None = None) -> str:
    items = [(k, fields[k]) for k in keys if k in fields] if keys else list(fields.items())
    labels = _field_labels()
    cells = "".join(
        f"<tr><td><i>{html.escape(labels.get(k, k))}</i></td>"
        f"<td align='right'>{html.escape(_fmt(k, v))}</td></tr>"
        for k, v in items
        # internal row ids mean nothing to a person
        if k != "id" and (not k.endswith("_id") or k in ("order_id",))
    )
    return f"<table cellspacing='0' cellpadding='2'>{cells}</table>"


def _rows_table(rows: list[dict[str, Any]]) -> str:
    keys = [k for k in ("seq", "amount", "cancelled_at", "reason") if any(k in r for r in rows)]
    labels = _field_labels()
    head = "".join(f"<th>{html.escape(labels.get(k, k))}</th>" for k in keys)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_fmt(k, r.get(k)))}</td>" for k in keys) + "</tr>"
        for r in rows
    )
    return f"<table border='1' cellspacing='0' cellpadding='2'><tr>{head}</tr>{body}</table>"


__all__ = ["ResultsPanel", "detail_html"]
