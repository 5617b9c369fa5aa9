"""The accountant's mapping (회계 매핑) editor: company facts, account codes, each PG's 거래처,
and which 집계표 column each payment method belongs to. The ERP column layouts stay in the file
(edited there; see the README). Saving goes through the main window (db worker →
``services.accounting_map.save_mapping``)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recon_app.domain.accounting import CATEGORIES, CATEGORY_LABELS, Account, Accounts, Partner
from recon_app.services.accounting_map import PG_NAMES, AccountingMap, Company

ACCOUNT_LABELS = {
    "receivable": "외상매출금 (PG가 줄 돈)",
    "sales": "상품매출",
    "vat_payable": "부가세예수금",
    "fee": "수수료비용",
    "vat_receivable": "부가세대급금",
    "bank": "보통예금 (정산 입금)",
}


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _cell(table: QTableWidget, row: int, col: int) -> str:
    item = table.item(row, col)
    return item.text().strip() if item is not None else ""


class MappingDialog(QDialog):
    save_requested = Signal(object)  # AccountingMap

    def __init__(self, mapping: AccountingMap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Accounting mapping"))
        self.resize(760, 560)
        self.base = mapping
        self.company_name = QLineEdit(mapping.company.name)
        self.business_number = QLineEdit(mapping.company.business_number)
        self.representative = QLineEdit(mapping.company.representative)
        company = QWidget()
        form = QFormLayout(company)
        form.addRow(self.tr("Company name"), self.company_name)
        form.addRow(self.tr("Business registration number"), self.business_number)
        form.addRow(self.tr("Representative"), self.representative)

        self.accounts = _table([self.tr("Account"), self.tr("Code"), self.tr("Name")])
        keys = list(Accounts.__dataclass_fields__)
        self.accounts.setRowCount(len(keys))
        for row, key in enumerate(keys):
            acc = getattr(mapping.accounts, key)
            label = QTableWidgetItem(ACCOUNT_LABELS.get(key, key))
            label.setData(256, key)  # Qt.UserRole: the field name
            self.accounts.setItem(row, 0, label)
            self.accounts.setItem(row, 1, QTableWidgetItem(acc.code))
            self.accounts.setItem(row, 2, QTableWidgetItem(acc.name))

        self.partners = _table(
            [
                self.tr("PG"),
                self.tr("Partner code"),
                self.tr("Partner name"),
                self.tr("Business no."),
            ]
        )
        pgs = sorted(set(PG_NAMES) | set(mapping.partners))
        self.partners.setRowCount(len(pgs))
        for row, pg in enumerate(pgs):
            partner = mapping.partner(pg)
            self.partners.setItem(row, 0, QTableWidgetItem(pg))
            self.partners.setItem(row, 1, QTableWidgetItem(partner.code))
            self.partners.setItem(row, 2, QTableWidgetItem(partner.name))
            self.partners.setItem(row, 3, QTableWidgetItem(partner.business_number))

        self.methods = _table([self.tr("Payment method"), self.tr("Column of the card-sales form")])
        self.methods.setRowCount(len(mapping.methods))
        self.method_boxes: dict[str, QComboBox] = {}
        for row, (method, category) in enumerate(mapping.methods.items()):
            self.methods.setItem(row, 0, QTableWidgetItem(method))
            box = QComboBox()
            for c in CATEGORIES:
                box.addItem(CATEGORY_LABELS[c], c)
            box.setCurrentIndex(CATEGORIES.index(category))
            self.methods.setCellWidget(row, 1, box)
            self.method_boxes[method] = box

        tabs = QTabWidget()
        tabs.addTab(company, self.tr("Company"))
        tabs.addTab(self.accounts, self.tr("Accounts"))
        tabs.addTab(self.partners, self.tr("PG partners"))
        tabs.addTab(self.methods, self.tr("Payment methods"))
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Used by VAT references, vouchers, packs and batches. The ERP column "
                    "layouts are in the same file (medium confidence; edit them there)."
                )
            )
        )
        layout.addWidget(tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def current_mapping(self) -> AccountingMap:
        """The mapping as edited; ValueError naming the row when an account code is empty."""
        accounts = self.base.accounts
        for row in range(self.accounts.rowCount()):
            key = self.accounts.item(row, 0).data(256)
            code, name = _cell(self.accounts, row, 1), _cell(self.accounts, row, 2)
            if not code or not name:
                raise ValueError(
                    self.tr("Account '%1' needs a code and a name.").replace(
                        "%1", self.accounts.item(row, 0).text()
                    )
                )
            accounts = replace(accounts, **{key: Account(code, name)})
        partners = {
            _cell(self.partners, row, 0): Partner(
                _cell(self.partners, row, 1),
                _cell(self.partners, row, 2) or _cell(self.partners, row, 0),
                _cell(self.partners, row, 3),
            )
            for row in range(self.partners.rowCount())
        }
        methods = {m: str(box.currentData()) for m, box in self.method_boxes.items()}
        company = Company(
            self.company_name.text().strip(),
            self.business_number.text().strip(),
            self.representative.text().strip(),
        )
        return replace(
            self.base, accounts=accounts, partners=partners, methods=methods, company=company
        )

    def _save(self) -> None:
        try:
            mapping = self.current_mapping()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.error.setText("")
        self.save_requested.emit(mapping)

    def save_failed(self, message: str) -> None:
        self.error.setText(message)
