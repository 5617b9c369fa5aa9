"""Time windows and complete, consistent pulls of one window.

``GET /payments/status/all`` searches at most 90 days and filters on each payment's *current*
status time (FACTS §2.1), so a sync walks ``[from, now]`` in windows, oldest first, and pulls
every page of each window with ``sorting=started`` (ascending start time: new payments land at
the end instead of pushing older ones onto other pages).

Within a window, page 1 tells ``total``; the remaining pages are fetched in parallel (one
shared ``httpx.Client``, a small thread pool), then ``next`` is followed from the last page until
it is 0, because a page need not hold ``limit`` rows (a server may cap pages below our limit).

If the window changes while we page through it (a payment in it is cancelled, so the later pages
shift by one), a row can slip between two pages. We notice — the pages disagree on ``total`` or
the distinct imp_uids do not add up — and pull the window again.
"""

from __future__ import annotations

import logging
import math
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any

from recon_app.adapters.portone.client import PortOneClient
from recon_app.adapters.portone.errors import ContractError, PortOneHttpError
from recon_app.adapters.portone.schema import Page
from recon_app.domain.display import format_count
from recon_app.domain.errors import ApiError

log = logging.getLogger(__name__)

DAY = 86_400
MAX_WINDOW_DAYS = 90  # the API's limit for one search
MAX_PAGES = 100_000  # beyond any real window; a guard against a server that never says next=0
#: More payments than this in one ≤ 90-day window is a broken response, not a shop: the largest
#: shops this app serves take about a million payments a month.
MAX_WINDOW_TOTAL = 5_000_000
#: Page requests queued at once: the pool works through them, a broken total cannot queue 10^5.
PAGES_IN_FLIGHT = 64


@dataclass(frozen=True)
class Window:
    start: int  # unix seconds, inclusive
    end: int  # unix seconds, inclusive

    def __str__(self) -> str:
        from recon_app.domain.timeutil import format_kst

        return f"{format_kst(self.start)[:10]}~{format_kst(self.end)[:10]}"


def windows(start: int, end: int, days: float = MAX_WINDOW_DAYS) -> list[Window]:
    """Split ``[start, end]`` into consecutive inclusive windows of at most ``days`` days."""
    if not 0 < days <= MAX_WINDOW_DAYS:
        raise ValueError(f"window of {days} days: must be in (0, {MAX_WINDOW_DAYS}]")
    if end < start:
        return []
    step = int(days * DAY)
    out = []
    a = start
    while a <= end:
        b = min(end, a + step - 1)
        out.append(Window(a, b))
        a = b + 1
    return out


@dataclass
class WindowPull:
    window: Window
    payments: list[Any]  # converted payments, deduplicated by imp_uid, in page order
    pages: int  # pages requested (including any re-pull)
    total: int  # the server's total for the window
    attempts: int  # 1 unless the window changed while we paged through it


class WindowChanged(Exception):
    """The window's contents moved while we paged through it."""


PageFn = Callable[[Page], None]


Convert = Callable[[list[Any]], list[Any]]


def _identity(items: list[Any]) -> list[Any]:
    return items


def _raw_uid(item: Any) -> Any:
    return item.get("imp_uid") if isinstance(item, dict) else None


#: The API's largest page: a window that fits on one page is read in one response, i.e. an atomic
#: snapshot that no concurrent change can tear.
MAX_LIMIT = 1000
#: A window still changing after its re-pulls is split in halves down to this length.
MIN_SPLIT_S = 3600


