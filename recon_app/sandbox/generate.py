"""Seeded, realistic PortOne V1 payments: PG-specific ids and fields, and the awkward cases.

What a month of a Korean shop's checkouts looks like through PortOne, and what the generator
therefore produces (shares are of checkouts):
- paid payments over several PGs and methods, a few with partial or full cancels, some of them
  cancelled weeks later (so in a later month than paid);
- virtual accounts (vbank): most deposited within hours, some days later (late deposits), the
  rest still ``ready`` with a ``vbank_date`` deadline;
- failed payments (card declined) and abandoned checkouts, which stay ``ready`` under most PGs but
  turn ``failed`` under html5_inicis ("사용자가 결제를 취소함", FACTS.md §3);
- retries (a failed then a paid payment for one merchant_uid) and duplicate payments (two paid
  payments for one merchant_uid, a double click).

Speed matters (the sync benchmark uses 100k payments): payments are built by copying a template
and filling in fields, with one ``random.Random`` per call so a seed always gives the same data.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypeVar

from recon_app.domain.timeutil import KST, KST_OFFSET_SECONDS
from recon_app.sandbox.payment import TEMPLATE, with_cancel, with_failure

DAY = 86_400
T = TypeVar("T")

# Defaults are fixed dates, not "now", so a seed means the same data on any day.
DEFAULT_START = int(datetime(2026, 8, 1, tzinfo=KST).timestamp())
DEFAULT_END = int(datetime(2026, 11, 1, tzinfo=KST).timestamp())


@dataclass(frozen=True)
class Pg:
    code: str
    mid: str
    methods: tuple[tuple[str, int], ...]  # (pay_method, weight)
    issuer_codes: bool = False  # PGs that report card issuer/publisher codes (schema list)
    vbank_holder: str | None = "(주)리콘샵"  # tosspayments reports none (FACTS.md §3)


PGS: dict[str, Pg] = {
    p.code: p
    for p in (
        Pg(
            "html5_inicis", "reconshop1", (("card", 70), ("trans", 10), ("vbank", 12), ("phone", 8))
        ),
        Pg(
            "kcp", "A52Q7", (("card", 60), ("trans", 8), ("vbank", 12), ("phone", 8), ("point", 12))
        ),
        Pg(
            "nice_v2", "reconsh01m", (("card", 75), ("trans", 10), ("vbank", 15)), issuer_codes=True
        ),
        Pg("danal_tpay", "A010002002", (("card", 70), ("trans", 15), ("vbank", 15))),
        Pg("kakaopay", "CAH3PXE1RK", (("kakaopay", 85), ("point", 15))),
        Pg(
            "tosspayments",
            "reconshop",
            (("card", 70), ("trans", 10), ("vbank", 12), ("phone", 8)),
            issuer_codes=True,
            vbank_holder=None,
        ),
        Pg("naverpay", "np_recon01", (("naverpay", 70), ("point", 30))),
    )
}
PG_WEIGHTS = {
    "html5_inicis": 22,
    "kcp": 18,
    "nice_v2": 12,
    "danal_tpay": 6,
    "kakaopay": 16,
    "tosspayments": 16,
    "naverpay": 10,
}

# KFTC card company codes with a BIN each (masked numbers keep digits 1-8 and the last 4).
CARDS = (
    ("361", "BC카드", "53692400"),
    ("365", "삼성카드", "51614600"),
    ("366", "신한카드", "45184200"),
    ("367", "현대카드", "40920400"),
    ("368", "롯데카드", "52482700"),
    ("371", "NH카드", "55702000"),
    ("374", "하나카드", "46115200"),
    ("381", "KB국민카드", "94900900"),
    ("041", "우리카드", "53764500"),
)
BANKS = (
    ("004", "KB국민은행"),
    ("088", "신한은행"),
    ("020", "우리은행"),
    ("081", "하나은행"),
    ("011", "NH농협은행"),
    ("003", "IBK기업은행"),
    ("090", "카카오뱅크"),
    ("092", "토스뱅크"),
)
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = (
    "민준",
    "서연",
    "도윤",
    "지우",
    "하준",
    "서윤",
    "은우",
    "하은",
    "지호",
    "수아",
    "예준",
    "지민",
    "현우",
    "채원",
    "준서",
    "다은",
    "건우",
    "유진",
    "우진",
    "소율",
)
PRODUCTS = (
    "린넨 셔츠",
    "울 니트",
    "데님 팬츠",
    "캔버스 토트백",
    "머그컵 세트",
    "핸드크림",
    "캠핑 의자",
    "무선 이어폰 케이스",
    "원두 1kg",
    "유기농 그래놀라",
    "요가 매트",
    "텀블러",
)
DISTRICTS = (
    "서울특별시 마포구 월드컵로 12",
    "서울특별시 강남구 테헤란로 152",
    "부산광역시 해운대구 센텀로 45",
    "경기도 성남시 분당구 판교역로 235",
    "대구광역시 수성구 달구벌대로 2450",
    "인천광역시 연수구 송도과학로 32",
    "광주광역시 서구 상무중앙로 7",
    "대전광역시 유성구 대학로 99",
)
USER_AGENTS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 15; SM-S928N) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Version/18.1 Safari/605.1.15",
)
DECLINES = (
    "[CARD_LIMIT] 카드 한도초과",
    "[8324] 잔액부족",
    "[V024] 유효기간 오류",
    "[F113] 본인인증 실패",
)
ABANDONED_INICIS = "[1111] 사용자가 결제를 취소하셨습니다"
_QUOTAS = (0, 0, 0, 0, 2, 3, 6)
CANCEL_REASONS = ("고객 변심", "품절", "사이즈 교환 불가", "배송 지연", "일부 상품 반품")


def to_unix(value: int | date | datetime | None, default: int) -> int:
    """Unix seconds from int / date (KST midnight) / datetime (naive = KST)."""
    if value is None:
        return default
    if isinstance(value, datetime):
        return int((value if value.tzinfo else value.replace(tzinfo=KST)).timestamp())
    if isinstance(value, date):
        return int(datetime.combine(value, time(), KST).timestamp())
    return int(value)


class FastRandom:
    """``random.Random`` with cheap draws: randrange()/choices() cost ~3 µs each on this machine,
    ``random()`` 0.1 µs, and the generator makes ~15 draws per payment."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed).random

    def random(self) -> float:
        return self._random()

    def randrange(self, a: int, b: int | None = None) -> int:
        if b is None:
            a, b = 0, a
        return a + int(self._random() * (b - a))

    def choice(self, seq: Sequence[T]) -> T:
        return seq[int(self._random() * len(seq))]


