"""Korean business days: when a bank pays out (issue 13).

A business day is Monday–Friday that is not a Korean public or bank holiday and not one of the
contract's ``closed_days``. The holidays come from the maintained ``holidays`` package
(``SouthKorea`` with categories PUBLIC and BANK — BANK is 근로자의날): it computes 대체공휴일
(Sat/Sun, Sunday-only for 설/추석) and the election days of 공직선거법 §34, so the list is not ours
to maintain (../shared/settlement/FACTS.md §1d). Its 임시공휴일 are a static list that lags new
announcements; ``closed_days`` covers those.

All arithmetic is numpy's business-day calendar over whole date columns (``np.busday_offset``),
so a million sale dates cost one pass, not a million Python calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import holidays
import numpy as np
import numpy.typing as npt

DateArray = npt.NDArray[np.datetime64]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: Years the calendar covers by default; dates outside are widened on demand (``_covering``).
_PAD_YEARS = 1


@lru_cache(maxsize=64)
def korean_holidays(year: int) -> tuple[tuple[date, str], ...]:
    """(date, name) of every Korean public and bank holiday of ``year``."""
    calendar = holidays.country_holidays(
        "KR", years=year, categories=(holidays.PUBLIC, holidays.BANK), language="ko"
    )
    return tuple(sorted(calendar.items()))


class BusinessCalendar:
    """Korean business days plus a contract's extra closed days."""

    def __init__(self, closed_days: Iterable[date] = ()) -> None:
        self.closed_days = tuple(sorted(set(closed_days)))
        self._years: tuple[int, int] | None = None
        self._cal: np.busdaycalendar | None = None

    # -- holidays ----------------------------------------------------------------------------
    def holiday_names(self, first: date, last: date) -> dict[date, str]:
        """Non-business weekdays and holidays between two dates (inclusive), with their names."""
        out: dict[date, str] = {}
        for year in range(first.year, last.year + 1):
            for day, name in korean_holidays(year):
                if first <= day <= last:
                    out[day] = name
        for day in self.closed_days:
            if first <= day <= last:
                out.setdefault(day, "휴무일(계약)")
        return out

    def _covering(self, dates: DateArray) -> np.busdaycalendar:
        """A numpy calendar whose holiday list spans every year in ``dates`` (plus a margin)."""
        valid = dates[~np.isnat(dates)]
        if len(valid):
            lo = int(valid.min().astype("datetime64[Y]").astype(np.int64)) + 1970
            hi = int(valid.max().astype("datetime64[Y]").astype(np.int64)) + 1970
        else:
            lo = hi = date.today().year
        lo, hi = lo - _PAD_YEARS, hi + _PAD_YEARS
        if self._cal is None or self._years is None or lo < self._years[0] or hi > self._years[1]:
            if self._years is not None:
                lo, hi = min(lo, self._years[0]), max(hi, self._years[1])
            days = [d for y in range(lo, hi + 1) for d, _ in korean_holidays(y)]
            days += list(self.closed_days)
            self._cal = np.busdaycalendar(
                weekmask="1111100", holidays=np.array(sorted(set(days)), dtype="datetime64[D]")
            )
            self._years = (lo, hi)
        return self._cal

    # -- questions -----------------------------------------------------------------------------
    def is_business_day(self, day: date) -> bool:
        arr = np.array([day], dtype="datetime64[D]")
        return bool(np.is_busday(arr, busdaycal=self._covering(arr))[0])

    def add_business_days(self, dates: DateArray, days: npt.NDArray[np.int64]) -> DateArray:
        """The ``days``-th business day after each date (D+n); D+0 is the date itself when it
        is a business day, else the next one. NaT stays NaT.

        A sale on a Saturday is paid D+1 on Monday: the count starts from the last business day
        on or before the sale date (numpy's ``roll='backward'``), so weekends and holidays before
        the first counted day are not counted twice.
        """
        dates = np.asarray(dates, dtype="datetime64[D]")
        days = np.broadcast_to(np.asarray(days, dtype=np.int64), dates.shape)
        out = np.full(dates.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        ok = ~np.isnat(dates)
        cal = self._covering(dates)
        positive = ok & (days > 0)
        zero = ok & (days <= 0)
        if positive.any():
            out[positive] = np.busday_offset(
                dates[positive], days[positive], roll="backward", busdaycal=cal
            )
        if zero.any():
            out[zero] = np.busday_offset(dates[zero], 0, roll="forward", busdaycal=cal)
        return out

    def next_weekday(self, dates: DateArray, weekday: npt.NDArray[np.int64]) -> DateArray:
        """The first date on or after each date that falls on ``weekday`` (0 = Monday; -1 = no
        weekly cycle: the date itself), moved on to the next business day when that is closed."""
        dates = np.asarray(dates, dtype="datetime64[D]")
        weekday = np.broadcast_to(np.asarray(weekday, dtype=np.int64), dates.shape)
        ok = ~np.isnat(dates)
        weekly = ok & (weekday >= 0)
        out = dates.copy()
        if weekly.any():
            current = weekday_of(dates[weekly])
            ahead = (weekday[weekly] - current) % 7
            target = dates[weekly] + ahead.astype("timedelta64[D]")
            out[weekly] = np.busday_offset(
                target, 0, roll="forward", busdaycal=self._covering(target)
            )
        return out

    def window_end(self, dates: DateArray, days: int) -> DateArray:
        """``days`` business days after each date (the last day a late deposit still counts)."""
        return self.add_business_days(dates, np.full(len(dates), days, dtype=np.int64))


def weekday_of(dates: DateArray) -> npt.NDArray[np.int64]:
    """0 = Monday … 6 = Sunday (1970-01-01, day 0, was a Thursday)."""
    return (np.asarray(dates, dtype="datetime64[D]").astype(np.int64) + 3) % 7


def parse_weekday(text: str) -> int:
    """``"fri"`` → 4; raises ValueError with a Korean message otherwise."""
    key = str(text).strip().lower()
    full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    if key in full:
        return full.index(key)
    if key not in WEEKDAYS:
        raise ValueError(
            f"weekday '{text}'은(는) mon, tue, wed, thu, fri, sat, sun 중 하나여야 합니다"
        )
    return WEEKDAYS.index(key)
