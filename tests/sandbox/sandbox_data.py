"""A small sandbox store with known payments (plus generated ones), shared by the sandbox tests."""

from __future__ import annotations

from datetime import datetime

from recon_app.domain.timeutil import KST
from recon_app.sandbox.generate import FastRandom, PaymentFactory
from recon_app.sandbox.store import SandboxStore


def kst(*args: int) -> int:
    return int(datetime(*args, tzinfo=KST).timestamp())


# Known payments (besides 400 generated ones, Aug–Oct 2026):
OCT_PAID = "imp_900000000001"  # card, paid 2026-10-10 12:00:30, merchant K-PAID
OCT_TO_NOV = "imp_900000000002"  # paid 2026-10-05, fully cancelled 2026-11-03 (K-REFUND)
PARTIAL = "imp_900000000003"  # paid 2026-10-12, 5,000 of 30,000 cancelled 2026-10-20 (K-PART)
VBANK_READY = "imp_900000000004"  # unpaid virtual account issued 2026-10-14 (K-VBANK)
FAILED = "imp_900000000005"  # failed 2026-10-15 (K-RETRY), then paid again:
RETRY_PAID = "imp_900000000006"  # paid 2026-10-15 10:05 (K-RETRY)
DUP_1 = "imp_900000000007"  # two paid payments for K-DUP, 10 s apart
DUP_2 = "imp_900000000008"


def build_store() -> SandboxStore:
    store = SandboxStore.generate(400, seed=11, start=kst(2026, 8, 1), end=kst(2026, 11, 1))
    f = PaymentFactory(FastRandom(5))

    def checkout(uid: str, merchant: str, method: str, amount: int, at: int) -> dict:
        return f.checkout(
            uid,
            merchant,
            "html5_inicis" if method != "kakaopay" else "kakaopay",
            method,
            amount,
            at,
            "린넨 셔츠",
        )

    t = kst(2026, 10, 10, 12, 0)
    store.add(f.paid(checkout(OCT_PAID, "K-PAID", "card", 39_000, t), t + 30))
    t = kst(2026, 10, 5, 9, 0)
    store.add(f.paid(checkout(OCT_TO_NOV, "K-REFUND", "card", 52_000, t), t + 40))
    store.cancel(OCT_TO_NOV, at=kst(2026, 11, 3, 15, 0), reason="반품")
    t = kst(2026, 10, 12, 18, 0)
    store.add(f.paid(checkout(PARTIAL, "K-PART", "kakaopay", 30_000, t), t + 20))
    store.cancel(PARTIAL, 5_000, at=kst(2026, 10, 20, 11, 0), reason="일부 상품 반품")
    store.add(checkout(VBANK_READY, "K-VBANK", "vbank", 41_000, kst(2026, 10, 14, 21, 0)))
    t = kst(2026, 10, 15, 10, 0)
    store.add(f.failed(checkout(FAILED, "K-RETRY", "card", 18_000, t), t + 60, "[8324] 잔액부족"))
    store.add(f.paid(checkout(RETRY_PAID, "K-RETRY", "card", 18_000, t + 300), t + 330))
    t = kst(2026, 10, 16, 20, 0)
    store.add(f.paid(checkout(DUP_1, "K-DUP", "card", 27_000, t), t + 30))
    store.add(f.paid(checkout(DUP_2, "K-DUP", "card", 27_000, t + 10), t + 40))
    store.set_now(kst(2026, 11, 25, 12, 0))
    return store
