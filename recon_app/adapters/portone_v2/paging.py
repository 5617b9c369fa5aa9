"""Complete pulls of one status-change window through ``GET /payments`` (page-based).

* ``page.totalCount`` is titled "실제 반환된 객체 수" in the schema, so it is not trusted as a
  grand total (FACTS §4.2, §8): pages are read until a short page (fewer items than asked).
* ``(page.number + 1) × page.size`` may not exceed 60,000: a window whose last allowed page is
  still full holds more than that, so it is split in two halves and each is pulled on its own
  (recursively), the partial pull thrown away.
* Pages are asked ``PAGES_AHEAD`` at a time when an executor is given (the pages after a short
  one come back empty and are ignored), else one by one.

A payment whose status changes while its window is paged leaves the window (its status time
becomes now), which can shift a later payment onto a page already read. Such payments show up
in the tail window; services/providers/portone_v2.py re-pulls the windows they left.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any

from recon_app.adapters.portone.paging import Window
from recon_app.adapters.portone_v2.client import MAX_PAGE_REACH, PortOneV2Client, V2Page
from recon_app.domain.errors import ApiError

PAGES_AHEAD = 8


@dataclass
class V2WindowPull:
    window: Window
    items: list[Any]  # converted items, one per key, in page order
    pages: int
    splits: int = 0


class _TooManyForOneWindow(Exception):
    pass


def pull_window(
    client: PortOneV2Client,
    window: Window,
    *,
    size: int,
    convert: Callable[[list[Any], int], list[Any]],
    key: Callable[[Any], str],
    executor: Executor | None = None,
    on_items: Callable[[int], None] | None = None,
    check_cancel: Callable[[], None] | None = None,
) -> V2WindowPull:
    """Every payment whose status-change time lies in ``window`` (inclusive seconds)."""
    try:
        items, pages = _pull_once(client, window, size, convert, executor, on_items, check_cancel)
        return V2WindowPull(window, _dedupe(items, key), pages)
    except _TooManyForOneWindow:
        pass
    if window.end <= window.start:
        raise ApiError(
            f"구간 {window}: 1초 안에 결제가 {MAX_PAGE_REACH:,}건을 넘어 나눠 받을 수 없습니다"
        )
    middle = window.start + (window.end - window.start) // 2
    parts = [
        pull_window(
            client,
            half,
            size=size,
            convert=convert,
            key=key,
            executor=executor,
            on_items=on_items,
            check_cancel=check_cancel,
        )
        for half in (Window(window.start, middle), Window(middle + 1, window.end))
    ]
    return V2WindowPull(
        window,
        _dedupe([i for p in parts for i in p.items], key),
        sum(p.pages for p in parts) + MAX_PAGE_REACH // size,
        1 + sum(p.splits for p in parts),
    )


def _dedupe(items: list[Any], key: Callable[[Any], str]) -> list[Any]:
    """One item per payment id; the later page's copy is the fresher one."""
    by_id: dict[str, Any] = {}
    for item in items:
        k = key(item)
        by_id.pop(k, None)
        by_id[k] = item
    return list(by_id.values())


def _pull_once(
    client: PortOneV2Client,
    window: Window,
    size: int,
    convert: Callable[[list[Any], int], list[Any]],
    executor: Executor | None,
    on_items: Callable[[int], None] | None,
    check_cancel: Callable[[], None] | None,
) -> tuple[list[Any], int]:
    size = min(size, MAX_PAGE_REACH)
    last_number = MAX_PAGE_REACH // size - 1
    received = [0]

    def fetch(number: int) -> tuple[V2Page, list[Any]]:
        if check_cancel:
            check_cancel()
        page = client.list_payments(
            number=number, size=size, since=window.start, until=window.end + 1
        )
        converted = convert(page.items, number)
        return page, converted

    out: list[Any] = []
    pages = 0
    number = 0
    while True:
        batch = list(range(number, min(number + (PAGES_AHEAD if executor else 1), last_number + 1)))
        if executor is not None and len(batch) > 1:
            futures: list[Future[tuple[V2Page, list[Any]]]] = [
                executor.submit(fetch, n) for n in batch
            ]
            try:
                results = [f.result() for f in futures]
            except BaseException:
                for f in futures:
                    f.cancel()
                raise
        else:
            results = [fetch(n) for n in batch]
        for page, converted in results:
            pages += 1
            out.extend(converted)
            received[0] += len(converted)
            if on_items:
                on_items(received[0])
            if len(page.items) < size:
                return out, pages
            if page.number == last_number:
                raise _TooManyForOneWindow()
        number = batch[-1] + 1
