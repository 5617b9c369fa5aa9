"""The demo shop "리콘샵": fixed PortOne payments around DEMO_MONTH and the shop's order export.

``SandboxStore.demo()`` serves :func:`demo_payments`: 211 payments from late September to
mid November 2026 (KST) over seven PGs. ``resources/demo/orders_2026-10.csv`` is the shop's
October order export (CP949, Korean headers, a title line, several rows for orders with several
line items), written by :func:`write_demo_orders`; a test checks the committed file equals a
fresh one. Both come from one seeded plan, so they always agree.

October's orders and payments exercise every reconciliation status (rules in the issue text and
``recon_app.domain.reconcile``). Most orders match; each exception occurs a few times. The exact
ids are in :data:`EXPECTED_STATUSES` (a test recomputes them from the data with the rules):

- ``duplicate_payment``: 20261005-0000223, 20261025-0000407 (double click, both paid),
  20261015-0000312 (both paid, one of them partly refunded: each still keeps money)
- ``orphan_payment`` (merchant_uid of a payment captured in October; the shop deleted the order):
  20261008-0000248, 20261019-0000346, 20261027-0000422
- ``vbank_unpaid``: 20261011-0000277, 20261022-0000383 (marked 결제완료, virtual account unpaid)
- ``missing_payment``: 20261004-0000217 (배송완료, no payment at all), 20261013-0000290 (only a
  declined card payment), 20261020-0000355 (only an abandoned ``ready`` kcp card checkout)
- ``pending``: 20261009-0000255, 20261028-0000438 (입금대기, virtual account ``ready``),
  20261030-0000463 (입금대기, no payment yet)
- ``cancelled_unpaid``: 20261003-0000200 (abandoned under html5_inicis, so ``failed``),
  20261017-0000319 (virtual account never paid; refund cell 0), 20261026-0000417 (no payment)
- ``unconfirmed_payment``: 20261012-0000286, 20261024-0000394 (still 입금대기 in the shop, but
  the virtual account was paid)
- ``refund_missing``: 20261007-0000235 (환불완료, PG not cancelled), 20261016-0000313 (부분환불
  10,000, PG not cancelled), 20261023-0000392 (주문취소 with a blank refund cell, PG paid)
- ``refund_excess``: 20261006-0000231 (PG cancelled 7,000, shop shows no refund),
  20261014-0000304 (부분환불 5,000, PG cancelled 8,000), 20261021-0000370 (결제완료, PG fully
  cancelled)
- ``amount_mismatch``: 20261010-0000267 (PG 2,000 less: a coupon the export ignores),
  20261018-0000337 (PG 3,000 more: shipping charged twice), 20261029-0000448 (부분환불 3,000
  on both sides, but PG 1,000 less)
- ``matched``: the other 123 October orders, among them
  partial refunds in October 20261003-0000202, 20261012-0000283, 20261014-0000300,
  20261017-0000325 and in November 20261015-0000306, 20261027-0000434;
  full refunds in October 20261003-0000204, 20261009-0000261, 20261013-0000292 and October
  payments refunded in November 20261017-0000322, 20261019-0000343, 20261020-0000351,
  20261023-0000387; 주문취소 with a blank refund cell 20261010-0000270, 20261025-0000412;
  retries (declined, then paid) 20261003-0000198, 20261022-0000380, 20261026-0000413;
  virtual accounts 20261002-0000190, 20261004-0000210, 20261006-0000234, 20261012-0000289,
  20261021-0000367, 20261021-0000373, deposited 1–2 days later 20261024-0000400,
  20261025-0000410; a double payment whose second charge was fully refunded 20261010-0000266;
  and the buyer named ``=cmd|'/c calc'`` (formula-injection test data) on 20261002-0000189.

Outside October: September orders paid in September (one refunded on October 3), November
orders, and a few abandoned checkouts with no order; none of them is captured in October.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from recon_app.domain.timeutil import KST
from recon_app.paths import resource_path
from recon_app.sandbox.generate import (
    ABANDONED_INICIS,
    CANCEL_REASONS,
    DECLINES,
    FastRandom,
    PaymentFactory,
    weighted,
)

DEMO_MONTH = "2026-10"
#: Obviously fake credentials the sandbox accepts by default (printed by `recon-app sandbox`).
DEMO_IMP_KEY = "0000000000000000"
DEMO_IMP_SECRET = "sandbox-demo-secret-not-a-real-key"

SHOP_NAME = "리콘샵"
FORMULA_BUYER = "=cmd|'/c calc'"
HEADERS = (
    "주문번호",
    "주문일시",
    "주문상태",
    "결제수단",
    "주문자명",
    "상품명",
    "옵션",
    "수량",
    "판매가",
    "배송비",
    "총 결제금액",
    "환불금액",
)

# (name, price, options)
CATALOG = (
    ("오버핏 린넨 셔츠", 39_000, ("색상: 아이보리 / 사이즈: M", "색상: 네이비 / 사이즈: L")),
    ("캐시미어 블렌드 니트", 69_000, ("색상: 오트밀 / 사이즈: FREE", "색상: 차콜 / 사이즈: FREE")),
    ("와이드 데님 팬츠", 52_000, ("사이즈: 28", "사이즈: 30", "사이즈: 32")),
    ("캔버스 토트백", 28_000, ("색상: 블랙", "색상: 크림")),
    ("세라믹 머그컵 2P 세트", 24_000, ("",)),
    ("시어버터 핸드크림 50ml", 12_000, ("향: 무화과", "향: 라벤더")),
    ("스테인리스 텀블러 500ml", 19_800, ("색상: 실버", "색상: 민트")),
    ("싱글오리진 원두 500g", 21_000, ("분쇄: 홀빈", "분쇄: 핸드드립용")),
    ("유기농 그래놀라 1kg", 16_500, ("",)),
    ("요가 매트 8mm", 45_000, ("색상: 라일락", "색상: 그레이")),
)
SHIPPING = 3_000
FREE_SHIPPING_FROM = 50_000

# PG mix of a small shop: mostly cards through two PGs, then easy pays.
PG_MIX = (
    ("html5_inicis", 30),
    ("kcp", 14),
    ("nice_v2", 8),
    ("danal_tpay", 4),
    ("kakaopay", 18),
    ("tosspayments", 14),
    ("naverpay", 12),
)
METHOD_LABELS = {
    "card": "신용카드",
    "trans": "실시간계좌이체",
    "vbank": "가상계좌",
    "phone": "휴대폰결제",
    "kakaopay": "카카오페이",
    "naverpay": "네이버페이",
}
EMB_LABELS = {"naverpay": "네이버페이", "kakaopay": "카카오페이", "payco": "페이코"}

#: The reconciliation status each October order (or orphan merchant_uid) is built to produce.
EXPECTED_STATUSES: dict[str, tuple[str, ...]] = {
    "duplicate_payment": ("20261005-0000223", "20261015-0000312", "20261025-0000407"),
    "orphan_payment": ("20261008-0000248", "20261019-0000346", "20261027-0000422"),
    "vbank_unpaid": ("20261011-0000277", "20261022-0000383"),
    "missing_payment": ("20261004-0000217", "20261013-0000290", "20261020-0000355"),
    "pending": ("20261009-0000255", "20261028-0000438", "20261030-0000463"),
    "cancelled_unpaid": ("20261003-0000200", "20261017-0000319", "20261026-0000417"),
    "unconfirmed_payment": ("20261012-0000286", "20261024-0000394"),
    "refund_missing": ("20261007-0000235", "20261016-0000313", "20261023-0000392"),
    "refund_excess": ("20261006-0000231", "20261014-0000304", "20261021-0000370"),
    "amount_mismatch": ("20261010-0000267", "20261018-0000337", "20261029-0000448"),
}
#: Every other October order is built to be ``matched`` (123 of them).

# Exceptions, spread over the month in this order (one every ~day); scenario -> expected status.
_EXCEPTION_PLAN = (
    ("cancel_abandoned", "cancelled_unpaid"),
    ("missing_none", "missing_payment"),
    ("dup", "duplicate_payment"),
    ("excess_partial", "refund_excess"),
    ("rmiss_full", "refund_missing"),
    ("orphan", "orphan_payment"),
    ("pending_vbank", "pending"),
    ("mismatch_low", "amount_mismatch"),
    ("vbank_unpaid", "vbank_unpaid"),
    ("unconfirmed", "unconfirmed_payment"),
    ("missing_failed", "missing_payment"),
    ("excess_more", "refund_excess"),
    ("dup_partial", "duplicate_payment"),
    ("rmiss_partial", "refund_missing"),
    ("cancel_vbank", "cancelled_unpaid"),
    ("mismatch_high", "amount_mismatch"),
    ("orphan", "orphan_payment"),
    ("missing_ready", "missing_payment"),
    ("excess_full", "refund_excess"),
    ("vbank_unpaid", "vbank_unpaid"),
    ("rmiss_blank", "refund_missing"),
    ("unconfirmed", "unconfirmed_payment"),
    ("dup", "duplicate_payment"),
    ("cancel_none", "cancelled_unpaid"),
    ("orphan", "orphan_payment"),
    ("pending_vbank", "pending"),
    ("mismatch_partial", "amount_mismatch"),
    ("pending_none", "pending"),
)
# Matched variants placed among the plain paid orders (scenario, count).
_MATCHED_PLAN = (
    ("partial_oct", 4),
    ("partial_nov", 2),
    ("refund_oct", 3),
    ("refund_nov", 4),
    ("cancel_blank", 2),
    ("retry", 3),
    ("vbank", 6),
    ("vbank_late", 2),
    ("dup_resolved", 1),
    ("formula", 1),
    ("paid", 95),
)


@dataclass
class DemoOrder:
    order_id: str
    ordered_at: int
    status_word: str
    method_label: str
    buyer: str
    items: list[tuple[str, str, int, int]]  # (product, option, qty, unit price)
    refund: int | None = 0  # None = a blank refund cell
    scenario: str = "paid"
    expected: str = "matched"

    @property
    def goods(self) -> int:
        return sum(q * p for _, _, q, p in self.items)

    @property
    def shipping(self) -> int:
        return 0 if self.goods >= FREE_SHIPPING_FROM else SHIPPING

    @property
    def amount(self) -> int:
        return self.goods + self.shipping


@dataclass
class _Plan:
    orders: list[DemoOrder] = field(default_factory=list)  # October's, exported
    payments: list[dict[str, Any]] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)


def kst(*args: int) -> int:
    return int(datetime(*args, tzinfo=KST).timestamp())


class _Builder:
    def __init__(self) -> None:
        self.r = FastRandom(20261001)
        self.f = PaymentFactory(self.r)
        self.pgs = weighted(PG_MIX)
        self.uid = 526_100_000_000
        self.plan = _Plan()

    # ---- small pieces -------------------------------------------------------------------------
    def next_uid(self) -> str:
        self.uid += self.r.randrange(1, 40)
        return f"imp_{self.uid:012d}"

    def items(self) -> list[tuple[str, str, int, int]]:
        r = self.r
        n = 1 if r.random() < 0.62 else (2 if r.random() < 0.75 else 3)
        picks: list[tuple[str, str, int, int]] = []
        for _ in range(n):
            name, price, options = r.choice(CATALOG)
            if any(p[0] == name for p in picks):
                continue
            picks.append((name, r.choice(options), 1 if r.random() < 0.8 else 2, price))
        return picks

    def pay_choice(self, method: str | None = None) -> tuple[str, str]:
        if method == "vbank":
            return self.r.choice(("html5_inicis", "kcp", "tosspayments", "nice_v2")), "vbank"
        pg = self.r.choice(self.pgs)
        m = self.f.method_for(pg)
        while m == "vbank":  # virtual accounts only where a scenario asks for one
            m = self.f.method_for(pg)
        return pg, m

    def checkout(
        self, order_id: str, pg: str, method: str, amount: int, at: int, name: str, buyer_name: str
    ) -> dict[str, Any]:
        b = self.f.buyer()
        return self.f.checkout(
            self.next_uid(), order_id, pg, method, amount, at, name, (buyer_name, *b[1:])
        )

    def label(self, p: dict[str, Any]) -> str:
        if p["emb_pg_provider"] in EMB_LABELS and p["pay_method"] == "point":
            return EMB_LABELS[p["emb_pg_provider"]]
        if p["pg_provider"] == "naverpay":
            return "네이버페이"
        if p["pg_provider"] == "kakaopay":
            return "카카오페이"
        return METHOD_LABELS.get(p["pay_method"], "기타")

    def status_word(self, ordered_at: int) -> str:
        # Older orders have been delivered / confirmed; recent ones are just paid.
        age_days = (kst(2026, 11, 1) - ordered_at) // 86_400
        if age_days > 14:
            return self.r.choice(("구매확정", "구매확정", "배송완료"))
        if age_days > 5:
            return self.r.choice(("배송완료", "배송완료", "결제완료"))
        return "결제완료"

    def time_in(self, day_from: int, day_to: int, month: int = 10) -> int:
        r = self.r
        day = r.randrange(day_from, day_to + 1)
        return kst(2026, month, day, r.randrange(8, 23), r.randrange(0, 60), r.randrange(0, 60))

    # ---- scenarios ----------------------------------------------------------------------------
    def october(self) -> None:
        r = self.r
        slots: list[tuple[str, str, int]] = []  # (scenario, expected, ordered_at)
        n_exc = len(_EXCEPTION_PLAN)
        for i, (scenario, expected) in enumerate(_EXCEPTION_PLAN):
            day = 3 + (i * 28) // n_exc  # Oct 3 .. Oct 30, in plan order
            slots.append((scenario, expected, self.time_in(day, day)))
        for scenario, count in _MATCHED_PLAN:
            for _ in range(count):
                lo, hi = {
                    "vbank": (1, 26),
                    "vbank_late": (1, 26),
                    "partial_nov": (10, 31),
                    "refund_nov": (10, 31),
                    "partial_oct": (1, 24),
                    "refund_oct": (1, 24),
                    "formula": (2, 2),
                }.get(scenario, (1, 31))
                slots.append((scenario, "matched", self.time_in(lo, hi)))
        slots.sort(key=lambda s: s[2])
        seq = 180
        for scenario, expected, at in slots:
            seq += r.randrange(1, 4)
            order_id = f"{datetime.fromtimestamp(at, KST):%Y%m%d}-{seq:07d}"
            self.october_order(order_id, at, scenario, expected)

    def october_order(self, order_id: str, at: int, scenario: str, expected: str) -> None:
        r, f = self.r, self.f
        buyer = FORMULA_BUYER if scenario == "formula" else self.f.buyer()[0]
        order = DemoOrder(
            order_id,
            at,
            self.status_word(at),
            "",
            buyer,
            self.items(),
            scenario=scenario,
            expected=expected,
        )
        if len(order.items) == 1 and scenario in ("partial_oct", "partial_nov"):
            order.items.append(
                ("시어버터 핸드크림 50ml", "향: 무화과", 1, 12_000)
            )  # the returned line
        line_refund = order.items[-1][2] * order.items[-1][3]
        amount = order.amount
        name = order.items[0][0] + (f" 외 {len(order.items) - 1}건" if len(order.items) > 1 else "")
        start = at + r.randrange(5, 60)
        pays: list[dict[str, Any]] = []

        def paid(method: str | None = None, amt: int = amount, t: int = start) -> dict[str, Any]:
            pg, m = self.pay_choice(method)
            p = self.checkout(order_id, pg, m, amt, t, name, buyer)
            return f.paid(p, t + r.randrange(20, 200))

        def cancel_at(p: dict[str, Any], lo_days: float, hi_days: float) -> int:
            return p["paid_at"] + r.randrange(int(lo_days * 86_400), int(hi_days * 86_400))

        if scenario in ("paid", "formula"):
            pays.append(paid())
        elif scenario in ("partial_oct", "partial_nov"):
            p = paid()
            t = cancel_at(p, 1, 5) if scenario == "partial_oct" else self.time_in(2, 14, 11)
            pays.append(f.cancelled(p, line_refund, t, "일부 상품 반품"))
            order.status_word, order.refund = "부분환불", line_refund
        elif scenario in ("refund_oct", "refund_nov"):
            p = paid()
            t = cancel_at(p, 1, 6) if scenario == "refund_oct" else self.time_in(2, 14, 11)
            pays.append(f.cancelled(p, None, t, r.choice(CANCEL_REASONS)))
            order.status_word, order.refund = "환불완료", amount
        elif scenario == "cancel_blank":
            p = paid()
            pays.append(f.cancelled(p, None, p["paid_at"] + r.randrange(600, 7200), "고객 변심"))
            order.status_word, order.refund = "주문취소", None
        elif scenario == "retry":
            pg, m = self.pay_choice()
            first = self.checkout(
                order_id,
                pg,
                "card" if pg not in ("kakaopay", "naverpay") else m,
                amount,
                start,
                name,
                buyer,
            )
            pays.append(f.failed(first, start + r.randrange(20, 90), r.choice(DECLINES)))
            pays.append(paid(t=start + r.randrange(120, 600)))
        elif scenario in ("vbank", "vbank_late", "unconfirmed"):
            pg, _ = self.pay_choice("vbank")
            p = self.checkout(order_id, pg, "vbank", amount, start, name, buyer)
            delay = (
                r.randrange(1800, 8 * 3600)
                if scenario == "vbank"
                else r.randrange(30 * 3600, 60 * 3600)
            )
            pays.append(f.paid(p, start + delay))
            if scenario == "unconfirmed":
                order.status_word = "입금대기"
        elif scenario == "dup_resolved":
            pays.append(paid())
            second = paid(t=start + r.randrange(3, 12))
            pays.append(f.cancelled(second, None, second["paid_at"] + 3600, "중복 결제 취소"))
        elif scenario in ("dup", "dup_partial"):
            first = paid()
            second = paid(t=start + r.randrange(3, 12))
            if scenario == "dup_partial":
                first = f.cancelled(
                    first,
                    line_refund if line_refund < amount else 5_000,
                    first["paid_at"] + 86_400,
                    "일부 상품 반품",
                )
                order.status_word, order.refund = "부분환불", first["cancel_amount"]
            pays += [first, second]
        elif scenario == "orphan":
            # A payment for an order the shop deleted: it never reaches the export.
            pays.append(paid())
            self.plan.orphans.append(order_id)
        elif scenario == "vbank_unpaid":
            pg, _ = self.pay_choice("vbank")
            pays.append(self.checkout(order_id, pg, "vbank", amount, start, name, buyer))
            order.status_word = "결제완료"
        elif scenario == "missing_none":
            order.status_word = "배송완료"
        elif scenario == "missing_failed":
            p = self.checkout(order_id, "danal_tpay", "card", amount, start, name, buyer)
            pays.append(f.failed(p, start + 40, "[CARD_LIMIT] 카드 한도초과"))
            order.status_word = "결제완료"
        elif scenario == "missing_ready":
            pays.append(self.checkout(order_id, "kcp", "card", amount, start, name, buyer))
            order.status_word = "결제완료"
        elif scenario == "pending_vbank":
            pg, _ = self.pay_choice("vbank")
            pays.append(self.checkout(order_id, pg, "vbank", amount, start, name, buyer))
            order.status_word = "입금대기"
        elif scenario == "pending_none":
            order.status_word = "입금대기"
        elif scenario == "cancel_abandoned":
            p = self.checkout(order_id, "html5_inicis", "card", amount, start, name, buyer)
            pays.append(f.failed(p, start + r.randrange(60, 600), ABANDONED_INICIS))
            order.status_word, order.refund = "주문취소", None
        elif scenario == "cancel_vbank":
            pays.append(
                self.checkout(order_id, "html5_inicis", "vbank", amount, start, name, buyer)
            )
            order.status_word, order.refund = "주문취소", 0
        elif scenario == "cancel_none":
            order.status_word, order.refund = "주문취소", None
        elif scenario == "rmiss_full":
            pays.append(paid())
            order.status_word, order.refund = "환불완료", amount
        elif scenario == "rmiss_partial":
            pays.append(paid())
            order.status_word, order.refund = "부분환불", 10_000
        elif scenario == "rmiss_blank":
            pays.append(paid())
            order.status_word, order.refund = "주문취소", None
        elif scenario == "excess_partial":
            p = paid()
            pays.append(f.cancelled(p, 7_000, p["paid_at"] + 2 * 86_400, "배송비 환불"))
            order.status_word = self.status_word(at)
        elif scenario == "excess_more":
            p = paid()
            pays.append(f.cancelled(p, 8_000, p["paid_at"] + 86_400, "일부 상품 반품"))
            order.status_word, order.refund = "부분환불", 5_000
        elif scenario == "excess_full":
            p = paid()
            pays.append(f.cancelled(p, None, p["paid_at"] + 3 * 86_400, "고객 변심"))
            order.status_word = "결제완료"
        elif scenario == "mismatch_low":
            pays.append(paid(amt=amount - 2_000))
        elif scenario == "mismatch_high":
            pays.append(paid(amt=amount + SHIPPING))
        elif scenario == "mismatch_partial":
            p = paid(amt=amount - 1_000)
            pays.append(f.cancelled(p, 3_000, p["paid_at"] + 86_400, "일부 상품 반품"))
            order.status_word, order.refund = "부분환불", 3_000
        else:  # pragma: no cover - a typo in a plan
            raise ValueError(scenario)

        captured = [p for p in pays if p["paid_at"]]
        source = captured[0] if captured else (pays[0] if pays else None)
        order.method_label = self.label(source) if source else "무통장입금"
        self.plan.payments += pays
        if scenario != "orphan":
            self.plan.orders.append(order)

    def neighbours(self) -> None:
        """September and November orders (not in the export) and abandoned checkouts."""
        r, f = self.r, self.f
        for month, days, count, seq in ((9, (20, 30), 24, 60), (11, (1, 15), 26, 520)):
            times = sorted(self.time_in(*days, month=month) for _ in range(count))
            for i, at in enumerate(times):
                seq += r.randrange(1, 4)
                order_id = f"{datetime.fromtimestamp(at, KST):%Y%m%d}-{seq:07d}"
                amount = sum(q * p for _, _, q, p in self.items())
                amount += 0 if amount >= FREE_SHIPPING_FROM else SHIPPING
                pg, m = self.pay_choice()
                start = at + r.randrange(5, 60)
                p = f.paid(
                    self.checkout(order_id, pg, m, amount, start, "주문 상품", self.f.buyer()[0]),
                    start + r.randrange(20, 200),
                )
                if month == 9 and i == count - 1:  # paid Sep 30, refunded in October
                    p = f.cancelled(p, None, kst(2026, 10, 3, 14, 20), "고객 변심")
                elif month == 9 and i % 7 == 3:
                    p = f.cancelled(p, None, p["paid_at"] + 86_400, "고객 변심")
                self.plan.payments.append(p)
        # Abandoned checkouts without an order: ready under most PGs, failed under html5_inicis.
        for i in range(6):
            at = self.time_in(1 + i * 5, 3 + i * 5)
            pg = ("kcp", "html5_inicis", "tosspayments", "html5_inicis", "nice_v2", "kakaopay")[i]
            m = "kakaopay" if pg == "kakaopay" else "card"
            p = self.checkout(
                f"{datetime.fromtimestamp(at, KST):%Y%m%d}-T{i:06d}",
                pg,
                m,
                r.randrange(10, 90) * 1000,
                at,
                "장바구니 상품",
                self.f.buyer()[0],
            )
            if pg == "html5_inicis":
                p = f.failed(p, at + r.randrange(60, 900), ABANDONED_INICIS)
            self.plan.payments.append(p)


@functools.lru_cache(maxsize=1)
def _plan() -> _Plan:
    b = _Builder()
    b.october()
    b.neighbours()
    b.plan.payments.sort(key=lambda p: (p["started_at"], p["imp_uid"]))
    return b.plan


def demo_payments() -> list[dict[str, Any]]:
    """The demo shop's payments (fresh copies), exactly as the API returns them."""
    return copy.deepcopy(_plan().payments)


