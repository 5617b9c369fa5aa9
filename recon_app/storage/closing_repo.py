"""Closed months, reopens and the audit trail (tables of revision 0003; append-only).

Nothing here updates or deletes: a reopen is a new row naming the close it ends, and the
triggers of revision 0003 refuse UPDATE/DELETE on these tables anyway.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, CursorResult, insert, select

from recon_app.storage.tables import audit_log, month_closes, month_reopens, stores


def _new_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None  # an INSERT of one row always has one
    return int(key[0])


def insert_close(conn: Connection, **values: Any) -> int:
    result = conn.execute(insert(month_closes).values(**values))
    return _new_id(result)


def insert_reopen(
    conn: Connection, *, close_id: int, reopened_at: int, reopened_by: str, reason: str
) -> int:
    result = conn.execute(
        insert(month_reopens).values(
            close_id=close_id, reopened_at=reopened_at, reopened_by=reopened_by, reason=reason
        )
    )
    return _new_id(result)


def _closes_query(store_id: int) -> Any:
    return (
        select(
            month_closes,
            month_reopens.c.reopened_at,
            month_reopens.c.reopened_by,
            month_reopens.c.reason.label("reopen_reason"),
        )
        .outerjoin(month_reopens, month_reopens.c.close_id == month_closes.c.id)
        .where(month_closes.c.store_id == store_id)
    )


def active_close(
    conn: Connection, store_id: int, month: str, *, with_rows: bool = True
) -> dict[str, Any] | None:
    """The close in force for the month (the latest close, if not reopened), else None."""
    query = _closes_query(store_id).where(month_closes.c.month == month)
    latest = conn.execute(query.order_by(month_closes.c.id.desc()).limit(1)).mappings().first()
    if latest is None or latest["reopened_at"] is not None:
        return None
    found = dict(latest)
    if not with_rows:
        found.pop("rows_blob", None)
    return found


def list_closes(conn: Connection, store_id: int) -> list[dict[str, Any]]:
    """Every close of the store (reopened ones too), oldest first, without the frozen rows."""
    rows = conn.execute(_closes_query(store_id).order_by(month_closes.c.id)).mappings().all()
    out = []
    for r in rows:
        item = dict(r)
        item.pop("rows_blob", None)
        out.append(item)
    return out


def append_audit(
    conn: Connection,
    *,
    at: int,
    user: str,
    action: str,
    store: str | None,
    month: str | None,
    detail: str,
) -> int:
    result = conn.execute(
        insert(audit_log).values(
            at=at, user=user, action=action, store=store, month=month, detail=detail
        )
    )
    return _new_id(result)


def list_audit(
    conn: Connection, *, month: str | None = None, store: str | None = None
) -> list[dict[str, Any]]:
    query = select(audit_log)
    if month is not None:
        query = query.where(audit_log.c.month == month)
    if store is not None:
        query = query.where(audit_log.c.store == store)
    return [dict(r) for r in conn.execute(query.order_by(audit_log.c.id)).mappings()]


def store_name(conn: Connection, sid: int) -> str | None:
    return conn.execute(select(stores.c.name).where(stores.c.id == sid)).scalar_one_or_none()
