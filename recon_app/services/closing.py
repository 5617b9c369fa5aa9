"""Closing a store's month: freeze its figures, keep them frozen, list what changed afterwards.

A close stores the month's result rows and fee lines exactly as reconciled (compressed JSON), the
totals, the fee rules used, a fingerprint of the inputs, who, when and a note. From then on
``reconcile_month`` answers with those frozen figures, whatever later syncs or imports bring.
Syncs and imports are never blocked: a change that touches the closed month (a late refund of a
sale of that month, a corrected order file) is computed by reconciling the month again and
comparing row by row with the frozen rows. Each difference is a **post-close change** (마감 후
변동) with its amount effect; it is listed on the closed month and carried into the report of
the first open month after it, the way an accountant books it (in the period it became known).

A month can be closed only when every exception is resolved, or when the open ones are accepted
explicitly with a note (kept in the close and in the audit trail). A reopen ends the close; the
close row stays (the tables are append-only, revision 0003).
"""

from __future__ import annotations

import hashlib
import json
import time
import tomllib
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from recon_app.domain.display import format_count
from recon_app.domain.errors import InputError
from recon_app.domain.fees import FeeSchedule, schedule_from_dict, schedule_to_toml
from recon_app.domain.progress import ProgressFn
from recon_app.domain.reconcile import ReconSummary
from recon_app.domain.timeutil import format_kst, month_bounds
from recon_app.services import audit
from recon_app.services.fee_rules import load_fee_schedule
from recon_app.services.post_close import freeze_frames, post_close_changes, thaw_frames
from recon_app.services.reconciling import ReconResult, reconcile_month
from recon_app.storage import closing_repo, recon_repo
from recon_app.storage.db import Ledger
from recon_app.storage.stores import DEFAULT_STORE, store_id


@dataclass(frozen=True)
class CloseInfo:
    id: int
    store: str
    month: str
    closed_at: int
    closed_by: str
    os_user: str
    note: str
    accepted_note: str | None
    accepted: tuple[str, ...]
    fingerprint: str
    fee_source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "store": self.store,
            "month": self.month,
            "closed_at": format_kst(self.closed_at),
            "closed_by": self.closed_by,
            "os_user": self.os_user,
            "note": self.note,
            "accepted_note": self.accepted_note,
            "accepted": list(self.accepted),
            "fingerprint": self.fingerprint,
            "fee_source": self.fee_source,
        }

    def line(self) -> str:
        return f"{self.month} 마감됨 — {self.closed_by}, {format_kst(self.closed_at)}" + (
            f", 메모: {self.note}" if self.note else ""
        )


def _month(month: str) -> tuple[str, int, int]:
    try:
        start, end = month_bounds(month)
    except ValueError as exc:
        raise InputError(str(exc), hint="--month 2026-10 처럼 연-월로 적어 주세요.") from None
    return month.strip(), start, end


def _store_id(conn: Any, store: str) -> int:
    sid = store_id(conn, store, create=False)
    if sid is None:
        raise InputError(
            f"상점 '{store}'이(가) 원장에 없습니다.",
            hint="'recon-app stores'로 상점 이름을 확인하세요.",
        )
    return sid


