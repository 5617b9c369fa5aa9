"""Toss Payments direct behind the provider seam.

A window is read from ``GET /v1/transactions`` (one record per approval or cancel, by
``transactionAt``; cursor ``startingAfter``, read until a page shorter than asked), and every
payment it names is then looked up whole (``GET /v1/payments/{paymentKey}``: cancels, method,
easy-pay provider, virtual account), in parallel on the sync's page threads. Records are fixed
at their time, so a stable window cannot tear; a payment refunded later shows up again in the
window of its refund, as in V1 and V2. Mapping rules: adapters/toss/mapping.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from typing import Any

import httpx

from recon_app.adapters.portone.client import ClientOptions
from recon_app.adapters.portone.paging import MAX_WINDOW_DAYS, Window
from recon_app.adapters.portone_v2.mapping import MappedPayment, OrderIdRule
from recon_app.adapters.toss.client import DEFAULT_API_BASE, MAX_LIMIT, TossClient
from recon_app.adapters.toss.mapping import map_toss_payment
from recon_app.domain.errors import CredentialsError
from recon_app.services.providers import CredentialsSpec, PulledWindow, SecretField
from recon_app.services.providers.portone_v2 import window_of

CREDENTIALS = CredentialsSpec(
    service="recon-app/toss",
    fields=(SecretField("secret_key", "TOSS_SECRET_KEY", "토스페이먼츠 시크릿 키"),),
)
#: Pages of the tail window (what changed during the sync) are as big as the API allows.
TAIL_LIMIT = MAX_LIMIT


class TossSession:
    def __init__(self, client: TossClient, rule: OrderIdRule) -> None:
        self.client = client
        self.rule = rule

    @property
    def requests_sent(self) -> int:
        return self.client.requests_sent

    @property
    def retries(self) -> int:
        return self.client.retries

    @property
    def token_fetches(self) -> int:
        return 0  # Basic auth on every call: no tokens

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
        limit = TAIL_LIMIT if tail else page_size
        keys: dict[str, None] = {}  # payment keys in first-seen order
        seen_tx: set[str] = set()
        after: str | None = None
        pages = 0
        while True:
            check_cancel()
            records = self.client.transactions(
                since=span.start, until=span.end, after=after, limit=limit
            )
            pages += 1
            for r in records:
                tx, key = r.get("transactionKey"), r.get("paymentKey")
                if isinstance(tx, str) and tx not in seen_tx and isinstance(key, str) and key:
                    seen_tx.add(tx)
                    keys[key] = None
            if len(records) < limit:
                break
            last = records[-1].get("transactionKey")
            if not isinstance(last, str) or last == after:
                break
            after = last
        total = len(keys)

        def look_up(key: str) -> MappedPayment:
            check_cancel()
            return map_toss_payment(self.client.payment(key), self.rule)

        done: list[MappedPayment] = []
        if executor is not None and total > 1:
            for m in executor.map(look_up, keys):
                done.append(m)
                on_items(len(done), total)
        else:
            for key in keys:
                done.append(look_up(key))
                on_items(len(done), total)
        return window_of(done, pages)

    def close(self) -> None:
        self.client.close()


class TossDirect:
    name = "toss"
    label = "토스페이먼츠 (직접 계약)"
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
    ) -> TossSession:
        if not hasattr(credentials, "secret_key"):
            raise CredentialsError(
                f"이 상점은 {self.label}로 동기화하도록 설정되어 있는데 다른 제공자의 인증 정보가 "
                "주어졌습니다.",
                hint="토스페이먼츠 시크릿 키를 저장하거나 `recon-app sync --provider ...` 로 "
                "제공자를 바꾸세요.",
            )
        client = TossClient(
            api_base, credentials.secret_key, options, transport=transport, sleep=sleep
        )
        return TossSession(client, OrderIdRule.parse(settings.get("order_id_from")))

    def test_connection(self, api_base: str, credentials: Any) -> None:
        with TossClient(api_base, credentials.secret_key, ClientOptions(max_attempts=3)) as c:
            c.authenticate()

    def sandbox(self) -> Any:
        from recon_app.sandbox.server import SandboxServer
        from recon_app.sandbox.store import SandboxStore

        return SandboxServer(SandboxStore.demo(), api="toss")
