"""Reports of `recon-app payouts`: the 입금 대사 sheet, the cash lines of 요약, the JSON file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from recon_app.adapters.report.atomic import write_atomic
from recon_app.adapters.report.xlsx import Column, Sheet, Table, write_workbook
from recon_app.services.payouts import (
    STATUS_LABELS,
    PayoutReport,
    plain_payout_rows,
    plain_unexplained,
)

SHEET_PAYOUTS = "입금 대사"
SHEET_SUMMARY = "요약"

PAYOUT_COLUMNS = (
    Column("pg", "PG사"),
    Column("payout_date", "지급 예정일"),
    Column("status_label", "상태"),
    Column("status", "상태 코드"),
    Column("expected_amount", "지급 예정액", "money"),
    Column("deposited_amount", "입금액", "money"),
    Column("difference", "차이(입금−예정)", "money"),
    Column("payments", "결제 건수", "int"),
    Column("source", "근거"),
    Column("deposit_at", "입금 일시", "datetime"),
    Column("deposit_text", "입금 내용"),
    Column("deposit_account", "계좌"),
)

UNEXPLAINED_COLUMNS = (
    Column("pg", "PG사(추정)"),
    Column("deposit_at", "입금 일시", "datetime"),
    Column("amount", "입금액", "money"),
    Column("text", "입금 내용"),
    Column("account", "계좌"),
)


def payout_sheet(report: PayoutReport) -> Sheet:
    p = report.payouts
    has = p["deposit_id"].to_numpy(np.int64) >= 0
    data: dict[str, Any] = {
        "pg": p["pg"].to_numpy(object),
        "payout_date": np.array(
            [pd.Timestamp(d).date().isoformat() for d in p["payout_date"]], dtype=object
        ),
        "status_label": np.array([STATUS_LABELS[s] for s in p["status"]], dtype=object),
        "status": p["status"].to_numpy(object),
        "expected_amount": p["expected_amount"].to_numpy(np.int64),
        "deposited_amount": p["deposited_amount"].to_numpy(np.int64),
        "difference": p["difference"].to_numpy(np.int64),
        "payments": p["payments"].to_numpy(np.int64),
        "source": np.where(p["source"] == "settlement", "PG 정산내역", "지급 규칙 예측").astype(
            object
        ),
        "deposit_at": np.where(has, p["deposit_at"].to_numpy(np.int64), 0),
        "deposit_text": p["deposit_text"].to_numpy(object),
        "deposit_account": p["deposit_account"].to_numpy(object),
    }
    u = report.unexplained
    unexplained = {
        "pg": u["pg"].to_numpy(object),
        "deposit_at": u["deposit_at"].to_numpy(np.int64),
        "amount": u["amount"].to_numpy(np.int64),
        "text": u["text"].to_numpy(object),
        "account": u["account"].to_numpy(object),
    }
    return Sheet(
        SHEET_PAYOUTS,
        [
            Table(PAYOUT_COLUMNS, data),
            Table(UNEXPLAINED_COLUMNS, unexplained, title="설명되지 않은 PG 입금"),
        ],
    )


def cash_table(report: PayoutReport) -> Table:
    """요약's cash lines: expected vs received for the month, and counts per status."""
    items: list[tuple[str, int]] = [
        (f"{report.month} 지급 예정액 (입금 대사)", report.expected_total),
        ("입금 확인된 금액", report.received_total),
        ("차이 (입금−예정)", report.received_total - report.expected_total),
    ]
    items += [(f"{label} 건수", report.count(status)) for status, label in STATUS_LABELS.items()]
    items.append(("설명되지 않은 PG 입금 건수", len(report.unexplained)))
    return Table(
        (Column("item", "항목"), Column("value", "금액·건수", "money")),
        {"item": [i for i, _ in items], "value": [v for _, v in items]},
        title=f"입금 대사 — 기준일 {report.as_of.isoformat()}",
    )


def export_payouts_xlsx(report: PayoutReport, path: Path) -> Path:
    summary = Sheet(SHEET_SUMMARY, [cash_table(report)], autofilter=False)
    return write_workbook(Path(path), [summary, payout_sheet(report)])


def payouts_json(report: PayoutReport) -> dict[str, Any]:
    return {
        "month": report.month,
        "store": report.store,
        "as_of": report.as_of.isoformat(),
        "expected_total": report.expected_total,
        "received_total": report.received_total,
        "rows": plain_payout_rows(report),
        "unexplained_deposits": plain_unexplained(report),
    }


def export_payouts_json(report: PayoutReport, path: Path) -> Path:
    import json

    text = json.dumps(payouts_json(report), ensure_ascii=False, indent=1) + "\n"

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return write_atomic(Path(path), write, "JSON 파일")
