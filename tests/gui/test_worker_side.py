"""The worker side of a reconcile view (Qt-free pieces): table prep and chart data give the
same answers slice by slice as the plain way, and the GC pause puts the collector back."""

from __future__ import annotations

import gc

import numpy as np
import pandas as pd

from recon_app.domain.timeutil import month_bounds
from recon_app.gui.models import columnar
from recon_app.gui.models.chart_data import chart_data
from recon_app.gui.models.columnar import text_array
from recon_app.gui.tasks import cyclic_gc_paused


def test_text_array_and_categories_across_slices(monkeypatch) -> None:
    monkeypatch.setattr(columnar, "_SLICE", 3)
    col = pd.Series(["b", None, "a", float("nan"), 7, "b", "", pd.NA, "가"], dtype=object)
    texts = text_array(col)
    assert texts.tolist() == ["b", "", "a", "", "7", "b", "", "", "가"]
    codes, uniques = columnar._category_codes(texts)
    assert uniques == ("", "7", "a", "b", "가")
    assert [uniques[c] for c in codes] == texts.tolist()
    assert codes.dtype == np.int32


def test_search_text_is_lowercased_and_tab_joined(monkeypatch) -> None:
    monkeypatch.setattr(columnar, "_SLICE", 2)
    a = np.array(["ORD-1", "ORD-2", "X"], dtype=object)
    b = np.array(["Kim", "", "LEE"], dtype=object)
    assert columnar._search_text([a, b], 3).tolist() == ["ord-1\tkim", "ord-2\t", "x\tlee"]


def test_chart_data_sums_exactly_and_groups_blank_with_missing() -> None:
    start, _end = month_bounds("2026-10")
    lines = pd.DataFrame(
        {
            "paid_at": [start, start + 86_400, start + 86_400 + 5, start - 1],
            "amount": [10_000, 20_000, 1, 999],
            "settlement": [9_000, 19_000, 1, 999],
            "pg_provider": ["kcp", "kcp", None, "kcp"],
            "pay_method": ["card", "card", "", "card"],
            "fee": [320, 640, 0, 32],
            "fee_vat": [32, 64, 0, 3],
        }
    )
    data = chart_data("2026-10", lines)
    assert data.sales[:3] == (10_000, 20_001, 0) and sum(data.sales) == 30_001  # start-1 is outside
    assert data.settlement[:2] == (9_000, 19_001)
    assert data.fee_groups == ("kcp / card", "- / -")
    assert data.fees == (992, 0) and data.fee_vat == (99, 0)


def test_gc_pause_nests_and_restores_the_collector() -> None:
    assert gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
        with cyclic_gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()  # someone else turned it off: leave it off
    finally:
        gc.enable()


def test_detail_shows_status_and_method_names_not_codes(qtbot) -> None:
    from types import SimpleNamespace

    from PySide6.QtWidgets import QWidget

    from recon_app.gui.panels.results_panel import detail_html

    widget = QWidget()
    qtbot.addWidget(widget)
    detail = SimpleNamespace(
        row={"row_key": "ORD-1", "status": "refund_missing"},
        status_label="Refund missing",
        reason="",
        order={
            "order_id": "ORD-1",
            "status": "partially_refunded",
            "pay_method": "vbank",
            "amount": 1000,
        },
        payments=[{"imp_uid": "imp_1", "status": "ready", "pay_method": "vbank", "amount": 1000}],
        fee_steps=[],
    )
    text = detail_html(detail, widget)
    assert (
        "Partially refunded" in text
        and "Not paid yet (ready)" in text
        and "Virtual account" in text
    )
    assert "partially_refunded" not in text and ">ready<" not in text and ">vbank<" not in text