# -- close / reopen --------------------------------------------------------------------------------
def close_month(
    ledger: Ledger,
    month: str,
    store: str = DEFAULT_STORE,
    note: str = "",
    *,
    by: str | None = None,
    accept_open: str | None = None,
    progress: ProgressFn | None = None,
) -> CloseInfo:
    """Freeze ``month`` of ``store``; refused while exceptions are open unless accepted."""
    month, start, end = _month(month)
    with ledger.read() as conn:
        sid = _store_id(conn, store)
        if closing_repo.active_close(conn, sid, month, with_rows=False) is not None:
            raise InputError(
                f"{month}은(는) 이미 마감되어 있습니다.",
                hint="고치려면 먼저 'recon-app reopen --month … --reason …'으로 마감을 해제하세요.",
            )
    fees = load_fee_schedule(ledger)
    fees_toml = schedule_to_toml(fees)
    with ledger.read() as conn:
        fingerprint = _fingerprint(conn, sid, start, end, fees_toml)
    live = reconcile_month(ledger, month, store, fees=fees, progress=progress, live=True)
    open_rows = live.rows.loc[
        live.rows["is_exception"].to_numpy(bool) & ~live.rows["resolved"].to_numpy(bool)
    ]
    accepted = tuple(str(k) for k in open_rows["row_key"].tolist())
    reason = (accept_open or "").strip()
    if accepted and not reason:
        shown = ", ".join(accepted[:10]) + (
            f" 외 {len(accepted) - 10}건" if len(accepted) > 10 else ""
        )
        raise InputError(
            f"{month}에 해결되지 않은 예외가 {format_count(len(accepted))}건 있어 마감할 수 없습니다: {shown}",
            hint='각 예외를 해결 처리하거나, 열린 채 마감하려면 --accept-open "사유"를 주세요.',
        )
    who = (by or "").strip() or audit.os_user()
    with ledger.write() as conn:
        sid = _store_id(conn, store)
        if closing_repo.active_close(conn, sid, month, with_rows=False) is not None:
            raise InputError(f"{month}은(는) 방금 다른 곳에서 마감되었습니다.")
        # The inputs inside this write transaction must be those that were reconciled: a sync
        # that slipped in between would make the frozen rows disagree with the fingerprint.
        if _fingerprint(conn, sid, start, end, fees_toml) != fingerprint:
            raise InputError("마감하는 동안 원장이 바뀌었습니다.", hint="다시 마감해 보세요.")
        summary = live.summary.to_dict()
        values = {
            "store_id": sid,
            "month": month,
            "closed_at": int(time.time()),
            "closed_by": who,
            "os_user": audit.os_user(),
            "note": note.strip(),
            "accepted_note": (reason or None) if accepted else None,
            "accepted_json": json.dumps(list(accepted), ensure_ascii=False),
            "fingerprint": fingerprint,
            "rules_json": json.dumps(
                {"fees": fees_toml, "fee_source": live.fees.source, "payouts": None},
                ensure_ascii=False,
            ),
            "summary_json": json.dumps(summary, ensure_ascii=False),
            "rows_blob": freeze_frames(live.rows, live.fee_lines),
        }
        close_id = closing_repo.insert_close(conn, **values)
        audit.record(
            conn,
            "close",
            user=who,
            store=store,
            month=month,
            close_id=close_id,
            note=note.strip(),
            accepted_open=list(accepted),
            accepted_note=(reason or None) if accepted else None,
            fingerprint=fingerprint,
            settlement=live.summary.settlement,
            kept=live.summary.kept,
        )
        found = closing_repo.active_close(conn, sid, month, with_rows=False)
    assert found is not None
    return _info(found, store)


def reopen_month(
    ledger: Ledger,
    month: str,
    store: str = DEFAULT_STORE,
    reason: str = "",
    *,
    by: str | None = None,
) -> CloseInfo:
    """End the month's close (kept in the trail); returns the close that was ended."""
    month, _, _ = _month(month)
    if not reason.strip():
        raise InputError("마감 해제 사유가 비어 있습니다.", hint='--reason "사유"를 적어 주세요.')
    who = (by or "").strip() or audit.os_user()
    with ledger.write() as conn:
        sid = _store_id(conn, store)
        found = closing_repo.active_close(conn, sid, month, with_rows=False)
        if found is None:
            raise InputError(f"{month}은(는) 마감되어 있지 않습니다.")
        closing_repo.insert_reopen(
            conn,
            close_id=int(found["id"]),
            reopened_at=int(time.time()),
            reopened_by=who,
            reason=reason.strip(),
        )
        audit.record(
            conn,
            "reopen",
            user=who,
            store=store,
            month=month,
            close_id=int(found["id"]),
            reason=reason.strip(),
        )
    return _info(found, store)


def month_close(ledger: Ledger, month: str, store: str = DEFAULT_STORE) -> CloseInfo | None:
    """The close in force for the month, or None (open)."""
    month, _, _ = _month(month)
    with ledger.read() as conn:
        sid = store_id(conn, store, create=False)
        found = (
            None if sid is None else closing_repo.active_close(conn, sid, month, with_rows=False)
        )
    return None if found is None else _info(found, store)


