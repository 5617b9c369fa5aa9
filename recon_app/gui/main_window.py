"""The main window: menus, toolbar (store, month, reconcile), tabs, and the wiring to services.

Every service call goes through ``self.runner`` (gui/tasks.py): the ledger on the one ``db``
worker, file parsing and exports on ``cpu``, credential checks on ``net``. Workers get frozen
inputs and return frozen data; widgets are only touched in the ``on_success``/``on_error``
callbacks, which run on the GUI thread. No business rule lives here — only "which service, with
what, and where does the answer go".
"""

from __future__ import annotations

import getpass
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
)

from recon_app import __version__
from recon_app.domain.errors import ReconError
from recon_app.domain.progress import CancelToken, Progress
from recon_app.gui.models.chart_data import ChartData, chart_data
from recon_app.gui.models.columnar import TableData, prepare_table
from recon_app.gui.models.columns import RESULT_COLUMNS, SEARCH_KEYS
from recon_app.gui.panels.dashboard_panel import DashboardPanel
from recon_app.gui.panels.export_done import ExportDoneDialog, open_folder
from recon_app.gui.panels.import_panel import ImportPanel, _dropped_file
from recon_app.gui.panels.results_panel import ResultsPanel
from recon_app.gui.panels.sync_panel import SyncPanel, SyncPlan
from recon_app.gui.qt_fix import emit
from recon_app.gui.tasks import OpHandle, TaskRunner, cyclic_gc_paused
from recon_app.gui.ui_state import UiState
from recon_app.gui.widgets.error_dialog import ErrorDialog
from recon_app.services.app_context import AppContext, StoreInfo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReconView:
    """A reconciliation ready to show: built entirely on a worker."""

    result: Any  # ReconResult
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


