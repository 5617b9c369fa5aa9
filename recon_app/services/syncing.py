"""Pull every payment of a period from PortOne into the ledger, resumably.

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
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

import httpx

from recon_app.adapters.portone import schema
from recon_app.adapters.portone.client import ClientOptions, PortOneClient, check_api_base
from recon_app.adapters.portone.paging import (
    MAX_WINDOW_DAYS,
    Window,
    WindowPull,
    pull_window,
    windows,
)
from recon_app.domain.display import format_count
from recon_app.domain.errors import Cancelled, InputError, ReconError
from recon_app.domain.progress import CancelToken, ProgressFn, report
from recon_app.domain.timeutil import KST, format_kst
from recon_app.logs import register_secret, scrub
from recon_app.services.credentials import Credentials
from recon_app.storage import payments_repo
from recon_app.storage.db import Ledger
from recon_app.storage.stores import list_stores
from recon_app.storage.stores import store_id as get_store_id

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.iamport.kr"
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
#: The tail window (after the server's now at sync start) holds only what changed during the
#: sync; it is read with the API's largest page so that it is usually one response, i.e. an
#: atomic snapshot, even while a busy shop keeps taking payments.
TAIL_PAGE_SIZE = 1000


@dataclass(frozen=True)
class SyncRequest:
    date_from: date
    date_to: date
    store: str = "default"
    api_base: str = DEFAULT_API_BASE


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
        return lines


@dataclass
class _Tally:
    windows_done: int = 0
    pages: int = 0
    seen: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
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


def parse_page_items(raw_payments: list[Any], where: str) -> list[schema.ParsedPayment]:
    """Validate one page's payments; the first contract breach aborts the whole window."""
    out = []
    for index, item in enumerate(raw_payments):
        if type(item) is schema.ParsedPayment:  # checked already by the client's fast decoder
            out.append(item)
            continue
        try:
            out.append(schema.parse_payment(item, index=index))
        except schema.SchemaError as exc:
            raise exc.as_contract_error(where) from None
    return out


def rows_of(
    parsed: list[schema.ParsedPayment],
) -> tuple[list[dict[str, Any]], dict[str, list[tuple[Any, ...]]]]:
    rows: list[dict[str, Any]] = []
    cancels: dict[str, list[tuple[Any, ...]]] = {}
    for item in parsed:
        uid = item.row["imp_uid"]
        if item.cancels:
            history_total = sum(c[2] for c in item.cancels)
            if history_total != item.row["cancel_amount"]:
                log.warning(
                    "imp_uid=%s: cancel_amount %s but cancel_history sums to %s",
                    uid,
                    item.row["cancel_amount"],
                    history_total,
                )
            cancels[uid] = item.cancels
        rows.append(item.row)
    return rows, cancels


