"""Deposits matched to expected payouts (issue 13): statuses, windows, sender names. Dates are
worked out by hand on the 2026 calendar."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pandas.testing as pdt

from recon_app.domain.business_days import BusinessCalendar
from recon_app.domain.payout_matching import DEFAULT_SENDERS, match_payouts, sender_pg
from recon_app.domain.timeutil import KST

AS_OF = date(2026, 11, 20)


def expected(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=["pg", "payout_date", "expected_amount"])
    frame["payout_date"] = pd.to_datetime(frame["payout_date"])
    frame["payments"] = 1
    frame["source"] = "forecast"
    return frame


def deposits(*rows) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=["deposit_id", "when", "amount", "text"])
    frame["occurred_at"] = [
        int(datetime.fromisoformat(w).replace(tzinfo=KST).timestamp()) for w in frame["when"]
    ]
    frame["account"] = "주거래"
    return frame.drop(columns="when")


def run(exp, dep, as_of=AS_OF):
    return match_payouts(
        exp,
        dep,
        senders=DEFAULT_SENDERS,
        calendar=BusinessCalendar(),
        as_of=as_of,
        month=(date(2026, 11, 1), date(2026, 11, 30)),
    )


def test_exact_deposit_on_the_second_business_day_matches():
    # payout Fri 11-06; window: 11-06, Mon 11-09, Tue 11-10 (the weekend is not counted)
    m = run(
        expected(("html5_inicis", "2026-11-06", 96_480)),
        deposits((1, "2026-11-10 09:00:00", 96_480, "타행이체 (주)케이지이니시스")),
    )
    row = m.payouts.iloc[0]
    assert (row["status"], row["deposit_id"], row["difference"]) == ("matched", 1, 0)
    assert m.unexplained.empty


def test_deposit_three_business_days_late_is_not_matched():
    m = run(
        expected(("html5_inicis", "2026-11-06", 96_480)),
        deposits((1, "2026-11-11 09:00:00", 96_480, "이니시스")),  # Wed = D+3
    )
    assert m.payouts["status"].tolist() == ["missing"]
    assert m.unexplained["deposit_id"].tolist() == [1]


def test_short_deposit_shows_the_difference():
    m = run(
        expected(("kcp", "2026-11-04", 96_480)),
        deposits((7, "2026-11-04 10:00:00", 95_000, "한국사이버결제")),
    )
    row = m.payouts.iloc[0]
    assert (row["status"], row["deposited_amount"], row["difference"]) == ("short", 95_000, -1_480)


def test_over_deposit():
    m = run(
        expected(("kcp", "2026-11-04", 10_000)),
        deposits((7, "2026-11-05 10:00:00", 10_300, "kcp")),
    )
    assert m.payouts[["status", "difference"]].values.tolist() == [["over", 300]]


def test_missing_before_as_of_and_scheduled_from_as_of_on():
    m = run(
        expected(("kcp", "2026-11-19", 10_000), ("kcp", "2026-11-20", 20_000)),
        deposits(),
    )
    assert m.payouts["status"].tolist() == ["missing", "scheduled"]
    assert m.payouts["difference"].tolist() == [-10_000, -20_000]


def test_two_pgs_paying_the_same_amount_on_the_same_day_each_take_their_own_deposit():
    m = run(
        expected(("html5_inicis", "2026-11-04", 50_000), ("kcp", "2026-11-04", 50_000)),
        deposits(
            (1, "2026-11-04 09:00:00", 50_000, "KCP"),
            (2, "2026-11-04 09:00:00", 50_000, "이니시스"),
        ),
    )
    got = m.payouts.set_index("pg")[["status", "deposit_id"]]
    assert got.to_dict("index") == {
        "html5_inicis": {"status": "matched", "deposit_id": 2},
        "kcp": {"status": "matched", "deposit_id": 1},
    }


def test_one_deposit_serves_one_payout_only():
    # two kcp payouts of 30,000 (Wed, Thu), one deposit on Thu: the earlier payout takes it
    m = run(
        expected(("kcp", "2026-11-04", 30_000), ("kcp", "2026-11-05", 30_000)),
        deposits((5, "2026-11-05 09:00:00", 30_000, "KCP")),
    )
    assert m.payouts[["status", "deposit_id"]].values.tolist() == [
        ["matched", 5],
        ["missing", -1],
    ]


def test_unexplained_is_only_pg_deposits_of_the_month():
    m = run(
        expected(),
        deposits(
            (1, "2026-11-12 09:00:00", 12_345, "토스페이맨"),  # Toss, truncated
            (2, "2026-11-12 09:00:00", 99_000, "홍길동"),  # a customer, not a PG
            (3, "2026-12-01 09:00:00", 5_000, "토스페이먼츠"),  # next month
        ),
    )
    assert m.unexplained[["deposit_id", "pg"]].values.tolist() == [[1, "tosspayments"]]


def test_sender_names_ignore_spaces_company_marks_case_and_truncation():
    texts = pd.Series(["㈜ 케이지 이니시스", "nhn kcp", "네이버파이낸", "네이버", "엔에이치엔페이"])
    assert sender_pg(texts, DEFAULT_SENDERS).tolist() == [
        "html5_inicis",
        "kcp",
        "naverpay",  # a word that starts "네이버파이낸셜"
        None,  # too short to be a truncated name
        "payco",
    ]


def test_result_columns_are_plain_types():
    m = run(expected(("kcp", "2026-11-04", 1)), deposits())
    pdt.assert_index_equal(
        m.payouts.columns,
        pd.Index(
            [
                "pg",
                "payout_date",
                "expected_amount",
                "deposited_amount",
                "difference",
                "status",
                "source",
                "payments",
                "deposit_id",
                "deposit_at",
                "deposit_text",
                "deposit_account",
            ]
        ),
    )
    assert m.payouts["expected_amount"].dtype == np.int64
