"""reconcile_month against a real ledger file: periods, stores, fees source, resolutions,
detail view, and a randomised ledger checked against a plain per-row version of the rules."""

from __future__ import annotations

import json
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from ledger_builders import IN_MONTH, add_cancels, add_orders, add_payments, kst, order, payment
from sqlalchemy import select

from recon_app.domain.errors import InputError
from recon_app.domain.fees import FeeRule, FeeSchedule, default_schedule
from recon_app.services.fee_rules import (
    SAVED_SOURCE,
    load_fee_schedule,
    reset_fee_schedule,
    save_fee_schedule,
)
from recon_app.services.reconciling import explain_row, reconcile_month
from recon_app.services.resolutions import list_resolutions, resolve_exception, undo_resolution
from recon_app.storage.tables import recon_runs

MONTH = "2026-10"


def by_key(result: Any) -> dict[str, dict[str, Any]]:
    return {r["row_key"]: r for r in result.rows.to_dict("records")}


def test_every_status_from_the_ledger(ledger) -> None:  # type: ignore[no-untyped-def]
    add_orders(
        ledger,
        [
            order("M", 10_000),
            order("DUP", 10_000, "awaiting_payment"),
            order("VB", 20_000),
            order("MISS", 5_000),
            order("PEND", 7_000, "awaiting_payment"),
            order("CU", 3_000, "cancelled"),
            order("UNC", 8_000, "awaiting_payment"),
            order("RM", 30_000, "partially_refunded", refunded_amount=30_000),
            order("RE", 10_000),
            order("AM", 10_000),
        ],
    )
    add_payments(
        ledger,
        [
            payment("m", "M", 10_000),
            payment("d1", "DUP", 10_000),
            payment("d2", "DUP", 10_000),
            payment("vb", "VB", 20_000, "ready", pay_method="vbank"),
            payment("unc", "UNC", 8_000),
            payment("rm", "RM", 30_000),
            payment("re", "RE", 10_000, "cancelled", cancel_amount=4_000),
            payment("am", "AM", 9_000),
            payment("g1", "GHOST", 5_000),
            payment("t1", "TWICE", 5_000),
            payment("t2", "TWICE", 5_000),
        ],
    )
    result = reconcile_month(ledger, MONTH)
    status = {k: r["status"] for k, r in by_key(result).items()}
    assert status == {
        "M": "matched",
        "DUP": "duplicate_payment",
        "VB": "vbank_unpaid",
        "MISS": "missing_payment",
        "PEND": "pending",
        "CU": "cancelled_unpaid",
        "UNC": "unconfirmed_payment",
        "RM": "refund_missing",
        "RE": "refund_excess",
        "AM": "amount_mismatch",
        "g1": "orphan_payment",
        "t1": "duplicate_payment",
        "t2": "duplicate_payment",
    }
    rm = by_key(result)["RM"]
    assert rm["reason"] == "쇼핑몰 환불 30,000원 > PG 취소 0원: 환불이 PG에서 처리되지 않았습니다"
    assert result.summary.exceptions == 10
    assert result.run_id is not None
    with ledger.read() as conn:
        run = conn.execute(select(recon_runs)).mappings().one()
    assert run["month"] == MONTH and run["row_count"] == 13 and run["exception_count"] == 10
    assert json.loads(run["summary_json"])["by_status"]["matched"]["count"] == 1
    lines = "\n".join(result.summary_lines())
    assert "환불 누락" in lines and "확인할 예외 10건" in lines and "정산 예정액" in lines


