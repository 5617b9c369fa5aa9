"""Column layouts of the ERP upload files (FACTS.md §4, all medium confidence: copies in
third-party tools, no official template). They are data, so the mapping file can override them.

* ``douzone-general`` — 더존 (WEHAGO / Smart A) 일반전표: 월, 일, 구분 (3 차변 / 4 대변), 계정과목코드,
  계정과목명, 거래처코드, 거래처명, 적요명, 차변(출금), 대변(입금). No year column. One row per line.
* ``douzone-sales`` — 더존 매입매출전표: 년도, 월, 일, 매입매출구분 (1 매출 / 2 매입), 과세유형, …,
  공급가액, 부가세, 품명, 전자세금, 기본계정, 상대계정, 현금영수증 승인번호. One row per voucher;
  reversals (refunds) are negative rows.
* ``semusarang`` — 세무사랑 "엑셀자료 일반전표전송 v1.2": header on row 10, data from row 11,
  columns (0-based) 0 date YYYYMMDD, 1 구분 (3/4), 2 계정코드, 3 계정과목, 4 거래처코드,
  5 거래처명, 6 적요코드, 7 적요, 8 금액, 15 사업자번호, 21 대표자; company name and 사업자번호 above.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Fields a layout column can show, per kind of row.
FIELDS = {
    "line": (
        "year",
        "month",
        "day",
        "date8",
        "side_code",
        "side_text",
        "account_code",
        "account_name",
        "partner_code",
        "partner_name",
        "memo_code",
        "memo",
        "debit",
        "credit",
        "amount",
        "business_number",
        "representative",
        "blank",
    ),
    "voucher": (
        "year",
        "month",
        "day",
        "sales_purchase",
        "tax_type",
        "nondeductible",
        "card_partner_code",
        "card_partner_name",
        "merchant_number",
        "partner_code",
        "partner_name",
        "business_number",
        "supply",
        "vat",
        "total",
        "item",
        "electronic",
        "base_account",
        "counter_account",
        "cash_receipt_number",
        "blank",
    ),
}
#: Fields written as numbers (the rest as text).
NUMERIC = {"debit", "credit", "amount", "supply", "vat", "total"}


@dataclass(frozen=True)
class Layout:
    kind: str  # "line": one row per voucher line; "voucher": one row per voucher
    columns: tuple[tuple[str, str], ...]  # (header, field)
    header_row: int = 1  # 1-based row of the header (세무사랑: 10)


_SEMUSARANG = tuple(
    [
        ("일자", "date8"),
        ("구분", "side_code"),
        ("계정코드", "account_code"),
        ("계정과목", "account_name"),
        ("거래처코드", "partner_code"),
        ("거래처명", "partner_name"),
        ("적요코드", "memo_code"),
        ("적요", "memo"),
        ("금액", "amount"),
    ]
    + [("", "blank")] * 6
    + [("사업자번호", "business_number")]
    + [("", "blank")] * 5
    + [("대표자", "representative")]
)

DEFAULT_LAYOUTS = {
    "douzone-general": Layout(
        "line",
        (
            ("월", "month"),
            ("일", "day"),
            ("구분", "side_code"),
            ("계정과목코드", "account_code"),
            ("계정과목명", "account_name"),
            ("거래처코드", "partner_code"),
            ("거래처명", "partner_name"),
            ("적요명", "memo"),
            ("차변(출금)", "debit"),
            ("대변(입금)", "credit"),
        ),
    ),
    "douzone-sales": Layout(
        "voucher",
        (
            ("년도", "year"),
            ("월", "month"),
            ("일", "day"),
            ("매입매출구분", "sales_purchase"),
            ("과세유형", "tax_type"),
            ("불공제사유", "nondeductible"),
            ("신용카드거래처코드", "card_partner_code"),
            ("신용카드사명", "card_partner_name"),
            ("신용카드(가맹점)번호", "merchant_number"),
            ("거래처명", "partner_name"),
            ("사업자(주민)등록번호", "business_number"),
            ("공급가액", "supply"),
            ("부가세", "vat"),
            ("품명", "item"),
            ("전자세금", "electronic"),
            ("기본계정", "base_account"),
            ("상대계정", "counter_account"),
            ("현금영수증 승인번호", "cash_receipt_number"),
        ),
    ),
    "semusarang": Layout("line", _SEMUSARANG, header_row=10),
}
FORMATS = tuple(DEFAULT_LAYOUTS)
