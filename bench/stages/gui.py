"""GUI stage (Qt offscreen): the GUI engineer's own pieces — TaskRunner, build_recon_view (the
worker side of "Reconcile", gui/operations/reconcile.py), ResultsPanel/RecordTableModel and
DashboardPanel.

One process measures, in order:

* ``stall_ms``  — longest gap between ticks of a 1 ms QTimer on the GUI thread while the
  reconcile (+ table prep) of N orders runs on the TaskRunner's db worker;
* ``show_ms``   — ``ResultsPanel.set_table`` + ``DashboardPanel.show_result`` of that result and
  the repaint that follows (what the main window's ``show_view`` does);
* ``sort_ms``   — click-equivalent sort of a money column (difference, descending) until the
  model's ``view_changed`` has fired and the view has repainted;
* ``sort_text_ms`` — the same for a text column (order id; the model sorts it on the cpu pool);
* ``filter_ms`` — status filter (amount mismatch only) until ``view_changed`` + repaint.
"""

from __future__ import annotations

import itertools
import os
import time
from typing import Any

from bench.common import reset_peak
from bench.generate import MONTH
from bench.ledger import STORE, ensure_ledger


def _wait(app: Any, predicate: Any, timeout: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        app.processEvents()
        if time.perf_counter() > deadline:
            raise TimeoutError("GUI operation did not finish")
        time.sleep(0.0005)


def measure(mode: str, n: int, quick: bool) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    import recon_app.gui.models.columnar as columnar
    import recon_app.gui.operations.reconcile as recon_ops
    import recon_app.gui.panels.dashboard_panel as dash
    import recon_app.gui.panels.results_panel as panels
    import recon_app.gui.tasks as tasks
    import recon_app.services.app_context as ctx_mod

    app = QApplication.instance() or QApplication([])
    ctx = ctx_mod.AppContext(ensure_ledger(n), STORE)
    runner = tasks.TaskRunner()
    panel = panels.ResultsPanel()
    dashboard = dash.DashboardPanel()

    def background(fn: Any, on_done: Any) -> None:
        runner.op(lambda _p, _c: fn(), pool="cpu", label="sort").on_success(on_done).run()

    panel.model.background = background
    panel.resize(1400, 900)
    panel.show()
    dashboard.resize(1200, 800)
    dashboard.show()
    app.processEvents()
    out: dict[str, Any] = {}
    reset_peak()

    # -- reconcile on a worker; the GUI thread must keep ticking --------------------------------
    got: list[Any] = []
    ticks: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(clock.nsecsElapsed() / 1e6))
    timer.start()
    t0 = time.perf_counter()
    handle = (
        runner.op(
            lambda p, c: recon_ops.build_recon_view(ctx, MONTH, STORE, p, c), label="reconcile"
        )
        .on_success(got.append)
        .run()
    )
    _wait(app, handle.future.done)
    worker_s = time.perf_counter() - t0
    timer.stop()
    _wait(app, lambda: bool(got))
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    out["stall_ms"] = round(max(gaps, default=0.0), 1)
    out["reconcile_in_worker_s"] = round(worker_s, 2)
    out["ticks"] = len(ticks)
    view = got[0]

    changed: list[int] = []
    panel.model.view_changed.connect(lambda: changed.append(1))

    def timed_op(action: Any) -> float:
        before = len(changed)
        start = time.perf_counter()
        action()
        _wait(app, lambda: len(changed) > before)
        panel.repaint()  # paint the rows on screen now, inside the measurement
        app.processEvents()
        return round((time.perf_counter() - start) * 1000, 1)

    def show() -> None:
        panel.set_table(view.table)
        dashboard.show_result(
            view.result.month, view.result.store, view.result.summary, view.charts
        )
        dashboard.repaint()

    out["show_ms"] = timed_op(show)
    keys = [s.key for s in panel.model.specs]
    out["sort_ms"] = timed_op(
        lambda: panel.model.sort(keys.index("difference"), Qt.SortOrder.DescendingOrder)
    )
    out["sort_text_ms"] = timed_op(
        lambda: panel.model.sort(keys.index("order_id"), Qt.SortOrder.AscendingOrder)
    )
    spec = columnar.FilterSpec(statuses=frozenset({"amount_mismatch"}))
    out["filter_ms"] = timed_op(lambda: panel.model.set_filter(spec))
    out["rows_shown"] = panel.model.rowCount()
    out["seconds"] = max(out["show_ms"], out["sort_ms"], out["filter_ms"]) / 1000
    runner.shutdown()
    ctx.close()
    return out
