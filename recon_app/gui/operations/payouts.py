"""Payouts and the bank (issue 13): the cash calendar of the month, bank statement import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from recon_app.domain.progress import CancelToken
from recon_app.gui.operations import tr, user_message

if TYPE_CHECKING:
    from recon_app.gui.main_window import MainWindow


def refresh_payouts(win: MainWindow) -> None:
    """Forecast the month's payouts and match the deposits; show them on the cash calendar."""
    ctx, month, store = win.ctx, win.month, win.store

    def work(_p: Any, _c: CancelToken) -> Any:
        from recon_app.services.payouts import payouts_month

        return payouts_month(ctx.ledger, month, store)

    def done(report: Any) -> None:
        win.cash.show_report(report)
        win.payouts_shown.emit(report)

    win.runner.op(work, label=tr("Matching payouts of %1").replace("%1", month)).on_success(
        done
    ).run()


def preview_bank_file(win: MainWindow, path: Path, password: str | None) -> None:
    """Read the statement on a worker and show what was found; Import writes it."""

    def work(_p: Any, _c: CancelToken) -> Any:
        from recon_app.services.bank_import import read_bank_file

        return read_bank_file(path, password)[0]

    def done(statement: Any) -> None:
        from recon_app.gui.panels.bank_preview import BankPreviewDialog

        dialog = BankPreviewDialog(path.name, statement, win)
        win.bank_preview = dialog
        dialog.accepted.connect(lambda: import_bank_file(win, path, password))
        dialog.rejected.connect(
            lambda: win.cash.show_import_failed(tr("Import cancelled; nothing was saved."))
        )
        dialog.open()
        win.bank_previewed.emit(statement)

    def failed(exc: BaseException) -> None:
        win.cash.show_import_failed(user_message(exc))
        win.show_error(exc)

    win.runner.op(work, pool="cpu", label=tr("Reading %1").replace("%1", path.name)).on_success(
        done
    ).on_error(failed).run()


def import_bank_file(win: MainWindow, path: Path, password: str | None) -> None:
    ctx, store = win.ctx, win.store or "default"

    def work(_p: Any, _c: CancelToken) -> Any:
        from recon_app.services.bank_import import import_bank_statement

        return import_bank_statement(ctx.ledger, path, store=store, password=password)

    def done(report: Any) -> None:
        win.cash.show_imported(report.summary_lines())
        win.bank_imported.emit(report)
        refresh_payouts(win)

    def failed(exc: BaseException) -> None:
        win.cash.show_import_failed(user_message(exc))
        win.show_error(exc)

    win.runner.op(work, label=tr("Importing %1").replace("%1", path.name)).on_success(
        done
    ).on_error(failed).run()


def edit_senders(win: MainWindow) -> None:
    """Open the PG sender-name editor for the current store; save the rows changed."""
    from recon_app.gui.panels.senders_dialog import SendersDialog
    from recon_app.services.payouts import save_senders, senders_for

    ctx, store = win.ctx, win.store or "default"
    dialog = SendersDialog(store, senders_for(ctx.ledger, store), win)
    win.senders_dialog = dialog

    def saved() -> None:
        changes = dialog.changes()

        def work(_p: Any, _c: CancelToken) -> Any:
            for pg, names in changes.items():
                save_senders(ctx.ledger, store, pg, names)
            return len(changes)

        def done(_count: Any) -> None:
            win.senders_saved.emit()
            refresh_payouts(win)

        win.runner.op(work, label=tr("Saving PG sender names")).on_success(done).run()

    dialog.accepted.connect(saved)
    dialog.open()
