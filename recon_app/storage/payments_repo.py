"""Payments, their cancel history and sync runs in the ledger.

``upsert_payments`` compares what arrives with what is stored and writes only what changed, so
re-syncing a trailing window (the usual case) costs reads, not writes. Callers run it inside
``ledger.write()`` — one transaction per window — together with ``save_progress`` so that the
payments of a window and the "resume from here" pointer commit together or not at all: a sync
killed at any instant resumes without losing or duplicating a payment (UNIQUE(store_id,
imp_uid) makes duplicates impossible anyway).

Rows come from ``recon_app.adapters.portone.schema`` as dicts keyed by ``PAYMENT_FIELDS`` and
cancel tuples in ``CANCEL_FIELDS`` order; this module only knows those two names lists.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, insert, select, update

from recon_app.storage.db import raw
from recon_app.storage.tables import stores, sync_runs

_CHUNK = 500  # bound parameters per IN (...) query
_NONE: list[tuple[Any, ...]] = []


@dataclass(frozen=True)
class UpsertCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: UpsertCounts) -> UpsertCounts:
        return UpsertCounts(
            self.inserted + other.inserted,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )


def _chunks(seq: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def upsert_payments(
    conn: Connection,
    store_id: int,
    rows: Sequence[Mapping[str, Any]],
    cancels: Mapping[str, Sequence[tuple[Any, ...]]],
    *,
    payment_fields: Sequence[str],
    cancel_fields: Sequence[str],
    now: int | None = None,
) -> UpsertCounts:
    """Insert new payments, update changed ones (cancel history included), keep the rest.

    ``rows`` must hold one row per imp_uid. ``cancels[imp_uid]`` is the full cancel history in
    API order (replacing what is stored). Runs inside the caller's transaction.
    """
    if not rows:
        return UpsertCounts()
    db = raw(conn)
    now = int(time.time()) if now is None else now
    fields = list(payment_fields)
    uids = [r["imp_uid"] for r in rows]
    if len(set(uids)) != len(uids):
        raise ValueError("upsert_payments: duplicate imp_uid in one batch")

    stored: dict[str, tuple[Any, ...]] = {}
    stored_cancels: dict[str, list[tuple[Any, ...]]] = {}
    col_list = ", ".join(fields)
    cancel_cols = ", ".join(cancel_fields)
    has_any = db.execute("SELECT 1 FROM payments WHERE store_id=? LIMIT 1", (store_id,)).fetchone()
    for part in _chunks(uids) if has_any else ():
        marks = ",".join("?" * len(part))
        stored.update(
            (rec[0], rec)
            for rec in db.execute(
                f"SELECT {col_list} FROM payments WHERE store_id=? AND imp_uid IN ({marks})",
                (store_id, *part),
            )
        )
        for rec in db.execute(
            f"SELECT imp_uid, {cancel_cols} FROM payment_cancels WHERE store_id=? AND imp_uid IN ({marks}) "
            "ORDER BY imp_uid, seq",
            (store_id, *part),
        ):
            stored_cancels.setdefault(rec[0], []).append(tuple(rec[1:]))

    # itemgetter builds each row's tuple in C (a 100k window spends seconds in a genexpr
    # otherwise). SQLite hands the sandbox flag back as 0/1, which compares equal to False/True.
    values_of = itemgetter(*fields)
    to_write: list[tuple[Any, ...]] = []
    cancel_replace: list[str] = []
    inserted = updated = unchanged = 0
    for row in rows:
        values = values_of(row)
        uid = values[0]
        new_cancels = cancels.get(uid)
        old = stored.get(uid)
        if old is None:
            inserted += 1
        else:
            if old == values and stored_cancels.get(uid, _NONE) == (
                _NONE if not new_cancels else [tuple(c) for c in new_cancels]
            ):
                unchanged += 1
                continue
            updated += 1
        to_write.append((store_id, *values, now))
        if new_cancels or uid in stored_cancels:
            cancel_replace.append(uid)

    if to_write:
        assignments = ", ".join(f"{f}=excluded.{f}" for f in fields[1:] + ["synced_at"])
        db.executemany(
            f"INSERT INTO payments (store_id, {col_list}, synced_at) "
            f"VALUES ({','.join('?' * (len(fields) + 2))}) "
            f"ON CONFLICT(store_id, imp_uid) DO UPDATE SET {assignments}",
            to_write,
        )
    if cancel_replace:
        db.executemany(
            "DELETE FROM payment_cancels WHERE store_id=? AND imp_uid=?",
            [(store_id, uid) for uid in cancel_replace],
        )
        db.executemany(
            f"INSERT INTO payment_cancels (store_id, imp_uid, {cancel_cols}) "
            f"VALUES ({','.join('?' * (len(cancel_fields) + 2))})",
            [(store_id, uid, *c) for uid in cancel_replace for c in cancels.get(uid, ())],
        )
    return UpsertCounts(inserted, updated, unchanged)


# ---------------------------------------------------------------------------------------------
# sync runs


def start_run(
    conn: Connection,
    store_id: int,
    range_from: int,
    range_to: int,
    *,
    resume_state: Mapping[str, Any],
    windows_total: int = 0,
    now: int | None = None,
) -> int:
    result = conn.execute(
        insert(sync_runs).values(
            store_id=store_id,
            started_at=int(time.time()) if now is None else now,
            range_from=range_from,
            range_to=range_to,
            outcome="running",
            windows_total=windows_total,
            windows_done=0,
            pages=0,
            payments_seen=0,
            payments_inserted=0,
            payments_updated=0,
            resume_state=json.dumps(dict(resume_state)),
        )
    )
    return int(result.inserted_primary_key[0])


def save_progress(
    conn: Connection,
    run_id: int,
    *,
    windows_total: int,
    windows_done: int,
    pages: int,
    payments_seen: int,
    inserted: int,
    updated: int,
    resume_state: Mapping[str, Any] | None,
) -> None:
    conn.execute(
        update(sync_runs)
        .where(sync_runs.c.id == run_id)
        .values(
            windows_total=windows_total,
            windows_done=windows_done,
            pages=pages,
            payments_seen=payments_seen,
            payments_inserted=inserted,
            payments_updated=updated,
            resume_state=None if resume_state is None else json.dumps(dict(resume_state)),
        )
    )


def finish_run(
    conn: Connection,
    run_id: int,
    outcome: str,
    *,
    error: str | None = None,
    keep_resume_state: bool = True,
    now: int | None = None,
) -> None:
    values: dict[str, Any] = {
        "outcome": outcome,
        "error": error,
        "finished_at": int(time.time()) if now is None else now,
    }
    if not keep_resume_state:
        values["resume_state"] = None
    conn.execute(update(sync_runs).where(sync_runs.c.id == run_id).values(**values))


def resumable_run(
    conn: Connection, store_id: int, range_from: int, range_to: int, *, newer_than: int
) -> dict[str, Any] | None:
    """The store's latest run, if it did not finish, covers the same range and is recent."""
    row = (
        conn.execute(
            select(sync_runs)
            .where(sync_runs.c.store_id == store_id)
            .order_by(sync_runs.c.id.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    if (
        row is None
        or row["outcome"] == "ok"
        or not row["resume_state"]
        or row["range_from"] != range_from
        or row["range_to"] != range_to
        or row["started_at"] < newer_than
    ):
        return None
    out = dict(row)
    out["resume_state"] = json.loads(row["resume_state"])
    return out


def retire_run(conn: Connection, run_id: int, successor: int, *, now: int | None = None) -> None:
    """Close a dead or failed run whose work ``successor`` continues (it is not resumed twice)."""
    row = conn.execute(
        select(sync_runs.c.outcome, sync_runs.c.error).where(sync_runs.c.id == run_id)
    ).first()
    if row is None:
        return
    outcome = "failed" if row.outcome == "running" else row.outcome
    note = f"중단됨; 동기화 #{successor}이(가) 이어받음" if row.outcome == "running" else row.error
    conn.execute(
        update(sync_runs)
        .where(sync_runs.c.id == run_id)
        .values(
            outcome=outcome,
            error=note,
            resume_state=None,
            finished_at=sync_runs.c.finished_at
            if row.outcome != "running"
            else (int(time.time()) if now is None else now),
        )
    )


def last_run(conn: Connection, store_id: int) -> dict[str, Any] | None:
    row = (
        conn.execute(
            select(sync_runs)
            .where(sync_runs.c.store_id == store_id)
            .order_by(sync_runs.c.id.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    return None if row is None else dict(row)


def mark_store_synced(
    conn: Connection,
    store_id: int,
    *,
    synced_until: int,
    api_base: str | None,
    now: int | None = None,
) -> None:
    conn.execute(
        update(stores)
        .where(stores.c.id == store_id)
        .values(
            synced_until=synced_until,
            last_synced_at=int(time.time()) if now is None else now,
            api_base=api_base,
        )
    )


def count_payments(conn: Connection, store_id: int) -> int:
    return int(
        raw(conn)
        .execute("SELECT COUNT(*) FROM payments WHERE store_id=?", (store_id,))
        .fetchone()[0]
    )


# ---------------------------------------------------------------------------------------------
# payment files (import-payments)


def record_payments_batch(
    conn: Connection,
    store_id: int,
    *,
    file_name: str,
    file_sha256: str,
    records: int,
    counts: UpsertCounts,
    report: Mapping[str, Any],
    now: int | None = None,
) -> int:
    cur = raw(conn).execute(
        "INSERT INTO import_batches(store_id, kind, file_name, file_sha256, imported_at, rows_read, "
        "records, inserted, updated, unchanged, rows_folded, rows_skipped, report_json) "
        "VALUES (?, 'payments', ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)",
        (
            store_id,
            file_name,
            file_sha256,
            int(time.time()) if now is None else now,
            records,
            records,
            counts.inserted,
            counts.updated,
            counts.unchanged,
            json.dumps(dict(report), ensure_ascii=False),
        ),
    )
    return int(cur.lastrowid or 0)