class MainWindow(QMainWindow):
    # For tests and the smoke test: fired on the GUI thread once the UI shows the new state.
    ledger_ready = Signal()
    stores_refreshed = Signal()
    reconciled = Signal()
    detail_shown = Signal(str)
    resolutions_changed = Signal()
    imported = Signal(object)
    previewed = Signal(object)
    synced = Signal(object)
    exported = Signal(object)
    fees_saved = Signal()
    demo_ready = Signal()
    failed = Signal(object)  # any error shown to the user
    language_change_requested = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        *,
        state: UiState | None = None,
        language: str = "ko",
        show_errors: bool = True,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.state = state or UiState()
        self.language = language
        self.show_errors = show_errors
        self.runner = TaskRunner(self)
        self.runner.error_handler = lambda exc, _label: self.show_error(exc)
        self.runner.cancelled.connect(
            lambda label: self.statusBar().showMessage(
                self.tr("Cancelled: %1. Nothing was changed.").replace("%1", label), 8000
            )
        )
        self.runner.busy_changed.connect(self._busy_changed)
        self.view: ReconView | None = None
        self.stores: list[StoreInfo] = []
        self.last_error: BaseException | None = None
        self.error_dialog: ErrorDialog | None = None
        self._sync_handle: OpHandle | None = None
        self._last_resolution: int | None = None
        self.setWindowTitle(self.tr("Recon — settlement reconciliation"))
        self.setAcceptDrops(True)
        self.resize(1280, 820)

        self.dashboard = DashboardPanel()
        self.results = ResultsPanel()
        self.importer = ImportPanel()
        self.sync_panel = SyncPanel()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.dashboard, self.tr("&Dashboard"))
        self.tabs.addTab(self.results, self.tr("Re&sults"))
        self.tabs.addTab(self.importer, self.tr("&Import orders"))
        self.tabs.addTab(self.sync_panel, self.tr("S&ync payments"))
        self.setCentralWidget(self.tabs)
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self.busy_label = QLabel("")
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(QLabel(str(ctx.ledger_path)))

        self.results.model.background = self._background
        self.results.detail_requested.connect(self.load_detail)
        self.results.resolve_requested.connect(self.resolve)
        self.results.undo_requested.connect(self.undo_resolution)
        self.importer.preview_requested.connect(self.preview_file)
        self.importer.import_requested.connect(self.import_file)
        self.sync_panel.sync_requested.connect(self.sync)
        self.sync_panel.cancel_requested.connect(self.cancel_sync)

        self.state.restore_window(self)
        self.state.restore_splitter("results", self.results.splitter)
        self.state.restore_splitter("import", self.importer.splitter)
        if self.state.month:
            self.set_month(self.state.month)
        self.tabs.setCurrentIndex(int(self.state.get_str("ui/tab", "0") or 0))

    # ==== construction ============================================================================
    def _build_actions(self) -> None:
        def action(text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
            a = QAction(text, self)
            a.triggered.connect(lambda _checked=False: slot())
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            if tip:
                a.setStatusTip(tip)
            return a

        self.reconcile_action = action(
            self.tr("&Reconcile"), self.reconcile, "Ctrl+R", self.tr("Reconcile the selected month")
        )
        self.export_xlsx_action = action(
            self.tr("Export &Excel…"), lambda: self.export_dialog("xlsx"), "Ctrl+E"
        )
        self.export_csv_action = action(
            self.tr("Export &CSV…"), lambda: self.export_dialog("csv"), "Ctrl+Shift+E"
        )
        self.import_action = action(self.tr("&Import orders…"), self._import_pick, "Ctrl+I")
        self.sync_action = action(
            self.tr("S&ync payments…"),
            lambda: self.tabs.setCurrentWidget(self.sync_panel),
            "Ctrl+Y",
        )
        self.fees_action = action(self.tr("&Fee rules…"), self.edit_fee_rules, "Ctrl+Shift+F")
        self.setup_action = action(self.tr("&Add a store…"), self.open_setup)
        self.demo_action = action(self.tr("Open the &demo store"), self.open_demo)
        self.open_ledger_action = action(
            self.tr("&Open ledger…"), self._open_ledger_dialog, QKeySequence.StandardKey.Open
        )
        self.quit_action = action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = action(
            self.tr("&Undo last resolution"), self._undo_last, QKeySequence.StandardKey.Undo
        )
        self.log_action = action(self.tr("Open &log folder"), self._open_log_folder)
        self.about_action = action(self.tr("&About Recon"), self._about)
        for a in (self.export_xlsx_action, self.export_csv_action):
            a.setEnabled(False)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main toolbar"))
        bar.setObjectName("mainToolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.store_box = QComboBox()
        self.store_box.setMinimumWidth(140)
        self.store_box.setAccessibleName(self.tr("Store"))
        self.store_box.activated.connect(lambda _i: self._store_chosen())
        self.month_edit = QDateEdit(QDate.currentDate())
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.month_edit.setAccessibleName(self.tr("Month"))
        store_label = QLabel(self.tr(" Store: "))
        store_label.setBuddy(self.store_box)
        month_label = QLabel(self.tr(" Month: "))
        month_label.setBuddy(self.month_edit)
        bar.addWidget(store_label)
        bar.addWidget(self.store_box)
        bar.addWidget(month_label)
        bar.addWidget(self.month_edit)
        bar.addSeparator()
        bar.addAction(self.reconcile_action)
        bar.addAction(self.export_xlsx_action)
        bar.addAction(self.export_csv_action)
        bar.addSeparator()
        bar.addAction(self.fees_action)
        self.addToolBar(bar)

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        for a in (
            self.import_action,
            self.sync_action,
            None,
            self.export_xlsx_action,
            self.export_csv_action,
            None,
            self.open_ledger_action,
            None,
            self.quit_action,
        ):
            file_menu.addSeparator() if a is None else file_menu.addAction(a)
        work = menu.addMenu(self.tr("&Work"))
        for a in (
            self.reconcile_action,
            self.undo_action,
            None,
            self.fees_action,
            self.setup_action,
            self.demo_action,
        ):
            work.addSeparator() if a is None else work.addAction(a)
        view = menu.addMenu(self.tr("&View"))
        lang_menu = view.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in (("ko", "한국어"), ("en", "English")):
            a = QAction(name, self, checkable=True)
            a.setChecked(code == self.language)
            a.triggered.connect(lambda _c=False, code=code: self._language_chosen(code))
            group.addAction(a)
            lang_menu.addAction(a)
            self.language_actions[code] = a
        help_menu = menu.addMenu(self.tr("&Help"))
        help_menu.addAction(self.log_action)
        help_menu.addAction(self.about_action)

    # ==== state ===================================================================================
    @property
    def month(self) -> str:
        d = self.month_edit.date()
        return f"{d.year():04d}-{d.month():02d}"

    def set_month(self, month: str) -> None:
        try:
            year, mon = (int(x) for x in month.split("-"))
        except ValueError:
            return
        self.month_edit.setDate(QDate(year, mon, 1))
        self.sync_panel.set_month(month)

    @property
    def store(self) -> str:
        return self.ctx.store

    def set_store(self, name: str) -> None:
        self.ctx.store = name
        self.state.store = name
        index = self.store_box.findText(name)
        if index >= 0:
            self.store_box.setCurrentIndex(index)

    def _store_chosen(self) -> None:
        name = self.store_box.currentText()
        if name and name != self.ctx.store:
            self.set_store(name)
            self.clear_result()

    def _busy_changed(self, count: int) -> None:
        self.busy_label.setText(self.tr("Working…") if count else "")

    # ==== startup ==================================================================================
    def start(self, *, demo: bool = False) -> None:
        """Open the ledger on the db worker, then the stores; first run shows the setup."""

        def opened(_ledger: Any) -> None:
            self.statusBar().showMessage(
                self.tr("Ledger: %1").replace("%1", str(self.ctx.ledger_path)), 5000
            )
            emit(self.ledger_ready)
            if demo:
                self.open_demo()
            else:
                self.refresh_stores(first_run_check=True)

        self.runner.op(
            lambda p, c: self.ctx.open(), label=self.tr("Opening the ledger")
        ).on_success(opened).run()

    def refresh_stores(self, *, first_run_check: bool = False) -> None:
        ctx = self.ctx

        def work(_p: Any, _c: CancelToken) -> tuple[list[StoreInfo], list[tuple[str, dict | None]]]:
            from recon_app.services.syncing import last_sync

            infos = ctx.stores()
            return infos, [(s.name, last_sync(ctx.ledger, s.name)) for s in infos]

        def done(result: tuple[list[StoreInfo], list[tuple[str, dict | None]]]) -> None:
            infos, runs = result
            self.stores = infos
            names = [s.name for s in infos]
            self.store_box.clear()
            self.store_box.addItems(names)
            wanted = (
                self.ctx.store
                if self.ctx.store in names
                else (
                    self.state.store if self.state.store in names else (names[0] if names else "")
                )
            )
            if wanted:
                self.set_store(wanted)
            self.sync_panel.set_stores(names, wanted or None)
            self.sync_panel.set_last_syncs(runs)
            emit(self.stores_refreshed)
            if first_run_check and not names and not self.state.setup_done:
                self.open_setup()

        self.runner.op(work, label=self.tr("Reading stores")).on_success(done).run()

    # ==== reconcile =================================================================================
    def reconcile(self) -> OpHandle:
        month, store, ctx = self.month, self.store, self.ctx
        self.state.month = month
        self.reconcile_action.setEnabled(False)

        def done(view: ReconView) -> None:
            self.show_view(view)
            lines = view.result.summary_lines() if hasattr(view.result, "summary_lines") else []
            self.statusBar().showMessage(lines[0] if lines else self.tr("Reconciled."), 10000)
            emit(self.reconciled)

        return (
            self.runner.op(
                lambda p, c: build_recon_view(ctx, month, store, p, c),
                label=self.tr("Reconciling %1").replace("%1", month),
            )
            .with_progress(
                self, self.tr("Reconciling %1 (%2)").replace("%1", month).replace("%2", store)
            )
            .on_success(done)
            .on_finally(lambda: self.reconcile_action.setEnabled(True))
            .run()
        )

    def show_view(self, view: ReconView) -> None:
        self.view = view
        self.results.set_table(view.table)
        self.dashboard.show_result(
            view.result.month, view.result.store, view.result.summary, view.charts
        )
        for a in (self.export_xlsx_action, self.export_csv_action):
            a.setEnabled(True)

    def clear_result(self) -> None:
        self.view = None
        self.results.set_table(prepare_table(_empty_rows(), RESULT_COLUMNS))
        self.dashboard.clear()
        for a in (self.export_xlsx_action, self.export_csv_action):
            a.setEnabled(False)

    # ==== detail + resolutions ======================================================================
    def load_detail(self, row_key: str) -> None:
        if self.view is None:
            return
        ctx, result = self.ctx, self.view.result

        def work(_p: Any, _c: CancelToken) -> Any:
            from recon_app.services.reconciling import explain_row

            return explain_row(ctx.ledger, result, row_key)

        def done(detail: Any) -> None:
            self.results.show_detail(row_key, detail)
            emit(self.detail_shown, row_key)

        self.runner.op(work, label=self.tr("Loading details")).on_success(done).run()

    def resolve(self, row_key: str, status: str, note: str) -> None:
        ctx, store, who = self.ctx, self.store, _user_name()

        def work(_p: Any, _c: CancelToken) -> int:
            from recon_app.services.resolutions import resolve_exception

            return resolve_exception(ctx.ledger, store, row_key, status, note, who)

        def done(resolution_id: int) -> None:
            self._last_resolution = resolution_id
            self.results.note.clear()
            self.statusBar().showMessage(self.tr("Marked resolved. Ctrl+Z undoes it."), 8000)
            self._after_resolution()

        self.runner.op(work, label=self.tr("Resolving")).on_success(done).run()

    def undo_resolution(self, row_key: str) -> None:
        ctx, store = self.ctx, self.store

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

        self.runner.op(work, label=self.tr("Undoing")).on_success(
            lambda _id: self._after_resolution()
        ).run()

    def _undo_last(self) -> None:
        if self._last_resolution is None:
            self.statusBar().showMessage(self.tr("Nothing to undo."), 4000)
            return
        ctx, rid = self.ctx, self._last_resolution
        self._last_resolution = None

        def work(_p: Any, _c: CancelToken) -> None:
            from recon_app.services.resolutions import undo_resolution

            undo_resolution(ctx.ledger, rid)

        self.runner.op(work, label=self.tr("Undoing")).on_success(
            lambda _r: self._after_resolution()
        ).run()

    def _after_resolution(self) -> None:
        """The ledger is the truth: reconcile again so counts and flags come from the service."""
        handle = self.reconcile()
        handle.future.add_done_callback(
            lambda _f: self.runner.post(lambda: emit(self.resolutions_changed))
        )

    # ==== fee rules ==================================================================================
    def edit_fee_rules(self) -> None:
        ctx = self.ctx

        def work(_p: Any, _c: CancelToken) -> Any:
            from recon_app.services.fee_rules import load_fee_schedule

            return load_fee_schedule(ctx.ledger)

        self.runner.op(work, label=self.tr("Loading fee rules")).on_success(
            self._show_fee_dialog
        ).run()

    def _show_fee_dialog(self, schedule: Any) -> None:
        from recon_app.gui.panels.fee_rules_dialog import FeeRulesDialog

        dialog = FeeRulesDialog(schedule, self)
        self.fee_dialog = dialog
        ctx = self.ctx

        def save(new_schedule: Any) -> None:
            def work(_p: Any, _c: CancelToken) -> None:
                from recon_app.services.fee_rules import save_fee_schedule

                save_fee_schedule(ctx.ledger, new_schedule)

            def saved(_r: None) -> None:
                dialog.accept()
                emit(self.fees_saved)
                self.statusBar().showMessage(self.tr("Fee rules saved."), 6000)
                if self.view is not None:
                    self.reconcile()

            (
                self.runner.op(work, label=self.tr("Saving fee rules"))
                .on_success(saved)
                .on_error(lambda exc: dialog.save_failed(str(exc)))
                .run()
            )

        def reset() -> None:
            def work(_p: Any, _c: CancelToken) -> Any:
                from recon_app.services.fee_rules import load_fee_schedule, reset_fee_schedule

                reset_fee_schedule(ctx.ledger)
                return load_fee_schedule(ctx.ledger)

            self.runner.op(work, label=self.tr("Restoring fee rules")).on_success(
                dialog.set_schedule
            ).run()

        dialog.save_requested.connect(save)
        dialog.reset_requested.connect(reset)
        dialog.open()

    # ==== import ======================================================================================
    def _import_pick(self) -> None:
        self.tabs.setCurrentWidget(self.importer)
        self.importer._pick()

    def preview_file(self, path: Path, options: dict[str, Any]) -> None:
        store = self.store or "default"

        def work(_p: Any, _c: CancelToken) -> Any:
            from recon_app.services.importing import ImportOptions, preview_orders

            return preview_orders(path, ImportOptions(store=store, **options))

        def done(preview: Any) -> None:
            self.importer.show_preview(preview)
            emit(self.previewed, preview)

        def failed(exc: BaseException) -> None:
            self.importer.show_failed(getattr(exc, "message", str(exc)))
            self.show_error(exc)

        self.runner.op(
            work, pool="cpu", label=self.tr("Reading %1").replace("%1", path.name)
        ).on_success(done).on_error(failed).run()

    def import_file(self, path: Path, options: dict[str, Any]) -> None:
        ctx, store = self.ctx, self.store or "default"

        def work(p: Any, c: CancelToken) -> Any:
            from recon_app.services.importing import ImportOptions, import_orders

            return import_orders(ctx.ledger, path, ImportOptions(store=store, **options), p, c)

        def done(report: Any) -> None:
            self.importer.show_report(report)
            emit(self.imported, report)
            self.refresh_stores()

        def failed(exc: BaseException) -> None:
            self.importer.show_failed(getattr(exc, "message", str(exc)))
            self.show_error(exc)

        (
            self.runner.op(work, label=self.tr("Importing %1").replace("%1", path.name))
            .with_progress(self, self.tr("Importing orders"))
            .on_success(done)
            .on_error(failed)
            .on_cancelled(
                lambda: self.importer.show_failed(self.tr("Import cancelled; nothing was saved."))
            )
            .run()
        )

    # ==== sync ========================================================================================
    def sync(self, plan: SyncPlan) -> None:
        ctx = self.ctx

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
                lines.extend(r.summary_lines() if hasattr(r, "summary_lines") else [str(r)])
            self.sync_panel.show_finished(lines, self.tr("Sync finished."))
            emit(self.synced, reports)
            self.refresh_stores()

        def cancelled() -> None:
            self.sync_panel.show_finished(
                [],
                self.tr(
                    "Sync cancelled. Windows already completed are kept; the rest was not written."
                ),
            )
            self.refresh_stores()

        def failed(exc: BaseException) -> None:
            self.sync_panel.show_finished([str(exc)], self.tr("Sync failed."))
            self.show_error(exc)
            self.refresh_stores()

        self.sync_panel.set_running(True)
        self._sync_handle = (
            self.runner.op(work, label=self.tr("Syncing payments"))
            .on_progress(self.sync_panel.show_progress)
            .on_success(done)
            .on_cancelled(cancelled)
            .on_error(failed)
            .on_finally(lambda: self.sync_panel.set_running(False))
            .run()
        )

    def cancel_sync(self) -> None:
        if self._sync_handle is not None:
            self._sync_handle.cancel()

    # ==== export ======================================================================================
    def export_dialog(self, kind: str) -> None:
        if self.view is None:
            return
        result = self.view.result
        suffix = {"xlsx": "xlsx", "csv": "csv"}[kind]
        folder = self.state.last_dir("export") or str(Path.home())
        default = str(Path(folder) / f"recon-{result.store}-{result.month}.{suffix}")
        filters = (
            self.tr("Excel workbook (*.xlsx)") if kind == "xlsx" else self.tr("CSV file (*.csv)")
        )
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export report"), default, filters)
        if name:
            self.state.set_last_dir("export", str(Path(name).parent))
            self.export_to(Path(name), kind)

    def export_to(self, path: Path, kind: str, *, show_done: bool = True) -> None:
        if self.view is None:
            return
        result = self.view.result

        def work(p: Any, c: CancelToken) -> Path:
            from recon_app.services.exporting import export_csv, export_xlsx

            if kind == "xlsx":
                return export_xlsx(result, path, progress=p, cancel=c)
            return export_csv(result, path)

        def done(written: Path) -> None:
            emit(self.exported, written)
            self.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(written)), 10000)
            if show_done:
                self.export_done = ExportDoneDialog(Path(written), self)
                self.export_done.open()

        (
            self.runner.op(work, pool="cpu", label=self.tr("Exporting"))
            .with_progress(self, self.tr("Writing the report"))
            .on_success(done)
            .run()
        )

    # ==== setup + demo =================================================================================
    def open_setup(self) -> None:
        from recon_app.gui.panels.setup_dialog import SetupDialog
        from recon_app.services.credentials import keyring_available

        dialog = SetupDialog(self, keyring_ok=keyring_available())
        self.setup_dialog = dialog
        ctx = self.ctx

        def test(api_base: str, key: str, secret: str) -> None:
            def work(_p: Any, _c: CancelToken) -> None:
                from recon_app.services.credentials import Credentials, check_credentials

                check_credentials(api_base, Credentials(key, secret))

            def failed(exc: BaseException) -> None:
                dialog.set_status(
                    getattr(exc, "message", str(exc))
                    + (f"\n→ {exc.hint}" if getattr(exc, "hint", None) else ""),
                    ok=False,
                )

            (
                self.runner.op(work, pool="net", label=self.tr("Testing the connection"))
                .on_success(
                    lambda _r: dialog.set_status(
                        self.tr("Connected: the key and secret work."), ok=True
                    )
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
                self.state.setup_done = True
                self.ctx.store = name
                dialog.accept()
                self.refresh_stores()
                self.tabs.setCurrentWidget(self.sync_panel)

            def failed(exc: BaseException) -> None:
                dialog.set_status(getattr(exc, "message", str(exc)), ok=False)

            (
                self.runner.op(work, label=self.tr("Saving the store"))
                .on_success(saved)
                .on_error(failed)
                .on_finally(lambda: dialog.set_busy(False))
                .run()
            )

        dialog.test_requested.connect(test)
        dialog.save_requested.connect(save)
        dialog.demo_requested.connect(self.open_demo)
        dialog.open()

    def open_demo(self) -> None:
        ctx = self.ctx

        def work(p: Any, c: CancelToken) -> Any:
            from recon_app.services.app_context import prepare_demo_store

            return prepare_demo_store(ctx, p, c)

        def done(demo: Any) -> None:
            self.state.setup_done = True
            self.ctx.store = demo.store
            self.set_month(demo.month)
            self.refresh_stores()
            emit(self.demo_ready)
            self.reconcile()

        (
            self.runner.op(work, label=self.tr("Preparing the demo store"))
            .with_progress(self, self.tr("Preparing the demo store (sandbox)"))
            .on_success(done)
            .run()
        )

    # ==== errors ====================================================================================
    def show_error(self, exc: BaseException) -> None:
        from recon_app.logs import log_file

        self.last_error = exc
        emit(self.failed, exc)
        if not self.show_errors:
            return
        self.error_dialog = ErrorDialog(self, exc, log_path=str(log_file()))
        self.error_dialog.open()

    # ==== misc actions ================================================================================
    def _open_ledger_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open ledger"),
            str(self.ctx.ledger_path.parent),
            self.tr("Recon ledger (*.sqlite3 *.db);;All files (*)"),
        )
        if name:
            self.ctx.close()
            self.ctx.ledger_path = Path(name)
            self.clear_result()
            self.start()

    def _open_log_folder(self) -> None:
        from recon_app.logs import log_file

        open_folder(log_file())

    def _about(self) -> None:
        from recon_app.services.diagnostics import app_facts, format_facts

        headline = self.tr(
            "Recon %1 — reconciliation and settlement for Korean online shops."
        ).replace("%1", __version__)
        # Version, ledger, data folder and log file: what support asks for first (as --version).
        text = headline + "\n\n" + format_facts(app_facts(self.ctx.ledger_path))
        QMessageBox.about(self, self.tr("About Recon"), text)

    def _language_chosen(self, code: str) -> None:
        if code != self.language:
            emit(self.language_change_requested, code)

    def _background(self, fn: Any, on_done: Any) -> None:
        (
            self.runner.op(lambda _p, _c: fn(), pool="cpu", label=self.tr("Sorting"))
            .on_success(on_done)
            .on_error(lambda exc: (self.results.model.background_failed(), self.show_error(exc)))
            .run()
        )

    # ==== Qt overrides ================================================================================
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            self.tabs.setCurrentWidget(self.importer)
            self.importer.load_file(path)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.dashboard.apply_palette()
            self.results.apply_palette()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        self.runner.shutdown()
        super().closeEvent(event)

    def save_state(self) -> None:
        self.state.save_window(self)
        self.state.save_splitter("results", self.results.splitter)
        self.state.save_splitter("import", self.importer.splitter)
        self.state.set_value("ui/tab", self.tabs.currentIndex())
        self.state.month = self.month
        if self.ctx.store:
            self.state.store = self.ctx.store
        self.state.sync()


def _user_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (some containers): still record something
        return "recon-user"


def _empty_rows() -> Any:
    import pandas as pd

    return pd.DataFrame({spec.key: [] for spec in RESULT_COLUMNS})
