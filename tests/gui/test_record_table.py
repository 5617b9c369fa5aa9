"""RecordTableModel: Qt model contract (QAbstractItemModelTester), sort, filter, roles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from recon_app.gui.models.columnar import FilterSpec, prepare_table
from recon_app.gui.models.columns import RESULT_COLUMNS, SEARCH_KEYS
from recon_app.gui.models.record_table import ROW_KEY_ROLE, SORT_ROLE, RecordTableModel

Role = Qt.ItemDataRole


def frame(n: int = 200, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    status = rng.choice(["matched", "amount_mismatch", "missing_payment", "orphan_payment"], n)
    return pd.DataFrame(
        {
            "row_key": [f"ORD-{i:06d}" for i in rng.permutation(n)],
            "order_id": [f"ORD-{i:06d}" for i in range(n)],
            "imp_uid": [f"imp_{i}" for i in range(n)],
            "status": status,
            "order_amount": rng.integers(-5_000, 2_000_000, n).astype(np.int64),
            "paid_amount": rng.integers(0, 2_000_000, n).astype(np.int64),
            "difference": rng.integers(-1000, 1000, n).astype(np.int64),
            "pg_provider": rng.choice(["kcp", "html5_inicis", "kakaopay"], n),
            "pay_method": rng.choice(["card", "vbank", "trans"], n),
            "ordered_at": rng.integers(1_790_000_000, 1_792_000_000, n).astype(np.int64),
            "reason": [f"사유 {i % 7}" for i in range(n)],
            "is_exception": status != "matched",
            "resolved": np.zeros(n, dtype=bool),
        }
    )


def col(key: str) -> int:
    return next(i for i, s in enumerate(RESULT_COLUMNS) if s.key == key)


@pytest.fixture
def model(qapp: Any) -> Iterator[RecordTableModel]:
    import shiboken6

    m = RecordTableModel(RESULT_COLUMNS)
    tester = QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal)
    yield m
    # Delete the C++ objects while the QApplication lives, not in the interpreter's final GC.
    shiboken6.delete(tester)
    shiboken6.delete(m)


def test_model_contract_through_set_sort_filter(model: RecordTableModel) -> None:
    df = frame()
    model.set_table(prepare_table(df, RESULT_COLUMNS, SEARCH_KEYS))
    assert model.rowCount() == len(df)
    model.sort(col("order_amount"), Qt.SortOrder.DescendingOrder)
    model.set_filter(FilterSpec(statuses=frozenset({"matched"})))
    model.sort(col("status"), Qt.SortOrder.AscendingOrder)
    model.set_filter(FilterSpec(text="ORD-0001"))
    model.set_table(prepare_table(frame(50, seed=2), RESULT_COLUMNS, SEARCH_KEYS))
    assert model.rowCount() == 0  # the text filter survives new data (no ORD-0001xx among 50)
    model.set_filter(FilterSpec())
    assert model.rowCount() == 50


@pytest.fixture
def plain_model(qapp: Any) -> Iterator[RecordTableModel]:
    """A model without the fixture's tester attached: qtmodeltester brings its own."""
    import shiboken6

    m = RecordTableModel(RESULT_COLUMNS)
    yield m
    shiboken6.delete(m)


def drive_through_every_state(model: RecordTableModel) -> None:
    """Data in, sorted, filtered to some and to none, new data, sorted again."""
    model.set_table(prepare_table(frame(), RESULT_COLUMNS, SEARCH_KEYS))
    assert model.rowCount() == 200
    model.sort(col("order_amount"), Qt.SortOrder.DescendingOrder)
    model.set_filter(FilterSpec(statuses=frozenset({"amount_mismatch"})))
    assert 0 < model.rowCount() < 200
    model.set_filter(FilterSpec(text="no such text"))
    assert model.rowCount() == 0
    model.set_filter(FilterSpec())
    model.set_table(prepare_table(frame(30, seed=3), RESULT_COLUMNS, SEARCH_KEYS))
    model.sort(col("status"), Qt.SortOrder.AscendingOrder)
    assert model.rowCount() == 30


@pytest.mark.parametrize("force_py", [True, False], ids=["pytest-qt checker", "Qt's tester"])
def test_qtmodeltester_through_data_sort_and_filter_changes(
    plain_model: RecordTableModel, qtmodeltester: Any, force_py: bool
) -> None:
    """pytest-qt's qtmodeltester checks the model once, then stays attached and checks every
    reset and layout change the results table goes through."""
    plain_model.set_table(prepare_table(frame(), RESULT_COLUMNS, SEARCH_KEYS))
    qtmodeltester.check(plain_model, force_py=force_py)  # every row and column, with data
    drive_through_every_state(plain_model)


