"""Pull every payment of a period from a payment API into the ledger, resumably.

The API is a provider (services/providers: PortOne V1 by default, PortOne V2); this module is
what every provider shares: the windows up to now, resuming, one transaction per window,
cancellation and the run record. The notes below were written for V1; V2 filters on
``statusChangedAt`` the same way (FACTS §4.2), so the same reasoning holds.

Which windows a sync pulls, and why
-----------------------------------
``GET /payments/status/all`` filters on each payment's *current* status time (started_at for
ready, paid_at for paid, cancelled_at for cancelled, failed_at for failed). Every one of those is
≥ started_at, so every payment started or paid in the period has its status time somewhere in
``[period start, now]`` — and nowhere before. A sync of a period therefore pulls all of
``[start of date_from (KST), now]``, oldest window first:

* a payment made in October and refunded in November is found in the November window, carrying
  its latest status and full cancel history;
* a late deposit (ready → paid), a late full cancel and failed → paid all move the payment to a
  status time near *now*, so the trailing windows catch them;
* a **partial** cancel leaves ``status = paid`` and ``paid_at`` unchanged: the payment stays in
  its original window, with a bigger ``cancel_amount`` and a longer ``cancel_history``. No later
  window will ever show it, and PortOne offers no "changed since" filter (``sorting=updated`` only
  orders; the payment object has no updated time to stop at). So **every sync re-pulls the whole
  requested period**, not just what changed since ``stores.synced_until``: that is the only way to
  see partial refunds. The cost is reads; the repository writes only rows that changed.
  Consequence for callers: a partial refund made in November of an *October* sale is seen only
  by a sync whose period includes October — so sync from the first day of the oldest month
  still being reconciled (the GUI should default to the start of the previous month).

Speed: page 1 of a window gives ``total``; the other pages are fetched by ``concurrency`` threads
over one ``httpx.Client`` (optionally capped at ``max_requests_per_second``), each validating its
page as it lands; window N is written by a single writer thread while window N+1 downloads. At
50 ms latency a page costs ~8–12 ms of CPU (JSON decode, checks, upsert), so 8 threads are
needed to hide the latency; beyond that the sync is CPU-bound.

Resuming: each window is upserted in one transaction together with the run's resume pointer
(``sync_runs.resume_state = {"next_from": ...}``). If a run dies (killed, network gone, cancelled),
the next sync of the same store and period within ``RESUME_MAX_AGE_S`` starts at that pointer; the
windows before it were pulled minutes ago. Windows are always recomputed up to the server's now.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

import httpx

from recon_app.adapters.portone.client import ClientOptions, check_api_base
from recon_app.adapters.portone.paging import MAX_WINDOW_DAYS, Window, windows
from recon_app.domain.display import format_count
from recon_app.domain.errors import Cancelled, InputError, ReconError
from recon_app.domain.progress import CancelToken, ProgressFn, report
from recon_app.domain.timeutil import KST, format_kst
from recon_app.logs import register_secret, scrub
from recon_app.services.providers import (
    PaymentProvider,
    ProviderSession,
    PulledWindow,
    provider,
)
from recon_app.services.providers.portone_v1 import (  # noqa: F401 - re-exported for callers
    DEFAULT_API_BASE,
    TAIL_PAGE_SIZE,
    parse_page_items,
    rows_of,
)
from recon_app.storage import payments_repo
from recon_app.storage.db import Ledger
from recon_app.storage.stores import (
    StoreSettings,
    list_stores,
    remember_settings,
    store_settings,
)
from recon_app.storage.stores import store_id as get_store_id

log = logging.getLogger(__name__)

DEFAULT_WINDOW_DAYS = (
    7  # ≤ 90 (API limit); small transactions, fine resume steps, writes overlap downloads
)
DEFAULT_PAGE_SIZE = 100
DEFAULT_CONCURRENCY = 8  # see module docstring: ≥ 6 needed to hide 50 ms latency
RESUME_MAX_AGE_S = 12 * 3600
WINDOWS_IN_FLIGHT = 2
#: The last window reaches this far past the server's now: a payment whose status changes while
#: we sync still lands inside it (``to`` in the future costs nothing).
TRAILING_SLACK_S = 3600


@dataclass(frozen=True)
class SyncRequest:
    date_from: date
    date_to: date
    store: str = "default"
    api_base: str = DEFAULT_API_BASE
    #: None: the provider the store remembers (PortOne V1 for a store that never said).
    provider: str | None = None
    #: None: the store's remembered rule (the payment's own id when it has none).
    order_id_from: str | None = None


@dataclass(frozen=True)
class SyncReport:
    store: str
    run_id: int
    windows: int
    pages: int
    payments_seen: int
    inserted: int
    updated: int
    seconds: float
    outcome: str
    unchanged: int = 0
    resumed_from_run: int | None = None
    range_from: int = 0
    range_end: int = 0
    requests: int = 0
    retries: int = 0
    token_fetches: int = 0
    provider: str = "portone-v1"
    #: Payments stored but kept out of the month's figures (foreign currency, test channel).
    set_aside: tuple[dict[str, Any], ...] = ()

    def summary_lines(self) -> list[str]:
        lines = [
            f"상점 '{self.store}' 결제 동기화 완료 (동기화 #{self.run_id}, {self.seconds:.1f}초)",
            f"  기간: {format_kst(self.range_from)} ~ {format_kst(self.range_end)} KST, "
            f"{self.windows}개 구간, {format_count(self.pages)}쪽",
            f"  받은 결제 {format_count(self.payments_seen)}건: "
            f"새로 추가 {format_count(self.inserted)} · 갱신 {format_count(self.updated)} · "
            f"변경 없음 {format_count(self.unchanged)}",
        ]
        if self.resumed_from_run:
            lines.append(f"  중단된 동기화 #{self.resumed_from_run}을(를) 이어서 받았습니다.")
        if self.retries:
            lines.append(f"  일시적 오류로 {self.retries}번 다시 요청했습니다.")
        if self.set_aside:
            lines.append(
                f"  월 집계에서 뺀 결제 {format_count(len(self.set_aside))}건 (원화가 아니거나 테스트 채널):"
            )
            lines += [f"    {item['payment_id']}: {item['why']}" for item in self.set_aside[:50]]
            if len(self.set_aside) > 50:
                lines.append(f"    … 외 {format_count(len(self.set_aside) - 50)}건")
        return lines


@dataclass
class _Tally:
    windows_done: int = 0
    pages: int = 0
    seen: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    set_aside: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def period_bounds(date_from: date, date_to: date) -> tuple[int, int]:
    """Unix seconds [start of date_from, end of date_to] in KST, both inclusive."""
    if date_to < date_from:
        raise InputError(
            f"기간이 거꾸로입니다: --from {date_from} 이(가) --to {date_to} 보다 늦습니다",
            hint="--from 에 시작일, --to 에 종료일을 쓰세요 (YYYY-MM-DD).",
        )
    start = datetime(date_from.year, date_from.month, date_from.day, tzinfo=KST)
    end = datetime(date_to.year, date_to.month, date_to.day, tzinfo=KST) + timedelta(days=1)
    return int(start.timestamp()), int(end.timestamp()) - 1


def _cancellable_sleep(cancel: CancelToken | None) -> Any:
    def sleep(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while True:
            if cancel is not None:
                cancel.raise_if_cancelled()
            left = deadline - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 0.1))

    return sleep


def resolve_settings(
    ledger: Ledger, store: str, provider_name: str | None, order_id_from: str | None
) -> StoreSettings:
    """What a sync of ``store`` uses: the flags given, else what the store remembers, else
    PortOne V1 and the payment's own id. Validates both (InputError)."""
    with ledger.read() as conn:
        remembered = store_settings(conn, store) or StoreSettings()
    name = provider_name or remembered.provider
    chosen = provider(name)  # InputError for an unknown name
    rule = order_id_from if order_id_from is not None else remembered.order_id_from
    if rule is not None:
        from recon_app.adapters.portone_v2.mapping import OrderIdRule

        try:
            OrderIdRule.parse(rule)
        except ValueError as exc:
            raise InputError(
                f"--order-id-from '{rule}'을(를) 이해할 수 없습니다: {exc}",
                hint="id, custom:KEY 또는 regex:PATTERN (괄호 한 쌍) 중 하나로 쓰세요.",
            ) from None
    return StoreSettings(chosen.name, rule or None)


