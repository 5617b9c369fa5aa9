"""Every status of the issue's rule list, the first-applies precedence, and the row contents."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from reconcile_frames import PERIOD, T, orders_frame, payments_frame

from recon_app.domain.fees import default_schedule
from recon_app.domain.reconcile import ROW_COLUMNS, reconcile_frames, summarize
from recon_app.domain.statuses import EXCEPTIONS, LABELS, NOT_EXCEPTIONS, ReconStatus, label_of

FEES = default_schedule()


def run(
    orders: list[dict[str, Any]], payments: list[dict[str, Any]], orphans: list[dict[str, Any]] = ()
) -> pd.DataFrame:  # type: ignore[assignment]
    o = orders_frame(orders)
    result = reconcile_frames(
        o, payments_frame(payments, o), payments_frame(list(orphans), None), FEES, PERIOD
    )
    return result.rows.set_index("row_key", drop=False)


def status_of(orders: list[dict[str, Any]], payments: list[dict[str, Any]]) -> str:
    rows = run(orders, payments)
    return str(rows.loc[orders[0]["order_id"], "status"])


def O(
    order_id: str = "A", amount: int = 10_000, status: str = "paid", refunded: int | None = None
) -> dict[str, Any]:
    return {"order_id": order_id, "amount": amount, "status": status, "refunded_amount": refunded}


def P(
    imp: str, amount: int = 10_000, status: str = "paid", cancel: int = 0, uid: str = "A", **kw: Any
) -> dict[str, Any]:
    return {
        "imp_uid": imp,
        "merchant_uid": uid,
        "amount": amount,
        "status": status,
        "cancel_amount": cancel,
        **kw,
    }


@pytest.mark.parametrize(
    ("order", "payments", "expected"),
    [
        # 1. duplicate: two captured payments each keep > 0
        (O(), [P("i1"), P("i2")], "duplicate_payment"),
        (O(status="awaiting_payment"), [P("i1"), P("i2")], "duplicate_payment"),  # beats 4
        (O(amount=20_000), [P("i1"), P("i2")], "duplicate_payment"),  # beats matched (diff 0)
        (
            O(),
            [P("i1"), P("i2", cancel=10_000, status="cancelled")],
            "matched",
        ),  # 2nd refunded: no dup
        # 3. nothing captured
        (O(), [P("v1", status="ready", pay_method="vbank")], "vbank_unpaid"),
        (
            O(status="partially_refunded", refunded=1_000),
            [P("v1", status="ready", pay_method="vbank")],
            "vbank_unpaid",
        ),
        (
            O(),
            [P("c1", status="ready", pay_method="card")],
            "missing_payment",
        ),  # ready card ≠ vbank
        (O(), [P("f1", status="failed")], "missing_payment"),
        (O(), [], "missing_payment"),
        (O(), [P("z", status="paid", paid_at=0)], "missing_payment"),  # paid_at 0: not captured
        (O(status="awaiting_payment"), [], "pending"),
        (O(status="awaiting_payment"), [P("v1", status="ready", pay_method="vbank")], "pending"),
        (O(status="cancelled"), [], "cancelled_unpaid"),
        (O(status="cancelled"), [P("f", status="failed")], "cancelled_unpaid"),
        # 4. awaiting but the PG kept money
        (O(status="awaiting_payment"), [P("i1")], "unconfirmed_payment"),
        (
            O(status="awaiting_payment"),
            [P("i1", cancel=10_000, status="cancelled")],
            "matched",
        ),  # kept 0
        # 5. matched
        (O(), [P("i1")], "matched"),
        (
            O(status="cancelled"),
            [P("i1", cancel=10_000, status="cancelled")],
            "matched",
        ),  # NULL refund = all
        (
            O(status="partially_refunded", refunded=3_000),
            [P("i1", cancel=3_000, status="cancelled")],
            "matched",
        ),
        (
            O("A", 30_000, "partially_refunded", 20_000),
            [P("i1", 10_000), P("i2", 20_000, cancel=20_000, status="cancelled")],
            "matched",
        ),
        (
            O(amount=30_000),
            [P("i1", 10_000), P("i2", 20_000, cancel=20_000, status="cancelled")],
            "refund_excess",
        ),
        # 6. refund_missing: shop refunded, PG did not
        (O(status="partially_refunded", refunded=3_000), [P("i1")], "refund_missing"),
        (O(status="cancelled"), [P("i1")], "refund_missing"),
        # 7. refund_excess: PG cancelled more than the shop refunded
        (O(), [P("i1", cancel=4_000, status="cancelled")], "refund_excess"),
        (
            O(status="partially_refunded", refunded=1_000),
            [P("i1", cancel=4_000, status="cancelled")],
            "refund_excess",
        ),
        # 8. anything else
        (O(), [P("i1", 9_000)], "amount_mismatch"),  # PG short, no refund involved
        (O(), [P("i1", 12_000)], "amount_mismatch"),  # PG over, no cancel involved
        (
            O(status="partially_refunded", refunded=3_000),
            [P("i1", 9_000, cancel=3_000, status="cancelled")],
            "amount_mismatch",
        ),
        (O(status="weird"), [P("i1")], "matched"),  # unknown shop status still compares money
    ],
)
def test_status_rules(order: dict[str, Any], payments: list[dict[str, Any]], expected: str) -> None:
    assert status_of([order], payments) == expected


def test_orphans_one_row_per_payment_and_duplicate_precedence() -> None:
    orphans = [
        P("o1", 5_000, uid="GHOST"),
        P("d1", 7_000, uid="TWICE"),
        P("d2", 7_000, uid="TWICE"),
        P("r1", 8_000, cancel=8_000, status="cancelled", uid="REFUNDED"),
        P("late", 1_000, uid="NEXT", paid_at=PERIOD[1]),  # next month: not in this report
        P("sib", 2_000, uid="SPLIT", paid_at=PERIOD[0] - 10),  # sibling captured last month …
        P("sib2", 2_000, uid="SPLIT"),  # … still makes this one a duplicate
    ]
    rows = run([O()], [P("i1")], orphans)
    assert rows.loc["o1", "status"] == "orphan_payment"
    assert rows.loc["o1", "order_id"] == "GHOST" and rows.loc["o1", "imp_uid"] == "o1"
    assert rows.loc[
        "o1", ["order_amount", "refunded_amount", "paid_amount", "difference"]
    ].tolist() == [0, 0, 5_000, 5_000]
    assert rows.loc["o1", "ordered_at"] == T
    assert (
        rows.loc["d1", "status"] == rows.loc["d2", "status"] == "duplicate_payment"
    )  # rule 1 first
    assert rows.loc["r1", "status"] == "orphan_payment" and rows.loc["r1", "difference"] == 0
    assert "late" not in rows.index and "sib" not in rows.index
    assert rows.loc["sib2", "status"] == "duplicate_payment"
    assert rows["is_orphan"].sum() == 5
    assert "GHOST" in rows.loc["o1", "reason"]


def test_row_money_sums_and_joined_payment_text() -> None:
    rows = run(
        [O("A", 30_000), O("B", 10_000), O("C", 10_000, status="awaiting_payment")],
        [
            P("i2", 20_000, uid="A", paid_at=T + 5, pay_method="trans", pg_provider="kcp"),
            P("i1", 10_000, uid="A", paid_at=T, cancel=10_000, status="cancelled"),
            P("b1", 10_000, uid="B"),
            P("b0", 10_000, uid="B", status="ready", pay_method="vbank"),  # not captured
        ],
    )
    a = rows.loc["A"]
    assert a["imp_uid"] == "i1,i2"  # payment time order, captured only
    assert a["pay_method"] == "card,trans" and a["pg_provider"] == "tosspayments,kcp"
    assert a["paid_amount"] == 30_000 and a["cancelled_amount"] == 10_000
    assert a["status"] == "refund_excess" and a["difference"] == -10_000
    card = FEES.compute(0, "tosspayments", "card")
    trans = FEES.compute(20_000, "kcp", "trans")
    assert a["fee"] == card.fee + trans.fee and a["fee_vat"] == card.fee_vat + trans.fee_vat
    assert a["settlement"] == card.settlement + trans.settlement
    assert a["payment_count"] == 2
    assert rows.loc["B", "imp_uid"] == "b1"
    c = rows.loc["C"]
    assert c["imp_uid"] is None and c["pg_provider"] is None and c["pay_method"] is None
    assert (c["fee"], c["fee_vat"], c["settlement"], c["paid_amount"]) == (0, 0, 0, 0)
    assert list(rows.columns) == list(ROW_COLUMNS)


def test_refunded_amount_column_is_what_was_compared() -> None:
    rows = run(
        [
            O("C", 10_000, status="cancelled"),
            O("P", 10_000, status="paid"),
            O("R", 10_000, "partially_refunded", 2_500),
        ],
        [
            P("c", uid="C", cancel=10_000, status="cancelled"),
            P("p", uid="P"),
            P("r", uid="R", cancel=2_500, status="cancelled"),
        ],
    )
    assert rows["refunded_amount"].to_dict() == {"C": 10_000, "P": 0, "R": 2_500}


def test_reasons_name_the_amounts() -> None:
    rows = run(
        [
            O("RM", 30_000, status="partially_refunded", refunded=30_000),
            O("M", 1_234_567),
            O("X", 10_000),
        ],
        [P("i", 30_000, uid="RM"), P("m", 1_234_567, uid="M"), P("x", 9_000, uid="X")],
    )
    assert (
        rows.loc["RM", "reason"]
        == "쇼핑몰 환불 30,000원 > PG 취소 0원: 환불이 PG에서 처리되지 않았습니다"
    )
    assert rows.loc["M", "reason"] == "PG 1,234,567원 = 쇼핑몰 1,234,567원"
    assert rows.loc["X", "reason"] == "PG 9,000원 ≠ 쇼핑몰 10,000원 (차이 -1,000원)"
    assert rows.loc["RM", "difference"] == 30_000


def test_every_status_has_a_label_and_exception_flag() -> None:
    assert set(LABELS) == set(ReconStatus)
    assert {
        ReconStatus.MATCHED,
        ReconStatus.PENDING,
        ReconStatus.CANCELLED_UNPAID,
    } == NOT_EXCEPTIONS
    assert set(ReconStatus) == EXCEPTIONS | NOT_EXCEPTIONS
    assert ReconStatus.REFUND_MISSING.is_exception and not ReconStatus.PENDING.is_exception
    assert label_of("refund_missing") == "환불 누락" and label_of("??") == "??"


def test_is_exception_and_summary_totals() -> None:
    o = orders_frame([O("A"), O("B", status="awaiting_payment"), O("C", 5_000)])
    p = payments_frame(
        [P("a", uid="A"), P("c", 4_000, uid="C", pay_method="trans", pg_provider="kcp")], o
    )
    res = reconcile_frames(o, p, payments_frame([P("g", 1_000, uid="G")], None), FEES, PERIOD)
    rows = res.rows.set_index("row_key", drop=False)
    assert rows["is_exception"].to_dict() == {"A": False, "B": False, "C": True, "g": True}
    s = summarize(res.rows, res.fee_lines)
    assert (s.rows, s.orders, s.orphan_payments) == (4, 3, 1)
    assert s.gross == 15_000 and s.refunds == 0 and s.kept == 15_000
    assert s.fees == int(res.fee_lines["fee"].sum()) == int(res.rows["fee"].sum())
    assert s.settlement == s.kept - s.fees - s.fee_vat
    assert s.exceptions == 2 and s.exception_amount == 1_000 + 1_000
    assert s.by_status["matched"]["count"] == 1 and s.by_status["pending"]["count"] == 1
    assert sum(x["count"] for x in s.by_pg_method) == len(res.fee_lines) == 3
    assert {(x["pg_provider"], x["pay_method"]) for x in s.by_pg_method} == {
        ("kcp", "trans"),
        ("tosspayments", "card"),
    }


def test_empty_month() -> None:
    o = orders_frame([])
    res = reconcile_frames(o, payments_frame([], o), payments_frame([], None), FEES, PERIOD)
    assert len(res.rows) == 0 and len(res.fee_lines) == 0
    assert list(res.rows.columns) == list(ROW_COLUMNS)
    s = summarize(res.rows, res.fee_lines)
    assert s.rows == 0 and s.exceptions == 0 and s.by_status == {}


def test_cancel_before_payment_with_an_explicit_zero_refund_has_no_difference() -> None:
    """Cafe24 '실제 환불금액 0' / Shopify 'Refunded Amount 0.00' on an order cancelled before payment:
    nothing captured and nothing owed is no difference (it read −22,000 before)."""
    rows = run(
        [
            O("Z", 22_000, "cancelled", refunded=0),  # explicit 0, nothing captured
            O("N", 22_000, "cancelled"),  # no refund value, nothing captured
            O("OWED", 30_000, "cancelled", refunded=0),  # 0 refunded yet, but the PG captured
        ],
        [P("owed", 30_000, uid="OWED")],
    )
    z, n, owed = rows.loc["Z"], rows.loc["N"], rows.loc["OWED"]
    assert (z["status"], z["difference"], z["refunded_amount"]) == ("cancelled_unpaid", 0, 0)
    assert (n["status"], n["difference"]) == ("cancelled_unpaid", 0)
    # PG kept 30,000; the shop owes all 30,000 back: the refund is missing, not "matched".
    assert (owed["status"], owed["difference"], owed["refunded_amount"]) == (
        "refund_missing",
        30_000,
        30_000,
    )
