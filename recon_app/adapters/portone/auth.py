"""Access-token cache for ``POST /users/getToken``.

A token lives 30 minutes. How long *this* one has left is ``expired_at - now`` from the same
response (server clock, Google NTP), never ``expired_at - time.time()``: a desktop clock minutes
off would otherwise refresh constantly or send expired tokens (FACTS §1.1, pitfalls 3 and 4). We
anchor that lifetime to ``time.monotonic()`` at receipt, which wall-clock jumps cannot move.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

#: Refresh when fewer than this many seconds are left (the API extends a token asked for in its
#: last minute, and a request must not set off with a token about to die in flight).
REFRESH_MARGIN_S = 60.0


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    expired_at: int  # server unix seconds
    now: int  # server unix seconds when issued

    def __repr__(self) -> str:  # the token never reaches a log through repr()
        return f"TokenGrant(access_token='***', expired_at={self.expired_at}, now={self.now})"

    @property
    def lifetime(self) -> int:
        return self.expired_at - self.now


class TokenCache:
    """Thread-safe: one getToken at a time, shared by every page-fetching thread."""

    def __init__(
        self,
        fetch: Callable[[], TokenGrant],
        *,
        clock: Callable[[], float] = time.monotonic,
        margin: float = REFRESH_MARGIN_S,
    ) -> None:
        self._fetch = fetch
        self._clock = clock
        self._margin = margin
        self._lock = threading.Lock()
        self._grant: TokenGrant | None = None
        self._received = 0.0  # monotonic time the grant arrived
        self.fetches = 0

    def _remaining(self) -> float:
        assert self._grant is not None
        return self._grant.lifetime - (self._clock() - self._received)

    def _usable(self) -> bool:
        if self._grant is None:
            return False
        # A server that hands out short tokens (< 2 min) must not make us refresh on every call:
        # then refresh only in the second half of the token's life.
        margin = min(self._margin, self._grant.lifetime / 2)
        return self._remaining() > margin

    def get(self) -> str:
        with self._lock:
            if not self._usable():
                self._grant = self._fetch()
                self._received = self._clock()
                self.fetches += 1
            assert self._grant is not None
            return self._grant.access_token

    def invalidate(self, token: str) -> None:
        """Forget ``token`` after a 401 — unless another thread has already replaced it."""
        with self._lock:
            if self._grant is not None and self._grant.access_token == token:
                self._grant = None

    def server_now(self) -> int | None:
        """The server's clock now (its ``now`` at issue plus local monotonic time since)."""
        with self._lock:
            if self._grant is None:
                return None
            return int(self._grant.now + (self._clock() - self._received))
