"""A cell grid → validated, folded orders (one frame) plus the problems of every bad row.

Structural problems (no header row, missing or ambiguous columns, no data) raise ``InputError``
at once: no row could be right. Row problems are collected, all of them, and returned; the service
decides whether they reject the file or are skipped (``--skip-bad-rows``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from recon_app.adapters.orders import statuses as S
from recon_app.adapters.orders import values as V
from recon_app.adapters.orders.folding import fold_lines, fold_orders
from recon_app.adapters.orders.headers import (
    AMOUNT,
    BUYER_NAME,
    CANCEL_KIND,
    FIELDS,
    LABELS,
    LINE_AMOUNT,
    ORDER_ID,
    ORDERED_AT,
    PAY_METHOD,
    PAY_STATE,
    REFUNDED_AMOUNT,
    STATUS,
    STATUS_DETAIL,
    ColumnMapping,
    detect_mapping,
)
from recon_app.adapters.orders.layouts import BUILTIN_LAYOUTS, Layout
from recon_app.adapters.orders.problems import RowProblem
from recon_app.adapters.orders.reading import CellGrid
from recon_app.domain.errors import InputError

#: Longest order number / free text we store; longer cells are a pasted blob, not an order.
MAX_ID_CHARS = 200
MAX_TEXT_CHARS = 1000
NO_REFUND = -1  # refunded_amount sentinel in the int64 column: the export gave no value

ORDER_COLUMNS = (
    "row",
    ORDER_ID,
    ORDERED_AT,
    AMOUNT,
    STATUS,
    REFUNDED_AMOUNT,
    PAY_METHOD,
    BUYER_NAME,
)


#: Fields written once per order: on a continuation line (same order number, next row) a blank
#: cell means "same as above" (Cafe24 and Shopify write them on the order's first row only).
ORDER_LEVEL_FIELDS = (
    ORDERED_AT,
    AMOUNT,
    STATUS,
    REFUNDED_AMOUNT,
    PAY_METHOD,
    BUYER_NAME,
    PAY_STATE,
    CANCEL_KIND,
)
#: 16+ digit numbers lose digits in Excel (15 significant digits), so ids stored as numbers
#: this large may not be the shop's ids.
EXCEL_EXACT_DIGITS = 15


@dataclass(frozen=True)
class ParsedOrders:
    orders: pd.DataFrame  # ORDER_COLUMNS; money int64, refunded_amount NO_REFUND for none
    mapping: ColumnMapping
    rows_read: int  # non-blank data rows
    rows_folded: int
    problems: list[RowProblem]  # every bad row, in file order
    warnings: list[str] = field(default_factory=list)  # imported, but worth a look
    per_line: bool = False  # one row per product order; orders are sums of their lines

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.problems})


def check_status_map(status_map: Mapping[str, str]) -> None:
    for word, status in status_map.items():
        if status not in V.STATUSES:
            # The example must be right or absent (issue 19): by the word's meaning, else none.
            meant = S.suggest_status(word)
            example = f" (예: --status-map '{word}={meant}')" if meant else ""
            raise InputError(
                f"상태 매핑 '{word}={status}'의 '{status}'은(는) 알 수 없는 상태입니다.",
                hint=f"다음 중 하나를 쓰세요: {', '.join(V.STATUSES)}{example}.",
            )


def mapping_error(name: str, mapping: ColumnMapping) -> InputError:
    return InputError(
        f"'{name}' {mapping.header_row}행의 머리글을 읽을 수 없습니다: "
        + "; ".join(mapping.problems),
        hint="머리글 이름을 고치거나(예: 주문번호, 주문일시, 결제금액, 주문상태) "
        "--map 필드=머리글 로 열을 직접 지정하세요 (예: --map amount='총 결제금액'; "
        f"필드: {', '.join(FIELDS)}). 알려진 쇼핑몰 양식은 "
        f"--layout {'|'.join(BUILTIN_LAYOUTS)} 로 고를 수 있습니다.",
    )


def parse_orders(
    name: str,
    grid: CellGrid,
    *,
    status_map: Mapping[str, str] | None = None,
    column_map: Mapping[str, str] | None = None,
    layouts: Mapping[str, Layout] | None = None,
) -> ParsedOrders:
    status_map = status_map or {}
    check_status_map(status_map)
    mapping = detect_mapping(name, grid.cells, column_map or {}, layouts)
    if mapping.problems:
        raise mapping_error(name, mapping)
    body = grid.cells.iloc[mapping.header_row :]
    rownum = body.index.to_numpy() + 1
    cols: dict[str, pd.Series] = {}
    for field_name, idx in mapping.columns.items():
        if idx is not None:
            cols[field_name] = body[idx].reset_index(drop=True)
    per_line = AMOUNT not in cols and LINE_AMOUNT in cols
    # Only the key is stripped (" A-1" and "A-1" are one order); stripping the free-text columns
    # too would cost ~0.3 s per million rows for nothing the ledger compares.
    ids = cols[ORDER_ID].to_numpy(dtype=object)
    cols[ORDER_ID] = pd.Series([v.strip() for v in ids], dtype=object)
    # A row is blank when every mapped cell is empty (trailing lines, Excel's empty rows).
    # ``astype(bool)`` on str objects is their truthiness: 20x faster than ``== ""``.
    empty = {f: ~s.to_numpy(dtype=object).astype(bool) for f, s in cols.items()}
    blank = np.logical_and.reduce(list(empty.values()))
    keep = ~blank
    if not keep.any():
        raise InputError(
            f"'{name}'에는 머리글({mapping.header_row}행)만 있고 주문 행이 없습니다.",
            hint="주문 내역이 들어 있는 파일인지, 조회 기간이 맞는지 확인하세요.",
        )
    rownum = rownum[keep]
    cols = {f: s[keep].reset_index(drop=True) for f, s in cols.items()}
    empty = {f: e[keep] for f, e in empty.items()}
    n = len(rownum)
    order_level = [f for f in ORDER_LEVEL_FIELDS if f in cols and not (per_line and f == STATUS)]
    _fill_continuations(cols, empty, order_level)
    header = {f: mapping.headers[i] for f, i in mapping.columns.items() if i is not None}
    problems: list[RowProblem] = []
    warnings: list[str] = []
    bad = np.zeros(n, dtype=bool)

    def flag(mask: np.ndarray, field_name: str, message: str, show_value: bool = True) -> None:
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        bad[idx] = True
        texts = cols[field_name].to_numpy(dtype=object)
        problems.extend(
            RowProblem(
                int(rownum[i]), header[field_name], str(texts[i]) if show_value else None, message
            )
            for i in idx
        )

    amount_field = LINE_AMOUNT if per_line else AMOUNT
    status_field = next(f for f in (STATUS, STATUS_DETAIL, PAY_STATE) if f in cols)
    for f in (ORDER_ID, ORDERED_AT, amount_field, status_field):
        flag(
            empty[f],
            f,
            f"필수 값({LABELS[f]})이 비어 있습니다 → 값을 채우거나 이 행을 지우세요.",
            False,
        )

    order_ids = cols[ORDER_ID]
    flag(
        _lengths(order_ids) > MAX_ID_CHARS,
        ORDER_ID,
        f"주문번호가 너무 깁니다(최대 {MAX_ID_CHARS}자) → 주문번호 열에 주문번호만 있는지 확인하세요.",
    )
    warnings.extend(_numeric_id_warnings(grid, mapping, order_ids))
    for f in (PAY_METHOD, BUYER_NAME):
        if f in cols:
            flag(
                _lengths(cols[f]) > MAX_TEXT_CHARS,
                f,
                f"값이 너무 깁니다(최대 {MAX_TEXT_CHARS:,}자) → 이 칸의 내용을 확인하세요.",
            )

    amount = np.zeros(n, dtype=np.int64)
    present = ~empty[amount_field]
    vals, wrong = V.parse_amounts(cols[amount_field][present])
    amount[present] = vals
    wrong_all = np.zeros(n, dtype=bool)
    wrong_all[present] = wrong
    flag(wrong_all, amount_field, f"금액으로 읽을 수 없습니다 → {V.AMOUNT_HINT}.")
    flag(
        present & ~wrong_all & (amount < 0),
        amount_field,
        "주문 금액이 음수입니다 → 결제금액은 0 이상이어야 합니다 (환불은 환불금액 열에 적으세요).",
    )

    ordered_at = np.zeros(n, dtype=np.int64)
    present = ~empty[ORDERED_AT]
    vals, wrong = V.parse_datetimes(cols[ORDERED_AT][present])
    ordered_at[present] = vals
    wrong_all = np.zeros(n, dtype=bool)
    wrong_all[present] = wrong
    flag(wrong_all, ORDERED_AT, f"날짜로 읽을 수 없거나 범위를 벗어났습니다 → {V.DATE_HINT}.")

    refund = np.full(n, NO_REFUND, dtype=np.int64)
    if REFUNDED_AMOUNT in cols:
        present = ~empty[REFUNDED_AMOUNT]
        vals, wrong = V.parse_amounts(cols[REFUNDED_AMOUNT][present])
        refund[present] = np.abs(vals)  # some exports sign refunds: -3,000 is a 3,000 refund
        wrong_all = np.zeros(n, dtype=bool)
        wrong_all[present] = wrong
        refund[wrong_all] = NO_REFUND
        flag(wrong_all, REFUNDED_AMOUNT, f"환불금액으로 읽을 수 없습니다 → {V.AMOUNT_HINT}.")

    table = S.status_table(status_map)
    status = _statuses(cols, empty, table, status_field, rownum, header, problems, bad)
    if status_field == PAY_STATE:
        status = _derive_from_payment_columns(cols, empty, status, amount, refund)

    if REFUNDED_AMOUNT in cols:
        flag(
            (refund > amount) & ~bad,
            REFUNDED_AMOUNT,
            "환불금액이 결제금액보다 큽니다 → 환불금액을 결제금액 이하로 고치세요.",
        )
    partial = (status == V.PARTIALLY_REFUNDED) & (refund <= 0)
    if partial.any():
        col = REFUNDED_AMOUNT if REFUNDED_AMOUNT in cols else status_field
        flag(
            partial,
            col,
            "부분환불 주문에는 0보다 큰 환불금액이 있어야 합니다 → 환불금액 칸을 채우세요.",
            show_value=col == status_field,
        )

    rows = pd.DataFrame(
        {
            "row": rownum,
            # Explicit object Series: pandas 3 would infer "str" and turn None into NaN.
            ORDER_ID: pd.Series(order_ids.to_numpy(dtype=object), dtype=object),
            ORDERED_AT: ordered_at,
            AMOUNT: amount,
            STATUS: pd.Series(status, dtype=object),
            REFUNDED_AMOUNT: refund,
            PAY_METHOD: pd.Series(_optional_text(cols, empty, PAY_METHOD, n), dtype=object),
            BUYER_NAME: pd.Series(_optional_text(cols, empty, BUYER_NAME, n), dtype=object),
        }
    )
    if per_line:
        folded = fold_lines(rows, bad, header[ORDER_ID])
    else:
        folded = fold_orders(rows[~bad], header[ORDER_ID])
    problems.extend(folded.problems)
    problems.sort(key=lambda p: p.row)
    return ParsedOrders(
        folded.orders.reset_index(drop=True),
        mapping,
        n,
        folded.rows_folded,
        problems,
        warnings,
        per_line,
    )


def _fill_continuations(
    cols: dict[str, pd.Series], empty: dict[str, np.ndarray], fields: list[str]
) -> None:
    """A blank order-level cell on a later row of the same order takes the order's first value.

    Only blanks are filled, so a continuation line that *says* something else still disagrees
    (and folding names both rows).
    """
    ids = cols[ORDER_ID].to_numpy(dtype=object)
    codes, _ = pd.factorize(ids)
    _, first_idx = np.unique(codes, return_index=True)
    first_of = first_idx[codes]
    continuation = (first_of != np.arange(len(ids))) & ids.astype(bool)
    if not continuation.any():
        return
    for f in fields:
        need = continuation & empty[f]
        if not need.any():
            continue
        values = cols[f].to_numpy(dtype=object).copy()
        source = first_of[need]
        values[need] = values[source]
        cols[f] = pd.Series(values, dtype=object)
        empty[f] = empty[f].copy()
        empty[f][need] = empty[f][source]


def _statuses(
    cols: dict[str, pd.Series],
    empty: dict[str, np.ndarray],
    table: Mapping[str, str],
    status_field: str,
    rownum: np.ndarray,
    header: dict[str, str],
    problems: list[RowProblem],
    bad: np.ndarray,
) -> np.ndarray:
    """Each row's status: from the status column, where SmartStore's 주문세부상태 (the claim step of
    the line: 취소요청 vs 취소완료) is known it wins; unknown words are row problems."""
    status, unknown = S.map_statuses(cols[status_field], table)
    unknown &= ~empty[status_field]
    if STATUS_DETAIL in cols and status_field != STATUS_DETAIL:
        detail, _ = S.map_statuses(cols[STATUS_DETAIL], table)
        known = pd.notna(detail) & ~empty[STATUS_DETAIL]
        status = np.where(known, detail, status)
        unknown &= ~known
    if unknown.any():
        texts = cols[status_field].to_numpy(dtype=object)
        messages: dict[str, str] = {}
        for i in np.flatnonzero(unknown):
            word = str(texts[i]).strip()
            if word not in messages:
                messages[word] = S.unknown_status_message(word)
            problems.append(RowProblem(int(rownum[i]), header[status_field], word, messages[word]))
        bad[unknown] = True
    return status


def _derive_from_payment_columns(
    cols: dict[str, pd.Series],
    empty: dict[str, np.ndarray],
    pay_status: np.ndarray,
    amount: np.ndarray,
    refund: np.ndarray,
) -> np.ndarray:
    """Cafe24 exports without 주문상태: 결제구분 says whether the order was paid (입금전/결제완료…),
    취소구분 names a cancellation/return, and the refund columns say how much went back.

    * a cancellation/return (취소구분 with 취소/반품/환불) with no refund value, a refund of the
      whole amount, or a refund of 0 (a cancel before payment, or a refund not made yet) →
      cancelled; with a refund below the amount → partially_refunded;
    * otherwise the 결제구분 word decides, and a positive refund makes a paid order
      partially_refunded (or cancelled when it is the whole amount).
    """
    status = pay_status.copy()
    has_refund = refund != NO_REFUND
    if CANCEL_KIND in cols:
        kinds = cols[CANCEL_KIND].to_numpy(dtype=object)
        words = np.array([S.normalize_word(k) for k in kinds], dtype=object)
        cancel = (
            np.array(
                [any(w in k for w in ("취소", "반품", "환불", "cancel", "refund")) for k in words],
                dtype=bool,
            )
            & ~empty[CANCEL_KIND]
        )
    else:
        cancel = np.zeros(len(status), dtype=bool)
    known = pd.notna(status)
    whole = ~has_refund | (refund >= amount) | (refund == 0)
    status = np.where(cancel & known & whole, V.CANCELLED, status)
    status = np.where(cancel & known & ~whole, V.PARTIALLY_REFUNDED, status)
    paid = ~cancel & known & (status == V.PAID) & has_refund & (refund > 0)
    status = np.where(paid & (refund >= amount), V.CANCELLED, status)
    status = np.where(paid & (refund < amount), V.PARTIALLY_REFUNDED, status)
    return status.astype(object)


def _numeric_id_warnings(grid: CellGrid, mapping: ColumnMapping, order_ids: pd.Series) -> list[str]:
    """Order numbers stored as numbers in a workbook: read as Excel shows them, but say so."""
    col = mapping.columns.get(ORDER_ID)
    if col is None or col not in grid.numeric_columns:
        return []
    header = mapping.headers[col]
    lengths = _lengths(order_ids)
    digits = order_ids.to_numpy(dtype=object)
    long_ids = int(
        np.count_nonzero((lengths > EXCEL_EXACT_DIGITS) & np.array([d.isdigit() for d in digits]))
    )
    text = (
        f"'{header}' 열의 주문번호가 숫자 셀로 저장되어 있어 엑셀에 보이는 모양(표시 형식 적용)대로 "
        "읽었습니다. 쇼핑몰의 주문번호와 같은지 확인하세요"
    )
    if long_ids:
        text += (
            f" — {long_ids:,}개는 {EXCEL_EXACT_DIGITS + 1}자리 이상이라 엑셀이 숫자로 저장하며 "
            f"{EXCEL_EXACT_DIGITS}자리 뒤를 잃었을 수 있습니다 (원본을 CSV로 받거나 열을 텍스트로 "
            "내려받으세요)"
        )
    return [text + "."]


_len = np.frompyfunc(len, 1, 1)


def _lengths(texts: pd.Series) -> np.ndarray:
    """Character counts; 4x faster than ``.str.len()`` on object columns."""
    return _len(texts.to_numpy(dtype=object)).astype(np.int64)


def _optional_text(
    cols: dict[str, pd.Series], empty: dict[str, np.ndarray], f: str, n: int
) -> np.ndarray:
    if f not in cols:
        return np.full(n, None, dtype=object)
    out = cols[f].to_numpy(dtype=object).copy()
    out[empty[f]] = None
    return out
