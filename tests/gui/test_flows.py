"""The eight user flows, driven through the real widgets against the sandbox and a temp ledger."""

from __future__ import annotations

import csv
import io
import logging
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from gui_support import MONTH, TIMEOUT, demo_orders, prepare_store, reconcile, write_orders_csv
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from recon_app.gui.models.record_table import SORT_ROLE

Role = Qt.ItemDataRole


def col(win: Any, key: str) -> int:
    return next(i for i, s in enumerate(win.results.model.specs) if s.key == key)


# -- 1. first run ----------------------------------------------------------------------------------
def test_setup_tests_credentials_and_saves_them_to_the_keyring(
    window: Any, qtbot: Any, sandbox: Any
) -> None:
    from recon_app.services.credentials import load_credentials

    window.open_setup()
    dialog = window.setup_dialog
    assert dialog.isVisible()
    dialog.store.setText("myshop")
    dialog.api_base.setText(sandbox.base_url)
    dialog.key.setText(sandbox.imp_key)
    dialog.secret.setText("wrong-secret")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("✖"), timeout=TIMEOUT)
    dialog.secret.setText(sandbox.imp_secret)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("✔"), timeout=TIMEOUT)
    with qtbot.waitSignal(window.stores_refreshed, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    creds = load_credentials("myshop")
    assert (creds.imp_key, creds.imp_secret) == (sandbox.imp_key, sandbox.imp_secret)
    assert window.store_box.currentText() == "myshop"
    assert window.state.setup_done


def test_first_run_opens_setup_and_demo_button_loads_the_demo(
    qtbot: Any, ledger_path: Path
) -> None:
    from recon_app.gui.main_window import MainWindow
    from recon_app.services.app_context import AppContext

    win = MainWindow(AppContext(ledger_path), language="en", show_errors=False)
    qtbot.addWidget(win)
    errors: list[Any] = []
    win.failed.connect(errors.append)
    with qtbot.waitSignal(win.stores_refreshed, timeout=TIMEOUT):
        win.start()
    qtbot.waitUntil(
        lambda: getattr(win, "setup_dialog", None) is not None and win.setup_dialog.isVisible()
    )
    with qtbot.waitSignal(win.reconciled, timeout=60_000):
        qtbot.mouseClick(win.setup_dialog.demo_button, Qt.MouseButton.LeftButton)
    assert not errors, errors
    assert win.store == "demo" and win.month == MONTH
    assert win.results.model.rowCount() > 0
    win.runner.shutdown()


# -- 2. sync -----------------------------------------------------------------------------------------
def test_sync_a_month_shows_progress_report_and_last_sync(
    window: Any, qtbot: Any, sandbox: Any
) -> None:
    from recon_app.services.credentials import Credentials, save_credentials

    save_credentials("shop", Credentials(sandbox.imp_key, sandbox.imp_secret))
    window.ctx.add_store("shop", sandbox.base_url)
    with qtbot.waitSignal(window.stores_refreshed, timeout=TIMEOUT):
        window.refresh_stores()
    panel = window.sync_panel
    window.tabs.setCurrentWidget(panel)
    panel.set_month(MONTH)
    assert panel.checked_stores() == ["shop"]
    progress: list[Any] = []
    window.runner.busy_changed.connect(progress.append)
    with qtbot.waitSignal(window.synced, timeout=TIMEOUT) as sig:
        qtbot.mouseClick(panel.sync_button, Qt.MouseButton.LeftButton)
        assert panel.cancel_button.isEnabled() and not panel.sync_button.isEnabled()
    report = sig.args[0][0]
    assert report.outcome == "ok" and report.payments_seen > 0
    text = panel.report.toPlainText()
    assert text.startswith("상점 'shop' 결제 동기화 완료")
    assert f"받은 결제 {report.payments_seen:,}건" in text
    qtbot.waitUntil(
        lambda: panel.last_table.rowCount() == 1 and panel.last_table.item(0, 1).text() != "never"
    )
    assert panel.last_table.item(0, 0).text() == "shop"
    assert panel.last_table.item(0, 2).text() == "ok"
    assert panel.sync_button.isEnabled() and not panel.cancel_button.isEnabled()


def test_sync_can_be_cancelled_and_the_window_stays_usable(
    window: Any, qtbot: Any, sandbox: Any
) -> None:
    from recon_app.services.credentials import Credentials, save_credentials

    save_credentials("shop", Credentials(sandbox.imp_key, sandbox.imp_secret))
    window.ctx.add_store("shop", sandbox.base_url)
    with qtbot.waitSignal(window.stores_refreshed, timeout=TIMEOUT):
        window.refresh_stores()
    # Every payments page takes a second, so a ten-month sync cannot finish on its own before
    # the Cancel click; the hook tells the test that the sync is on the network (mid-work).
    sandbox.faults.slow(n=10_000, seconds=1.0, only="/payments")
    on_the_wire = threading.Event()
    sandbox.faults.call_after(0, on_the_wire.set)
    panel = window.sync_panel
    panel.by_range.setChecked(True)
    from PySide6.QtCore import QDate

    panel.from_edit.setDate(QDate(2026, 1, 1))
    panel.to_edit.setDate(QDate(2026, 10, 31))
    qtbot.mouseClick(panel.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(on_the_wire.is_set, timeout=TIMEOUT)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(panel.sync_button.isEnabled, timeout=TIMEOUT)
    assert panel.progress_label.text().startswith("Sync cancelled.")
    assert not window.errors
    with qtbot.waitSignal(window.stores_refreshed, timeout=TIMEOUT):
        window.refresh_stores()
    assert panel.last_table.item(0, 2).text() == "cancelled"


# -- 3. import ----------------------------------------------------------------------------------------
def test_import_preview_mapping_and_unknown_status(window: Any, qtbot: Any, tmp_path: Path) -> None:
    rows = demo_orders()
    rows[0] = {**rows[0], "주문상태": "보류중"}  # a word the importer does not know
    path = write_orders_csv(tmp_path / "주문.csv", rows, amount_header="합계")  # not a known header
    panel = window.importer
    with qtbot.waitSignal(window.previewed, timeout=TIMEOUT):
        panel.load_file(path)
    assert "CP949" in panel.info_label.text().upper()
    assert "Header row: 1" in panel.info_label.text()
    assert panel.sample.rowCount() > 0 and panel.sample.columnCount() == 6
    amount_box = panel.mapping_combos["amount"]
    assert amount_box.currentData() == "__none__"
    amount_box.setCurrentIndex(amount_box.findData("합계"))
    assert panel.options()["column_map"] == {"amount": "합계"}
    # re-preview with the chosen mapping: the status words come from the mapped file
    with qtbot.waitSignal(window.previewed, timeout=TIMEOUT):
        panel.request_preview()
    assert list(panel.status_combos) == ["보류중"]
    panel.request_import()  # refused: the unknown word has no meaning yet
    assert "보류중" in panel.info_label.text()
    box = panel.status_combos["보류중"]
    box.setCurrentIndex(box.findData("paid"))
    assert panel.import_button.isEnabled()
    with qtbot.waitSignal(window.imported, timeout=TIMEOUT) as sig:
        qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    report = sig.args[0]
    assert report.inserted == len(rows) and not report.skipped
    assert "주문" in panel.problems.toPlainText()
    assert not window.errors


def test_import_panel_names_the_layout_and_saves_one_the_cli_shares(
    window: Any, qtbot: Any, tmp_path: Path
) -> None:
    from recon_app.services.order_layouts import find_layout

    panel = window.importer
    real = Path(__file__).resolve().parents[1] / "data" / "orders" / "smartstore_baljubalsong.xlsx"
    with qtbot.waitSignal(window.previewed, timeout=TIMEOUT):
        panel.load_file(real)
    assert "Layout: 스마트스토어 발주발송관리(상품주문별)" in panel.info_label.text()
    assert panel.mapping_combos["line_amount"].currentData() == "최종 상품별 총 주문금액"

    path = write_orders_csv(tmp_path / "주문.csv", demo_orders()[:3], amount_header="합계")
    with qtbot.waitSignal(window.previewed, timeout=TIMEOUT):
        panel.load_file(path)
    assert panel.save_layout_button.isEnabled()  # a previewed file can be saved as a layout
    box = panel.mapping_combos["amount"]
    box.setCurrentIndex(box.findData("합계"))
    panel.save_layout("합계 양식")
    assert "합계 양식" in panel.info_label.text()
    assert find_layout("합계 양식").column_map["amount"] == "합계"  # what the CLI's --layout reads
    # the next file with these columns is recognised without touching the form
    again = write_orders_csv(tmp_path / "다음.csv", demo_orders()[3:6], amount_header="합계")
    with qtbot.waitSignal(window.previewed, timeout=TIMEOUT):
        panel.load_file(again)
    assert "Layout: 합계 양식" in panel.info_label.text()
    assert panel.mapping_combos["amount"].currentData() == "합계"
    assert not window.errors


def test_import_report_lists_skipped_rows(window: Any, qtbot: Any, tmp_path: Path) -> None:
    rows = demo_orders()[:5]
    rows[2] = {**rows[2], "결제금액": "abc"}
    path = write_orders_csv(tmp_path / "bad.csv", rows)
    panel = window.importer
    with qtbot.waitSignal(window.previewed, timeout=TIMEOUT):
        panel.load_file(path)
    assert "abc" in panel.problems.toPlainText()
    panel.skip_bad.setChecked(True)
    with qtbot.waitSignal(window.imported, timeout=TIMEOUT) as sig:
        qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert sig.args[0].inserted == 4
    assert panel.skipped_table.isVisibleTo(panel) and panel.skipped_table.rowCount() == 1
    assert panel.skipped_table.item(0, 0).text() == "4"  # header is line 1, third order is line 4


def test_dropping_a_file_on_the_window_previews_it(
    window: Any, qtbot: Any, orders_csv: Path
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(orders_csv))])
    pos = QPointF(window.width() / 2, window.height() / 2)
    enter = QDragEnterEvent(
        pos.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        pos,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.previewed, timeout=TIMEOUT):
        QApplication.sendEvent(window, drop)
    assert window.tabs.currentWidget() is window.importer
    assert window.importer.path == orders_csv


