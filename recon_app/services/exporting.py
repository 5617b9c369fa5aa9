"""Reports of a reconciliation: Excel (4 sheets), JSON and CSV.

Sheets: 요약 (totals, by status, by PG × method), 대사결과 (every row), 예외 (exceptions, largest
|difference| first, resolved ones too with their note), 수수료 (one line per captured payment
with the rule applied). Every total on 요약 is a sum of the rows of the other sheets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from recon_app.adapters.report.csv_writer import write_csv
from recon_app.adapters.report.json_writer import write_json
from recon_app.adapters.report.sanitize import mask_names
from recon_app.adapters.report.xlsx import Column, Sheet, Table, write_workbook
from recon_app.domain.progress import CancelToken, ProgressFn
from recon_app.domain.statuses import EXCEPTIONS, ReconStatus, label_of
from recon_app.services.payout_report import cash_table, payout_sheet
from recon_app.services.payouts import PayoutReport, payout_columns
from recon_app.services.reconciling import ReconResult

#: Row keys of the JSON report, in this order (the issue's contract).
JSON_ROW_KEYS = (
    "order_id",
    "imp_uid",
    "status",
    "order_amount",
    "paid_amount",
    "cancelled_amount",
    "refunded_amount",
    "fee",
    "fee_vat",
    "settlement",
    "difference",
    "pg_provider",
    "pay_method",
    "reason",
    # added for issue 19 (fields are only ever added): the unpaid virtual account of a
    # vbank_unpaid row, its deposit deadline (unix seconds, 0 when none) and whether it had
    # passed when the month was reconciled
    "vbank_imp_uid",
    "vbank_due_at",
    "vbank_expired",
    # issue 13 (added, never renamed): the latest payout date of the row's approvals, and
    # where it comes from ("forecast" from the fee file's [[payout]] rules; null: no rule)
    "payout_date",
    "payout_source",
)

SHEET_SUMMARY = "요약"
SHEET_ROWS = "대사결과"
SHEET_EXCEPTIONS = "예외"
SHEET_FEES = "수수료"

ROW_COLUMNS = (
    Column("order_id", "주문번호"),
    Column("imp_uid", "결제번호(imp_uid)"),
    Column("status_label", "상태"),
    Column("status", "상태 코드"),
    Column("ordered_at", "주문일시", "datetime"),
    Column("buyer_name", "구매자"),
    Column("order_amount", "주문금액", "money"),
    Column("refunded_amount", "쇼핑몰 환불", "money"),
    Column("paid_amount", "PG 결제", "money"),
    Column("cancelled_amount", "PG 취소", "money"),
    Column("difference", "차이", "money"),
    Column("fee", "수수료", "money"),
    Column("fee_vat", "수수료 부가세", "money"),
    Column("settlement", "정산 예정액", "money"),
    Column("pg_provider", "PG사"),
    Column("pay_method", "결제수단"),
    Column("reason", "사유"),
    Column("resolution_note", "해결"),
)

FEE_COLUMNS = (
    Column("imp_uid", "결제번호(imp_uid)"),
    Column("merchant_uid", "주문번호"),
    Column("pg_provider", "PG사"),
    Column("pay_method", "결제수단"),
    Column("paid_at", "결제일시", "datetime"),
    Column("amount", "결제금액", "money"),
    Column("cancel_amount", "취소금액", "money"),
    Column("kept", "정산대상", "money"),
    Column("fee", "수수료", "money"),
    Column("fee_vat", "수수료 부가세", "money"),
    Column("settlement", "정산 예정액", "money"),
    Column("rule", "적용 규칙"),
)


def export_xlsx(
    result: ReconResult,
    path: Path,
    *,
    mask_personal: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    payouts: PayoutReport | None = None,
) -> Path:
    """The Excel report, written to a temp file beside ``path`` and renamed into place. With
    ``payouts``, a 입금 대사 sheet and the month's expected vs received cash on 요약."""
    sheets = report_sheets(result, mask_personal=mask_personal)
    if payouts is not None:
        sheets[0].tables.append(cash_table(payouts))
        sheets.append(payout_sheet(payouts))
    return write_workbook(Path(path), sheets, progress=progress, cancel=cancel)


