"""The append-only audit trail: who closed, reopened, resolved, undid or changed rules, and when.

Entries are written inside the same transaction as the change they describe, so a change and
its trail entry are stored together or not at all. The user is the OS login (``getpass``) unless
a display name is given; nothing here is a secret.
"""

from __future__ import annotations

import getpass
import json
import time
from typing import Any

from sqlalchemy import Connection

from recon_app.domain.timeutil import to_kst
from recon_app.storage import closing_repo, recon_repo
from recon_app.storage.db import Ledger

ACTION_LABELS = {
    "close": "마감",
    "reopen": "마감 해제",
    "resolve": "예외 해결",
    "undo": "해결 취소",
    "fee_rules": "수수료 규칙 변경",
    "fee_rules_reset": "수수료 규칙 초기화",
}


def os_user() -> str:
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError):  # no login name (some containers, services)
        return "unknown"


def record(
    conn: Connection,
    action: str,
    *,
    user: str | None = None,
    store: str | None = None,
    month: str | None = None,
    **detail: Any,
) -> int:
    """Append one entry in the caller's write transaction."""
    return closing_repo.append_audit(
        conn,
        at=int(time.time()),
        user=(user or "").strip() or os_user(),
        action=action,
        store=store,
        month=month,
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str),
    )


def month_of_row(conn: Connection, store_id: int, row_key: str) -> str | None:
    """The month (KST, YYYY-MM) a result row belongs to: its order's date, or for a payment
    without an order its payment date. None if the ledger knows neither."""
    found = recon_repo.order_by_id(conn, store_id, row_key)
    if found is not None:
        return to_kst(int(found["ordered_at"])).strftime("%Y-%m")
    payment = recon_repo.payment_by_imp_uid(conn, store_id, row_key)
    if payment is not None and payment["paid_at"]:
        return to_kst(int(payment["paid_at"])).strftime("%Y-%m")
    return None


def entries(
    ledger: Ledger, *, month: str | None = None, store: str | None = None
) -> list[dict[str, Any]]:
    """Trail entries, oldest first, each with ``label`` and ``detail`` parsed."""
    with ledger.read() as conn:
        rows = closing_repo.list_audit(conn, month=month, store=store)
    return [
        {
            **r,
            "label": ACTION_LABELS.get(r["action"], r["action"]),
            "detail": json.loads(r["detail"]),
        }
        for r in rows
    ]
