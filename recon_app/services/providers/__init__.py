"""The provider seam: what a payment API adapter gives the sync, the GUI and the CLI.

A provider (PortOne V1, PortOne V2, later Toss Payments) is one small object:

* ``name`` ('portone-v1' …, the value of ``stores.provider``) and a ``label`` for people;
* ``credentials``: which secrets it needs, under which keyring entries and environment variables
  (``services/credentials.py`` loads them; nothing else ever sees where they live);
* ``test_connection(api_base, credentials)``: one authenticated request, CredentialsError or
  ApiError when it fails;
* ``open(...)`` → a ``ProviderSession``: authenticate (the server's clock), and ``pull`` one time
  window into canonical payment rows (``PulledWindow``). ``services/syncing.py`` owns everything
  around it that must be the same for every provider: the windows up to now, resume pointers,
  one transaction per window, cancellation, the run record;
* ``sandbox()``: a local server speaking that API, for the demo and the tests.

Rows in a ``PulledWindow`` are ``payments`` rows (storage/payment_names.py maps canonical names
to the ledger's columns), so the writer needs no per-provider code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from recon_app.adapters.portone.paging import Window
from recon_app.domain.errors import InputError


@dataclass(frozen=True)
class SecretField:
    """One secret (or identifier) a provider needs: its keyring entry and environment variable."""

    entry: str  # keyring entry name under the provider's service
    env: str  # environment variable (CI, headless use)
    label: str  # what the user calls it (Korean UI)
    required: bool = True


@dataclass(frozen=True)
class CredentialsSpec:
    """Where a provider's secrets live: keyring service ``{service}/{store}`` and env vars."""

    service: str
    fields: tuple[SecretField, ...]

    def service_name(self, store: str) -> str:
        return f"{self.service}/{store}"


@dataclass
class PulledWindow:
    """One window's payments as ledger rows (one row per payment id), their cancel histories
    and the payments kept out of the month's figures (foreign currency, test channel)."""

    rows: list[dict[str, Any]]
    cancels: dict[str, list[tuple[Any, ...]]]
    pages: int
    payment_fields: Sequence[str]
    cancel_fields: Sequence[str]
    set_aside: list[dict[str, Any]] = field(default_factory=list)


OnPage = Callable[[int, int | None], None]  # (items received so far in the window, total or None)


class ProviderSession(Protocol):
    """An authenticated conversation with one provider's API (thread-safe ``pull``)."""

    @property
    def requests_sent(self) -> int: ...

    @property
    def retries(self) -> int: ...

    @property
    def token_fetches(self) -> int: ...

    def authenticate(self) -> int:
        """Log in (or reuse a token); return the server's clock in unix seconds."""
        ...

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
        """Every payment whose current status time lies in ``span``, complete and consistent."""
        ...

    def close(self) -> None: ...


class PaymentProvider(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def default_api_base(self) -> str: ...

    @property
    def credentials(self) -> CredentialsSpec: ...

    @property
    def max_window_days(self) -> float:
        """The longest window one list request may span (V1: 90 days)."""
        ...

    def open(
        self,
        api_base: str,
        credentials: Any,
        options: Any,
        *,
        settings: Mapping[str, Any],
        transport: httpx.BaseTransport | None,
        sleep: Callable[[float], None],
    ) -> ProviderSession: ...

    def test_connection(self, api_base: str, credentials: Any) -> None: ...

    def sandbox(self) -> Any:
        """A context manager serving this API locally (``base_url``, ``credentials()``)."""
        ...


def provider(name: str) -> PaymentProvider:
    """The provider called ``name`` ('portone-v1', 'portone-v2'); InputError for others."""
    from recon_app.services.providers.portone_v1 import PortOneV1
    from recon_app.services.providers.portone_v2 import PortOneV2
    from recon_app.services.providers.toss import TossDirect

    known: dict[str, PaymentProvider] = {
        "portone-v1": PortOneV1(),
        "portone-v2": PortOneV2(),
        "toss": TossDirect(),
    }
    found = known.get(name)
    if found is None:
        raise InputError(
            f"알 수 없는 결제 제공자입니다: '{name}'",
            hint=f"다음 중 하나를 쓰세요: {', '.join(known)}",
        )
    return found


PROVIDER_NAMES = ("portone-v1", "portone-v2", "toss")