def weighted(pairs: Iterable[tuple[T, int]]) -> tuple[T, ...]:
    """A tuple where each item repeats ``weight`` times: ``choice()`` on it is a weighted pick."""
    return tuple(item for item, weight in pairs for _ in range(weight))


_DAY_STAMPS: dict[int, str] = {}


def kst_stamp(ts: int) -> str:
    """``YYYYMMDDhhmmss`` in KST, without a datetime per call (one per day, cached)."""
    local = ts + KST_OFFSET_SECONDS
    day, secs = divmod(local, DAY)
    prefix = _DAY_STAMPS.get(day)
    if prefix is None:
        prefix = _DAY_STAMPS[day] = datetime.fromtimestamp(
            day * DAY - KST_OFFSET_SECONDS, KST
        ).strftime("%Y%m%d")
    h, rem = divmod(secs, 3600)
    return f"{prefix}{h:02d}{rem // 60:02d}{rem % 60:02d}"


class PaymentFactory:
    """Builds one checkout's payment with the fields its PG and method would carry."""

    def __init__(self, rng: FastRandom) -> None:
        self.rng = rng
        self._methods = {code: weighted(pg.methods) for code, pg in PGS.items()}

    def method_for(self, pg: str) -> str:
        return self.rng.choice(self._methods[pg])

    def buyer(self) -> tuple[str, str, str, str, str]:
        """(name, email, tel, addr, postcode)."""
        r = self.rng
        name = r.choice(SURNAMES) + r.choice(GIVEN)
        n = r.randrange(10_000, 99_999)
        return (
            name,
            f"buyer{n}@example.com",
            f"010-{r.randrange(2000, 9999)}-{r.randrange(1000, 9999)}",
            f"{r.choice(DISTRICTS)} {r.randrange(1, 30)}층",
            f"{r.randrange(1000, 63000):05d}",
        )

    def checkout(
        self,
        imp_uid: str,
        merchant_uid: str,
        pg: str,
        pay_method: str,
        amount: int,
        started_at: int,
        name: str,
        buyer: tuple[str, str, str, str, str] | None = None,
    ) -> dict[str, Any]:
        """A ``ready`` payment (checkout opened, nothing paid yet) with method details filled in.

        Card/bank details are part of the approval, so they are set here already; pay/fail/cancel
        helpers move the payment on. A ready vbank payment is an issued, unpaid virtual account.
        """
        r = self.rng
        rnd = r.random  # inline draws: this runs 100k times for the benchmark store
        profile = PGS[pg]
        b = buyer or self.buyer()
        stamp = kst_stamp(started_at)
        p = dict(TEMPLATE)
        p.update(
            imp_uid=imp_uid,
            merchant_uid=merchant_uid,
            pay_method=pay_method,
            channel="mobile" if rnd() < 0.68 else "pc",
            pg_provider=pg,
            pg_id=profile.mid,
            name=name,
            amount=amount,
            buyer_name=b[0],
            buyer_email=b[1],
            buyer_tel=b[2],
            buyer_addr=b[3],
            buyer_postcode=b[4],
            user_agent=USER_AGENTS[int(rnd() * 4)],
            started_at=started_at,
            status="ready",
            cancel_history=[],
            cancel_receipt_urls=[],
        )
        if rnd() < 0.15:
            p["custom_data"] = f'{{"coupon":"WELCOME{10 + int(rnd() * 90)}"}}'
        tid = p["pg_tid"] = _pg_tid(
            pg, profile.mid, pay_method, stamp, 100_000 + int(rnd() * 900_000)
        )
        p["receipt_url"] = _receipt_url(pg, tid, pay_method)
        if pay_method == "card":
            code, cname, bin8 = CARDS[int(rnd() * len(CARDS))]
            p.update(
                card_code=code,
                card_name=cname,
                card_number=f"{bin8}****{int(rnd() * 10_000):04d}",
                card_type=0 if rnd() < 0.7 else 1,
                apply_num=f"{int(rnd() * 10**8):08d}",
                card_quota=_QUOTAS[int(rnd() * len(_QUOTAS))] if amount >= 50_000 else 0,
            )
            if profile.issuer_codes:
                p.update(
                    card_issuer_code=code,
                    card_issuer_name=cname,
                    card_publisher_code=code,
                    card_publisher_name=cname,
                )
            if pg == "kcp" and rnd() < 0.2:
                p["emb_pg_provider"] = "naverpay"  # KCP easy-pay reported as card since 2024-09
        elif pay_method == "trans":
            code, bname = r.choice(BANKS)
            p.update(bank_code=code, bank_name=bname, cash_receipt_issued=rnd() < 0.4)
        elif pay_method == "vbank":
            code, bname = r.choice(BANKS)
            p.update(
                vbank_code=code,
                vbank_name=bname,
                vbank_num=f"{r.randrange(10**13, 10**14)}",
                vbank_holder=profile.vbank_holder,
                vbank_issued_at=started_at + 20,
                vbank_date=_vbank_deadline(started_at),
                cash_receipt_issued=rnd() < 0.3,
            )
        elif pay_method == "point":
            if pg == "kcp":
                p["emb_pg_provider"] = r.choice(("naverpay", "kakaopay", "payco"))
        elif pay_method in ("kakaopay", "naverpay"):
            p["apply_num"] = f"{int(rnd() * 10**8):08d}"
        return p

    def paid(self, p: dict[str, Any], at: int) -> dict[str, Any]:
        if p["status"] != "ready":
            raise ValueError(f"{p['imp_uid']} is {p['status']}; only ready payments can be paid")
        return dict(p, status="paid", paid_at=at)

    @staticmethod
    def failed(p: dict[str, Any], at: int, reason: str) -> dict[str, Any]:
        return with_failure(p, at, reason)

    @staticmethod
    def cancelled(p: dict[str, Any], amount: int | None, at: int, reason: str) -> dict[str, Any]:
        return with_cancel(p, amount, at, reason)


