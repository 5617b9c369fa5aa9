"""Closing a month (issue 14) against a real ledger file: frozen figures, a late partial refund
listed as a post-close change and carried into the next open month, reopen, the rule that open
exceptions block a close, and the append-only audit trail. Amounts are worked out by hand from
the shipped fee rules (card 3.2 %, VAT 10 % of the fee, half-up per payment)."""

from __future__ import annotations

import sqlite3

import pytest
from ledger_builders import add_orders, add_payments, kst, order, payment

from recon_app.cli.main import main
from recon_app.domain.errors import InputError
from recon_app.services.audit import entries
from recon_app.services.closing import close_month, list_closes, month_close, reopen_month
from recon_app.services.reconciling import reconcile_month
from recon_app.services.resolutions import resolve_exception
from recon_app.services.run_history import list_recon_runs
from recon_app.storage.db import raw

OCT, NOV = "2026-10", "2026-11"


def _october(ledger) -> None:  # type: ignore[no-untyped-def]
    add_orders(ledger, [order("A", 10_000), order("B", 20_000)])
    add_payments(ledger, [payment("a", "A", 10_000), payment("b", "B", 20_000)])
    add_orders(ledger, [order("C", 7_000, ordered_at=kst("2026-11-03 10:00"))])
    add_payments(ledger, [payment("c", "C", 7_000, paid_at=kst("2026-11-03 10:01"))])


def _late_partial_refund_of_b(ledger) -> None:  # type: ignore[no-untyped-def]
    """What a November sync + a corrected order file bring: 5,000 of B refunded on 11-05."""
    at = kst("2026-11-05 09:00")
    with ledger.write() as conn:
        db = raw(conn)
        db.execute(
            "UPDATE payments SET cancel_amount = 5000, cancelled_at = ? WHERE imp_uid = 'b'", (at,)
        )
        db.execute(
            "INSERT INTO payment_cancels (store_id, imp_uid, seq, amount, cancelled_at)"
            " VALUES (1, 'b', 0, 5000, ?)",
            (at,),
        )
        db.execute(
            "UPDATE orders SET status = 'partially_refunded', refunded_amount = 5000"
            " WHERE order_id = 'B'"
        )


def test_close_then_late_partial_refund_keeps_october_and_shows_the_change(ledger) -> None:  # type: ignore[no-untyped-def]
    _october(ledger)
    before = reconcile_month(ledger, OCT)
    # a: fee 320 + VAT 32 → 9,648; b: fee 640 + VAT 64 → 19,296
    assert (before.summary.kept, before.summary.settlement) == (30_000, 28_944)

    info = close_month(ledger, OCT, note="10월 마감", by="김회계")
    assert (info.closed_by, info.note, info.accepted) == ("김회계", "10월 마감", ())

    _late_partial_refund_of_b(ledger)

    closed = reconcile_month(ledger, OCT)
    assert closed.closed is not None and closed.closed["closed_by"] == "김회계"
    assert (closed.summary.kept, closed.summary.settlement) == (30_000, 28_944)
    assert int(closed.rows.loc[closed.rows["row_key"] == "B", "cancelled_amount"].iloc[0]) == 0
    # B now: kept 15,000, fee 480 + VAT 48 → 14,472 (was 19,296)
    (change,) = closed.post_close_changes
    assert change["month"] == OCT and change["row_key"] == "B" and change["change"] == "changed"
    assert change["pg_kept_effect"] == -5_000
    assert change["shop_effect"] == -5_000
    assert change["fee_effect"] == -176
    assert change["settlement_effect"] == -4_824

    runs_of_october = len(list_recon_runs(ledger, month=OCT))
    november = reconcile_month(ledger, NOV)
    # comparing October for its post-close changes is not an October run in the history
    assert len(list_recon_runs(ledger, month=OCT)) == runs_of_october
    assert november.closed is None
    assert november.summary.kept == 7_000  # November's own figures are not touched
    assert [
        (c["month"], c["row_key"], c["settlement_effect"]) for c in november.post_close_changes
    ] == [(OCT, "B", -4_824)]
    # December is not the first open month after October: nothing carried there
    assert reconcile_month(ledger, "2026-12").post_close_changes == ()