def demo_orders() -> list[DemoOrder]:
    """October's orders as the shop exported them (copies), newest first like the export."""
    return sorted(copy.deepcopy(_plan().orders), key=lambda o: o.ordered_at, reverse=True)


def demo_orders_path() -> Path:
    return resource_path("demo", f"orders_{DEMO_MONTH}.csv")


def _rows() -> Iterator[list[str]]:
    yield [f"[{SHOP_NAME}] 주문내역 (조회기간: 2026-10-01 ~ 2026-10-31 / 주문일 기준)"]
    yield list(HEADERS)
    for o in demo_orders():
        when = datetime.fromtimestamp(o.ordered_at, KST).strftime("%Y-%m-%d %H:%M:%S")
        refund = "" if o.refund is None else str(o.refund)
        for product, option, qty, price in o.items:
            yield [
                o.order_id,
                when,
                o.status_word,
                o.method_label,
                o.buyer,
                product,
                option,
                str(qty),
                str(price),
                str(o.shipping),
                str(o.amount),
                refund,
            ]


def demo_orders_csv() -> bytes:
    """The export's bytes: CP949, CRLF line ends (as Korean shop platforms write it)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows(_rows())
    return buf.getvalue().encode("cp949")


def write_demo_orders(path: Path | None = None) -> Path:
    """Write the demo order export (default: the committed resources/demo file)."""
    path = Path(path) if path is not None else demo_orders_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(demo_orders_csv())
    return path


if __name__ == "__main__":  # regenerate the committed file: python -m recon_app.sandbox.demo
    print(write_demo_orders())