def test_month_is_kst_and_orphans_by_paid_at(ledger) -> None:  # type: ignore[no-untyped-def]
    add_orders(
        ledger,
        [
            order("SEP", 1_000, ordered_at=kst("2026-09-30 23:59:59")),
            order("OCT1", 1_000, ordered_at=kst("2026-10-01 00:00:00")),
            order("OCT31", 1_000, ordered_at=kst("2026-10-31 23:59:59")),
            order("NOV", 1_000, ordered_at=kst("2026-11-01 00:00:00")),
        ],
    )
    add_payments(
        ledger,
        [
            payment(
                "p-sep", "SEP", 1_000, paid_at=kst("2026-10-01 09:00")
            ),  # order in Sept: not orphan
            payment(
                "p-oct31", "OCT31", 1_000, paid_at=kst("2026-11-01 10:00")
            ),  # paid next month: still Oct's
            payment("g-oct", "GHOST", 1_000, paid_at=kst("2026-10-31 23:59:59")),
            payment("g-nov", "GHOST2", 1_000, paid_at=kst("2026-11-01 00:00:00")),
        ],
    )
    rows = by_key(reconcile_month(ledger, MONTH))
    assert set(rows) == {"OCT1", "OCT31", "g-oct"}
    assert rows["OCT31"]["status"] == "matched"
    assert rows["OCT1"]["status"] == "missing_payment"


def test_stores_are_separate(ledger) -> None:  # type: ignore[no-untyped-def]
    add_orders(ledger, [order("A", 1_000)], store="shop2")
    add_payments(ledger, [payment("a", "A", 1_000)], store="default")
    assert by_key(reconcile_month(ledger, MONTH, store="shop2"))["A"]["status"] == "missing_payment"
    assert by_key(reconcile_month(ledger, MONTH))["a"]["status"] == "orphan_payment"
    with pytest.raises(InputError, match="nope"):
        reconcile_month(ledger, MONTH, store="nope")


def test_empty_ledger_and_bad_month(ledger) -> None:  # type: ignore[no-untyped-def]
    result = reconcile_month(ledger, MONTH)
    assert len(result.rows) == 0 and result.summary.exceptions == 0 and result.run_id is None
    for bad in ("2026-13", "2026/10", "oct"):
        with pytest.raises(InputError, match="YYYY-MM"):
            reconcile_month(ledger, bad)


def test_fees_from_ledger_else_default_else_explicit(ledger) -> None:  # type: ignore[no-untyped-def]
    add_orders(ledger, [order("A", 100_000)])
    add_payments(ledger, [payment("a", "A", 100_000)])
    assert by_key(reconcile_month(ledger, MONTH))["A"]["fee"] == 3_200  # shipped default
    saved = FeeSchedule(rules=(FeeRule(rate=Decimal("0.01"), flat=50),), vat_rate=Decimal("0"))
    save_fee_schedule(ledger, saved)
    loaded = load_fee_schedule(ledger)
    assert (
        loaded.rules == saved.rules
        and loaded.vat_rate == Decimal("0")
        and loaded.source == SAVED_SOURCE
    )
    result = reconcile_month(ledger, MONTH)
    assert (by_key(result)["A"]["fee"], by_key(result)["A"]["fee_vat"]) == (1_050, 0)
    assert result.fees.source == SAVED_SOURCE
    explicit = FeeSchedule(rules=(FeeRule(rate=Decimal("0.02")),), source="my.toml")
    assert by_key(reconcile_month(ledger, MONTH, fees=explicit))["A"]["fee"] == 2_000
    reset_fee_schedule(ledger)
    assert load_fee_schedule(ledger).rules == default_schedule().rules


def test_fee_rules_round_trip_every_field(ledger) -> None:  # type: ignore[no-untyped-def]
    from recon_app.domain.money import Rounding

    schedule = FeeSchedule(
        rules=(
            FeeRule(rate=Decimal("0.0325")),
            FeeRule(
                pg="kcp",
                method="card",
                rate=Decimal("0.021"),
                min=100,
                flat=7,
                vat_rate=Decimal("0.05"),
                rounding=Rounding.FLOOR,
            ),
            FeeRule(method="vbank", flat=300),
        ),
        vat_rate=Decimal("0.1"),
        rounding=Rounding.FLOOR,
    )
    save_fee_schedule(ledger, schedule)
    save_fee_schedule(ledger, schedule)  # replacing, not appending
    again = load_fee_schedule(ledger)
    assert again.rules == schedule.rules
    assert (again.vat_rate, again.rounding) == (schedule.vat_rate, schedule.rounding)


