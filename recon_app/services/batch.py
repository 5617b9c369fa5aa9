"""Every client's month at once, for an accounting office: (sync,) reconcile, VAT reference,
vouchers, Excel report and PDF — one pack per client (services/pack.py) — continuing past a
client that fails and listing the failures at the end.

Clients come from a TOML file (``[[client]]`` with name, ledger, store, sync; paths relative to
the file) or from a folder: each ledger file in it (``*.sqlite3``, ``*.db``) is a client, every
store in it packed. A missing ledger is a failure, never silently created.
"""

from __future__ import annotations

import logging
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from recon_app.adapters.report.csv_writer import write_csv
from recon_app.adapters.report.xlsx import Column
from recon_app.adapters.vouchers.layouts import FORMATS
from recon_app.domain.errors import Cancelled, InputError, ReconError
from recon_app.domain.progress import CancelToken
from recon_app.domain.timeutil import parse_month
from recon_app.services.accounting_map import AccountingMap, load_mapping
from recon_app.services.app_context import AppContext, sync_store
from recon_app.services.pack import pack_month

log = logging.getLogger(__name__)

LEDGER_SUFFIXES = (".sqlite3", ".db")


@dataclass(frozen=True)
class Client:
    name: str
    ledger: Path
    store: str | None = None  # None: every store in the ledger
    sync: bool = False
    mapping: Path | None = None


@dataclass(frozen=True)
class ClientOutcome:
    name: str
    store: str
    ok: bool
    error: str = ""
    folder: Path | None = None
    zip: Path | None = None
    settlement: int = 0
    exceptions: int = 0
    closed: bool = False
    synced: int | None = None  # payments seen by the sync, if one ran
    seconds: float = 0.0


@dataclass
class BatchReport:
    month: str
    outcomes: list[ClientOutcome] = field(default_factory=list)
    summary_file: Path | None = None

    @property
    def failures(self) -> list[ClientOutcome]:
        return [o for o in self.outcomes if not o.ok]


#: (done, total, message) after each client
BatchProgress = Callable[[int, int, str], None]


def read_clients(path: Path) -> list[Client]:
    path = Path(path)
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix.lower() in LEDGER_SUFFIXES)
        if not found:
            raise InputError(
                f"폴더 '{path}'에 원장 파일(*.sqlite3, *.db)이 없습니다.",
                hint="고객별 원장 파일을 넣거나 고객 목록 TOML 파일을 주세요.",
            )
        return [Client(p.stem, p) for p in found]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"고객 목록 '{path}'이(가) 없습니다.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"고객 목록 '{path}'을(를) 읽을 수 없습니다: {exc}") from None
    base = path.parent
    default_mapping = data.get("mapping")
    items = data.get("client")
    if not isinstance(items, list) or not items:
        raise InputError(
            f"{path}: [[client]] 항목이 없습니다.",
            hint='[[client]]\nname = "가나상점"\nledger = "gana.sqlite3" 처럼 적어 주세요.',
        )
    clients = []
    for i, item in enumerate(items, 1):
        where = f"{path}: {i}번째 [[client]]"
        if not isinstance(item, dict) or not isinstance(item.get("ledger"), str):
            raise InputError(f"{where}에 ledger(원장 파일 경로)가 없습니다.")
        ledger = base / item["ledger"]
        mapping = item.get("mapping", default_mapping)
        store = item.get("store")
        clients.append(
            Client(
                name=str(item.get("name") or ledger.stem),
                ledger=ledger,
                store=None if store is None else str(store),
                sync=bool(item.get("sync", False)),
                mapping=None if mapping is None else base / str(mapping),
            )
        )
    return clients


def run_batch(
    clients: list[Client],
    month: str,
    out_dir: Path,
    *,
    sync: bool | None = None,
    mapping: AccountingMap | None = None,
    formats: tuple[str, ...] = FORMATS,
    progress: BatchProgress | None = None,
    cancel: CancelToken | None = None,
) -> BatchReport:
    """Pack every client's month into ``out_dir``; ``sync`` overrides each client's setting."""
    try:
        parse_month(month)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    result = BatchReport(month.strip())
    total = len(clients)
    for done, client in enumerate(clients, 1):
        if cancel is not None and cancel.cancelled:
            raise Cancelled()
        result.outcomes += _run_client(
            client, result.month, out_dir, client.sync if sync is None else sync, mapping, formats
        )
        if progress is not None:
            last = result.outcomes[-1]
            progress(done, total, f"{client.name}: {'완료' if last.ok else '실패 — ' + last.error}")
    result.summary_file = _write_summary(result, out_dir / f"batch-{result.month}.csv")
    return result


