"""Helpers for the order-import adapter tests: fixture paths and a parse-a-file shortcut."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from recon_app.adapters.orders.parsing import ParsedOrders, parse_orders
from recon_app.adapters.orders.reading import read_grid
from recon_app.domain.timeutil import KST

DATA = Path(__file__).resolve().parents[2] / "data" / "orders"


def kst(text: str) -> int:
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=KST).timestamp())


#: The five orders every good fixture holds (order_id -> ordered_at, amount, status, refund).
EXPECTED = {
    "O-1001": (kst("2026-10-01 13:45:00"), 12000, "paid", None, "카드", "김하나"),
    "O-1002": (kst("2026-10-02 09:00:00"), 30000, "cancelled", None, "가상계좌", "이두리"),
    "O-1003": (kst("2026-10-03 18:30:00"), 55000, "partially_refunded", 5000, "카드", "박세나"),
    "O-1004": (kst("2026-10-04 00:05:00"), 8000, "awaiting_payment", None, "무통장", None),
    "O-1005": (kst("2026-10-05 12:10:00"), 99000, "paid", 0, "카카오페이", "최다섯"),
}


def parse_path(path: Path, **kw: object) -> ParsedOrders:
    sheet = kw.pop("sheet", None)
    password = kw.pop("password", None)
    grid = read_grid(path, path.read_bytes(), sheet=sheet, password=password)  # type: ignore[arg-type]
    return parse_orders(path.name, grid, **kw)  # type: ignore[arg-type]


def parse_text(
    tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "t.csv", **kw: object
) -> ParsedOrders:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return parse_path(path, **kw)


def as_dict(parsed: ParsedOrders) -> dict[str, tuple[object, ...]]:
    out = {}
    for r in parsed.orders.itertuples(index=False):
        refund = None if r.refunded_amount == -1 else int(r.refunded_amount)
        out[r.order_id] = (
            int(r.ordered_at),
            int(r.amount),
            r.status,
            refund,
            r.pay_method,
            r.buyer_name,
        )
    return out


@pytest.fixture
def data_dir() -> Path:
    return DATA
