"""Import an order export: preview (encoding, header row, mapping) on the cpu worker, then import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from recon_app.domain.progress import CancelToken
from recon_app.gui.operations import tr, user_message

if TYPE_CHECKING:
    from recon_app.gui.main_window import MainWindow


def pick_file(win: MainWindow) -> None:
    win.tabs.setCurrentWidget(win.importer)
    win.importer._pick()


def preview_file(win: MainWindow, path: Path, options: dict[str, Any]) -> None:
    store = win.store or "default"

    def work(_p: Any, _c: CancelToken) -> Any:
        from recon_app.services.importing import ImportOptions, preview_orders

        return preview_orders(path, ImportOptions(store=store, **options))

    def done(preview: Any) -> None:
        win.importer.show_preview(preview)
        win.previewed.emit(preview)

    def failed(exc: BaseException) -> None:
        win.importer.show_failed(user_message(exc))
        win.show_error(exc)

    win.runner.op(work, pool="cpu", label=tr("Reading %1").replace("%1", path.name)).on_success(
        done
    ).on_error(failed).run()


def import_file(win: MainWindow, path: Path, options: dict[str, Any]) -> None:
    ctx, store = win.ctx, win.store or "default"

    def work(p: Any, c: CancelToken) -> Any:
        from recon_app.services.importing import ImportOptions, import_orders

        return import_orders(ctx.ledger, path, ImportOptions(store=store, **options), p, c)

    def done(report: Any) -> None:
        win.importer.show_report(report)
        win.imported.emit(report)
        win.refresh_stores()

    def failed(exc: BaseException) -> None:
        win.importer.show_failed(user_message(exc))
        win.show_error(exc)

    (
        win.runner.op(work, label=tr("Importing %1").replace("%1", path.name))
        .with_progress(win, tr("Importing orders"))
        .on_success(done)
        .on_error(failed)
        .on_cancelled(lambda: win.importer.show_failed(tr("Import cancelled; nothing was saved.")))
        .run()
    )