def test_reopen_brings_back_live_figures_and_is_in_the_trail(ledger) -> None:  # type: ignore[no-untyped-def]
    _october(ledger)
    close_month(ledger, OCT, by="김회계")
    _late_partial_refund_of_b(ledger)
    reopen_month(ledger, OCT, reason="환불 반영", by="이세무")
    assert month_close(ledger, OCT) is None
    live = reconcile_month(ledger, OCT)
    assert live.closed is None and live.post_close_changes == ()
    assert (live.summary.kept, live.summary.settlement) == (25_000, 24_120)  # 9,648 + 14,472
    assert reconcile_month(ledger, NOV).post_close_changes == ()

    again = close_month(ledger, OCT, by="이세무")
    assert reconcile_month(ledger, OCT).summary.settlement == 24_120
    trail = [(e["action"], e["user"], e["month"]) for e in entries(ledger, month=OCT)]
    assert trail == [("close", "김회계", OCT), ("reopen", "이세무", OCT), ("close", "이세무", OCT)]
    first, second = list_closes(ledger)  # the reopened close stays on record
    assert first["reopen_reason"] == "환불 반영" and second["id"] == again.id


def test_open_exceptions_block_the_close_unless_resolved_or_accepted(ledger) -> None:  # type: ignore[no-untyped-def]
    add_orders(ledger, [order("A", 10_000), order("X", 9_000), order("Y", 4_000)])
    add_payments(ledger, [payment("a", "A", 10_000), payment("x", "X", 8_000)])
    with pytest.raises(InputError, match="2건"):
        close_month(ledger, OCT)
    assert month_close(ledger, OCT) is None
    resolve_exception(ledger, "default", "X", "amount_mismatch", "1,000원 쿠폰", "김회계")
    with pytest.raises(InputError, match="1건.*Y"):
        close_month(ledger, OCT)
    info = close_month(ledger, OCT, accept_open="Y는 11월에 입금 예정")
    assert info.accepted == ("Y",) and info.accepted_note == "Y는 11월에 입금 예정"
    actions = [e["action"] for e in entries(ledger, month=OCT)]
    assert actions == ["resolve", "close"]
    with pytest.raises(InputError, match="이미 마감"):
        close_month(ledger, OCT, accept_open="again")


def test_audit_trail_refuses_update_and_delete(ledger, ledger_path) -> None:  # type: ignore[no-untyped-def]
    _october(ledger)
    close_month(ledger, OCT)
    con = sqlite3.connect(ledger_path)
    try:
        for sql in (
            "UPDATE audit_log SET user = 'x'",
            "DELETE FROM audit_log",
            "DELETE FROM month_closes",
            "UPDATE month_closes SET note = 'x'",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                con.execute(sql)
    finally:
        con.close()
    assert len(entries(ledger)) == 1


def test_close_reopen_audit_cli(ledger_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from recon_app.storage.db import open_ledger

    led = open_ledger(ledger_path)
    _october(led)
    led.close()
    db = ["--db", str(ledger_path)]
    assert main([*db, "close", "--month", OCT, "--note", "끝", "--by", "김회계"]) == 0
    assert "2026-10 마감됨 — 김회계" in capsys.readouterr().out
    assert main([*db, "reopen", "--month", OCT, "--reason", ""]) == 2
    assert "사유" in capsys.readouterr().err
    assert main([*db, "reopen", "--month", OCT, "--reason", "다시", "--by", "이세무"]) == 0
    capsys.readouterr()
    assert main([*db, "audit", "--month", OCT]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[1:3] for line in out] == [["김회계", "마감"], ["이세무", "마감 해제"]]


def test_reports_carry_the_close_and_post_close_changes(ledger, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from openpyxl import load_workbook

    from recon_app.services.exporting import export_json, export_xlsx

    _october(ledger)
    close_month(ledger, OCT, by="김회계")
    _late_partial_refund_of_b(ledger)
    data = json.loads(export_json(reconcile_month(ledger, OCT), tmp_path / "oct.json").read_text())
    assert data["closed"]["closed_by"] == "김회계"
    assert [c["settlement_effect"] for c in data["post_close_changes"]] == [-4_824]
    book = load_workbook(export_xlsx(reconcile_month(ledger, NOV), tmp_path / "nov.xlsx"))
    sheet = book["마감 후 변동"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values.index(next(r for r in values if r[0] == "마감 월"))
    assert values[header + 1][:2] == [OCT, "B"] and values[header + 1][8] == -4_824


def test_overview_lists_every_store_with_its_month(ledger_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from recon_app.storage.db import open_ledger

    led = open_ledger(ledger_path)
    _october(led)
    add_orders(led, [order("Z", 5_000)], store="다라상점")
    close_month(led, OCT, by="김회계")
    led.close()
    assert main(["--db", str(ledger_path), "overview", "--month", OCT]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  |  ")[0] for line in lines] == ["default", "다라상점"]
    assert "예외 0건, 정산 예정 28,944원" in lines[0] and "마감 김회계" in lines[0]
    assert lines[1].endswith("대사 안 함  |  마감 전")
    assert main(["--db", str(ledger_path), "overview", "--month", "10월"]) == 2