def _vbank_deadline(started_at: int) -> int:
    # Deadline: 23:59:59 KST three days after issue (the usual shop setting).
    d = datetime.fromtimestamp(started_at, KST).date()
    return int(datetime.combine(d, time(23, 59, 59), KST).timestamp()) + 3 * DAY


def _pg_tid(pg: str, mid: str, method: str, stamp: str, seq: int) -> str:
    if pg == "html5_inicis":
        kind = {"card": "CARD", "trans": "ACCT", "vbank": "VBNK", "phone": "HPMN"}.get(
            method, "CARD"
        )
        return f"Stdpay{kind}{mid}{stamp}{seq}"
    if pg == "kcp":
        return f"{stamp[2:]}{seq % 10000:04d}"
    if pg == "nice_v2":
        return f"{mid}01{stamp[2:]}{seq}"
    if pg == "danal_tpay":
        return f"{stamp}{seq}"
    if pg == "kakaopay":
        return f"T{stamp[2:]}{seq:06d}A1B2"
    if pg == "tosspayments":
        return f"tviva{stamp}{seq}"
    return f"{stamp}NP{seq}"


def _receipt_url(pg: str, tid: str, method: str) -> str | None:
    if pg == "html5_inicis":
        return f"https://iniweb.inicis.com/DefaultWebApp/mall/cr/cm/mCmReceipt_head.jsp?noTid={tid}&noMethod=1"
    if pg == "kcp":
        return f"https://admin8.kcp.co.kr/assist/bill.BillActionNew.do?cmd=card_bill&tno={tid}"
    if pg == "nice_v2":
        return f"https://npg.nicepay.co.kr/issue/IssueLoader.do?type=0&TID={tid}"
    if pg == "tosspayments":
        # Toss gives no slip for non-card easy-pay; keep it for card only (schema note).
        return (
            f"https://dashboard.tosspayments.com/receipt/redirection?transactionId={tid}"
            if method == "card"
            else None
        )
    if pg == "danal_tpay":
        return f"https://www.danalpay.com/receipt/creditcard/view.aspx?dataType=receipt&tid={tid}"
    return None  # kakaopay, naverpay: receipts live in their own apps


