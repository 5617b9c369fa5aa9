"""Reconcile a month and show it; row details, resolving exceptions (and undo), the history of runs."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from recon_app.domain.errors import ReconError
from recon_app.domain.progress import CancelToken
from recon_app.gui.models.chart_data import ChartData, chart_data
from recon_app.gui.models.columnar import TableData, prepare_table
from recon_app.gui.models.columns import RESULT_COLUMNS, SEARCH_KEYS
from recon_app.gui.operations import tr
from recon_app.gui.tasks import OpHandle, cyclic_gc_paused
from recon_app.services.app_context import AppContext
from recon_app.services.reconciling import ReconResult

if TYPE_CHECKING:
    from recon_app.gui.main_window import MainWindow


@dataclass(frozen=True)
class ReconView:
    """A reconciliation ready to show: built entirely on a worker."""

    result: ReconResult
    table: TableData
    charts: ChartData


def build_recon_view(
    ctx: AppContext, month: str, store: str, progress: Any, cancel: CancelToken
) -> ReconView:
    """Worker side of "Reconcile": the service call plus the columnar prep for the table."""
    from recon_app.services.fee_rules import load_fee_schedule
    from recon_app.services.reconciling import reconcile_month

    ledger = ctx.ledger
    with cyclic_gc_paused():
        fees = load_fee_schedule(ledger)
        result = reconcile_month(ledger, month, store, fees, progress, cancel)
        cancel.raise_if_cancelled()
        table = prepare_table(result.rows, RESULT_COLUMNS, SEARCH_KEYS)
        return ReconView(result, table, chart_data(month, result.fee_lines))


def reconcile(win: MainWindow) -> OpHandle:
    month, store, ctx = win.month, win.store, win.ctx
    win.state.month = month
    win.reconcile_action.setEnabled(False)

    def done(view: ReconView) -> None:
        show_view(win, view)
        win.statusBar().showMessage(view.result.summary_lines()[0], 10000)
        refresh_history(win)
        win.reconciled.emit()

    return (
        win.runner.op(
            lambda p, c: build_recon_view(ctx, month, store, p, c),
            label=tr("Reconciling %1").replace("%1", month),
        )
        .with_progress(win, tr("Reconciling %1 (%2)").replace("%1", month).replace("%2", store))
        .on_success(done)
        .on_finally(lambda: win.reconcile_action.setEnabled(True))
        .run()
    )


def show_view(win: MainWindow, view: ReconView) -> None:
    win.view = view
    win.results.set_table(view.table)
    win.dashboard.show_result(
        view.result.month, view.result.store, view.result.summary, view.charts
    )
    for a in (win.export_xlsx_action, win.export_csv_action):
        a.setEnabled(True)


def clear_result(win: MainWindow) -> None:
    win.view = None
    win.results.set_table(prepare_table(_empty_rows(), RESULT_COLUMNS))
    win.dashboard.clear()
    for a in (win.export_xlsx_action, win.export_csv_action):
        a.setEnabled(False)


def refresh_history(win: MainWindow) -> None:
    ctx, store = win.ctx, win.store

    def work(_p: Any, _c: CancelToken) -> Any:
        from recon_app.services.run_history import list_recon_runs

        return list_recon_runs(ctx.ledger, store)

    def done(runs: Any) -> None:
        win.history.show_runs(store, runs)
        win.history_shown.emit()

    win.runner.op(work, label=tr("Reading the history of runs")).on_success(done).run()


def load_detail(win: MainWindow, row_key: str) -> None:
    if win.view is None:
        return
    ctx, result = win.ctx, win.view.result

    def work(_p: Any, _c: CancelToken) -> Any:
        from recon_app.services.reconciling import explain_row

        return explain_row(ctx.ledger, result, row_key)

    def done(detail: Any) -> None:
        win.results.show_detail(row_key, detail)
        win.detail_shown.emit(row_key)

    win.runner.op(work, label=tr("Loading details")).on_success(done).run()


def resolve(win: MainWindow, row_key: str, status: str, note: str) -> None:
    ctx, store, who = win.ctx, win.store, _user_name()

    def work(_p: Any, _c: CancelToken) -> int:
        from recon_app.services.resolutions import resolve_exception

        return resolve_exception(ctx.ledger, store, row_key, status, note, who)

    def done(resolution_id: int) -> None:
        win.last_resolution = resolution_id
        win.results.note.clear()
        win.statusBar().showMessage(tr("Marked resolved. Ctrl+Z undoes it."), 8000)
        after_resolution(win)

    win.runner.op(work, label=tr("Resolving")).on_success(done).run()


def undo_resolution(win: MainWindow, row_key: str) -> None:
    ctx, store = win.ctx, win.store

    def work(_p: Any, _c: CancelToken) -> int:
        from recon_app.services.resolutions import list_resolutions, undo_resolution

        active = [
            r
            for r in list_resolutions(ctx.ledger, store)
            if r["active"] and r["row_key"] == row_key
        ]
        if not active:
            raise ReconError(f"'{row_key}'에 취소할 해결 기록이 없습니다.")
        undo_resolution(ctx.ledger, int(active[-1]["id"]))
        return int(active[-1]["id"])

    win.runner.op(work, label=tr("Undoing")).on_success(lambda _id: after_resolution(win)).run()


def undo_last(win: MainWindow) -> None:
    if win.last_resolution is None:
        win.statusBar().showMessage(tr("Nothing to undo."), 4000)
        return
    ctx, rid = win.ctx, win.last_resolution
    win.last_resolution = None

    def work(_p: Any, _c: CancelToken) -> None:
        from recon_app.services.resolutions import undo_resolution

        undo_resolution(ctx.ledger, rid)

    win.runner.op(work, label=tr("Undoing")).on_success(lambda _r: after_resolution(win)).run()


def after_resolution(win: MainWindow) -> None:
    """The ledger is the truth: reconcile again so counts and flags come from the service."""
    handle = win.reconcile()
    handle.future.add_done_callback(lambda _f: win.runner.post(win.resolutions_changed.emit))


def sort_in_background(win: MainWindow, fn: Any, on_done: Any) -> None:
    """The results model's slow sorts (text columns of a big table) on the cpu worker."""

    def failed(exc: BaseException) -> None:
        win.results.model.background_failed()
        win.show_error(exc)

    (
        win.runner.op(lambda _p, _c: fn(), pool="cpu", label=tr("Sorting"))
        .on_success(on_done)
        .on_error(failed)
        .run()
    )


def _user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (some containers): still record something
        return "recon-user"


def _empty_rows() -> Any:
    import pandas as pd

    return pd.DataFrame({spec.key: [] for spec in RESULT_COLUMNS})