def _check_options(
    concurrency: int,
    max_requests_per_second: float | None,
    window_days: float,
    page_size: int,
    source: PaymentProvider,
) -> None:
    if concurrency < 1:
        raise InputError(f"--concurrency 는 1 이상이어야 합니다 ({concurrency})")
    if max_requests_per_second is not None and max_requests_per_second <= 0:
        raise InputError(f"--max-rps 는 0보다 커야 합니다 ({max_requests_per_second})")
    longest = min(source.max_window_days, MAX_WINDOW_DAYS)
    if not 0 < window_days <= longest:
        raise InputError(f"구간 길이는 0보다 크고 {longest:g}일 이하여야 합니다 ({window_days})")
    if not 1 <= page_size <= 1000:
        raise InputError(f"페이지 크기는 1~1000 이어야 합니다 ({page_size})")


def _register_secrets(credentials: Any) -> None:
    for value in vars(credentials).values():
        if isinstance(value, str) and value:
            register_secret(value)


def sync_payments(
    ledger: Ledger,
    request: SyncRequest,
    credentials: Any,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    max_requests_per_second: float | None = None,
    options: ClientOptions | None = None,
    window_days: float = DEFAULT_WINDOW_DAYS,
    page_size: int = DEFAULT_PAGE_SIZE,
    transport: httpx.BaseTransport | None = None,
) -> SyncReport:
    """Bring the ledger's payments of ``request``'s period (and everything after it) up to date.

    ``credentials`` are the provider's (services/credentials.py): ``Credentials`` for PortOne V1,
    ``PortOneV2Credentials`` for V2.
    """
    started = time.monotonic()
    settings = resolve_settings(ledger, request.store, request.provider, request.order_id_from)
    source = provider(settings.provider)
    _check_options(concurrency, max_requests_per_second, window_days, page_size, source)
    range_from, range_to = period_bounds(request.date_from, request.date_to)
    api_base = check_api_base(request.api_base)
    _register_secrets(credentials)
    opts = replace(
        options or ClientOptions(),
        max_requests_per_second=max_requests_per_second,
        max_connections=max(concurrency, 2),
    )
    session = source.open(  # no request yet; refuses credentials of another provider
        api_base,
        credentials,
        opts,
        settings={"order_id_from": settings.order_id_from},
        transport=transport,
        sleep=_cancellable_sleep(cancel),
    )
    try:
        sid, run_id, next_from, resumed_from = _start_run(
            ledger, request.store, settings, range_from, range_to
        )
    except BaseException:
        session.close()
        raise
    run = _SyncRun(ledger, session, sid, run_id, progress, cancel, concurrency, page_size)
    try:
        server_now = run.execute(next_from, range_to, window_days)
        _finish_run(ledger, run_id, sid, server_now, api_base)
    finally:
        session.close()
    tally = run.tally
    return SyncReport(
        store=request.store,
        run_id=run_id,
        windows=tally.windows_done,
        pages=tally.pages,
        payments_seen=tally.seen,
        inserted=tally.inserted,
        updated=tally.updated,
        seconds=time.monotonic() - started,
        outcome="ok",
        unchanged=tally.unchanged,
        resumed_from_run=resumed_from,
        range_from=range_from,
        range_end=max(server_now, range_to),
        requests=session.requests_sent,
        retries=session.retries,
        token_fetches=session.token_fetches,
        provider=source.name,
        set_aside=tuple(tally.set_aside),
    )


