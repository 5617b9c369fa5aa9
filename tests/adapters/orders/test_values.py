"""Amount, date and status parsing: examples for each rule, and properties over generated values."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recon_app.adapters.orders.values import (
    map_statuses,
    parse_amount,
    parse_amounts,
    parse_datetime,
    parse_datetimes,
    status_table,
)
from recon_app.domain.timeutil import KST


@pytest.mark.parametrize(
    ("text", "won"),
    [
        ("12,000", 12000),
        ("12,000원", 12000),
        ("₩12,000", 12000),
        ("￦12,000", 12000),
        ("12000.0", 12000),
        ("-3,000", -3000),
        ("0", 0),
        (" 7 ", 7),
        ("1,234,567", 1234567),
        ("₩-3,000", -3000),
        ("12000", 12000),
    ],
)
def test_amount_formats(text: str, won: int) -> None:
    assert parse_amount(text) == won


@pytest.mark.parametrize(
    "text",
    [
        "12a",
        "1,2,3",
        "12,00",
        "12000.5",
        "--5",
        "=SUM(A1:A3)",
        "1e5",
        "₩",
        "원",
        "１２",
        "9" * 16,
        "1,234,567,890,123,456",  # 16 digits, comma-grouped (was taken by the fast path)
        "999,999,999,999,999,999,999",  # 21 digits: past int64 (was an OverflowError)
        "-1,234,567,890,123,456",
        "₩1,234,567,890,123,456원",
        "12 000",
        "0x10",
        "NaN",
    ],
)
def test_amount_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


def _amount_styles(n: int) -> list[str]:
    sign = "-" if n < 0 else ""
    a = abs(n)
    return [
        f"{n}",
        f"{n:,}",
        f"{n:,}원",
        f"{sign}₩{a:,}",
        f"{sign}￦{a:,}",
        f"₩{n:,}",
        f"{n}.0",
        f"{n:,}.00",
        f" {n:,} ",
    ]


@given(st.lists(st.integers(min_value=-(10**14), max_value=10**14), min_size=1, max_size=30))
@settings(max_examples=60)  # each example checks up to 270 texts in one column
def test_any_int_in_any_style_parses_back(ns: list[int]) -> None:
    # Many values per example: one column parse, like the bulk path (and fast).
    styles = [s for n in ns for s in _amount_styles(n)]
    values, bad = parse_amounts(pd.Series(styles, dtype=object))
    assert not bad.any(), [s for s, b in zip(styles, bad) if b]
    assert values.tolist() == [n for n in ns for _ in _amount_styles(n)]


#: The largest amount a cell may hold: 15 digits (values.MAX_AMOUNT_DIGITS), written out by hand.
LARGEST = 999_999_999_999_999


@given(
    st.lists(
        st.one_of(
            st.integers(min_value=-(10**22), max_value=10**22),
            st.integers(min_value=-(10**16), max_value=10**16),
            st.sampled_from([LARGEST, LARGEST + 1, -LARGEST, -(LARGEST + 1)]),
        ),
        min_size=1,
        max_size=30,
    )
)
@settings(max_examples=80)
def test_the_15_digit_limit_holds_with_and_without_commas(ns: list[int]) -> None:
    """Up to 15 digits parse back, 16 or more are a bad cell, on every path and never a crash."""
    styles = [s for n in ns for s in _amount_styles(n)]
    values, bad = parse_amounts(pd.Series(styles, dtype=object))
    written = [n for n in ns for _ in _amount_styles(n)]
    for want, text, value, is_bad in zip(written, styles, values.tolist(), bad.tolist()):
        if abs(want) <= LARGEST:
            assert (is_bad, value) == (False, want), text
        else:
            assert is_bad, text


def _date_styles(dt: datetime) -> list[str]:
    h12 = dt.hour % 12 or 12
    ampm = "오전" if dt.hour < 12 else "오후"
    weekday = "월화수목금토일"[dt.weekday()]
    serial = (dt.replace(tzinfo=None) - datetime(1899, 12, 30)) / timedelta(days=1)
    return [
        dt.strftime("%Y-%m-%d %H:%M:%S"),
        dt.strftime("%Y.%m.%d %H:%M:%S"),
        f"{dt:%Y-%m-%d} {ampm} {h12}:{dt:%M:%S}",
        f"{dt.year}. {dt.month}. {dt.day}. ({weekday}) {ampm} {h12}:{dt:%M:%S}",
        dt.isoformat(),
        dt.astimezone(KST.__class__.utc).isoformat().replace("+00:00", "Z"),
        repr(serial),
    ]


KST_SECONDS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31, 23, 59, 59)
).map(lambda d: d.replace(microsecond=0, tzinfo=KST))


@given(st.lists(KST_SECONDS, min_size=1, max_size=30))
@settings(max_examples=60)  # each example checks up to 210 texts in one column
def test_any_kst_datetime_in_any_style_parses_back(dts: list[datetime]) -> None:
    styles = [s for dt in dts for s in _date_styles(dt)]
    values, bad = parse_datetimes(pd.Series(styles, dtype=object))
    assert not bad.any(), [s for s, b in zip(styles, bad) if b]
    assert values.tolist() == [int(dt.timestamp()) for dt in dts for _ in _date_styles(dt)]


@given(st.lists(KST_SECONDS.map(lambda d: d.replace(second=0)), min_size=1, max_size=30))
@settings(max_examples=40)
def test_minute_and_date_only_styles(dts: list[datetime]) -> None:
    texts, expected = [], []
    for dt in dts:
        midnight = int(dt.replace(hour=0, minute=0).timestamp())
        texts += [
            dt.strftime("%Y-%m-%d %H:%M"),
            dt.strftime("%Y.%m.%d %H:%M"),
            dt.strftime("%Y/%m/%d"),
        ]
        expected += [int(dt.timestamp()), int(dt.timestamp()), midnight]
    values, bad = parse_datetimes(pd.Series(texts, dtype=object))
    assert not bad.any() and values.tolist() == expected


def _kst(*args: int) -> int:
    return int(datetime(*args, tzinfo=KST).timestamp())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-01 오전 12:05:00", _kst(2026, 10, 1, 0, 5)),  # just after midnight
        ("2026-10-01 오후 12:05:00", _kst(2026, 10, 1, 12, 5)),  # just after noon
        ("2026-10-01 오후 1:45:00", _kst(2026, 10, 1, 13, 45)),
        ("2026-10-01T04:45:00+00:00", _kst(2026, 10, 1, 13, 45)),
        ("2026-10-01 13:45:00.5", _kst(2026, 10, 1, 13, 45, 1)),
        ("46296.57291666", _kst(2026, 10, 1, 13, 45)),  # serial rounds to the nearest second
        ("46296", _kst(2026, 10, 1)),
    ],
)
def test_date_rules(text: str, expected: int) -> None:
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "2026-13-01",
        "1999-12-31 23:59:59",
        "2100-01-01",
        "2026-10-01 25:00",
        "2026-10-01 오후 13:00",
        "20261001",
        "어제",
        "12,000",
        "9999999",
        "2026-10-01 13:60",
    ],
)
def test_date_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_datetime(text)


def test_status_words_and_user_map() -> None:
    words = pd.Series(
        ["결제완료", "배송 중", "입금전", "환불완료", "부분취소", "PAID", "보류"], dtype=object
    )
    out, unknown = map_statuses(words, status_table({}))
    assert out.tolist()[:6] == [
        "paid",
        "paid",
        "awaiting_payment",
        "cancelled",
        "partially_refunded",
        "paid",
    ]
    assert unknown.tolist() == [False] * 6 + [True]
    out, unknown = map_statuses(
        words, status_table({"보류": "awaiting_payment", "결제완료": "cancelled"})
    )
    assert out[6] == "awaiting_payment" and out[0] == "cancelled" and not unknown.any()