def _run_client(
    client: Client,
    month: str,
    out_dir: Path,
    sync: bool,
    mapping: AccountingMap | None,
    formats: tuple[str, ...],
) -> list[ClientOutcome]:
    started = time.perf_counter()
    if not client.ledger.is_file():
        return [
            _failed(
                client, client.store or "", f"원장 파일 '{client.ledger}'이(가) 없습니다.", started
            )
        ]
    ctx = AppContext(client.ledger)
    outcomes = []
    try:
        ctx.open()
        client_mapping = load_mapping(client.mapping) if client.mapping else mapping
        stores = [client.store] if client.store else [s.name for s in ctx.stores()]
        if not stores:
            return [_failed(client, "", "원장에 상점이 없습니다.", started)]
        for store in stores:
            name = client.name if len(stores) == 1 else f"{client.name}-{store}"
            outcomes.append(
                _run_store(ctx, client, name, store, month, out_dir, sync, client_mapping, formats)
            )
    except Cancelled:
        raise
    except ReconError as exc:
        outcomes.append(_failed(client, client.store or "", _message(exc), started))
    finally:
        ctx.close()
    return outcomes


def _run_store(
    ctx: AppContext,
    client: Client,
    name: str,
    store: str,
    month: str,
    out_dir: Path,
    sync: bool,
    mapping: AccountingMap | None,
    formats: tuple[str, ...],
) -> ClientOutcome:
    started = time.perf_counter()
    try:
        synced = None
        if sync:
            year, mon = parse_month(month)
            first = date(year, mon, 1)
            last = date(year + mon // 12, mon % 12 + 1, 1) - timedelta(days=1)
            synced = sync_store(ctx, store, first, min(last, date.today())).payments_seen
        packed = pack_month(ctx.ledger, month, out_dir, store, mapping, formats, name=name)
    except Cancelled:
        raise
    except ReconError as exc:
        return _failed(client, store, _message(exc), started, name)
    except Exception as exc:  # one client's surprise must not stop the office's batch
        log.exception("batch: client %s store %s failed", client.name, store)
        return _failed(
            client, store, f"예기치 못한 오류 ({type(exc).__name__}), 로그를 보세요.", started, name
        )
    s = packed.result.summary
    return ClientOutcome(
        name=name,
        store=store,
        ok=True,
        folder=packed.folder,
        zip=packed.zip,
        settlement=s.settlement,
        exceptions=s.exceptions,
        closed=packed.result.closed is not None,
        synced=synced,
        seconds=time.perf_counter() - started,
    )


def _message(exc: ReconError) -> str:
    return exc.message + (f" ({exc.hint})" if exc.hint else "")


def _failed(
    client: Client, store: str, error: str, started: float, name: str | None = None
) -> ClientOutcome:
    return ClientOutcome(
        name=name or client.name,
        store=store,
        ok=False,
        error=error,
        seconds=time.perf_counter() - started,
    )


def _write_summary(report: BatchReport, path: Path) -> Path:
    columns = (
        Column("name", "고객"),
        Column("store", "상점"),
        Column("state", "결과"),
        Column("settlement", "정산 예정액", "money"),
        Column("exceptions", "확인할 예외", "int"),
        Column("closed", "마감"),
        Column("error", "오류"),
        Column("zip", "묶음 파일"),
    )
    o = report.outcomes
    data: dict[str, list[Any]] = {
        "name": [x.name for x in o],
        "store": [x.store for x in o],
        "state": ["성공" if x.ok else "실패" for x in o],
        "settlement": [x.settlement for x in o],
        "exceptions": [x.exceptions for x in o],
        "closed": ["마감됨" if x.closed else "" for x in o],
        "error": [x.error for x in o],
        "zip": [str(x.zip) if x.zip else "" for x in o],
    }
    return write_csv(path, columns, data)
