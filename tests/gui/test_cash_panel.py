"""The cash calendar (issue 13) in a real window offscreen: a bank statement imported through the
panel, the month's payouts coloured by status on the grid, a payout drilled down to its
payments and its deposit."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from bank_files import Tx, shinhan_csv
from gui_support import TIMEOUT
from ledger_builders import add_cancels, add_orders, add_payments, kst, order, payment

from recon_app.gui.panels.cash_panel import MATCHED, MISSING, SHORT

# Shipped rules (card 3.2% + VAT, D+2; vbank 330 won, D+1) — worked out in
# tests/services/test_payouts_month.py: 11-04 kcp 96,480 (received), 11-05 kcp 19,296 (19,000
# arrived: short), 11-13 kcp 19,670 (never arrived: missing).
PAYMENTS = [
    payment("a", "o-a", 100_000, "cancelled", cancel_amount=30_000,
            paid_at=kst("2026-11-02 10:00"), pg_provider="kcp"),
    payment("b", "o-b", 50_000, paid_at=kst("2026-11-03 11:00"), pg_provider="kcp"),
    payment("c", "o-c", 20_000, paid_at=kst("2026-11-12 09:00"), pg_provider="kcp",
            pay_method="vbank"),
]  # fmt: skip
STATEMENT = (
    Tx(datetime(2026, 11, 4, 9, 0), 96_480, 0, "NHN KCP", 1_096_480),
    Tx(datetime(2026, 11, 5, 9, 0), 19_000, 0, "한국사이버결제", 1_115_480),
)


@pytest.fixture
def cash(window: Any, qtbot: Any, tmp_path: Path) -> Any:
    ledger = window.ctx.ledger
    add_orders(ledger, [order(p["merchant_uid"], p["amount"]) for p in PAYMENTS])
    add_payments(ledger, PAYMENTS)
    add_cancels(
        ledger,
        [{"imp_uid": "a", "seq": 0, "amount": 30_000, "cancelled_at": kst("2026-11-03 15:00")}],
    )
    with qtbot.waitSignal(window.stores_refreshed, timeout=TIMEOUT):
        window.refresh_stores()
    window.set_store("default")
    window.set_month("2026-11")
    statement = tmp_path / "shinhan.csv"
    statement.write_bytes(shinhan_csv(STATEMENT))
    window.tabs.setCurrentWidget(window.cash)
    with qtbot.waitSignal(window.bank_previewed, timeout=TIMEOUT):
        window.cash.request_import(statement)
    preview = window.bank_preview
    assert preview.table.rowCount() == 2
    assert "header on row 4" in preview.summary.text()
    assert "deposit: 입금(원)" in preview.summary.text()
    with qtbot.waitSignal(window.payouts_shown, timeout=TIMEOUT):
        preview.accept()
    assert not window.errors, window.errors
    return window.cash


def cell(panel: Any, day: str) -> Any:
    grid = panel.grid
    for r in range(grid.rowCount()):
        for c in range(7):
            item = grid.item(r, c)
            if item is not None and item.data(0x0100) == day:  # Qt.UserRole
                return item
    raise AssertionError(f"{day} not on the grid")


def test_statement_import_fills_the_calendar_with_coloured_days(cash: Any) -> None:
    assert "입금 2건 115,480원" in cash.bank_status.text()
    received = cell(cash, "2026-11-04")
    assert received.text().splitlines() == ["4", "due 96,480", "in 96,480"]
    assert received.background().color() == MATCHED
    short = cell(cash, "2026-11-05")
    assert short.text().splitlines() == ["5", "due 19,296", "in 19,000"]
    assert short.background().color() == SHORT
    missing = cell(cash, "2026-11-13")
    assert missing.text().splitlines() == ["13", "due 19,670"]
    assert missing.background().color() == MISSING


def test_holidays_and_weekends_are_marked(cash: Any) -> None:
    assert cell(cash, "2026-11-07").toolTip() == "Weekend"  # a Saturday
    # 2026-11 has no public holiday; the report carries the month's names for the grid
    assert cash.report.holidays == {}


def test_payout_list_drills_down_to_payments_and_deposit(cash: Any) -> None:
    table = cash.payouts
    assert table.rowCount() == 3
    assert [table.item(r, 2).text() for r in range(3)] == ["Received", "Short", "Missing"]
    assert table.item(1, 5).text() == "-296"
    cash.payouts.selectRow(1)
    detail = cash.detail
    rows = sorted(
        tuple(detail.item(r, c).text() for c in range(6)) for r in range(detail.rowCount())
    )
    assert rows == [
        ("a", "o-a", "Cancel", "2026-11-03", "-30,000", "-28,944"),
        ("b", "o-b", "Approval", "2026-11-03", "50,000", "48,240"),
    ]
    assert "19,000" in cash.deposit.text() and "한국사이버결제" in cash.deposit.text()
    cash.payouts.selectRow(2)
    assert cash.deposit.text() == "No deposit matched this payout."


def test_cancelled_preview_writes_nothing(
    cash: Any, window: Any, qtbot: Any, tmp_path: Path
) -> None:
    from recon_app.storage import bank_repo
    from recon_app.storage.stores import store_id

    more = tmp_path / "more.csv"
    more.write_bytes(shinhan_csv((Tx(datetime(2026, 11, 13, 9, 0), 19_670, 0, "KCP", 1),)))
    with qtbot.waitSignal(window.bank_previewed, timeout=TIMEOUT):
        cash.request_import(more)
    window.bank_preview.reject()
    assert cash.bank_status.text() == "Import cancelled; nothing was saved."
    with window.ctx.ledger.read() as conn:
        sid = store_id(conn, "default", create=False)
        assert sid is not None
        account = bank_repo.account_id(conn, sid, "***-***-**6789", create=False)
        assert account is not None and bank_repo.count_transactions(conn, account) == 2


def test_bad_statement_shows_the_message_and_changes_nothing(
    cash: Any, window: Any, qtbot: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "orders.csv"
    bad.write_bytes("주문번호,금액\nA,1\n".encode())
    with qtbot.waitSignal(window.failed, timeout=TIMEOUT):
        cash.request_import(bad)
    assert "거래내역 머리글" in cash.bank_status.text()
    window.errors.clear()


def test_cash_calendar_speaks_korean(qapp: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    from recon_app.gui.app import install_translator

    try:
        assert install_translator(qapp, "ko") is not None
        assert QCoreApplication.translate("CashPanel", "Missing") == "입금 안 됨"
        assert QCoreApplication.translate("MainWindow", "&Cash calendar") == "입금 달력(&C)"
    finally:
        install_translator(qapp, "en")


def test_sender_names_edited_in_the_dialog_change_the_matching(
    cash: Any, window: Any, qtbot: Any
) -> None:
    cash.senders_button.click()
    dialog = window.senders_dialog
    table = dialog.table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "kcp")
    table.item(row, 1).setText(
        "엔에이치엔케이씨피"
    )  # the statement says "NHN KCP", "한국사이버결제"
    with qtbot.waitSignal(window.payouts_shown, timeout=TIMEOUT):
        dialog.accept()
    statuses = [cash.payouts.item(r, 2).text() for r in range(cash.payouts.rowCount())]
    assert statuses == ["Missing", "Missing", "Missing"]
    from recon_app.services.payouts import senders_for

    assert senders_for(window.ctx.ledger, "default")["kcp"] == ["엔에이치엔케이씨피"]


def test_exported_workbook_carries_the_payout_sheet(
    cash: Any, window: Any, qtbot: Any, tmp_path: Path
) -> None:
    import openpyxl

    from recon_app.gui.operations.export import export_to

    with qtbot.waitSignal(window.payouts_shown, timeout=60_000):
        window.reconcile_action.trigger()
    out = tmp_path / "r.xlsx"
    with qtbot.waitSignal(window.exported, timeout=60_000):
        export_to(window, out, "xlsx", show_done=False)
    sheet = openpyxl.load_workbook(out, read_only=True)["입금 대사"]
    statuses = [r[3] for r in sheet.iter_rows(min_row=2, max_row=4, values_only=True)]
    assert statuses == ["matched", "short", "missing"]
