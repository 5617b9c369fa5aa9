"""Korean time. Naive times in shop exports are KST; the ledger stores unix seconds (UTC).

Korea has kept UTC+9 without daylight saving since 1988, so a fixed offset is exact and needs no
tz database (which Windows builds would otherwise have to ship).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

#: KST is UTC+9: add this to unix seconds for the local wall-clock (vectorised code uses it).
KST_OFFSET_SECONDS = 9 * 3600
KST = timezone(timedelta(seconds=KST_OFFSET_SECONDS), "KST")

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> tuple[int, int]:
    """``"2026-10"`` → (2026, 10); raises ValueError with a Korean message otherwise."""
    m = _MONTH.match(text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"월 '{text}'은(는) YYYY-MM 형식이어야 합니다 (예: 2026-10)")
    return int(m.group(1)), int(m.group(2))


def month_bounds(month: str) -> tuple[int, int]:
    """Unix seconds [start, end) of a calendar month in KST."""
    year, mon = parse_month(month)
    start = datetime(year, mon, 1, tzinfo=KST)
    end = datetime(year + (mon == 12), mon % 12 + 1, 1, tzinfo=KST)
    return int(start.timestamp()), int(end.timestamp())


def to_kst(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, KST)


def format_kst(ts: int | None) -> str:
    """Unix seconds → ``"2026-10-01 13:45:00"`` KST; 0/None (PortOne's "not set") → ``""``."""
    if not ts:
        return ""
    return to_kst(ts).strftime("%Y-%m-%d %H:%M:%S")
