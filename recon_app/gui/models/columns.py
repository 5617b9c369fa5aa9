"""Column descriptions for :class:`RecordTableModel` (cf. Vorta's ``COL_*``, Anki's ``Column``).

Headers are English source strings marked with ``QT_TRANSLATE_NOOP("Columns", …)`` so lupdate
finds them; the model translates them when asked for the header.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication


class Kind(Enum):
    TEXT = "text"  # shown as is, sorted as text
    MONEY = "money"  # int64 won: right-aligned, thousands separators, SortRole = int
    INT = "int"  # counts
    TIME = "time"  # int unix seconds, shown in KST
    BOOL = "bool"  # shown as a check mark
    CATEGORY = "category"  # few distinct codes (status, PG, method): filterable, labelled


@dataclass(frozen=True)
class ColumnSpec:
    key: str  # column name in the result frame
    header: str  # English source text; see module docstring
    kind: Kind = Kind.TEXT
    width: int = 110  # default pixel width in the view
    #: For CATEGORY columns: code -> English source label (context "Labels"); unknown codes
    #: are shown as they are.
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_numeric(self) -> bool:
        return self.kind in (Kind.MONEY, Kind.INT, Kind.TIME, Kind.BOOL)

    def title(self) -> str:
        return QCoreApplication.translate("Columns", self.header)


def label_for(spec: ColumnSpec, code: str) -> str:
    source = spec.labels.get(code)
    return QCoreApplication.translate("Labels", source) if source else code


# Reconciliation statuses (reconcile service codes) and how the UI names them.
STATUS_LABELS: dict[str, str] = {
    "duplicate_payment": QT_TRANSLATE_NOOP("Labels", "Duplicate payment"),
    "orphan_payment": QT_TRANSLATE_NOOP("Labels", "Payment without order"),
    "vbank_unpaid": QT_TRANSLATE_NOOP("Labels", "Virtual account unpaid"),
    "missing_payment": QT_TRANSLATE_NOOP("Labels", "Missing payment"),
    "pending": QT_TRANSLATE_NOOP("Labels", "Awaiting deposit"),
    "cancelled_unpaid": QT_TRANSLATE_NOOP("Labels", "Cancelled before payment"),
    "unconfirmed_payment": QT_TRANSLATE_NOOP("Labels", "Unconfirmed payment"),
    "matched": QT_TRANSLATE_NOOP("Labels", "Matched"),
    "refund_missing": QT_TRANSLATE_NOOP("Labels", "Refund missing"),
    "refund_excess": QT_TRANSLATE_NOOP("Labels", "Excess refund"),
    "amount_mismatch": QT_TRANSLATE_NOOP("Labels", "Amount mismatch"),
}

METHOD_LABELS: dict[str, str] = {
    "card": QT_TRANSLATE_NOOP("Labels", "Card"),
    "vbank": QT_TRANSLATE_NOOP("Labels", "Virtual account"),
    "trans": QT_TRANSLATE_NOOP("Labels", "Bank transfer"),
    "phone": QT_TRANSLATE_NOOP("Labels", "Phone billing"),
    "point": QT_TRANSLATE_NOOP("Labels", "Points"),
}

#: Status codes of an order (shop export) or a payment (PortOne), as the detail panel shows them.
RECORD_STATUS_LABELS: dict[str, str] = {
    "paid": QT_TRANSLATE_NOOP("Labels", "Paid"),
    "awaiting_payment": QT_TRANSLATE_NOOP("Labels", "Awaiting payment"),
    "cancelled": QT_TRANSLATE_NOOP("Labels", "Cancelled"),
    "partially_refunded": QT_TRANSLATE_NOOP("Labels", "Partially refunded"),
    "ready": QT_TRANSLATE_NOOP("Labels", "Not paid yet (ready)"),
    "failed": QT_TRANSLATE_NOOP("Labels", "Failed"),
}


def code_label(key: str, code: str) -> str:
    """A status or payment-method code as people read it (translated); unknown codes as they are."""
    source = (
        RECORD_STATUS_LABELS if key == "status" else METHOD_LABELS if key == "pay_method" else {}
    ).get(code)
    return QCoreApplication.translate("Labels", source) if source else code


#: The results table of a reconciliation (ReconResult.rows), in display order.
RESULT_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("order_id", QT_TRANSLATE_NOOP("Columns", "Order"), Kind.TEXT, 150),
    ColumnSpec("status", QT_TRANSLATE_NOOP("Columns", "Status"), Kind.CATEGORY, 130, STATUS_LABELS),
    ColumnSpec("ordered_at", QT_TRANSLATE_NOOP("Columns", "Ordered at"), Kind.TIME, 150),
    ColumnSpec("order_amount", QT_TRANSLATE_NOOP("Columns", "Order amount"), Kind.MONEY, 105),
    ColumnSpec("paid_amount", QT_TRANSLATE_NOOP("Columns", "Paid"), Kind.MONEY, 100),
    ColumnSpec("cancelled_amount", QT_TRANSLATE_NOOP("Columns", "Cancelled"), Kind.MONEY, 95),
    ColumnSpec("refunded_amount", QT_TRANSLATE_NOOP("Columns", "Refunded (shop)"), Kind.MONEY, 105),
    ColumnSpec("fee", QT_TRANSLATE_NOOP("Columns", "PG fee"), Kind.MONEY, 85),
    ColumnSpec("fee_vat", QT_TRANSLATE_NOOP("Columns", "Fee VAT"), Kind.MONEY, 80),
    ColumnSpec("settlement", QT_TRANSLATE_NOOP("Columns", "Settlement"), Kind.MONEY, 105),
    ColumnSpec("difference", QT_TRANSLATE_NOOP("Columns", "Difference"), Kind.MONEY, 95),
    ColumnSpec("pg_provider", QT_TRANSLATE_NOOP("Columns", "PG"), Kind.CATEGORY, 95),
    ColumnSpec(
        "pay_method", QT_TRANSLATE_NOOP("Columns", "Method"), Kind.CATEGORY, 95, METHOD_LABELS
    ),
    ColumnSpec("imp_uid", QT_TRANSLATE_NOOP("Columns", "Payment (imp_uid)"), Kind.TEXT, 150),
    ColumnSpec("resolved", QT_TRANSLATE_NOOP("Columns", "Resolved"), Kind.BOOL, 70),
    ColumnSpec("reason", QT_TRANSLATE_NOOP("Columns", "Reason"), Kind.TEXT, 320),
    ColumnSpec("resolution_note", QT_TRANSLATE_NOOP("Columns", "Resolution note"), Kind.TEXT, 220),
    ColumnSpec("buyer_name", QT_TRANSLATE_NOOP("Columns", "Buyer"), Kind.TEXT, 90),
)

#: Which text columns the filter bar's search box looks in.
SEARCH_KEYS: tuple[str, ...] = ("order_id", "imp_uid", "buyer_name", "reason", "resolution_note")
