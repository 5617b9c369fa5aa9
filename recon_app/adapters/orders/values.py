"""Cell text → typed columns: amounts (int KRW), order times (unix seconds), statuses.

Every parser works on a whole pandas column at once and returns ``(values, bad)``: a numpy array
and a boolean mask of the cells it could not read. A million-row export must parse in about a
second, so each parser has a vectorised fast path for the formats shops actually write and only
sends the leftovers down a slower path (regex extract, and for dates a per-value Python fallback
for Excel serials). The scalar ``parse_amount`` / ``parse_datetime`` run the very same column code
on one value, so the property tests pin down exactly what the bulk path does.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import numpy as np
import pandas as pd

from recon_app.adapters.spreadsheet import EXCEL_EPOCH_DAYS
from recon_app.domain.money import MAX_WON_DIGITS, WON_TEXT
from recon_app.domain.timeutil import KST

# ---------------------------------------------------------------------------------------------
# Amounts

#: Whole won, at most 15 digits (far above any order, far below int64 overflow).
MAX_AMOUNT_DIGITS = MAX_WON_DIGITS

# The common shapes, checked by one C-level fullmatch: "12000", "12,000". Both spellings stop at
# MAX_AMOUNT_DIGITS (1-3 digits + at most four groups of 3 = 15): a longer cell goes to the full
# path, which refuses it, instead of overflowing int64 here (issue 17).
_AMOUNT_FAST = re.compile(
    rf"[0-9]{{1,3}}(?:,[0-9]{{3}}){{1,{(MAX_AMOUNT_DIGITS - 3) // 3}}}"
    rf"|[0-9]{{1,{MAX_AMOUNT_DIGITS}}}"
)
# Everything we accept: the one definition of won text, domain.money.WON_TEXT (sign before or
# after the currency sign, ₩ or ￦, thousands commas, a trailing ".0", a trailing 원).
_AMOUNT_FULL = WON_TEXT

AMOUNT_HINT = (
    f"12000, 12,000, 12,000원, ₩12,000 처럼 원 단위 정수(최대 {MAX_AMOUNT_DIGITS}자리)로 적으세요"
)


def fullmatch_mask(values: np.ndarray, pattern: re.Pattern[str]) -> np.ndarray:
    """``pattern.fullmatch`` over an object array of str, as bools.

    A plain ``map`` over the array is ~3x faster than ``Series.str.fullmatch``, whose per-value
    wrapper dominates at a million rows.
    """
    fm = pattern.fullmatch
    return np.fromiter((fm(v) is not None for v in values), dtype=bool, count=len(values))


def parse_amounts(texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Column of non-empty cell texts → (int64 won, bad mask). Negative values are returned as is
    (the caller decides: a negative refund is a refund, a negative order amount is an error)."""
    n = len(texts)
    values = np.zeros(n, dtype=np.int64)
    bad = np.zeros(n, dtype=bool)
    if n == 0:
        return values, bad
    arr = texts.to_numpy(dtype=object)
    fast = fullmatch_mask(arr, _AMOUNT_FAST)
    if fast.any():
        picked = arr[fast]
        cleaned = np.array([v.replace(",", "") for v in picked], dtype=object)
        values[fast] = cleaned.astype(np.int64)  # C-level int() per value
    rest = np.flatnonzero(~fast)
    if len(rest):
        parts = pd.Series(arr[rest], dtype=object).astype(str).str.extract(_AMOUNT_FULL)
        digits = parts["digits"].str.replace(",", "", regex=False)
        ok = digits.notna() & (digits.str.len() <= MAX_AMOUNT_DIGITS)
        ok &= ~(parts["s1"].notna() & parts["s2"].notna())  # "--5" is not a number
        okv = ok.to_numpy(dtype=bool, na_value=False)
        if okv.any():
            nums = digits[okv].astype(np.int64).to_numpy()
            neg = (parts["s1"].notna() | parts["s2"].notna()).to_numpy()[okv]
            values[rest[okv]] = np.where(neg, -nums, nums)
        bad[rest[~okv]] = True
    return values, bad


