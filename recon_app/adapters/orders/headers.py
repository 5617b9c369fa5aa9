"""Which row holds the headers, and which column is which canonical field.

Headers are compared after removing all whitespace and case-folding, so "주문 번호", "주문번호"
and "Order ID"/"orderid" meet. Shops put a title or instructions above the table (Cafe24's
"※ 개인정보 …" block), so the header row is searched for among the first ``HEADER_SEARCH_ROWS``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from recon_app.adapters.orders.layouts import BUILTIN_LAYOUTS, Layout, detect_layout
from recon_app.adapters.orders.statuses import normalize_word
from recon_app.adapters.spreadsheet import column_letter
from recon_app.domain.errors import InputError

HEADER_SEARCH_ROWS = 10

ORDER_ID = "order_id"
ORDERED_AT = "ordered_at"
AMOUNT = "amount"
STATUS = "status"
REFUNDED_AMOUNT = "refunded_amount"
PAY_METHOD = "pay_method"
BUYER_NAME = "buyer_name"
#: Per-line layouts (SmartStore 발주발송관리): one row per product order, its own amount.
LINE_AMOUNT = "line_amount"
#: SmartStore's 주문세부상태 (the claim step of a line); wins over 주문상태 when it is known.
STATUS_DETAIL = "status_detail"
#: Cafe24's 결제구분 / 취소구분: layouts without an order status column (status is derived).
PAY_STATE = "pay_state"
CANCEL_KIND = "cancel_kind"

FIELDS = (
    ORDER_ID,
    ORDERED_AT,
    AMOUNT,
    STATUS,
    REFUNDED_AMOUNT,
    PAY_METHOD,
    BUYER_NAME,
    LINE_AMOUNT,
    STATUS_DETAIL,
    PAY_STATE,
    CANCEL_KIND,
)
REQUIRED = (ORDER_ID, ORDERED_AT, AMOUNT, STATUS)
#: A required field that another column can stand in for: the order total is the sum of the
#: line amounts; the status comes from the detail status or from 결제구분/취소구분.
STANDS_IN = {AMOUNT: (LINE_AMOUNT,), STATUS: (STATUS_DETAIL, PAY_STATE)}

#: How a field is named to the user (messages, preview).
LABELS = {
    ORDER_ID: "주문번호",
    ORDERED_AT: "주문일시",
    AMOUNT: "결제금액",
    STATUS: "주문상태",
    REFUNDED_AMOUNT: "환불금액",
    PAY_METHOD: "결제수단",
    BUYER_NAME: "주문자명",
    LINE_AMOUNT: "상품별 주문금액",
    STATUS_DETAIL: "주문세부상태",
    PAY_STATE: "결제구분",
    CANCEL_KIND: "취소구분",
}

#: The order date proper; when a file also has payment-date columns, these win.
ORDER_DATE_ALIASES = (
    "주문일시",
    "주문일",
    "주문일자",
    "주문시각",
    "ordered_at",
    "Created at",
    "Order Date",
)
PAYMENT_DATE_ALIASES = (
    "결제일시",
    "결제일시(입금확인일)",
    "결제일",
    "결제일자",
    "입금확인일",
    "입금일시",
    "입금일자",
    "Paid at",
    "paid_at",
)

ALIASES: dict[str, tuple[str, ...]] = {
    ORDER_ID: (
        "주문번호",
        "주문 번호",
        "주문ID",
        "merchant_uid",
        "order_id",
        "Order ID",
        "Order No",
        "Name",
    ),
    ORDERED_AT: ORDER_DATE_ALIASES + PAYMENT_DATE_ALIASES,
    AMOUNT: (
        "결제금액",
        "총 결제금액",
        "총 결제금액(KRW)",
        "총 실결제금액",
        "최종주문금액",
        "최종 주문금액",
        "실결제금액",
        "결제금액(원)",
        "amount",
        "Total",
        "Total Amount",
    ),
    STATUS: (
        "주문상태",
        "결제상태",
        "처리상태",
        "주문 상태",
        "status",
        "Financial Status",
        "Order Status",
    ),
    REFUNDED_AMOUNT: (
        "환불금액",
        "실제 환불금액",
        "총 실제 환불금액",
        "환불 금액",
        "총 환불금액",
        "refunded_amount",
        "Refunded Amount",
    ),
    PAY_METHOD: ("결제수단", "결제방법", "결제 수단", "pay_method", "Payment Method"),
    BUYER_NAME: ("주문자명", "구매자명", "주문자", "주문자 이름", "buyer_name", "Billing Name"),
    LINE_AMOUNT: ("최종 상품별 총 주문금액", "상품별 총 주문금액", "line_amount"),
    STATUS_DETAIL: ("주문세부상태", "status_detail"),
    PAY_STATE: ("결제구분", "pay_state"),
    CANCEL_KIND: ("취소구분", "cancel_kind"),
}

#: When one field is named by several columns, these win (the rest are ignored):
#: the order date over payment dates; Cafe24's 실제 환불금액 (what was actually paid back) over
#: 환불금액 (the refund as claimed; docs/order-exports.md); an order status (주문상태, Godomall's
#: per-item 처리상태) over a payment status (결제상태), which says nothing of a cancel.
PREFERRED: dict[str, tuple[str, ...]] = {
    ORDERED_AT: ORDER_DATE_ALIASES,
    REFUNDED_AMOUNT: ("실제 환불금액", "총 실제 환불금액"),
    STATUS: ("주문상태", "주문 상태", "처리상태", "Financial Status"),
}

_ALIAS_TO_FIELD = {normalize_word(a): f for f, names in ALIASES.items() for a in names}
_PREFERRED_KEYS = {f: {normalize_word(a) for a in names} for f, names in PREFERRED.items()}


def describe_column(headers: Sequence[str], index: int) -> str:
    return f"'{headers[index]}'({column_letter(index)}열)"


@dataclass(frozen=True)
class ColumnMapping:
    header_row: int  # 1-based row number in the file
    headers: list[str]
    columns: dict[str, int | None]  # field -> column index
    problems: list[str] = field(default_factory=list)  # missing/ambiguous; empty when usable
    layout: str | None = None  # the known layout recognised from the header row (its label)

    def header_of(self, name: str) -> str | None:
        idx = self.columns.get(name)
        return None if idx is None else self.headers[idx]


def _field_of(header: str, overrides: Mapping[str, str]) -> str | None:
    key = normalize_word(header)
    for name, text in overrides.items():
        if normalize_word(text) == key:
            return name
    aliased = _ALIAS_TO_FIELD.get(key)
    # A field pinned to one header by the user (or a layout) is not also read from look-alikes.
    return None if aliased in overrides else aliased


def find_header_row(cells: pd.DataFrame, overrides: Mapping[str, str] = {}) -> int | None:
    """Index (0-based) of the row among the first few that names the most required fields."""
    best, best_score = None, 0
    for i in range(min(HEADER_SEARCH_ROWS, len(cells))):
        fields = {_field_of(str(c), overrides) for c in cells.iloc[i].tolist() if str(c).strip()}
        covered = {r for r in REQUIRED if r in fields or fields & set(STANDS_IN.get(r, ()))}
        score = len(covered) * 10 + len(fields - {None})
        if score > best_score:
            best, best_score = i, score
    return best


def map_columns(headers: list[str], overrides: Mapping[str, str] = {}) -> ColumnMapping:
    """Map header texts to fields; ``problems`` says what is missing or ambiguous."""
    unknown = [k for k in overrides if k not in FIELDS]
    problems: list[str] = []
    if unknown:
        problems.append(f"알 수 없는 필드 이름: {', '.join(unknown)} (가능: {', '.join(FIELDS)})")
    found: dict[str, list[int]] = {f: [] for f in FIELDS}
    for idx, header in enumerate(headers):
        if not header.strip():
            continue
        name = _field_of(header, overrides)
        if name in found:
            found[name].append(idx)
    for name, text in overrides.items():
        if name in FIELDS and not found[name]:
            problems.append(f"지정한 '{text}' 열({LABELS[name]})이 머리글에 없습니다")
    columns: dict[str, int | None] = {}
    for name in FIELDS:
        idxs = found[name]
        if name in PREFERRED and len(idxs) > 1 and name not in overrides:
            # e.g. the order date wins over payment dates; two order dates are still ambiguous.
            primary = [i for i in idxs if normalize_word(headers[i]) in _PREFERRED_KEYS[name]]
            if primary:
                idxs = primary
        if len(idxs) > 1:
            both = ", ".join(describe_column(headers, i) for i in idxs)
            problems.append(f"{both} 열이 모두 {LABELS[name]}({name})로 읽힙니다")
            columns[name] = None
        else:
            columns[name] = idxs[0] if idxs else None
    missing = [
        n
        for n in REQUIRED
        if columns[n] is None
        and len(found[n]) <= 1
        and not any(columns[alt] is not None for alt in STANDS_IN.get(n, ()))
    ]
    if missing:
        need = ", ".join(f"{LABELS[n]}({n})" for n in missing)
        listed = ", ".join(f"'{h}'" for h in headers if h.strip()) or "(없음)"
        problems.append(f"필수 열이 없습니다: {need}. 찾은 머리글: {listed}")
    return ColumnMapping(0, headers, columns, problems)


def detect_mapping(
    name: str,
    cells: pd.DataFrame,
    overrides: Mapping[str, str] = {},
    layouts: Mapping[str, Layout] | None = None,
) -> ColumnMapping:
    """Header row + mapping; raises InputError when no header row can be found at all.

    ``layouts`` are the layouts to recognise from the header row (the built-in ones unless
    given; ``{}`` when the caller already chose one): a recognised layout's columns are used,
    with ``overrides`` (the user's --map) on top.
    """
    row = find_header_row(cells, overrides)
    if row is None:
        first = _first_nonblank(cells)
        shown = ", ".join(f"'{h}'" for h in first if h.strip())[:300] or "(없음)"
        raise InputError(
            f"'{name}'의 처음 {HEADER_SEARCH_ROWS}행에서 주문 내역 머리글(주문번호, 주문일시, "
            f"결제금액, 주문상태)을 찾지 못했습니다. 첫 행: {shown}",
            hint="주문 내역 원본 파일인지 확인하거나, 머리글 이름을 위 열 이름으로 고치세요.",
        )
    headers = [str(c).strip() for c in cells.iloc[row].tolist()]
    layout = detect_layout(headers, BUILTIN_LAYOUTS if layouts is None else layouts)
    if layout is not None:
        overrides = {**layout.column_map, **overrides}
    mapping = map_columns(headers, overrides)
    label = layout.label if layout is not None else None
    return ColumnMapping(row + 1, headers, mapping.columns, mapping.problems, label)


def _first_nonblank(cells: pd.DataFrame) -> list[str]:
    for i in range(min(HEADER_SEARCH_ROWS, len(cells))):
        row = [str(c) for c in cells.iloc[i].tolist()]
        if any(c.strip() for c in row):
            return row
    return []