def test_resolutions_leave_the_count_but_stay_in_rows(ledger) -> None:  # type: ignore[no-untyped-def]
    add_orders(ledger, [order("RM", 10_000, "cancelled"), order("AM", 10_000)])
    add_payments(ledger, [payment("rm", "RM", 10_000), payment("am", "AM", 9_000)])
    before = reconcile_month(ledger, MONTH)
    assert before.summary.exceptions == 2
    rid = resolve_exception(
        ledger, "default", "RM", "refund_missing", "계좌이체로 환불함", "김대리"
    )
    after = reconcile_month(ledger, MONTH)
    rows = by_key(after)
    assert after.summary.exceptions == 1 and after.summary.resolved == 1
    assert after.summary.exception_amount == 1_000
    assert rows["RM"]["resolved"] and "계좌이체로 환불함" in rows["RM"]["resolution_note"]
    assert rows["RM"]["is_exception"] and not rows["AM"]["resolved"]
    undo_resolution(ledger, rid)
    assert reconcile_month(ledger, MONTH).summary.exceptions == 2
    assert [r["active"] for r in list_resolutions(ledger)] == [False]
    with pytest.raises(InputError, match="이미 취소"):
        undo_resolution(ledger, rid)
    with pytest.raises(InputError, match="없습니다"):
        undo_resolution(ledger, 999)
    with pytest.raises(InputError, match="예외가 아니"):
        resolve_exception(ledger, "default", "X", "matched", "note", "me")
    with pytest.raises(InputError, match="메모"):
        resolve_exception(ledger, "default", "AM", "amount_mismatch", " ", "me")
    # a resolution is for one status: if the row's status changes, it counts again
    resolve_exception(ledger, "default", "AM", "refund_missing", "wrong status", "me")
    assert reconcile_month(ledger, MONTH).summary.exceptions == 2


def test_explain_row_with_cancel_history(ledger) -> None:  # type: ignore[no-untyped-def]
    add_orders(ledger, [order("A", 30_000, "partially_refunded", refunded_amount=10_000)])
    add_payments(
        ledger,
        [
            payment("a1", "A", 30_000, "cancelled", cancel_amount=10_000),
            payment("a0", "A", 30_000, "failed", paid_at=0),
            payment("g", "GHOST", 2_000),
        ],
    )
    add_cancels(
        ledger,
        [
            {
                "imp_uid": "a1",
                "seq": 0,
                "amount": 4_000,
                "cancelled_at": IN_MONTH + 10,
                "reason": "부분취소",
            },
            {
                "imp_uid": "a1",
                "seq": 1,
                "amount": 6_000,
                "cancelled_at": IN_MONTH + 20,
                "reason": "추가취소",
            },
        ],
    )
    result = reconcile_month(ledger, MONTH)
    detail = explain_row(ledger, result, "A")
    assert detail.row["status"] == "matched" and detail.status_label == "일치"
    assert detail.order is not None and detail.order["amount"] == 30_000
    assert [p["imp_uid"] for p in detail.payments] == ["a0", "a1"]
    a1 = detail.payments[1]
    assert [c["amount"] for c in a1["cancels"]] == [4_000, 6_000]
    assert a1["fee"].fee == detail.row["fee"] and detail.payments[0]["fee"] is None
    assert any("20,000" in step for step in detail.fee_steps)
    orphan = explain_row(ledger, result, "g")
    assert orphan.order is None and [p["imp_uid"] for p in orphan.payments] == ["g"]
    with pytest.raises(InputError):
        explain_row(ledger, result, "nope")


