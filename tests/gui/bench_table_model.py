"""Benchmark (a script, not a test): the results model at 1,000,000 rows.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/gui/bench_table_model.py [rows]

Measures, on the GUI thread unless noted: building TableData (worker side), installing it in the
model, sorting a money column (asc, then desc from the cached permutation), sorting a text
column (the worker-side permutation), filtering by status, a text search (worker side for big
tables), and painting the first screen of a QTableView. Target for the GUI-thread steps: ≤ 300 ms.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from recon_app.gui.models.columnar import (
    FilterSpec,
    ascending_permutation,
    filter_mask,
    prepare_table,
)
from recon_app.gui.models.columns import RESULT_COLUMNS, SEARCH_KEYS
from recon_app.gui.models.record_table import RecordTableModel


def frame(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    status = np.array(["matched", "amount_mismatch", "missing_payment", "refund_missing"])[
        rng.choice(4, n, p=[0.96, 0.02, 0.01, 0.01])
    ]
    ids = np.char.add("ORD", rng.permutation(n).astype("U7")).astype(object)
    return pd.DataFrame(
        {
            "row_key": ids,
            "order_id": ids,
            "imp_uid": np.char.add("imp_", np.arange(n).astype("U9")).astype(object),
            "status": status.astype(object),
            "order_amount": rng.integers(1_000, 500_000, n),
            "paid_amount": rng.integers(1_000, 500_000, n),
            "cancelled_amount": np.zeros(n, np.int64),
            "refunded_amount": np.zeros(n, np.int64),
            "fee": rng.integers(0, 15_000, n),
            "fee_vat": rng.integers(0, 1_500, n),
            "settlement": rng.integers(1_000, 500_000, n),
            "difference": rng.integers(-1_000, 1_000, n),
            "pg_provider": np.array(["kcp", "html5_inicis", "tosspayments", "kakaopay"])[
                rng.integers(0, 4, n)
            ].astype(object),
            "pay_method": np.array(["card", "vbank", "trans", "phone"])[
                rng.integers(0, 4, n)
            ].astype(object),
            "reason": np.where(status == "matched", "", "결제금액과 주문금액이 다릅니다").astype(
                object
            ),
            "ordered_at": rng.integers(1_790_000_000, 1_792_000_000, n),
            "is_exception": status != "matched",
            "resolved": np.zeros(n, bool),
            "resolution_note": np.full(n, None, object),
            "buyer_name": np.full(n, "홍길동", object),
        }
    )


def timed(label: str, fn, gui: bool = True) -> object:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn()
    ms = (time.perf_counter() - start) * 1000
    where = "GUI thread" if gui else "worker    "
    flag = "" if not gui else ("  OK" if ms <= 300 else "  OVER 300 ms")
    print(f"{label:<44} {where} {ms:8.0f} ms{flag}")
    return out


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    app = QApplication.instance() or QApplication([])
    df = timed(f"make a {n:,}-row result frame (setup)", lambda: frame(n), gui=False)
    data = timed(
        "prepare_table (columns, codes, search text)",
        lambda: prepare_table(df, RESULT_COLUMNS, SEARCH_KEYS),
        gui=False,
    )
    model = RecordTableModel(RESULT_COLUMNS)
    view = QTableView()
    view.verticalHeader().setVisible(False)
    view.resize(1200, 800)
    view.setModel(model)
    view.show()
    money = next(i for i, s in enumerate(RESULT_COLUMNS) if s.key == "settlement")
    status = next(i for i, s in enumerate(RESULT_COLUMNS) if s.key == "status")
    timed("set_table (install the result)", lambda: model.set_table(data))
    timed("first paint of the view", lambda: (view.viewport().repaint(), app.processEvents()))
    timed("sort money column ascending", lambda: model.sort(money, Qt.SortOrder.AscendingOrder))
    timed(
        "sort money column descending (cached)",
        lambda: model.sort(money, Qt.SortOrder.DescendingOrder),
    )
    timed(
        "sort status column (category codes)",
        lambda: model.sort(status, Qt.SortOrder.AscendingOrder),
    )
    timed(
        "text sort permutation (imp_uid)", lambda: ascending_permutation(data, "imp_uid"), gui=False
    )
    timed(
        "filter: status = amount_mismatch",
        lambda: model.set_filter(FilterSpec(statuses=frozenset({"amount_mismatch"}))),
    )
    print(f"{'':<44} rows shown: {model.rowCount():,}")
    timed(
        "filter: open exceptions only", lambda: model.set_filter(FilterSpec(only_exceptions=True))
    )
    timed("filter: clear", lambda: model.set_filter(FilterSpec()))
    timed(
        "text search mask 'ord12345'",
        lambda: filter_mask(data, FilterSpec(text="ord12345")),
        gui=False,
    )
    timed("paint after sort+filter", lambda: (view.viewport().repaint(), app.processEvents()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
