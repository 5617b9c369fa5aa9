"""The accountant's view of a month's payments: VAT periods, the card-sales summary columns, and
balanced vouchers. Pure functions over plain records; no I/O.

Facts (../shared/settlement/FACTS.md §3–4, confidence in brackets):

* 신용카드매출전표등 발행금액 집계표 §2 has ⑥ 신용·직불·기명식 선불카드, ⑦ 현금영수증, ⑧ 직불전자지급
  수단 및 기명식선불전자지급수단; 과세 매출분 is entered VAT included (공급대가) [M–H]. Sales that are
  none of these (a bank transfer without a cash receipt, phone billing) are "기타" here: they are
  sales, but not on the 집계표.
* Periods: 1기 Jan–Jun, 2기 Jul–Dec; quarters for 예정신고; the calendar year for 간이과세자 [H].
* 과세유형 codes of 더존/세무사랑: 17 카과, 22 현과, 14 건별, purchases 51 과세 [M].

Money is integer won. 공급가액 = 공급대가 × 10/11 rounded half up (domain/money.py), 부가세 = the rest,
so the two always add up to what the customer paid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from recon_app.domain.money import Rounding, divide_rounded

CARD, CASH_RECEIPT, EPAY, OTHER = "card", "cash_receipt", "epay", "other"
CATEGORIES = (CARD, CASH_RECEIPT, EPAY, OTHER)
CATEGORY_LABELS = {
    CARD: "신용·직불·기명식선불카드",
    CASH_RECEIPT: "현금영수증",
    EPAY: "직불전자지급수단 및 기명식선불전자지급수단",
    OTHER: "기타 (집계표 밖)",
}

#: What a payment method counts as by default (the mapping file can change every entry):
#: easy-pay money and points are ⑧; a card paid through an easy-pay wallet arrives as method
#: 'card' and is ⑥. Whether a cash receipt was issued for a transfer is not in the ledger, so
#: transfers default to 기타 — set them to cash_receipt if the shop issues receipts for all.
DEFAULT_METHOD_CATEGORIES = {
    "card": CARD,
    "point": EPAY,
    "kakaopay": EPAY,
    "naverpay": EPAY,
    "payco": EPAY,
    "tosspay": EPAY,
    "ssgpay": EPAY,
    "lpay": EPAY,
    "kpay": EPAY,
    "samsung": EPAY,
    "applepay": EPAY,
    "easy_pay": EPAY,
    "trans": OTHER,
    "vbank": OTHER,
    "phone": OTHER,
    "cultureland": EPAY,
    "smartculture": EPAY,
    "happymoney": EPAY,
    "booknlife": EPAY,
}


def classify(method: str | None, mapping: dict[str, str] | None = None) -> str:
    table = DEFAULT_METHOD_CATEGORIES if mapping is None else mapping
    return table.get((method or "").strip(), OTHER)


# -- periods ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    label: str  # "2026H2", "2026Q4", "2026"
    months: tuple[str, ...]  # "2026-07" …
    description: str

    @property
    def first(self) -> str:
        return self.months[0]

    @property
    def last(self) -> str:
        return self.months[-1]


_PERIOD = re.compile(r"^(\d{4})(?:(H)([12])|(Q)([1-4])|-(\d{2}))?$", re.IGNORECASE)


def parse_period(text: str) -> Period:
    """``2026H2`` (2기), ``2026Q4`` (예정신고 분기), ``2026`` (간이과세자의 한 해), or one month
    ``2026-10`` (the monthly pack of a client)."""
    m = _PERIOD.match(text.strip())
    if not m:
        raise ValueError(
            f"기간 '{text}'을(를) 알 수 없습니다: 2026H1, 2026H2, 2026Q1…2026Q4 또는 2026 처럼 적어 주세요"
        )
    year = int(m.group(1))
    if m.group(6) and 1 <= int(m.group(6)) <= 12:  # one month (a client's monthly pack)
        month = f"{year}-{m.group(6)}"
        return Period(month, (month,), f"{year}년 {int(m.group(6))}월")
    if m.group(6):
        raise ValueError(f"기간 '{text}'의 월이 1–12가 아닙니다")
    if m.group(2):
        half = int(m.group(3))
        first, count, desc = (
            6 * (half - 1) + 1,
            6,
            f"{year}년 {half}기 ({'1–6' if half == 1 else '7–12'}월)",
        )
    elif m.group(4):
        q = int(m.group(5))
        first, count, desc = 3 * (q - 1) + 1, 3, f"{year}년 {q}분기 ({3 * q - 2}–{3 * q}월)"
    else:
        first, count, desc = 1, 12, f"{year}년 (1–12월, 간이과세자)"
    months = tuple(f"{year}-{mon:02d}" for mon in range(first, first + count))
    return Period(text.strip().upper(), months, desc)


# -- VAT split -------------------------------------------------------------------------------------
def split_vat(total: int) -> tuple[int, int]:
    """공급대가 → (공급가액, 부가세): supply = total × 10/11 half up, VAT = total − supply."""
    supply = int(divide_rounded(total * 10, 11, Rounding.HALF_UP))
    return supply, total - supply


# -- vouchers --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Account:
    code: str
    name: str


@dataclass(frozen=True)
class Partner:
    code: str
    name: str
    business_number: str = ""


@dataclass(frozen=True)
class Line:
    debit: bool
    account: Account
    amount: int
    partner: Partner | None = None
    memo: str = ""


@dataclass(frozen=True)
class Voucher:
    day: date
    kind: str  # sales | refund | fee | payout
    memo: str
    lines: tuple[Line, ...]
    # 매입매출 facts (sales, refunds and fee invoices): category, 공급가액, 부가세
    pg: str = ""
    category: str = ""
    supply: int = 0
    vat: int = 0

    @property
    def debit_total(self) -> int:
        return sum(line.amount for line in self.lines if line.debit)

    @property
    def credit_total(self) -> int:
        return sum(line.amount for line in self.lines if not line.debit)

    @property
    def balanced(self) -> bool:
        return self.debit_total == self.credit_total


@dataclass(frozen=True)
class Accounts:
    receivable: Account = Account("108", "외상매출금")
    sales: Account = Account("401", "상품매출")
    vat_payable: Account = Account("255", "부가세예수금")
    fee: Account = Account("831", "수수료비용")
    vat_receivable: Account = Account("135", "부가세대급금")
    bank: Account = Account("103", "보통예금")


@dataclass(frozen=True)
class DayTotal:
    """Σ of one day's sales (or cancels) of one PG and one category, VAT included."""

    day: date
    pg: str
    category: str
    amount: int


