"""Helpers shared by the GUI tests (imported by name: pytest puts tests/gui on sys.path)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from recon_app.domain.timeutil import format_kst, month_bounds

MONTH = "2026-10"
TIMEOUT = 20_000


def demo_orders(month: str = MONTH) -> list[dict[str, Any]]:
    """The shop's side of the demo payments paid in ``month``: one order per merchant_uid."""
    from recon_app.sandbox.store import SandboxStore

    start, end = month_bounds(month)
    orders: dict[str, dict[str, Any]] = {}
    for p in SandboxStore.demo().payments():
        if p["status"] not in ("paid", "cancelled") or not start <= p["paid_at"] < end:
            continue
        status = "취소완료" if p["status"] == "cancelled" else "결제완료"
        orders.setdefault(
            p["merchant_uid"],
            {
                "주문번호": p["merchant_uid"],
                "주문일시": format_kst(p["started_at"] or p["paid_at"]),
                "결제금액": f"{p['amount']:,}",
                "주문상태": status,
                "결제수단": p["pay_method"],
                "주문자명": p["buyer_name"] or "",
            },
        )
    return list(orders.values())


def write_orders_csv(
    path: Path, rows: list[dict[str, Any]], *, amount_header: str = "결제금액"
) -> Path:
    headers = ["주문번호", "주문일시", amount_header, "주문상태", "결제수단", "주문자명"]
    with path.open("w", encoding="cp949", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for r in rows:
            writer.writerow(
                [
                    r["주문번호"],
                    r["주문일시"],
                    r["결제금액"],
                    r["주문상태"],
                    r["결제수단"],
                    r["주문자명"],
                ]
            )
    return path


def prepare_store(win: Any, sandbox: Any, orders: Path, store: str = "shop") -> None:
    """A store with payments synced from the sandbox and the orders imported (services direct)."""
    from datetime import date

    from recon_app.services.app_context import sync_store
    from recon_app.services.credentials import Credentials, save_credentials
    from recon_app.services.importing import ImportOptions, import_orders

    ctx = win.ctx
    save_credentials(store, Credentials(sandbox.imp_key, sandbox.imp_secret))
    ctx.add_store(store, sandbox.base_url)
    sync_store(ctx, store, date(2026, 8, 1), date(2026, 10, 31))
    import_orders(ctx.ledger, orders, ImportOptions(store=store))
    ctx.store = store


def reconcile(qtbot: Any, win: Any, month: str = MONTH) -> None:
    win.set_month(month)
    with qtbot.waitSignal(win.reconciled, timeout=60_000):
        win.reconcile_action.trigger()
    assert not win.errors, win.errors
