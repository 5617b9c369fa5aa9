"""Payout forecast (issue 13): business days, payout rules, per-record payout amounts.

Every expected date and amount below is worked out by hand from the calendar (holidays named in
the comments) and the shipped card rule (3.2%, fee VAT 10%, half up)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from recon_app.domain.business_days import BusinessCalendar
from recon_app.domain.errors import InputError
from recon_app.domain.fees import FeeRule, FeeSchedule, schedule_from_dict, schedule_to_toml
from recon_app.domain.payouts import (
    PayoutRule,
    PayoutSchedule,
    apply_reported,
    carry_forward,
    expected_payouts,
    forecast_records,
    reported_from_settlements,
)
from recon_app.domain.timeutil import KST

CARD_FEES = FeeSchedule(rules=(FeeRule(rate=Decimal("0.032")),), vat_rate=Decimal("0.10"))


def settle(kept, pg, method):
    fee, vat = CARD_FEES.compute_columns(kept, pg, method)
    return np.asarray(kept, dtype=np.int64) - fee - vat


def ts(y, m, d, hh=12, mm=0) -> int:
    return int(datetime(y, m, d, hh, mm, tzinfo=KST).timestamp())


def payments(*rows) -> pd.DataFrame:
    cols = ("imp_uid", "pg_provider", "pay_method", "amount", "cancel_amount", "paid_at")
    frame = pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=list(cols))
    frame["merchant_uid"] = "o-" + frame["imp_uid"]
    frame["cancelled_at"] = 0
    return frame


def cancels(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["imp_uid", "amount", "cancelled_at"])


def day(text: str) -> np.datetime64:
    return np.datetime64(text, "D")


def forecast(rules, pays, cans=None, closed=()):
    schedule = PayoutSchedule(rules=tuple(rules), closed_days=tuple(closed))
    return forecast_records(pays, cans if cans is not None else cancels(), settle, schedule)


D2 = PayoutRule(days=2)


# -- business days ------------------------------------------------------------------------------
def test_sale_before_chuseok_2025_skips_the_holidays_and_the_substitute_day():
    # 2025-10-02 Thu sale, D+2. Closed: 10-03 개천절, 10-04/05 weekend (10-05 추석 전날),
    # 10-06 추석, 10-07 추석 다음날, 10-08 추석 대체 휴일, 10-09 한글날.
    # D+1 = Fri 10-10, D+2 = Mon 10-13.
    recs = forecast([D2], payments(("a", "kcp", "card", 10_000, 0, ts(2025, 10, 2))))
    assert recs["payout_date"].tolist() == [pd.Timestamp("2025-10-13")]


def test_sale_before_seollal_2027_skips_its_substitute_tuesday():
    # 설 2027: 02-06 Sat, 02-07 Sun, 02-08 Mon, substitute 02-09 Tue. Fri 02-05 sale, D+1 = Wed 02-10.
    recs = forecast([PayoutRule(days=1)], payments(("a", "kcp", "card", 10_000, 0, ts(2027, 2, 5))))
    assert recs["payout_date"].tolist() == [pd.Timestamp("2027-02-10")]


def test_friday_sale_is_paid_after_the_weekend_and_the_sale_date_is_kst():
    # Fri 2026-11-27 08:00 KST is still Thursday in UTC; in KST it is Friday: D+1 Mon 11-30,
    # D+2 Tue 12-01 (a UTC date would give Mon 11-30).
    recs = forecast([D2], payments(("a", "kcp", "card", 10_000, 0, ts(2026, 11, 27, 8))))
    assert recs["sale_date"].tolist() == [pd.Timestamp("2026-11-27")]
    assert recs["payout_date"].tolist() == [pd.Timestamp("2026-12-01")]


def test_saturday_sale_counts_from_the_friday_before():
    # Sat 2026-11-28: D+1 is Mon 11-30 (the weekend is not counted twice).
    recs = forecast(
        [PayoutRule(days=1)], payments(("a", "kcp", "card", 10_000, 0, ts(2026, 11, 28)))
    )
    assert recs["payout_date"].tolist() == [pd.Timestamp("2026-11-30")]


def test_closed_days_from_the_contract_are_not_business_days():
    # Tue 2026-12-29 + 2: Wed 12-30 (D+1), 12-31 closed by contract, 2027-01-01 신정,
    # weekend → Mon 2027-01-04.
    recs = forecast(
        [D2],
        payments(("a", "kcp", "card", 10_000, 0, ts(2026, 12, 29))),
        closed=[date(2026, 12, 31)],
    )
    assert recs["payout_date"].tolist() == [pd.Timestamp("2027-01-04")]


def test_labour_day_and_election_day_are_closed():
    cal = BusinessCalendar()
    assert not cal.is_business_day(date(2026, 5, 1))  # 근로자의날 (BANK category), a Friday
    assert not cal.is_business_day(date(2026, 6, 3))  # 지방선거, a Wednesday
    assert cal.is_business_day(date(2026, 6, 2))


# -- weekly cycle -------------------------------------------------------------------------------
def test_weekly_cycle_pays_on_the_first_friday_on_or_after_d_plus_days():
    weekly = PayoutRule(pg="kcp", days=3, weekday=4)
    recs = forecast(
        [weekly, D2],
        payments(
            ("mon", "kcp", "card", 10_000, 0, ts(2026, 11, 2)),  # D+3 Thu 11-05 → Fri 11-06
            ("wed", "kcp", "card", 10_000, 0, ts(2026, 11, 4)),  # D+3 Mon 11-09 → Fri 11-13
            # D+3 Tue 12-22 → Fri 12-25 is Christmas → the next business day, Mon 12-28
            ("thu", "kcp", "card", 10_000, 0, ts(2026, 12, 17)),
            ("ini", "html5_inicis", "card", 10_000, 0, ts(2026, 11, 2)),  # daily D+2: Wed 11-04
        ),
    )
    assert recs["payout_date"].tolist() == [
        pd.Timestamp("2026-11-06"),
        pd.Timestamp("2026-11-13"),
        pd.Timestamp("2026-12-28"),
        pd.Timestamp("2026-11-04"),
    ]


def test_most_specific_rule_wins_and_without_catch_all_there_is_no_forecast():
    rules = [PayoutRule(pg="kcp", days=1), PayoutRule(pg="kcp", method="vbank", days=3)]
    recs = forecast(
        rules,
        payments(
            ("card", "kcp", "card", 10_000, 0, ts(2026, 11, 2)),  # pg rule: D+1 Tue 11-03
            ("vb", "kcp", "vbank", 10_000, 0, ts(2026, 11, 2)),  # pg+method: D+3 Thu 11-05
            ("other", "nice_v2", "card", 10_000, 0, ts(2026, 11, 2)),  # no rule
        ),
    )
    dates = recs["payout_date"].tolist()
    assert dates[:2] == [pd.Timestamp("2026-11-03"), pd.Timestamp("2026-11-05")]
    assert pd.isna(dates[2])
    assert len(expected_payouts(recs)) == 2


# -- amounts and netting -------------------------------------------------------------------------
def test_cancel_is_netted_into_the_payout_of_its_own_sale_date():
    # Mon 11-02: approval 100,000 → fee 3,200 + VAT 320 → 96,480, paid Wed 11-04.
    # Tue 11-03: cancel 30,000 of it: kept 70,000 → settlement 70,000 − 2,240 − 224 = 67,536;
    #   the cancel's record = 67,536 − 96,480 = −28,944, paid Thu 11-05;
    # Tue 11-03: another approval 50,000 → 50,000 − 1,600 − 160 = 48,240, paid Thu 11-05.
    # Thu 11-05 group: 48,240 − 28,944 = 19,296.
    pays = payments(
        ("a", "kcp", "card", 100_000, 30_000, ts(2026, 11, 2)),
        ("b", "kcp", "card", 50_000, 0, ts(2026, 11, 3)),
    )
    recs = forecast([D2], pays, cancels(("a", 30_000, ts(2026, 11, 3, 15))))
    cancel = recs.loc[recs["kind"] == "cancel"].iloc[0]
    assert cancel["amount"] == -30_000
    assert cancel["payout_amount"] == -28_944
    assert cancel["payout_date"] == pd.Timestamp("2026-11-05")
    groups = expected_payouts(recs)
    assert groups[["payout_date", "expected_amount", "payments"]].values.tolist() == [
        [pd.Timestamp("2026-11-04"), 96_480, 1],
        [pd.Timestamp("2026-11-05"), 19_296, 2],
    ]


def test_two_partial_cancels_add_up_to_the_final_settlement():
    # 100,000 then cancels of 30,000 and 20,000: kept 50,000 → 50,000 − 1,600 − 160 = 48,240.
    # The records: 96,480, then 67,536 − 96,480 = −28,944, then 48,240 − 67,536 = −19,296.
    pays = payments(("a", "kcp", "card", 100_000, 50_000, ts(2026, 11, 2)))
    recs = forecast(
        [D2],
        pays,
        cancels(("a", 20_000, ts(2026, 11, 5)), ("a", 30_000, ts(2026, 11, 3))),
    )
    assert recs["payout_amount"].tolist() == [96_480, -28_944, -19_296]
    assert int(recs["payout_amount"].sum()) == 48_240


def test_cancel_amount_without_history_becomes_one_cancel_record_at_cancelled_at():
    pays = payments(("a", "kcp", "card", 100_000, 100_000, ts(2026, 11, 2)))
    pays["cancelled_at"] = ts(2026, 11, 6)  # Fri → D+2 Tue 11-10
    recs = forecast([D2], pays)
    cancel = recs.loc[recs["kind"] == "cancel"].iloc[0]
    assert (cancel["amount"], cancel["payout_amount"]) == (-100_000, -96_480)
    assert cancel["payout_date"] == pd.Timestamp("2026-11-10")


def test_pg_reported_records_replace_the_forecast_of_their_payment():
    pays = payments(
        ("a", "kcp", "card", 100_000, 0, ts(2026, 9, 23)),
        ("b", "kcp", "card", 50_000, 0, ts(2026, 9, 23)),
    )
    recs = forecast([D2], pays)  # 09-23 Wed + 2 across 추석 (09-24..26) → Tue 09-29
    reported = pd.DataFrame(
        {
            "imp_uid": ["a"],
            "merchant_uid": ["o-a"],
            "kind": ["approval"],
            "pg": ["kcp"],
            "method": ["card"],
            "sale_date": [day("2026-09-23")],
            "amount": [100_000],
            "payout_amount": [96_700],  # the PG's own figure
            "payout_date": [day("2026-09-23")],  # paid early before 추석
        }
    )
    merged = apply_reported(recs, reported)
    groups = expected_payouts(merged)
    assert groups[["payout_date", "expected_amount", "source"]].values.tolist() == [
        [pd.Timestamp("2026-09-23"), 96_700, "settlement"],
        [pd.Timestamp("2026-09-29"), 48_240, "forecast"],
    ]


# -- the fee file ---------------------------------------------------------------------------------
def test_fee_file_reads_payout_rules_and_closed_days_even_after_a_table():
    import tomllib

    text = """
