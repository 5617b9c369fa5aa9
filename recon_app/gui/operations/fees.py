"""Fee rules: load them into the editor, save or restore the defaults, reconcile again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from recon_app.domain.progress import CancelToken
from recon_app.gui.operations import tr

if TYPE_CHECKING:
    from recon_app.gui.main_window import MainWindow


def edit_fee_rules(win: MainWindow) -> None:
    ctx = win.ctx

    def work(_p: Any, _c: CancelToken) -> Any:
        from recon_app.services.fee_rules import load_fee_schedule

        return load_fee_schedule(ctx.ledger)

    win.runner.op(work, label=tr("Loading fee rules")).on_success(
        lambda schedule: show_fee_dialog(win, schedule)
    ).run()


def show_fee_dialog(win: MainWindow, schedule: Any) -> None:
    from recon_app.gui.panels.fee_rules_dialog import FeeRulesDialog

    dialog = FeeRulesDialog(schedule, win)
    win.fee_dialog = dialog
    ctx = win.ctx

    def save(new_schedule: Any) -> None:
        def work(_p: Any, _c: CancelToken) -> None:
            from recon_app.services.fee_rules import save_fee_schedule

            save_fee_schedule(ctx.ledger, new_schedule)

        def saved(_r: None) -> None:
            dialog.accept()
            win.fees_saved.emit()
            win.statusBar().showMessage(tr("Fee rules saved."), 6000)
            if win.view is not None:
                win.reconcile()

        (
            win.runner.op(work, label=tr("Saving fee rules"))
            .on_success(saved)
            .on_error(lambda exc: dialog.save_failed(str(exc)))
            .run()
        )

    def reset() -> None:
        def work(_p: Any, _c: CancelToken) -> Any:
            from recon_app.services.fee_rules import load_fee_schedule, reset_fee_schedule

            reset_fee_schedule(ctx.ledger)
            return load_fee_schedule(ctx.ledger)

        win.runner.op(work, label=tr("Restoring fee rules")).on_success(dialog.set_schedule).run()

    dialog.save_requested.connect(save)
    dialog.reset_requested.connect(reset)
    dialog.open()