def export_json(result: ReconResult, path: Path) -> Path:
    head = {
        "month": result.month,
        "summary": summary_dict(result),
        # Added field (the contract grows, never renames): money not in won, kept out of summary.
        "non_krw_payments": list(result.non_krw_payments),
        # Added (issue 14): the close in force (who, when, note) or null, and 마감 후 변동.
        "closed": result.closed,
        "post_close_changes": list(result.post_close_changes),
    }
    payout_date, payout_source = payout_columns(result.rows, result.fee_lines, result.fees)
    rows = result.rows.assign(
        payout_date=pd.Series(payout_date, dtype=object, index=result.rows.index),
        payout_source=pd.Series(payout_source, dtype=object, index=result.rows.index),
    )
    return write_json(Path(path), head, rows, JSON_ROW_KEYS)


def export_csv(result: ReconResult, path: Path, *, mask_personal: bool = False) -> Path:
    """Every row as CSV (UTF-8 BOM); text a spreadsheet would run gets a leading apostrophe."""
    return write_csv(Path(path), ROW_COLUMNS, _row_data(result.rows, mask_personal))


def summary_dict(result: ReconResult) -> dict[str, Any]:
    return {"store": result.store, "fee_source": result.fees.source, **result.summary.to_dict()}


# -- sheets ----------------------------------------------------------------------------------------
def report_sheets(result: ReconResult, *, mask_personal: bool = False) -> list[Sheet]:
    rows = result.rows
    data = _row_data(rows, mask_personal)
    exc_order = _exception_order(rows)
    exc_data = {k: _take(v, exc_order) for k, v in data.items()}
    fee_data = {c.key: result.fee_lines[c.key].to_numpy() for c in FEE_COLUMNS}
    sheets = [
        Sheet(SHEET_SUMMARY, _summary_tables(result), autofilter=False),
        Sheet(SHEET_ROWS, [Table(ROW_COLUMNS, data)]),
        Sheet(SHEET_EXCEPTIONS, [Table(ROW_COLUMNS, exc_data)]),
        Sheet(SHEET_FEES, [Table(FEE_COLUMNS, fee_data)]),
    ]
    if result.post_close_changes:
        sheets.append(_post_close_sheet(result))
    return sheets


SHEET_POST_CLOSE = "마감 후 변동"
POST_CLOSE_COLUMNS = (
    Column("month", "마감 월"),
    Column("row_key", "주문번호/결제번호"),
    Column("change", "구분"),
    Column("status_before", "마감 때 상태"),
    Column("status_after", "지금 상태"),
    Column("pg_kept_effect", "PG 정산 대상 변동", "money"),
    Column("shop_effect", "쇼핑몰 금액 변동", "money"),
    Column("fee_effect", "수수료+부가세 변동", "money"),
    Column("settlement_effect", "정산 예정액 변동", "money"),
    Column("description", "내용"),
)


def _post_close_sheet(result: ReconResult) -> Sheet:
    """Changes since a close: on a closed month its own, on an open month those carried in."""
    changes = result.post_close_changes
    data = {c.key: [ch[c.key] for ch in changes] for c in POST_CLOSE_COLUMNS}
    where = "이 달(마감됨)" if result.closed else "이전 마감 월에서 넘어온"
    return Sheet(
        SHEET_POST_CLOSE,
        [Table(POST_CLOSE_COLUMNS, data, title=f"{where} 마감 후 변동 {len(changes):,}건")],
        autofilter=False,
    )


def _take(values: Any, order: np.ndarray) -> Any:
    return np.asarray(values)[order]


def _exception_order(rows: pd.DataFrame) -> np.ndarray:
    """Row positions of exceptions (resolved too), largest |difference| first."""
    idx = np.flatnonzero(rows["is_exception"].to_numpy(bool))
    diff = np.abs(rows["difference"].to_numpy(np.int64)[idx])
    return idx[np.argsort(-diff, kind="stable")]


