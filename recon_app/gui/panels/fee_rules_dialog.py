"""Fee rules editor: one row per PG × method (rate %, minimum, flat, VAT, rounding).

Validation is the domain's: every cell is parsed with ``domain.money.parse_rate`` / int rules and
the whole table becomes a ``FeeSchedule``, whose constructor refuses duplicates and a missing
catch-all. The dialog shows the first problem (row, column, value, what to do) and keeps the
user's input. Saving goes through the main window (db worker → ``save_fee_schedule``).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from recon_app.domain.display import format_won
from recon_app.domain.errors import InputError
from recon_app.domain.fees import FeeRule, FeeSchedule
from recon_app.domain.money import Rounding, parse_rate
from recon_app.domain.money import parse_won as money_parse_won

COL_PG, COL_METHOD, COL_RATE, COL_MIN, COL_FLAT, COL_VAT, COL_ROUNDING = range(7)
_HUNDRED = Decimal(100)


def percent_text(rate: Decimal | None) -> str:
    """0.032 → "3.2" (what people type), exact."""
    if rate is None:
        return ""
    return format((rate * _HUNDRED).normalize(), "f")


def parse_percent(text: str) -> Decimal:
    """ "3.2" / "3.2%" → Decimal("0.032"), exactly; ValueError (Korean) when it is not a rate."""
    cleaned = text.strip().rstrip("%").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text}'은(는) 숫자가 아닙니다 (예: 3.2)") from None
    return parse_rate(str(value / _HUNDRED))


def parse_won(text: str) -> int:
    """A fee cell: empty is 0, else the app's one won rule (domain.money.parse_won)."""
    return money_parse_won(text) if text.strip() else 0


class FeeRulesDialog(QDialog):
    save_requested = Signal(object)  # FeeSchedule
    reset_requested = Signal()

    def __init__(self, schedule: FeeSchedule, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("PG fee rules"))
        self.resize(820, 460)
        self.source = schedule.source
        intro = QLabel(
            self.tr(
                "The most specific rule wins: PG + method, then method, then PG, then the rule "
                "with neither (required). Rates in percent, amounts in won. Leave VAT and rounding "
                "empty to use the defaults below."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("PG (empty = any)"),
                self.tr("Method (empty = any)"),
                self.tr("Rate %"),
                self.tr("Minimum ₩"),
                self.tr("Flat ₩"),
                self.tr("VAT % (empty = default)"),
                self.tr("Rounding"),
            ]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Fee rules"))
        self.vat = QLineEdit(percent_text(schedule.vat_rate))
        self.vat.setAccessibleName(self.tr("Default VAT on fees, percent"))
        self.rounding = self._rounding_box(schedule.rounding, allow_default=False)
        self.rounding.setAccessibleName(self.tr("Default rounding"))
        defaults = QFormLayout()
        defaults.addRow(self.tr("Default &VAT on fees (%):"), self.vat)
        defaults.addRow(self.tr("Default &rounding:"), self.rounding)

        self.add_button = QPushButton(self.tr("&Add rule"))
        self.remove_button = QPushButton(self.tr("Re&move rule"))
        self.reset_button = QPushButton(self.tr("Restore &defaults"))
        self.add_button.clicked.connect(lambda: self.add_rule(FeeRule()))
        self.remove_button.clicked.connect(self._remove_selected)
        self.reset_button.clicked.connect(self.reset_requested)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_button)
        row_buttons.addWidget(self.remove_button)
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.reset_button)

        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.setAccessibleName(self.tr("Problem"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addLayout(defaults)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.set_schedule(schedule)

    # -- table <-> rules --------------------------------------------------------------------
    def set_schedule(self, schedule: FeeSchedule) -> None:
        self.table.setRowCount(0)
        for rule in schedule.rules:
            self.add_rule(rule)
        self.vat.setText(percent_text(schedule.vat_rate))
        self.rounding.setCurrentIndex(max(self.rounding.findData(schedule.rounding.value), 0))
        self.error.clear()

    def add_rule(self, rule: FeeRule) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = {
            COL_PG: rule.pg or "",
            COL_METHOD: rule.method or "",
            COL_RATE: percent_text(rule.rate),
            COL_MIN: format_won(rule.min) if rule.min else "",
            COL_FLAT: format_won(rule.flat) if rule.flat else "",
            COL_VAT: percent_text(rule.vat_rate),
        }
        for col, text in values.items():
            self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.setCellWidget(
            row, COL_ROUNDING, self._rounding_box(rule.rounding, allow_default=True)
        )
        return row

    def set_cell(self, row: int, col: int, text: str) -> None:
        self.table.setItem(row, col, QTableWidgetItem(text))

    def build_schedule(self) -> FeeSchedule:
        """The table as a FeeSchedule; InputError naming the row and column on bad input."""
        headers = [
            self.table.horizontalHeaderItem(c).text() for c in range(self.table.columnCount())
        ]
        rules = []
        for row in range(self.table.rowCount()):

            def cell(col: int, row: int = row) -> str:
                item = self.table.item(row, col)
                return item.text().strip() if item is not None else ""

            col = COL_RATE
            try:
                rate = parse_percent(cell(COL_RATE) or "0")
                col = COL_MIN
                minimum = parse_won(cell(COL_MIN))
                col = COL_FLAT
                flat = parse_won(cell(COL_FLAT))
                col = COL_VAT
                vat = parse_percent(cell(COL_VAT)) if cell(COL_VAT) else None
            except ValueError as exc:
                raise InputError(
                    self.tr("Row %1, column '%2': %3")
                    .replace("%1", str(row + 1))
                    .replace("%2", headers[col])
                    .replace("%3", str(exc)),
                    hint=self.tr("Rates are percent (3.2 means 3.2%); amounts are whole won."),
                ) from None
            box = self.table.cellWidget(row, COL_ROUNDING)
            rounding_value = box.currentData() if isinstance(box, QComboBox) else None
            rules.append(
                FeeRule(
                    pg=cell(COL_PG) or None,
                    method=cell(COL_METHOD) or None,
                    rate=rate,
                    min=minimum,
                    flat=flat,
                    vat_rate=vat,
                    rounding=Rounding(rounding_value) if rounding_value else None,
                )
            )
        try:
            vat_rate = parse_percent(self.vat.text() or "0")
        except ValueError as exc:
            raise InputError(self.tr("Default VAT: %1").replace("%1", str(exc))) from None
        return FeeSchedule(
            rules=tuple(rules),
            vat_rate=vat_rate,
            rounding=Rounding(self.rounding.currentData()),
            source=self.tr("fee rules edited in the app"),
        )

    def try_save(self) -> None:
        try:
            schedule = self.build_schedule()
        except InputError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.buttons.setEnabled(False)
        self.save_requested.emit(schedule)

    def save_failed(self, message: str) -> None:
        self.error.setText(message)
        self.buttons.setEnabled(True)

    # -- internals --------------------------------------------------------------------------
    def _rounding_box(self, value: Rounding | None, *, allow_default: bool) -> QComboBox:
        box = QComboBox()
        if allow_default:
            box.addItem(self.tr("(default)"), None)
        box.addItem(self.tr("Half up"), Rounding.HALF_UP.value)
        box.addItem(self.tr("Round down"), Rounding.FLOOR.value)
        if value is not None:
            box.setCurrentIndex(box.findData(value.value))
        return box

    def _remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        for row in rows:
            self.table.removeRow(row)
