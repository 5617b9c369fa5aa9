"""A month's vouchers for the accountant's software (더존 일반전표 / 매입매출전표, 세무사랑).

Sales are booked per day × PG × 집계표 category (card 17 카과, cash receipts 22 현과, …) as
외상매출금 (the PG owes the money) against 상품매출 + 부가세예수금; cancels reverse that on the day
they happened. PG fees: when payout records are given (issue 13's payouts, see
:class:`~recon_app.domain.accounting.PayoutRecord`) one fee voucher per payout plus the deposit
into 보통예금; until then the expected fees of the fee rules per day × PG, and no deposits (the
payouts are not known yet). Every voucher balances (Σ 차변 = Σ 대변); the writer refuses one that
does not, so a broken file can never reach the accountant's ledger.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from recon_app.adapters.vouchers.layouts import DEFAULT_LAYOUTS
from recon_app.adapters.vouchers.writer import write_vouchers
from recon_app.domain.accounting import (
    CARD,
    EPAY,
    DayTotal,
    FeeTotal,
    PayoutRecord,
    Voucher,
    VoucherInputs,
    build_vouchers,
    classify,
)
from recon_app.domain.errors import InputError
from recon_app.domain.fees import FeeSchedule
from recon_app.domain.timeutil import month_bounds, to_kst
from recon_app.services.accounting_map import AccountingMap
from recon_app.services.fee_rules import load_fee_schedule
from recon_app.storage import accounting_repo
from recon_app.storage.db import Ledger
from recon_app.storage.stores import DEFAULT_STORE, store_id


def month_vouchers(
    ledger: Ledger,
    month: str,
    store: str = DEFAULT_STORE,
    mapping: AccountingMap | None = None,
    payouts: Sequence[PayoutRecord] = (),
    fees: FeeSchedule | None = None,
) -> list[Voucher]:
    mapping = mapping or AccountingMap()
    try:
        start, end = month_bounds(month)
    except ValueError as exc:
        raise InputError(str(exc), hint="--month 2026-10 처럼 적어 주세요.") from None
    fees = fees or load_fee_schedule(ledger)
    with ledger.read() as conn:
        sid = store_id(conn, store, create=False)
        if sid is None:
            raise InputError(f"상점 '{store}'이(가) 원장에 없습니다.")
        sales = accounting_repo.sales(conn, sid, start, end)
        cancels = accounting_repo.cancels(conn, sid, start, end)
    sale_sums: dict[tuple[date, str, str], int] = defaultdict(int)
    cancel_sums: dict[tuple[date, str, str], int] = defaultdict(int)
    fee_sums: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0])
    pgs: set[str] = set()
    for s in sales:
        day, pg = to_kst(int(s["at"])).date(), s["pg_provider"] or ""
        sale_sums[(day, pg, classify(s["pay_method"], mapping.methods))] += int(s["amount"])
        fee = fees.compute(int(s["amount"]) - int(s["cancel_amount"]), pg or None, s["pay_method"])
        fee_sums[(day, pg)][0] += fee.fee
        fee_sums[(day, pg)][1] += fee.fee_vat
        pgs.add(pg)
    for c in cancels:
        day, pg = to_kst(int(c["at"])).date(), c["pg_provider"] or ""
        cancel_sums[(day, pg, classify(c["pay_method"], mapping.methods))] += int(c["amount"])
        pgs.add(pg)
    pgs.update(r.pg for r in payouts)
    inputs = VoucherInputs(
        sales=[DayTotal(d, pg, cat, a) for (d, pg, cat), a in sorted(sale_sums.items()) if a],
        cancels=[DayTotal(d, pg, cat, a) for (d, pg, cat), a in sorted(cancel_sums.items()) if a],
        fees=[FeeTotal(d, pg, f[0], f[1]) for (d, pg), f in sorted(fee_sums.items())],
        payouts=tuple(payouts),
    )
    vouchers = build_vouchers(inputs, mapping.accounts, mapping.partner_table(sorted(pgs)))
    unbalanced = [v for v in vouchers if not v.balanced]
    if unbalanced:  # cannot happen by construction; refuse rather than write a broken file
        raise InputError(f"차변과 대변이 맞지 않는 전표가 있습니다: {unbalanced[0].memo}")
    return vouchers


# -- rows of a layout ------------------------------------------------------------------------------
def line_rows(vouchers: Sequence[Voucher], mapping: AccountingMap) -> list[dict[str, Any]]:
    """One row per voucher line (일반전표 layouts)."""
    rows = []
    # The PG is the counterparty of what it owes (외상매출금); the bank line's 거래처 would be the
    # bank account's own (금융거래처), which the user's program already knows.
    receivable = {mapping.accounts.receivable.code}
    for v in vouchers:
        for line in v.lines:
            partner = line.partner if line.account.code in receivable else None
            rows.append(
                {
                    "year": v.day.year,
                    "month": v.day.month,
                    "day": v.day.day,
                    "date8": v.day.strftime("%Y%m%d"),
                    "side_code": 3 if line.debit else 4,
                    "side_text": "차변" if line.debit else "대변",
                    "account_code": line.account.code,
                    "account_name": line.account.name,
                    "partner_code": partner.code if partner else "",
                    "partner_name": partner.name if partner else "",
                    "memo_code": "",
                    "memo": line.memo,
                    "debit": line.amount if line.debit else 0,
                    "credit": 0 if line.debit else line.amount,
                    "amount": line.amount,
                    "business_number": partner.business_number if partner else "",
                    "representative": mapping.company.representative,
                    "blank": "",
                }
            )
    return rows


def voucher_rows(vouchers: Sequence[Voucher], mapping: AccountingMap) -> list[dict[str, Any]]:
    """One row per sales / refund / fee-invoice voucher (매입매출전표); deposits are 일반전표."""
    rows = []
    acc = mapping.accounts
    for v in vouchers:
        if v.kind == "payout":
            continue
        partner = mapping.partner(v.pg)
        is_fee = v.kind == "fee"
        on_card = v.category in (CARD, EPAY)
        rows.append(
            {
                "year": v.day.year,
                "month": v.day.month,
                "day": v.day.day,
                "sales_purchase": 2 if is_fee else 1,
                "tax_type": mapping.tax_types["purchase" if is_fee else v.category],
                "nondeductible": "",
                "card_partner_code": partner.code if on_card else "",
                "card_partner_name": partner.name if on_card else "",
                "merchant_number": "",
                "partner_code": partner.code,
                "partner_name": partner.name,
                "business_number": partner.business_number,
                "supply": v.supply,
                "vat": v.vat,
                "total": v.supply + v.vat,
                "item": v.memo,
                "electronic": "1" if is_fee else "",
                "base_account": acc.fee.code if is_fee else acc.sales.code,
                "counter_account": acc.receivable.code,
                "cash_receipt_number": "",
                "blank": "",
            }
        )
    return rows


def write_voucher_file(
    vouchers: Sequence[Voucher], fmt: str, path: Path, mapping: AccountingMap
) -> Path:
    if fmt not in DEFAULT_LAYOUTS:
        raise InputError(f"전표 양식 '{fmt}'을(를) 모릅니다: {', '.join(DEFAULT_LAYOUTS)}")
    layout = mapping.layouts[fmt]
    rows = (
        voucher_rows(vouchers, mapping)
        if layout.kind == "voucher"
        else line_rows(vouchers, mapping)
    )
    company = mapping.company
    preamble = (
        ("회사명", company.name),
        ("사업자등록번호", company.business_number),
        ("대표자", company.representative),
        ("양식", "엑셀자료 일반전표전송 v1.2 (공개 자료 기준, 매핑 파일에서 조정 가능)"),
    )
    return write_vouchers(Path(path), layout, rows, sheet_name=fmt, preamble=preamble)
