"""The Clients tab (issue 14): the month shown as open, then closed with who/when/note after
Close, open again after Reopen; every store listed with this month's state; double-clicking a
store opens it. Real window offscreen, a real ledger file."""

from __future__ import annotations

from typing import Any

from gui_support import TIMEOUT
from ledger_builders import add_orders, add_payments, order, payment

MONTH = "2026-10"


def _fill(ledger: Any) -> None:
    add_orders(ledger, [order("A", 10_000)], store="가나상점")
    add_payments(ledger, [payment("a", "A", 10_000)], store="가나상점")
    add_orders(ledger, [order("B", 5_000)], store="다라상점")  # no payment: one open exception


def test_close_and_reopen_from_the_clients_tab(window: Any, qtbot: Any) -> None:
    _fill(window.ctx.ledger)
    window.set_month(MONTH)
    with qtbot.waitSignal(window.stores_refreshed, timeout=TIMEOUT):
        window.refresh_stores()
    window.set_store("가나상점")
    with qtbot.waitSignal(window.reconciled, timeout=TIMEOUT):
        window.reconcile()
    panel = window.clients
    with qtbot.waitSignal(panel.overview_shown, timeout=TIMEOUT):
        window.tabs.setCurrentWidget(panel)
    assert panel.state_label.text() == "2026-10 of 가나상점 is open."
    assert panel.close_button.isEnabled() and not panel.reopen_button.isEnabled()
    stores = [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]
    assert stores == ["가나상점", "다라상점"]
    assert panel.table.item(0, 4).text() == "9,648"  # 10,000 − 320 − 32, reconciled above
    assert panel.table.item(1, 2).text() == ""  # 다라상점's October never reconciled

    with qtbot.waitSignal(panel.overview_shown, timeout=TIMEOUT):
        panel.close_requested.emit("10월 끝", "")
    assert "is closed — by" in panel.state_label.text()
    assert panel.state_label.text().endswith("Note: 10월 끝")
    assert panel.table.item(0, 5).text() != "" and panel.table.item(1, 5).text() == ""
    assert panel.reopen_button.isEnabled() and not panel.close_button.isEnabled()

    with qtbot.waitSignal(panel.overview_shown, timeout=TIMEOUT):
        panel.reopen_requested.emit("환불 반영")
    assert panel.state_label.text() == "2026-10 of 가나상점 is open."
    assert window.errors == []


def test_double_click_opens_the_client_shop(window: Any, qtbot: Any) -> None:
    _fill(window.ctx.ledger)
    window.set_month(MONTH)
    with qtbot.waitSignal(window.stores_refreshed, timeout=TIMEOUT):
        window.refresh_stores()
    panel = window.clients
    with qtbot.waitSignal(panel.overview_shown, timeout=TIMEOUT):
        window.tabs.setCurrentWidget(panel)
    with qtbot.waitSignal(window.reconciled, timeout=TIMEOUT):
        panel.table.cellDoubleClicked.emit(1, 0)
    assert window.store == "다라상점"
    assert window.view is not None and window.view.result.summary.exceptions == 1


def test_batch_of_clients_from_the_tab_shows_progress_and_failures(
    window: Any, qtbot: Any, tmp_path: Any
) -> None:
    from recon_app.storage.db import open_ledger

    folder = tmp_path / "clients"
    folder.mkdir()
    for name in ("가나상점", "다라상점"):
        led = open_ledger(folder / f"{name}.sqlite3")
        add_orders(led, [order("A", 10_000)])
        add_payments(led, [payment("a", "A", 10_000)])
        led.close()
    (folder / "망가진.sqlite3").write_text("not a ledger", encoding="utf-8")
    window.set_month(MONTH)
    panel = window.clients
    seen: list[str] = []
    panel.batch_progress.valueChanged.connect(lambda v: seen.append(panel.batch_status.text()))
    with qtbot.waitSignal(panel.batch_finished, timeout=60_000) as finished:
        panel.batch_requested.emit(str(folder), str(tmp_path / "out"))
    report = finished.args[0]
    assert [(o.name, o.ok) for o in report.outcomes] == [
        ("가나상점", True),
        ("다라상점", True),
        ("망가진", False),
    ]
    assert panel.batch_status.text().startswith("2 clients done, 1 failed.")
    assert "망가진:" in panel.batch_status.text()
    assert any(text.startswith("가나상점: ") for text in seen)  # progress per client
    assert sorted(p.name for p in (tmp_path / "out").glob("*.zip")) == [
        f"가나상점-{MONTH}.zip",
        f"다라상점-{MONTH}.zip",
    ]
    assert panel.batch_button.isEnabled() and not panel.batch_cancel.isEnabled()


def test_batch_can_be_cancelled_between_clients(window: Any, qtbot: Any, tmp_path: Any) -> None:
    from recon_app.storage.db import open_ledger

    folder = tmp_path / "clients"
    folder.mkdir()
    for i in range(6):
        led = open_ledger(folder / f"client{i}.sqlite3")
        add_orders(led, [order("A", 10_000)])
        add_payments(led, [payment("a", "A", 10_000)])
        led.close()
    window.set_month(MONTH)
    panel = window.clients
    # Cancel as soon as the first client is reported done; the batch stops before the next.
    panel.batch_progress.valueChanged.connect(
        lambda v: v == 1 and panel.batch_cancel_requested.emit()
    )
    with qtbot.waitSignal(panel.batch_finished, timeout=60_000) as finished:
        panel.batch_requested.emit(str(folder), str(tmp_path / "out"))
    assert finished.args[0] is None
    assert panel.batch_status.text().startswith("Cancelled.")
    assert 1 <= len(list((tmp_path / "out").glob("*.zip"))) < 6
    assert window.errors == []


def test_mapping_dialog_edits_and_saves_the_users_mapping(window: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QDialogButtonBox, QTableWidgetItem

    from recon_app.services.accounting_map import load_mapping, user_mapping_path

    window.clients.mapping_button.click()
    qtbot.waitUntil(lambda: window.mapping_dialog is not None, timeout=TIMEOUT)
    dialog = window.mapping_dialog
    dialog.company_name.setText("가나상점")
    toss = next(
        r
        for r in range(dialog.partners.rowCount())
        if dialog.partners.item(r, 0).text() == "tosspayments"
    )
    dialog.partners.setItem(toss, 1, QTableWidgetItem("00101"))
    box = dialog.method_boxes["trans"]
    box.setCurrentIndex(box.findData("cash_receipt"))
    dialog.accounts.setItem(0, 1, QTableWidgetItem(""))  # a missing account code is refused
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.click()
    assert "needs a code" in dialog.error.text() and not user_mapping_path().exists()
    dialog.accounts.setItem(0, 1, QTableWidgetItem("108"))
    with qtbot.waitSignal(dialog.finished, timeout=TIMEOUT):
        save.click()
    saved = load_mapping(user_mapping_path())
    assert saved.company.name == "가나상점"
    assert saved.partner("tosspayments").code == "00101"
    assert saved.methods["trans"] == "cash_receipt"
    assert saved.accounts.receivable.code == "108"