def list_closes(ledger: Ledger, store: str = DEFAULT_STORE) -> list[dict[str, Any]]:
    """Every close of the store with its reopen (if any), oldest first."""
    with ledger.read() as conn:
        sid = store_id(conn, store, create=False)
        return [] if sid is None else closing_repo.list_closes(conn, sid)


def _info(row: dict[str, Any], store: str) -> CloseInfo:
    rules = json.loads(row["rules_json"])
    return CloseInfo(
        id=int(row["id"]),
        store=store,
        month=str(row["month"]),
        closed_at=int(row["closed_at"]),
        closed_by=str(row["closed_by"]),
        os_user=str(row["os_user"]),
        note=str(row["note"]),
        accepted_note=row["accepted_note"],
        accepted=tuple(json.loads(row["accepted_json"])),
        fingerprint=str(row["fingerprint"]),
        fee_source=str(rules.get("fee_source", "")),
    )


# -- fingerprint -----------------------------------------------------------------------------------
def _fingerprint(conn: Any, sid: int, start: int, end: int, fees_toml: str) -> str:
    """sha256 over the month's orders, their payments, orphan payments and the fee rules."""
    digest = hashlib.sha256()
    for frame in recon_repo.load_month(conn, sid, start, end):
        digest.update(",".join(frame.columns).encode())
        if len(frame):
            hashed = pd.util.hash_pandas_object(frame, index=False)
            digest.update(hashed.to_numpy().tobytes())
    digest.update(fees_toml.encode())
    return digest.hexdigest()


# -- the closed state of a result ------------------------------------------------------------------
def with_close_state(ledger: Ledger, live: ReconResult) -> ReconResult:
    """``live`` as the user sees it: the frozen figures when the month is closed (with the
    changes since), else the live figures with the changes carried in from closed months."""
    with ledger.read() as conn:
        sid = store_id(conn, live.store, create=False)
        if sid is None:
            return live
        close = closing_repo.active_close(conn, sid, live.month)
        closes = closing_repo.list_closes(conn, sid)
    if close is not None:
        rows, fee_lines = thaw_frames(close["rows_blob"])
        return replace(
            live,
            rows=rows,
            fee_lines=fee_lines,
            summary=ReconSummary(**json.loads(close["summary_json"])),
            fees=_fees_of(close),
            closed=_info(close, live.store).to_dict(),
            post_close_changes=tuple(post_close_changes(live.month, rows, live.rows)),
        )
    carried: list[dict[str, Any]] = []
    closed = _closed_months(closes)
    for month in sorted(m for m in closed if m < live.month):
        if _first_open_after(month, closed) != live.month:
            continue
        earlier = reconcile_month(ledger, month, live.store, live=True, record=False)
        with ledger.read() as conn:
            found = closing_repo.active_close(conn, sid, month)
        if found is None:  # reopened meanwhile
            continue
        frozen, _ = thaw_frames(found["rows_blob"])
        carried += post_close_changes(month, frozen, earlier.rows)
    return replace(live, post_close_changes=tuple(carried)) if carried else live


def _closed_months(closes: list[dict[str, Any]]) -> set[str]:
    latest: dict[str, dict[str, Any]] = {}
    for c in closes:  # oldest first: the last one per month wins
        latest[str(c["month"])] = c
    return {m for m, c in latest.items() if c["reopened_at"] is None}


def _next_month(month: str) -> str:
    year, mon = (int(x) for x in month.split("-"))
    return f"{year + mon // 12:04d}-{mon % 12 + 1:02d}"


def _first_open_after(month: str, closed: set[str]) -> str:
    nxt = _next_month(month)
    while nxt in closed:
        nxt = _next_month(nxt)
    return nxt


def _fees_of(close: dict[str, Any]) -> FeeSchedule:
    rules = json.loads(close["rules_json"])
    source = f"마감 때의 수수료 규칙 ({rules.get('fee_source', '')})"
    return schedule_from_dict(tomllib.loads(rules["fees"]), source=source)