def sync_payments(
    ledger: Ledger,
    request: SyncRequest,
    credentials: Credentials,
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
    """Bring the ledger's payments of ``request``'s period (and everything after it) up to date."""
    started = time.monotonic()
    if concurrency < 1:
        raise InputError(f"--concurrency 는 1 이상이어야 합니다 ({concurrency})")
    if max_requests_per_second is not None and max_requests_per_second <= 0:
        raise InputError(f"--max-rps 는 0보다 커야 합니다 ({max_requests_per_second})")
    if not 0 < window_days <= MAX_WINDOW_DAYS:
        raise InputError(
            f"구간 길이는 0보다 크고 {MAX_WINDOW_DAYS}일 이하여야 합니다 ({window_days})"
        )
    if not 1 <= page_size <= 1000:
        raise InputError(f"페이지 크기는 1~1000 이어야 합니다 ({page_size})")
    range_from, range_to = period_bounds(request.date_from, request.date_to)
    api_base = check_api_base(request.api_base)
    register_secret(credentials.imp_key)
    register_secret(credentials.imp_secret)
    opts = replace(
        options or ClientOptions(),
        max_requests_per_second=max_requests_per_second,
        max_connections=max(concurrency, 2),
    )

    with ledger.write() as conn:
        sid = get_store_id(conn, request.store)
        assert sid is not None
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

    tally = _Tally()
    client = PortOneClient(
        api_base,
        credentials.imp_key,
        credentials.imp_secret,
        opts,
        transport=transport,
        sleep=_cancellable_sleep(cancel),
    )
    executor = (
        ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="portone")
        if concurrency > 1
        else None
    )
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ledger-writer")
    window_pool = ThreadPoolExecutor(max_workers=WINDOWS_IN_FLIGHT, thread_name_prefix="window")
    abort = threading.Event()
    pending: Future[None] | None = None
    end = range_to
    server_now = range_to
    spans: list[Window] = []

    def drain() -> None:
        """Stop downloads; let a window write under way finish (committed windows are kept)."""
        abort.set()
        window_pool.shutdown(wait=True, cancel_futures=True)
        if pending is not None:
            try:
                pending.result()
            except BaseException:
                log.exception("window write failed while stopping sync #%d", run_id)

    try:
        server_now = client.authenticate()
        end = max(range_to, server_now, int(time.time())) + TRAILING_SLACK_S
        # Windows before the server's now are stable: new payments and status changes during the
        # sync get status times from now on, so they land in the tail window, pulled last. (A
        # window reaching past now would grow under a busy shop and never page consistently.)
        stable_end = max(server_now - 1, next_from - 1)
        spans = windows(next_from, stable_end, window_days) + [Window(stable_end + 1, end)]
        total_windows = len(spans)

        def check_cancel() -> None:
            if cancel is not None:
                cancel.raise_if_cancelled()
            if abort.is_set():  # another window failed: stop this one at the next page
                raise Cancelled()

        def write_window(
            span: Window,
            rows: list[dict[str, Any]],
            cancels: dict[str, list[tuple[Any, ...]]],
            pages: int,
            total_windows: int,
        ) -> None:
            with ledger.write() as conn:
                counts = payments_repo.upsert_payments(
                    conn,
                    sid,
                    rows,
                    cancels,
                    payment_fields=schema.PAYMENT_FIELDS,
                    cancel_fields=schema.CANCEL_FIELDS,
                )
                payments_repo.save_progress(
                    conn,
                    run_id,
                    windows_total=total_windows,
                    windows_done=tally.windows_done + 1,
                    pages=tally.pages + pages,
                    payments_seen=tally.seen + len(rows),
                    inserted=tally.inserted + counts.inserted,
                    updated=tally.updated + counts.updated,
                    resume_state={"next_from": span.end + 1},
                )
            # Counted only once committed (one writer thread: no race on the tally).
            tally.windows_done += 1
            tally.pages += pages
            tally.seen += len(rows)
            tally.inserted += counts.inserted
            tally.updated += counts.updated
            tally.unchanged += counts.unchanged
            log.info(
                "sync #%d window %s: %d payments (+%d ~%d)",
                run_id,
                span,
                len(rows),
                counts.inserted,
                counts.updated,
            )

        def pull(i: int, span: Window) -> WindowPull:
            label = f"결제 받는 중 {span} ({i}/{total_windows}구간)"
            received = [0]
            page_lock = threading.Lock()

            def on_page(page: schema.Page) -> None:
                with page_lock:
                    received[0] += len(page.items)
                    report(progress, received[0], page.total, label)

            report(progress, 0, None, label)
            where = f"구간 {span}"
            return pull_window(
                client,
                span,
                limit=TAIL_PAGE_SIZE if i == total_windows else page_size,
                executor=executor,
                on_page=on_page,
                check_cancel=check_cancel,
                convert=lambda items: parse_page_items(items, where),
                key=lambda parsed: parsed.row["imp_uid"],
            )

        # Two windows download at once (when concurrency > 1) so that page 1 of the next window
        # and the tail of this one overlap. Never the window that contains "now": a payment whose
        # status changes mid-sync moves *into* that window (status times only move to the
        # present), so it is pulled after every older window has been, as in a serial walk.
        in_flight: deque[tuple[Window, Future[WindowPull]]] = deque()
        ahead = WINDOWS_IN_FLIGHT if concurrency > 1 else 1
        next_index = 0
        while next_index < total_windows or in_flight:
            while next_index < total_windows and len(in_flight) < ahead:
                if next_index == total_windows - 1 and in_flight:
                    break
                span = spans[next_index]
                next_index += 1
                in_flight.append((span, window_pool.submit(pull, next_index, span)))
            span, fut = in_flight.popleft()
            pulled = fut.result()
            rows, cancels = rows_of(pulled.payments)
            check_cancel()
            # Window i is written on the writer thread while window i+1 downloads; windows still
            # commit strictly in order, so the resume pointer never skips an unwritten window.
            if pending is not None:
                pending.result()
            pending = writer.submit(write_window, span, rows, cancels, pulled.pages, total_windows)
        if pending is not None:
            pending.result()
            pending = None

        with ledger.write() as conn:
            payments_repo.finish_run(conn, run_id, "ok", keep_resume_state=False)
            payments_repo.mark_store_synced(conn, sid, synced_until=server_now, api_base=api_base)
        outcome = "ok"
    except Cancelled:
        drain()
        _close_run(ledger, run_id, "cancelled", "사용자가 취소함")
        raise Cancelled(
            "동기화가 취소되었습니다. 끝난 구간까지는 저장되었고, 같은 기간을 다시 "
            "동기화하면 이어서 받습니다."
        ) from None
    except ReconError as exc:
        drain()
        _close_run(ledger, run_id, "failed", scrub(str(exc)))
        raise
    except BaseException as exc:
        drain()
        _close_run(ledger, run_id, "failed", f"{type(exc).__name__}")
        raise
    finally:
        abort.set()
        window_pool.shutdown(wait=True, cancel_futures=True)
        writer.shutdown(wait=True)
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
        client.close()

    return SyncReport(
        store=request.store,
        run_id=run_id,
        windows=tally.windows_done,
        pages=tally.pages,
        payments_seen=tally.seen,
        inserted=tally.inserted,
        updated=tally.updated,
        seconds=time.monotonic() - started,
        outcome=outcome,
        unchanged=tally.unchanged,
        resumed_from_run=resumed_from,
        range_from=range_from,
        range_end=max(server_now, range_to),
        requests=client.requests_sent,
        retries=client.retries,
        token_fetches=client.tokens.fetches,
    )


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
            run = payments_repo.last_run(conn, int(store["id"]))  # type: ignore[arg-type]
            out.append(
                {
                    **store,
                    "payments": payments_repo.count_payments(conn, int(store["id"])),  # type: ignore[arg-type]
                    "last_run": None
                    if run is None
                    else {k: v for k, v in run.items() if k != "resume_state"},
                }
            )
    return out
