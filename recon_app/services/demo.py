"""The built-in demo store: the bundled sandbox stands in for PortOne, no credentials needed.

``prepare_demo`` fills a ledger the way a real month starts — sync the PGs' payments over real
HTTP (from a sandbox on 127.0.0.1), import the shop's order export — and ``run_demo`` finishes the
job headless (reconcile, Excel + JSON), which is what ``recon-app demo`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from recon_app.domain.progress import CancelToken, ProgressFn
from recon_app.domain.timeutil import KST
from recon_app.paths import resource_path
from recon_app.sandbox.demo import DEMO_MONTH, demo_orders_path
from recon_app.sandbox.server import SandboxServer
from recon_app.sandbox.store import SandboxStore
from recon_app.services.bank_import import BankImportReport, import_bank_statement
from recon_app.services.credentials import Credentials
from recon_app.services.exporting import export_json, export_xlsx
from recon_app.services.importing import ImportOptions, ImportReport, import_orders
from recon_app.services.payouts import PayoutReport, payouts_month
from recon_app.services.reconciling import ReconResult, reconcile_month
from recon_app.services.syncing import SyncReport, SyncRequest, sync_payments
from recon_app.storage.db import Ledger, open_ledger

DEMO_STORE = "demo"
#: The demo shop's bank account; its statement (tools/make_demo_bank_statement.py) has one PG
#: payout missing and one arriving short.
DEMO_ACCOUNT = "데모 사업자 통장"


def demo_bank_path() -> Path:
    return resource_path("demo", f"bank_{DEMO_MONTH}.csv")


@dataclass(frozen=True)
class DemoPrepared:
    month: str
    store: str
    sync: SyncReport
    orders: ImportReport
    bank: BankImportReport


@dataclass(frozen=True)
class DemoResult:
    prepared: DemoPrepared
    result: ReconResult
    xlsx: Path
    json: Path
    payouts: PayoutReport


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
    bank = import_bank_statement(ledger, demo_bank_path(), store=DEMO_STORE, account=DEMO_ACCOUNT)
    return DemoPrepared(DEMO_MONTH, DEMO_STORE, synced, orders, bank)


def run_demo(
    out_dir: Path, progress: ProgressFn | None = None, cancel: CancelToken | None = None
) -> DemoResult:
    """The whole monthly job on the demo store; reports land in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ledger = open_ledger(out_dir / "demo-ledger.sqlite3")
    try:
        prepared = prepare_demo(ledger, progress, cancel)
        result = reconcile_month(ledger, prepared.month, prepared.store, None, progress, cancel)
        payouts = payouts_month(ledger, prepared.month, prepared.store, fees=result.fees)
        xlsx = export_xlsx(
            result,
            out_dir / f"recon-{prepared.month}.xlsx",
            progress=progress,
            cancel=cancel,
            payouts=payouts,
        )
        js = export_json(result, out_dir / f"recon-{prepared.month}.json")
    finally:
        ledger.close()
    return DemoResult(prepared, result, xlsx, js, payouts)
