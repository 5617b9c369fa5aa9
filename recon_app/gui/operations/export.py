"""Export the shown reconciliation as an Excel workbook or CSV file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from recon_app.domain.progress import CancelToken
from recon_app.gui.operations import tr
from recon_app.gui.panels.export_done import ExportDoneDialog

if TYPE_CHECKING:
    from recon_app.gui.main_window import MainWindow


def export_dialog(win: MainWindow, kind: str) -> None:
    if win.view is None:
        return
    result = win.view.result
    suffix = {"xlsx": "xlsx", "csv": "csv"}[kind]
    folder = win.state.last_dir("export") or str(Path.home())
    default = str(Path(folder) / f"recon-{result.store}-{result.month}.{suffix}")
    filters = tr("Excel workbook (*.xlsx)") if kind == "xlsx" else tr("CSV file (*.csv)")
    name, _ = QFileDialog.getSaveFileName(win, tr("Export report"), default, filters)
    if name:
        win.state.set_last_dir("export", str(Path(name).parent))
        export_to(win, Path(name), kind)


def export_to(win: MainWindow, path: Path, kind: str, *, show_done: bool = True) -> None:
    if win.view is None:
        return
    result = win.view.result

    def work(p: Any, c: CancelToken) -> Path:
        from recon_app.services.exporting import export_csv, export_xlsx

        if kind == "xlsx":
            return export_xlsx(result, path, progress=p, cancel=c)
        return export_csv(result, path)

    def done(written: Path) -> None:
        win.exported.emit(written)
        win.statusBar().showMessage(tr("Saved %1").replace("%1", str(written)), 10000)
        if show_done:
            win.export_done = ExportDoneDialog(Path(written), win)
            win.export_done.open()

    (
        win.runner.op(work, pool="cpu", label=tr("Exporting"))
        .with_progress(win, tr("Writing the report"))
        .on_success(done)
        .run()
    )
