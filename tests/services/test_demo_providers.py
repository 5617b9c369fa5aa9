"""The demo shop also as a V1→V2 migrated store and as a Toss store (issue 11): every
reconciliation status occurs on each, order by order the same as the V1 demo store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from recon_app.services.demo import (
    DEMO_STORE,
    DEMO_TOSS_STORE,
    DEMO_V2_STORE,
    V2_FROM,
    prepare_demo,
    prepare_provider_demos,
)
from recon_app.services.reconciling import reconcile_month
from recon_app.storage.db import Ledger


def test_every_store_reconciles_october_like_the_v1_demo(ledger: Ledger, ledger_path: Path) -> None:
    prepare_demo(ledger)
    reports = prepare_provider_demos(ledger)
    assert set(reports) == {DEMO_V2_STORE, DEMO_TOSS_STORE}
    statuses = {}
    for store in (DEMO_STORE, DEMO_V2_STORE, DEMO_TOSS_STORE):
        rows = reconcile_month(ledger, "2026-10", store).rows
        statuses[store] = dict(zip(rows["row_key"], rows["status"], strict=True))
    assert len(set(statuses[DEMO_STORE].values())) >= 10  # every status of the demo month
    assert statuses[DEMO_V2_STORE] == statuses[DEMO_STORE]
    assert statuses[DEMO_TOSS_STORE] == statuses[DEMO_STORE]
    with sqlite3.connect(ledger_path) as raw:
        by_provider = dict(
            raw.execute(
                "SELECT p.provider, COUNT(*) FROM payments p JOIN stores s ON s.id = p.store_id "
                "WHERE s.name = ? GROUP BY p.provider",
                (DEMO_V2_STORE,),
            ).fetchall()
        )
        stores = dict(raw.execute("SELECT name, provider FROM stores").fetchall())
        (late_v1,) = raw.execute(
            "SELECT COUNT(*) FROM payments p JOIN stores s ON s.id = p.store_id "
            "WHERE s.name = ? AND p.provider = 'portone-v1' AND p.started_at >= ?",
            (DEMO_V2_STORE, int(V2_FROM.timestamp())),
        ).fetchone()
    # V1 payments before the move, V2 payments after it, none twice.
    assert by_provider["portone-v1"] > 50 and by_provider["portone-v2"] > 50
    assert late_v1 == 0
    assert stores == {
        DEMO_STORE: "portone-v1",
        DEMO_V2_STORE: "portone-v2",
        DEMO_TOSS_STORE: "toss",
    }
