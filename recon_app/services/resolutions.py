"""Marking exceptions as resolved ("checked with the PG, refund sent by bank transfer", …).

A resolution names the row (order_id, or imp_uid for a payment with no order) and the status it
resolved: if a later sync changes the row's status, the old note no longer hides the new problem.
Undo keeps the record (``undone_at``) — the history of who decided what stays in the ledger.
"""

from __future__ import annotations

import time
from typing import Any

from recon_app.domain.errors import InputError
from recon_app.domain.statuses import EXCEPTIONS, ReconStatus
from recon_app.services import audit
from recon_app.storage import recon_repo
from recon_app.storage.closing_repo import store_name
from recon_app.storage.db import Ledger
from recon_app.storage.stores import store_id


def resolve_exception(
    ledger: Ledger, store: str, row_key: str, status: str, note: str, who: str
) -> int:
    """Record that the exception ``(row_key, status)`` was dealt with; returns the id."""
    try:
        parsed = ReconStatus(status)
    except ValueError:
        raise InputError(f"알 수 없는 대사 상태 '{status}'입니다.") from None
    if parsed not in EXCEPTIONS:
        raise InputError(
            f"'{parsed.label}'({status}) 상태는 예외가 아니라서 해결 처리할 수 없습니다."
        )
    if not row_key or not row_key.strip():
        raise InputError("해결 처리할 주문번호(또는 결제번호)가 비어 있습니다.")
    if not note or not note.strip():
        raise InputError(
            "해결 메모가 비어 있습니다.", hint="어떻게 처리했는지 한 줄로 적어 주세요."
        )
    if not who or not who.strip():
        raise InputError("처리한 사람 이름이 비어 있습니다.")
    with ledger.write() as conn:
        sid = store_id(conn, store, create=False)
        if sid is None:
            raise InputError(f"상점 '{store}'이(가) 원장에 없습니다.")
        new_id = recon_repo.insert_resolution(
            conn,
            store_id=sid,
            row_key=row_key.strip(),
            status=parsed.value,
            note=note.strip(),
            who=who.strip(),
            at=int(time.time()),
        )
        audit.record(
            conn,
            "resolve",
            user=who,
            store=store,
            month=audit.month_of_row(conn, sid, row_key.strip()),
            resolution_id=new_id,
            row_key=row_key.strip(),
            status=parsed.value,
            note=note.strip(),
        )
        return new_id


def undo_resolution(ledger: Ledger, resolution_id: int, who: str | None = None) -> None:
    """The exception counts again; the record stays with ``undone_at`` set."""
    with ledger.write() as conn:
        found = recon_repo.resolution_by_id(conn, int(resolution_id))
        if recon_repo.undo_resolution(conn, int(resolution_id), int(time.time())) == 0:
            if found is None:
                raise InputError(f"해결 기록 {resolution_id}번이 없습니다.")
            raise InputError(f"해결 기록 {resolution_id}번은 이미 취소되었습니다.")
        assert found is not None
        audit.record(
            conn,
            "undo",
            user=who,
            store=store_name(conn, int(found["store_id"])),
            month=audit.month_of_row(conn, int(found["store_id"]), str(found["row_key"])),
            resolution_id=int(resolution_id),
            row_key=found["row_key"],
            status=found["status"],
        )


def list_resolutions(ledger: Ledger, store: str = "default") -> list[dict[str, Any]]:
    """Every resolution of the store, oldest first, each with ``active`` (not undone)."""
    with ledger.read() as conn:
        sid = store_id(conn, store, create=False)
        if sid is None:
            return []
        rows = recon_repo.list_resolutions(conn, sid)
    return [{**r, "active": r["undone_at"] is None} for r in rows]