# -- randomised: the vectorised engine equals the rules written out plainly ---------------------------
def plain_status(o: dict[str, Any] | None, pays: list[dict[str, Any]]) -> tuple[str, int]:
    captured = [p for p in pays if p["paid_at"] > 0 and p["status"] in ("paid", "cancelled")]
    kept = [p["amount"] - p["cancel_amount"] for p in captured]
    pg_kept, pg_cancelled = sum(kept), sum(p["cancel_amount"] for p in captured)
    if o is None:  # an orphan payment's group
        return ("duplicate_payment" if sum(k > 0 for k in kept) >= 2 else "orphan_payment"), 0
    cancelled = o["status"] == "cancelled"
    if o["refunded_amount"] is None or (cancelled and o["refunded_amount"] == 0 and captured):
        # no refund value, or "refunded 0" on a cancelled order the PG did capture (still owed)
        shop_refunded = o["amount"] if cancelled else 0
    else:
        shop_refunded = o["refunded_amount"]
    if o["status"] == "awaiting_payment" or (cancelled and o["refunded_amount"] == 0):
        shop_kept = 0  # waiting for payment, or cancelled with nothing paid and nothing owed
    else:
        shop_kept = o["amount"] - shop_refunded
    diff = pg_kept - shop_kept
    if sum(k > 0 for k in kept) >= 2:
        return "duplicate_payment", diff
    if not captured:
        if o["status"] in ("paid", "partially_refunded"):
            vbank = any(p["status"] == "ready" and p["pay_method"] == "vbank" for p in pays)
            return ("vbank_unpaid" if vbank else "missing_payment"), diff
        if o["status"] == "awaiting_payment":
            return "pending", diff
        if o["status"] == "cancelled":
            return "cancelled_unpaid", diff
    if o["status"] == "awaiting_payment" and pg_kept > 0:
        return "unconfirmed_payment", diff
    if diff == 0:
        return "matched", diff
    if diff > 0 and shop_refunded > pg_cancelled:
        return "refund_missing", diff
    if diff < 0 and pg_cancelled > shop_refunded:
        return "refund_excess", diff
    return "amount_mismatch", diff