def _start_run(
    ledger: Ledger, store: str, settings: StoreSettings, range_from: int, range_to: int
) -> tuple[int, int, int, int | None]:
    """(store id, run id, where to start, the run resumed): a dead run of the same period
    within RESUME_MAX_AGE_S is retired and its resume pointer taken over."""
    with ledger.write() as conn:
        sid = get_store_id(conn, store)
        assert sid is not None
        remember_settings(conn, sid, settings)
        previous = payments_repo.resumable_run(
            conn, sid, range_from, range_to, newer_than=int(time.time()) - RESUME_MAX_AGE_S
        )
        next_from = range_from
        if previous is not None:
            resumed = int(previous["resume_state"].get("next_from", range_from))
            if range_from <= resumed <= range_to + 400 * 86400:
                next_from = resumed
        run_id = payments_repo.start_run(
            conn, sid, range_from, range_to, resume_state={"next_from": next_from}
        )
        if previous is not None:
            payments_repo.retire_run(conn, previous["id"], run_id)
    resumed_from = previous["id"] if previous is not None and next_from > range_from else None
    if resumed_from:
        log.info("sync #%d resumes run #%d at %s", run_id, resumed_from, format_kst(next_from))
    return sid, run_id, next_from, resumed_from


def _finish_run(ledger: Ledger, run_id: int, sid: int, server_now: int, api_base: str) -> None:
    with ledger.write() as conn:
        payments_repo.finish_run(conn, run_id, "ok", keep_resume_state=False)
        payments_repo.mark_store_synced(conn, sid, synced_until=server_now, api_base=api_base)


