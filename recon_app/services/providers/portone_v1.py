"""PortOne V1 (api.iamport.kr) behind the provider seam: the existing client, paging and schema.

Nothing here changes how V1 is read (adapters/portone/*); it only gives the sync the
``ProviderSession`` shape. V1 rows come out of ``schema.parse_payment`` already as ``payments``
rows (the ledger's columns are V1's names), so no renaming happens on this hot path.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from typing import Any

import httpx

from recon_app.adapters.portone import schema
from recon_app.adapters.portone.client import ClientOptions, PortOneClient
from recon_app.adapters.portone.paging import MAX_WINDOW_DAYS, Window, pull_window
from recon_app.domain.errors import CredentialsError
from recon_app.services.providers import CredentialsSpec, PulledWindow, SecretField

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.iamport.kr"
#: The tail window (after the server's now at sync start) holds only what changed during the
#: sync; it is read with the API's largest page so that it is usually one response, i.e. an
#: atomic snapshot, even while a busy shop keeps taking payments.
TAIL_PAGE_SIZE = 1000

CREDENTIALS = CredentialsSpec(
    service="recon-app/portone",
    fields=(
        SecretField("imp_key", "PORTONE_IMP_KEY", "REST API 키"),
        SecretField("imp_secret", "PORTONE_IMP_SECRET", "REST API 시크릿"),
    ),
)


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


class PortOneV1Session:
    def __init__(self, client: PortOneClient) -> None:
        self.client = client

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
        received = [0]
        page_lock = threading.Lock()

        def on_page(page: schema.Page) -> None:
            with page_lock:
                received[0] += len(page.items)
                on_items(received[0], page.total)

        where = f"구간 {span}"
        pulled = pull_window(
            self.client,
            span,
            limit=TAIL_PAGE_SIZE if tail else page_size,
            executor=executor,
            on_page=on_page,
            check_cancel=check_cancel,
            convert=lambda items: parse_page_items(items, where),
            key=lambda parsed: parsed.row["imp_uid"],
        )
        rows, cancels = rows_of(pulled.payments)
        return PulledWindow(
            rows, cancels, pulled.pages, schema.PAYMENT_FIELDS, schema.CANCEL_FIELDS
        )

    def close(self) -> None:
        self.client.close()


class PortOneV1:
    name = "portone-v1"
    label = "PortOne V1 (아임포트)"
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
    ) -> PortOneV1Session:
        if not hasattr(credentials, "imp_secret"):
            raise CredentialsError(
                f"이 상점은 {self.label}로 동기화하도록 설정되어 있는데 다른 제공자의 인증 정보가 "
                "주어졌습니다.",
                hint="PortOne V1 REST API 키/시크릿를 저장하거나 `recon-app sync --provider ...` 로 제공자를 바꾸세요.",
            )
        client = PortOneClient(
            api_base,
            credentials.imp_key,
            credentials.imp_secret,
            options,
            transport=transport,
            sleep=sleep,
        )
        return PortOneV1Session(client)

    def test_connection(self, api_base: str, credentials: Any) -> None:
        options = ClientOptions(max_attempts=3)
        with PortOneClient(api_base, credentials.imp_key, credentials.imp_secret, options) as c:
            c.authenticate()

    def sandbox(self) -> Any:
        from recon_app.sandbox.server import SandboxServer
        from recon_app.sandbox.store import SandboxStore

        return SandboxServer(SandboxStore.demo())
