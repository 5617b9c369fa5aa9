"""Frozen result frames and post-close changes (마감 후 변동) — the pieces of closing that compare.

A close keeps the month's rows and fee lines as zlib-compressed JSON (``freeze_frames``), with
each column's dtype, so thawing gives back frames equal to the ones reconciled. A post-close
change is a row whose compared fields differ now from the frozen row (or a row added or gone),
with its amount effects.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

import numpy as np
import pandas as pd

from recon_app.domain.display import format_won

#: Row fields whose change after a close is a post-close change.
COMPARED = (
    "status",
    "order_amount",
    "paid_amount",
    "cancelled_amount",
    "refunded_amount",
    "fee",
    "fee_vat",
    "settlement",
)
_FIELD_LABELS = {
    "order_amount": "주문금액",
    "paid_amount": "PG 결제",
    "cancelled_amount": "PG 취소",
    "refunded_amount": "쇼핑몰 환불",
}


# -- freezing --------------------------------------------------------------------------------------
def _plain_values(series: pd.Series) -> list[Any]:
    if series.dtype != object:
        return series.tolist()
    return [
        None if (v is None or v is pd.NA or (isinstance(v, float) and v != v)) else v
        for v in series.tolist()
    ]


def _frame_json(frame: pd.DataFrame) -> dict[str, Any]:
    return {
        "columns": [
            {"name": c, "dtype": str(frame[c].dtype), "values": _plain_values(frame[c])}
            for c in frame.columns
        ]
    }


def _frame_from(data: dict[str, Any]) -> pd.DataFrame:
    columns = {}
    for col in data["columns"]:
        dtype = col["dtype"]
        if dtype == "object":
            columns[col["name"]] = pd.Series(col["values"], dtype=object)
        else:
            columns[col["name"]] = pd.Series(np.asarray(col["values"], dtype=dtype))
    return pd.DataFrame(columns)


def freeze_frames(rows: pd.DataFrame, fee_lines: pd.DataFrame) -> bytes:
    text = json.dumps(
        {"rows": _frame_json(rows), "fee_lines": _frame_json(fee_lines)}, ensure_ascii=False
    )
    return zlib.compress(text.encode("utf-8"), 6)


def thaw_frames(blob: bytes) -> tuple[pd.DataFrame, pd.DataFrame]:
    data = json.loads(zlib.decompress(blob).decode("utf-8"))
    return _frame_from(data["rows"]), _frame_from(data["fee_lines"])


def post_close_changes(
    month: str, frozen: pd.DataFrame, current: pd.DataFrame
) -> list[dict[str, Any]]:
    """Rows of ``month`` that differ now from the frozen rows, with their amount effects.

    Effects are now − frozen: ``pg_kept_effect`` on PG payments kept (paid − cancelled),
    ``shop_effect`` on the shop's kept amount (order − refunded), ``fee_effect`` on fee + VAT,
    ``settlement_effect`` on the expected payout.
    """
    keep = ["row_key", "order_id", "imp_uid", *COMPARED]
    merged = frozen[keep].merge(
        current[keep], on="row_key", how="outer", suffixes=("_before", "_after"), indicator=True
    )
    changes: list[dict[str, Any]] = []
    for rec in merged.to_dict("records"):
        before = {f: rec[f"{f}_before"] for f in COMPARED}
        after = {f: rec[f"{f}_after"] for f in COMPARED}
        kind = {"left_only": "removed", "right_only": "added", "both": "changed"}[
            str(rec["_merge"])
        ]
        if kind == "changed" and all(before[f] == after[f] for f in COMPARED):
            continue
        b = {f: 0 if kind == "added" else before[f] for f in COMPARED}
        a = {f: 0 if kind == "removed" else after[f] for f in COMPARED}
        amounts = [f for f in _FIELD_LABELS if int(a[f] or 0) != int(b[f] or 0)]
        parts = [
            f"{_FIELD_LABELS[f]} {format_won(int(b[f] or 0))} → {format_won(int(a[f] or 0))}원"
            for f in amounts
        ]
        if kind == "added":
            parts.insert(0, "마감 후 새로 생긴 행")
        elif kind == "removed":
            parts.insert(0, "마감 후 원장에서 사라진 행")
        if kind == "changed" and before["status"] != after["status"]:
            parts.append(f"상태 {before['status']} → {after['status']}")

        def _num(d: dict[str, Any], f: str) -> int:
            return int(d[f] or 0)

        order_id = rec["order_id_after"] if kind != "removed" else rec["order_id_before"]
        imp_uid = rec["imp_uid_after"] if kind != "removed" else rec["imp_uid_before"]
        changes.append(
            {
                "month": month,
                "row_key": str(rec["row_key"]),
                "order_id": None if _missing(order_id) else str(order_id),
                "imp_uid": None if _missing(imp_uid) else str(imp_uid),
                "change": kind,
                "status_before": None if kind == "added" else str(before["status"]),
                "status_after": None if kind == "removed" else str(after["status"]),
                "pg_kept_effect": (_num(a, "paid_amount") - _num(a, "cancelled_amount"))
                - (_num(b, "paid_amount") - _num(b, "cancelled_amount")),
                "shop_effect": (_num(a, "order_amount") - _num(a, "refunded_amount"))
                - (_num(b, "order_amount") - _num(b, "refunded_amount")),
                "fee_effect": (_num(a, "fee") + _num(a, "fee_vat"))
                - (_num(b, "fee") + _num(b, "fee_vat")),
                "settlement_effect": _num(a, "settlement") - _num(b, "settlement"),
                "description": ", ".join(parts),
            }
        )
    return changes


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def signed_won(amount: int) -> str:
    """An amount effect for people: "+1,234" / "-1,234" / "0"."""
    return ("+" if amount > 0 else "") + format_won(amount)