def pull_window(
    client: PortOneClient,
    window: Window,
    *,
    limit: int = 100,
    executor: Executor | None = None,
    on_page: PageFn | None = None,
    check_cancel: Callable[[], None] | None = None,
    max_attempts: int = 3,
    convert: Convert = _identity,
    key: Callable[[Any], Any] = _raw_uid,
) -> WindowPull:
    """Every payment whose current status time lies in ``window``.

    ``convert`` runs on each page's list as soon as it arrives (in the fetching thread, so the
    raw JSON objects can be dropped early and validation overlaps the network wait); it may
    raise to abort the window. ``key`` gives a converted item's imp_uid for de-duplication.

    A busy shop changes statuses all the time, and every change moves a payment out of its old
    window (its status time becomes *now*). If the window changes while we page through it, we
    pull it again with the largest page (fewer pages, fewer chances to tear), and if it still
    moves, in two halves, recursively: small windows fit on one page, and one response is
    consistent. Payments that left a window meanwhile are in the tail window the sync pulls
    last (see services/syncing.py), so the union stays complete.
    """
    pages_used = 0
    for attempt in range(1, max_attempts + 1):
        page_limit = limit if attempt == 1 else max(limit, MAX_LIMIT)
        try:
            items, total, pages = _pull_once(
                client, window, page_limit, executor, on_page, check_cancel, convert
            )
            pages_used += pages
        except WindowChanged as why:
            pages_used += 1
            log.warning("window %s changed while paging (%s); pulling it again", window, why)
            continue
        unique = _dedupe(items, key)
        if len(unique) == total:
            return WindowPull(window, unique, pages_used, total, attempt)
        log.warning(
            "window %s: %d distinct payments for total %d; pulling it again",
            window,
            len(unique),
            total,
        )
    if window.end - window.start + 1 <= MIN_SPLIT_S:
        raise ApiError(
            f"구간 {window}의 결제 목록이 내려받는 동안 계속 바뀌었습니다",
            hint="잠시 뒤 다시 동기화하세요. 받은 구간까지는 저장되어 있습니다.",
        )
    middle = window.start + (window.end - window.start) // 2
    halves = [Window(window.start, middle), Window(middle + 1, window.end)]
    log.warning("window %s keeps changing; pulling it in halves", window)
    parts = [
        pull_window(
            client,
            half,
            limit=MAX_LIMIT,
            executor=executor,
            on_page=on_page,
            check_cancel=check_cancel,
            max_attempts=2,
            convert=convert,
            key=key,
        )
        for half in halves
    ]
    unique = _dedupe([p for part in parts for p in part.payments], key)
    return WindowPull(
        window,
        unique,
        pages_used + sum(p.pages for p in parts),
        sum(p.total for p in parts),
        max_attempts + 1,
    )


def _dedupe(items: list[Any], key: Callable[[Any], Any]) -> list[Any]:
    """Keep one object per imp_uid (the later page's copy is the fresher one)."""
    by_uid: dict[Any, Any] = {}
    for item in items:
        uid = key(item)
        if uid is None or not isinstance(uid, str):
            uid = ("no-uid", id(item))  # the schema check names the problem later
        by_uid.pop(uid, None)
        by_uid[uid] = item
    return list(by_uid.values())


def _pull_once(
    client: PortOneClient,
    window: Window,
    limit: int,
    executor: Executor | None,
    on_page: PageFn | None,
    check_cancel: Callable[[], None] | None,
    convert: Convert,
) -> tuple[list[Any], int, int]:
    def fetch(page: int) -> Page:
        if check_cancel:
            check_cancel()
        try:
            result = client.list_payments(
                page=page,
                limit=limit,
                date_from=window.start,
                date_to=window.end,
                sorting="started",
            )
        except PortOneHttpError as exc:
            # A page past the end is a 400 (FACTS §2.1): the window shrank after page 1 told us
            # its total. Re-pull rather than fail.
            if exc.status == 400 and page > 1:
                raise WindowChanged(f"page {page} → HTTP 400") from None
            raise
        # The page keeps the converted items; the raw JSON objects are garbage from here on.
        result = Page(
            result.page, result.total, result.previous, result.next, convert(result.items)
        )
        if on_page:
            on_page(result)
        return result

    first = fetch(1)
    if not 0 <= first.total <= MAX_WINDOW_TOTAL:
        raise ContractError(
            f"구간 {window}: 서버가 결제 {format_count(first.total)}건이 있다고 답했습니다 "
            f"(한 구간에 {format_count(MAX_WINDOW_TOTAL)}건 초과는 잘못된 응답)",
            field="total",
        )
    pages: dict[int, Page] = {1: first}
    if first.next:
        # How many rows the server really puts on a page (it may cap below our limit).
        per_page = max(len(first.items), 1)
        expected = min(math.ceil(first.total / per_page), MAX_PAGES)
        if executor is not None and expected > 2:
            queued: deque[Future[Page]] = deque()
            upcoming = iter(range(2, expected + 1))
            try:
                for n in upcoming:
                    queued.append(executor.submit(fetch, n))
                    if len(queued) >= PAGES_IN_FLIGHT:
                        page = queued.popleft().result()
                        pages[page.page] = page
                while queued:
                    page = queued.popleft().result()
                    pages[page.page] = page
            except BaseException:
                for fut in queued:
                    fut.cancel()
                raise
        last = pages[max(pages)]
        while last.next:
            if last.next > MAX_PAGES:
                raise ContractError(
                    f"구간 {window}: 페이지가 {MAX_PAGES}쪽을 넘습니다", field="next"
                )
            last = fetch(last.next)
            pages[last.page] = last
    ordered = [pages[n] for n in sorted(pages)]
    # Pages must chain 1..N with next pointing to the following page, and agree on total.
    for idx, page in enumerate(ordered, start=1):
        if page.page != idx:
            raise WindowChanged(f"page {idx} missing")
        if page.total != first.total:
            raise WindowChanged(f"total {first.total} → {page.total}")
        if idx < len(ordered) and page.next != idx + 1:
            raise WindowChanged(f"page {idx} ends early")
    items = [item for page in ordered for item in page.items]
    return items, first.total, len(ordered)
