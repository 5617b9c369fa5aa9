"""The month's close and the clients overview: load, close, reopen (services/closing.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recon_app.domain.progress import CancelToken, Progress
from recon_app.gui.operations import tr

if TYPE_CHECKING:
    from recon_app.gui.main_window import MainWindow


def refresh_overview(win: MainWindow) -> None:
    ctx, month, store = win.ctx, win.month, win.store

    def work(_p: Any, _c: CancelToken) -> Any:
        from recon_app.services.clients import month_overview

        return month_overview(ctx.ledger, month)

    win.runner.op(work, label=tr("Loading client shops")).on_success(
        lambda rows: win.clients.show_overview(month, store, rows)
    ).run()


def close_month(win: MainWindow, note: str, accept_open: str) -> None:
    ctx, month, store = win.ctx, win.month, win.store

    def work(_p: Any, _c: CancelToken) -> Any:
        from recon_app.services.closing import close_month as close

        return close(ctx.ledger, month, store, note, accept_open=accept_open or None)

    win.runner.op(work, label=tr("Closing the month")).on_success(lambda _i: _changed(win)).run()


def reopen_month(win: MainWindow, reason: str) -> None:
    ctx, month, store = win.ctx, win.month, win.store

    def work(_p: Any, _c: CancelToken) -> Any:
        from recon_app.services.closing import reopen_month as reopen

        return reopen(ctx.ledger, month, store, reason)

    win.runner.op(work, label=tr("Reopening the month")).on_success(lambda _i: _changed(win)).run()


def _changed(win: MainWindow) -> None:
    refresh_overview(win)
    if win.view is not None:
        win.reconcile()


def run_batch(win: MainWindow, clients: str, out_dir: str) -> None:
    """Every client's month (services/batch.py) with progress and Cancel on the Clients tab."""
    month = win.month
    panel = win.clients

    def work(p: Any, c: CancelToken) -> Any:
        from pathlib import Path

        from recon_app.services.accounting_map import mapping_or_default
        from recon_app.services.batch import read_clients
        from recon_app.services.batch import run_batch as batch

        listed = read_clients(Path(clients))
        mapping = mapping_or_default(None)
        p(Progress(0, len(listed), tr("Preparing every client's month")))
        return batch(
            listed,
            month,
            Path(out_dir),
            mapping=mapping,
            progress=lambda done, total, message: p(Progress(done, total, message)),
            cancel=c,
        )

    def failed(exc: BaseException) -> None:
        panel.batch_status.setText(str(exc))
        win.show_error(exc)

    panel.set_batch_running(True)
    win.batch_handle = (
        win.runner.op(work, pool="db", label=tr("Preparing every client's month"))
        .on_progress(panel.show_batch_progress)
        .on_success(panel.show_batch_result)
        .on_cancelled(lambda: panel.show_batch_result(None))
        .on_error(failed)
        .on_finally(lambda: (panel.set_batch_running(False), refresh_overview(win)))
        .run()
    )


def cancel_batch(win: MainWindow) -> None:
    if win.batch_handle is not None:
        win.batch_handle.cancel()


def edit_mapping(win: MainWindow) -> None:
    """The accountant's mapping editor (saved in the user's data folder)."""

    def work(_p: Any, _c: CancelToken) -> Any:
        from recon_app.services.accounting_map import mapping_or_default

        return mapping_or_default(None)

    win.runner.op(work, label=tr("Loading the accounting mapping")).on_success(
        lambda mapping: show_mapping_dialog(win, mapping)
    ).run()


def show_mapping_dialog(win: MainWindow, mapping: Any) -> None:
    from recon_app.gui.panels.mapping_dialog import MappingDialog

    dialog = MappingDialog(mapping, win)
    win.mapping_dialog = dialog

    def save(new_mapping: Any) -> None:
        def work(_p: Any, _c: CancelToken) -> Any:
            from recon_app.services.accounting_map import save_mapping, user_mapping_path

            return save_mapping(user_mapping_path(), new_mapping)

        def saved(path: Any) -> None:
            dialog.accept()
            win.statusBar().showMessage(
                tr("Accounting mapping saved: %1").replace("%1", str(path)), 8000
            )

        (
            win.runner.op(work, label=tr("Saving the accounting mapping"))
            .on_success(saved)
            .on_error(lambda exc: dialog.save_failed(str(exc)))
            .run()
        )

    dialog.save_requested.connect(save)
    dialog.open()