@dataclass(frozen=True)
class FeeTotal:
    day: date
    pg: str
    fee: int
    fee_vat: int


@dataclass(frozen=True)
class PayoutRecord:
    """One payout of a PG into the bank account (issue 13's payouts feed this): what was sold,
    the fee and its VAT withheld, and the amount that arrived. ``amount`` = gross − fee − VAT."""

    pg: str
    paid_out_on: date
    gross: int
    fee: int
    fee_vat: int
    amount: int


@dataclass(frozen=True)
class VoucherInputs:
    sales: Sequence[DayTotal]
    cancels: Sequence[DayTotal]
    fees: Sequence[FeeTotal]  # expected fees, used when no payouts are given
    payouts: Sequence[PayoutRecord] = field(default_factory=tuple)


def build_vouchers(
    inputs: VoucherInputs,
    accounts: Accounts,
    partner_of: dict[str, Partner],
    category_labels: dict[str, str] | None = None,
) -> list[Voucher]:
    """Sales and refunds per day × PG × category; fees (per payout when payouts are given, else
    the expected fees per day × PG); payouts into the bank. Every voucher balances."""
    labels = category_labels or {
        CARD: "카드매출",
        CASH_RECEIPT: "현금영수증매출",
        EPAY: "간편결제매출",
        OTHER: "기타매출",
    }
    out: list[Voucher] = []

    def partner(pg: str) -> Partner:
        return partner_of.get(pg) or Partner("", pg or "PG")

    for t in inputs.sales:
        supply, vat = split_vat(t.amount)
        memo = f"{labels.get(t.category, t.category)} ({partner(t.pg).name})"
        p = partner(t.pg)
        out.append(
            Voucher(
                t.day,
                "sales",
                memo,
                (
                    Line(True, accounts.receivable, t.amount, p, memo),
                    Line(False, accounts.sales, supply, p, memo),
                    Line(False, accounts.vat_payable, vat, p, memo),
                ),
                t.pg,
                t.category,
                supply,
                vat,
            )
        )
    for t in inputs.cancels:
        supply, vat = split_vat(t.amount)
        memo = f"{labels.get(t.category, t.category)} 취소 ({partner(t.pg).name})"
        p = partner(t.pg)
        out.append(
            Voucher(
                t.day,
                "refund",
                memo,
                (
                    Line(True, accounts.sales, supply, p, memo),
                    Line(True, accounts.vat_payable, vat, p, memo),
                    Line(False, accounts.receivable, t.amount, p, memo),
                ),
                t.pg,
                t.category,
                -supply,
                -vat,
            )
        )
    fees: Iterable[FeeTotal] = (
        [FeeTotal(r.paid_out_on, r.pg, r.fee, r.fee_vat) for r in inputs.payouts]
        if inputs.payouts
        else inputs.fees
    )
    for f in fees:
        if not f.fee and not f.fee_vat:
            continue
        p = partner(f.pg)
        memo = f"PG 수수료 ({p.name})"
        out.append(
            Voucher(
                f.day,
                "fee",
                memo,
                (
                    Line(True, accounts.fee, f.fee, p, memo),
                    Line(True, accounts.vat_receivable, f.fee_vat, p, memo),
                    Line(False, accounts.receivable, f.fee + f.fee_vat, p, memo),
                ),
                f.pg,
                "",
                f.fee,
                f.fee_vat,
            )
        )
    for r in inputs.payouts:
        p = partner(r.pg)
        memo = f"PG 정산 입금 ({p.name})"
        out.append(
            Voucher(
                r.paid_out_on,
                "payout",
                memo,
                (
                    Line(True, accounts.bank, r.amount, p, memo),
                    Line(False, accounts.receivable, r.amount, p, memo),
                ),
                r.pg,
            )
        )
    order = {"sales": 0, "refund": 1, "fee": 2, "payout": 3}
    out.sort(key=lambda v: (v.day, order[v.kind], v.pg, v.category))
    return out