def test_money_is_formatted_right_aligned_and_sorts_by_raw_int(model: RecordTableModel) -> None:
    df = frame()
    model.set_table(prepare_table(df, RESULT_COLUMNS, SEARCH_KEYS))
    c = col("order_amount")
    idx = model.index(0, c)
    raw = idx.data(SORT_ROLE)
    assert isinstance(raw, int) and raw == int(df["order_amount"].iloc[0])
    assert idx.data(Role.DisplayRole) == f"{raw:,}"
    assert idx.data(Role.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    model.sort(c, Qt.SortOrder.AscendingOrder)
    values = [model.index(r, c).data(SORT_ROLE) for r in range(model.rowCount())]
    assert values == sorted(df["order_amount"].tolist())
    model.sort(c, Qt.SortOrder.DescendingOrder)
    values = [model.index(r, c).data(SORT_ROLE) for r in range(model.rowCount())]
    assert values == sorted(df["order_amount"].tolist(), reverse=True)


def test_filters_combine_and_keep_the_sort(model: RecordTableModel) -> None:
    df = frame()
    model.set_table(prepare_table(df, RESULT_COLUMNS, SEARCH_KEYS))
    model.sort(col("paid_amount"), Qt.SortOrder.AscendingOrder)
    spec = FilterSpec(statuses=frozenset({"amount_mismatch"}), pgs=frozenset({"kcp"}))
    model.set_filter(spec)
    expected = df[(df.status == "amount_mismatch") & (df.pg_provider == "kcp")]
    assert model.rowCount() == len(expected)
    shown = [model.index(r, col("paid_amount")).data(SORT_ROLE) for r in range(model.rowCount())]
    assert shown == sorted(expected["paid_amount"].tolist())
    model.set_filter(FilterSpec(only_exceptions=True))
    assert model.rowCount() == int(df.is_exception.sum())
    model.set_filter(FilterSpec(text="사유 3"))
    assert model.rowCount() == int((df.reason == "사유 3").sum())
    model.set_filter(FilterSpec())
    assert model.rowCount() == len(df)


def test_exception_rows_are_coloured_and_keyed(model: RecordTableModel) -> None:
    df = frame()
    model.set_table(prepare_table(df, RESULT_COLUMNS, SEARCH_KEYS))
    exc_row = int(np.flatnonzero(df.is_exception.to_numpy())[0])
    ok_row = int(np.flatnonzero(~df.is_exception.to_numpy())[0])
    assert model.index(exc_row, 0).data(Role.BackgroundRole) is not None
    assert model.index(ok_row, 0).data(Role.BackgroundRole) is None
    assert model.index(exc_row, 0).data(ROW_KEY_ROLE) == df.row_key.iloc[exc_row]
    assert model.view_row_of_key(df.row_key.iloc[exc_row]) == exc_row


def test_sort_keeps_the_selected_row(model: RecordTableModel, qtbot: Any) -> None:
    from PySide6.QtWidgets import QTableView

    df = frame()
    model.set_table(prepare_table(df, RESULT_COLUMNS, SEARCH_KEYS))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.selectRow(10)
    key = model.row_key(10)
    model.sort(col("order_amount"), Qt.SortOrder.AscendingOrder)
    selected = view.selectionModel().selectedRows()
    assert len(selected) == 1 and model.row_key(selected[0].row()) == key


def test_text_sort_runs_in_background_and_applies(model: RecordTableModel, qtbot: Any) -> None:
    from recon_app.gui.tasks import TaskRunner

    runner = TaskRunner()
    calls = []

    def background(fn: Any, done: Any) -> None:
        calls.append(fn)
        runner.op(lambda _p, _c: fn(), pool="cpu").on_success(done).run()

    model.background = background
    df = frame()
    model.set_table(prepare_table(df, RESULT_COLUMNS, SEARCH_KEYS))
    with qtbot.waitSignal(model.view_changed, timeout=10_000):
        model.sort(col("imp_uid"), Qt.SortOrder.AscendingOrder)
    assert calls, "a text sort must not run on the GUI thread"
    shown = [model.index(r, col("imp_uid")).data(Role.DisplayRole) for r in range(model.rowCount())]
    assert shown == sorted(df.imp_uid.tolist())
    runner.shutdown()


def test_pinned_pyside6_does_not_leak_on_plain_emit(model: RecordTableModel) -> None:
    """The pin in requirements.txt avoids PySide6 6.12.0, whose plain ``emit()`` drops a
    reference to True per call (the interpreter aborts a few hundred emits later)."""
    import sys

    before = sys.getrefcount(True)
    for _ in range(300):
        model.view_changed.emit()
    assert sys.getrefcount(True) >= before - 5


@pytest.mark.parametrize(
    "texts",
    [
        ["ORD-3", "ORD-1", "", "ORD-2", "ORD-1"],  # ASCII: the one-pass conversion
        ["홍길동", "김철수", "", "Alice", "김철수", "alice", "😀", "가"],  # UTF-8 bytes per value
    ],
)
def test_text_sort_order_is_python_string_order(texts: list[str]) -> None:
    from recon_app.gui.models.columnar import ascending_permutation
    from recon_app.gui.models.columns import ColumnSpec, Kind

    frame_ = pd.DataFrame({"buyer_name": texts})
    data = prepare_table(frame_, [ColumnSpec("buyer_name", "buyer", Kind.TEXT)])
    perm = ascending_permutation(data, "buyer_name")
    assert perm.tolist() == sorted(range(len(texts)), key=lambda i: texts[i])  # stable, code points
