"""What the desktop app holds on to: one ledger file and the store being worked on.

The GUI must not import ``recon_app.storage`` (layers contract), so the few ledger facts it needs
that no other service offers — which stores exist, which API server a store talks to — are read
and written here. Everything is a plain blocking call; the GUI runs them in its db worker.

The demo store has no real PortOne account: its API base is the marker :data:`DEMO_API_BASE`, and
:func:`sync_store` serves it from a private in-process sandbox, exactly as ``prepare_demo`` does.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select, update

from recon_app.domain.progress import CancelToken, ProgressFn
from recon_app.paths import default_ledger_path
from recon_app.services.credentials import Credentials, load_credentials
from recon_app.services.providers.portone_v1 import DEFAULT_API_BASE
from recon_app.services.syncing import SyncReport, SyncRequest, sync_payments
from recon_app.storage.db import Ledger, open_ledger
from recon_app.storage.stores import list_stores, store_id
from recon_app.storage.tables import stores

#: A store whose payments come from the bundled sandbox (the demo store).
DEMO_API_BASE = "sandbox:demo"


@dataclass(frozen=True)
class StoreInfo:
    name: str
    api_base: str | None
    last_synced_at: int | None


class AppContext:
    """One ledger file (opened lazily, thread-safe) and the current store name.

    ``ledger`` may be first touched from a worker thread; opening is guarded by a lock so two
    workers never migrate the same file at once.
    """

    def __init__(self, ledger_path: Path | None = None, store: str = "default") -> None:
        self.ledger_path = Path(ledger_path) if ledger_path is not None else default_ledger_path()
        self.store = store
        self._ledger: Ledger | None = None
        self._lock = threading.Lock()

    @property
    def ledger(self) -> Ledger:
        with self._lock:
            if self._ledger is None:
                self._ledger = open_ledger(self.ledger_path)
            return self._ledger

    def open(self) -> Ledger:
        """Open (create/migrate) the ledger now; raises LedgerError with a Korean message."""
        return self.ledger

    def close(self) -> None:
        with self._lock:
            if self._ledger is not None:
                self._ledger.close()
                self._ledger = None

    # -- stores ---------------------------------------------------------------------------
    def stores(self) -> list[StoreInfo]:
        with self.ledger.read() as conn:
            rows = list_stores(conn)
        return [
            StoreInfo(str(r["name"]), r.get("api_base"), r.get("last_synced_at"))  # type: ignore[arg-type]
            for r in rows
        ]

    def add_store(self, name: str, api_base: str | None) -> None:
        """Create store ``name`` (if new) and remember which API server it uses."""
        with self.ledger.write() as conn:
            store_id(conn, name)
            conn.execute(update(stores).where(stores.c.name == name).values(api_base=api_base))

    def api_base_of(self, name: str) -> str | None:
        with self.ledger.read() as conn:
            return conn.execute(
                select(stores.c.api_base).where(stores.c.name == name)
            ).scalar_one_or_none()


def sync_store(
    ctx: AppContext,
    store: str,
    date_from: date,
    date_to: date,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> SyncReport:
    """Sync one store's payments: credentials from the keyring, or the sandbox for the demo."""
    api_base = ctx.api_base_of(store) or DEFAULT_API_BASE
    if api_base == DEMO_API_BASE:
        from recon_app.sandbox.server import SandboxServer
        from recon_app.sandbox.store import SandboxStore

        try:
            with SandboxServer(SandboxStore.demo()) as server:
                request = SyncRequest(date_from, date_to, store, server.base_url)
                creds = Credentials(server.imp_key, server.imp_secret)
                return sync_payments(ctx.ledger, request, creds, progress, cancel)
        finally:
            # The sync records the URL it used (a throw-away port); keep the store a demo store.
            ctx.add_store(store, DEMO_API_BASE)
    creds = load_credentials(store)
    return sync_payments(
        ctx.ledger, SyncRequest(date_from, date_to, store, api_base), creds, progress, cancel
    )


@dataclass(frozen=True)
class DemoStore:
    store: str
    month: str


def prepare_demo_store(
    ctx: AppContext, progress: ProgressFn | None = None, cancel: CancelToken | None = None
) -> DemoStore:
    """Fill the demo store (sandbox sync + demo orders) and mark it as a sandbox store.

    Returns the demo store's name and month (the caller switches to it on its own thread). The
    store row is tagged with :data:`DEMO_API_BASE` so a later sync from the app goes to the
    sandbox again instead of to PortOne without credentials.
    """
    from recon_app.services.demo import prepare_demo

    prepared = prepare_demo(ctx.ledger, progress, cancel)
    ctx.add_store(prepared.store, DEMO_API_BASE)
    return DemoStore(prepared.store, prepared.month)
