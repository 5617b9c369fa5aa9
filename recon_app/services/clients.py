"""The clients workspace: every store (client shop) of the ledger with this month's state at a
glance — last sync, last reconciliation and its open exceptions and settlement, closed or not."""

from __future__ import annotations

from dataclasses import dataclass

from recon_app.services.closing import CloseInfo, month_close
from recon_app.services.run_history import list_recon_runs
from recon_app.storage.db import Ledger
from recon_app.storage.stores import list_stores


@dataclass(frozen=True)
class StoreMonth:
    store: str
    last_synced_at: int | None
    reconciled_at: int | None  # the month's last reconciliation, None if never
    exceptions: int | None
    settlement: int | None
    closed: CloseInfo | None


def month_overview(ledger: Ledger, month: str) -> list[StoreMonth]:
    with ledger.read() as conn:
        stores = list_stores(conn)
    out = []
    for s in stores:
        name = str(s["name"])
        runs = list_recon_runs(ledger, name, month=month)
        last = runs[0] if runs else None
        synced = s.get("last_synced_at")
        out.append(
            StoreMonth(
                store=name,
                last_synced_at=int(synced) if isinstance(synced, int) else None,
                reconciled_at=last.finished_at if last else None,
                exceptions=last.exceptions if last else None,
                settlement=last.settlement if last else None,
                closed=month_close(ledger, month, name),
            )
        )
    return out
