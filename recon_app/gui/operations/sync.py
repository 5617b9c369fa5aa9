"""Sync payments of the chosen stores and period, with progress and cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recon_app.domain.progress import CancelToken, Progress
from recon_app.gui.operations import tr

if TYPE_CHECKING:
    from recon_app.gui.main_window import MainWindow
    from recon_app.gui.panels.sync_panel import SyncPlan


def sync(win: MainWindow, plan: SyncPlan) -> None:
    ctx = win.ctx

    def work(p: Any, c: CancelToken) -> list[Any]:
        from recon_app.services.app_context import sync_store

        reports = []
        for i, store in enumerate(plan.stores):

            def progress(pr: Progress, store: str = store, i: int = i) -> None:
                prefix = f"[{store} {i + 1}/{len(plan.stores)}] "
                p(Progress(pr.done, pr.total, prefix + pr.message))

            reports.append(sync_store(ctx, store, plan.date_from, plan.date_to, progress, c))
        return reports

    def done(reports: list[Any]) -> None:
        lines: list[str] = []
        for r in reports:
            lines.extend(r.summary_lines())
        win.sync_panel.show_finished(lines, tr("Sync finished."))
        win.synced.emit(reports)
        win.refresh_stores()

    def cancelled() -> None:
        win.sync_panel.show_finished(
            [],
            tr("Sync cancelled. Windows already completed are kept; the rest was not written."),
        )
        win.refresh_stores()

    def failed(exc: BaseException) -> None:
        win.sync_panel.show_finished([str(exc)], tr("Sync failed."))
        win.show_error(exc)
        win.refresh_stores()

    win.sync_panel.set_running(True)
    win.sync_handle = (
        win.runner.op(work, label=tr("Syncing payments"))
        .on_progress(win.sync_panel.show_progress)
        .on_success(done)
        .on_cancelled(cancelled)
        .on_error(failed)
        .on_finally(lambda: win.sync_panel.set_running(False))
        .run()
    )


def cancel_sync(win: MainWindow) -> None:
    if win.sync_handle is not None:
        win.sync_handle.cancel()