[[rule]]
rate = "0.032"
[[payout]]
pg = "html5_inicis"
method = "card"
days = 2
[[payout]]
days = 3
weekday = "fri"
closed_days = ["2026-12-31"]
"""
    schedule = schedule_from_dict(tomllib.loads(text), source="fees.toml")
    assert schedule.payouts.rules == (
        PayoutRule(pg="html5_inicis", method="card", days=2),
        PayoutRule(days=3, weekday=4),
    )
    assert schedule.payouts.closed_days == (date(2026, 12, 31),)
    again = schedule_from_dict(tomllib.loads(schedule_to_toml(schedule)), source="again")
    assert again.payouts == schedule.payouts


@pytest.mark.parametrize(
    ("payout", "message"),
    [
        ({"days": -1}, "days는 0~60"),
        ({"pg": "kcp"}, "days(지급까지 영업일 수)가 없습니다"),
        ({"days": 2, "weekday": "friday!"}, "weekday 'friday!'"),
        ({"days": 2, "cycle": "weekly"}, "알 수 없는 키 cycle"),
    ],
)
def test_bad_payout_rule_names_the_file_the_table_and_the_key(payout, message):
    with pytest.raises(InputError) as err:
        schedule_from_dict({"rule": [{"rate": "0.03"}], "payout": [payout]}, source="f.toml")
    assert "f.toml: 1번째 [[payout]]" in str(err.value)
    assert message in str(err.value)


def test_bad_closed_day_is_named():
    with pytest.raises(InputError, match="closed_days의 '12/31'"):
        schedule_from_dict({"rule": [{"rate": "0.03"}], "closed_days": ["12/31"]}, source="f")


def test_a_day_whose_cancels_outweigh_its_sales_is_netted_into_the_next_payout():
    # Mon 11-02: a 100,000 → 96,480 (Wed 11-04).
    # Tue 11-03: a fully cancelled → settlement 0 − 96,480 = −96,480, and b 10,000 → 9,648:
    #   Thu 11-05 would be −86,832: nothing arrives; it moves to the next kcp payout.
    # Wed 11-04: c 200,000 → 192,960 (Fri 11-06): 192,960 − 86,832 = 106,128.
    pays = payments(
        ("a", "kcp", "card", 100_000, 100_000, ts(2026, 11, 2)),
        ("b", "kcp", "card", 10_000, 0, ts(2026, 11, 3)),
        ("c", "kcp", "card", 200_000, 0, ts(2026, 11, 4)),
    )
    recs = carry_forward(forecast([D2], pays, cancels(("a", 100_000, ts(2026, 11, 3)))))
    groups = expected_payouts(recs)
    assert groups[["payout_date", "expected_amount", "payments"]].values.tolist() == [
        [pd.Timestamp("2026-11-04"), 96_480, 1],
        [pd.Timestamp("2026-11-06"), 106_128, 3],
    ]


def test_settlement_records_of_issue_12_feed_the_reported_payouts():
    # settlement_records rows as the settlements issue stores them (dates as text, cancels
    # negative); the one without a payout date says nothing about the payout: forecast stays.
    settlements = pd.DataFrame(
        {
            "payment_id": ["a", "a", "b"],
            "order_id": ["o-a", "o-a", "o-b"],
            "pg": ["kcp", "kcp", "kcp"],
            "kind": ["approval", "cancel", "approval"],
            "method": ["card", "card", "card"],
            "amount": [100_000, -30_000, 50_000],
            "payout_amount": [96_700, -29_010, 48_300],
            "sale_date": ["2026-09-23", "2026-09-24", "2026-09-23"],
            "payout_date": ["2026-09-23", "2026-09-30", None],
        }
    )
    pays = payments(
        ("a", "kcp", "card", 100_000, 30_000, ts(2026, 9, 23)),
        ("b", "kcp", "card", 50_000, 0, ts(2026, 9, 23)),
    )
    recs = apply_reported(forecast([D2], pays), reported_from_settlements(settlements))
    groups = expected_payouts(recs)
    # b: forecast 48,240 on Tue 09-29 (across 추석 09-24..26); a: as the PG reported it
    assert groups[["payout_date", "expected_amount", "source"]].values.tolist() == [
        [pd.Timestamp("2026-09-23"), 96_700, "settlement"],
        [pd.Timestamp("2026-09-29"), 48_240, "forecast"],
        [pd.Timestamp("2026-09-30"), -29_010, "settlement"],
    ]
