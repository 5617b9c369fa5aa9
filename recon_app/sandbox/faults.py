"""Switchable faults for client tests: what a flaky network and a strict API do to a sync.

Each fault arms a counter for the next ``n`` requests (optionally only those whose path starts
with ``only``, e.g. ``"/payments"`` to spare getToken). A request gets at most one of 429 /
5xx / dropped connection (checked in that order); a ``slow`` delay can come on top. Every fault
that fired is logged in ``fired`` as ``(kind, method, path)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Armed:
    kind: str
    remaining: int
    only: str | None
    status: int = 0
    seconds: float = 0.0
    html: bool = False


@dataclass(frozen=True)
class Decision:
    """What the server does to one request before (or instead of) answering it."""

    delay: float = 0.0
    status: int = 0  # 429 / 5xx to answer instead of the real reply, 0 = none
    retry_after: float = 0.0
    html: bool = False
    drop: bool = False


class Faults:
    """Armed faults plus call-after hooks; thread-safe. Owned by a SandboxServer."""

    def __init__(self, expire_tokens: Callable[[], None]) -> None:
        self._lock = threading.Lock()
        self._armed: list[_Armed] = []
        self._hooks: list[list] = []  # [remaining, fn]
        self._expire_tokens = expire_tokens
        self.fired: list[tuple[str, str, str]] = []

    # ---- arming -------------------------------------------------------------------------------
    def rate_limit(self, n: int = 3, retry_after: float = 1, *, only: str | None = None) -> None:
        """The next ``n`` requests get 429 Too Many Requests with a ``Retry-After`` header."""
        self._arm(_Armed("rate_limit", n, only, status=429, seconds=retry_after))

    def server_error(
        self, n: int = 2, status: int = 503, *, html: bool = False, only: str | None = None
    ) -> None:
        """The next ``n`` requests get ``status`` (5xx); ``html=True`` sends a proxy's HTML page
        instead of the JSON envelope, as a load balancer in front of the API would."""
        if not 500 <= status <= 599:
            raise ValueError("server_error status must be 5xx")
        self._arm(_Armed("server_error", n, only, status=status, html=html))

    def slow(self, n: int = 1, seconds: float = 3.0, *, only: str | None = None) -> None:
        """The next ``n`` requests are answered only after ``seconds`` (cut short by stop())."""
        self._arm(_Armed("slow", n, only, seconds=seconds))

    def drop_connection(self, n: int = 1, *, only: str | None = None) -> None:
        """The next ``n`` requests get their status line, headers and half the body, then the
        connection is closed (the client sees an incomplete read)."""
        self._arm(_Armed("drop_connection", n, only))

    def expire_tokens(self) -> None:
        """Every token issued so far answers 401 from now on (token expiry mid-sync)."""
        self._expire_tokens()

    def call_after(self, n: int, fn: Callable[[], object]) -> None:
        """Run ``fn()`` once, after ``n`` more requests have arrived and before the next one is
        handled (n=0: before the very next request). For changing the store mid-sync, e.g.
        ``call_after(2, lambda: store.add(...))`` or ``call_after(5, faults.expire_tokens)``."""
        if n < 0:
            raise ValueError("n must be >= 0")
        with self._lock:
            self._hooks.append([n, fn])

    def clear(self) -> None:
        """Disarm everything (hooks included)."""
        with self._lock:
            self._armed.clear()
            self._hooks.clear()

    def pending(self) -> int:
        """Requests still to be hit by armed faults (sum of counters), for test assertions."""
        with self._lock:
            return sum(a.remaining for a in self._armed)

    def _arm(self, armed: _Armed) -> None:
        if armed.remaining < 1:
            raise ValueError("n must be >= 1")
        with self._lock:
            self._armed.append(armed)

    # ---- used by the server -------------------------------------------------------------------
    def due_hooks(self) -> list[Callable[[], object]]:
        """Hooks whose time has come at this request (counts the request for the others)."""
        due = []
        with self._lock:
            keep = []
            for hook in self._hooks:
                if hook[0] <= 0:
                    due.append(hook[1])
                else:
                    hook[0] -= 1
                    keep.append(hook)
            self._hooks = keep
        return due

    def decide(self, method: str, path: str) -> Decision:
        with self._lock:

            def first(kind: str) -> _Armed | None:
                return next(
                    (
                        a
                        for a in self._armed
                        if a.kind == kind
                        and a.remaining > 0
                        and (not a.only or path.startswith(a.only))
                    ),
                    None,
                )

            delay = 0.0
            slow = first("slow")
            if slow:
                slow.remaining -= 1
                delay = slow.seconds
                self.fired.append(("slow", method, path))
            chosen = first("rate_limit") or first("server_error") or first("drop_connection")
            if chosen:
                chosen.remaining -= 1
                self.fired.append((chosen.kind, method, path))
            self._armed = [a for a in self._armed if a.remaining > 0]
        if chosen is None:
            return Decision(delay=delay)
        if chosen.kind == "drop_connection":
            return Decision(delay=delay, drop=True)
        return Decision(
            delay=delay, status=chosen.status, retry_after=chosen.seconds, html=chosen.html
        )
