"""Stores: open the ledger, list the stores, first-run setup (credentials), the demo store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from recon_app.domain.progress import CancelToken
from recon_app.gui.operations import tr, user_message
from recon_app.services.app_context import StoreInfo

if TYPE_CHECKING:
    from recon_app.gui.main_window import MainWindow


def start(win: MainWindow, *, demo: bool = False) -> None:
    """Open the ledger on the db worker, then the stores; first run shows the setup."""

    def opened(_ledger: Any) -> None:
        win.statusBar().showMessage(tr("Ledger: %1").replace("%1", str(win.ctx.ledger_path)), 5000)
        win.ledger_ready.emit()
        if demo:
            open_demo(win)
        else:
            refresh_stores(win, first_run_check=True)

    win.runner.op(lambda p, c: win.ctx.open(), label=tr("Opening the ledger")).on_success(
        opened
    ).run()


def refresh_stores(win: MainWindow, *, first_run_check: bool = False) -> None:
    ctx = win.ctx

    def work(_p: Any, _c: CancelToken) -> tuple[list[StoreInfo], list[tuple[str, dict | None]]]:
        from recon_app.services.syncing import last_sync

        infos = ctx.stores()
        return infos, [(s.name, last_sync(ctx.ledger, s.name)) for s in infos]

    def done(result: tuple[list[StoreInfo], list[tuple[str, dict | None]]]) -> None:
        infos, runs = result
        win.stores = infos
        names = [s.name for s in infos]
        win.store_box.clear()
        win.store_box.addItems(names)
        wanted = (
            win.ctx.store
            if win.ctx.store in names
            else (win.state.store if win.state.store in names else (names[0] if names else ""))
        )
        if wanted:
            win.set_store(wanted)
        win.sync_panel.set_stores(names, wanted or None)
        win.sync_panel.set_last_syncs(runs)
        win.refresh_history()
        win.stores_refreshed.emit()
        if first_run_check and not names and not win.state.setup_done:
            open_setup(win)

    win.runner.op(work, label=tr("Reading stores")).on_success(done).run()


def open_setup(win: MainWindow) -> None:
    from recon_app.gui.panels.setup_dialog import SetupDialog
    from recon_app.services.credentials import keyring_available

    dialog = SetupDialog(win, keyring_ok=keyring_available())
    win.setup_dialog = dialog
    ctx = win.ctx

    def test(api_base: str, key: str, secret: str) -> None:
        def work(_p: Any, _c: CancelToken) -> None:
            from recon_app.services.credentials import Credentials, check_credentials

            check_credentials(api_base, Credentials(key, secret))

        def failed(exc: BaseException) -> None:
            dialog.set_status(user_message(exc, with_hint=True), ok=False)

        (
            win.runner.op(work, pool="net", label=tr("Testing the connection"))
            .on_success(
                lambda _r: dialog.set_status(tr("Connected: the key and secret work."), ok=True)
            )
            .on_error(failed)
            .on_finally(lambda: dialog.set_busy(False))
            .run()
        )

    def save(store: str, api_base: str, key: str, secret: str) -> None:
        def work(_p: Any, _c: CancelToken) -> str:
            from recon_app.services.credentials import Credentials, save_credentials

            save_credentials(store, Credentials(key, secret))
            ctx.add_store(store, api_base)
            return store

        def saved(name: str) -> None:
            win.state.setup_done = True
            win.ctx.store = name
            dialog.accept()
            refresh_stores(win)
            win.tabs.setCurrentWidget(win.sync_panel)

        def failed(exc: BaseException) -> None:
            dialog.set_status(user_message(exc), ok=False)

        (
            win.runner.op(work, label=tr("Saving the store"))
            .on_success(saved)
            .on_error(failed)
            .on_finally(lambda: dialog.set_busy(False))
            .run()
        )

    dialog.test_requested.connect(test)
    dialog.save_requested.connect(save)
    dialog.demo_requested.connect(lambda: open_demo(win))
    dialog.open()


def open_demo(win: MainWindow) -> None:
    ctx = win.ctx

    def work(p: Any, c: CancelToken) -> Any:
        from recon_app.services.app_context import prepare_demo_store

        return prepare_demo_store(ctx, p, c)

    def done(demo: Any) -> None:
        win.state.setup_done = True
        win.ctx.store = demo.store
        win.set_month(demo.month)
        win.refresh_stores()
        win.demo_ready.emit()
        win.reconcile()

    (
        win.runner.op(work, label=tr("Preparing the demo store"))
        .with_progress(win, tr("Preparing the demo store (sandbox)"))
        .on_success(done)
        .run()
    )


def open_ledger_dialog(win: MainWindow) -> None:
    name, _ = QFileDialog.getOpenFileName(
        win,
        tr("Open ledger"),
        str(win.ctx.ledger_path.parent),
        tr("Recon ledger (*.sqlite3 *.db);;All files (*)"),
    )
    if name:
        win.ctx.close()
        win.ctx.ledger_path = Path(name)
        win.clear_result()
        start(win)