# -- 4. reconcile: dashboard, table, detail ---------------------------------------------------------
@pytest.fixture
def reconciled(window: Any, qtbot: Any, sandbox: Any, orders_csv: Path) -> Any:
    prepare_store(window, sandbox, orders_csv)
    with qtbot.waitSignal(window.stores_refreshed, timeout=TIMEOUT):
        window.refresh_stores()
    reconcile(qtbot, window)
    return window


def test_reconcile_fills_cards_charts_and_table(reconciled: Any, qtbot: Any) -> None:
    win = reconciled
    result = win.view.result
    summary = result.summary
    cards = win.dashboard.cards
    assert cards["gross"].value == summary.gross > 0
    assert cards["fees"].value == summary.fees and cards["settlement"].value == summary.settlement
    assert cards["exceptions"].value == summary.exceptions
    assert f"{summary.gross:,}" in cards["gross"].value_label.text()
    assert len(win.dashboard.daily_chart.series()) == 2
    assert len(win.dashboard.fee_chart.series()) == 1
    assert sum(win.dashboard.charts_data.fees) == summary.fees
    model = win.results.model
    assert model.rowCount() == len(result.rows)
    assert win.export_xlsx_action.isEnabled()


def test_results_filter_sort_and_detail(reconciled: Any, qtbot: Any) -> None:
    win = reconciled
    panel, model, rows = win.results, win.results.model, win.view.result.rows
    win.tabs.setCurrentWidget(panel)
    # filter by status through the combo box
    matched = panel.status_box.findData("matched")
    assert matched > 0
    panel.status_box.setCurrentIndex(matched)
    assert model.rowCount() == int((rows.status == "matched").sum())
    panel.status_box.setCurrentIndex(0)
    # text filter (debounced) on an order id
    key = str(rows.row_key.iloc[3])
    panel.search.setText(key.lower())
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=TIMEOUT)
    panel.search.clear()
    qtbot.waitUntil(lambda: model.rowCount() == len(rows), timeout=TIMEOUT)
    # sort by clicking the money header twice
    c = col(win, "settlement")
    header = panel.table.horizontalHeader()

    def click_header() -> None:
        qtbot.mouseClick(
            header.viewport(),
            Qt.MouseButton.LeftButton,
            pos=QPoint(header.sectionViewportPosition(c) + 5, 5),
        )

    def column_values() -> list[Any]:
        return [model.index(r, c).data(SORT_ROLE) for r in range(model.rowCount())]

    click_header()
    qtbot.waitUntil(lambda: column_values() == sorted(column_values()), timeout=TIMEOUT)
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert column_values() != sorted(column_values(), reverse=True), "needs distinct values"
    click_header()
    qtbot.waitUntil(
        lambda: column_values() == sorted(column_values(), reverse=True), timeout=TIMEOUT
    )
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    # select an exception row: details with payments and fee steps
    exc = model.view_row_of_key(
        str(rows.loc[rows.is_exception & (rows.paid_amount > 0), "row_key"].iloc[0])
    )
    assert exc is not None
    with qtbot.waitSignal(win.detail_shown, timeout=TIMEOUT):
        panel.table.selectRow(exc)
    html = panel.detail.toPlainText()
    assert model.row_key(exc) in html
    assert "Payments" in html and "Fee calculation" in html
    # fields carry labels people read, not ledger column names
    assert "Paid at" in html and "paid_at" not in html and "pg_provider" not in html
    assert panel.resolve_button.isEnabled()


