"""PortOne V2 (api.portone.io) behind the provider seam.

Maps each V2 payment to a canonical record (adapters/portone_v2/mapping.py, rules stated there
and in the README) and then to a ``payments`` row through storage/payment_names.py, the one place
that knows the ledger still calls ``payment_id``/``order_id`` ``imp_uid``/``merchant_uid``.

Torn windows: V2 gives no trustworthy total, so a window cannot check itself the way V1's do.
A payment that changes status while its window is paged moves to the tail window (its status
time becomes now), and may have shifted a later payment onto a page already read. So when the
tail window (pulled last) holds a payment first seen in an earlier multi-page window of this
run, that window is pulled again and merged into the tail's rows; by then it is stable.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from typing import Any

import httpx

from recon_app.adapters.portone.client import ClientOptions
from recon_app.adapters.portone.paging import MAX_WINDOW_DAYS, Window
from recon_app.adapters.portone_v2.client import DEFAULT_API_BASE, PortOneV2Client
from recon_app.adapters.portone_v2.mapping import (
    CANCEL_FIELDS,
    RECORD_FIELDS,
    MappedPayment,
    OrderIdRule,
    map_payment,
)
from recon_app.adapters.portone_v2.paging import pull_window
from recon_app.domain.errors import CredentialsError
from recon_app.services.providers import CredentialsSpec, PulledWindow, SecretField
from recon_app.storage.payment_names import ledger_column, ledger_row

log = logging.getLogger(__name__)

#: The tail window is read with big pages, one by one: usually one response, a consistent view.
TAIL_PAGE_SIZE = 1000

CREDENTIALS = CredentialsSpec(
    service="recon-app/portone-v2",
    fields=(
        SecretField("api_secret", "PORTONE_API_SECRET", "V2 API 시크릿"),
        SecretField("store_id", "PORTONE_STORE_ID", "상점 아이디(storeId)", required=False),
    ),
)

PAYMENT_FIELDS = tuple(ledger_column(f) for f in RECORD_FIELDS)
_ID = ledger_column("payment_id")


class PortOneV2Session:
    def __init__(self, client: PortOneV2Client, rule: OrderIdRule) -> None:
        self.client = client
        self.rule = rule
        self._lock = threading.Lock()
        #: payment id -> the multi-page window it was first seen in (for the tail's check).
        self._seen_in: dict[str, Window] = {}

    @property
    def requests_sent(self) -> int:
        return self.client.requests_sent

    @property
    def retries(self) -> int:
        return self.client.retries

    @property
    def token_fetches(self) -> int:
        return self.client.tokens.fetches

    def authenticate(self) -> int:
        return self.client.authenticate()

    def _pull(
        self,
        span: Window,
        size: int,
        executor: Executor | None,
        on_items: Callable[[int], None] | None,
        check_cancel: Callable[[], None] | None,
    ) -> tuple[list[MappedPayment], int]:
        where = f"구간 {span}"

        def convert(items: list[Any], number: int) -> list[MappedPayment]:
            try:
                return [map_payment(item, self.rule, index=i) for i, item in enumerate(items)]
            except Exception as exc:
                log.warning("%s %d쪽: %s", where, number, exc)
                raise

        pulled = pull_window(
            self.client,
            span,
            size=size,
            convert=convert,
            key=lambda m: m.record["payment_id"],
            executor=executor,
            on_items=on_items,
            check_cancel=check_cancel,
        )
        return pulled.items, pulled.pages

    def pull(
        self,
        span: Window,
        *,
        page_size: int,
        tail: bool,
        executor: Executor | None,
        on_items: Callable[[int, int | None], None],
        check_cancel: Callable[[], None],
    ) -> PulledWindow:
        def progress(done: int) -> None:
            on_items(done, None)

        if not tail:
            items, pages = self._pull(span, page_size, executor, progress, check_cancel)
            if pages > 1:
                with self._lock:
                    for m in items:
                        self._seen_in.setdefault(m.record["payment_id"], span)
            return window_of(items, pages)
        items, pages = self._pull(span, TAIL_PAGE_SIZE, None, progress, check_cancel)
        with self._lock:
            left = {
                self._seen_in[m.record["payment_id"]]
                for m in items
                if m.record["payment_id"] in self._seen_in
            }
        merged: dict[str, MappedPayment] = {}
        for old in sorted(left, key=lambda w: w.start):
            log.info("payments left window %s while it was paged; pulling it again", old)
            again, more = self._pull(old, page_size, executor, None, check_cancel)
            pages += more
            merged.update((m.record["payment_id"], m) for m in again)
        merged.update((m.record["payment_id"], m) for m in items)  # the tail is the freshest
        return window_of(list(merged.values()), pages)

    def close(self) -> None:
        self.client.close()


def window_of(items: list[MappedPayment], pages: int) -> PulledWindow:
    """Canonical records as ``payments`` rows, cancels by payment id, and the set-aside list."""
    rows = [ledger_row(m.record) for m in items]
    cancels = {row[_ID]: m.cancels for row, m in zip(rows, items, strict=True) if m.cancels}
    set_aside = [
        {"payment_id": m.record["payment_id"], "why": m.set_aside_reason}
        for m in items
        if m.set_aside_reason
    ]
    return PulledWindow(rows, cancels, pages, PAYMENT_FIELDS, CANCEL_FIELDS, set_aside)


class PortOneV2:
    name = "portone-v2"
    label = "PortOne V2"
    default_api_base = DEFAULT_API_BASE
    credentials = CREDENTIALS
    max_window_days = float(MAX_WINDOW_DAYS)

    def open(
        self,
        api_base: str,
        credentials: Any,
        options: ClientOptions | None,
        *,
        settings: Mapping[str, Any],
        transport: httpx.BaseTransport | None,
        sleep: Callable[[float], None],
    ) -> PortOneV2Session:
        if not hasattr(credentials, "api_secret"):
            raise CredentialsError(
                f"이 상점은 {self.label}로 동기화하도록 설정되어 있는데 다른 제공자의 인증 정보가 "
                "주어졌습니다.",
                hint="PortOne V2 API 시크릿를 저장하거나 `recon-app sync --provider ...` 로 제공자를 바꾸세요.",
            )
        client = PortOneV2Client(
            api_base,
            credentials.api_secret,
            options,
            store_id=credentials.store_id,
            transport=transport,
            sleep=sleep,
        )
        return PortOneV2Session(client, OrderIdRule.parse(settings.get("order_id_from")))

    def test_connection(self, api_base: str, credentials: Any) -> None:
        options = ClientOptions(max_attempts=3)
        with PortOneV2Client(
            api_base, credentials.api_secret, options, store_id=credentials.store_id
        ) as client:
            client.authenticate()

    def sandbox(self) -> Any:
        from recon_app.sandbox.server import SandboxServer
        from recon_app.sandbox.store import SandboxStore

        return SandboxServer(SandboxStore.demo(), api="portone-v2")