def generate_payments(
    n_payments: int,
    seed: int = 1,
    start: int | date | datetime | None = None,
    end: int | date | datetime | None = None,
) -> list[dict[str, Any]]:
    """Exactly ``n_payments`` payments with checkouts spread over [start, end)."""
    with gc_paused():
        return _generate(n_payments, seed, start, end)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic GC: it rescans the growing list of (acyclic) payment dicts again and
    again while 100k are built (5 s -> 3 s with it paused)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _generate(
    n_payments: int,
    seed: int,
    start: int | date | datetime | None,
    end: int | date | datetime | None,
) -> list[dict[str, Any]]:
    start_ts = to_unix(start, DEFAULT_START)
    end_ts = to_unix(end, DEFAULT_END)
    if end_ts <= start_ts:
        raise ValueError("end must be after start")
    rng = FastRandom(seed)
    f = PaymentFactory(rng)
    pgs = weighted(PG_WEIGHTS.items())
    # Repeat customers: a pool about a tenth the size of the data.
    buyers = [f.buyer() for _ in range(max(20, min(n_payments // 10, 5000)))]
    uid_base = 100_000_000_000 + (seed % 800) * 1_000_000_000
    span = end_ts - start_ts
    times = sorted(start_ts + rng.randrange(span) for _ in range(n_payments))
    out: list[dict[str, Any]] = []
    i = 0
    order_no = 0
    while len(out) < n_payments:
        t = times[len(out)]
        order_no += 1
        pg = rng.choice(pgs)
        method = f.method_for(pg)
        merchant_uid = f"ORD{kst_stamp(t)[:8]}-{order_no:07d}"
        amount = rng.randrange(5, 1600) * 100 + (3000 if rng.random() < 0.4 else 0)
        name = rng.choice(PRODUCTS) + (f" 외 {rng.randrange(1, 4)}건" if rng.random() < 0.3 else "")
        buyer = buyers[int(rng.random() * len(buyers))]

        # Called only within this iteration, so the loop variables are the ones meant.
        def new(at: int, m: str = method) -> dict[str, Any]:
            nonlocal i
            i += 1
            return f.checkout(
                f"imp_{uid_base + i:012d}",
                merchant_uid,
                pg,
                m,
                amount,
                at,
                name,
                buyer,
            )

        roll = rng.random()
        room = n_payments - len(out)
        if roll < 0.02 and room >= 2 and method != "vbank":  # retry: declined, then paid
            first = f.failed(new(t), t + rng.randrange(20, 90), rng.choice(DECLINES))
            t2 = t + rng.randrange(120, 900)
            out.append(first)
            out.append(_finish_paid(f, rng, new(t2), t2, end_ts))
        elif roll < 0.03 and room >= 2 and method != "vbank":  # duplicate: double click, both paid
            p1 = f.paid(new(t), t + rng.randrange(20, 60))
            t2 = t + rng.randrange(2, 15)
            out.append(p1)
            out.append(f.paid(new(t2), t2 + rng.randrange(20, 60)))
        elif roll < 0.08:  # declined / failed
            out.append(f.failed(new(t), t + rng.randrange(10, 120), rng.choice(DECLINES)))
        elif roll < 0.13:  # abandoned checkout: ready, or failed under html5_inicis
            p = new(t)
            if pg == "html5_inicis":
                p = f.failed(p, t + rng.randrange(30, 600), ABANDONED_INICIS)
            out.append(p)
        elif method == "vbank":
            p = new(t)
            v = rng.random()
            if v < 0.25:
                out.append(p)  # unpaid virtual account (ready with vbank_date)
            else:
                delay = rng.randrange(600, 6 * 3600) if v < 0.85 else rng.randrange(DAY, 3 * DAY)
                out.append(
                    _finish_paid(f, rng, f.paid(p, t + delay), t + delay, end_ts, already_paid=True)
                )
        else:
            paid_at = t + rng.randrange(15, 240)
            out.append(_finish_paid(f, rng, new(t), paid_at, end_ts))
    return out[:n_payments]


def _finish_paid(
    f: PaymentFactory,
    rng: FastRandom,
    p: dict[str, Any],
    paid_at: int,
    end_ts: int,
    *,
    already_paid: bool = False,
) -> dict[str, Any]:
    """Pay ``p`` and maybe cancel some or all of it later (never after ``end_ts``)."""
    if not already_paid:
        p = f.paid(p, paid_at)
    roll = rng.random()
    if roll < 0.12:
        # Most refunds come within days; some weeks later, i.e. in a later month than paid.
        delay = (
            rng.randrange(3600, 5 * DAY)
            if rng.random() < 0.7
            else rng.randrange(10 * DAY, 45 * DAY)
        )
        at = paid_at + delay
        if at < end_ts:
            if roll < 0.06:
                part = max(100, (p["amount"] * rng.choice((10, 20, 30, 50)) // 100) // 100 * 100)
                if part < p["amount"]:
                    return f.cancelled(p, part, at, rng.choice(CANCEL_REASONS))
            return f.cancelled(p, None, at, rng.choice(CANCEL_REASONS))
    return p