def parse_amount(text: str) -> int:
    """One amount (same rules as the column parser); ValueError if it is not one."""
    values, bad = parse_amounts(pd.Series([text], dtype=object))
    if bad[0]:
        raise ValueError(f"금액으로 읽을 수 없습니다: {text!r}")
    return int(values[0])


# ---------------------------------------------------------------------------------------------
# Dates

#: Orders outside these KST years are typos (or an amount in the date column), not history.
MIN_YEAR, MAX_YEAR = 2000, 2099
_MIN_TS = int(datetime(MIN_YEAR, 1, 1, tzinfo=KST).timestamp())
_MAX_TS = int(datetime(MAX_YEAR + 1, 1, 1, tzinfo=KST).timestamp())  # exclusive
_KST_OFFSET = 9 * 3600
# Excel's day 0 is 1899-12-30: serial − 25569 = days since 1970-01-01; the report writer uses
# the same constant the other way (adapters/spreadsheet.py).
_EXCEL_EPOCH_UNIX_DAYS = -EXCEL_EPOCH_DAYS

# "2026-10-01 13:45:00", "2026.10.01 13:45", "2026/10/01", "2026-10-01 오후 1:45:00",
# "2026. 10. 1. (목) 오후 1:45:00", "2026-10-01T13:45:00+09:00", "… 1:45:00 PM", fractions.
_DATE_FULL = (
    r"^\s*(?P<y>[0-9]{4})\s*[-./]\s*(?P<mo>[0-9]{1,2})\s*[-./]\s*(?P<d>[0-9]{1,2})\s*\.?"
    r"(?:\s*\((?:[월화수목금토일]|[A-Za-z]{3})\))?"
    r"(?:(?:\s+|\s*T\s*)(?P<ap1>오전|오후|AM|PM|am|pm)?\s*"
    r"(?P<h>[0-9]{1,2}):(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2})(?:[.,](?P<frac>[0-9]{1,9}))?)?"
    r"\s*(?P<ap2>오전|오후|AM|PM|am|pm)?"
    r"\s*(?P<tz>Z|z|UTC|[+-][0-9]{2}:?[0-9]{2})?)?\s*$"
)
_SERIAL = re.compile(r"^\s*[0-9]{1,6}(?:\.[0-9]+)?\s*$")