def test_history_of_runs_lists_every_reconcile_newest_first(reconciled: Any, qtbot: Any) -> None:
    win = reconciled
    table = win.history.table
    win.tabs.setCurrentWidget(win.history)
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=TIMEOUT)
    first = win.view.result
    with qtbot.waitSignal(win.history_shown, timeout=60_000):
        reconcile(qtbot, win)
    second = win.view.result
    assert table.rowCount() == 2
    assert [table.item(r, 0).text() for r in range(2)] == [
        f"#{second.run_id}",
        f"#{first.run_id}",
    ]
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    row = {h: table.item(0, c).text() for c, h in enumerate(headers)}
    assert row["Month"] == MONTH
    assert row["PG gross"] == f"{second.summary.gross:,}" and second.summary.gross > 0
    assert row["Fees"] == f"{second.summary.fees:,}"
    assert row["Settlement"] == f"{second.summary.settlement:,}"
    assert row["Exceptions"] == str(second.summary.exceptions)
    assert row["Reconciled at (KST)"].startswith("20")
    assert "shop" in win.history.title.text()


# -- 5. exceptions -----------------------------------------------------------------------------------
def test_resolve_an_exception_and_undo_it(reconciled: Any, qtbot: Any) -> None:
    win = reconciled
    panel, model = win.results, win.results.model
    before = win.dashboard.cards["exceptions"].value
    assert before and before > 0
    panel.only_exceptions.setChecked(True)
    assert model.rowCount() == before
    panel.only_exceptions.setChecked(False)
    rows = win.view.result.rows
    key = str(rows.loc[rows.is_exception, "row_key"].iloc[0])
    panel.select_key(key)
    panel.note.setText("PG사에 확인, 계좌 환불 완료")
    with qtbot.waitSignal(win.resolutions_changed, timeout=60_000):
        qtbot.mouseClick(panel.resolve_button, Qt.MouseButton.LeftButton)
    assert win.dashboard.cards["exceptions"].value == before - 1
    row = model.view_row_of_key(key)
    assert row is not None, "resolved rows stay in the report"
    assert model.is_resolved(row) and not model.is_exception(row)
    assert "계좌 환불" in model.index(row, col(win, "resolution_note")).data(Role.DisplayRole)
    assert panel.selected_key == key and panel.undo_button.isEnabled()
    with qtbot.waitSignal(win.resolutions_changed, timeout=60_000):
        qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    assert win.dashboard.cards["exceptions"].value == before
    from recon_app.services.resolutions import list_resolutions

    history = list_resolutions(win.ctx.ledger, "shop")
    assert len(history) == 1 and not history[0]["active"] and history[0]["resolved_by"]


