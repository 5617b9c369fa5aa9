"""list_recon_runs: the reader of the runs reconcile_month records (a real ledger file)."""

from __future__ import annotations

from ledger_builders import add_orders, add_payments, order, payment

from recon_app.services.reconciling import reconcile_month
from recon_app.services.resolutions import resolve_exception
from recon_app.services.run_history import list_recon_runs


def test_runs_are_listed_newest_first_with_their_totals(ledger) -> None:  # type: ignore[no-untyped-def]
    add_orders(ledger, [order("A", 10_000), order("B", 5_000)])
    add_payments(ledger, [payment("a", "A", 10_000), payment("b", "B", 4_000)])  # B is short
    assert list_recon_runs(ledger) == []
    first = reconcile_month(ledger, "2026-10")
    resolve_exception(ledger, "default", "B", "amount_mismatch", "1,000원 현장 결제", "me")
    second = reconcile_month(ledger, "2026-10")
    reconcile_month(ledger, "2026-09")  # an empty month is a run too

    runs = list_recon_runs(ledger)
    assert [(r.run_id, r.month) for r in runs] == [
        (second.run_id + 1, "2026-09"),
        (second.run_id, "2026-10"),
        (first.run_id, "2026-10"),
    ]
    newest_october, first_october = runs[1], runs[2]
    assert (first_october.rows, first_october.exceptions) == (2, 1)
    assert (newest_october.rows, newest_october.exceptions) == (2, 0)  # B resolved in between
    assert newest_october.gross == 14_000  # 10,000 + 4,000 captured
    assert newest_october.fees == second.summary.fees > 0
    assert newest_october.settlement == second.summary.settlement
    assert newest_october.fee_source == second.fees.source
    assert newest_october.started_at <= newest_october.finished_at
    assert [r.run_id for r in list_recon_runs(ledger, month="2026-09")] == [second.run_id + 1]


def test_a_store_without_runs_or_unknown_has_an_empty_history(ledger) -> None:  # type: ignore[no-untyped-def]
    add_orders(ledger, [order("A", 1_000)], store="shop2")
    reconcile_month(ledger, "2026-10", store="shop2")
    assert list_recon_runs(ledger, "default") == []
    assert len(list_recon_runs(ledger, "shop2")) == 1
    assert list_recon_runs(ledger, "nope") == []