def _row_data(rows: pd.DataFrame, mask_personal: bool) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for col in ROW_COLUMNS:
        if col.key == "status_label":
            codes, uniques = pd.factorize(rows["status"].to_numpy(object))
            labels = np.array([label_of(u) for u in uniques], dtype=object)
            data[col.key] = labels[codes] if len(codes) else np.array([], dtype=object)
        elif col.key == "buyer_name" and mask_personal:
            data[col.key] = mask_names(rows["buyer_name"].to_numpy(object))
        else:
            data[col.key] = rows[col.key].to_numpy()
    return data


def _summary_tables(result: ReconResult) -> list[Table]:
    s = result.summary
    totals_cols = (Column("item", "항목"), Column("value", "금액·건수", "money"))
    items = [
        ("PG 결제 총액", s.gross),
        ("PG 취소", s.refunds),
        ("정산 대상 (결제−취소)", s.kept),
        ("수수료", s.fees),
        ("수수료 부가세", s.fee_vat),
        ("정산 예정액", s.settlement),
        ("쇼핑몰 주문 금액", s.shop_amount),
        ("쇼핑몰 환불", s.shop_refunded),
        ("대사 행 수", s.rows),
        ("주문 수", s.orders),
        ("주문 없는 결제 수", s.orphan_payments),
        ("확인할 예외 수 (해결 제외)", s.exceptions),
        ("확인할 예외 차이 합계 (|차이|)", s.exception_amount),
        ("해결 처리된 예외 수", s.resolved),
    ]
    totals = Table(
        totals_cols,
        {"item": [i for i, _ in items], "value": [v for _, v in items]},
        title=f"{result.month} 대사 요약 — 상점 '{result.store}', 수수료 규칙: {result.fees.source}"
        + (
            f" — 마감됨 ({result.closed['closed_by']}, {result.closed['closed_at']})"
            if result.closed
            else ""
        ),
    )

    status_cols = (
        Column("label", "상태"),
        Column("status", "상태 코드"),
        Column("kind", "구분"),
        Column("count", "건수", "int"),
        Column("resolved", "해결", "int"),
        Column("order_amount", "주문금액", "money"),
        Column("paid_amount", "PG 결제", "money"),
        Column("cancelled_amount", "PG 취소", "money"),
        Column("difference", "차이", "money"),
    )
    status_rows: dict[str, list[Any]] = {c.key: [] for c in status_cols}
    for status, item in s.by_status.items():
        status_rows["label"].append(item["label"])
        status_rows["status"].append(status)
        status_rows["kind"].append("예외" if ReconStatus(status) in EXCEPTIONS else "정상")
        for key in (
            "count",
            "resolved",
            "order_amount",
            "paid_amount",
            "cancelled_amount",
            "difference",
        ):
            status_rows[key].append(item[key])
    _append_total(status_rows, status_cols, label_key="label")
    by_status = Table(status_cols, status_rows, title="상태별")

    pg_cols = (
        Column("pg_provider", "PG사"),
        Column("pay_method", "결제수단"),
        Column("count", "결제 건수", "int"),
        Column("gross", "결제 총액", "money"),
        Column("cancelled", "취소", "money"),
        Column("kept", "정산 대상", "money"),
        Column("fee", "수수료", "money"),
        Column("fee_vat", "수수료 부가세", "money"),
        Column("settlement", "정산 예정액", "money"),
    )
    pg_rows: dict[str, list[Any]] = {c.key: [] for c in pg_cols}
    for item in s.by_pg_method:
        for c in pg_cols:
            pg_rows[c.key].append(item[c.key])
    _append_total(pg_rows, pg_cols, label_key="pg_provider")
    by_pg = Table(pg_cols, pg_rows, title="PG사 × 결제수단")
    return [totals, by_status, by_pg]


def _append_total(
    rows: dict[str, list[Any]], columns: tuple[Column, ...], *, label_key: str
) -> None:
    for c in columns:
        if c.kind in ("money", "int"):
            rows[c.key].append(int(sum(rows[c.key])))
        else:
            rows[c.key].append("합계" if c.key == label_key else None)