# -- 6. fee rules -------------------------------------------------------------------------------------
def test_fee_rules_dialog_validates_saves_and_reconcile_shows_the_effect(
    reconciled: Any, qtbot: Any
) -> None:
    from recon_app.gui.panels.fee_rules_dialog import COL_METHOD, COL_RATE

    win = reconciled
    fees_before = win.dashboard.cards["fees"].value
    win.edit_fee_rules()
    qtbot.waitUntil(
        lambda: getattr(win, "fee_dialog", None) is not None and win.fee_dialog.isVisible(),
        timeout=TIMEOUT,
    )
    dialog = win.fee_dialog
    card_row = next(
        r
        for r in range(dialog.table.rowCount())
        if dialog.table.item(r, COL_METHOD).text() == "card"
    )
    dialog.set_cell(card_row, COL_RATE, "abc")
    dialog.try_save()
    assert f"Row {card_row + 1}" in dialog.error.text() and "abc" in dialog.error.text()
    assert dialog.isVisible()
    dialog.set_cell(card_row, COL_RATE, "150")  # 150 % is not a rate
    dialog.try_save()
    assert dialog.error.text() and dialog.isVisible()
    dialog.set_cell(card_row, COL_RATE, "5")
    with (
        qtbot.waitSignal(win.reconciled, timeout=60_000),
        qtbot.waitSignal(win.fees_saved, timeout=TIMEOUT),
    ):
        dialog.try_save()
    assert not dialog.isVisible()
    assert win.dashboard.cards["fees"].value > fees_before
    from decimal import Decimal

    assert win.view.result.fees.rule_for("kcp", "card").rate == Decimal("0.05")


