"""The history of reconciliations (대사 실행 기록): one entry per run recorded in ``recon_runs``.

``reconcile_month`` records every run it finishes (month, when, fee rules used, row and
exception counts, the summary's totals); this is the reader people see in the GUI's history tab,
so a reviewer can tell when a month was last reconciled and how its numbers moved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from recon_app.storage import recon_repo
from recon_app.storage.db import Ledger
from recon_app.storage.stores import DEFAULT_STORE, store_id


@dataclass(frozen=True)
class ReconRun:
    """One recorded reconciliation of a store's month (amounts in won)."""

    run_id: int
    month: str
    started_at: int  # epoch seconds
    finished_at: int  # epoch seconds
    fee_source: str
    rows: int
    exceptions: int  # unresolved exception rows when the run finished
    gross: int
    fees: int
    settlement: int


def list_recon_runs(
    ledger: Ledger, store: str = DEFAULT_STORE, *, month: str | None = None
) -> list[ReconRun]:
    """The store's recorded runs (only ``month``'s if given), newest first; [] for no store."""
    with ledger.read() as conn:
        sid = store_id(conn, store, create=False)
        if sid is None:
            return []
        records = recon_repo.list_runs(conn, sid, month)
    runs = []
    for r in reversed(records):  # list_runs is oldest first
        summary = json.loads(r["summary_json"])
        runs.append(
            ReconRun(
                run_id=int(r["id"]),
                month=str(r["month"]),
                started_at=int(r["started_at"]),
                finished_at=int(r["finished_at"]),
                fee_source=str(r["fee_source"]),
                rows=int(r["row_count"]),
                exceptions=int(r["exception_count"]),
                gross=int(summary["gross"]),
                fees=int(summary["fees"]),
                settlement=int(summary["settlement"]),
            )
        )
    return runs
