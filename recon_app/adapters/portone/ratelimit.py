"""A shared request pacer: at most N requests per second across all threads, and a common pause
when the server says 429 + Retry-After (one thread hearing "slow down" stops them all)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class RequestPacer:
    def __init__(
        self,
        max_per_second: float | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_per_second is not None and max_per_second <= 0:
            raise ValueError("max_per_second must be positive")
        self._interval = 1.0 / max_per_second if max_per_second else 0.0
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_slot = 0.0
        self._hold_until = 0.0

    def hold_off(self, seconds: float) -> None:
        """Nobody sends before ``seconds`` from now (Retry-After)."""
        with self._lock:
            self._hold_until = max(self._hold_until, self._clock() + seconds)

    def wait_turn(self) -> None:
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot, self._hold_until)
            self._next_slot = slot + self._interval
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