def won_half_up(amount: Decimal) -> int:
    """The oracle's rounding: Decimal's own ROUND_HALF_UP to whole won (not the app's code)."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def plain_fee(kept: int, rate: Decimal, minimum: int, flat: int) -> int:
    return max(won_half_up(kept * rate), minimum if kept > 0 else 0) + flat


def plain_vat(fee: int) -> int:
    return won_half_up(fee * Decimal("0.1"))  # 10 % VAT on the fee


# the shipped rules, written out: method → (rate, min, flat)
PLAIN_RULES = {
    "card": (Decimal("0.032"), 0, 0),
    "vbank": (Decimal(0), 0, 300),
    "trans": (Decimal("0.018"), 200, 0),
    "phone": (Decimal("0.035"), 0, 0),
}
CARD_RULE = PLAIN_RULES["card"]  # a method the schedule does not name pays the card rate


def test_plain_oracle_rounds_half_up_on_hand_computed_values() -> None:
    assert plain_fee(15_625, *PLAIN_RULES["card"]) == 500  # 500.000
    assert plain_fee(1_016, *PLAIN_RULES["card"]) == 33  # 32.512 -> 33
    assert plain_fee(1_015, *PLAIN_RULES["card"]) == 32  # 32.48 -> 32
    assert plain_fee(100, *PLAIN_RULES["phone"]) == 4  # 3.5 -> 4: a tie goes up
    assert plain_fee(25, *PLAIN_RULES["trans"]) == 200  # 0.45 -> 0, the minimum applies
    assert plain_fee(0, *PLAIN_RULES["trans"]) == 0  # nothing kept, no minimum
    assert plain_fee(1_000, *PLAIN_RULES["vbank"]) == 300
    assert (plain_vat(35), plain_vat(34), plain_vat(300)) == (4, 3, 30)  # 3.5 -> 4, 3.4 -> 3


def test_randomised_ledger_equals_plain_rules(ledger) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(20261)
    orders_, payments_ = [], []
    statuses = ["paid", "awaiting_payment", "cancelled", "partially_refunded"]
    for i in range(3_000):
        amount = rng.choice([0, 1_000, 9_900, 10_000, 33_333, 250_000])
        refunded = rng.choice([None, None, 0, amount // 2, amount])
        month = rng.choice(["2026-10-05", "2026-10-20", "2026-09-30", "2026-11-01"])
        orders_.append(
            order(
                f"O{i}",
                amount,
                rng.choice(statuses),
                refunded_amount=refunded,
                ordered_at=kst(month),
            )
        )
    for j in range(3_600):
        uid = f"O{rng.randrange(3_300)}" if rng.random() < 0.97 else f"G{rng.randrange(40)}"
        amount = rng.choice([1_000, 9_900, 10_000, 33_333, 250_000])
        status = rng.choice(["paid", "paid", "paid", "cancelled", "ready", "failed"])
        cancel = rng.choice([0, amount // 3, amount]) if status == "cancelled" else 0
        paid_at = (
            kst(rng.choice(["2026-10-06", "2026-11-02", "2026-09-29"]))
            if status in ("paid", "cancelled")
            else 0
        )
        if rng.random() < 0.02:
            paid_at = 0  # paid status without a capture time: not captured
        payments_.append(
            payment(
                f"P{j}",
                uid,
                amount,
                status,
                cancel_amount=cancel,
                paid_at=paid_at,
                pay_method=rng.choice(["card", "vbank", "trans", "phone", "point", None]),
            )
        )
    add_orders(ledger, orders_)
    add_payments(ledger, payments_)
    result = reconcile_month(ledger, MONTH)
    got = by_key(result)

    start, end = kst("2026-10-01"), kst("2026-11-01")
    known = {o["order_id"] for o in orders_}
    pays_of: dict[str, list[dict[str, Any]]] = {}
    for p in payments_:
        pays_of.setdefault(p["merchant_uid"], []).append(p)
    expected: dict[str, tuple[str, int, int, int]] = {}
    for o in orders_:
        if start <= o["ordered_at"] < end:
            pays = pays_of.get(o["order_id"], [])
            status, diff = plain_status(o, pays)
            fee = vat = 0
            for p in pays:
                if p["paid_at"] > 0 and p["status"] in ("paid", "cancelled"):
                    f = plain_fee(
                        p["amount"] - p["cancel_amount"],
                        *PLAIN_RULES.get(p["pay_method"], CARD_RULE),
                    )
                    fee += f
                    vat += plain_vat(f)
            expected[o["order_id"]] = (status, diff, fee, vat)
    for uid, pays in pays_of.items():
        if uid in known:
            continue
        status, _ = plain_status(None, pays)
        for p in pays:
            if (
                p["paid_at"] > 0
                and p["status"] in ("paid", "cancelled")
                and start <= p["paid_at"] < end
            ):
                kept = p["amount"] - p["cancel_amount"]
                f = plain_fee(kept, *PLAIN_RULES.get(p["pay_method"], CARD_RULE))
                expected[p["imp_uid"]] = (status, kept, f, plain_vat(f))
    actual = {k: (r["status"], r["difference"], r["fee"], r["fee_vat"]) for k, r in got.items()}
    assert actual == expected
    assert len({s for s, *_ in expected.values()}) >= 9  # the data really exercises the rules


def test_column_load_equals_row_by_row_sql(ledger) -> None:  # type: ignore[no-untyped-def]
    """The month load (column-wise text aggregates, candidate-only orphan check) gives exactly
    what plain row-by-row SQL gives — including text holding the separator (that window falls
    back to rows), NULL vs '' text, orders of other months and orphan groups across months."""
    from recon_app.storage import recon_repo
    from recon_app.storage.stores import store_id

    sep = "\x1f"
    add_orders(
        ledger,
        [
            order("A", 10_000, buyer_name=None),
            order("B", 5_000, "cancelled", buyer_name=""),
            order(f"C{sep}x", 7_000, buyer_name=f"김{sep}철수", ordered_at=kst("2026-10-30 10:00")),
            order("OLD", 3_000, ordered_at=kst("2026-09-10")),
            order(
                "D",
                1_000,
                "partially_refunded",
                refunded_amount=0,
                ordered_at=kst("2026-10-01 00:00"),
            ),
        ],
    )
    add_payments(
        ledger,
        [
            payment("a1", "A", 10_000, pg_provider=None),
            payment("a2", "A", 10_000, "ready", pay_method=None),
            payment("b1", "B", 5_000, "cancelled", cancel_amount=5_000, pay_method=""),
            payment("c1", f"C{sep}x", 7_000, buyer_name=None),
            payment(
                "old", "OLD", 3_000
            ),  # captured in the month, order of another month: no orphan
            payment("g1", "G", 2_000, paid_at=kst("2026-09-20")),
            payment("g2", "G", 2_000),
            payment("h1", "H", 4_000, "cancelled", cancel_amount=4_000, pg_provider=None),
            payment("late", "A", 1_000, paid_at=kst("2026-12-01")),
            # paid_at in the month but not captured: never an orphan, nor part of G's group
            payment("f1", "F", 1_000, "failed", paid_at=IN_MONTH),
            payment("g3", "G", 2_000, "ready", paid_at=IN_MONTH),
        ],
    )
    start, end = kst("2026-10-01"), kst("2026-11-01")
    with ledger.read() as conn:
        sid = store_id(conn, "default", create=False)
        orders_, pays, orphans = recon_repo.load_month(conn, sid, start, end)
        dbapi = conn.connection.driver_connection
        plain_orders = dbapi.execute(
            "SELECT id, order_id, ordered_at, amount, status, refunded_amount IS NULL, "
            "COALESCE(refunded_amount, 0), buyer_name FROM orders "
            "WHERE store_id = ? AND ordered_at >= ? AND ordered_at < ? ORDER BY id",
            (sid, start, end),
        ).fetchall()
        plain_pays = dbapi.execute(
            "SELECT o.id, p.imp_uid, p.merchant_uid, p.status, p.pay_method, p.pg_provider, p.amount, "
            "p.cancel_amount, p.paid_at FROM orders o JOIN payments p ON p.store_id = o.store_id "
            "AND p.merchant_uid = o.order_id WHERE o.store_id = ? AND o.ordered_at >= ? AND o.ordered_at < ? "
            "ORDER BY p.imp_uid",
            (sid, start, end),
        ).fetchall()
        plain_orphans = dbapi.execute(
            "SELECT imp_uid, merchant_uid, status, pay_method, pg_provider, amount, cancel_amount, paid_at, "
            "buyer_name FROM payments p WHERE store_id = ? AND paid_at > 0 AND status IN ('paid', 'cancelled') "
            "AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.store_id = p.store_id AND o.order_id = p.merchant_uid) "
            "ORDER BY paid_at, id",
            (sid,),
        ).fetchall()
    got_orders = sorted(orders_.itertuples(index=False, name=None))
    assert [tuple(bool(v) if i == 5 else v for i, v in enumerate(r)) for r in got_orders] == [
        tuple(bool(v) if i == 5 else v for i, v in enumerate(r)) for r in plain_orders
    ]
    got_pays = sorted(
        pays[["order_row", *recon_repo.PAYMENT_COLUMNS[:-1]]].itertuples(index=False, name=None),
        key=lambda r: r[1],
    )
    assert got_pays == plain_pays
    assert (
        list(orphans[list(recon_repo.PAYMENT_COLUMNS)].itertuples(index=False, name=None))
        == plain_orphans
    )
    assert set(orphans["merchant_uid"]) == {"G", "H"}  # G's September sibling included
    result = reconcile_month(ledger, MONTH)
    rows = by_key(result)
    assert (
        rows[f"C{sep}x"]["status"] == "matched" and rows[f"C{sep}x"]["buyer_name"] == f"김{sep}철수"
    )
    assert rows["A"]["buyer_name"] is None and rows["B"]["buyer_name"] == ""
    assert rows["g2"]["status"] == "duplicate_payment" and "g1" not in rows
