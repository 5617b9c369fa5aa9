"""The main window: menus, toolbar (store, month, reconcile), tabs, and their wiring.

This module is wiring only: it builds the widgets and actions and connects them to the
per-feature operations in ``recon_app.gui.operations`` (stores, reconcile, fees, importing, sync,
export; cf. Anki ``aqt/operations``), which run the service calls through ``self.runner``
(gui/tasks.py) and put the answers on the panels. The few public methods below are the commands
that the app, the smoke test and the tests call by name.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
)

from recon_app import __version__
from recon_app.gui.operations import closing as closing_ops
from recon_app.gui.operations import export as export_ops
from recon_app.gui.operations import fees as fee_ops
from recon_app.gui.operations import importing as import_ops
from recon_app.gui.operations import payouts as payout_ops
from recon_app.gui.operations import reconcile as recon_ops
from recon_app.gui.operations import stores as store_ops
from recon_app.gui.operations import sync as sync_ops
from recon_app.gui.operations.reconcile import ReconView
from recon_app.gui.panels.cash_panel import CashPanel
from recon_app.gui.panels.clients_panel import ClientsPanel
from recon_app.gui.panels.dashboard_panel import DashboardPanel
from recon_app.gui.panels.export_done import ExportDoneDialog, open_folder
from recon_app.gui.panels.history_panel import HistoryPanel
from recon_app.gui.panels.import_panel import ImportPanel, _dropped_file
from recon_app.gui.panels.results_panel import ResultsPanel
from recon_app.gui.panels.sync_panel import SyncPanel
from recon_app.gui.tasks import OpHandle, TaskRunner
from recon_app.gui.ui_state import UiState
from recon_app.gui.widgets.error_dialog import ErrorDialog
from recon_app.services.app_context import AppContext, StoreInfo

if TYPE_CHECKING:  # built on first use by their operations
    from recon_app.gui.panels.fee_rules_dialog import FeeRulesDialog
    from recon_app.gui.panels.mapping_dialog import MappingDialog
    from recon_app.gui.panels.setup_dialog import SetupDialog

log = logging.getLogger(__name__)


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
    history_shown = Signal()
    payouts_shown = Signal(object)
    bank_imported = Signal(object)
    senders_saved = Signal()
    bank_previewed = Signal(object)
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
        self.sync_handle: OpHandle | None = None  # the running sync, for Cancel
        self.batch_handle: OpHandle | None = None  # the running batch of clients, for Cancel
        self.last_resolution: int | None = None  # what Ctrl+Z undoes
        # the dialogs an operation has open (tests and the smoke test reach them here)
        self.setup_dialog: SetupDialog | None = None
        self.fee_dialog: FeeRulesDialog | None = None
        self.mapping_dialog: MappingDialog | None = None
        self.export_done: ExportDoneDialog | None = None
        self.setWindowTitle(self.tr("Recon — settlement reconciliation"))
        self.setAcceptDrops(True)
        self.resize(1280, 820)

        self.dashboard = DashboardPanel()
        self.results = ResultsPanel()
        self.importer = ImportPanel()
        self.sync_panel = SyncPanel()
        self.history = HistoryPanel()
        self.cash = CashPanel()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.dashboard, self.tr("&Dashboard"))
        self.tabs.addTab(self.results, self.tr("Re&sults"))
        self.tabs.addTab(self.importer, self.tr("&Import orders"))
        self.tabs.addTab(self.sync_panel, self.tr("S&ync payments"))
        self.tabs.addTab(self.history, self.tr("R&un history"))
        self.tabs.addTab(self.cash, self.tr("&Cash calendar"))
        self.clients = ClientsPanel()  # issue 14: the month's close and the client shops
        self.tabs.addTab(self.clients, self.tr("C&lients"))
        self.setCentralWidget(self.tabs)
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self.busy_label = QLabel("")
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(QLabel(str(ctx.ledger_path)))

        self.results.model.background = lambda fn, done: recon_ops.sort_in_background(
            self, fn, done
        )
        self.results.detail_requested.connect(lambda key: recon_ops.load_detail(self, key))
        self.results.resolve_requested.connect(
            lambda key, status, note: recon_ops.resolve(self, key, status, note)
        )
        self.results.undo_requested.connect(lambda key: recon_ops.undo_resolution(self, key))
        self.reconciled.connect(lambda: payout_ops.refresh_payouts(self))
        self.cash.bank_file_requested.connect(
            lambda path, password: payout_ops.preview_bank_file(self, path, password)
        )
        self.cash.senders_requested.connect(lambda: payout_ops.edit_senders(self))
        self.senders_dialog: QDialog | None = None
        self.bank_preview: QDialog | None = None
        self.importer.preview_requested.connect(
            lambda path, options: import_ops.preview_file(self, path, options)
        )
        self.importer.import_requested.connect(
            lambda path, options: import_ops.import_file(self, path, options)
        )
        self.sync_panel.sync_requested.connect(lambda plan: sync_ops.sync(self, plan))
        self.sync_panel.cancel_requested.connect(lambda: sync_ops.cancel_sync(self))
        self.clients.close_requested.connect(lambda n, a: closing_ops.close_month(self, n, a))
        self.clients.reopen_requested.connect(lambda r: closing_ops.reopen_month(self, r))
        self.clients.store_activated.connect(self._client_chosen)
        self.clients.batch_requested.connect(lambda c, o: closing_ops.run_batch(self, c, o))
        self.clients.batch_cancel_requested.connect(lambda: closing_ops.cancel_batch(self))
        self.clients.mapping_requested.connect(lambda: closing_ops.edit_mapping(self))
        self.tabs.currentChanged.connect(
            lambda _i: (
                self.tabs.currentWidget() is self.clients and closing_ops.refresh_overview(self)
            )
        )

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
            self.tr("Export &Excel…"), lambda: export_ops.export_dialog(self, "xlsx"), "Ctrl+E"
        )
        self.export_csv_action = action(
            self.tr("Export &CSV…"),
            lambda: export_ops.export_dialog(self, "csv"),
            "Ctrl+Shift+E",
        )
        self.import_action = action(
            self.tr("&Import orders…"), lambda: import_ops.pick_file(self), "Ctrl+I"
        )
        self.sync_action = action(
            self.tr("S&ync payments…"),
            lambda: self.tabs.setCurrentWidget(self.sync_panel),
            "Ctrl+Y",
        )
        self.fees_action = action(self.tr("&Fee rules…"), self.edit_fee_rules, "Ctrl+Shift+F")
        self.setup_action = action(self.tr("&Add a store…"), self.open_setup)
        self.demo_action = action(self.tr("Open the &demo store"), self.open_demo)
        self.open_ledger_action = action(
            self.tr("&Open ledger…"),
            lambda: store_ops.open_ledger_dialog(self),
            QKeySequence.StandardKey.Open,
        )
        self.quit_action = action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.undo_action = action(
            self.tr("&Undo last resolution"),
            lambda: recon_ops.undo_last(self),
            QKeySequence.StandardKey.Undo,
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
            self.refresh_history()

    def _client_chosen(self, name: str) -> None:
        self.set_store(name)
        self.clear_result()
        self.refresh_history()
        self.reconcile()

    def _busy_changed(self, count: int) -> None:
        self.busy_label.setText(self.tr("Working…") if count else "")

    # ==== commands (the work is in gui/operations) ===============================================
    def start(self, *, demo: bool = False) -> None:
        store_ops.start(self, demo=demo)

    def refresh_stores(self, *, first_run_check: bool = False) -> None:
        store_ops.refresh_stores(self, first_run_check=first_run_check)

    def open_setup(self) -> None:
        store_ops.open_setup(self)

    def open_demo(self) -> None:
        store_ops.open_demo(self)

    def reconcile(self) -> OpHandle:
        return recon_ops.reconcile(self)

    def clear_result(self) -> None:
        recon_ops.clear_result(self)

    def refresh_history(self) -> None:
        recon_ops.refresh_history(self)

    def edit_fee_rules(self) -> None:
        fee_ops.edit_fee_rules(self)

    def export_to(self, path: Path, kind: str, *, show_done: bool = True) -> None:
        export_ops.export_to(self, path, kind, show_done=show_done)

    # ==== errors ====================================================================================
    def show_error(self, exc: BaseException) -> None:
        from recon_app.logs import log_file

        self.last_error = exc
        self.failed.emit(exc)
        if not self.show_errors:
            return
        self.error_dialog = ErrorDialog(self, exc, log_path=str(log_file()))
        self.error_dialog.open()

    # ==== misc actions ================================================================================
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
            self.language_change_requested.emit(code)

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