# -- 7. export ------------------------------------------------------------------------------------------
def test_export_excel_and_csv_with_open_folder(
    reconciled: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl
    from PySide6.QtGui import QDesktopServices

    from recon_app.services.exporting import (
        SHEET_EXCEPTIONS,
        SHEET_FEES,
        SHEET_ROWS,
        SHEET_SUMMARY,
    )

    win = reconciled
    opened: list[QUrl] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True)
    )
    target = tmp_path / "out" / "report.xlsx"
    target.parent.mkdir()
    with qtbot.waitSignal(win.exported, timeout=60_000):
        win.export_to(target, "xlsx")
    assert target.exists()
    book = openpyxl.load_workbook(target, read_only=True)
    assert book.sheetnames == [SHEET_SUMMARY, SHEET_ROWS, SHEET_EXCEPTIONS, SHEET_FEES]
    book.close()
    dialog = win.export_done
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert opened and Path(opened[0].toLocalFile()) == target.parent
    csv_path = tmp_path / "out" / "report.csv"
    with qtbot.waitSignal(win.exported, timeout=TIMEOUT):
        win.export_to(csv_path, "csv", show_done=False)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so Excel reads the Korean right
    records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(records) == len(win.view.result.rows) + 1  # the header + one record a row


# -- 8. errors -------------------------------------------------------------------------------------------
def test_service_error_becomes_a_dialog_with_copyable_details(
    window: Any, qtbot: Any, sandbox: Any
) -> None:
    from recon_app.domain.errors import CredentialsError
    from recon_app.gui.widgets.error_dialog import ErrorDialog

    window.ctx.add_store("nokey", sandbox.base_url)  # no credentials saved for this store
    with qtbot.waitSignal(window.stores_refreshed, timeout=TIMEOUT):
        window.refresh_stores()
    window.show_errors = True
    panel = window.sync_panel
    panel.set_stores(["nokey"], "nokey")
    with qtbot.waitSignal(window.failed, timeout=TIMEOUT) as sig:
        qtbot.mouseClick(panel.sync_button, Qt.MouseButton.LeftButton)
    assert isinstance(sig.args[0], CredentialsError)
    dialog = window.error_dialog
    assert isinstance(dialog, ErrorDialog) and dialog.isVisible()
    assert "nokey" in dialog.what_label.text() and dialog.todo_label.text()
    qtbot.mouseClick(dialog.copy, Qt.MouseButton.LeftButton)
    assert "nokey" in QGuiApplication.clipboard().text()
    dialog.accept()
    window.errors.clear()


def test_unexpected_exception_is_logged_and_shown_politely(
    window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recon_app import logs
    from recon_app.gui.app import install_excepthook

    logs.setup_logging()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    window.show_errors = True
    install_excepthook(lambda: window)
    try:
        raise ZeroDivisionError("boom in a slot")
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())
    for handler in logging.getLogger("recon_app").handlers:
        handler.flush()
    assert "ZeroDivisionError" in logs.log_file().read_text(encoding="utf-8")
    dialog = window.error_dialog
    assert dialog.isVisible()
    assert "unexpected" in dialog.what_label.text().lower()
    assert "Traceback" in dialog.details_text and str(logs.log_file()) in dialog.todo_label.text()
    dialog.accept()
    window.errors.clear()