def plan_windows(next_from: int, range_to: int, server_now: int, days: float) -> list[Window]:
    """Stable windows up to the server's now, then one tail window reaching past it.

    Windows before the server's now are stable: new payments and status changes during the sync
    get status times from now on, so they land in the tail window, pulled last. (A window
    reaching past now would grow under a busy shop and never page consistently.)"""
    end = max(range_to, server_now, int(time.time())) + TRAILING_SLACK_S
    stable_end = max(server_now - 1, next_from - 1)
    return windows(next_from, stable_end, days) + [Window(stable_end + 1, end)]


class _SyncRun:
    """One run's downloads and writes: windows pulled two at a time, written in order by one
    writer thread, each window's rows and resume pointer in one transaction."""

    def __init__(
        self,
        ledger: Ledger,
        session: ProviderSession,
        sid: int,
        run_id: int,
        progress: ProgressFn | None,
        cancel: CancelToken | None,
        concurrency: int,
        page_size: int,
    ) -> None:
        self.ledger = ledger
        self.session = session
        self.sid = sid
        self.run_id = run_id
        self.progress = progress
        self.cancel = cancel
        self.concurrency = concurrency
        self.page_size = page_size
        self.tally = _Tally()
        self.abort = threading.Event()
        self.pending: Future[None] | None = None
        self.pages = (
            ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="portone")
            if concurrency > 1
            else None
        )
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ledger-writer")
        self.window_pool = ThreadPoolExecutor(
            max_workers=WINDOWS_IN_FLIGHT, thread_name_prefix="window"
        )

    # -- the run -------------------------------------------------------------------------------
    def execute(self, next_from: int, range_to: int, window_days: float) -> int:
        """Pull and write every window; return the server's clock at the start."""
        try:
            server_now = self.session.authenticate()
            spans = plan_windows(next_from, range_to, server_now, window_days)
            for span, pulled in self.pulled_in_order(spans):
                self.check_cancel()
                self.write_after_previous(span, pulled, len(spans))
            self.wait_for_writes()
            return server_now
        except Cancelled:
            self.drain()
            _close_run(self.ledger, self.run_id, "cancelled", "사용자가 취소함")
            raise Cancelled(
                "동기화가 취소되었습니다. 끝난 구간까지는 저장되었고, 같은 기간을 다시 "
                "동기화하면 이어서 받습니다."
            ) from None
        except ReconError as exc:
            self.drain()
            _close_run(self.ledger, self.run_id, "failed", scrub(str(exc)))
            raise
        except BaseException as exc:
            self.drain()
            _close_run(self.ledger, self.run_id, "failed", f"{type(exc).__name__}")
            raise
        finally:
            self.shutdown()

    def pulled_in_order(self, spans: list[Window]) -> Iterator[tuple[Window, PulledWindow]]:
        """Windows in order as they finish downloading. Two download at once (when concurrency
        > 1) so that page 1 of the next window and the tail of this one overlap. Never the
        window that contains "now": a payment whose status changes mid-sync moves *into* that
        window (status times only move to the present), so it is pulled after every older
        window has been, as in a serial walk."""
        total = len(spans)
        in_flight: deque[tuple[Window, Future[PulledWindow]]] = deque()
        ahead = WINDOWS_IN_FLIGHT if self.concurrency > 1 else 1
        next_index = 0
        while next_index < total or in_flight:
            while next_index < total and len(in_flight) < ahead:
                if next_index == total - 1 and in_flight:
                    break
                span = spans[next_index]
                next_index += 1
                in_flight.append(
                    (span, self.window_pool.submit(self.pull, next_index, total, span))
                )
            span, fut = in_flight.popleft()
            yield span, fut.result()

    def pull(self, index: int, total: int, span: Window) -> PulledWindow:
        label = f"결제 받는 중 {span} ({index}/{total}구간)"
        report(self.progress, 0, None, label)
        return self.session.pull(
            span,
            page_size=self.page_size,
            tail=index == total,
            executor=self.pages,
            on_items=lambda done, expected: report(self.progress, done, expected, label),
            check_cancel=self.check_cancel,
        )

    def check_cancel(self) -> None:
        if self.cancel is not None:
            self.cancel.raise_if_cancelled()
        if self.abort.is_set():  # another window failed: stop this one at the next page
            raise Cancelled()

    # -- writing -------------------------------------------------------------------------------
    def write_after_previous(self, span: Window, pulled: PulledWindow, total: int) -> None:
        """Window i is written on the writer thread while window i+1 downloads; windows still
        commit strictly in order, so the resume pointer never skips an unwritten window."""
        if self.pending is not None:
            self.pending.result()
        self.pending = self.writer.submit(self.write_window, span, pulled, total)

    def wait_for_writes(self) -> None:
        if self.pending is not None:
            self.pending.result()
            self.pending = None

    def write_window(self, span: Window, pulled: PulledWindow, total_windows: int) -> None:
        tally = self.tally
        rows = pulled.rows
        with self.ledger.write() as conn:
            counts = payments_repo.upsert_payments(
                conn,
                self.sid,
                rows,
                pulled.cancels,
                payment_fields=pulled.payment_fields,
                cancel_fields=pulled.cancel_fields,
            )
            payments_repo.save_progress(
                conn,
                self.run_id,
                windows_total=total_windows,
                windows_done=tally.windows_done + 1,
                pages=tally.pages + pulled.pages,
                payments_seen=tally.seen + len(rows),
                inserted=tally.inserted + counts.inserted,
                updated=tally.updated + counts.updated,
                resume_state={"next_from": span.end + 1},
            )
        # Counted only once committed (one writer thread: no race on the tally).
        tally.windows_done += 1
        tally.pages += pulled.pages
        tally.seen += len(rows)
        tally.inserted += counts.inserted
        tally.updated += counts.updated
        tally.unchanged += counts.unchanged
        tally.set_aside += pulled.set_aside
        log.info(
            "sync #%d window %s: %d payments (+%d ~%d)",
            self.run_id,
            span,
            len(rows),
            counts.inserted,
            counts.updated,
        )

    # -- stopping ------------------------------------------------------------------------------
    def drain(self) -> None:
        """Stop downloads; let a window write under way finish (committed windows are kept)."""
        self.abort.set()
        self.window_pool.shutdown(wait=True, cancel_futures=True)
        if self.pending is not None:
            try:
                self.pending.result()
            except BaseException:
                log.exception("window write failed while stopping sync #%d", self.run_id)

    def shutdown(self) -> None:
        self.abort.set()
        self.window_pool.shutdown(wait=True, cancel_futures=True)
        self.writer.shutdown(wait=True)
        if self.pages is not None:
            self.pages.shutdown(wait=True, cancel_futures=True)


def _close_run(ledger: Ledger, run_id: int, outcome: str, error: str) -> None:
    try:
        with ledger.write() as conn:
            payments_repo.finish_run(conn, run_id, outcome, error=error[:2000])
    except Exception:
        log.exception("could not record the end of sync #%d", run_id)


def last_sync(ledger: Ledger, store: str = "default") -> dict[str, Any] | None:
    """The store's latest sync run (finished_at, outcome, counts, error) or None."""
    with ledger.read() as conn:
        sid = get_store_id(conn, store, create=False)
        if sid is None:
            return None
        run = payments_repo.last_run(conn, sid)
    if run is None:
        return None
    run.pop("resume_state", None)
    return run


def store_overview(ledger: Ledger) -> list[dict[str, Any]]:
    """Every store with its payment count and latest sync (for `recon-app stores` and the GUI)."""
    with ledger.read() as conn:
        out = []
        for store in list_stores(conn):
            sid = int(str(store["id"]))
            run = payments_repo.last_run(conn, sid)
            out.append(
                {
                    **store,
                    "payments": payments_repo.count_payments(conn, sid),
                    "last_run": None
                    if run is None
                    else {k: v for k, v in run.items() if k != "resume_state"},
                }
            )
    return out
