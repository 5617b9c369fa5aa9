"""SandboxStore: the thread-safe truth the sandbox API serves, and the ways a test changes it.

Payments are stored copy-on-write: a mutation builds a new dict and swaps it in, so a request
that already took a payment (or a page of them) keeps a consistent snapshot while another thread
cancels or adds payments. Query results are cached per store version, so paging through 100k
payments costs one filter+sort per window, not one per page.
"""

from __future__ import annotations

import copy
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from recon_app.sandbox.payment import (
    STATUSES,
    complete,
    status_time,
    updated_time,
    with_cancel,
    with_deposit,
    with_failure,
)

SORTINGS = ("-started", "started", "-paid", "paid", "-updated", "updated")

_SORT_KEYS = {
    "started": lambda p: (p["started_at"], p["imp_uid"]),
    "paid": lambda p: (p["paid_at"], p["imp_uid"]),
    "updated": lambda p: (updated_time(p), p["imp_uid"]),
}


class SandboxStore:
    """In-memory PortOne payments plus a clock. All methods are safe to call from any thread."""

    def __init__(
        self, payments: Iterable[Mapping[str, Any]] = (), *, now: int | None = None
    ) -> None:
        self._lock = threading.RLock()
        self._now = now
        self._by_uid: dict[str, dict[str, Any]] = {}
        self._by_merchant: dict[str, list[str]] = {}
        self._version = 0
        self._cache: OrderedDict[tuple, list[dict[str, Any]]] = OrderedDict()
        for p in payments:
            self.add(p)

    # ---- construction -------------------------------------------------------------------------
    @classmethod
    def demo(cls) -> SandboxStore:
        """The fixed demo shop around DEMO_MONTH (see recon_app.sandbox.demo)."""
        from recon_app.sandbox.demo import demo_payments

        return cls._from_complete(demo_payments())

    @classmethod
    def generate(
        cls,
        n_payments: int = 1000,
        seed: int = 1,
        start: int | date | datetime | None = None,
        end: int | date | datetime | None = None,
    ) -> SandboxStore:
        """Seeded realistic payments (deterministic per arguments); 100k take about a second."""
        from recon_app.sandbox.generate import gc_paused, generate_payments

        with gc_paused():
            return cls._from_complete(
                generate_payments(n_payments, seed=seed, start=start, end=end)
            )

    @classmethod
    def _from_complete(cls, payments: list[dict[str, Any]]) -> SandboxStore:
        # Generated payments are already complete and fresh; skip add()'s per-payment checks.
        store = cls()
        by_uid = store._by_uid
        by_merchant = store._by_merchant
        for p in payments:
            uid = p["imp_uid"]
            if uid in by_uid:
                raise ValueError(f"duplicate imp_uid {uid}")
            by_uid[uid] = p
            by_merchant.setdefault(p["merchant_uid"], []).append(uid)
        return store

    # ---- clock --------------------------------------------------------------------------------
    def now(self) -> int:
        """Sandbox time in unix seconds: the time set by set_now(), else the real clock."""
        with self._lock:
            return int(time.time()) if self._now is None else self._now

    def set_now(self, ts: int | None) -> None:
        """Freeze the clock at ``ts`` (None = follow the real clock again)."""
        with self._lock:
            self._now = None if ts is None else int(ts)

    def advance(self, seconds: int) -> int:
        """Move a frozen clock forward (freezing it at the current time first)."""
        with self._lock:
            self._now = self.now() + int(seconds)
            return self._now

    # ---- reading ------------------------------------------------------------------------------
    @property
    def version(self) -> int:
        """Bumped by every mutation (lets callers notice that the data changed)."""
        return self._version

    def __len__(self) -> int:
        return len(self._by_uid)

    def payments(self) -> list[dict[str, Any]]:
        """Deep copies of every payment, in insertion order, exactly as the API returns them."""
        with self._lock:
            snapshot = list(self._by_uid.values())
        return [copy.deepcopy(p) for p in snapshot]

    def stored_objects(self) -> list[dict[str, Any]]:
        """The stored payment dicts themselves (not copies), for the server's encoding cache.
        Never mutate them: every change swaps in a new dict, which is what keeps caches exact."""
        with self._lock:
            return list(self._by_uid.values())

    def get(self, imp_uid: str) -> dict[str, Any] | None:
        with self._lock:
            p = self._by_uid.get(imp_uid)
        return copy.deepcopy(p) if p is not None else None

    def by_merchant_uid(self, merchant_uid: str) -> list[dict[str, Any]]:
        """Every payment with that merchant_uid (retries and duplicates share one), as copies."""
        with self._lock:
            found = [self._by_uid[u] for u in self._by_merchant.get(merchant_uid, ())]
        return [copy.deepcopy(p) for p in found]

    # The three below return the store's own (never mutated) dicts: for the API, read-only.
    def _lookup(self, imp_uid: str) -> dict[str, Any] | None:
        with self._lock:
            return self._by_uid.get(imp_uid)

    def _for_merchant(
        self, merchant_uid: str, status: str | None, sorting: str
    ) -> list[dict[str, Any]]:
        with self._lock:
            found = [self._by_uid[u] for u in self._by_merchant.get(merchant_uid, ())]
        if status and status != "all":
            found = [p for p in found if p["status"] == status]
        return _sorted(found, sorting)

    def _query(self, status: str, from_: int, to: int, sorting: str) -> list[dict[str, Any]]:
        """Payments whose current status matches and whose status time is in [from_, to]."""
        with self._lock:
            key = (self._version, status, from_, to, sorting)
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
            snapshot = list(self._by_uid.values())
        if status == "all":
            found = [p for p in snapshot if from_ <= status_time(p) <= to]
        else:
            found = [p for p in snapshot if p["status"] == status and from_ <= status_time(p) <= to]
        result = _sorted(found, sorting)
        with self._lock:
            if key[0] == self._version:
                self._cache[key] = result
                while len(self._cache) > 16:
                    self._cache.popitem(last=False)
        return result

    # ---- mutation -----------------------------------------------------------------------------
    def add(self, payment: Mapping[str, Any]) -> dict[str, Any]:
        """Add one payment. Missing fields get defaults (see payment.complete); returns a copy."""
        with self._lock:
            p = complete(payment, now=self.now())
            if p["imp_uid"] in self._by_uid:
                raise ValueError(f"imp_uid {p['imp_uid']} already exists")
            self._by_uid[p["imp_uid"]] = p
            self._by_merchant.setdefault(p["merchant_uid"], []).append(p["imp_uid"])
            self._bump()
            return copy.deepcopy(p)

    def update(self, imp_uid: str, **fields: Any) -> dict[str, Any]:
        """Replace some fields of a payment as they are (a test's blunt instrument)."""
        with self._lock:
            old = self._existing(imp_uid)
            if "imp_uid" in fields or "merchant_uid" in fields:
                raise ValueError("imp_uid and merchant_uid cannot change")
            new = complete({**old, **fields}, now=self.now())
            self._by_uid[imp_uid] = new
            self._bump()
            return copy.deepcopy(new)

    def cancel(
        self,
        imp_uid: str,
        amount: int | None = None,
        at: int | None = None,
        reason: str = "고객 요청 취소",
    ) -> dict[str, Any]:
        """Cancel ``amount`` (None = the whole remaining balance) of a paid payment at ``at``.

        A partial cancel keeps the payment ``paid`` (cancel_amount grows, a cancel_history entry
        is added); when the cancels reach the amount it becomes ``cancelled`` with cancelled_at.
        """
        with self._lock:
            at = self.now() if at is None else int(at)
            return self._replace(with_cancel(self._existing(imp_uid), amount, at, reason))

    def deposit(self, imp_uid: str, at: int | None = None) -> dict[str, Any]:
        """A virtual account (``ready`` vbank payment) receives its deposit: it becomes ``paid``."""
        with self._lock:
            at = self.now() if at is None else int(at)
            return self._replace(with_deposit(self._existing(imp_uid), at))

    def fail(
        self, imp_uid: str, at: int | None = None, reason: str = "결제 실패"
    ) -> dict[str, Any]:
        """A ``ready`` payment fails (user closed the window, card declined...)."""
        with self._lock:
            at = self.now() if at is None else int(at)
            return self._replace(with_failure(self._existing(imp_uid), at, reason))

    def _replace(self, new: dict[str, Any]) -> dict[str, Any]:
        self._by_uid[new["imp_uid"]] = new
        self._bump()
        return copy.deepcopy(new)

    def _existing(self, imp_uid: str) -> dict[str, Any]:
        try:
            return self._by_uid[imp_uid]
        except KeyError:
            raise KeyError(f"no payment {imp_uid}") from None

    def _bump(self) -> None:
        self._version += 1
        self._cache.clear()


def _sorted(payments: list[dict[str, Any]], sorting: str) -> list[dict[str, Any]]:
    if sorting not in SORTINGS:
        raise ValueError(f"bad sorting {sorting!r}")
    return sorted(payments, key=_SORT_KEYS[sorting.lstrip("-")], reverse=sorting.startswith("-"))


__all__ = ["SORTINGS", "STATUSES", "SandboxStore"]
