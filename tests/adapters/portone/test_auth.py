from __future__ import annotations

from recon_app.adapters.portone.auth import TokenCache, TokenGrant


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def make(grants, clock):
    issued = []

    def fetch():
        g = grants[len(issued)]
        issued.append(g)
        return g

    return TokenCache(fetch, clock=clock), issued


def test_lifetime_comes_from_server_times_not_local_clock():
    # The server's clock is years away from ours: only expired_at - now (1800 s) matters.
    clock = Clock()
    cache, issued = make(
        [
            TokenGrant("t1", 5_000_000_000 + 1800, 5_000_000_000),
            TokenGrant("t2", 5_000_000_000 + 3600, 5_000_000_000 + 1800),
        ],
        clock,
    )
    assert cache.get() == "t1"
    clock.t += 1700
    assert cache.get() == "t1" and len(issued) == 1  # 100 s left: still good
    clock.t += 50  # 50 s left < 60 s margin: refresh before expiry
    assert cache.get() == "t2" and len(issued) == 2
    assert cache.server_now() == 5_000_000_000 + 1800


def test_invalidate_only_the_failed_token():
    clock = Clock()
    cache, _issued = make([TokenGrant("t1", 1800, 0), TokenGrant("t2", 1800, 0)], clock)
    cache.get()
    cache.invalidate("other")  # another thread already replaced it: keep
    assert cache.get() == "t1"
    cache.invalidate("t1")
    assert cache.get() == "t2" and cache.fetches == 2


def test_short_lived_tokens_are_not_refreshed_on_every_call():
    clock = Clock()
    cache, _issued = make([TokenGrant("t1", 10, 0), TokenGrant("t2", 10, 0)], clock)
    cache.get()
    clock.t += 4
    assert cache.get() == "t1"
    clock.t += 2  # 4 s left of 10: second half of its life
    assert cache.get() == "t2"


def test_repr_hides_token():
    assert "secret-token" not in repr(TokenGrant("secret-token", 1, 0))