DATE_HINT = (
    "2026-10-01 13:45:00, 2026.10.01 13:45, 2026-10-01 오후 1:45:00, 2026/10/01 같은 "
    f"{MIN_YEAR}~{MAX_YEAR}년 날짜로 적으세요"
)


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 for proleptic Gregorian dates (H. Hinnant's algorithm), vectorised."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = (m + 9) % 12
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _days_in_month(y: np.ndarray, m: np.ndarray) -> np.ndarray:
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    table = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
    return table[np.clip(m, 0, 12)] + ((m == 2) & leap)


def _num(col: pd.Series, default: int) -> np.ndarray:
    return pd.to_numeric(col.fillna(str(default))).to_numpy(dtype=np.int64)


def _parse_date_parts(texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The regex path: calendar text in the Korean/ISO family → (unix seconds, bad)."""
    n = len(texts)
    p = texts.astype(str).str.extract(_DATE_FULL)
    matched = p["y"].notna().to_numpy()
    y, mo, d = _num(p["y"], 2000), _num(p["mo"], 1), _num(p["d"], 1)
    h, mi, s = _num(p["h"], 0), _num(p["mi"], 0), _num(p["s"], 0)
    frac = p["frac"].fillna("0").str.slice(0, 1)  # tenths decide rounding to the second
    round_up = pd.to_numeric(frac).to_numpy(dtype=np.int64) >= 5
    ap = p["ap1"].fillna(p["ap2"]).fillna("").str.upper().to_numpy(dtype=object)
    both_ap = (p["ap1"].notna() & p["ap2"].notna()).to_numpy()
    am = (ap == "오전") | (ap == "AM")
    pm = (ap == "오후") | (ap == "PM")
    twelve = am | pm
    ok = matched & ~both_ap
    ok &= (mo >= 1) & (mo <= 12) & (d >= 1) & (d <= _days_in_month(y, mo))
    ok &= (y >= MIN_YEAR - 1) & (y <= MAX_YEAR + 1)  # exact range checked on ts below
    ok &= np.where(twelve, (h >= 0) & (h <= 12), h <= 23) & (mi <= 59) & (s <= 59)
    # 오전 12:xx is just after midnight, 오후 12:xx just after noon, 오후 1:45 is 13:45.
    hour = np.where(am & (h == 12), 0, h)
    hour = np.where(pm & (h < 12), h + 12, hour)
    tz = p["tz"].fillna("").to_numpy(dtype=object)
    offset = np.full(n, _KST_OFFSET, dtype=np.int64)  # naive times are KST
    for i in np.flatnonzero(tz != ""):
        offset[i] = _tz_offset(str(tz[i]))
    ts = _days_from_civil(y, mo, d) * 86400 + hour * 3600 + mi * 60 + s + round_up - offset
    ok &= (ts >= _MIN_TS) & (ts < _MAX_TS)  # the KST date decides, whatever the text's offset
    return np.where(ok, ts, 0), ~ok


def _tz_offset(text: str) -> int:
    if text.upper() in ("Z", "UTC"):
        return 0
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)


def _parse_serial(text: str) -> int | None:
    """An Excel serial day number (the cell lost its date format) → unix seconds, to the second."""
    if not _SERIAL.match(text):
        return None
    try:
        days = Decimal(text.strip())
    except InvalidOperation:
        return None
    seconds = ((days + _EXCEL_EPOCH_UNIX_DAYS) * 86400).quantize(Decimal(1), ROUND_HALF_UP)
    ts = int(seconds) - _KST_OFFSET
    return ts if _MIN_TS <= ts < _MAX_TS else None


def parse_datetimes(texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Column of non-empty cell texts → (unix seconds int64, bad mask). Naive times are KST."""
    n = len(texts)
    values = np.zeros(n, dtype=np.int64)
    bad = np.zeros(n, dtype=bool)
    if n == 0:
        return values, bad
    arr = texts.to_numpy(dtype=object)
    # Fast path 1: the canonical "YYYY-MM-DD HH:MM:SS", parsed by pandas in C.
    parsed = pd.to_datetime(texts, format="%Y-%m-%d %H:%M:%S", errors="coerce")
    fast = parsed.notna().to_numpy()
    if fast.any():
        secs = parsed[fast].to_numpy().astype("datetime64[s]").astype(np.int64) - _KST_OFFSET
        in_range = (secs >= _MIN_TS) & (secs < _MAX_TS)
        idx = np.flatnonzero(fast)
        values[idx] = secs
        bad[idx[~in_range]] = True
    rest = np.flatnonzero(~fast)
    if len(rest):
        # Fast path 2: the rest of the calendar-text family, one regex extract + numpy.
        ts, rest_bad = _parse_date_parts(pd.Series(arr[rest], dtype=object))
        values[rest] = ts
        # Fallback: Excel serial numbers, value by value (rare: a cell that lost its format).
        for i in rest[rest_bad]:
            serial = _parse_serial(str(arr[i]))
            if serial is None:
                bad[i] = True
            else:
                values[i] = serial
    return values, bad


def parse_datetime(text: str) -> int:
    """One order time (same rules as the column parser) → unix seconds; ValueError otherwise."""
    values, bad = parse_datetimes(pd.Series([text], dtype=object))
    if bad[0]:
        raise ValueError(f"날짜로 읽을 수 없습니다: {text!r}")
    return int(values[0])


# ---------------------------------------------------------------------------------------------
# Statuses: the vocabulary lives in statuses.py; these names stay importable from here.

from recon_app.adapters.orders.statuses import (  # noqa: E402
    AWAITING_PAYMENT,
    CANCELLED,
    PAID,
    PARTIALLY_REFUNDED,
    STATUSES,
    map_statuses,
    normalize_word,
    status_table,
)

__all__ = [
    "AWAITING_PAYMENT",
    "CANCELLED",
    "PAID",
    "PARTIALLY_REFUNDED",
    "STATUSES",
    "map_statuses",
    "normalize_word",
    "status_table",
]
