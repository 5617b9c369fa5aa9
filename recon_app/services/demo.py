"""The built-in demo store: the bundled sandbox stands in for PortOne, no credentials needed.

``prepare_demo`` fills a ledger the way a real month starts — sync the PGs' payments over real
HTTP (from a sandbox on 127.0.0.1), import the shop's order export — and ``run_demo`` finishes the
job headless (reconcile, Excel + JSON), which is what ``recon-app demo`` does.

``prepare_provider_demos`` adds the same shop twice more (issue 11): ``demo-v2``, which moved
from PortOne V1 to V2 half-way through the month (payments from ``V2_FROM`` on are V2 payments
with their own random paymentId and the order id in ``customData``; synced through V1, then V2
with ``--order-id-from custom:orderId``), and ``demo-toss``, a Toss Payments direct contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from recon_app.domain.progress import CancelToken, ProgressFn
from recon_app.domain.timeutil import KST
from recon_app.sandbox.demo import DEMO_MONTH, demo_orders_path
from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore
from recon_app.sandbox.v2 import SandboxV2Api
from recon_app.services.credentials import Credentials, PortOneV2Credentials, TossCredentials
from recon_app.services.exporting import export_json, export_xlsx
from recon_app.services.importing import ImportOptions, ImportReport, import_orders
from recon_app.services.reconciling import ReconResult, reconcile_month
from recon_app.services.syncing import SyncReport, SyncRequest, sync_payments
from recon_app.storage.db import Ledger, open_ledger

DEMO_STORE = "demo"
DEMO_V2_STORE = "demo-v2"
DEMO_TOSS_STORE = "demo-toss"
#: The demo-v2 shop takes payments through PortOne V2 from this KST day on.
V2_FROM = datetime(2026, 10, 16, tzinfo=KST)


@dataclass(frozen=True)
class DemoPrepared:
    month: str
    store: str
    sync: SyncReport
    orders: ImportReport


@dataclass(frozen=True)
class DemoResult:
    prepared: DemoPrepared
    result: ReconResult
    xlsx: Path
    json: Path


def prepare_demo(
    ledger: Ledger, progress: ProgressFn | None = None, cancel: CancelToken | None = None
) -> DemoPrepared:
    """Sync the demo store from a private sandbox and import its order export."""
    year, month = (int(x) for x in DEMO_MONTH.split("-"))
    today = datetime.now(KST).date()
    with SandboxServer(SandboxStore.demo()) as server:
        request = SyncRequest(
            date_from=date(year, month, 1),
            date_to=max(today, date(year, month, 28)),
            store=DEMO_STORE,
            api_base=server.base_url,
        )
        creds = Credentials(server.imp_key, server.imp_secret)
        synced = sync_payments(ledger, request, creds, progress, cancel)
    orders = import_orders(
        ledger, demo_orders_path(), ImportOptions(store=DEMO_STORE), progress, cancel
    )
    return DemoPrepared(DEMO_MONTH, DEMO_STORE, synced, orders)


def run_demo(
    out_dir: Path, progress: ProgressFn | None = None, cancel: CancelToken | None = None
) -> DemoResult:
    """The whole monthly job on the demo store; reports land in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ledger = open_ledger(out_dir / "demo-ledger.sqlite3")
    try:
        prepared = prepare_demo(ledger, progress, cancel)
        prepare_provider_demos(ledger, progress, cancel)  # demo-v2 and demo-toss beside it
        result = reconcile_month(ledger, prepared.month, prepared.store, None, progress, cancel)
        xlsx = export_xlsx(
            result, out_dir / f"recon-{prepared.month}.xlsx", progress=progress, cancel=cancel
        )
        js = export_json(result, out_dir / f"recon-{prepared.month}.json")
    finally:
        ledger.close()
    return DemoResult(prepared, result, xlsx, js)


def _demo_period() -> tuple[date, date]:
    year, month = (int(x) for x in DEMO_MONTH.split("-"))
    today = datetime.now(KST).date()
    return date(year, month, 1), max(today, date(year, month, 28))


def prepare_provider_demos(
    ledger: Ledger, progress: ProgressFn | None = None, cancel: CancelToken | None = None
) -> dict[str, SyncReport]:
    """The demo shop as a V1→V2 migrated store and as a Toss store, orders imported into both."""
    import hashlib
    import json

    date_from, date_to = _demo_period()
    cutover = int(V2_FROM.timestamp())
    everything = SandboxStore.demo()
    v1_era = SandboxStore(
        [p for p in everything.payments() if p["started_at"] < cutover], now=everything.now()
    )
    reports: dict[str, SyncReport] = {}
    with SandboxServer(v1_era) as v1, SandboxServer(everything, api="portone-v2") as v2:
        assert isinstance(v2.api, SandboxV2Api)
        for p in everything.payments():
            if p["started_at"] >= cutover:
                digest = hashlib.sha256(p["imp_uid"].encode()).hexdigest()[:20]
                v2.api.v2_native[p["imp_uid"]] = {
                    "version": "V2",
                    "id": f"pay_{digest}",
                    "customData": json.dumps({"orderId": p["merchant_uid"]}),
                }
        sync_payments(
            ledger,
            SyncRequest(date_from, date_to, DEMO_V2_STORE, v1.base_url, provider="portone-v1"),
            Credentials(v1.imp_key, v1.imp_secret),
            progress,
            cancel,
        )
        reports[DEMO_V2_STORE] = sync_payments(
            ledger,
            SyncRequest(
                date_from,
                date_to,
                DEMO_V2_STORE,
                v2.base_url,
                provider="portone-v2",
                order_id_from="custom:orderId",
            ),
            PortOneV2Credentials(v2.api_secret, v2.store_id),
            progress,
            cancel,
        )
    with SandboxServer(SandboxStore.demo(), api="toss") as toss:
        reports[DEMO_TOSS_STORE] = sync_payments(
            ledger,
            SyncRequest(date_from, date_to, DEMO_TOSS_STORE, toss.base_url, provider="toss"),
            TossCredentials(toss.secret_key),
            progress,
            cancel,
        )
    for store in (DEMO_V2_STORE, DEMO_TOSS_STORE):
        import_orders(ledger, demo_orders_path(), ImportOptions(store=store), progress, cancel)
    return reports
